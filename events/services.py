"""Events: listing and search, creating and editing, status, duplication, organiser team."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
import re
import unicodedata
import uuid
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from accounts.services import find_user_by_email
from core.extensions import db
from core.models import utcnow
from core.multilingual import change_source_language, set_translations, translated
from core.regions import region_of
from core.search import search_key
from core.signals import AccountStillNeeded, first_language_changed
from core.times import to_utc
from events.models import (CANCELLED, DRAFT, PUBLIC, PUBLISHED, Event, EventGoal, EventOrganiser, EventSdg, Room,
                           Session, SessionSpeaker, Speaker, Track, new_uid)

#: Paths under /events/ that are pages of their own, so no event may take them as its slug.
RESERVED_SLUGS = {"new", "manage", "calendar", "calendar.ics", "api"}
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Event fields a calendar shows: changing one raises the event's SEQUENCE.
_CALENDAR_FIELDS = ("title", "summary", "description", "starts_at", "ends_at", "timezone", "venue_name",
                    "venue_address", "online_url", "details")


class SlugTaken(ValueError):
    pass


class UnknownPerson(ValueError):
    pass


class LastOrganiser(ValueError):
    pass


@dataclass
class EventFilters:
    q: str = ""
    kind: str | None = None
    country: str | None = None
    region: str | None = None
    goal: str | None = None
    sdg: int | None = None
    #: Events that overlap [start, end] (dates in each event's own zone are close enough for a list).
    start: date | None = None
    end: date | None = None
    #: Include events that have ended (off by default: people look for what is coming).
    past: bool = False

    def is_empty(self) -> bool:
        return not any((self.q, self.kind, self.country, self.region, self.goal, self.sdg, self.start, self.end,
                        self.past))


def listed_events(filters: EventFilters, now: datetime | None = None):
    """The public list: published (or cancelled) public events matching the filters, soonest first."""
    statement = select(Event).where(Event.status.in_((PUBLISHED, CANCELLED)), Event.visibility == PUBLIC)
    if filters.q:
        # Every word must appear, whatever its accents or case; "%" and "_" are matched as themselves.
        statement = statement.where(*[Event.search_text.contains(word, autoescape=True)
                                      for word in search_key(filters.q).split()[:8]])
    if filters.kind:
        statement = statement.where(Event.kind == filters.kind)
    if filters.country:
        statement = statement.where(Event.country == filters.country)
    if filters.region:
        statement = statement.where(Event.region == filters.region)
    if filters.goal:
        statement = statement.where(exists().where(EventGoal.event_id == Event.id, EventGoal.goal == filters.goal))
    if filters.sdg:
        statement = statement.where(exists().where(EventSdg.event_id == Event.id, EventSdg.sdg == filters.sdg))
    if filters.start:
        statement = statement.where(Event.ends_at >= datetime.combine(filters.start, time.min, tzinfo=UTC))
    if filters.end:
        statement = statement.where(Event.starts_at < datetime.combine(filters.end + timedelta(days=1), time.min,
                                                                        tzinfo=UTC))
    if not filters.past and not filters.start:
        statement = statement.where(Event.ends_at >= (now or utcnow()))
    return statement.order_by(Event.starts_at, Event.id)


def find_event(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


#: Built once: this runs on every visitor's page view, where building the statement cost as much as running it.
_VERSION_BY_SLUG = (select(Event.id, Event.status, Event.visibility, Event.sequence, Event.content_changed_at)
                    .where(Event.slug == bindparam("slug")))


#: Any change to any event changes this, so every list page is rebuilt after it; writes are rare.
_ALL_EVENTS_VERSION = select(func.count(Event.id), func.max(Event.content_changed_at))


def events_version() -> tuple:
    return tuple(db.session.connection().execute(_ALL_EVENTS_VERSION).one())


def event_version(slug: str):
    """Just what decides whether a remembered page may be sent: (id, status, visibility, sequence,
    content_changed_at), without loading the event itself (plain SQL, no ORM objects)."""
    return db.session.connection().execute(_VERSION_BY_SLUG, {"slug": slug}).first()


def is_organiser(event: Event, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role("administrator"):
        return True
    return db.session.scalar(select(exists().where(EventOrganiser.event_id == event.id,
                                                   EventOrganiser.user_id == user.id)))


def is_visible_to_public(event: Event) -> bool:
    """Anyone with the link may see it: published or cancelled, and not private."""
    return event.status != DRAFT and event.visibility != "private"


def organises_any_event(user) -> bool:
    if user.has_role("organiser"):
        return True
    return db.session.scalar(select(exists().where(EventOrganiser.user_id == user.id)))


def managed_events(user):
    statement = select(Event).order_by(Event.starts_at.desc())
    if not user.has_role("administrator"):
        statement = statement.where(exists().where(EventOrganiser.event_id == Event.id,
                                                   EventOrganiser.user_id == user.id))
    return db.session.scalars(statement).all()


def organised_events(user, now: datetime | None = None, limit: int = 20) -> list[Event]:
    """The events in whose team `user` is that are not over (drafts too), soonest first."""
    return db.session.scalars(select(Event).where(
        exists().where(EventOrganiser.event_id == Event.id, EventOrganiser.user_id == user.id),
        Event.ends_at > (now or utcnow())).order_by(Event.starts_at).limit(limit)).all()


def slugify(text: str) -> str:
    # Separators (spaces, en dashes, slashes) become hyphens before accents are dropped, so that
    # "Dakar–Montréal" gives "dakar-montreal", not "dakarmontreal".
    letters = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    ascii_text = re.sub(r"[^\w]+", "-", letters).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def available_slug(title: str, year: int | None = None) -> str:
    """A free slug from the title (and year); titles in other scripts get a short random one."""
    base = slugify(title) or f"event-{uuid.uuid4().hex[:6]}"
    if year and not base.endswith(str(year)):
        base = f"{base}-{year}"
    candidate, number = base, 2
    while candidate in RESERVED_SLUGS or find_event(candidate) is not None:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def next_edition_title(title: str, year: int, next_year: int) -> str:
    """'Forum 2026' becomes 'Forum 2027'; a title without its year stays as it is."""
    return re.sub(rf"\b{year}\b", str(next_year), title)


def slug_problem(slug: str, event: Event | None = None) -> str | None:
    """Why `slug` cannot be used, in words for the form; None when it can."""
    if not SLUG_PATTERN.match(slug or ""):
        return _("Use lower-case letters, digits and hyphens only, like unesco-forum-2026.")
    if slug in RESERVED_SLUGS:
        return _("This address is reserved. Choose another one.")
    other = find_event(slug)
    if other is not None and other is not event:
        return _("Another event already uses this address. Choose another one.")
    return None


def _apply(event: Event, values: dict) -> bool:
    """Copy form values onto the event; True when something a calendar shows changed."""
    changed = False
    for name, value in values.items():
        if name in ("goals", "sdgs"):
            continue
        if getattr(event, name) != value:
            changed = changed or name in _CALENDAR_FIELDS
            setattr(event, name, value)
    if "goals" in values and sorted(values["goals"]) != event.goal_keys:
        event.goals = [EventGoal(goal=goal) for goal in sorted(set(values["goals"]))]
    if "sdgs" in values and sorted(values["sdgs"]) != event.sdg_numbers:
        event.sdgs = [EventSdg(sdg=number) for number in sorted(set(values["sdgs"]))]
    event.region = region_of(event.country)
    return changed


def _apply_texts(event: Event, texts: dict[str, dict[str, str]], languages: list[str]) -> bool:
    """Store the texts typed in each language ({field: {language: text}}, laid out in the event's languages
    so far, the first one's in the plain fields) and the new working `languages`, moving the texts into
    place when the first language changes. True when a text changed (calendars show them)."""
    before = [getattr(event, field) for field in texts] + [event.translations or {}]
    layout = list(next(iter(texts.values()), {}).keys()) or languages
    event.working_languages = layout  # the languages the texts were typed in, until they are stored
    for field, values in texts.items():
        set_translations(event, field, values)
    change_source_language(event, layout[0], languages[0])
    if layout[0] != languages[0] and event.id is not None:
        # Everything else written for the event is stored under its first language too.
        for item in [*event.rooms, *event.tracks, *event.sessions]:
            change_source_language(item, layout[0], languages[0], keep_unwritten=True)
        first_language_changed.send(current_app._get_current_object(), event=event, old=layout[0],
                                    new=languages[0])
    event.working_languages = list(languages)
    return before != [getattr(event, field) for field in texts] + [event.translations or {}]


def create_event(values: dict, user: User, texts: dict | None = None, languages: list[str] | None = None) -> Event:
    """A new draft event whose team is its creator; raise SlugTaken if the slug went meanwhile.

    `texts` are the title, summary and description in each of the working `languages` (see _apply_texts)."""
    event = Event(status=DRAFT, details={}, working_languages=[])
    _apply(event, values)
    if texts:
        _apply_texts(event, texts, languages)
    event.team = [EventOrganiser(user_id=user.id)]
    touch(event)
    db.session.add(event)
    _commit_or_slug_taken()
    return event


def update_event(event: Event, values: dict, texts: dict | None = None, languages: list[str] | None = None) -> None:
    old_zone = event.timezone
    changed = _apply(event, values)
    if texts and _apply_texts(event, texts, languages):
        changed = True
    if changed:
        event.sequence += 1
    if event.timezone != old_zone:
        _keep_wall_clock_times(event, old_zone)
    touch(event)
    _commit_or_slug_taken()


def _keep_wall_clock_times(event: Event, old_zone: str) -> None:
    """A changed time zone corrects where the event is, not when its sessions are on the programme:
    a session at 09:30 stays at 09:30 on the new zone's clocks."""
    for session in event.sessions:
        local = session.starts_at.astimezone(ZoneInfo(old_zone)).replace(tzinfo=None)
        length = session.ends_at - session.starts_at
        try:
            session.starts_at = to_utc(local, event.timezone)
        except ValueError:  # that time does not exist on the new clocks (a daylight-saving gap)
            session.starts_at = to_utc(local + timedelta(hours=1), event.timezone)
        session.ends_at = session.starts_at + length
        session.sequence += 1
        session.updated_at = utcnow()


def _commit_or_slug_taken() -> None:
    try:
        db.session.commit()
    except IntegrityError as error:  # two organisers took the same address at the same moment
        db.session.rollback()
        raise SlugTaken() from error


def touch(event: Event) -> None:
    """Mark the event's feeds and pages as changed (Last-Modified, ETag)."""
    event.content_changed_at = utcnow()


def set_status(event: Event, status: str) -> None:
    if status not in (DRAFT, PUBLISHED, CANCELLED) or status == event.status:
        return
    event.status = status
    event.sequence += 1
    if status == PUBLISHED and event.first_published_at is None:
        event.first_published_at = utcnow()
    touch(event)
    db.session.commit()


def _copied_translations(item, title=None) -> dict:
    """The texts of `item` in its other languages, for a copy (`title` turns a translated title into the
    new edition's, as the first language's title was by the organiser)."""
    copied = {language: dict(texts) for language, texts in (item.translations or {}).items()}
    if title is not None:
        for texts in copied.values():
            if "title" in texts:
                texts["title"] = title(texts["title"])
    return copied


def duplicate_event(source: Event, title: str, slug: str, first_day: date, user: User) -> Event:
    """A draft copy of `source` starting on `first_day`, with its rooms, tracks, speakers and sessions.

    Times move by whole days on the venue's clocks, so a 09:30 session stays at 09:30 even when
    the new dates fall on the other side of a daylight-saving change.
    """
    zone = source.timezone
    old_first_day = source.starts_at.astimezone(source.zone).date()
    shift_days = (first_day - old_first_day).days

    def next_title(translated_title: str) -> str:
        return next_edition_title(translated_title, old_first_day.year, first_day.year)

    def shift(moment: datetime) -> datetime:
        local = moment.astimezone(source.zone).replace(tzinfo=None) + timedelta(days=shift_days)
        try:
            return to_utc(local, zone)
        except ValueError:  # the same wall-clock time falls in a gap on the new date: keep the instant
            return moment + timedelta(days=shift_days)

    copy = Event(
        slug=slug, kind=source.kind, title=title, summary=source.summary, description=source.description,
        starts_at=shift(source.starts_at), ends_at=shift(source.ends_at), timezone=zone,
        venue_name=source.venue_name, venue_address=source.venue_address, country=source.country,
        region=source.region, online_url=source.online_url, attendance_mode=source.attendance_mode, working_languages=list(source.working_languages),
        status=DRAFT, visibility=source.visibility, details=dict(source.details),
        goals=[EventGoal(goal=g) for g in source.goal_keys], sdgs=[EventSdg(sdg=n) for n in source.sdg_numbers],
        team=[EventOrganiser(user_id=user.id)],
    )
    copy.translations = _copied_translations(source, next_title)
    rooms = {room.id: Room(name=room.name, capacity=room.capacity, position=room.position,
                           translations=_copied_translations(room)) for room in source.rooms}
    tracks = {track.id: Track(name=track.name, translations=_copied_translations(track)) for track in source.tracks}
    speakers = {speaker.id: Speaker(name=speaker.name, affiliation=speaker.affiliation, country=speaker.country,
                                    bio=speaker.bio, email=speaker.email) for speaker in source.speakers}
    copy.rooms, copy.tracks, copy.speakers = list(rooms.values()), list(tracks.values()), list(speakers.values())
    for session in source.sessions:
        if session.is_cancelled:
            continue
        copy.sessions.append(Session(
            uid=new_uid(), title=session.title, description=session.description, session_type=session.session_type,
            translations=_copied_translations(session),
            starts_at=shift(session.starts_at), ends_at=shift(session.ends_at),
            room=rooms.get(session.room_id), track=tracks.get(session.track_id),
            takes_attendance=session.takes_attendance, online_url=session.online_url,
            languages=list(session.languages or []),
            speaker_links=[SessionSpeaker(speaker=speakers[link.speaker_id], role=link.role, position=link.position)
                           for link in session.speaker_links],
        ))
    touch(copy)
    db.session.add(copy)
    _commit_or_slug_taken()
    return copy


def add_organiser(event: Event, email: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise UnknownPerson(email)
    if not any(member.user_id == user.id for member in event.team):
        event.team.append(EventOrganiser(user_id=user.id))
        db.session.commit()
    return user


def check_not_last_organiser(user) -> None:
    """Before an account is deleted: an event must not be left without anyone to run it."""
    teams = select(Event).where(exists().where(EventOrganiser.event_id == Event.id, EventOrganiser.user_id == user.id))
    for event in db.session.scalars(teams):
        if [member.user_id for member in event.team] == [user.id]:
            raise AccountStillNeeded(_("You are the only organiser of “%(event)s”: add another organiser "
                                       "to its team first.", event=translated(event, "title")))


def remove_organiser(event: Event, user_id: int) -> None:
    remaining = [member for member in event.team if member.user_id != user_id]
    if not remaining:
        raise LastOrganiser()
    event.team = remaining
    db.session.commit()
