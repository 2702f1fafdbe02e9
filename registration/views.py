"""Registering for an event, changing or cancelling it, and "My registrations".

The blueprint's other pages are in modules that attach to it: manage.py and manage_categories.py (the
organisers' registration pages and participant categories), people_views.py (participants organisers add,
import or edit), participation_views.py (switching between in person and online), onsite.py (badges, the check-in desk, certificates) and walk_ins.py (walk-ins at the desk)."""
from functools import wraps

import time

import click
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, select

from core import jobs, uploads
from core.extensions import db, limiter
from core.http import conditional_response, private_pdf
from core.i18n import language_tag, match_language, person_language
from core.models import utcnow
from core.multilingual import translated
from core.permissions import login_required
from core.security import TokenError
from core.signals import (event_overview_requested, event_participant_asked, home_page_requested, public_page_version,
                          registration_links)
from core.urls import external_url
from core.vocabularies import STAKEHOLDER_GROUPS
from events import ical, links
from events.models import HYBRID, ONLINE, Session
from events.permissions import VIEWER, event_role, part_of
from events.vocabulary import PARTICIPATIONS
from registration import (badges, category_services, certificates, invitations, online, overview, personal_agenda, places,
                          seats, services, waiting_list)
from registration.forms import registration_form
from registration.models import (CANCELLED, CONFIRMED, GENDERS, INVITATION_MODE, PENDING, QUESTION_KINDS,
                                 SEAT_STATUSES, SOURCES, STANDARD_FIELDS, STATUSES, WAITLISTED, Registration)
from registration.notices import seat_position, waitlist_position
from registration.questions import questions_of

bp = Blueprint("registration", __name__, cli_group=None)


@bp.app_context_processor
def registration_vocabulary():
    return {"registration_statuses": STATUSES, "seat_statuses": SEAT_STATUSES, "genders": GENDERS,
            "question_kinds": QUESTION_KINDS, "registration_sources": SOURCES, "standard_fields": STANDARD_FIELDS,
            "event_page_boxes": ["registration/_event_box.html"], "registration_settings": services.settings_of,
            "now": utcnow, "stakeholder_groups": STAKEHOLDER_GROUPS, "job_statuses": jobs.JOB_STATUSES,
            "places_of": places_of, "event_card_boxes": ["registration/_event_card.html"],
            "session_boxes": ["registration/_session_seats.html"], "free_seats_of": free_seats_of}


def free_seats_of(event) -> dict[int, int]:
    """{session id: seats free} of the event's sessions with limited seats, read once per page (the
    programme asks once per session)."""
    remembered = g.setdefault("free_seats", {})
    if event.id not in remembered:
        remembered[event.id] = seats.free_seats(event.id)
    return remembered[event.id]


def places_of(events) -> dict:
    """{event id: places.PublicPlaces} for the events a page shows, read once per page however many
    boxes ask (the event list asks once per card)."""
    ids = tuple(sorted({event.id for event in events}))
    remembered = g.setdefault("public_places", {})
    if ids not in remembered:
        remembered[ids] = places.public_places(ids)
    return remembered[ids]


@bp.record_once
def _answer_lower_pages(state):
    # Pages remembered for visitors say whether an event is full: any change to registrations renews them.
    public_page_version.connect_via(state.app, weak=False)(
        lambda sender, event_id: ("registrations", places.changes_version(event_id)))
    # The organiser's overview of an event (events.manage) and the home page (core.views) show our figures.
    event_overview_requested.connect_via(state.app, weak=False)(overview.event_figures)
    home_page_requested.connect_via(state.app, weak=False)(overview.home_sections)
    # Materials of the programme for registered participants (events.materials) ask who holds a place.
    event_participant_asked.connect_via(state.app, weak=False)(_holds_confirmed_place)


def _holds_confirmed_place(sender, event, user) -> bool:
    return db.session.scalar(select(exists().where(
        Registration.event_id == event.id, Registration.user_id == user.id, Registration.status == CONFIRMED)))


def own_registration(view):
    """Load the registration named in the address, for the person it belongs to; anyone else gets 404."""

    @wraps(view)
    def wrapped(registration_id, **kwargs):
        registration = db.session.get(Registration, registration_id)
        if registration is None or registration.user_id != current_user.id:
            abort(404)
        return view(registration=registration, **kwargs)

    return login_required(wrapped)


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@login_required
@event_role(VIEWER)
def register(event):
    settings = services.settings_of(event)
    existing = services.find_registration(event, current_user.email)
    if existing is not None and existing.status != CANCELLED:
        flash(_("You are already registered for this event."), "info")
        return redirect(url_for("registration.my_registrations"))
    if not current_user.is_confirmed:
        # The registration's e-mails go to the account's address: it must be one the person reads. The
        # confirmation link brings them back here.
        return render_template("registration/confirm_first.html", event=event)
    current = services.state(event, settings)
    if current != services.OPEN:
        return render_template("registration/closed.html", event=event, settings=settings, state=current), 409
    invitation = None
    if settings.mode == INVITATION_MODE:
        try:
            invitation = invitations.invitation_for(event, request.args.get("code"), existing, current_user.email)
        except invitations.InvitationError as error:
            return _invitation_problem(event, error)
    questions, sessions = questions_of(event.id), seats.seat_sessions(event.id)
    categories = category_services.categories_of(event.id)
    choosable = category_services.self_registering(categories)
    if categories and not choosable:  # every category is nomination only: nobody registers themselves
        return render_template("registration/closed.html", event=event, settings=settings, state="nomination"), 403
    event_places = places.public_places_of(settings)
    form = registration_form(settings, questions, sessions, data=_starting_values(current_user, invitation),
                             exhibitor_consent=services.asks_exhibitor_consent(event), categories=categories,
                             choosable=choosable, event_places=event_places)
    if form.validate_on_submit():
        try:
            registration = services.register(event, current_user, form.values(), form.chosen_sessions(),
                                             photo=form.checked_photo, invitation=invitation,
                                             exhibitor_consent=form.exhibitor_consent_given(),
                                             listing_consent=form.listing_consent_given())
        except services.RegistrationClosed as error:
            return render_template("registration/closed.html", event=event, settings=settings,
                                   state=error.state), 409
        except services.AlreadyRegistered:
            flash(_("You are already registered for this event."), "info")
            return redirect(url_for("registration.my_registrations"))
        except invitations.InvitationError as error:
            return _invitation_problem(event, error)
        _say_status(registration)
        return redirect(url_for("registration.my_registrations"))
    return render_template("registration/register.html", event=event, form=form, settings=settings,
                           full=event_places.is_full, free_seats=seats.free_seats(event.id)), \
        400 if form.errors else 200


def _starting_values(user, invitation) -> dict:
    values = {"full_name": user.full_name, "organisation": user.organisation, "job_title": user.job_title,
              "country": user.country or "", "stakeholder_group": user.stakeholder_group or ""}
    if invitation is not None:  # what the organisers knew of the person, where the account says nothing
        values["full_name"] = values["full_name"] or invitation.full_name
        values["organisation"] = values["organisation"] or invitation.organisation
    return values


INVITATION_PROBLEMS = {
    "missing": _l("Registration for this event is by invitation only: open the personal link in the e-mail the "
                  "organisers sent you."),
    "someone_else": _l("This invitation is personal: it was sent to %(email)s. Log in with that address (or "
                       "create an account with it) to register."),
    "unknown": _l("This invitation link is not valid. Check that you opened the whole link from the e-mail, or "
                  "ask the organisers to send it again."),
    "used": _l("This invitation has already been used to register. If it was not you, contact the organisers."),
    "revoked": _l("The organisers have withdrawn this invitation."),
}


def _invitation_problem(event, error):
    message = INVITATION_PROBLEMS.get(error.state, INVITATION_PROBLEMS["unknown"])
    if error.state == "someone_else":
        message = message % {"email": error.masked_email()}
    return render_template("registration/invitation_problem.html", event=event, message=message), 403


def _say_status(registration) -> None:
    """The definite answer on screen, after a registration or a change."""
    if registration.status == CONFIRMED:
        flash(_("You are registered: your place is confirmed. The confirmation is on its way by e-mail."), "success")
    elif registration.status == PENDING:
        flash(_("Thank you: the organisers approve each registration, and we will e-mail you their answer."), "info")
    elif registration.event.attendance_mode == HYBRID:  # each way has its own waiting list
        flash(_("%(mode)s places are full: you are number %(position)d on their waiting list. We will e-mail you "
                "if one frees up.", mode=PARTICIPATIONS[registration.participation],
                position=waitlist_position(registration)), "warning")
    else:
        flash(_("The event is full: you are number %(position)d on the waiting list. We will e-mail you "
                "if a place frees up.", position=waitlist_position(registration)), "warning")
    _say_seats(registration)


def _say_seats(registration) -> None:
    for choice in registration.choices:
        if choice.status == WAITLISTED:
            flash(_("“%(session)s” is full: you are number %(position)d on its waiting list.",
                    session=translated(choice.session, "title"), position=seat_position(choice)), "warning")


@bp.get("/registrations")
@login_required
def my_registrations():
    # What the person sees is never an offer that already ran out, nor a place still waiting to be offered
    # to them; the rest of the site is the expire-offers worker's.
    waiting_list.expire_offers(within=services.events_of(current_user))
    registrations = services.registrations_of(current_user)
    positions = {r.id: waitlist_position(r) for r in registrations if r.status == WAITLISTED}
    seat_positions = {choice.id: seat_position(choice) for r in registrations for choice in r.choices
                      if choice.status == WAITLISTED}
    settings = services.settings_by_event(r.event_id for r in registrations)
    changeable = {r.id for r in registrations if services.can_change(r, settings.get(r.event_id))}
    agenda_url = external_url("registration.agenda", token=personal_agenda.agenda_token(current_user))
    certified = certificates.certified([r.id for r in registrations])
    more_links = {}  # what higher packages add under a registration (core.signals.registration_links)
    for _receiver, links_by_registration in registration_links.send(current_app._get_current_object(),
                                                                    registrations=registrations):
        for registration_id, pairs in (links_by_registration or {}).items():
            more_links.setdefault(registration_id, []).extend(pairs)
    return render_template("registration/mine.html", registrations=registrations, positions=positions,
                           certified=certified, more_links=more_links,
                           seat_positions=seat_positions, changeable=changeable, settings=settings,
                           agenda_url=agenda_url,
                           agenda_webcal=links.webcal(agenda_url))


@bp.route("/registrations/<int:registration_id>/change", methods=["GET", "POST"])
@own_registration
def change_registration(registration):
    event = registration.event
    settings = services.settings_of(event)
    if not services.can_change(registration, settings):
        flash(_("This registration can no longer be changed: write to the organisers."), "error")
        return redirect(url_for("registration.my_registrations"))
    questions, sessions = questions_of(event.id), seats.seat_sessions(event.id)
    categories = category_services.categories_of(event.id)
    form = registration_form(settings, questions, sessions, changing=registration,
                             exhibitor_consent=services.asks_exhibitor_consent(event), categories=categories,
                             choosable=category_services.changeable_to(registration, categories))
    if form.validate_on_submit():
        try:
            changed = services.update(registration, form.values(), form.chosen_sessions(), by=current_user,
                            photo=form.checked_photo, remove_photo="remove_photo" in form and form.remove_photo.data,
                            exhibitor_consent=form.exhibitor_consent_given(),
                            listing_consent=form.listing_consent_given())
        except services.NotAllowed:
            flash(_("This registration can no longer be changed: write to the organisers."), "error")
            return redirect(url_for("registration.my_registrations"))
        except services.QuotaHeld as error:
            form[error.field].errors.append(
                _("This category is full: you keep your place in your own category. Write to the organisers.")
                if error.field == "category_id" else
                _("Your place is one of those held for a group or region you would leave: it cannot be changed "
                  "now. Write to the organisers."))
            return _change_page(event, form, settings, registration), 409
        if changed:
            flash(_("Your changes are saved. We have e-mailed you the details."), "success")
            _say_seats(registration)
        else:
            flash(_("Nothing was changed."), "info")
        return redirect(url_for("registration.my_registrations"))
    return _change_page(event, form, settings, registration), 400 if form.errors else 200


def _change_page(event, form, settings, registration):
    return render_template("registration/register.html", event=event, form=form, settings=settings,
                           registration=registration, free_seats=seats.free_seats(event.id),
                           held=seats.held_by(registration))


@bp.get("/registrations/<int:registration_id>/cancel")
@own_registration
def confirm_cancel(registration):
    """One step before cancelling: the place goes to the next person at once, and cannot be taken back."""
    if services.is_over(registration.event):
        flash(_("%(event)s is over: its registrations can no longer be cancelled.",
                event=translated(registration.event, "title")),
              "error")
        return redirect(url_for("registration.my_registrations"))
    return render_template("registration/cancel.html", registration=registration, event=registration.event)


@bp.post("/registrations/<int:registration_id>/<any(cancel, accept, decline):action>")
@own_registration
def answer(registration, action):
    title = translated(registration.event, "title")
    if action == "accept":
        try:
            services.accept_offer(registration, by=current_user)
        except services.NotAllowed:
            flash(_("This offer is no longer open: it ran out before you answered."), "error")
        else:
            flash(_("Your place at %(event)s is confirmed.", event=title), "success")
    else:
        try:
            services.cancel(registration, by=current_user,
                            reason=_("Declined the offered place.") if action == "decline" else "")
        except services.NotAllowed:
            flash(_("%(event)s is over: its registrations can no longer be cancelled.", event=title), "error")
        else:
            flash(_("Your registration for %(event)s is cancelled.", event=title), "success")
    return redirect(url_for("registration.my_registrations"))


@bp.post("/registrations/<int:registration_id>/sessions/<int:session_id>/<any(accept, decline):action>")
@own_registration
def answer_seat(registration, session_id, action):
    part_of(registration.event, Session, session_id)  # a session of another event: 404 before any lock is taken
    try:
        services.answer_seat(registration, session_id, accept=action == "accept", by=current_user)
    except services.NotAllowed:
        flash(_("This offer is no longer open: it ran out before you answered."), "error")
    else:
        flash(_("Your seat is confirmed.") if action == "accept" else _("The seat goes to the next person."),
              "success")
    return redirect(url_for("registration.my_registrations"))


@bp.get("/registrations/<int:registration_id>/photo")
@own_registration
def own_photo(registration):
    return photo_response(registration)


def photo_response(registration):
    """The badge photo, to its owner and the event's organisers only (the views say who)."""
    path = uploads.path_of(services.PHOTOS, registration.photo) if registration.photo else None
    if path is None:
        abort(404)
    return send_file(path, mimetype=uploads.CONTENT_TYPES[path.suffix[1:]], max_age=0,
                     conditional=True, etag=True)


@bp.get("/registrations/<int:registration_id>/badge.pdf")
@own_registration
def own_badge(registration):
    if registration.status != CONFIRMED:
        flash(_("Your badge is ready once your place is confirmed."), "info")
        return redirect(url_for("registration.my_registrations"))
    if registration.participation == ONLINE:
        flash(_("You take part online: no badge is needed."), "info")
        return redirect(url_for("registration.my_registrations"))
    return private_pdf(badges.badge_pdf(registration), f"badge-{registration.event.slug}.pdf")


@bp.get("/registrations/<int:registration_id>/certificate.pdf")
@own_registration
def own_certificate(registration):
    certificate = certificates.certificate_of(registration)
    if certificate is None:
        flash(_("Your certificate of attendance is issued after the event, once the organisers issue the "
                "certificates."), "info")
        return redirect(url_for("registration.my_registrations"))
    return private_pdf(certificates.certificate_pdf(certificate), f"certificate-{registration.event.slug}.pdf")


@bp.get("/certificates/<code>")
@limiter.limit("60 per minute")
def verify_certificate(code):
    """Anyone holding a certificate checks here that it is genuine: what our records say it certifies."""
    certificate = certificates.find(code)
    if certificate is None:
        return render_template("registration/certificate_verify.html", certificate=None, code=code[:40]), 404
    return render_template("registration/certificate_verify.html", certificate=certificate, event=certificate.event,
                           days=certificates.days_of(certificate), sessions=certificates.sessions_of(certificate),
                           hours=certificates.hours_of(certificate),
                           code=certificates.format_code(certificate.code))


@bp.get("/agenda/<token>.ics")
def agenda(token):
    """A person's agenda for calendar apps: no log-in, the signed address is the key."""
    try:
        person = personal_agenda.agenda_owner(token)
    except TokenError:
        abort(404)  # forged, altered or revoked: the same answer as an address that never existed
    sessions = personal_agenda.agenda_sessions(person)
    # A calendar app polls without the person's cookie or browser language: the feed is in their account's
    # language, unless its address asks for another (?lang=).
    language = match_language(request.args.get("lang", ""), current_app.config["LANGUAGES"]) or \
        person_language(person.locale)
    with force_locale(language):
        body = ical.agenda_calendar(sessions, name=_("My Convene agenda"), link=links.page_link,
                                    join=online.agenda_join_links(person))
        response = conditional_response(lambda: body, etag=personal_agenda.feed_etag(body),
                                        last_modified=personal_agenda.changed_at(person, sessions),
                                        mimetype="text/calendar", public=False)  # one person's
    response.headers["Content-Language"] = language_tag(language)
    return response


@bp.post("/registrations/agenda/renew")
@login_required
def renew_agenda():
    personal_agenda.revoke_agenda(current_user)
    flash(_("Your agenda has a new address. The old one no longer works: subscribe again with the new one."),
          "success")
    return redirect(url_for("registration.my_registrations"))


@bp.cli.command("expire-offers")
@click.option("--loop", is_flag=True, help="Keep running, checking every --interval seconds.")
@click.option("--interval", default=60.0, show_default=True)
def expire_offers_command(loop, interval):
    """End the offered places nobody took in time, and offer them to the next people waiting."""
    while True:
        count = waiting_list.expire_offers()
        if count or not loop:
            click.echo(f"{count} offer(s) expired")
        if not loop:
            return
        time.sleep(interval)
