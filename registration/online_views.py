"""Joining online: the personal join links (registration.online), the "Join online" buttons on "My
registrations" and on a session's page, and replacing one's link. The organisers' page is online_manage.py."""
from flask import abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.extensions import db, limiter
from core.models import utcnow
from core.multilingual import translated
from core.signals import session_join_link
from events.models import Session
from registration import online
from events.formatting import medium_date
from registration.checkin import event_day, event_days, is_held_on, session_days, venue_today
from registration.models import CONFIRMED, Registration
from registration.views import bp, own_registration

def _join_limit() -> str:
    """Like the other public code addresses (certificates, surveys): enough for a person, not for guessing."""
    return current_app.config.get("JOIN_LINK_LIMIT", "60 per minute")


@bp.record_once
def _answer_session_pages(state):
    session_join_link.connect_via(state.app, weak=False)(session_link)


@bp.app_context_processor
def online_helpers():
    return {"join_buttons": join_buttons, "join_opens_on": join_opens_on,
            "takes_part_online": online.takes_part_online}


def join_buttons(registration) -> list[tuple[str, str]]:
    """(label, personal link) for "My registrations": the event's room while the event is on or to come, and
    on the event's days today's sessions with a room."""
    if not online.may_join(registration):
        return []
    event = registration.event
    now = utcnow()
    if event.ends_at <= now or venue_today(event, now) < event_days(event)[0]:
        return []  # before the event's days a button would only refuse: the page says when it opens
    buttons = [(_("Join online"), online.join_url(registration))] if event.online_url else []
    today = event_day(event, now)
    if today is not None:
        for session in sorted(event.sessions, key=lambda item: item.starts_at):
            if not session.is_cancelled and is_held_on(event, session, today) and online.room_of(event, session):
                buttons.append((_("Join online: %(session)s", session=translated(session, "title")),
                                online.join_url(registration, session)))
    return buttons


def join_opens_on(registration) -> str | None:
    """The day the online room opens (the event's first), for a participant who may join before then."""
    if not online.may_join(registration):
        return None
    event, now = registration.event, utcnow()
    first = event_days(event)[0]
    return medium_date(first) if venue_today(event, now) < first else None


def session_link(sender, user, session) -> str | None:
    """The person's own link to join `session`, if they are a confirmed online participant of its event."""
    registration = db.session.scalars(select(Registration).where(
        Registration.event_id == session.event_id, Registration.user_id == user.id,
        Registration.status == CONFIRMED)).first()
    if (registration is None or not online.may_join(registration) or session.is_cancelled
            or session.ends_at <= utcnow() or not online.room_of(registration.event, session)
            or venue_today(registration.event, utcnow()) < session_days(registration.event, session)[0]):
        return None  # before the session's day a button would only answer "opens on <day>"
    return online.join_url(registration, session)


def _refused(error: online.JoinRefused, registration=None):
    response = make_response(render_template("registration/join_problem.html", message=error.message,
                                             registration=registration), error.status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _join(code: str, session_id: int | None):
    try:
        registration = online.registration_for(code)
    except online.JoinRefused as error:
        return _refused(error)
    # A forwarded link: someone else logged in records nothing, and is told to use their own.
    if current_user.is_authenticated and registration.user_id != current_user.id:
        return _refused(online.JoinRefused("someone_else"))
    session = None
    if session_id is not None:
        session = db.session.get(Session, session_id)
        if session is None or session.event_id != registration.event_id:
            return _refused(online.JoinRefused("other_event"), registration)
    try:
        joined = online.record_join(registration, session)
    except online.JoinRefused as error:
        return _refused(error, registration)
    response = redirect(joined.room, code=302)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the room is not told the personal link
    return response


@bp.get("/join/<code>")
@limiter.shared_limit(_join_limit, scope="join-links")
def join(code):
    return _join(code, None)


@bp.get("/join/<code>/sessions/<int:session_id>")
@limiter.shared_limit(_join_limit, scope="join-links")
def join_session(code, session_id):
    return _join(code, session_id)


@bp.post("/registrations/<int:registration_id>/join-link")
@own_registration
def replace_join_link(registration):
    if registration.status != CONFIRMED:
        abort(404)
    online.replace_link(registration)
    flash(_("Your join link is replaced: the old one no longer works. Use the buttons below."), "success")
    return redirect(url_for("registration.my_registrations") + f"#registration-{registration.id}")
