"""The organisers' registration pages: settings, the form's questions, seats, quotas, invitations,
and the participant list with its decisions, export and e-mails."""
from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from core.extensions import db
from core.i18n import name_list
from core.multilingual import translated
from core.urls import ids_from, page_number
from events.formatting import long_date
from events.models import HYBRID, IN_PERSON
from events.permissions import ORGANISER, event_role, part_of
from registration import (category_services, checkin, csv_export, invitations, organising, places,
                          questions as question_service, seats, services, waiting_list)
from registration.manage_forms import (DecisionForm, InvitationForm, InvitationImportForm,
                                       ParticipantFilterForm, QuotaForm, message_form, seat_form, settings_form,
                                       settings_form_data)
from registration.question_forms import question_form
from registration.categories import ADMISSIONS
from registration.models import Invitation, Quota, Registration, RegistrationQuestion
from registration.views import bp, photo_response


@bp.route("/events/<slug>/manage/registration", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_settings(event):
    settings = services.settings_of(event)
    form = settings_form(event, quotas=places.quotas_of(event.id), data=settings_form_data(settings, event.zone))
    if form.validate_on_submit():
        settings = services.save_settings(event, form.values(), form.translations())
        flash(_("The registration settings are saved."), "success")
        # At a hybrid event, `capacity` is the room's: online places are counted apart.
        taken = places.places_taken(event.id, IN_PERSON if event.attendance_mode == HYBRID else None)
        if settings.capacity is not None and taken > settings.capacity:
            flash(_("%(taken)d places are taken, more than the %(places)d the event now has: nobody loses their "
                    "place, but nobody new gets one until enough people cancel.", taken=taken,
                    places=settings.capacity), "warning")
        return redirect(url_for("registration.manage_settings", slug=event.slug))
    return render_template("registration/manage/settings.html", event=event, form=form), 400 if form.errors else 200


def _filtered(event):
    """The participant list's filters from the address, and the query they select (None when the
    filters do not hold, e.g. a session that no longer has seats: then nothing is sent or exported)."""
    filters = ParticipantFilterForm(request.args, sessions=seats.seat_sessions(event.id),
                                    categories=category_services.categories_of(event.id))
    if not filters.validate():
        return filters, {}, None
    chosen = filters.values()
    return filters, chosen, organising.participant_list(event, **chosen)


def _filter_args() -> dict:
    """The list's filters as they are in the address, to carry them to the next page or link."""
    return {name: request.args[name] for name in ParticipantFilterForm.NAMES if request.args.get(name)}


def _filters_do_not_hold(event):
    flash(_("The list's filters no longer hold (a session or value that no longer exists): filter again."), "error")
    return redirect(url_for("registration.participants", slug=event.slug, **_filter_args()))


DECISIONS = {"approve": organising.approve, "confirm": organising.confirm_from_waiting_list,
             "cancel": organising.cancel_for, "reject": organising.reject}
#: Decisions the people concerned are told the reason of.
WITH_REASON = ("reject", "cancel")


@bp.route("/events/<slug>/manage/participants", methods=["GET", "POST"])
@event_role(ORGANISER)
def participants(event):
    waiting_list.expire_offers(within={event.id})  # this event's list as it stands; the rest is the worker's
    form = DecisionForm()
    action = request.form.get("action")
    if form.validate_on_submit() and action in DECISIONS:
        chosen = organising.registrations_in(event, ids_from(request.form.getlist("ids")))
        if not chosen:
            flash(_("Tick the participants first."), "error")
        elif action in WITH_REASON:
            count = DECISIONS[action](event, chosen, by=current_user, reason=form.reason.data)
            flash(ngettext("%(num)d registration rejected.", "%(num)d registrations rejected.", count)
                  if action == "reject" else
                  ngettext("%(num)d registration cancelled.", "%(num)d registrations cancelled.", count), "success")
        else:
            outcome = DECISIONS[action](event, chosen, by=current_user)
            count = sum(outcome.values()) if isinstance(outcome, dict) else outcome
            flash(ngettext("%(num)d participant confirmed or placed on the waiting list.",
                           "%(num)d participants confirmed or placed on the waiting list.", count), "success")
        return redirect(url_for("registration.participants", slug=event.slug, **_filter_args()))
    filters, chosen, statement = _filtered(event)
    if statement is None:
        statement = organising.participant_list(event)  # the page shows what is wrong with the filters
    page = db.paginate(statement, page=page_number(), per_page=50, error_out=False)
    args = _filter_args()
    return render_template("registration/manage/participants.html", event=event, page=page, filters=filters,
                           args=args, settings=services.settings_of(event), status=chosen.get("status"),
                           taken=places.places_taken(event.id), counts=organising.counts_by_status(event),
                           days_in=checkin.days_checked_in([registration.id for registration in page.items]),
                           form=form), 400 if form.errors or filters.errors else 200


@bp.get("/events/<slug>/manage/participants.csv")
@event_role(ORGANISER)
def export_participants(event):
    _, _, statement = _filtered(event)
    if statement is None:
        return _filters_do_not_hold(event)
    return Response(stream_with_context(csv_export.participant_rows(event, statement)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{event.slug}-participants.csv"'})


@bp.route("/events/<slug>/manage/participants/message", methods=["GET", "POST"])
@event_role(ORGANISER)
def message_participants(event):
    filters, chosen, statement = _filtered(event)
    if statement is None:
        return _filters_do_not_hold(event)
    statement = organising.message_recipients(statement, chosen.get("status"))
    recipients = organising.count_of(statement)
    form = message_form(event)
    if form.validate_on_submit():
        count = organising.message_participants(event, statement, form.subject.data, form.body.data, by=current_user,
                                                versions=form.versions())
        flash(ngettext("Your message is on its way to %(num)d participant.",
                       "Your message is on its way to %(num)d participants.", count), "success")
        return redirect(url_for("registration.participants", slug=event.slug, **_filter_args()))
    return render_template("registration/manage/message.html", event=event, form=form, filters=filters,
                           recipients=recipients, args=_filter_args()), 400 if form.errors else 200


@bp.get("/events/<slug>/manage/participants/<int:registration_id>")
@event_role(ORGANISER)
def participant(event, registration_id):
    registration = part_of(event, Registration, registration_id)
    answers = question_service.answers_as_text(registration, question_service.questions_of(event.id))
    days, sessions = checkin.attendance(registration)
    return render_template("registration/manage/participant.html", event=event, registration=registration,
                           answers=answers, admissions=ADMISSIONS, attendance_days=[long_date(day) for day in days],
                           attendance_sessions=sessions)


@bp.get("/events/<slug>/manage/participants/<int:registration_id>/photo")
@event_role(ORGANISER)
def participant_photo(event, registration_id):
    return photo_response(part_of(event, Registration, registration_id))


@bp.route("/events/<slug>/manage/registration/questions", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_questions(event):
    form = question_form(event)
    if form.validate_on_submit():
        question_service.add_question(event.id, form.values(), form.translations())
        flash(_("The question is added to the form."), "success")
        return redirect(url_for("registration.manage_questions", slug=event.slug))
    questions = question_service.questions_of(event.id)
    names = {category.id: translated(category, "name") for category in category_services.categories_of(event.id)}
    asked_of = {question.id: name_list(names.get(item) for item in question.category_ids or ())
                for question in questions}
    return render_template("registration/manage/questions.html", event=event, form=form, questions=questions,
                           asked_of=asked_of), 400 if form.errors else 200


@bp.route("/events/<slug>/manage/registration/questions/<int:question_id>", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_question(event, question_id):
    question = part_of(event, RegistrationQuestion, question_id)
    form = question_form(event, question, answered=question_service.is_answered(question))
    if form.validate_on_submit():
        question_service.update_question(question, form.values(), form.translations())
        flash(_("The question is saved."), "success")
        return redirect(url_for("registration.manage_questions", slug=event.slug))
    return render_template("registration/manage/question.html", event=event, form=form, question=question), \
        400 if form.errors else 200


@bp.post("/events/<slug>/manage/registration/questions/<int:question_id>/<any(up, down, remove):action>")
@event_role(ORGANISER)
def change_question(event, question_id, action):
    question = part_of(event, RegistrationQuestion, question_id)
    if action == "remove":
        question_service.remove_question(question)
        flash(_("The question is removed from the form. The answers already given are kept."), "success")
    else:
        question_service.move_question(question, -1 if action == "up" else 1)
    return redirect(url_for("registration.manage_questions", slug=event.slug))


@bp.route("/events/<slug>/manage/registration/sessions", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_seats(event):
    if services.settings_of(event) is None:
        flash(_("Set up registration first: sessions take their seats from the registered participants."), "info")
        return redirect(url_for("registration.manage_settings", slug=event.slug))
    sessions = seats.programme_sessions(event.id)
    form = seat_form(sessions, seats.capacities(event.id))
    if form.validate_on_submit():
        wanted = {session.id: form[f"seats_{session.id}"].data for session in sessions}
        organising.save_seat_capacities(event, wanted)
        flash(_("The seats are saved."), "success")
        taken = seats.seats_taken(event.id)
        for session in sessions:
            if wanted[session.id] is not None and taken.get(session.id, 0) > wanted[session.id]:
                flash(_("“%(session)s”: %(taken)d seats are taken, more than its %(seats)d. Nobody loses their "
                        "seat, but nobody new gets one until enough people give theirs up.",
                        session=translated(session, "title"),
                        taken=taken[session.id], seats=wanted[session.id]), "warning")
        return redirect(url_for("registration.manage_seats", slug=event.slug))
    return render_template("registration/manage/seats.html", event=event, form=form, sessions=sessions,
                           taken=seats.seats_taken(event.id), waiting=seats.waiting_counts(event.id)), \
        400 if form.errors else 200


@bp.route("/events/<slug>/manage/registration/quotas", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_quotas(event):
    settings = services.settings_of(event)
    quotas = places.quotas_of(event.id)
    form = QuotaForm(event=event, quotas=quotas, settings=settings)
    if settings is None or settings.capacity is None:
        flash(_("Quotas hold a share of the places: give the number of places first."), "info")
        return redirect(url_for("registration.manage_settings", slug=event.slug))
    if form.validate_on_submit():
        organising.add_quota(event, form.values())
        flash(_("The places are held."), "success")
        return redirect(url_for("registration.manage_quotas", slug=event.slug))
    return render_template("registration/manage/quotas.html", event=event, form=form, settings=settings,
                           quotas=places.overview(settings), quota_label=places.quota_label), \
        400 if form.errors else 200


@bp.route("/events/<slug>/manage/registration/quotas/<int:quota_id>", methods=["GET", "POST"])
@event_role(ORGANISER)
def edit_quota(event, quota_id):
    quota = part_of(event, Quota, quota_id)
    settings = services.settings_of(event)
    if settings is None or settings.capacity is None:
        flash(_("Quotas hold a share of the places: give the number of places first."), "info")
        return redirect(url_for("registration.manage_settings", slug=event.slug))
    form = QuotaForm(event=event, quotas=places.quotas_of(event.id), settings=settings, quota=quota,
                     data={"percent": quota.percent, "releases_at": quota.releases_at.astimezone(event.zone)
                           .replace(tzinfo=None) if quota.releases_at else None})
    if form.validate_on_submit():
        values = form.values()
        organising.update_quota(quota, values["percent"], values["releases_at"])
        flash(_("The quota is saved."), "success")
        entry = next(entry for entry in places.overview(services.settings_of(event)) if entry["quota"].id == quota.id)
        if entry["is_active"] and entry["filled"] > entry["places"]:
            flash(ngettext("%(num)d person of this quota already holds a place, more than the %(places)d it now "
                           "holds: nobody loses their place, and the quota holds no more places for others of it.",
                           "%(num)d people of this quota already hold places, more than the %(places)d it now "
                           "holds: nobody loses their place, and the quota holds no more places for others of it.",
                           entry["filled"], places=entry["places"]), "warning")
        return redirect(url_for("registration.manage_quotas", slug=event.slug))
    return render_template("registration/manage/quota.html", event=event, form=form, quota=quota, settings=settings,
                           quota_label=places.quota_label), 400 if form.errors else 200


@bp.post("/events/<slug>/manage/registration/quotas/<int:quota_id>/remove")
@event_role(ORGANISER)
def remove_quota(event, quota_id):
    organising.remove_quota(part_of(event, Quota, quota_id))
    flash(_("The quota is removed: its places are open to everyone."), "success")
    return redirect(url_for("registration.manage_quotas", slug=event.slug))


@bp.route("/events/<slug>/manage/registration/invitations", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_invitations(event):
    one, many = InvitationForm(), InvitationImportForm()
    report = None
    if one.invite.data and one.validate_on_submit():
        made = invitations.invite(event, [{"email": one.email.data, "full_name": one.full_name.data or "",
                                           "organisation": one.organisation.data or ""}], by=current_user)
        if made:
            flash(_("The invitation is on its way to %(email)s.", email=made[0].email), "success")
        else:
            flash(_("%(email)s is already invited or registered.", email=one.email.data), "info")
        return redirect(url_for("registration.manage_invitations", slug=event.slug))
    if many.upload.data and many.validate_on_submit():
        report = invitations.read_csv(many.file.data.read(invitations.MAX_CSV_BYTES + 1),
                                         invitations.taken_addresses(event))
        if report.file_problem:
            many.file.errors.append(report.file_problem)
        elif not report.problems:
            made = invitations.invite(event, report.people, by=current_user)
            flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(made)), "success")
            if report.already:
                flash(ngettext("%(num)d address was left out: already invited or registered.",
                               "%(num)d addresses were left out: already invited or registered.",
                               len(report.already)), "info")
            return redirect(url_for("registration.manage_invitations", slug=event.slug))
    status = 400 if one.errors or many.errors or (report and report.problems) else 200
    return render_template("registration/manage/invitations.html", event=event, one=one, many=many, report=report,
                           invitations=invitations.invitations_of(event),
                           settings=services.settings_of(event)), status


@bp.post("/events/<slug>/manage/registration/invitations/<int:invitation_id>/<any(resend, revoke):action>")
@event_role(ORGANISER)
def change_invitation(event, invitation_id, action):
    invitation = part_of(event, Invitation, invitation_id)
    if invitation.used_at is not None:
        flash(_("%(email)s has registered with this invitation already.", email=invitation.email), "info")
    elif action == "resend":
        invitations.resend(invitation)
        flash(_("A new link is on its way to %(email)s; the old one no longer works.", email=invitation.email),
              "success")
    else:
        invitations.revoke(invitation)
        flash(_("The invitation for %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("registration.manage_invitations", slug=event.slug))
