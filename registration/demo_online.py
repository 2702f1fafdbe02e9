"""Demo of online participation, on the registrations' side (issue 17): a few people of the hybrid events take
part online, the finished Bangkok workshop and the past meetings of the community of practice have their
online participants' joins (as the join links recorded them), the online attendance drawn from them by the
rule (registration.online), and the certificates that follow.

The joins are written with the days and times they happened: the join links record today.
"""
from datetime import timedelta

from sqlalchemy import exists, select

from accounts.models import User
from core.extensions import db
from events.models import ONLINE, Event
from registration import certificates, online, services
from registration.demo import BANGKOK, PRIVACY_NOTICE, _registered_before
from registration.models import OnlineJoin

#: Event slug -> e-mails of the registered people who take part online (the event is hybrid).
#: (Paris's and Tunis's online people are registered so in registration/demo.py.)
ONLINE_PEOPLE = {
    # Neither was checked in at the desk (the one scan of Søren was a mistake, undone): they followed online.
    BANGKOK: ["kwame.mensah@convene.example", "soren.ostergaard@convene.example"],
}
#: Bangkok's online participants: e-mail -> [(day offset, index of the session in the programme or None for
#: the event's room, minutes before its start they joined, times)].
BANGKOK_JOINS = {
    "kwame.mensah@convene.example": [(0, 0, 5, 1), (0, 2, 3, 2), (1, 3, 8, 1), (1, 5, 2, 1)],
    "soren.ostergaard@convene.example": [(0, None, 20, 1), (0, 1, 4, 3)],
}
#: The community of practice's past meetings: who registered (all online), and which of its two sessions each
#: joined (the last one registered and never joined).
COMMUNITY_PEOPLE = ["participant@convene.example", "li.jing@convene.example", "nguyen.lan@convene.example",
                    "maria.gonzalez@convene.example", "tariq.haddad@convene.example", "olena.kovalenko@convene.example",
                    "ngozi.okonkwo@convene.example"]
COMMUNITY_JOINS = [(0, 1), (0, 1), (0,), (1,), (0, 1), (0,), ()]
COMMUNITY_MEETINGS = ["community-of-practice-cultural-statistics-2026-10",
                      "community-of-practice-cultural-statistics-2026-11"]


def load():
    marked = _mark_online()
    joins = _bangkok_joins()
    for slug in COMMUNITY_MEETINGS:
        joins += _meeting_joins(slug)
    issued = _certificates([BANGKOK, *COMMUNITY_MEETINGS])
    db.session.commit()
    yield f"demo online participation: {marked} people take part online, {joins} joins and {issued} certificates"


def _event(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def _mark_online() -> int:
    marked = 0
    for slug, emails in ONLINE_PEOPLE.items():
        event = _event(slug)
        if event is None:
            continue
        for email in emails:
            registration = services.find_registration(event, email)
            if registration is not None and registration.participation != ONLINE:
                registration.participation = ONLINE
                marked += 1
    db.session.flush()
    return marked


def _joined(registration, day, session, before: int, times: int) -> OnlineJoin:
    start = session.starts_at if session is not None else registration.event.starts_at
    first = start - timedelta(minutes=before)
    return OnlineJoin(event_id=registration.event_id, registration_id=registration.id, day=day,
                      session_id=session.id if session is not None else None, first_at=first,
                      last_at=first + timedelta(minutes=17 * (times - 1)), times=times)


def _already_joined(event: Event) -> bool:
    return bool(db.session.scalar(select(exists().where(OnlineJoin.event_id == event.id))))


def _bangkok_joins() -> int:
    event = _event(BANGKOK)
    if event is None or _already_joined(event):
        return 0
    sessions = sorted(event.sessions, key=lambda session: session.starts_at)
    first_day = event.starts_at.astimezone(event.zone).date()
    count = 0
    for email, joins in BANGKOK_JOINS.items():
        registration = services.find_registration(event, email)
        if registration is None or not online.takes_part_online(registration):
            continue
        days = set()
        for offset, index, before, times in joins:
            day = first_day + timedelta(days=offset)
            db.session.add(_joined(registration, day, sessions[index] if index is not None else None, before, times))
            days.add(day)
            count += 1
        db.session.flush()
        for day in sorted(days):
            online.apply_rule(registration, day)
    return count


def _meeting_joins(slug: str) -> int:
    event = _event(slug)
    if event is None or _already_joined(event):
        return 0
    if services.settings_of(event) is None:
        services.save_settings(event, {
            "is_open": True, "mode": "open", "capacity": None, "offer_hours": 48, "opens_at": None,
            "closes_at": event.starts_at, "changes_until": event.starts_at - timedelta(days=1), "fields": {},
            "privacy_notice": PRIVACY_NOTICE, "show_places_left": False})
    people = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(COMMUNITY_PEOPLE)))}
    sessions = sorted(event.sessions, key=lambda session: session.starts_at)
    day = event.starts_at.astimezone(event.zone).date()
    count = 0
    for position, (email, joined) in enumerate(zip(COMMUNITY_PEOPLE, COMMUNITY_JOINS)):
        registration = services.find_registration(event, email)
        if registration is None:
            registration = _registered_before(event, people[email], event.starts_at - timedelta(days=20 - position))
        registration.participation = ONLINE
        for index in joined:
            db.session.add(_joined(registration, day, sessions[index], 4 + position, 1 + position % 2))
            count += 1
        db.session.flush()
        online.apply_rule(registration, day)
    return count


def _certificates(slugs) -> int:
    issued = 0
    for slug in slugs:
        event = _event(slug)
        if event is None:
            continue
        for registration in list(db.session.scalars(certificates.attended(event.id))):
            if certificates.certificate_of(registration) is None:
                certificates.issue(registration)  # no e-mail: the demo's mail log holds no message about the past
                issued += 1
            else:
                certificates.issue(registration)  # brought up to date with the sessions joined online
    return issued
