"""Calendar feeds, read back with vobject (an iCalendar parser independent of the icalendar library that
writes them) and checked for what a person would notice in their calendar."""
from datetime import UTC, datetime, timedelta
import itertools
import random
import sys
from zoneinfo import ZoneInfo

from icalendar import Calendar
import pytest
import vobject

from events.ical import agenda_calendar, event_calendar, events_calendar, session_calendar
from events.models import Event, Room, Session, SessionSpeaker, Speaker, Track

pytestmark = pytest.mark.usefixtures("app")  # the app's mappers must be configured to build models

PARIS, SYDNEY, NAIROBI = "Europe/Paris", "Australia/Sydney", "Africa/Nairobi"
CHANGED = datetime(2026, 1, 5, 12, 30, tzinfo=UTC)
_numbers = itertools.count(1)


def at(zone_name, *wall_clock) -> datetime:
    """A wall-clock time in `zone_name` as the aware UTC datetime the database holds."""
    return datetime(*wall_clock, tzinfo=ZoneInfo(zone_name)).astimezone(UTC)


def utc(*fields) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def make_event(**fields) -> Event:
    number = next(_numbers)
    zone_name = fields.get("timezone", PARIS)
    values = dict(
        id=number, uid=f"event-{number}@convene", slug=f"forum-{number}", kind="conference",
        title="Cultural policy forum", summary="", description="", timezone=zone_name,
        starts_at=at(zone_name, 2026, 3, 28, 9), ends_at=at(zone_name, 2026, 3, 31, 18),
        sequence=0, status="published", visibility="public", details={},
        venue_name="Maison de l'UNESCO", venue_address="7 place de Fontenoy\n75007 Paris", online_url="",
        updated_at=CHANGED, content_changed_at=CHANGED)
    values.update(fields)
    return Event(**values)


def make_session(event, wall_clock=(2026, 3, 28, 10), minutes=60, **fields) -> Session:
    number = next(_numbers)
    starts = at(event.timezone, *wall_clock)
    values = dict(
        id=number, uid=f"session-{number}@convene", title=f"Session {number}", description="",
        session_type="panel", starts_at=starts, ends_at=starts + timedelta(minutes=minutes),
        status="scheduled", sequence=0, updated_at=CHANGED)
    values.update(fields)
    session = Session(**values)
    session.event = event
    return session


def link(obj) -> str:
    return f"https://convene.example/{'sessions' if isinstance(obj, Session) else 'events'}/{obj.uid}"


@pytest.fixture
def read(monkeypatch):
    def read(data: bytes):
        # Only the feed's own VTIMEZONE may explain its TZIDs: vobject's registry of zones is emptied
        # (it keeps the first zone of a name it ever saw), and pytz, its way to the system zone
        # database, is taken away.
        monkeypatch.setitem(vars(vobject.icalendar), "__tzidMap", {"UTC": vobject.icalendar.utc})
        monkeypatch.setitem(sys.modules, "pytz", None)
        return vobject.readOne(data.decode("utf-8"))
    return read


def vevents(calendar) -> dict:
    return {vevent.uid.value: vevent for vevent in calendar.vevent_list}


def raw_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    return data.split(b"\r\n")[:-1]


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


# What a subscriber's calendar shows: 10:00 on the venue's clocks, whichever side of a clock change.
CLOCK_CHANGES = {
    PARIS: [((2026, 3, 28), utc(2026, 3, 28, 9)), ((2026, 3, 30), utc(2026, 3, 30, 8)),
            ((2026, 10, 24), utc(2026, 10, 24, 8)), ((2026, 10, 26), utc(2026, 10, 26, 9))],
    SYDNEY: [((2026, 4, 4), utc(2026, 4, 3, 23)), ((2026, 4, 6), utc(2026, 4, 6, 0)),
             ((2026, 10, 3), utc(2026, 10, 3, 0)), ((2026, 10, 5), utc(2026, 10, 4, 23))],
    NAIROBI: [((2026, 3, 28), utc(2026, 3, 28, 7)), ((2026, 3, 30), utc(2026, 3, 30, 7)),
              ((2026, 10, 24), utc(2026, 10, 24, 7)), ((2026, 10, 26), utc(2026, 10, 26, 7))],
}


@pytest.mark.parametrize("zone_name", CLOCK_CHANGES)
def test_sessions_keep_their_wall_clock_time_across_clock_changes(read, zone_name):
    event = make_event(timezone=zone_name)
    sessions = {make_session(event, (*day, 10), 90).uid: moment for day, moment in CLOCK_CHANGES[zone_name]}

    data = event_calendar(event, event.sessions, link=link)

    assert f"DTSTART;TZID={zone_name}:".encode() in data
    found = vevents(read(data))
    assert set(found) == set(sessions)
    for uid, moment in sessions.items():
        starts, ends = found[uid].dtstart.value, found[uid].dtend.value
        assert starts.tzinfo is not None  # resolved through the feed's VTIMEZONE alone
        assert starts.astimezone(UTC) == moment
        assert (starts.hour, starts.minute) == (10, 0)
        assert ends.astimezone(UTC) == moment + timedelta(minutes=90)
        assert starts.utcoffset() == moment.astimezone(ZoneInfo(zone_name)).utcoffset()


def test_the_vtimezone_states_each_change_where_rfc_5545_puts_it(read):
    event = make_event()
    make_session(event, (2026, 3, 28, 10))
    make_session(event, (2026, 10, 26, 10))

    calendar = read(event_calendar(event, event.sessions, link=link))

    (zone,) = calendar.vtimezone_list
    assert zone.tzid.value == PARIS
    observances = [(part.name, part.dtstart.value, part.tzoffsetfrom.value, part.tzoffsetto.value)
                   for part in zone.getChildren() if part.name in ("STANDARD", "DAYLIGHT")]
    # Each onset is given in the time it replaces: clocks go forward at 02:00 CET and back at 03:00 CEST.
    assert ("DAYLIGHT", datetime(2026, 3, 29, 2), "+0100", "+0200") in observances
    assert ("STANDARD", datetime(2026, 10, 25, 3), "+0200", "+0100") in observances
    assert {name for name, *_ in observances} == {"STANDARD", "DAYLIGHT"}
    assert all(to == "+0100" for name, _, _, to in observances if name == "STANDARD")
    assert all(to == "+0200" for name, _, _, to in observances if name == "DAYLIGHT")
    # vobject reads the instants of the changes from it.
    paris = calendar.vevent_list[0].dtstart.value.tzinfo
    assert datetime(2026, 3, 29, 1, 59, tzinfo=paris).astimezone(UTC) == utc(2026, 3, 29, 0, 59)
    assert datetime(2026, 3, 29, 3, 1, tzinfo=paris).astimezone(UTC) == utc(2026, 3, 29, 1, 1)
    assert datetime(2026, 10, 25, 1, 59, tzinfo=paris).astimezone(UTC) == utc(2026, 10, 24, 23, 59)
    assert datetime(2026, 10, 25, 3, 1, tzinfo=paris).astimezone(UTC) == utc(2026, 10, 25, 2, 1)


def test_the_vtimezone_covers_every_year_of_the_feed(read):
    early = make_event(starts_at=at(PARIS, 2026, 1, 15, 10), ends_at=at(PARIS, 2026, 1, 15, 12))
    late = make_event(starts_at=at(PARIS, 2028, 7, 15, 10), ends_at=at(PARIS, 2028, 7, 15, 12))
    sydney = make_event(timezone=SYDNEY, starts_at=at(SYDNEY, 2027, 1, 10, 10), ends_at=at(SYDNEY, 2027, 1, 10, 12))

    data = events_calendar([late, sydney, early], name="All events", link=link)

    found = vevents(read(data))
    assert found[early.uid].dtstart.value.astimezone(UTC) == utc(2026, 1, 15, 9)
    assert found[late.uid].dtstart.value.astimezone(UTC) == utc(2028, 7, 15, 8)
    assert found[sydney.uid].dtstart.value.astimezone(UTC) == utc(2027, 1, 9, 23)
    assert data.count(b"BEGIN:VTIMEZONE") == 2
    assert b"X-WR-TIMEZONE" not in data  # a list of events has no one zone


def test_a_community_of_practice_repeats_at_the_same_local_time(read):
    event = make_event(kind="community_of_practice", title="Peers on cultural statistics",
                       starts_at=at(PARIS, 2026, 1, 13, 14), ends_at=at(PARIS, 2026, 1, 13, 15, 30),
                       details={"policy_area": "statistics", "frequency": "MONTHLY", "count": 6})

    for data in (event_calendar(event, [], link=link),
                 events_calendar([event], name="All events", link=link)):
        (vevent,) = read(data).vevent_list
        assert vevent.rrule.value == "FREQ=MONTHLY;COUNT=6;INTERVAL=1"
        meetings = list(vevent.getrruleset())
        assert [m.date().isoformat() for m in meetings] == [
            "2026-01-13", "2026-02-13", "2026-03-13", "2026-04-13", "2026-05-13", "2026-06-13"]
        assert all((m.hour, m.minute) == (14, 0) for m in meetings)
        assert [m.astimezone(UTC).hour for m in meetings] == [13, 13, 13, 12, 12, 12]


def test_repeats_beyond_the_first_year_get_their_clock_changes(read):
    event = make_event(kind="community_of_practice", starts_at=at(PARIS, 2026, 7, 14, 14),
                       ends_at=at(PARIS, 2026, 7, 14, 15),
                       details={"frequency": "WEEKLY", "interval": 52, "count": 3})

    (vevent,) = read(event_calendar(event, [], link=link)).vevent_list

    meetings = list(vevent.getrruleset())
    assert [m.date().isoformat() for m in meetings] == ["2026-07-14", "2027-07-13", "2028-07-11"]
    assert [m.astimezone(UTC) for m in meetings] == [utc(2026, 7, 14, 12), utc(2027, 7, 13, 12),
                                                    utc(2028, 7, 11, 12)]


def test_an_event_without_sessions_is_one_vevent(read):
    event = make_event(summary="Three days on the 2005 Convention.", description="Bring **ideas**.",
                       sequence=4, content_changed_at=utc(2026, 2, 1, 8), updated_at=utc(2026, 2, 2, 8))

    data = event_calendar(event, [], link=link)

    (vevent,) = read(data).vevent_list
    assert vevent.uid.value == event.uid
    assert vevent.summary.value == "Cultural policy forum"
    assert vevent.description.value == (
        "Three days on the 2005 Convention.\n\nBring **ideas**.\n\nhttps://convene.example/events/" + event.uid)
    assert vevent.url.value == link(event)
    assert vevent.location.value == "Maison de l'UNESCO, 7 place de Fontenoy, 75007 Paris"
    assert vevent.categories.value == ["Conference"]
    assert vevent.sequence.value == "4"
    assert vevent.status.value == "CONFIRMED"
    assert vevent.last_modified.value == vevent.dtstamp.value == utc(2026, 2, 1, 8)
    assert not hasattr(vevent, "rrule")


def test_a_session_vevent_says_what_where_and_who(read):
    event = make_event(updated_at=utc(2026, 2, 3, 9))
    room = Room(name="Room XII", position=1, event=event)
    track = Track(name="Creativity; education", event=event)
    session = make_session(event, title="Opening", description="Why the Convention matters.",
                           session_type="plenary", room=room, track=track, updated_at=utc(2026, 2, 1, 9))
    session.speaker_links = [
        SessionSpeaker(role="moderator", position=2, speaker=Speaker(name="Ana Lima", event=event)),
        SessionSpeaker(role="speaker", position=0, speaker=Speaker(name="Kwame Mensah", affiliation="Ghana, MoC",
                                                                   event=event)),
        SessionSpeaker(role="facilitator", position=3, speaker=Speaker(name="Li Wei", affiliation="UNESCO",
                                                                       event=event)),
        SessionSpeaker(role="speaker", position=1, speaker=Speaker(name="Olga Petrova", event=event)),
    ]

    (vevent,) = read(session_calendar(session, link=link)).vevent_list

    assert vevent.summary.value == "Opening"
    assert vevent.description.value == (
        "Why the Convention matters.\n\n"
        "Speakers: Kwame Mensah (Ghana, MoC) and Olga Petrova\n"
        "Facilitators: Li Wei (UNESCO)\n"
        "Moderators: Ana Lima\n\n"
        f"https://convene.example/sessions/{session.uid}")
    assert vevent.location.value == "Room XII, Maison de l'UNESCO, 7 place de Fontenoy, 75007 Paris"
    assert vevent.url.value == link(session)
    assert vevent.categories.value == ["Plenary", "Creativity; education"]
    # The later of the session's and the event's changes: an event's move changes its sessions too.
    assert vevent.last_modified.value == vevent.dtstamp.value == utc(2026, 2, 3, 9)


def test_an_online_only_event_is_online_in_feeds_and_the_agenda_gives_the_personal_join_link(read):
    event = make_event(venue_name="", venue_address="", online_url="https://meet.example/forum")
    make_session(event, room=Room(name="Main stage", event=event))

    data = event_calendar(event, event.sessions, link=link)
    alone = events_calendar([event], name="All events", link=link)
    mine = agenda_calendar(event.sessions, name="My agenda", link=link,
                           join=lambda session: "https://convene.example/join/J1-7-1-CODE/sessions/1")

    # Anyone may subscribe to a public feed: it says "Online", never the address to join; the person's own
    # agenda gives their personal join link (registration.online), never the room's address either.
    assert read(data).vevent.location.value == "Online" and b"meet.example" not in data
    assert read(alone).vevent.location.value == "Online" and b"meet.example" not in alone
    assert read(mine).vevent.location.value == "Online" and b"meet.example" not in mine
    assert ("Join online: https://convene.example/join/J1-7-1-CODE/sessions/1"
            in read(mine).vevent.description.value)


def test_the_calendar_names_itself_and_asks_to_be_refreshed_hourly(read):
    event = make_event(title="Forum, 2026; Paris")
    session = make_session(event, title="Opening")

    feeds = {"Forum, 2026; Paris": event_calendar(event, [session], link=link),
             "Opening": session_calendar(session, link=link),
             "Public events": events_calendar([event], name="Public events", link=link)}

    for name, data in feeds.items():
        lines = raw_lines(data)
        assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
        for line in (b"VERSION:2.0", b"PRODID:-//Convene//Convene//EN", b"CALSCALE:GREGORIAN",
                     b"METHOD:PUBLISH", b"REFRESH-INTERVAL;VALUE=DURATION:PT1H", b"X-PUBLISHED-TTL:PT1H"):
            assert line in lines
        calendar = read(data)
        assert calendar.contents["x-wr-calname"][0].value == name
        assert calendar.version.value == "2.0"
    assert b"X-WR-TIMEZONE:Europe/Paris" in feeds["Forum, 2026; Paris"]
    assert b"X-WR-TIMEZONE:Europe/Paris" in feeds["Opening"]


def test_uids_are_the_stored_ones_and_survive_edits(read):
    event = make_event()
    sessions = [make_session(event, (2026, 3, 28, hour)) for hour in (9, 11, 14)]

    before = vevents(read(event_calendar(event, sessions, link=link)))
    sessions[0].title = "A new title"
    event.title = "A new name"
    after = vevents(read(event_calendar(event, sessions, link=link)))

    assert set(before) == set(after) == {session.uid for session in sessions}
    assert after[sessions[0].uid].summary.value == "A new title"
    assert read(events_calendar([event], name="All", link=link)).vevent.uid.value == event.uid


def test_sequence_rises_with_the_session_and_with_its_event(read):
    event = make_event(sequence=0)
    session = make_session(event, sequence=0)

    def sequence():
        return int(read(event_calendar(event, [session], link=link)).vevent.sequence.value)

    assert sequence() == 0
    session.sequence = 1
    assert sequence() == 1
    event.sequence = 2
    assert sequence() == 3
    assert read(events_calendar([event], name="All", link=link)).vevent.sequence.value == "2"


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(read):
    event = make_event()
    kept = make_session(event, (2026, 3, 28, 10))
    dropped = make_session(event, (2026, 3, 28, 11), status="cancelled")

    found = vevents(read(event_calendar(event, event.sessions, link=link)))

    assert found[dropped.uid].status.value == "CANCELLED"
    assert found[kept.uid].status.value == "CONFIRMED"


def test_a_cancelled_event_cancels_every_session(read):
    event = make_event(status="cancelled")
    sessions = [make_session(event, (2026, 3, 28, hour)) for hour in (10, 11)]

    found = vevents(read(event_calendar(event, sessions, link=link)))

    assert [found[session.uid].status.value for session in sessions] == ["CANCELLED", "CANCELLED"]
    assert read(session_calendar(sessions[0], link=link)).vevent.status.value == "CANCELLED"
    assert read(events_calendar([event], name="All", link=link)).vevent.status.value == "CANCELLED"
    assert read(event_calendar(event, [], link=link)).vevent.status.value == "CANCELLED"


def test_drafts_are_left_out_of_lists_of_events(read):
    published = make_event(title="Published")
    cancelled = make_event(title="Cancelled", status="cancelled")
    draft = make_event(title="Draft", status="draft")

    data = events_calendar([draft, published, cancelled], name="All", link=link)

    assert set(vevents(read(data))) == {published.uid, cancelled.uid}
    assert b"Draft" not in data


def build_programme(order=None):
    """The same programme built afresh, its sessions handed over in `order`."""
    global _numbers
    _numbers = itertools.count(1000)
    event = make_event(kind="workshop", summary="Summary", sequence=3)
    room = Room(name="Salle 1", event=event)
    speaker = Speaker(name="Amina Diallo", affiliation="Sénégal", event=event)
    for hour in (9, 9, 11, 14, 16):  # two sessions at nine: the id decides
        session = make_session(event, (2026, 3, 29, hour), room=room)
        session.speaker_links = [SessionSpeaker(role="speaker", position=0, speaker=speaker)]
    sessions = list(event.sessions)
    if order:
        order(sessions)
    return event, sessions


def test_the_same_programme_gives_the_same_bytes():
    first = event_calendar(*build_programme(), link=link)
    again = event_calendar(*build_programme(lambda sessions: random.Random(4).shuffle(sessions)), link=link)
    reversed_ = event_calendar(*build_programme(lambda sessions: sessions.reverse()), link=link)

    assert first == again == reversed_
    starts = [line for line in unfolded(first) if line.startswith("DTSTART;")]
    assert starts == sorted(starts)


SPECIAL = {
    "punctuation": "Panel: art, law; money \\ power\nsecond line",
    "arabic": "ندوة حول السياسات الثقافية " * 6,
    "chinese": "文化表现形式多样性公约缔约方大会：文化政策与可持续发展的经验交流" * 3,
    "cyrillic": "Круглый стол о культурной политике и устойчивом развитии в регионах " * 3,
    "emoji": "Fête de la musique 🎶🎻 — crêpes 🥞, café ☕; 👩🏽‍🎨 artists",
}


@pytest.mark.parametrize("key", SPECIAL)
def test_text_round_trips_exactly_and_lines_fold_at_75_octets(read, key):
    text = SPECIAL[key]
    event = make_event(title=text, venue_name=text, venue_address="")
    session = make_session(event, title=text, description=text,
                           track=Track(name=text, event=event), room=Room(name="Room, 1", event=event))
    session.speaker_links = [SessionSpeaker(role="speaker", position=0,
                                            speaker=Speaker(name=text, affiliation="A; B", event=event))]

    for data in (event_calendar(event, [session], link=link), session_calendar(session, link=link)):
        for line in raw_lines(data):
            assert len(line) <= 75
            line.decode("utf-8")  # no character is cut in two by a fold
        calendar = read(data)
        vevent = calendar.vevent
        assert vevent.summary.value == text
        assert vevent.description.value == (
            f"{text.strip()}\n\nSpeakers: {text} (A; B)\n\nhttps://convene.example/sessions/{session.uid}")
        assert vevent.location.value == f"Room, 1, {text}"
        assert vevent.categories.value == ["Panel", text]
        assert calendar.contents["x-wr-calname"][0].value == text
        # icalendar reads what was hand-assembled to the same values.
        (parsed,) = Calendar.from_ical(data).events
        assert (str(parsed["SUMMARY"]), str(parsed["LOCATION"])) == (text, f"Room, 1, {text}")


def test_a_fold_never_splits_an_escape():
    # "SUMMARY;LANGUAGE=en:" and 54 letters fill 74 octets, so the escaped comma (\,) would straddle the
    # 75th; on the next line the escaped backslash (\\) would straddle the last octet.
    title = "x" * 54 + "," + "y" * 71 + "\\" + "z" * 10
    event = make_event(title=title)

    data = events_calendar([event], name="All", link=link)

    summary = next(line for line in unfolded(data) if line.startswith("SUMMARY;LANGUAGE=en:"))
    assert summary == "SUMMARY;LANGUAGE=en:" + title.replace("\\", "\\\\").replace(",", "\\,")
    for line in raw_lines(data):
        assert len(line) <= 75
    lines = raw_lines(data)
    first = lines.index(b"SUMMARY;LANGUAGE=en:" + b"x" * 54)
    assert lines[first + 1] == b" \\," + b"y" * 71
    assert lines[first + 2].startswith(b" \\\\z")


def test_utc_events_need_no_vtimezone(read):
    event = make_event(timezone="UTC")

    data = events_calendar([event], name="All", link=link)

    assert b"BEGIN:VTIMEZONE" not in data
    assert b"DTSTART:20260328T090000Z" in data
    assert read(data).vevent.dtstart.value == utc(2026, 3, 28, 9)
