"""Sessions with limited seats (workshops, site visits): choosing them, their waiting lists and offers.

Seats are counted under the event's registration lock (registration.places.lock), as the event's
places are, so a session is never overbooked either. Only a person whose event place is confirmed
holds a seat or waits for one: until then their choices are kept, PENDING, and are seated (or put on
the session's waiting list) in the order the event confirms people.
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.models import utcnow
from events.models import HYBRID, ONLINE, SCHEDULED, Event, Session
from registration.models import (CANCELLED, CONFIRMED, HOLDING_A_PLACE, OFFERED, PENDING, REJECTED, WAITLISTED,
                                 Registration, SessionChoice, SessionPlaces)
from registration.notices import offer_deadline, record, tell


def seat_sessions(event_id: int) -> list[Session]:
    """The event's scheduled sessions that people sign up for, in programme order."""
    return db.session.scalars(select(Session).join(SessionPlaces, SessionPlaces.session_id == Session.id)
                              .where(Session.event_id == event_id, Session.status == SCHEDULED)
                              .options(selectinload(Session.room))
                              .order_by(Session.starts_at, Session.id)).all()


def programme_sessions(event_id: int) -> list[Session]:
    """Every scheduled session of the event, for the organiser to give seats to."""
    return db.session.scalars(select(Session).where(Session.event_id == event_id, Session.status == SCHEDULED)
                              .order_by(Session.starts_at, Session.id)).all()


def capacities(event_id: int) -> dict[int, int]:
    return dict(db.session.execute(select(SessionPlaces.session_id, SessionPlaces.capacity)
                                   .where(SessionPlaces.event_id == event_id)).all())


def seats_taken(event_id: int) -> dict[int, int]:
    """Session id -> seats held (confirmed or offered), in one query."""
    return dict(db.session.execute(
        select(SessionChoice.session_id, func.count()).join(SessionPlaces, SessionPlaces.session_id ==
                                                            SessionChoice.session_id)
        .where(SessionPlaces.event_id == event_id, SessionChoice.status.in_(HOLDING_A_PLACE))
        .group_by(SessionChoice.session_id)).all())


def waiting_counts(event_id: int) -> dict[int, int]:
    """Session id -> people on its waiting list, in one query."""
    return dict(db.session.execute(
        select(SessionChoice.session_id, func.count()).join(SessionPlaces, SessionPlaces.session_id ==
                                                            SessionChoice.session_id)
        .where(SessionPlaces.event_id == event_id, SessionChoice.status == WAITLISTED)
        .group_by(SessionChoice.session_id)).all())


def free_seats(event_id: int) -> dict[int, int]:
    taken = seats_taken(event_id)
    return {session_id: capacity - taken.get(session_id, 0) for session_id, capacity in capacities(event_id).items()}


def clashes(sessions: list[Session]) -> list[tuple[Session, Session]]:
    """Pairs of these sessions that overlap in time: nobody can sit in both."""
    ordered = sorted(sessions, key=lambda session: (session.starts_at, session.id))
    return [(first, second) for index, first in enumerate(ordered) for second in ordered[index + 1:]
            if second.starts_at < first.ends_at]


def takes_seats(registration: Registration) -> bool:
    """Seats are in the room: at a hybrid event, someone taking part online holds none (nor waits for one)."""
    event = registration.event or db.session.get(Event, registration.event_id)  # a new row: from the identity map
    return not (event.attendance_mode == HYBRID and registration.participation == ONLINE)


def set_choices(registration: Registration, session_ids: set[int], offer_hours: int, by=None) -> None:
    """Under the lock: of the sessions people can choose now, the person wants exactly these. Dropped
    seats go to the next people; a choice of a session no longer on the form (cancelled) is kept.
    An online participant of a hybrid event chooses none (takes_seats)."""
    if not session_ids and not registration.choices:
        return  # most registrations: nothing to look up while the event's lock is held
    if not takes_seats(registration):
        session_ids = set()
    choosable = {session.id for session in seat_sessions(registration.event_id)}
    session_ids = set(session_ids) & choosable
    current = {choice.session_id: choice for choice in registration.choices}
    for session_id, choice in current.items():
        if session_id in choosable and session_id not in session_ids:
            _drop(choice, offer_hours, by)
    if session_ids - current.keys():
        free = free_seats(registration.event_id)
        for session_id in sorted(session_ids - current.keys()):
            if registration.status != CONFIRMED:
                status = PENDING
            elif free.get(session_id, 0) > 0:
                status, free[session_id] = CONFIRMED, free[session_id] - 1
            else:
                status = WAITLISTED
            # Made whole before it joins the session: a lazy load in between would flush it half-made.
            registration.choices.append(SessionChoice(session_id=session_id, status=status,
                                                      waitlisted_at=utcnow() if status == WAITLISTED else None))
            record(registration, None, status, by=by, session_id=session_id)
    db.session.flush()


def follow(registration: Registration, offer_hours: int, by=None) -> None:
    """Under the lock, after the person's event place changed: their choices follow it."""
    if registration.status == CONFIRMED:
        pending = [choice for choice in registration.choices if choice.status == PENDING]
        if pending:
            free = free_seats(registration.event_id)
            for choice in pending:
                _seat_or_wait(choice, free, by)
    elif registration.status in (CANCELLED, REJECTED):
        release_all(registration, offer_hours, by)
    db.session.flush()


def release_all(registration: Registration, offer_hours: int, by=None, reason: str = "") -> None:
    """Under the lock: the person gives up every seat and waiting place; held seats go to the next people."""
    for choice in list(registration.choices):
        _drop(choice, offer_hours, by, reason)
    db.session.flush()


def _seat_or_wait(choice: SessionChoice, free: dict[int, int], by) -> None:
    if free.get(choice.session_id, 0) > 0:
        free[choice.session_id] -= 1
        _move(choice, CONFIRMED, by)
    else:
        _move(choice, WAITLISTED, by)


def _move(choice: SessionChoice, status: str, by=None, reason: str = "") -> None:
    record(choice.registration, choice.status, status, by=by, reason=reason, session_id=choice.session_id)
    choice.status = status
    if status == WAITLISTED:
        choice.waitlisted_at = utcnow()
    if status != OFFERED:
        choice.offered_until = None


def _drop(choice: SessionChoice, offer_hours: int, by=None, reason: str = "") -> None:
    registration, session_id, held = choice.registration, choice.session_id, choice.status in HOLDING_A_PLACE
    record(registration, choice.status, CANCELLED, by=by, reason=reason, session_id=session_id)
    registration.choices.remove(choice)
    db.session.flush()
    if held:
        fill(session_id, offer_hours)


def fill(session_id: int, offer_hours: int) -> None:
    """Under the lock: offer the session's free seats to the first people on its waiting list (not for
    a session that was cancelled or has begun, nor at a cancelled event)."""
    places = db.session.get(SessionPlaces, session_id, populate_existing=True)  # a capacity read before the lock
    session = places.session if places is not None else None
    if session is None or session.status != SCHEDULED or session.event.is_cancelled or session.starts_at <= utcnow():
        return
    taken = db.session.scalar(select(func.count()).select_from(SessionChoice).where(
        SessionChoice.session_id == session_id, SessionChoice.status.in_(HOLDING_A_PLACE)))
    if places.capacity - taken <= 0:
        return
    waiting = db.session.scalars(select(SessionChoice).where(
        SessionChoice.session_id == session_id, SessionChoice.status == WAITLISTED)
        .order_by(SessionChoice.waitlisted_at, SessionChoice.id).limit(places.capacity - taken)
        .execution_options(populate_existing=True)).all()
    for choice in waiting:
        _move(choice, OFFERED)
        choice.offered_until = offer_deadline(offer_hours, session.starts_at)
        db.session.flush()
        tell(choice.registration, "seat_offered", choice)


def fill_event(event_id: int, offer_hours: int) -> None:
    """Under the lock: after capacities were raised, offer every session's free seats."""
    for session_id in capacities(event_id):
        fill(session_id, offer_hours)


def expire(event_id: int, offer_hours: int, now: datetime) -> int:
    """Under the lock: end the seat offers that ran out and offer those seats to the next people."""
    ran_out = db.session.scalars(select(SessionChoice).join(SessionPlaces, SessionPlaces.session_id ==
                                                            SessionChoice.session_id)
                                 .where(SessionPlaces.event_id == event_id, SessionChoice.status == OFFERED,
                                        SessionChoice.offered_until <= now)
                                 .execution_options(populate_existing=True)).all()
    for choice in ran_out:
        registration, session = choice.registration, choice.session
        _drop(choice, offer_hours, reason=str(_l("The offered seat was not taken in time.")))
        tell(registration, "seat_expired", session=session)  # after the drop: the e-mail lists what is left
    return len(ran_out)


def events_with_expired_seat_offers(now: datetime) -> list[int]:
    return db.session.scalars(select(SessionPlaces.event_id).join(
        SessionChoice, SessionChoice.session_id == SessionPlaces.session_id).where(
        SessionChoice.status == OFFERED, SessionChoice.offered_until <= now).distinct()).all()


def accept(choice: SessionChoice, by) -> bool:
    """Under the lock: the person takes the seat offered; False when the offer is no longer open."""
    if choice.status != OFFERED:
        return False
    _move(choice, CONFIRMED, by)
    db.session.flush()
    tell(choice.registration, "seat_confirmed", choice)
    return True


def decline(choice: SessionChoice, offer_hours: int, by) -> None:
    _drop(choice, offer_hours, by, reason=str(_l("Declined the offered seat.")))


def held_by(registration: Registration) -> set[int]:
    """The sessions where the person holds a seat (confirmed or offered)."""
    return {choice.session_id for choice in registration.choices if choice.status in HOLDING_A_PLACE}


def choice_of(registration: Registration, session_id: int) -> SessionChoice | None:
    return next((choice for choice in registration.choices if choice.session_id == session_id), None)


def set_capacities(event_id: int, wanted: dict[int, int | None], offer_hours: int) -> None:
    """Under the lock: the seats of each session (None: open to every participant). Raised capacities
    offer seats to the people waiting; a lowered one takes no seat back from anyone."""
    current = {places.session_id: places for places in db.session.scalars(
        select(SessionPlaces).where(SessionPlaces.event_id == event_id).execution_options(populate_existing=True))}
    for session_id, capacity in wanted.items():
        places = current.get(session_id)
        if capacity is None and places is not None:
            for choice in db.session.scalars(select(SessionChoice).where(SessionChoice.session_id == session_id)):
                record(choice.registration, choice.status, CANCELLED, session_id=session_id,
                       reason=str(_l("The session is now open to every participant.")))
                db.session.delete(choice)
            db.session.delete(places)
        elif capacity is not None and places is None:
            db.session.add(SessionPlaces(session_id=session_id, event_id=event_id, capacity=capacity))
        elif capacity is not None:
            places.capacity = capacity
    db.session.flush()
    fill_event(event_id, offer_hours)
