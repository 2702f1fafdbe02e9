"""Online participation: personal join links, the join log, and the attendance drawn from it.

A confirmed online participant joins the event's online room, or a session's, through their personal
Convene link, never through the room's own address (which no public page, feed or API shows):

    /join/J1-4521-2-K5QW3ZJ7XGA2MBTE[/sessions/<session id>]
           │  │    │ └ signature: HMAC-SHA256 with a key of its own purpose, 80 bits, base32 (registration.codes)
           │  │    └ join version: raised when the person replaces their link, so that older links fail
           │  └ registration id
           └ format

Each join is logged (OnlineJoin: one row per person, day and session, however often they join), and
the person is then sent to the room. A day counts as attended online when the person joined at least
`RegistrationSettings.online_min_sessions` of its sessions (the event's room counts as one); it is then
written as check-ins marked online (the day's, and one per session joined), so that certificates,
surveys and reports count online participants like those in the room. `recount` rebuilds those
check-ins from the log when the organisers change the rule; check-ins made at the desk are never touched.

A forwarded link: when someone else is logged in, nothing is recorded and they are asked to use their
own link; without a log-in the join counts for the link's owner, who can replace the link when it went
astray (older links then answer "This link was replaced").
"""
from dataclasses import dataclass
from datetime import date, datetime
import hmac
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.models import utcnow
from core.urls import external_url
from events.formatting import medium_date
from events.models import CANCELLED as EVENT_CANCELLED, HYBRID, ONLINE, Event, Session
from registration.checkin import days_of, event_days, is_held_on, session_days, venue_today
from registration.codes import signature
from registration.models import (CANCELLED, CONFIRMED, CheckIn, OnlineJoin, Registration,
                                 RegistrationSettings)

PREFIX = "J1"
PURPOSE = b"convene.join-link"
_CODE = re.compile(r"J1-([1-9][0-9]{0,9})-([1-9][0-9]{0,5})-([A-Z2-7]{16})")

#: Why a join is refused, as the person reads it (a page in their language; nothing is recorded).
REASONS = {
    "unreadable": _l("This is not a complete join link. Open the whole link from “My registrations”."),
    "forged": _l("This join link was altered: it is not one Convene made. Open your own link from "
                 "“My registrations”."),
    "unknown": _l("This join link no longer leads to a registration. Open your own link from “My registrations”."),
    "replaced": _l("This link was replaced: its owner made a new one. Open your current link from "
                   "“My registrations”."),
    "someone_else": _l("This join link belongs to someone else: nothing was recorded. Open your own link from "
                       "“My registrations” (register first if you have not)."),
    "cancelled": _l("This registration was cancelled: it gives no access to the online room."),
    "not_confirmed": _l("This registration is not confirmed yet (pending approval or on the waiting list): the "
                        "online room opens to it once it is."),
    "in_person": _l("This registration is to take part in person: the online room is for online participants."),
    "event_cancelled": _l("This event is cancelled."),
    "session_cancelled": _l("This session is cancelled."),
    "other_event": _l("This session is not part of the event of this join link."),
    "too_early": _l("The online room opens on %(day)s. Come back then with the same link."),
    "session_over": _l("This session was held on %(day)s: its room is closed. Join one of today's sessions."),
    "over": _l("This event is over: its online rooms are closed."),
    "no_room": _l("The organisers have not given an online room for this yet. Try again later, or write to them."),
}
#: Reasons answered 404 (no such link), the others 403 (a real link that does not open now) or 409.
NOT_FOUND = {"unreadable", "forged", "unknown", "other_event"}
GONE = {"replaced", "over", "session_over"}


class JoinRefused(Exception):
    def __init__(self, reason: str, **values):
        super().__init__(reason)
        self.reason, self.values = reason, values

    @property
    def message(self) -> str:
        return str(REASONS[self.reason]) % self.values if self.values else str(REASONS[self.reason])

    @property
    def status(self) -> int:
        return 404 if self.reason in NOT_FOUND else 410 if self.reason in GONE else 403


@dataclass
class Joined:
    registration: Registration
    session: Session | None
    #: Where the person is sent: the session's room, else the event's.
    room: str
    #: The row of the log this join counted in.
    join: OnlineJoin
    #: Whether the day now counts as attended online.
    attended: bool


# --- Codes and links -----------------------------------------------------------------------------------

def make_code(registration_id: int, version: int) -> str:
    body = f"{PREFIX}-{registration_id}-{version}"
    return f"{body}-{signature(body, PURPOSE)}"


def join_code(registration: Registration) -> str:
    return make_code(registration.id, registration.join_version)


def join_url(registration: Registration, session: Session | None = None) -> str:
    """The person's own link to the event's room, or to `session`'s."""
    if session is None:
        return external_url("registration.join", code=join_code(registration))
    return external_url("registration.join_session", code=join_code(registration), session_id=session.id)


def registration_for(text) -> Registration:
    """The registration a join code belongs to; JoinRefused when it is unreadable, altered, or replaced."""
    if not isinstance(text, str) or len(text) > 100 or not text.isascii():
        raise JoinRefused("unreadable")
    match = _CODE.fullmatch(text.strip().upper())
    if match is None:
        raise JoinRefused("unreadable")
    registration_id, version, signed = match.groups()
    if not hmac.compare_digest(signed, signature(f"{PREFIX}-{registration_id}-{version}", PURPOSE)):
        raise JoinRefused("forged")
    registration = db.session.get(Registration, int(registration_id))
    if registration is None:
        raise JoinRefused("unknown")
    if int(version) != registration.join_version:
        raise JoinRefused("replaced")
    return registration


def replace_link(registration: Registration) -> None:
    """Give the person a new join link: every earlier one answers "This link was replaced". Commits."""
    db.session.execute(update(Registration).where(Registration.id == registration.id)
                       .values(join_version=Registration.join_version + 1))
    db.session.commit()
    db.session.refresh(registration)


# --- Who may join, and where ---------------------------------------------------------------------------

def takes_part_online(registration: Registration) -> bool:
    """Online at an online event (everyone is), or at a hybrid one when they chose to. The choice counts only at
    a hybrid event: when it becomes in person, everyone comes in person (badge and door, no join link)."""
    mode = registration.event.attendance_mode
    return mode == ONLINE or (mode == HYBRID and registration.participation == ONLINE)


def room_of(event: Event, session: Session | None) -> str:
    return (session.online_url if session is not None else "") or event.online_url or ""


def may_join(registration: Registration) -> bool:
    """Whether the person is shown join buttons at all (the days are checked when they join)."""
    return (registration.status == CONFIRMED and takes_part_online(registration)
            and registration.event.status != EVENT_CANCELLED)


def check(registration: Registration, session: Session | None, now: datetime | None = None) -> date:
    """The day (on the venue's calendar) this join counts for; JoinRefused with the reason otherwise."""
    event = registration.event
    if registration.status == CANCELLED:
        raise JoinRefused("cancelled")
    if registration.status != CONFIRMED:
        raise JoinRefused("not_confirmed")
    if not takes_part_online(registration):
        raise JoinRefused("in_person")
    if session is not None and session.event_id != event.id:
        raise JoinRefused("other_event")
    if event.status == EVENT_CANCELLED:
        raise JoinRefused("event_cancelled")
    if session is not None and session.is_cancelled:
        raise JoinRefused("session_cancelled")
    today = venue_today(event, now)
    first, last = event_days(event)
    if today > last:
        raise JoinRefused("over")
    if session is not None:
        session_first, session_last = session_days(event, session)
        if today < session_first:
            raise JoinRefused("too_early", day=medium_date(session_first))
        if today > session_last:
            raise JoinRefused("session_over", day=medium_date(session_last))
    elif today < first:
        raise JoinRefused("too_early", day=medium_date(first))
    if not room_of(event, session):
        raise JoinRefused("no_room")
    return today


# --- The log and the attendance rule ---------------------------------------------------------------------

def _log(registration: Registration, day: date, session_id: int | None, now: datetime) -> OnlineJoin:
    """Count this join in the person's row for the day and session, made if it is the first."""
    def existing():
        return db.session.scalars(select(OnlineJoin).where(
            OnlineJoin.registration_id == registration.id, OnlineJoin.day == day,
            OnlineJoin.session_id.is_(None) if session_id is None else OnlineJoin.session_id == session_id)).first()

    row = existing()
    if row is None:
        row = OnlineJoin(event_id=registration.event_id, registration_id=registration.id, session_id=session_id,
                         day=day, first_at=now, last_at=now, times=1)
        try:
            with db.session.begin_nested():
                db.session.add(row)
            return row
        except IntegrityError:
            # The same person joining twice at the same instant (two tabs): the other request made the row.
            row = existing()
    db.session.execute(update(OnlineJoin).where(OnlineJoin.id == row.id)
                       .values(times=OnlineJoin.times + 1, last_at=now))
    db.session.refresh(row)
    return row


def min_sessions(event: Event) -> int:
    settings = db.session.get(RegistrationSettings, event.id)
    return max(1, settings.online_min_sessions if settings is not None else 1)


def sessions_held_on(event: Event, day: date) -> int:
    return sum(1 for session in event.sessions if not session.is_cancelled and is_held_on(event, session, day))


def required_on(event: Event, day: date, rule: int | None = None) -> int:
    """Joins that make `day` attended: the rule, or every session of a day that has fewer."""
    rule = rule if rule is not None else min_sessions(event)
    return max(1, min(rule, sessions_held_on(event, day) or 1))


def _standing(registration_id: int, day: date, session_id: int | None) -> CheckIn | None:
    return db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id == registration_id, CheckIn.day == day, CheckIn.undone_at.is_(None),
        CheckIn.session_id.is_(None) if session_id is None else CheckIn.session_id == session_id)).first()


def _check_in_online(registration: Registration, day: date, session_id: int | None, at: datetime) -> None:
    if _standing(registration.id, day, session_id) is not None:
        return  # recorded already (online, or by the desk)
    try:
        with db.session.begin_nested():
            db.session.add(CheckIn(event_id=registration.event_id, registration_id=registration.id, day=day,
                                   session_id=session_id, at=at, is_online=True))
    except IntegrityError:
        pass  # a simultaneous join of the same person wrote it


def apply_rule(registration: Registration, day: date, rule: int | None = None) -> bool:
    """Write the day's online check-ins when its joins meet the rule; whether they do. Does not commit."""
    rows = list(db.session.scalars(select(OnlineJoin).where(OnlineJoin.registration_id == registration.id,
                                                            OnlineJoin.day == day)))
    if len(rows) < required_on(registration.event, day, rule):
        return False
    _check_in_online(registration, day, None, min(row.first_at for row in rows))
    for row in rows:
        if row.session_id is not None:
            _check_in_online(registration, day, row.session_id, row.first_at)
    return True


def record_join(registration: Registration, session: Session | None = None,
                now: datetime | None = None) -> Joined:
    """Log a join of the event's room (or `session`'s) and apply the attendance rule; JoinRefused, with
    nothing stored, when the person may not join now. Commits."""
    now = now or utcnow()
    day = check(registration, session, now)
    row = _log(registration, day, session.id if session is not None else None, now)
    attended = apply_rule(registration, day)
    db.session.commit()
    return Joined(registration, session, room_of(registration.event, session), row, attended)


def recount(event: Event) -> int:
    """Rebuild the event's online check-ins from the join log under its current rule (after the organisers
    change it); check-ins made at the desk stay as they are. The number of person-days attended online.
    Every logged join counts, also of someone who takes part in person now (a join was recorded only while
    they took part online): switching ways never takes away the days they attended online. Commits."""
    db.session.execute(delete(CheckIn).where(CheckIn.event_id == event.id, CheckIn.is_online))
    rule = min_sessions(event)
    pairs = db.session.execute(select(OnlineJoin.registration_id, OnlineJoin.day).where(
        OnlineJoin.event_id == event.id).distinct().order_by(OnlineJoin.registration_id, OnlineJoin.day)).all()
    attended = 0
    for registration_id, day in pairs:
        registration = db.session.get(Registration, registration_id)
        if registration.status == CONFIRMED:
            attended += apply_rule(registration, day, rule)
    db.session.commit()
    return attended


def agenda_join_links(user):
    """For the person's private agenda feed: session -> their own join link for it ("" when they have none)."""
    mine = {registration.event_id: registration for registration in db.session.scalars(
        select(Registration).where(Registration.user_id == user.id, Registration.status == CONFIRMED))}

    def link(session: Session) -> str:
        registration = mine.get(session.event_id)
        if registration is None or not may_join(registration) or session.is_cancelled \
                or not room_of(registration.event, session):
            return ""
        return join_url(registration, session)

    return link


# --- What the organisers see -----------------------------------------------------------------------------

def most_sessions_a_day(event: Event) -> int:
    """The most sessions held on one day of the event (at least 1): the highest rule that makes sense."""
    return max([sessions_held_on(event, day) for day in days_of(event)] + [1])


def save_rule(event: Event, rule: int) -> int:
    """Set the attendance rule and recount the online attendance under it; the person-days attended. Commits."""
    settings = db.session.get(RegistrationSettings, event.id)
    if settings is None:
        settings = RegistrationSettings(event_id=event.id)
        db.session.add(settings)
    settings.online_min_sessions = rule
    db.session.flush()
    return recount(event)


def join_log(event: Event, limit: int = 1000) -> list[OnlineJoin]:
    """The event's joins, by day, then session (the event's room first), then name."""
    return list(db.session.scalars(
        select(OnlineJoin).join(Registration, Registration.id == OnlineJoin.registration_id)
        .outerjoin(Session, Session.id == OnlineJoin.session_id)
        .where(OnlineJoin.event_id == event.id)
        .order_by(OnlineJoin.day, Session.starts_at.is_not(None), Session.starts_at, Registration.full_name,
                  OnlineJoin.id)
        .options(selectinload(OnlineJoin.registration), selectinload(OnlineJoin.session)).limit(limit)))


def figures(event: Event) -> dict:
    """People joined and attended online, per day; people joined, per session."""
    per_day = dict(db.session.execute(select(OnlineJoin.day, func.count(func.distinct(OnlineJoin.registration_id)))
                                      .where(OnlineJoin.event_id == event.id).group_by(OnlineJoin.day)).all())
    attended = dict(db.session.execute(select(CheckIn.day, func.count(func.distinct(CheckIn.registration_id))).where(
        CheckIn.event_id == event.id, CheckIn.is_online, CheckIn.session_id.is_(None), CheckIn.undone_at.is_(None))
        .group_by(CheckIn.day)).all())
    per_session = dict(db.session.execute(
        select(OnlineJoin.session_id, func.count(func.distinct(OnlineJoin.registration_id)))
        .where(OnlineJoin.event_id == event.id, OnlineJoin.session_id.is_not(None))
        .group_by(OnlineJoin.session_id)).all())
    # The same rule as takes_part_online: the person's choice counts at a hybrid event only.
    online_participants = 0 if event.attendance_mode not in (ONLINE, HYBRID) else db.session.scalar(
        select(func.count()).select_from(Registration).where(
            Registration.event_id == event.id, Registration.status == CONFIRMED,
            (Registration.participation == ONLINE) if event.attendance_mode == HYBRID else true()))
    return {"days": [(day, per_day[day], attended.get(day, 0)) for day in sorted(per_day)],
            "per_session": per_session, "participants": online_participants}
