"""Calendar feeds (RFC 5545) of events and their programmes, as bytes the views send as they are.

Subscribed calendars (Thunderbird, Apple, Google, Outlook) key everything on UID and learn of changes
from SEQUENCE and LAST-MODIFIED. Nothing here reads the clock and every list is sorted, so an unchanged
feed is byte-for-byte the same and the view can answer 304 from its hash.

icalendar writes the calendar's head and its time zones. Its components and value classes are too
slow for a big programme (about 130 ms for 500 sessions), so each VEVENT's lines are written here.
"""
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr  # icalendar's own dependency
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import vDuration, vRecur, vText

from flask_babel import gettext as _, lazy_gettext as _l

from core.i18n import name_list
from core.multilingual import translated
from events.kinds import kind_label, recurrence
from events.models import CANCELLED, DRAFT
from events.vocabulary import SESSION_TYPES

PRODID = "-//Convene//Convene//EN"
#: How often subscribers should poll; the feed changes when the programme does.
REFRESH = timedelta(hours=1)
#: Roles in the order their lines appear in a description (keys of events.vocabulary.SPEAKER_ROLES).
#: In the language asked: the views key feeds' ETags and remembered bytes by language (core.http,
#: core.cache), and a mail's .ics is built under the recipient's force_locale.
ROLE_LINES = {"speaker": _l("Speakers: %(names)s"), "facilitator": _l("Facilitators: %(names)s"),
              "moderator": _l("Moderators: %(names)s")}
#: Zones whose times are written in UTC ("Z"), as clients expect, rather than with a TZID.
UTC_ZONES = {"UTC", "Etc/UTC"}
END = b"END:VCALENDAR\r\n"


class _VEvent(NamedTuple):
    zone_name: str
    #: First and last year the item touches in its zone, its repeats included: the VTIMEZONE covers them.
    years: tuple[int, int]
    ical: bytes


def event_calendar(event, sessions, *, link) -> bytes:
    if sessions:
        items = [_session_vevent(session, link) for session in sorted(sessions, key=_in_time_order)]
    else:
        items = [_event_vevent(event, link)]
    return _calendar(translated(event, "title"), items, zone_name=event.timezone)


def session_calendar(session, *, link) -> bytes:
    return _calendar(translated(session, "title"), [_session_vevent(session, link)],
                     zone_name=session.event.timezone)


def events_calendar(events, *, name, link) -> bytes:
    # Callers list only published events; a draft must never leak even if one slips through.
    listed = sorted((event for event in events if event.status != DRAFT), key=_in_time_order)
    return _calendar(name, [_event_vevent(event, link) for event in listed])


def agenda_calendar(sessions, *, name, link, join=None) -> bytes:
    """A person's own agenda: sessions of several events, each in its event's zone; the only feed that gives a
    way to join online: `join(session)` is the person's own join link for it ("" when they have none), never
    the room's address."""
    return _calendar(name, [_session_vevent(session, link, join=join(session) if join else "")
                            for session in sorted(sessions, key=_in_time_order)])


def _in_time_order(item):
    return item.starts_at, item.id or 0


def _calendar(name: str, items: list[_VEvent], zone_name: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # NAME is RFC 7986's, X-WR-CALNAME what most clients read. icalendar passes both through unescaped
    # (as it must for properties it does not know), so they are marked as text to escape "," and ";".
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    if zone_name:
        calendar.add("X-WR-TIMEZONE", zone_name)
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))  # Outlook and Apple read this one
    head = calendar.to_ical()
    assert head.endswith(END)
    return b"".join([head[:-len(END)], *_vtimezones(items), *(item.ical for item in items), END])


def _session_vevent(session, link, join: str = "") -> _VEvent:
    event = session.event
    speakers = sorted(session.speaker_links, key=lambda speaker_link: speaker_link.position or 0)
    url = link(session)
    return _vevent(
        uid=session.uid, title=translated(session, "title"), zone_name=event.timezone,
        starts_at=session.starts_at, ends_at=session.ends_at,
        # Both only ever rise, so their sum rises whenever either does.
        sequence=(event.sequence or 0) + (session.sequence or 0),
        changed=max(session.updated_at, event.updated_at),
        is_cancelled=session.status == CANCELLED or event.status == CANCELLED,
        location=_location(event, translated(session.room, "name") if session.room else ""),
        categories=[str(SESSION_TYPES.get(session.session_type, session.session_type))]
        + ([translated(session.track, "name")] if session.track else []),
        description=_description([translated(session, "description")],
                                 [(speaker_link.role, speaker_link.speaker) for speaker_link in speakers], url,
                                 join=join),
        url=url,
    )


def _event_vevent(event, link) -> _VEvent:
    url = link(event)
    return _vevent(
        uid=event.uid, title=translated(event, "title"), zone_name=event.timezone,
        starts_at=event.starts_at, ends_at=event.ends_at,
        sequence=event.sequence or 0,
        changed=event.content_changed_at,
        is_cancelled=event.status == CANCELLED,
        location=_location(event),
        categories=[str(kind_label(event.kind))],
        description=_description([translated(event, "summary"), translated(event, "description")],
                                 [("speaker", speaker) for speaker in event.speakers], url),
        url=url,
        # The event's own start and end are the first meeting of a recurring kind.
        recurrence=recurrence(event),
    )


def _vevent(*, uid, title, zone_name, starts_at, ends_at, sequence, changed, is_cancelled, location,
            categories, description, url, recurrence=None) -> _VEvent:
    zone = ZoneInfo(zone_name)
    starts, ends = starts_at.astimezone(zone), ends_at.astimezone(zone)
    # DTSTAMP is when this copy was made; "now" would change the bytes on every request, so it is the
    # time the item last changed, which is all a subscriber needs to order two copies.
    stamp = _utc(changed)
    in_utc = zone_name in UTC_ZONES
    at = b"" if in_utc else f";TZID={zone_name}".encode()
    lines = [
        b"BEGIN:VEVENT",
        b"UID:" + _text(uid),
        b"DTSTAMP:" + stamp,
        b"LAST-MODIFIED:" + stamp,
        b"SEQUENCE:%d" % sequence,
        b"DTSTART" + at + b":" + (_utc(starts) if in_utc else _local(starts)),
        b"DTEND" + at + b":" + (_utc(ends) if in_utc else _local(ends)),
    ]
    last = ends
    if recurrence:
        rule = vRecur(recurrence).to_ical()
        lines.append(b"RRULE:" + rule)
        last = rrulestr(rule.decode(), dtstart=starts.replace(tzinfo=None))[-1] + (ends - starts)
    # The texts come in the reader's language or, where not written in it, the event's first language:
    # LANGUAGE says which (RFC 5545 §3.2.10), for screen readers and spelling.
    language = getattr(title, "language", None)
    lines.append(b"SUMMARY" + (f";LANGUAGE={language}".encode() if language else b"") + b":" + _text(title))
    if description:
        lines.append(b"DESCRIPTION:" + _text(description))
    if location:
        lines.append(b"LOCATION:" + _text(location))
    lines.append(b"URL:" + url.encode())
    lines.append(b"CATEGORIES:" + b",".join(_text(category) for category in categories))
    # A cancelled item stays in the feed: dropping it would leave it in subscribers' calendars.
    lines.append(b"STATUS:CANCELLED" if is_cancelled else b"STATUS:CONFIRMED")
    lines.append(b"END:VEVENT")
    return _VEvent(zone_name, (starts.year, last.year), b"".join(_fold(line) + b"\r\n" for line in lines))


# Values are written here rather than through icalendar's value classes, which cost a third of a big
# feed's time; the round-trip tests (vobject and icalendar reading our bytes back) keep them honest.
def _text(value: str) -> bytes:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    # Chained replace() is several times faster than str.translate() on text with non-Latin letters.
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n").encode())


def _local(moment: datetime) -> bytes:
    """A DATE-TIME on the clocks of its TZID (the moment is already in that zone)."""
    return moment.strftime("%Y%m%dT%H%M%S").encode()


def _utc(moment: datetime) -> bytes:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode()


def _location(event, room_name: str = "") -> str:
    # An address typed on several lines reads as one line in a calendar's location field.
    address = ", ".join(line.strip() for line in (event.venue_address or "").splitlines() if line.strip())
    if not (event.venue_name or address) and event.online_url:
        # No feed carries a room's address: anyone could subscribe to a public one, and the personal agenda
        # gives the person's own join link in the description.
        return _("Online")
    return ", ".join(part for part in (room_name, event.venue_name, address) if part)


def _description(texts, speakers, url: str, join: str = "") -> str:
    blocks = [text.strip() for text in texts if text and text.strip()]
    names: dict[str, list[str]] = {}
    for role, speaker in speakers:
        label = f"{speaker.name} ({speaker.affiliation})" if speaker.affiliation else speaker.name
        names.setdefault(role if role in ROLE_LINES else "speaker", []).append(label)
    lines = [str(ROLE_LINES[role]) % {"names": name_list(names[role])} for role in ROLE_LINES if role in names]
    if lines:
        blocks.append("\n".join(lines))
    if join:
        blocks.append(_("Join online: %(address)s", address=join))
    blocks.append(url)
    return "\n\n".join(blocks)


def _fold(line: bytes, limit: int = 75) -> bytes:
    """`line` in lines of at most `limit` octets, never cutting a UTF-8 character or a "\\" escape."""
    if len(line) <= limit:
        return line
    pieces, start = [], 0
    while len(line) - start > limit:
        end = start + limit
        while line[end] & 0xC0 == 0x80:  # a continuation byte: the character began earlier
            end -= 1
        # A backslash that starts an escape ("\n", "\,") stays with what it escapes, as icalendar does:
        # some clients misread an escape split across a fold.
        backslashes = len(line[start:end]) - len(line[start:end].rstrip(b"\\"))
        if backslashes % 2:
            end -= 1
        pieces.append(line[start:end])
        start = end
        limit = 74  # continuation lines begin with a space
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


def _vtimezones(items: list[_VEvent]) -> list[bytes]:
    years: dict[str, tuple[int, int]] = {}
    for item in items:
        if item.zone_name not in UTC_ZONES:
            first, last = years.get(item.zone_name, item.years)
            years[item.zone_name] = (min(first, item.years[0]), max(last, item.years[1]))
    return [_vtimezone(zone_name, *years[zone_name]) for zone_name in sorted(years)]


@lru_cache(maxsize=256)
def _vtimezone(zone_name: str, first_year: int, last_year: int) -> bytes:
    """A VTIMEZONE with every change of `zone_name` from the start of `first_year` to the end of `last_year`.

    icalendar's Timezone.from_tzid dates a change to summer time at the new wall-clock time (03:00 in
    Paris); RFC 5545 dates each change in the time it replaces (02:00), which is what clients that turn
    DTSTART - TZOFFSETFROM into an instant rely on. Cached: zone data does not change while the
    process runs, and the same few zones and years serve every feed.
    """
    zone = ZoneInfo(zone_name)
    begin = int(datetime(first_year, 1, 1, tzinfo=zone).timestamp())
    end = int(datetime(last_year + 1, 1, 1, tzinfo=zone).timestamp())
    offset, dst, name = _observance(zone, begin)
    # (offset from, offset to, name, is summer time) -> onsets, in the local time of "offset from"
    observances = {(offset, offset, name, bool(dst)): [datetime(first_year, 1, 1)]}
    for instant, before, after in _changes(zone, begin, end):
        onset = datetime.fromtimestamp(instant, UTC).replace(tzinfo=None) + before[0]
        observances.setdefault((before[0], after[0], after[2], bool(after[1])), []).append(onset)

    timezone = Timezone()
    timezone.add("TZID", zone_name)
    for (offset_from, offset_to, name, is_summer), onsets in observances.items():
        part = TimezoneDaylight() if is_summer else TimezoneStandard()
        part.add("DTSTART", onsets[0])
        # One RDATE per change: a comma-separated list is valid, but vobject (and so some clients) keep
        # only its first date.
        for onset in onsets[1:]:
            part.add("RDATE", onset)
        part.add("TZNAME", name)
        part.add("TZOFFSETFROM", offset_from)
        part.add("TZOFFSETTO", offset_to)
        timezone.add_component(part)
    return timezone.to_ical()


def _observance(zone: ZoneInfo, instant: int) -> tuple[timedelta, timedelta, str]:
    local = datetime.fromtimestamp(instant, zone)
    return local.utcoffset(), local.dst(), local.tzname()


def _changes(zone: ZoneInfo, begin: int, end: int):
    """(instant, observance before, observance after) for each change of the zone in [begin, end].

    zoneinfo does not list its transitions, so this walks a day at a time and bisects to the second;
    no zone changes twice in a day.
    """
    day = 86_400
    current = _observance(zone, begin)
    for start in range(begin, end, day):
        stop = min(start + day, end)
        following = _observance(zone, stop)
        if following == current:
            continue
        low, high = start, stop
        while high - low > 1:
            middle = (low + high) // 2
            if _observance(zone, middle) == current:
                low = middle
            else:
                high = middle
        yield high, current, following
        current = following
