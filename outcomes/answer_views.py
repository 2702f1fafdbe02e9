"""Answering a survey: by the personal link (no log-in) or from My registrations."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from core.extensions import limiter
from events.formatting import local_time, long_date
from outcomes import answers, surveys
from outcomes.answer_forms import answer_form
from outcomes.models import SURVEY_KINDS
from outcomes.views import bp
from registration.views import own_registration

#: Generous: the whole audience may answer from the venue's one address as the closing session ends, and a
#: code of 192 random bits is not found by trying; the limit only stops a flood.
LINK_LIMIT = "300 per minute"

#: Each refusal: its HTTP status and what the person reads (`when`: the opening or closing time).
PROBLEMS = {
    answers.UNKNOWN: (404, _l("This survey link does not work: it may have been replaced by a newer one. Use the "
                              "link in the latest e-mail.")),
    answers.ANSWERED: (409, _l("You have already answered this survey. Thank you.")),
    answers.NOT_ENABLED: (403, _l("This survey is not open: the organisers have not turned it on.")),
    answers.NOT_YET: (403, _l("This survey is not open yet: it opens on %(when)s.")),
    answers.CLOSED: (403, _l("This survey closed on %(when)s: it no longer takes answers.")),
    answers.NOT_ATTENDED: (403, _l("This survey is for the people who attended the event, and our records do not "
                                   "show you among them. If you were there, write to the organisers.")),
}


@bp.app_context_processor
def answering_context():
    return {"open_surveys_for": answers.open_surveys_for}


@bp.route("/surveys/<code>", methods=["GET", "POST"])
@limiter.limit(LINK_LIMIT)
def answer_survey(code):
    """The link in the e-mail: the code is the key, so it works without logging in."""
    invitation = surveys.invitation_for(code)
    if invitation is None:
        return _problem(answers.Refused(answers.UNKNOWN))
    survey = invitation.survey
    try:
        answers.check(survey, invitation.registration, invitation)
    except answers.Refused as refusal:
        return _problem(refusal)
    return _answer(invitation, done=lambda: redirect(url_for("outcomes.survey_thanks", code=code)))


@bp.get("/surveys/<code>/thanks")
@limiter.limit(LINK_LIMIT)
def survey_thanks(code):
    invitation = surveys.invitation_for(code)
    if invitation is None:
        return _problem(answers.Refused(answers.UNKNOWN))
    if invitation.answered_on is None:
        return redirect(url_for("outcomes.answer_survey", code=code))
    return render_template("outcomes/answer_thanks.html", survey=invitation.survey, event=invitation.survey.event)


@bp.route("/registrations/<int:registration_id>/surveys/<kind>", methods=["GET", "POST"])
@own_registration
def my_survey(registration, kind):
    """The same form for a logged-in participant: it answers through their invitation, made if need be."""
    if kind not in SURVEY_KINDS:
        abort(404)
    survey = surveys.survey_of(registration.event, kind)
    invitation = answers.existing_invitation(survey, registration) if survey is not None else None
    try:
        answers.check(survey, registration, invitation)
    except answers.Refused as refusal:
        return _problem(refusal, registration.event, kind)
    if invitation is None:
        invitation = answers.own_invitation(survey, registration)

    def done():
        flash(_("Thank you: your answers are saved."), "success")
        return redirect(url_for("registration.my_registrations", _anchor=f"registration-{registration.id}"))

    return _answer(invitation, done)


def _answer(invitation, done):
    """The form, and storing what it sends: the same whichever way the person came."""
    survey = invitation.survey
    form = answer_form(survey)
    if form.validate_on_submit():
        if form.promise_broken():
            form.promise_current()
            form.form_errors.append(_("The organisers changed whether answers are anonymous since you opened this "
                                      "page: read the notice at the top again, then send your answers."))
            return _form_page(survey, form), 409
        try:
            answers.save(invitation, form.answers())
        except answers.Refused as refusal:
            return _problem(refusal)
        return done()
    return _form_page(survey, form), 400 if form.errors else 200


def _form_page(survey, form):
    return render_template("outcomes/answer.html", survey=survey, event=survey.event, form=form,
                           title=SURVEY_KINDS[survey.kind])


def _problem(refusal: answers.Refused, event=None, kind=None):
    """The page that says why the person cannot answer. `event`, `kind`: for a survey that does not exist."""
    status, message = PROBLEMS[refusal.reason]
    survey = refusal.survey
    event, kind = (survey.event, survey.kind) if survey is not None else (event, kind)
    when = _moment(refusal.when, event) if refusal.when is not None and event is not None else ""
    title = SURVEY_KINDS[kind] if kind else _("Survey")
    return render_template("outcomes/answer_problem.html", survey=survey, event=event, reason=refusal.reason,
                           title=title,
                           message=str(message) % {"when": when} if refusal.when is not None else message), status


def _moment(moment, event) -> str:
    """'Sunday 28 March 2027 at 18:00 (Europe/Paris time)': on the event's clocks, and saying so, since
    people answer from all over the world."""
    return _("%(day)s at %(time)s (%(zone)s time)", day=long_date(moment.astimezone(event.zone).date()),
             time=local_time(moment, event), zone=event.timezone)
