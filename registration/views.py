"""Registering for an event, "My registrations", and the organiser's registration pages."""
from functools import wraps

import time

import click
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from core.extensions import db
from core.models import utcnow
from core.permissions import login_required
from core.security import TokenError
from core.urls import external_url, page_number
from core.vocabularies import STAKEHOLDER_GROUPS
from events import ical, links
from events.permissions import ORGANISER, VIEWER, event_role
from registration import csv_export, services
from registration.forms import DecisionForm, ParticipantFilterForm, RegistrationForm, RegistrationSettingsForm
from registration.models import CANCELLED, CONFIRMED, PENDING, STATUSES, WAITLISTED, Registration

bp = Blueprint("registration", __name__, cli_group=None)


@bp.app_context_processor
def registration_vocabulary():
    return {"registration_statuses": STATUSES, "event_page_boxes": ["registration/_event_box.html"],
            "registration_settings": services.settings_of, "now": utcnow, "stakeholder_groups": STAKEHOLDER_GROUPS}


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
    current = services.state(settings)
    if current != services.OPEN:
        return render_template("registration/closed.html", event=event, settings=settings, state=current), 409
    form = RegistrationForm(data={"full_name": current_user.full_name, "organisation": current_user.organisation,
                                  "job_title": current_user.job_title, "country": current_user.country or "",
                                  "stakeholder_group": current_user.stakeholder_group or ""})
    if form.validate_on_submit():
        try:
            registration = services.register(event, current_user, form.values())
        except services.RegistrationClosed as error:
            return render_template("registration/closed.html", event=event, settings=settings,
                                   state=error.state), 409
        except services.AlreadyRegistered:
            flash(_("You are already registered for this event."), "info")
            return redirect(url_for("registration.my_registrations"))
        if registration.status == CONFIRMED:
            flash(_("You are registered: your place is confirmed. The confirmation is on its way by e-mail."),
                  "success")
        elif registration.status == PENDING:
            flash(_("Thank you: the organisers approve each registration, and we will e-mail you their answer."),
                  "info")
        else:
            flash(_("The event is full: you are number %(position)d on the waiting list. We will e-mail you "
                    "if a place frees up.", position=services.waitlist_position(registration)), "warning")
        return redirect(url_for("registration.my_registrations"))
    return render_template("registration/register.html", event=event, form=form, settings=settings), \
        400 if form.errors else 200


@bp.get("/registrations")
@login_required
def my_registrations():
    services.expire_offers()  # lazily too: what the person sees is never an offer that already ran out
    registrations = services.registrations_of(current_user)
    positions = {r.id: services.waitlist_position(r) for r in registrations if r.status == WAITLISTED}
    agenda_url = external_url("registration.agenda", token=services.agenda_token(current_user))
    return render_template("registration/mine.html", registrations=registrations, positions=positions,
                           agenda_url=agenda_url, agenda_webcal=links.webcal(agenda_url))


@bp.post("/registrations/<int:registration_id>/<any(cancel, accept, decline):action>")
@own_registration
def answer(registration, action):
    title = registration.event.title
    if action == "accept":
        try:
            services.accept_offer(registration, by=current_user)
        except services.NotAllowed:
            flash(_("This offer is no longer open: it ran out before you answered."), "error")
        else:
            flash(_("Your place at %(event)s is confirmed.", event=title), "success")
    else:
        services.cancel(registration, by=current_user,
                        reason=_("Declined the offered place.") if action == "decline" else "")
        flash(_("Your registration for %(event)s is cancelled.", event=title), "success")
    return redirect(url_for("registration.my_registrations"))


@bp.get("/agenda/<token>.ics")
def agenda(token):
    """A person's agenda for calendar apps: no log-in, the signed address is the key."""
    try:
        person = services.agenda_owner(token)
    except TokenError:
        abort(404)  # forged, altered or revoked: the same answer as an address that never existed
    body = ical.agenda_calendar(services.agenda_sessions(person), name=_("My Convene agenda"), link=links.page_link)
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})


@bp.post("/registrations/agenda/renew")
@login_required
def renew_agenda():
    services.revoke_agenda(current_user)
    flash(_("Your agenda has a new address. The old one no longer works: subscribe again with the new one."),
          "success")
    return redirect(url_for("registration.my_registrations"))


@bp.get("/events/<slug>/manage/participants.csv")
@event_role(ORGANISER)
def export_participants(event):
    return Response(stream_with_context(csv_export.participant_rows(event)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{event.slug}-participants.csv"'})


@bp.route("/events/<slug>/manage/registration", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_settings(event):
    settings = services.settings_of(event)
    zone = event.zone
    data = {"is_open": True, "offer_hours": 48}
    if settings is not None:
        data = {"is_open": settings.is_open, "capacity": settings.capacity, "offer_hours": settings.offer_hours,
                "opens_at": settings.opens_at.astimezone(zone).replace(tzinfo=None) if settings.opens_at else None,
                "closes_at": settings.closes_at.astimezone(zone).replace(tzinfo=None) if settings.closes_at else None}
    form = RegistrationSettingsForm(event=event, data=data)
    if form.validate_on_submit():
        services.save_settings(event, form.values())
        flash(_("The registration settings are saved."), "success")
        return redirect(url_for("registration.participants", slug=event.slug))
    return render_template("registration/settings.html", event=event, form=form), 400 if form.errors else 200


DECISIONS = {"approve": services.approve, "confirm": services.confirm_from_waiting_list, "reject": services.reject}


@bp.route("/events/<slug>/manage/participants", methods=["GET", "POST"])
@event_role(ORGANISER)
def participants(event):
    services.expire_offers()
    form = DecisionForm()
    action = request.form.get("action")
    if form.validate_on_submit() and action in DECISIONS:
        ids = [int(value) for value in request.form.getlist("ids") if value.isdigit()]
        chosen = services.registrations_in(event, ids)
        if not chosen:
            flash(_("Tick the participants first."), "error")
        elif action == "reject":
            count = services.reject(event, chosen, by=current_user, reason=form.reason.data)
            flash(ngettext("%(num)d registration rejected.", "%(num)d registrations rejected.", count), "success")
        else:
            outcome = DECISIONS[action](event, chosen, by=current_user)
            count = sum(outcome.values()) if isinstance(outcome, dict) else outcome
            flash(ngettext("%(num)d participant confirmed or placed on the waiting list.",
                           "%(num)d participants confirmed or placed on the waiting list.", count), "success")
        return redirect(url_for("registration.participants", slug=event.slug, status=request.args.get("status")))
    filters = ParticipantFilterForm(request.args)
    chosen = filters.values() if filters.validate() else {}
    page = db.paginate(services.participant_list(event, **chosen), page=page_number(), per_page=50, error_out=False)
    args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("registration/participants.html", event=event, page=page, filters=filters, args=args,
                           settings=services.settings_of(event), status=chosen.get("status"),
                           taken=services.places_taken(event), counts=services.counts_by_status(event),
                           form=form), 400 if form.errors or filters.errors else 200


@bp.cli.command("expire-offers")
@click.option("--loop", is_flag=True, help="Keep running, checking every --interval seconds.")
@click.option("--interval", default=60.0, show_default=True)
def expire_offers_command(loop, interval):
    """End the offered places nobody took in time, and offer them to the next people waiting."""
    while True:
        count = services.expire_offers()
        if count or not loop:
            click.echo(f"{count} offer(s) expired")
        if not loop:
            return
        time.sleep(interval)
