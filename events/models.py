from datetime import datetime
import secrets
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import (JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event,
                        false as sql_false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import TimestampMixin, UTCDateTime, utcnow
from core.multilingual import Multilingual, all_texts
from core.search import search_key

DRAFT, PUBLISHED, CANCELLED = "draft", "published", "cancelled"
PUBLIC, UNLISTED, PRIVATE = "public", "unlisted", "private"
SCHEDULED = "scheduled"
#: How people take part in an event (Event.attendance_mode); a registration's participation is one of the first two.
IN_PERSON, ONLINE, HYBRID = "in_person", "online", "hybrid"
#: Who sees a material of the programme (ProgrammeMaterial.visibility).
MATERIAL_PUBLIC, MATERIAL_REGISTERED, MATERIAL_HIDDEN = "public", "registered", "hidden"
#: What a material of the programme is (ProgrammeMaterial.kind).
DOCUMENT, RECORDING, LINK = "document", "recording", "link"


def first_upload_version() -> int:
    # Leaves room below the link's six digits for 99,999 replacements.
    return secrets.randbelow(900_000) + 1


def new_uid() -> str:
    # Calendar clients key on the UID forever; it is made once and never derived from anything editable.
    return f"{uuid.uuid4()}@convene"


class Event(Multilingual, TimestampMixin, db.Model):
    __tablename__ = "events"
    translated_fields = ("title", "summary", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: iCalendar UID: stable for the life of the event, whatever else changes.
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=new_uid)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    #: A key of events.kinds.KINDS.
    kind: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    #: Markdown source; rendered and sanitised on display.
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: IANA zone the event happens in; its times are entered and shown in it.
    timezone: Mapped[str] = mapped_column(String(64))
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(Text, default="")
    #: ISO 3166-1 alpha-2 of the venue; None for online-only events.
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    #: UNESCO region of `country`, kept with it so that lists filter by region in the database.
    region: Mapped[str | None] = mapped_column(String(32), index=True)
    #: The event's own online room. Never public: only registered online participants reach it, through
    #: their personal join link (registration.online).
    online_url: Mapped[str] = mapped_column(String(500), default="")
    #: IN_PERSON, ONLINE or HYBRID: for a hybrid event, registration asks each person how they take part.
    attendance_mode: Mapped[str] = mapped_column(String(16), default=IN_PERSON, server_default=IN_PERSON)
    #: Speakers' personal links take their slides until then; None: until 14 days after the event ends.
    speaker_uploads_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Title, summary, description and venue folded for searching (core.search), kept up to date below.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Language codes, e.g. ["en", "fr"].
    working_languages: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    visibility: Mapped[str] = mapped_column(String(16), default=PUBLIC)
    #: The kind's own details (see events.kinds), e.g. {"host_country": "KE"}.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    #: iCalendar SEQUENCE: raised whenever a change matters to a calendar (time, place, status).
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    #: Set when first published: from then on someone may have subscribed, so sessions are cancelled, not deleted.
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the event or anything in its programme last changed (feeds' Last-Modified and ETag).
    content_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Loaded when asked for (lists ask with selectinload): every request that only looks an event up,
    # such as a feed answering 304, would otherwise pay two more queries.
    goals: Mapped[list["EventGoal"]] = relationship(cascade="all, delete-orphan", order_by="EventGoal.goal")
    sdgs: Mapped[list["EventSdg"]] = relationship(cascade="all, delete-orphan", order_by="EventSdg.sdg")
    # In the order people joined the team: its first member is the one who created the event, whom
    # notices name (PostgreSQL returns unordered rows in any order).
    team: Mapped[list["EventOrganiser"]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                        order_by="EventOrganiser.added_at, EventOrganiser.user_id")
    rooms: Mapped[list["Room"]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                               order_by="Room.position, Room.id")
    tracks: Mapped[list["Track"]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                 order_by="Track.name")
    speakers: Mapped[list["Speaker"]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                     order_by="Speaker.name")
    sessions: Mapped[list["Session"]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                     order_by="Session.starts_at, Session.id")

    @property
    def content_languages(self) -> list[str]:
        return self.working_languages or []

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def goal_keys(self) -> list[str]:
        return [link.goal for link in self.goals]

    @property
    def sdg_numbers(self) -> list[int]:
        return [link.sdg for link in self.sdgs]

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == CANCELLED

    @property
    def is_listed(self) -> bool:
        """Shown in public lists and feeds (unlisted events are reachable only by their link)."""
        return self.status != DRAFT and self.visibility == PUBLIC

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


@event.listens_for(Event, "before_insert")
@event.listens_for(Event, "before_update")
def _refresh_search_text(mapper, connection, target: Event) -> None:
    # On the model, so that events made anywhere (demo data, copies, tests) can be found.
    target.search_text = search_key(*all_texts(target), target.venue_name, target.venue_address)


class EventGoal(db.Model):
    __tablename__ = "event_goals"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    #: A key of events.vocabulary.CONVENTION_GOALS.
    goal: Mapped[str] = mapped_column(String(32), primary_key=True)


class EventSdg(db.Model):
    __tablename__ = "event_sdgs"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    sdg: Mapped[int] = mapped_column(Integer, primary_key=True)


class EventOrganiser(db.Model):
    """A member of an event's organiser team."""

    __tablename__ = "event_organisers"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="team")
    user = relationship("User", lazy="joined")


class Room(Multilingual, db.Model):
    __tablename__ = "rooms"
    translated_fields = ("name",)
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="rooms")

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages


class Track(Multilingual, db.Model):
    """A theme that runs through the programme."""

    __tablename__ = "tracks"
    translated_fields = ("name",)
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    event: Mapped[Event] = relationship(back_populates="tracks")

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages


class Speaker(db.Model):
    """A speaker or facilitator of one event (people need no account to speak)."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str | None] = mapped_column(String(2))
    bio: Mapped[str] = mapped_column(Text, default="")
    #: Where their personal upload links are sent; "" when the organisers pass the links on themselves.
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")

    event: Mapped[Event] = relationship(back_populates="speakers")


class Session(Multilingual, db.Model):
    __tablename__ = "sessions"
    translated_fields = ("title", "description")
    __table_args__ = (Index("ix_sessions_event_id_starts_at", "event_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=new_uid)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: A key of events.vocabulary.SESSION_TYPES.
    session_type: Mapped[str] = mapped_column(String(32), default="presentation")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="SET NULL"))
    #: scheduled or cancelled; a cancelled session stays so that calendars learn of it.
    status: Mapped[str] = mapped_column(String(16), default=SCHEDULED)
    #: Check-in staff record who attends this session (a workshop, a training), not only the event day.
    takes_attendance: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_false())
    #: The session's own online room (a meeting or streaming address); "" : the event's. Never public.
    online_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    #: Language codes the session is given in or interpreted into (its interpretation channels).
    languages: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Also the session's LAST-MODIFIED in calendar feeds.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="sessions")
    room: Mapped[Room | None] = relationship()
    track: Mapped[Track | None] = relationship()
    speaker_links: Mapped[list["SessionSpeaker"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionSpeaker.position")

    @property
    def is_cancelled(self) -> bool:
        return self.status == CANCELLED

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages


class SessionSpeaker(db.Model):
    __tablename__ = "session_speakers"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    #: A key of events.vocabulary.SPEAKER_ROLES.
    role: Mapped[str] = mapped_column(String(16), default="speaker")
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: In the speaker's personal upload link for this session: raising it makes every earlier link fail. It starts
    #: at random, so that a speaker taken off a session and put back does not bring their old links back to life.
    upload_version: Mapped[int] = mapped_column(Integer, default=lambda: first_upload_version(), server_default="1")

    session: Mapped[Session] = relationship(back_populates="speaker_links")
    speaker: Mapped[Speaker] = relationship()


class ProgrammeMaterial(Multilingual, db.Model):
    """Slides, a document, a recording or a link, of one session or of the whole event (session_id None)."""

    __tablename__ = "programme_materials"
    translated_fields = ("title",)
    __table_args__ = (Index("ix_programme_materials_event_id_session_id", "event_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    #: DOCUMENT (a file), RECORDING (a link on a known video host) or LINK.
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    #: The language it is in (a code of core.vocabularies.SPOKEN_LANGUAGES); "" when not said.
    language: Mapped[str] = mapped_column(String(8), default="", server_default="")
    #: Stored name under the "programme-materials" upload folder (core.uploads), for a DOCUMENT.
    file_name: Mapped[str | None] = mapped_column(String(64))
    file_size: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    #: MATERIAL_PUBLIC, MATERIAL_REGISTERED or MATERIAL_HIDDEN; a speaker's upload waits HIDDEN for the organisers.
    visibility: Mapped[str] = mapped_column(String(16), default=MATERIAL_HIDDEN)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: The speaker who uploaded it with their personal link; None when an organiser added it.
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"))
    added_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    session: Mapped[Session | None] = relationship()
    speaker: Mapped[Speaker | None] = relationship()

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages
