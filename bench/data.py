"""The data the benchmarks run on: a 500-session conference, a 5-session event and 200 others.

The big conference spans the night European clocks go forward (28 March 2027), as the demo's does,
so the feed and the programme pay for a zone with two offsets. The small event has the same shape
with 5 sessions: the query counts of the two must be equal.

Run as `python -m bench.data` with DATABASE_URL pointing at a migrated, empty database.
"""
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from core.extensions import db
from core.models import utcnow
from core.regions import region_of
from core.times import to_utc
from events.models import PUBLISHED, Event, EventGoal, EventSdg, Room, Session, SessionSpeaker, Speaker, Track

BIG_SLUG = "bench-conference-500"
SMALL_SLUG = "bench-workshop-5"
ZONE = "Europe/Paris"
SESSIONS, DAYS, ROOMS, TRACKS, SPEAKERS, SPEAKERS_PER_SESSION = 500, 3, 8, 4, 60, 2
OTHER_EVENTS = 200
#: 21 half-hour slots a day from 09:00 in 8 rooms over 3 days: 504 places for the 500 sessions.
FIRST_SLOT, SLOT_MINUTES, SESSION_MINUTES = (9, 0), 30, 25

TOPICS = ["public funding for the arts", "digital platforms and local content", "cultural statistics",
          "fair trade in cultural goods", "creative hubs", "gender equality in the creative sectors",
          "artistic freedom", "the status of the artist", "mobility of artists", "media diversity",
          "copyright and fair remuneration", "culture in development plans"]
SESSION_TYPES = ["panel", "workshop", "presentation", "peer_exchange", "plenary"]
COUNTRIES = ["FR", "SN", "KE", "CO", "TN", "VN", "BR", "IN", "JP", "UA", "NG", "CL", "DK", "MA", "JO", "GH"]
KINDS = ["conference", "workshop", "dialogue", "knowledge_fair"]
FIRST_NAMES = ["Amina", "Jean-Baptiste", "Fatima", "Tariq", "Jing", "Olena", "José", "Ngozi", "Lan", "Søren",
               "Priya", "Mele", "Ana Lúcia", "Kwame", "Aigerim", "Haruto", "Lucía", "Moussa", "Ingrid", "Karim"]
LAST_NAMES = ["Diallo", "Lefèvre", "Benali", "Haddad", "Li", "Kovalenko", "Martínez", "Okonkwo", "Nguyễn",
              "Østergaard", "Raghunathan", "Tupou", "Ferreira", "Mensah", "Seitkali", "Sato", "Ferreyra", "Traoré"]
DESCRIPTION = ("Speakers share what worked in their countries for {topic}, what did not, and what they would "
               "do differently; then questions from the floor and from online participants.")


def _event(slug: str, title: str, kind: str, starts_at: datetime, ends_at: datetime, country: str,
           index: int = 0) -> Event:
    return Event(slug=slug, kind=kind, title=title,
                 summary=f"Ministries, civil society and artists on {TOPICS[index % len(TOPICS)]}.",
                 description=DESCRIPTION.format(topic=TOPICS[index % len(TOPICS)]), timezone=ZONE,
                 starts_at=starts_at, ends_at=ends_at, venue_name="Conference centre",
                 venue_address=f"{index + 1} avenue de la Culture\nParis", country=country,
                 region=region_of(country), working_languages=["en", "fr"], status=PUBLISHED, visibility="public",
                 details={}, goals=[EventGoal(goal="governance"), EventGoal(goal="mobility")],
                 sdgs=[EventSdg(sdg=8), EventSdg(sdg=17)], first_published_at=utcnow())


def _programme(event: Event, first_day: date, sessions: int, rooms: int) -> None:
    """`sessions` sessions slot after slot in `rooms` rooms, 2 speakers each, no speaker in two places at once."""
    event.rooms = [Room(name=f"Room {index + 1}", capacity=100 + 50 * index, position=index) for index in range(rooms)]
    event.tracks = [Track(name=f"Track {index + 1}: {TOPICS[index]}") for index in range(TRACKS)]
    event.speakers = [Speaker(name=f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index % len(LAST_NAMES)]}",
                              affiliation=f"Institute of {TOPICS[index % len(TOPICS)]}",
                              country=COUNTRIES[index % len(COUNTRIES)], bio="Works on cultural policy.")
                      for index in range(SPEAKERS)]
    slots_a_day = -(-sessions // (DAYS * rooms))
    for number in range(sessions):
        slot, room = divmod(number, rooms)
        day, slot_of_day = divmod(slot, slots_a_day)
        minutes = FIRST_SLOT[0] * 60 + FIRST_SLOT[1] + slot_of_day * SLOT_MINUTES
        on = first_day + timedelta(days=day)
        starts = to_utc(datetime(on.year, on.month, on.day, minutes // 60, minutes % 60), ZONE)
        # The speakers of one slot are consecutive and fewer than SPEAKERS: no clash in the programme.
        first_speaker = (slot * rooms + room) * SPEAKERS_PER_SESSION
        session = Session(title=f"{TOPICS[number % len(TOPICS)].capitalize()}: session {number + 1}",
                          session_type=SESSION_TYPES[number % len(SESSION_TYPES)],
                          description=DESCRIPTION.format(topic=TOPICS[number % len(TOPICS)]),
                          starts_at=starts, ends_at=starts + timedelta(minutes=SESSION_MINUTES),
                          room=event.rooms[room], track=event.tracks[room % TRACKS])
        for position in range(SPEAKERS_PER_SESSION):
            speaker = event.speakers[(first_speaker + position) % SPEAKERS]
            session.speaker_links.append(SessionSpeaker(speaker=speaker, role="speaker", position=position))
        event.sessions.append(session)


def build() -> dict:
    """Add the benchmark events to the (empty) database; returns what was built."""
    first_day = date(2027, 3, 27)  # Saturday; clocks go forward in the night to Sunday 28th
    big = _event(BIG_SLUG, "Benchmark conference: 500 sessions", "conference",
                 to_utc(datetime(2027, 3, 27, 9, 0), ZONE), to_utc(datetime(2027, 3, 29, 20, 0), ZONE), "FR")
    _programme(big, first_day, SESSIONS, ROOMS)
    small = _event(SMALL_SLUG, "Benchmark workshop: 5 sessions", "workshop",
                   to_utc(datetime(2027, 3, 27, 9, 0), ZONE), to_utc(datetime(2027, 3, 29, 20, 0), ZONE), "FR", 1)
    _programme(small, first_day, 5, 2)
    db.session.add_all([big, small])

    # Others from next week on, so that the list (upcoming events by default) has many pages of them.
    today = utcnow().date()
    for index in range(OTHER_EVENTS):
        on = today + timedelta(days=7 + index)
        starts = to_utc(datetime(on.year, on.month, on.day, 9, 30), ZONE)
        db.session.add(_event(f"bench-event-{index + 1:03d}",
                              f"{KINDS[index % len(KINDS)].replace('_', ' ').capitalize()} on "
                              f"{TOPICS[index % len(TOPICS)]} ({index + 1})",
                              KINDS[index % len(KINDS)], starts, starts + timedelta(days=1, hours=8),
                              COUNTRIES[index % len(COUNTRIES)], index))
    db.session.commit()
    return {"big": BIG_SLUG, "small": SMALL_SLUG, "sessions": len(big.sessions), "small_sessions": len(small.sessions),
            "other_events": OTHER_EVENTS}


def main() -> None:
    from factory import create_app

    with create_app().app_context():
        if db.session.scalar(select(func.count(Event.id))):
            raise SystemExit("bench.data: the database already has events; the benchmarks need an empty one.")
        built = build()
    print(f"bench data: {built['sessions']} + {built['small_sessions']} sessions, {built['other_events']} other events")


if __name__ == "__main__":
    main()
