"""How a person takes part in a hybrid event, in person or online, and switching between the two.

Each way has its own places and waiting list (registration.places). Switching takes the event's registration
lock like every change: someone who holds a place switches only when the other way has room for them (nothing
is stored otherwise), and the place they leave is offered to the first person waiting for that way. Someone
waiting moves to the end of the other waiting list (and is offered a place at once if it has one).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from events.models import HYBRID, IN_PERSON, ONLINE, Event
from registration import checkin, places, seats
from registration.models import CANCELLED, HOLDING_A_PLACE, REJECTED, WAITLISTED, Registration
from registration.notices import record, tell
from registration.services import NotAllowed, can_change, is_over
from registration.waiting_list import fill_places, upkeep


#: The history's words for a switch, by the way the person takes part now.
SWITCHED = {ONLINE: _l("Takes part online now, instead of in person."),
            IN_PERSON: _l("Takes part in person now, instead of online.")}


class ModeFull(ValueError):
    """The way of taking part the person asked for has no place left for them."""

    def __init__(self, participation: str):
        super().__init__(participation)
        self.participation = participation


def switch(registration: Registration, participation: str, by, as_organiser: bool = False) -> bool:
    """Move the registration to `participation` (IN_PERSON or ONLINE) at a hybrid event. The person may do it
    while changes are allowed (services.can_change); an organiser (`as_organiser`) until the event is over.
    Returns False when it took part that way already. Raises ModeFull, or NotAllowed; nothing is stored then."""
    if participation not in (IN_PERSON, ONLINE):
        raise ValueError(participation)  # the form offers only these
    event = registration.event
    settings = places.lock(event.id)
    db.session.refresh(registration)
    allowed = (can_change(registration, settings) if not as_organiser
               else registration.status not in (CANCELLED, REJECTED) and not is_over(event))
    if event.attendance_mode != HYBRID or not allowed:
        db.session.rollback()
        raise NotAllowed(registration.status)
    upkeep(event, settings)
    if registration.participation == participation:
        db.session.commit()
        return False
    if registration.status in HOLDING_A_PLACE:
        count = places.Places(settings)
        moved = Registration(participation=participation, stakeholder_group=registration.stakeholder_group,
                             country=registration.country, category_id=registration.category_id)
        if not count.room_for(moved):
            db.session.rollback()
            raise ModeFull(participation)
    registration.participation = participation
    if registration.status == WAITLISTED:
        registration.waitlisted_at = utcnow()  # the end of the other way's waiting list
    reason = SWITCHED[participation]
    if as_organiser:
        reason = _l("%(change)s Changed by %(name)s.", change=reason, name=by.full_name)
    record(registration, registration.status, registration.status, by=by, reason=str(reason))
    db.session.flush()
    if not seats.takes_seats(registration):
        # Seats at sessions with limited seats are in the room: each goes to the first person waiting for it.
        seats.release_all(registration, settings.offer_hours, by, reason=str(
            _l("Seats are in the room: given up when taking part online.")))
    tell(registration, "changed")
    # The place left behind goes to the first person waiting that way; someone who moved waiting lists may
    # find a place free in the new one.
    fill_places(event, settings)
    db.session.commit()
    return True


def counts_by_participation(event: Event) -> dict[str, int]:
    """{IN_PERSON: n, ONLINE: n}: the people holding a place, each way."""
    rows = dict(db.session.execute(
        select(Registration.participation, db.func.count()).where(
            Registration.event_id == event.id, Registration.status.in_(HOLDING_A_PLACE))
        .group_by(Registration.participation)).all())
    return {IN_PERSON: rows.get(IN_PERSON, 0), ONLINE: rows.get(ONLINE, 0)}


def attendance_side_by_side(event: Event) -> tuple[list, list]:
    """Per day and per session: (day or session, people in the room, people online)."""
    room_days, room_sessions = checkin.attendance_overview(event, online=False)
    online_days, online_sessions = checkin.attendance_overview(event, online=True)
    room, online = dict(room_days), dict(online_days)
    days = [(day, room.get(day, 0), online.get(day, 0)) for day in sorted(set(room) | set(online))]
    online_by_session = {session.id: count for session, count in online_sessions}
    return days, [(session, count, online_by_session.get(session.id, 0)) for session, count in room_sessions]
