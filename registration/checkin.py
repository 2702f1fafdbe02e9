"""Checking people in at the door and at sessions, and who may do it.

Every scan gets one definite answer (RESULTS). A check-in is recorded per event day, and per session for
sessions that take attendance; scanning twice records nothing new and says when and by whom the first
scan was. Check-ins are never deleted: undoing one marks it undone, so the record shows the mistake.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.models import utcnow
from core.search import search_key
from core.urls import is_row_id
from accounts.models import UserRole
from events.models import Event, EventOrganiser, Session
from events.services import is_organiser
from registration.codes import InvalidCode, read_code
from registration.models import (CANCELLED, CONFIRMED, REJECTED, CheckIn, CheckinDevice, CheckinStaff,
                                 Registration, SessionChoice, SessionPlaces)

OK, ALREADY, INVALID, CANCELLED_RESULT, NOT_CONFIRMED, WRONG_EVENT = (
    "ok", "already", "invalid", "cancelled", "not_confirmed", "wrong_event")
#: The answer to a scan, as the desk says it.
RESULTS = {
    OK: _l("Checked in"),
    ALREADY: _l("Already checked in"),
    INVALID: _l("Not a valid badge"),
    CANCELLED_RESULT: _l("Registration cancelled"),
    NOT_CONFIRMED: _l("Not confirmed"),
    WRONG_EVENT: _l("Wrong event"),
}
#: Where the answer needs a more precise heading than its result's.
NO_SEAT_LABEL = _l("No seat at this session")
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


def event_day(event: Event, now: datetime | None = None) -> date:
    """Today on the venue's calendar, within the event's days: a badge collected the evening
    before counts for the first day, a late scan for the last."""
    zone = event.zone
    today = (now or utcnow()).astimezone(zone).date()
    # An event ending at midnight ends on the day before.
    first = event.starts_at.astimezone(zone).date()
    last = (event.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    return min(max(today, first), last)


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


def _record(registration: Registration, day: date, session_id: int | None, by, device) -> tuple[CheckIn, bool]:
    """The standing check-in for this person, day and session, and whether this call made it."""
    existing = _standing(registration.id, day, session_id)
    if existing is not None:
        return existing, False
    checkin = CheckIn(event_id=registration.event_id, registration_id=registration.id, day=day, session_id=session_id,
                      by_user_id=getattr(by, "id", None), device_id=getattr(device, "id", None))
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


def check_in_code(event: Event, text, *, session: Session | None = None, by=None, device=None) -> Outcome:
    """Check in the holder of the badge whose code is `text` (as scanned or typed). Commits."""
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
    return check_in(event, registration, session=session, by=by, device=device)


def check_in(event: Event, registration: Registration, *, session: Session | None = None, by=None,
             device=None) -> Outcome:
    """Check in `registration` (found by name at the desk, or by its badge). Commits."""
    if registration.status == CANCELLED:
        return Outcome(CANCELLED_RESULT, str(REASONS["cancelled"]), registration)
    if registration.status != CONFIRMED:
        reason = "rejected" if registration.status == REJECTED else "not_confirmed"
        return Outcome(NOT_CONFIRMED, str(REASONS[reason]), registration)
    if session is not None and not has_seat(registration, session):
        return Outcome(NOT_CONFIRMED, str(REASONS["no_seat"]), registration, label=str(NO_SEAT_LABEL))
    day = event_day(event)
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


def counts(event: Event, session: Session | None = None) -> dict:
    """People checked in today (at the door, or at `session`) against those expected."""
    day = event_day(event)
    checked_in = db.session.scalar(select(func.count(func.distinct(CheckIn.registration_id))).where(
        CheckIn.event_id == event.id, CheckIn.day == day, CheckIn.undone_at.is_(None),
        CheckIn.session_id.is_(None) if session is None else CheckIn.session_id == session.id))
    if session is not None and db.session.get(SessionPlaces, session.id) is not None:
        expected = db.session.scalar(select(func.count()).select_from(SessionChoice).where(
            SessionChoice.session_id == session.id, SessionChoice.status == CONFIRMED))
    else:
        expected = db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.event_id == event.id, Registration.status == CONFIRMED))
    today = utcnow().astimezone(event.zone).date()
    return {"checked_in": checked_in, "expected": expected, "day": day.isoformat(), "is_today": day == today}


def attendance_overview(event: Event) -> tuple[list[tuple[date, int]], list[tuple[Session, int]]]:
    """People checked in per event day, and per session taking attendance (two GROUP BY queries)."""
    standing = (CheckIn.event_id == event.id, CheckIn.undone_at.is_(None))
    days = db.session.execute(select(CheckIn.day, func.count(func.distinct(CheckIn.registration_id)))
                              .where(*standing, CheckIn.session_id.is_(None))
                              .group_by(CheckIn.day).order_by(CheckIn.day)).all()
    per_session = dict(db.session.execute(select(CheckIn.session_id, func.count(func.distinct(CheckIn.registration_id)))
                                          .where(*standing, CheckIn.session_id.is_not(None))
                                          .group_by(CheckIn.session_id)).all())
    sessions = [(session, per_session.get(session.id, 0)) for session in attendance_sessions(event.id)]
    return [tuple(row) for row in days], sessions


def search(event: Event, text: str, limit: int = 15) -> list[Registration]:
    """Registrations of the event whose name, e-mail or organisation holds every word of `text`."""
    words = search_key(text or "").split()[:5]
    if not words:
        return []
    statement = select(Registration).where(Registration.event_id == event.id)
    for word in words:
        statement = statement.where(Registration.search_text.contains(word, autoescape=True))
    return list(db.session.scalars(statement.order_by(Registration.full_name).limit(limit)))


def standing_today(event: Event, registration_ids, session: Session | None = None) -> dict[int, CheckIn]:
    """Today's standing check-ins of these registrations (at the door, or at `session`), by registration id."""
    if not registration_ids:
        return {}
    rows = db.session.scalars(select(CheckIn).where(
        CheckIn.event_id == event.id, CheckIn.day == event_day(event),
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
    """The days and the sessions a person was checked in at (standing check-ins only)."""
    rows = list(db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration.id, CheckIn.undone_at.is_(None)).order_by(CheckIn.day)
        .options(selectinload(CheckIn.session))))
    days = sorted({row.day for row in rows})
    sessions = sorted({row.session for row in rows if row.session_id is not None}, key=lambda s: s.starts_at)
    return days, sessions


# --- Who may check people in -------------------------------------------------------------------------

def is_staff(event: Event, user) -> bool:
    """Organisers of the event, and the people its organisers added as check-in staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_organiser(event, user):
        return True
    return bool(db.session.scalar(select(exists().where(CheckinStaff.event_id == event.id,
                                                        CheckinStaff.user_id == user.id))))


def staff_of(event: Event) -> list[CheckinStaff]:
    return list(db.session.scalars(select(CheckinStaff).where(CheckinStaff.event_id == event.id)
                                   .order_by(CheckinStaff.added_at)))


def add_staff(event: Event, user) -> bool:
    """Let `user` check people in at `event`; False when they already may. Commits.

    They get the site's check-in staff role too, which puts "Check-in" (their desks) in their menu."""
    if db.session.get(CheckinStaff, (event.id, user.id)) is not None:
        return False
    db.session.add(CheckinStaff(event_id=event.id, user_id=user.id))
    if "checkin_staff" not in user.role_names:
        user.roles.append(UserRole(role="checkin_staff"))
    db.session.commit()
    return True


def desks_of(user, as_organiser: bool = True) -> list[Event]:
    """The events `user` may check people in at (as staff, or organiser unless not `as_organiser`), those
    still to come or under way first, soonest first, then those that are over, latest first."""
    staffed = select(CheckinStaff.event_id).where(CheckinStaff.user_id == user.id)
    organised = select(EventOrganiser.event_id).where(EventOrganiser.user_id == user.id)
    events = list(db.session.scalars(select(Event).where(
        Event.id.in_(staffed.union(organised) if as_organiser else staffed))))
    now = utcnow()
    coming = sorted((event for event in events if event.ends_at > now), key=lambda event: event.starts_at)
    over = sorted((event for event in events if event.ends_at <= now), key=lambda event: event.starts_at,
                  reverse=True)
    return coming + over


def remove_staff(event: Event, user_id: int) -> None:
    staff = db.session.get(CheckinStaff, (event.id, user_id))
    if staff is not None:
        db.session.delete(staff)
        db.session.commit()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_device(event: Event, name: str, by) -> tuple[CheckinDevice, str]:
    """A new device token for `event`: shown once, only its hash is kept. Commits."""
    token = "cvd_" + secrets.token_urlsafe(32)
    device = CheckinDevice(event_id=event.id, name=name.strip()[:100], token_hash=_token_hash(token),
                           created_by_user_id=getattr(by, "id", None))
    db.session.add(device)
    db.session.commit()
    return device, token


def devices_of(event: Event) -> list[CheckinDevice]:
    return list(db.session.scalars(select(CheckinDevice).where(CheckinDevice.event_id == event.id)
                                   .order_by(CheckinDevice.created_at)))


def revoke_device(event: Event, device_id: int) -> None:
    device = db.session.get(CheckinDevice, device_id)
    if device is not None and device.event_id == event.id and device.revoked_at is None:
        device.revoked_at = utcnow()
        db.session.commit()


def device_for(token: str) -> CheckinDevice | None:
    """The device holding `token`, unless it was revoked."""
    if not token or len(token) > 100:
        return None
    device = db.session.scalars(select(CheckinDevice).where(CheckinDevice.token_hash == _token_hash(token))).first()
    return device if device is not None and device.revoked_at is None else None
