"""The person's private agenda: the signed address of their calendar feed, and the sessions in it.

The address stays the same until the person asks for a new one (revoke_agenda), so that they can tell
which one their calendar subscribed to; every address given out before that keeps working.
"""
from datetime import datetime, timezone
import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from accounts.models import User
from core.extensions import db
from core.security import TokenError, make_lasting_token, read_token
from events.models import Event, Session, SessionSpeaker
from registration.models import (CONFIRMED, AgendaFeed, Registration, RegistrationChange, SessionChoice,
                                 SessionPlaces)

#: The Last-Modified of an agenda that nothing has changed yet.
NEVER_CHANGED = datetime(2000, 1, 1, tzinfo=timezone.utc)


def agenda_token(user) -> str:
    """The secret part of the person's agenda address: signed, so it cannot be guessed or altered."""
    feed = db.session.get(AgendaFeed, user.id)
    if feed is None:
        feed = AgendaFeed(user_id=user.id, version=1)
        db.session.add(feed)
        db.session.commit()
    return make_lasting_token("agenda", {"u": user.id, "v": feed.version})


def revoke_agenda(user) -> None:
    feed = db.session.get(AgendaFeed, user.id) or AgendaFeed(user_id=user.id, version=1)
    feed.version += 1
    db.session.add(feed)
    db.session.commit()


def agenda_owner(token: str):
    """The user an agenda address belongs to; TokenError if it is forged, altered or revoked."""
    payload = read_token("agenda", token, max_age=None)
    feed = db.session.get(AgendaFeed, payload.get("u")) if isinstance(payload, dict) else None
    if feed is None or feed.version != payload.get("v"):
        raise TokenError()
    user = db.session.get(User, feed.user_id)
    if user is None:  # an account deleted before its feed went with it
        raise TokenError()
    return user


def agenda_sessions(user) -> list:
    """The person's own sessions: at every event they hold a confirmed place at, the sessions open to
    all participants, and the limited ones where they hold a seat."""
    return db.session.scalars(
        select(Session).join(Registration, Registration.event_id == Session.event_id)
        .outerjoin(SessionPlaces, SessionPlaces.session_id == Session.id)
        .outerjoin(SessionChoice, (SessionChoice.session_id == Session.id)
                   & (SessionChoice.registration_id == Registration.id))
        .where(Registration.user_id == user.id, Registration.status == CONFIRMED,
               SessionPlaces.session_id.is_(None) | (SessionChoice.status == CONFIRMED))
        .options(selectinload(Session.room), selectinload(Session.track), selectinload(Session.event),
                 selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker))
        .order_by(Session.starts_at, Session.id)).all()


def feed_etag(body: bytes) -> str:
    """The feed's own bytes decide: any change to a session in it, or to what the person holds, changes it."""
    return "agenda-" + hashlib.sha256(body).hexdigest()[:32]


def changed_at(user, sessions) -> datetime:
    """When the agenda last changed: a session in it or its event, an event the person registered for
    (a session taken out of it), or their registrations and seats (their history records each change)."""
    times = [max(session.updated_at, session.event.updated_at) for session in sessions]
    times += db.session.execute(
        select(func.max(Event.content_changed_at), func.max(RegistrationChange.at))
        .select_from(Registration).join(Event, Event.id == Registration.event_id)
        .outerjoin(RegistrationChange, RegistrationChange.registration_id == Registration.id)
        .where(Registration.user_id == user.id)).one()
    return max((time for time in times if time is not None), default=NEVER_CHANGED)
