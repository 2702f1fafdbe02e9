"""Checking people in at the door and at sessions (who may do it: registration.desk_access).

Every scan gets one definite answer (RESULTS). A check-in is recorded per event day, and per session for
sessions that take attendance; scanning twice records nothing new and says when and by whom the first
scan was. Check-ins are never deleted: undoing one marks it undone, so the record shows the mistake.

The desk records attendance only on the event's days (on the venue's calendar); on any other day it
answers NOT_EVENT_DAY and records nothing. Two explicit choices remain: practice mode, whose scans are
kept apart (PracticeScan) and are never attendance, and an organiser recording attendance after the fact
for one of the event's days, under their name (`record_afterwards`).
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.models import utcnow
from core.search import search_key
from core.urls import is_row_id
from events.models import HYBRID, IN_PERSON, ONLINE, Event, Session
from registration.codes import InvalidCode, read_code
from registration.models import (CANCELLED, CONFIRMED, REJECTED, CheckIn, PracticeScan, Registration, SessionChoice,
                                 SessionPlaces)

OK, ALREADY, INVALID, CANCELLED_RESULT, NOT_CONFIRMED, WRONG_EVENT, NOT_EVENT_DAY = (
    "ok", "already", "invalid", "cancelled", "not_confirmed", "wrong_event", "not_event_day")
#: The answer to a scan, as the desk says it.
RESULTS = {
    OK: _l("Checked in"),
    ALREADY: _l("Already checked in"),
    INVALID: _l("Not a valid badge"),
    CANCELLED_RESULT: _l("Registration cancelled"),
    NOT_CONFIRMED: _l("Not confirmed"),
    WRONG_EVENT: _l("Wrong event"),
    NOT_EVENT_DAY: _l("Not a day of this event"),
}
#: The heading of a practice scan's answer, for the results that record something.
PRACTICE_RESULTS = {
    OK: _l("Practice: checked in"),
    ALREADY: _l("Practice: already scanned"),
}
#: Where the answer needs a more precise heading than its result's.
NO_SEAT_LABEL = _l("No seat at this session")
NOT_SESSION_DAY_LABEL = _l("Not a day of this session")
REASONS = {
    "unreadable": _l("This is not a Convene badge code. Scan again, or search by name."),
    "forged": _l("This code was altered or not made by Convene: do not accept this badge. Search by name instead."),
    "unknown": _l("This badge's registration no longer exists. Search by name."),
    "replaced": _l("This badge was replaced by a newer one. Ask for the new badge, or search by name and print it."),
    "wrong_event": _l("This badge is for another event."),
    "cancelled": _l("This registration was cancelled. Send the person to the organisers."),
    "rejected": _l("This registration was not accepted. Send the person to the organisers."),
    "not_confirmed": _l("This registration is not confirmed (pending approval or on the waiting list). "
                        "Send the person to the organisers."),
    "no_seat": _l("Registered for the event, but without a seat at this session."),
    "ok": _l("Welcome!"),
    "already": _l("This badge was already scanned."),
    "not_event_day": _l("Today is not a day of this event: nothing was recorded. To train the staff, use "
                        "practice mode; an organiser can record attendance after the fact on the event's "
                        "check-in page."),
    "practice": _l("Practice scan: this is not attendance and does not count for a certificate."),
    "not_session_day": _l("This session is not held today: nothing was recorded. Check the person in at the "
                          "door, or at one of today's sessions."),
}


@dataclass
class Outcome:
    result: str
    reason: str
    registration: Registration | None = None
    #: OK: the check-in made; ALREADY: the standing one that was there first.
    checkin: CheckIn | None = None
    #: Every check-in this scan made (a session's, and the day's when it was the first of the day):
    #: undoing a mistaken scan undoes them all.
    made: tuple = ()
    #: The heading on the desk: RESULTS[result] unless a more precise one is set.
    label: str | None = None
    #: A practice scan (kept apart, never attendance).
    is_practice: bool = False


def event_days(event: Event) -> tuple[date, date]:
    """The first and last days of the event, on the venue's calendar."""
    zone = event.zone
    # An event ending at midnight ends on the day before.
    return event.starts_at.astimezone(zone).date(), (event.ends_at - timedelta(microseconds=1)).astimezone(zone).date()


def days_of(event: Event) -> list[date]:
    first, last = event_days(event)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def venue_today(event: Event, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(event.zone).date()


def event_day(event: Event, now: datetime | None = None) -> date | None:
    """Today on the venue's calendar if it is one of the event's days; None on any other day (the desk
    then records nothing: a scan the day before or after is no attendance)."""
    today = venue_today(event, now)
    first, last = event_days(event)
    return today if first <= today <= last else None


def session_days(event: Event, session: Session) -> tuple[date, date]:
    """The first and last days of the session, on the venue's calendar (a session may run overnight)."""
    zone = event.zone
    return (session.starts_at.astimezone(zone).date(),
            (session.ends_at - timedelta(microseconds=1)).astimezone(zone).date())


def is_held_on(event: Event, session: Session, day: date) -> bool:
    first, last = session_days(event, session)
    return first <= day <= last


def counted_days(event: Event):
    """The condition a check-in must meet to count as attendance: standing, and dated on an event day."""
    first, last = event_days(event)
    return (CheckIn.undone_at.is_(None), CheckIn.day >= first, CheckIn.day <= last)


def attendance_sessions(event_id: int):
    return db.session.scalars(select(Session).where(Session.event_id == event_id, Session.takes_attendance,
                                                    Session.status != "cancelled").order_by(Session.starts_at))


def session_of(event: Event, session_id) -> Session | None:
    """The event's session `session_id` that takes attendance, or None."""
    if not is_row_id(session_id):
        return None
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id or not session.takes_attendance or session.is_cancelled:
        return None
    return session


def _standing(registration_id: int, day: date, session_id: int | None) -> CheckIn | None:
    return db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration_id, CheckIn.day == day, CheckIn.undone_at.is_(None),
        CheckIn.session_id.is_(None) if session_id is None else CheckIn.session_id == session_id)).first()


def _record(registration: Registration, day: date, session_id: int | None, by, device,
            afterwards: bool = False) -> tuple[CheckIn, bool]:
    """The standing check-in for this person, day and session, and whether this call made it."""
    existing = _standing(registration.id, day, session_id)
    if existing is not None:
        return existing, False
    checkin = CheckIn(event_id=registration.event_id, registration_id=registration.id, day=day, session_id=session_id,
                      by_user_id=getattr(by, "id", None), device_id=getattr(device, "id", None),
                      is_recorded_afterwards=afterwards)
    try:
        with db.session.begin_nested():
            db.session.add(checkin)
    except IntegrityError:
        # Another desk scanned the same badge at the same instant: theirs stands.
        return _standing(registration.id, day, session_id), False
    return checkin, True


def has_seat(registration: Registration, session: Session) -> bool:
    """Whether the person may come in to `session`: everyone may, unless its seats are limited."""
    if db.session.get(SessionPlaces, session.id) is None:
        return True  # open to everyone at the event
    return bool(db.session.scalar(select(exists().where(
        SessionChoice.registration_id == registration.id, SessionChoice.session_id == session.id,
        SessionChoice.status == CONFIRMED))))


def _not_an_event_day() -> Outcome:
    return Outcome(NOT_EVENT_DAY, str(REASONS["not_event_day"]))


def check_in_code(event: Event, text, *, session: Session | None = None, by=None, device=None,
                  practice: bool = False) -> Outcome:
    """Check in the holder of the badge whose code is `text` (as scanned or typed). Commits."""
    if not practice and event_day(event) is None:
        return _not_an_event_day()
    try:
        code = read_code(text)
    except InvalidCode as error:
        return Outcome(INVALID, str(REASONS[str(error)]))
    if code.event_id != event.id:
        return Outcome(WRONG_EVENT, str(REASONS["wrong_event"]))
    registration = db.session.get(Registration, code.registration_id)
    if registration is None or registration.event_id != event.id:
        return Outcome(INVALID, str(REASONS["unknown"]))
    if code.version != registration.badge_version and registration.status != CANCELLED:
        return Outcome(INVALID, str(REASONS["replaced"]), registration)
    return check_in(event, registration, session=session, by=by, device=device, practice=practice)


def check_in(event: Event, registration: Registration, *, session: Session | None = None, by=None,
             device=None, practice: bool = False) -> Outcome:
    """Check in `registration` (found by name at the desk, or by its badge); in practice mode, only
    answer as the desk would and keep the scan apart. Commits."""
    day = event_day(event)
    if day is None and not practice:
        return _not_an_event_day()
    if session is not None and not practice and not is_held_on(event, session, day):
        # A desk left on another day's session tab: that session's attendance is not today's.
        return Outcome(NOT_EVENT_DAY, str(REASONS["not_session_day"]), label=str(NOT_SESSION_DAY_LABEL))
    if registration.status == CANCELLED:
        return Outcome(CANCELLED_RESULT, str(REASONS["cancelled"]), registration)
    if registration.status != CONFIRMED:
        reason = "rejected" if registration.status == REJECTED else "not_confirmed"
        return Outcome(NOT_CONFIRMED, str(REASONS[reason]), registration)
    if session is not None and not has_seat(registration, session):
        return Outcome(NOT_CONFIRMED, str(REASONS["no_seat"]), registration, label=str(NO_SEAT_LABEL))
    if practice:
        return _practise(event, registration, session, by, device)
    # Someone at a session is at the event that day: the day is recorded too.
    door, made_door = _record(registration, day, None, by, device)
    checkin, made = _record(registration, day, session.id, by, device) if session else (door, made_door)
    if device is not None:
        device.last_used_at = utcnow()
    db.session.commit()
    if made:
        return Outcome(OK, str(REASONS["ok"]), registration, checkin,
                       made=tuple(record.id for record, new in ((checkin, made), (door, made_door)) if new))
    return Outcome(ALREADY, str(REASONS["already"]), registration, checkin)


def _practise(event: Event, registration: Registration, session: Session | None, by, device) -> Outcome:
    today = venue_today(event)
    session_id = session.id if session else None
    earlier = db.session.scalars(select(PracticeScan).where(
        PracticeScan.registration_id == registration.id, PracticeScan.day == today,
        PracticeScan.session_id.is_(None) if session_id is None else PracticeScan.session_id == session_id)).first()
    if earlier is None:
        db.session.add(PracticeScan(event_id=event.id, registration_id=registration.id, session_id=session_id,
                                    day=today, by_user_id=getattr(by, "id", None),
                                    device_id=getattr(device, "id", None)))
    if device is not None:
        device.last_used_at = utcnow()
    db.session.commit()
    result = OK if earlier is None else ALREADY
    return Outcome(result, str(REASONS["practice"]), registration, label=str(PRACTICE_RESULTS[result]),
                   is_practice=True)


def record_afterwards(event: Event, registration: Registration, day: date, session: Session | None, by) -> bool:
    """Record, after the fact, that `registration` came on `day` (one of the event's days, not after
    today), and to `session` if given; under the organiser `by`'s name. False when it was already
    recorded. The caller checks the day, the session and that the registration is confirmed. Commits."""
    door, made_door = _record(registration, day, None, by, None, afterwards=True)
    made = made_door
    if session is not None:
        made = _record(registration, day, session.id, by, None, afterwards=True)[1] or made_door
    db.session.commit()
    return made


def attendance_problem(event: Event, registration: Registration | None, day: date,
                       session: Session | None) -> str | None:
    """Why this attendance cannot be recorded after the fact, or None."""
    if registration is None:
        return str(_l("Nobody registered for this event with this e-mail address."))
    if registration.status != CONFIRMED:
        return str(_l("This registration is not confirmed: only a confirmed participant can have attended."))
    first, last = event_days(event)
    if not first <= day <= last:
        return str(_l("This is not a day of this event."))
    if day > venue_today(event):
        return str(_l("This day has not come yet: attendance is recorded once it happened."))
    if session is not None and not is_held_on(event, session, day):
        return str(_l("This session was not held on that day."))
    if session is not None and not has_seat(registration, session):
        return str(REASONS["no_seat"])
    return None


def recorded_afterwards(event: Event, limit: int = 50) -> list[CheckIn]:
    """The attendance organisers recorded after the fact, latest first."""
    return list(db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id, CheckIn.is_recorded_afterwards)
                                   .order_by(CheckIn.at.desc(), CheckIn.id.desc()).limit(limit)
                                   .options(selectinload(CheckIn.registration), selectinload(CheckIn.by),
                                            selectinload(CheckIn.session))))


def undo(event: Event, checkin_id, by, with_ids=()) -> CheckIn | None:
    """Undo a mistaken check-in of this event (None if there is no such standing one), and the other
    check-ins `with_ids` the same scan made (Outcome.made). Commits.

    Undoing the door check-in of a day undoes that day's session check-ins too: they rest on it."""
    checkin = db.session.get(CheckIn, checkin_id) if is_row_id(checkin_id) else None
    if checkin is None or checkin.event_id != event.id or checkin.undone_at is not None:
        return None
    now = utcnow()
    targets = [checkin] + [other for other in (db.session.get(CheckIn, other_id) for other_id in with_ids
                                               if is_row_id(other_id) and other_id != checkin.id)
                           if other is not None and other.registration_id == checkin.registration_id
                           and other.undone_at is None]
    if any(target.session_id is None for target in targets):
        targets += db.session.scalars(select(CheckIn).where(
            CheckIn.registration_id == checkin.registration_id, CheckIn.day == checkin.day,
            CheckIn.session_id.is_not(None), CheckIn.undone_at.is_(None), CheckIn.id.not_in([t.id for t in targets])))
    for target in targets:
        target.undone_at, target.undone_by_user_id = now, getattr(by, "id", None)
    db.session.commit()
    return checkin


def counts(event: Event, session: Session | None = None, practice: bool = False) -> dict:
    """People checked in today (at the door, or at `session`) against those expected; in practice
    mode, the people scanned in practice today. None checked in on a day that is not the event's."""
    today = venue_today(event)
    is_event_day = event_day(event) is not None
    if practice:
        checked_in = db.session.scalar(select(func.count(func.distinct(PracticeScan.registration_id))).where(
            PracticeScan.event_id == event.id, PracticeScan.day == today,
            PracticeScan.session_id.is_(None) if session is None else PracticeScan.session_id == session.id))
    elif is_event_day:
        checked_in, online = (db.session.scalar(select(func.count(func.distinct(CheckIn.registration_id))).where(
            CheckIn.event_id == event.id, CheckIn.day == today, CheckIn.undone_at.is_(None),
            CheckIn.is_online.is_(is_online),
            CheckIn.session_id.is_(None) if session is None else CheckIn.session_id == session.id))
            for is_online in (False, True))
    else:
        checked_in = online = 0
    # At a hybrid event, the people expected at the door are those who take part in person.
    in_room = Registration.participation != ONLINE if event.attendance_mode == HYBRID else true()
    if session is not None and db.session.get(SessionPlaces, session.id) is not None:
        expected = db.session.scalar(select(func.count()).select_from(SessionChoice).join(
            Registration, Registration.id == SessionChoice.registration_id).where(
            SessionChoice.session_id == session.id, SessionChoice.status == CONFIRMED, in_room))
    else:
        expected = db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.event_id == event.id, Registration.status == CONFIRMED, in_room))
    counted = {"checked_in": checked_in, "expected": expected, "day": today.isoformat(),
               "is_event_day": is_event_day, "is_practice": practice}
    if not practice and event.attendance_mode != IN_PERSON:
        # Online attendance (drawn from the joins, registration.online) is counted apart from the door's.
        counted["online"] = online
    return counted


def attendance_overview(event: Event, online: bool | None = None
                        ) -> tuple[list[tuple[date, int]], list[tuple[Session, int]]]:
    """People checked in per event day, and per session taking attendance (two GROUP BY queries). `online`:
    only the attendance online (True, drawn from joins) or in the room (False); None: both."""
    standing = (CheckIn.event_id == event.id, CheckIn.undone_at.is_(None)) + (
        () if online is None else (CheckIn.is_online.is_(online),))
    days = db.session.execute(select(CheckIn.day, func.count(func.distinct(CheckIn.registration_id)))
                              .where(*standing, CheckIn.session_id.is_(None))
                              .group_by(CheckIn.day).order_by(CheckIn.day)).all()
    per_session = dict(db.session.execute(select(CheckIn.session_id, func.count(func.distinct(CheckIn.registration_id)))
                                          .where(*standing, CheckIn.session_id.is_not(None))
                                          .group_by(CheckIn.session_id)).all())
    sessions = [(session, per_session.get(session.id, 0)) for session in attendance_sessions(event.id)]
    return [tuple(row) for row in days], sessions



def search(event: Event, text: str, limit: int = 15, by_email: bool = True,
           category_id: int | None = None) -> list[Registration]:
    """Registrations of the event (in the participant category `category_id`, if given) whose name, e-mail
    (unless `by_email` is False) or organisation holds every word of `text`."""
    words = search_key(text or "").split()[:5]
    if not words:
        return []
    statement = select(Registration).where(Registration.event_id == event.id)
    if category_id is not None:
        statement = statement.where(Registration.category_id == category_id)
    for word in words:
        statement = statement.where(Registration.search_text.contains(word, autoescape=True))
    statement = statement.order_by(Registration.full_name)
    if by_email:
        return list(db.session.scalars(statement.limit(limit)))
    # search_text holds the address too: the rows found through it are left out here, batch after batch
    # until `limit` are found, so that many addresses matching first cannot hide a name further on.
    found, batch, offset = [], limit * 10, 0
    statement = statement.order_by(Registration.id)
    while True:
        rows = list(db.session.scalars(statement.offset(offset).limit(batch)))
        for registration in rows:
            known = search_key(registration.full_name, registration.organisation)
            if all(word in known for word in words):
                found.append(registration)
                if len(found) == limit:
                    return found
        if len(rows) < batch:
            return found
        offset += batch


def standing_today(event: Event, registration_ids, session: Session | None = None) -> dict[int, CheckIn]:
    """Today's standing check-ins of these registrations (at the door, or at `session`), by registration id."""
    day = event_day(event)
    if not registration_ids or day is None:
        return {}
    rows = db.session.scalars(select(CheckIn).where(
        CheckIn.event_id == event.id, CheckIn.day == day,
        CheckIn.session_id.is_(None) if session is None else CheckIn.session_id == session.id,
        CheckIn.undone_at.is_(None), CheckIn.registration_id.in_(registration_ids))
        .options(selectinload(CheckIn.by), selectinload(CheckIn.device)))
    return {row.registration_id: row for row in rows}


def days_checked_in(registration_ids) -> dict[int, int]:
    """How many days each of these people was checked in, by registration id (one GROUP BY query)."""
    if not registration_ids:
        return {}
    return dict(db.session.execute(
        select(CheckIn.registration_id, func.count(func.distinct(CheckIn.day)))
        .where(CheckIn.registration_id.in_(registration_ids), CheckIn.undone_at.is_(None))
        .group_by(CheckIn.registration_id)).all())


def attendance(registration: Registration) -> tuple[list[date], list[Session]]:
    """The days and the sessions a person was checked in at (standing check-ins on the event's days only)."""
    rows = list(db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration.id, *counted_days(registration.event)).order_by(CheckIn.day)
        .options(selectinload(CheckIn.session))))
    days = sorted({row.day for row in rows})
    sessions = sorted({row.session for row in rows if row.session_id is not None}, key=lambda s: s.starts_at)
    return days, sessions
