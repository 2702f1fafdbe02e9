"""Demo of online participation, on the events' side (issue 17): the Paris sessions' online rooms and
interpretation languages, and two past monthly meetings of the community of practice, so that their join
records and certificates have finished meetings (registration/demo_online.py). How each demo event is
attended (in person, online, hybrid) is in its spec in events/demo.py.
"""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from core.multilingual import set_translations
from core.times import to_utc
from events.models import ONLINE, PUBLISHED, Event, EventGoal, EventOrganiser, EventSdg, Session

COMMUNITY = "community-of-practice-cultural-statistics"
PARIS = "global-forum-cultural-policies-2027"
#: The Paris forum's rooms stream each on their own channel; plenaries are interpreted into four languages.
PARIS_STREAMS = {"Room I": "https://stream.example.org/global-forum/room-1",
                 "Room II": "https://stream.example.org/global-forum/room-2",
                 "Room IV": "https://stream.example.org/global-forum/room-4",
                 "Fontenoy Hall": "https://stream.example.org/global-forum/fontenoy"}
PLENARY_LANGUAGES, SESSION_LANGUAGES = ["en", "fr", "es", "ar"], ["en", "fr"]
#: Past monthly meetings of the community of practice: (slug, day, [(hour, minute, minutes, type, en, fr)]).
PAST_MEETINGS = [
    (f"{COMMUNITY}-2026-10", "October 2026", "octobre 2026", date(2026, 10, 13),
     [(14, 0, 40, "presentation", "Country presentation: Colombia's satellite account for culture",
       "Présentation pays : le compte satellite de la culture de la Colombie"),
      (14, 45, 45, "peer_exchange", "Open discussion: measuring cultural participation",
       "Discussion ouverte : mesurer la participation culturelle")]),
    (f"{COMMUNITY}-2026-11", "November 2026", "novembre 2026", date(2026, 11, 10),
     [(14, 0, 40, "presentation", "Country presentation: Kenya's survey of the creative economy",
       "Présentation pays : l'enquête du Kenya sur l'économie créative"),
      (14, 45, 45, "peer_exchange", "Open discussion: data on artists' incomes",
       "Discussion ouverte : les données sur les revenus des artistes")]),
]


def load():
    meetings = _past_meetings()
    rooms = _paris_rooms()
    db.session.commit()
    yield (f"demo online rooms: {meetings} past community-of-practice meetings created, {rooms} Paris sessions given a room and languages")


def _at(day: date, hour: int, minute: int, zone: str) -> datetime:
    return to_utc(datetime(day.year, day.month, day.day, hour, minute), zone)


def _event(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def _past_meetings() -> int:
    community = _event(COMMUNITY)
    if community is None:
        return 0
    created = 0
    for slug, month, mois, day, programme in PAST_MEETINGS:
        if _event(slug) is not None:
            continue
        event = Event(
            slug=slug, kind=community.kind, title=f"{community.title} — {month}", summary=community.summary,
            description=community.description, timezone=community.timezone,
            starts_at=_at(day, 14, 0, community.timezone), ends_at=_at(day, 15, 30, community.timezone),
            venue_name="", venue_address="", country=None, region=None, online_url=community.online_url,
            attendance_mode=ONLINE, working_languages=list(community.working_languages), status=PUBLISHED,
            visibility="public", first_published_at=utcnow(),
            details={**community.details, "count": 1},
            goals=[EventGoal(goal=goal.goal) for goal in community.goals],
            sdgs=[EventSdg(sdg=sdg.sdg) for sdg in community.sdgs],
            team=[EventOrganiser(user_id=user_id) for user_id in db.session.scalars(
                select(User.id).where(User.email == "organiser@convene.example"))])
        set_translations(event, "title", {"fr": f"Communauté de pratique : statistiques culturelles — {mois}"})
        for hour, minute, length, kind, title, titre in programme:
            starts = _at(day, hour, minute, community.timezone)
            session = Session(title=title, session_type=kind, starts_at=starts,
                              ends_at=starts + timedelta(minutes=length), languages=["en", "fr"])
            event.sessions.append(session)
            set_translations(session, "title", {"fr": titre})
        db.session.add(event)
        created += 1
    return created


def _paris_rooms() -> int:
    event = _event(PARIS)
    if event is None:
        return 0
    changed = 0
    for session in event.sessions:
        if session.online_url or session.languages or session.session_type == "break":
            continue
        room = session.room.name if session.room else ""
        session.online_url = PARIS_STREAMS.get(room, "")
        session.languages = list(PLENARY_LANGUAGES if session.session_type == "plenary" else SESSION_LANGUAGES)
        changed += 1
    return changed
