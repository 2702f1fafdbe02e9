"""The programme: sessions, speakers, rooms and tracks, and the clashes an organiser must see."""
from collections import defaultdict
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from core.multilingual import set_translations, translated
from events.models import (CANCELLED, SCHEDULED, Event, Room, Session, SessionSpeaker, Speaker, Track,
                           first_upload_version)
from events import materials
from events.services import touch


def programme(event: Event) -> list[Session]:
    """Every session of the event with what its pages show, in a fixed number of queries."""
    return db.session.scalars(
        select(Session).where(Session.event_id == event.id)
        .options(selectinload(Session.room), selectinload(Session.track),
                 selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker))
        .order_by(Session.starts_at, Session.id)
    ).all()


def outside_event(event: Event, starts_at: datetime, ends_at: datetime) -> bool:
    """On the venue's calendar, does the session fall on a day outside the event's dates?"""
    zone = event.zone
    first, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    return starts_at.astimezone(zone).date() < first or ends_at.astimezone(zone).date() > last


def programme_warnings(event: Event, sessions: list[Session]) -> dict[int, list[str]]:
    """Session id -> what is wrong with it: a room or a speaker booked twice at once, dates outside the event."""
    warnings: dict[int, list[str]] = defaultdict(list)
    active = [s for s in sessions if s.status == SCHEDULED]
    by_room: dict[int, list[Session]] = defaultdict(list)
    by_speaker: dict[int, list[Session]] = defaultdict(list)
    for session in active:
        if session.room_id:
            by_room[session.room_id].append(session)
        for link in session.speaker_links:
            by_speaker[link.speaker_id].append(session)
        if outside_event(event, session.starts_at, session.ends_at):
            warnings[session.id].append(_("This session is outside the event's dates."))
    for sessions_in_room in by_room.values():
        for first, second in _overlaps(sessions_in_room):
            room = translated(first.room, "name")
            warnings[first.id].append(_("%(room)s is also booked for “%(other)s” at this time.", room=room,
                                        other=translated(second, "title")))
            warnings[second.id].append(_("%(room)s is also booked for “%(other)s” at this time.", room=room,
                                         other=translated(first, "title")))
    for speaker_id, speaker_sessions in by_speaker.items():
        for first, second in _overlaps(speaker_sessions):
            name = next(link.speaker.name for link in first.speaker_links if link.speaker_id == speaker_id)
            warnings[first.id].append(_("%(name)s is also in “%(other)s” at this time.", name=name,
                                        other=translated(second, "title")))
            warnings[second.id].append(_("%(name)s is also in “%(other)s” at this time.", name=name,
                                         other=translated(first, "title")))
    return dict(warnings)


def _overlaps(sessions: list[Session]):
    """Pairs of sessions whose times overlap (touching end to start is fine), in start order."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    for index, first in enumerate(ordered):
        for second in ordered[index + 1:]:
            if second.starts_at >= first.ends_at:
                break
            yield first, second


def _store_texts(item, texts: dict | None) -> bool:
    """Store {field: {language: text}} (core.multilingual); True when a text changed."""
    before = [getattr(item, field) for field in item.translated_fields] + [item.translations or {}]
    for field, values in (texts or {}).items():
        set_translations(item, field, values)
    return before != [getattr(item, field) for field in item.translated_fields] + [item.translations or {}]


def save_session(event: Event, session: Session | None, values: dict, speakers: list[tuple[int, str]],
                 texts: dict | None = None) -> Session:
    """Create or change a session; `speakers` is [(speaker id, role)] in order; `texts` its title and
    description in each working language ({field: {language: text}}).

    Any change raises the session's SEQUENCE so that subscribed calendars take it.
    """
    if session is None:
        session = Session(event=event)
        db.session.add(session)
    changed = False
    for name, value in values.items():
        if getattr(session, name) != value:
            setattr(session, name, value)
            # Whether attendance is taken, the online room (calendars carry the personal join link, not the
            # room) and the languages are in nobody's calendar: no new SEQUENCE for them.
            changed = changed or name not in ("takes_attendance", "online_url", "languages")
    if _store_texts(session, texts):
        changed = True
    known = {speaker.id for speaker in event.speakers}
    wanted = [(speaker_id, role) for speaker_id, role in speakers if speaker_id in known]
    current = [(link.speaker_id, link.role) for link in session.speaker_links]
    if wanted != current:
        # A speaker who stays keeps their upload link's version: a link replaced before stays dead.
        versions = {link.speaker_id: link.upload_version for link in session.speaker_links}
        session.speaker_links = [SessionSpeaker(speaker_id=speaker_id, role=role, position=position,
                                                upload_version=versions.get(speaker_id) or first_upload_version())
                                 for position, (speaker_id, role) in enumerate(wanted)]
        changed = True
    if changed and session.id is not None:
        _changed([session])
    touch(event)
    db.session.commit()
    return session


def cancel_session(session: Session) -> None:
    """Keep the session, marked cancelled: calendars that subscribed need to hear of it."""
    if session.status == CANCELLED:
        return
    session.status = CANCELLED
    _changed([session])
    touch(session.event)
    db.session.commit()


def restore_session(session: Session) -> None:
    if session.status != CANCELLED:
        return
    session.status = SCHEDULED
    _changed([session])
    touch(session.event)
    db.session.commit()


def delete_session(session: Session) -> None:
    """Only for sessions nobody could have subscribed to: the event was never published."""
    event = session.event
    materials.forget_session(session)
    db.session.delete(session)
    touch(event)
    db.session.commit()


def _changed(sessions) -> None:
    """These sessions read differently in a calendar now: raise their SEQUENCE so clients take it."""
    for session in sessions:
        session.sequence += 1
        session.updated_at = utcnow()


def _sessions_with(event: Event, speaker: Speaker) -> list[Session]:
    return [s for s in event.sessions if any(link.speaker_id == speaker.id for link in s.speaker_links)]


def save_speaker(event: Event, speaker: Speaker | None, values: dict) -> Speaker:
    if speaker is None:
        speaker = Speaker(event=event)
        db.session.add(speaker)
    elif any(getattr(speaker, name) != value for name, value in values.items()):
        _changed(_sessions_with(event, speaker))
    for name, value in values.items():
        setattr(speaker, name, value)
    touch(event)
    db.session.commit()
    return speaker


def delete_speaker(speaker: Speaker) -> None:
    event = speaker.event
    _changed(_sessions_with(event, speaker))
    materials.forget_speaker(speaker)
    db.session.delete(speaker)
    touch(event)
    db.session.commit()


class NameTaken(ValueError):
    pass


def _check_names(item: Room | Track | None, siblings, names: dict[str, str]) -> None:
    """No two rooms (tracks) of an event may read the same in any language: a reader of that language could
    not tell them apart. Raises NameTaken with the language at fault."""
    for language, name in names.items():
        if name and any(other is not item and translated(other, "name", language).casefold() == name.casefold()
                        for other in siblings):
            raise NameTaken(language)


def add_room(event: Event, names: dict[str, str], capacity: int | None) -> Room:
    """A room named in each working language ({language: name}, the first language's required)."""
    _check_names(None, event.rooms, names)
    room = Room(capacity=capacity, position=len(event.rooms), translations={})
    event.rooms.append(room)
    _store_texts(room, {"name": names})
    touch(event)
    db.session.commit()
    return room


def add_track(event: Event, names: dict[str, str]) -> Track:
    _check_names(None, event.tracks, names)
    track = Track(translations={})
    event.tracks.append(track)
    _store_texts(track, {"name": names})
    touch(event)
    db.session.commit()
    return track


def change_room_or_track(item: Room | Track, names: dict[str, str], capacity: int | None = None) -> None:
    """New names (and, for a room, number of seats). Sessions in a renamed room or track read differently
    in calendars: their SEQUENCE rises. Raises NameTaken if another room (track) of the event has the name."""
    event = item.event
    siblings = event.rooms if isinstance(item, Room) else event.tracks
    _check_names(item, siblings, names)
    if _store_texts(item, {"name": names}):
        attribute = "room" if isinstance(item, Room) else "track"
        _changed([session for session in event.sessions if getattr(session, attribute) is item])
    if isinstance(item, Room):
        item.capacity = capacity
    touch(event)
    db.session.commit()


def delete_room_or_track(item: Room | Track) -> None:
    """Its sessions keep their times and lose their room or track (calendars are told: SEQUENCE rises)."""
    event = item.event
    attribute = "room" if isinstance(item, Room) else "track"
    affected = [session for session in event.sessions if getattr(session, attribute) is item]
    for session in affected:
        setattr(session, attribute, None)
    _changed(affected)
    db.session.delete(item)
    touch(event)
    db.session.commit()
