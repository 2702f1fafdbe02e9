"""The organisers' survey pages: settings, questions, sending, reminders and the raw answers."""
import time

import click
from flask import Response, abort, flash, redirect, render_template, stream_with_context, url_for
from flask_babel import gettext as _, ngettext

from core.extensions import db
from core.models import utcnow
from events.permissions import ORGANISER, event_role
from outcomes import sending, surveys
from outcomes.models import FOLLOW_UP, QUESTION_KINDS, SURVEY_KINDS, SurveyQuestion
from outcomes.survey_forms import ANONYMITY, SurveySettingsForm, survey_question_form
from outcomes.tables import share
from outcomes.views import bp
from outcomes.vocabulary import OUTCOMES, SMALLEST_GROUP

KIND = "<any(feedback, follow_up):kind>"


def _survey(event, kind: str):
    return surveys.surveys_of(event)[kind]


def _question(event, kind: str, question_id: int) -> SurveyQuestion:
    """The question `question_id` of the event's survey of this kind; 404 for one of another survey (ids in
    addresses are guessable), before anything is made: the event's surveys, made on first use, exist if it does."""
    question = db.session.get(SurveyQuestion, question_id)
    if question is None or question.survey.event_id != event.id or question.survey.kind != kind:
        abort(404)
    return question


def _to_surveys(event, kind: str | None = None):
    return redirect(url_for("outcomes.manage_surveys", slug=event.slug, _anchor=f"survey-{kind}" if kind else None))


def _panels(event, by_kind: dict, locked: dict) -> list[dict]:
    """What the page tells of each survey: when it opens, how far it got, what can be done now."""
    asked, now = surveys.asked_count(event), utcnow()
    left = surveys.answered_since_left(event, [survey.id for survey in by_kind.values()])
    panels = []
    for kind, survey in by_kind.items():
        counts, opens = surveys.invitation_counts(survey), surveys.opens_at(survey, event)
        if not survey.is_enabled:
            state = "off"
        elif survey.closes_at is not None and survey.closes_at <= now:
            state = "closed"
        else:
            state = "open" if opens <= now else "not_yet"
        panels.append({
            "kind": kind, "title": SURVEY_KINDS[kind], "survey": survey, "locked": locked[kind], "opens_at": opens,
            "state": state,
            "asked": asked, "counts": counts, "rate": share(counts["answered"], asked + left.get(survey.id, 0)),
            "problem": sending.sending_problem(survey), "responses": surveys.response_count(survey),
            "questions": [(question, surveys.question_wording(question, kind)) for question in survey.questions]})
    return panels


@bp.route("/events/<slug>/surveys", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_surveys(event):
    by_kind = surveys.surveys_of(event)
    locked = {kind: surveys.is_locked(survey) for kind, survey in by_kind.items()}
    form = SurveySettingsForm(event=event, surveys_by_kind=by_kind, locked=locked)
    if form.validate_on_submit():
        surveys.save_settings({by_kind[kind]: values for kind, values in form.values().items()})
        flash(_("The survey settings are saved."), "success")
        return _to_surveys(event)
    return render_template("outcomes/surveys.html", event=event, form=form, panels=_panels(event, by_kind, locked),
                           anonymity=ANONYMITY, question_kinds=QUESTION_KINDS, outcomes=OUTCOMES,
                           smallest_group=SMALLEST_GROUP, follow_up=FOLLOW_UP), 400 if form.errors else 200


@bp.post(f"/events/<slug>/surveys/{KIND}/send")
@event_role(ORGANISER)
def send_survey(event, kind):
    survey = _survey(event, kind)
    problem = sending.sending_problem(survey)
    if problem:
        flash(problem, "error")
    else:
        count = sending.send_invitations(survey)
        if count:
            flash(ngettext("The survey is on its way to %(num)d participant.",
                           "The survey is on its way to %(num)d participants.", count), "success")
        elif surveys.asked_count(event):
            flash(_("Everyone who attended has had the survey already."), "info")
        else:
            flash(_("Nobody to send it to: no confirmed participant attended the event."), "info")
    return _to_surveys(event, kind)


@bp.post(f"/events/<slug>/surveys/{KIND}/remind")
@event_role(ORGANISER)
def remind_survey(event, kind):
    survey = _survey(event, kind)
    problem = sending.sending_problem(survey)
    if problem:
        flash(problem, "error")
    else:
        count = sending.send_reminders(survey)
        if count:
            flash(ngettext("A reminder is on its way to %(num)d participant who has not answered.",
                           "A reminder is on its way to %(num)d participants who have not answered.", count),
                  "success")
        else:
            flash(_("Nobody to remind: everyone invited has answered or had a reminder already (each person gets "
                    "one)."), "info")
    return _to_surveys(event, kind)


def _locked_message():
    flash(_("The questions can no longer change: people were sent the survey with these questions, and some may "
            "have answered them already."), "error")


@bp.route(f"/events/<slug>/surveys/{KIND}/questions/new", methods=["GET", "POST"])
@bp.route(f"/events/<slug>/surveys/{KIND}/questions/<int:question_id>", methods=["GET", "POST"])
@event_role(ORGANISER)
def survey_question(event, kind, question_id=None):
    question = _question(event, kind, question_id) if question_id is not None else None
    survey = question.survey if question is not None else _survey(event, kind)
    if question is not None and question.outcome:
        flash(_("The built-in questions are asked alike at every event, so that results can be compared: they "
                "cannot be changed."), "error")
        return _to_surveys(event, kind)
    if surveys.is_locked(survey):
        _locked_message()
        return _to_surveys(event, kind)
    form = survey_question_form(event, question)
    if form.validate_on_submit():
        if question is None:
            surveys.add_question(survey, form.values(), form.translations())
            flash(_("The question is added to the survey."), "success")
        else:
            surveys.update_question(question, form.values(), form.translations())
            flash(_("The question is saved."), "success")
        return _to_surveys(event, kind)
    return render_template("outcomes/survey_question.html", event=event, survey=survey, form=form,
                           question=question, survey_title=SURVEY_KINDS[kind]), 400 if form.errors else 200


@bp.post(f"/events/<slug>/surveys/{KIND}/questions/<int:question_id>/delete")
@event_role(ORGANISER)
def delete_survey_question(event, kind, question_id):
    question = _question(event, kind, question_id)
    survey = question.survey
    if question.outcome:
        flash(_("The built-in questions are asked alike at every event, so that results can be compared: they "
                "cannot be removed."), "error")
    elif surveys.is_locked(survey):
        _locked_message()
    else:
        surveys.delete_question(question)
        flash(_("The question is deleted."), "success")
    return _to_surveys(event, kind)


@bp.post(f"/events/<slug>/surveys/{KIND}/questions/<int:question_id>/<any(up, down):direction>")
@event_role(ORGANISER)
def move_survey_question(event, kind, question_id, direction):
    question = _question(event, kind, question_id)
    survey = question.survey
    if surveys.is_locked(survey):
        _locked_message()
    else:
        surveys.move_question(survey, question, -1 if direction == "up" else 1)
    return _to_surveys(event, kind)


@bp.get(f"/events/<slug>/surveys/{KIND}/responses.csv")
@event_role(ORGANISER)
def survey_responses_csv(event, kind):
    survey = _survey(event, kind)
    if survey.is_anonymous and surveys.response_count(survey) < SMALLEST_GROUP:
        flash(_("The answers of an anonymous survey can be downloaded once at least %(number)d people have "
                "answered: with fewer, each row could be matched to one of the few people asked.",
                number=SMALLEST_GROUP), "error")
        return _to_surveys(event, kind)
    filename = f"{event.slug}-{kind.replace('_', '-')}-answers.csv"
    return Response(stream_with_context(surveys.response_rows(survey)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.cli.command("send-surveys")
@click.option("--loop", is_flag=True, help="Keep running, checking every --interval seconds.")
@click.option("--interval", default=3600.0, show_default=True)
def send_surveys_command(loop, interval):
    """Send the survey invitations and reminders that are due."""
    while True:
        invited, reminded = sending.send_due()
        if invited or reminded or not loop:
            click.echo(f"{invited} invitation(s), {reminded} reminder(s) sent")
        if not loop:
            return
        time.sleep(interval)
