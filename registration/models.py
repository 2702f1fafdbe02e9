from datetime import date, datetime

from flask_babel import lazy_gettext as _l, lazy_pgettext
from sqlalchemy import (JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event, false,
                        text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import TimestampMixin, UTCDateTime, utcnow
from core.multilingual import Multilingual
from core.search import search_key
from registration.categories import ParticipantCategory  # noqa: F401  (Registration.category's class)

PENDING, CONFIRMED, WAITLISTED, OFFERED, CANCELLED, REJECTED = (
    "pending", "confirmed", "waitlisted", "offered", "cancelled", "rejected")
STATUSES = {
    PENDING: _l("Pending approval"),
    CONFIRMED: _l("Confirmed"),
    WAITLISTED: _l("On the waiting list"),
    OFFERED: _l("Place offered"),
    # In French a registration is feminine, an event masculine: the context keeps the two apart.
    CANCELLED: lazy_pgettext("registration", "Cancelled"),
    REJECTED: _l("Rejected"),
}
#: A person's seat at a session with limited seats (SessionChoice.status).
SEAT_STATUSES = {
    PENDING: _l("Chosen: waiting for the event place to be confirmed"),
    CONFIRMED: _l("Seat confirmed"),
    WAITLISTED: _l("On the waiting list"),
    OFFERED: _l("Seat offered"),
}
OPEN_MODE, APPROVAL_MODE, INVITATION_MODE = "open", "approval", "invitation"
MODES = {OPEN_MODE: _l("Open: confirmed at once while places last"),
         APPROVAL_MODE: _l("Approval: an organiser approves each registration"),
         INVITATION_MODE: _l("Invitation only: people register with the personal link they were sent")}

#: These hold a place: an offer keeps it for the person until they answer or it expires.
HOLDING_A_PLACE = (CONFIRMED, OFFERED)

#: How an organiser asks a standard field. Full name, e-mail address and consent are always asked.
REQUIRED, OPTIONAL, OFF = "required", "optional", "off"
FIELD_USES = {REQUIRED: _l("Required"), OPTIONAL: _l("Optional"), OFF: _l("Not asked")}
#: The standard fields an organiser may turn off or make required, and how each is asked by default.
STANDARD_FIELDS = {
    "organisation": REQUIRED, "job_title": OPTIONAL, "stakeholder_group": REQUIRED, "country": REQUIRED,
    "gender": OPTIONAL, "languages": OPTIONAL, "accessibility_needs": OPTIONAL, "dietary_requirements": OPTIONAL,
    "photo": OPTIONAL,
}

#: The standard fields (and the other parts of a registration) by name, as organisers and the history read them.
FIELD_LABELS = {
    "full_name": _l("Full name"), "organisation": _l("Organisation"), "job_title": _l("Job title"),
    "stakeholder_group": _l("Stakeholder group"), "country": _l("Country"), "gender": _l("Gender"),
    "languages": _l("Languages spoken"), "accessibility_needs": _l("Accessibility needs"),
    "dietary_requirements": _l("Dietary requirements"), "photo": _l("Photo for the badge"),
    "answers": _l("Answers to the event's questions"),
}

#: How a registration came in (Registration.source).
ONLINE, WALK_IN, BY_ORGANISER, IMPORTED, NOMINATED = "online", "walk_in", "organiser", "import", "nomination"
SOURCES = {ONLINE: _l("Registered online"), WALK_IN: _l("Walk-in at the desk"), BY_ORGANISER: _l("Added by an organiser"),
           IMPORTED: _l("Imported from a file"), NOMINATED: _l("Nominated by a focal point")}

GENDERS = {"woman": _l("Woman"), "man": _l("Man"), "other": _l("Another gender identity"),
           "undisclosed": _l("Prefer not to say")}


class RegistrationSettings(Multilingual, db.Model):
    """How an event takes registrations. No row: the event does not take registrations in Convene."""

    __tablename__ = "registration_settings"
    translated_fields = ("privacy_notice",)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    #: OPEN: confirmed at once while places last; APPROVAL: an organiser approves each registration.
    mode: Mapped[str] = mapped_column(String(16), default="open")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: None: no limit.
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: How long an offered place is held for the person at the head of the waiting list.
    offer_hours: Mapped[int] = mapped_column(Integer, default=48)
    #: Raised by every registration change, under the row lock that serialises them (see places.lock).
    changes: Mapped[int] = mapped_column(Integer, default=0)
    #: Participants may change their answers and sessions until then; None: until registration closes.
    changes_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How each standard field is asked, where it differs from STANDARD_FIELDS: {"job_title": "required"}.
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Shown above the consent box: what the organisers do with the details and for how long.
    privacy_notice: Mapped[str] = mapped_column(Text, default="")
    #: Whether the event's pages say how many places are left (they always say when none is).
    show_places_left: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    #: A hybrid event's places for online participants (`capacity` is then the places in the room); None: no limit.
    online_capacity: Mapped[int | None] = mapped_column(Integer)
    #: An online participant attended a day when they joined at least this many of its sessions (or its room).
    online_min_sessions: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    event = relationship("Event")

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages

    def use_of(self, name: str) -> str:
        """REQUIRED, OPTIONAL or OFF for the standard field `name`."""
        return (self.fields or {}).get(name, STANDARD_FIELDS[name])

    def changes_end(self) -> datetime | None:
        return self.changes_until or self.closes_at


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("event_id", "email"), Index("ix_registrations_event_id_status", "event_id", "status"),
                      # An event's report counts its participants by group, country and gender from this index alone.
                      Index("ix_registrations_event_id_status_profile", "event_id", "status", "stakeholder_group",
                            "country", "gender"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    #: None once the person deleted their account: the registration stays, anonymised, for the counts.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: Lower-cased; one registration per e-mail address per event.
    email: Mapped[str] = mapped_column(String(320))
    #: Exactly as typed, in any script.
    full_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    stakeholder_group: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(2))
    #: A key of GENDERS, or None when not asked.
    gender: Mapped[str | None] = mapped_column(String(16))
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    dietary_requirements: Mapped[str] = mapped_column(Text, default="")
    #: Language codes (core.vocabularies.SPOKEN_LANGUAGES).
    languages: Mapped[list] = mapped_column(JSON, default=list)
    #: Answers to the event's own questions: {str(question id): text, list of options, "yes"/"no" or ISO date}.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Stored name of the badge photo under the "photos" upload folder (core.uploads), or None.
    photo: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(8))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the person agreed that knowledge-fair booths scanning their badge may keep their details.
    exhibitor_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    #: Name, e-mail and organisation folded for searching (core.search), kept up to date below.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: An offered place is held until then.
    offered_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the person joined the waiting list: its order.
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: In the badge's signed code: raising it (a re-issued badge) makes every earlier badge fail at the desk.
    badge_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: The person's participant category (registration.categories), where the event has categories.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("participant_categories.id", ondelete="SET NULL"),
                                                    index=True)
    #: As the official list of participants prints it before the name: "H.E. Ms", "Dr", "Mr".
    honorific: Mapped[str] = mapped_column(String(40), default="", server_default="")
    #: When the person agreed to appear on the event's public list of participants; None: they did not.
    listing_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How the registration came in: a key of SOURCES.
    source: Mapped[str] = mapped_column(String(16), default="online", server_default="online")
    #: events.models.IN_PERSON or ONLINE: how the person takes part (asked when the event is hybrid).
    participation: Mapped[str] = mapped_column(String(16), default="in_person", server_default="in_person")
    #: In the personal join link (registration.online): raising it (the person replaced it) makes older links fail.
    join_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    event = relationship("Event")
    category = relationship("ParticipantCategory")
    history: Mapped[list["RegistrationChange"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="RegistrationChange.id")
    choices: Mapped[list["SessionChoice"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="SessionChoice.id")


@event.listens_for(Registration, "before_insert")
@event.listens_for(Registration, "before_update")
def _refresh_search_text(mapper, connection, registration: Registration) -> None:
    registration.search_text = search_key(registration.full_name, registration.email, registration.organisation)


class RegistrationChange(db.Model):
    """Who changed a registration's state, when, and why: organisers read it on the participant's page."""

    __tablename__ = "registration_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    #: None for the system (an offer that expired) or the participant acting without an account.
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: Set when the change is to the person's seat at this session rather than to their event place.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship(back_populates="history")
    by = relationship("User")
    session = relationship("Session")


class AgendaFeed(db.Model):
    """A person's private agenda feed. Raising `version` revokes every address given out before."""

    __tablename__ = "agenda_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


TEXT, LONG_TEXT, SINGLE, MULTIPLE, YES_NO, COUNTRY, DATE = (
    "text", "long_text", "single", "multiple", "yes_no", "country", "date")
QUESTION_KINDS = {
    TEXT: _l("Short text"), LONG_TEXT: _l("Long text"), SINGLE: _l("One choice from a list"),
    MULTIPLE: _l("Several choices from a list"), YES_NO: _l("Yes or no"), COUNTRY: _l("Country"), DATE: _l("Date"),
}
#: The kinds whose answers are picked from the organiser's options.
WITH_OPTIONS = (SINGLE, MULTIPLE)


class RegistrationQuestion(Multilingual, db.Model):
    """A question of the event's own on its registration form."""

    __tablename__ = "registration_questions"
    translated_fields = ("label", "help_text", "options")

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: A key of QUESTION_KINDS.
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(300))
    help_text: Mapped[str] = mapped_column(String(500), default="")
    is_required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The options of a SINGLE or MULTIPLE question, in order; answers store the option's text (in the
    #: source language: translations are shown, the source is kept, see core.multilingual).
    options: Mapped[list] = mapped_column(JSON, default=list)
    #: Ids of the participant categories asked this question; empty: everyone.
    category_ids: Mapped[list] = mapped_column(JSON, default=list)

    event = relationship("Event")

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages


class SessionPlaces(db.Model):
    """A session people sign up for, with a limited number of seats (a workshop, a site visit)."""

    __tablename__ = "session_places"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    capacity: Mapped[int] = mapped_column(Integer)

    session = relationship("Session")


class SessionChoice(db.Model):
    """A person's seat at a session with limited seats, or their place on its waiting list.

    PENDING while their event place is not confirmed: the choice is kept but holds no seat.
    """

    __tablename__ = "session_choices"
    __table_args__ = (UniqueConstraint("registration_id", "session_id"),
                      Index("ix_session_choices_session_id_status", "session_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    #: PENDING, CONFIRMED, WAITLISTED or OFFERED.
    status: Mapped[str] = mapped_column(String(16))
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offered_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship(back_populates="choices")
    session = relationship("Session")


GROUP, REGION, GLOBAL_SOUTH = "group", "region", "global_south"
QUOTA_CRITERIA = {GROUP: _l("A stakeholder group"), REGION: _l("A UNESCO region"),
                  GLOBAL_SOUTH: _l("Participants from the Global South")}


class Quota(db.Model):
    """A share of the places held for one stakeholder group or region until `releases_at`."""

    __tablename__ = "registration_quotas"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: A key of QUOTA_CRITERIA.
    criterion: Mapped[str] = mapped_column(String(16))
    #: The stakeholder group or region key; empty for GLOBAL_SOUTH.
    value: Mapped[str] = mapped_column(String(32), default="")
    #: Percentage of the event's places held.
    percent: Mapped[int] = mapped_column(Integer)
    #: From then on the places held are open to everyone; None: held until registration closes.
    releases_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the release was carried out (the waiting list offered the places): done once.
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Invitation(db.Model):
    """A personal invitation to an invitation-only event: its link carries a code only we can check."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    #: Lower-cased.
    email: Mapped[str] = mapped_column(String(320))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    #: SHA-256 of the code in the link: a copy of the database does not hand out working links.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invited_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when someone registered with it: a code works once.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))


# --- On site: badges, check-in, certificates -------------------------------------------------------

A6, CARD, A4_A6, A4_CARD = "a6", "card", "a4_a6", "a4_card"
BADGE_LAYOUTS = {
    A6: _l("A6 (105 × 148 mm), one badge per page"),
    CARD: _l("Card (102 × 76 mm, 4 × 3 in), one badge per page"),
    A4_A6: _l("A4 sheets of 4 A6 badges, with cut marks"),
    A4_CARD: _l("A4 sheets of 6 cards (102 × 76 mm), with cut marks"),
}


class BadgeDesign(db.Model):
    """How an event's badges look and what they show. No row: the defaults."""

    __tablename__ = "badge_designs"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    #: A key of BADGE_LAYOUTS.
    layout: Mapped[str] = mapped_column(String(16), default=A6)
    #: Band colour per stakeholder group, where it differs from registration.badges.DEFAULT_COLOURS.
    colours: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Stored name of the event's logo under the "logos" upload folder, or None.
    logo: Mapped[str | None] = mapped_column(String(64))
    shows_photo: Mapped[bool] = mapped_column(Boolean, default=True)
    shows_organisation: Mapped[bool] = mapped_column(Boolean, default=True)
    shows_country: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Who signs the certificates of attendance, and in what capacity.
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")


class CheckinStaff(db.Model):
    """A person who may check people in at one event (its organisers may too)."""

    __tablename__ = "checkin_staff"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")


class CheckinDevice(db.Model):
    """A scanner app or phone allowed to check people in at one event, with an API token of its own."""

    __tablename__ = "checkin_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    #: SHA-256 of the token: a copy of the database hands out no working token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when an organiser renews the token: it works until then, even after the event's grace period.
    renewed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CheckIn(db.Model):
    """One person present on one event day, or at one session. Undone, it stays as a record."""

    __tablename__ = "checkins"
    __table_args__ = (
        # One standing check-in per person, day and session (the day itself when session_id is NULL):
        # a double scan, even two at the same instant, records one.
        Index("uq_checkins_standing", "registration_id", "day", text("coalesce(session_id, 0)"), unique=True,
              sqlite_where=text("undone_at IS NULL"), postgresql_where=text("undone_at IS NULL")),
        Index("ix_checkins_event_id_day", "event_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    #: The event day, on the venue's calendar.
    day: Mapped[date] = mapped_column(Date)
    #: None: checked in at the event (the door); set: at this session.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("checkin_devices.id", ondelete="SET NULL"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Recorded by an organiser after the fact (by_user_id is who, `at` is when), not scanned at the desk.
    is_recorded_afterwards: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Attendance online, drawn from the person's joins by the event's rule (registration.online), not scanned.
    is_online: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    registration: Mapped[Registration] = relationship()
    session = relationship("Session")
    by = relationship("User", foreign_keys=[by_user_id])
    device: Mapped[CheckinDevice | None] = relationship()


class OnlineJoin(db.Model):
    """A person joining an event's online room, or a session's, through their personal link: one row per
    person, day and session, however often they join (the log; attendance is drawn from it)."""

    __tablename__ = "online_joins"
    __table_args__ = (Index("uq_online_joins_person_day_session", "registration_id", "day",
                            text("coalesce(session_id, 0)"), unique=True),
                      Index("ix_online_joins_event_id_day", "event_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    #: None: the event's own room.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    #: The day joined, on the venue's calendar.
    day: Mapped[date] = mapped_column(Date)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    times: Mapped[int] = mapped_column(Integer, default=1)

    registration: Mapped[Registration] = relationship()
    session = relationship("Session")


class PracticeScan(db.Model):
    """A scan at the desk in practice mode, to train staff before the event: kept apart from the
    check-ins, it is never attendance and never earns a certificate."""

    __tablename__ = "practice_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    #: The day of the practice, on the venue's calendar.
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("checkin_devices.id", ondelete="SET NULL"))

    by = relationship("User")
    device: Mapped[CheckinDevice | None] = relationship()


class Certificate(db.Model):
    """A certificate of attendance. What it certifies is fixed when it is issued, as printed."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: Random, in the verification address: it cannot be guessed from another certificate's.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    full_name: Mapped[str] = mapped_column(String(200))
    #: The days attended, as ISO dates on the venue's calendar.
    days: Mapped[list] = mapped_column(JSON, default=list)
    #: The sessions attended: [{"title": ..., "starts_at": ISO UTC, "minutes": ...}].
    sessions: Mapped[list] = mapped_column(JSON, default=list)
    #: Time spent in the sessions attended, in minutes.
    minutes: Mapped[int] = mapped_column(Integer, default=0)

    registration: Mapped[Registration] = relationship()
    event = relationship("Event")
