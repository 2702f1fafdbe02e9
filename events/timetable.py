"""The programme laid out as people read it: by day in the event's own time zone, by room, by track."""
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime

from core.multilingual import translated
from events.models import Event, Session


@dataclass
class Slot:
    """A session with its times on the venue's clocks."""

    session: Session
    starts: datetime
    ends: datetime


def slots(event: Event, sessions: list[Session]) -> list[Slot]:
    zone = event.zone
    return [Slot(s, s.starts_at.astimezone(zone), s.ends_at.astimezone(zone))
            for s in sorted(sessions, key=lambda s: (s.starts_at, s.room.position if s.room else 0, s.id or 0))]


def by_day(event: Event, sessions: list[Session]) -> "OrderedDict[date, list[Slot]]":
    days: OrderedDict[date, list[Slot]] = OrderedDict()
    for slot in slots(event, sessions):
        days.setdefault(slot.starts.date(), []).append(slot)
    return days


def by_day_and_room(event: Event, sessions: list[Session]):
    """{day: {room name or None: [slots]}}, rooms in the event's order."""
    order = {room.id: index for index, room in enumerate(event.rooms)}
    result: OrderedDict[date, OrderedDict] = OrderedDict()
    for day, day_slots in by_day(event, sessions).items():
        rooms: dict = {}
        for slot in day_slots:
            rooms.setdefault(slot.session.room, []).append(slot)
        result[day] = OrderedDict(sorted(rooms.items(), key=lambda item: order.get(item[0].id, -1) if item[0] else 10**6))
    return result


def by_track(event: Event, sessions: list[Session]):
    """{track or None: [slots]}, tracks by their name as the reader reads it, sessions without a track last."""
    tracks: dict = {}
    for slot in slots(event, sessions):
        tracks.setdefault(slot.session.track, []).append(slot)
    return OrderedDict(sorted(tracks.items(), key=lambda item: (item[0] is None,
                                                                 translated(item[0], "name") if item[0] else "")))
