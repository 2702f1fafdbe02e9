"""IFCD beneficiaries and their projects. An organisation keeps its profile from one fair to the next."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import TimestampMixin, UTCDateTime, utcnow
from core.multilingual import Multilingual

OWNER, STAFF = "owner", "staff"


class Organisation(TimestampMixin, db.Model):
    """An organisation the International Fund for Cultural Diversity funded (a beneficiary)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: A key of showcase.vocabulary.ORGANISATION_KINDS.
    kind: Mapped[str] = mapped_column(String(16))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str] = mapped_column(String(2), index=True)
    #: A key of core.regions.UNESCO_REGIONS, from the country (kept so that lists filter on it).
    region: Mapped[str | None] = mapped_column(String(32), index=True)
    website: Mapped[str] = mapped_column(String(500), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(320), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")

    members: Mapped[list["OrganisationMember"]] = relationship(back_populates="organisation",
                                                               cascade="all, delete-orphan")
    projects: Mapped[list["Project"]] = relationship(back_populates="organisation", cascade="all, delete-orphan",
                                                     order_by="Project.id")


class OrganisationMember(db.Model):
    """Someone who speaks for the organisation: its owner edits the profile, its staff work its booths."""

    __tablename__ = "organisation_members"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    #: OWNER or STAFF.
    role: Mapped[str] = mapped_column(String(16), default=OWNER)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    user = relationship("User")


class Project(TimestampMixin, db.Model):
    """A project the IFCD funded, as the beneficiary presents it."""

    __tablename__ = "ifcd_projects"
    __table_args__ = (UniqueConstraint("code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    #: The IFCD's project ID, like 2019-1234 (the year of the call, then a number).
    code: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    #: The IFCD's funding, in whole US dollars.
    funding_usd: Mapped[int] = mapped_column(Integer)
    #: The call for funding requests (its number, e.g. 12 for the 12th call) and its year.
    call_number: Mapped[int | None] = mapped_column(Integer)
    call_year: Mapped[int] = mapped_column(Integer, index=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    #: ISO codes of the countries that benefit.
    countries: Mapped[list] = mapped_column(JSON, default=list)
    #: Keys of showcase.vocabulary.CULTURAL_DOMAINS.
    domains: Mapped[list] = mapped_column(JSON, default=list)
    #: Keys of events.vocabulary.CONVENTION_GOALS, and SDG numbers.
    goals: Mapped[list] = mapped_column(JSON, default=list)
    sdgs: Mapped[list] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    expected_results: Mapped[str] = mapped_column(Text, default="")
    achieved_results: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship(back_populates="projects")


# --- A knowledge fair: its rules, its floor plan and its booths -------------------------------------------

INVITED, DRAFTING, SUBMITTED, APPROVED, ASSIGNED = "invited", "drafting", "submitted", "approved", "assigned"
BOOTH_STATUSES = (INVITED, DRAFTING, SUBMITTED, APPROVED, ASSIGNED)
#: Booths the public sees: an organiser approved them.
PUBLIC_BOOTH_STATUSES = (APPROVED, ASSIGNED)
PENDING, REJECTED = "pending", "rejected"  # and APPROVED: a material item's moderation status
IMAGE, DOCUMENT, VIDEO = "image", "document", "video"
MATERIAL_KINDS = (IMAGE, DOCUMENT, VIDEO)
#: What a booth may receive about a visitor whose badge it scans, if the organiser allows it.
LEAD_FIELDS = ("full_name", "organisation", "job_title", "email", "country", "stakeholder_group")


class FairSettings(db.Model):
    """A knowledge fair's rules for its booths, set by its organisers."""

    __tablename__ = "fair_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    #: Which of MATERIAL_KINDS booths may show.
    material_kinds: Mapped[list] = mapped_column(JSON, default=lambda: list(MATERIAL_KINDS))
    max_file_mb: Mapped[int] = mapped_column(Integer, default=10)
    max_booth_mb: Mapped[int] = mapped_column(Integer, default=50)
    max_items: Mapped[int] = mapped_column(Integer, default=12)
    #: Which of LEAD_FIELDS a booth keeps from a scanned badge (the name at least).
    lead_fields: Mapped[list] = mapped_column(JSON, default=lambda: ["full_name", "organisation", "country"])
    #: Length of a meeting slot at a booth.
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=20)


class FloorZone(db.Model):
    """A part of the fair's floor (a hall, an aisle); its places are numbered A1, A2… after its letter."""

    __tablename__ = "floor_zones"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    #: One to three capital letters that start the zone's place numbers.
    code: Mapped[str] = mapped_column(String(3))
    #: Places in a row on the drawn plan.
    columns: Mapped[int] = mapped_column(Integer, default=5)
    position: Mapped[int] = mapped_column(Integer, default=0)

    places: Mapped[list["BoothPlace"]] = relationship(back_populates="zone", cascade="all, delete-orphan",
                                                      order_by="BoothPlace.number")


class BoothPlace(db.Model):
    """A numbered place on the floor where one booth stands."""

    __tablename__ = "booth_places"
    __table_args__ = (UniqueConstraint("zone_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("floor_zones.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)

    zone: Mapped[FloorZone] = relationship(back_populates="places")

    @property
    def label(self) -> str:
        return f"{self.zone.code}{self.number}"


class Booth(Multilingual, TimestampMixin, db.Model):
    """An organisation's booth at one fair, from the invitation on.

    The invitation is the booth's first state: its code is sent by e-mail and only its SHA-256 is kept.
    """

    __tablename__ = "booths"
    translated_fields = ("pitch", "approved_pitch")
    __table_args__ = (UniqueConstraint("event_id", "organisation_id"), UniqueConstraint("place_id"),
                      UniqueConstraint("code_hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: Set when the invitation is accepted.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                        index=True)
    #: The project the booth presents (one of its organisation's).
    project_id: Mapped[int | None] = mapped_column(ForeignKey("ifcd_projects.id", ondelete="SET NULL"))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("booth_places.id", ondelete="SET NULL"))
    #: One of BOOTH_STATUSES.
    status: Mapped[str] = mapped_column(String(16), default=INVITED, index=True)
    invited_email: Mapped[str] = mapped_column(String(320))
    invited_name: Mapped[str] = mapped_column(String(200), default="")
    code_hash: Mapped[str | None] = mapped_column(String(64))
    invited_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The pitch as the beneficiary writes it, and the one an organiser approved (what the public reads).
    pitch: Mapped[str] = mapped_column(Text, default="")
    approved_pitch: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event = relationship("Event")
    organisation: Mapped[Organisation | None] = relationship()
    project: Mapped[Project | None] = relationship()
    place: Mapped[BoothPlace | None] = relationship()
    materials: Mapped[list["MaterialItem"]] = relationship(back_populates="booth", cascade="all, delete-orphan",
                                                           order_by="MaterialItem.position, MaterialItem.id")

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_BOOTH_STATUSES

    @property
    def has_pitch_pending(self) -> bool:
        """The beneficiary changed an approved pitch, in any of its languages: the change waits for an organiser."""
        return self.is_public and (self.pitch != self.approved_pitch or any(
            (texts.get("pitch") or "") != (texts.get("approved_pitch") or "")
            for texts in (self.translations or {}).values()))


class MaterialItem(TimestampMixin, db.Model):
    """An image, a document or a video link on a booth; public only once approved."""

    __tablename__ = "material_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), index=True)
    #: One of MATERIAL_KINDS.
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200), default="")
    #: For images and documents: the stored file's name (core.uploads.store) and, for images, the thumbnail's.
    file_name: Mapped[str | None] = mapped_column(String(64))
    thumbnail_name: Mapped[str | None] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    #: Pixels for images; pages for documents.
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    #: For video links: the host (core.videos) and the video's id there.
    video_host: Mapped[str | None] = mapped_column(String(16))
    video_id: Mapped[str | None] = mapped_column(String(64))
    #: PENDING, APPROVED or REJECTED.
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    booth: Mapped[Booth] = relationship(back_populates="materials")


class ModerationDecision(db.Model):
    """Every decision an organiser takes on a booth's pitch or one of its items, kept for the record."""

    __tablename__ = "moderation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), index=True)
    #: None for a decision on the booth itself (its pitch and project).
    item_id: Mapped[int | None] = mapped_column(ForeignKey("material_items.id", ondelete="SET NULL"))
    #: What was decided on, kept when the item is gone ("pitch", or the item's kind and title).
    subject: Mapped[str] = mapped_column(String(250), default="")
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    by = relationship("User")


# --- During the fair ---------------------------------------------------------------------------------------

REQUESTED, ACCEPTED, DECLINED, CANCELLED = "requested", "accepted", "declined", "cancelled"
#: Requests that hold their slot: no one else may ask for it meanwhile.
LIVE_REQUEST_STATUSES = (REQUESTED, ACCEPTED)


class MeetingSlot(db.Model):
    """A time when a booth's people can meet a visitor."""

    __tablename__ = "meeting_slots"
    __table_args__ = (UniqueConstraint("booth_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    booth: Mapped[Booth] = relationship()


class MeetingRequest(TimestampMixin, db.Model):
    """A visitor's request to meet a booth in one of its slots, and the booth's answer."""

    __tablename__ = "meeting_requests"
    __table_args__ = (
        # One live request per slot, whatever two visitors do at the same moment.
        Index("uq_meeting_requests_live_slot", "slot_id", unique=True,
              sqlite_where=text("status IN ('requested', 'accepted')"),
              postgresql_where=text("status IN ('requested', 'accepted')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("meeting_slots.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    #: REQUESTED, ACCEPTED, DECLINED or CANCELLED.
    status: Mapped[str] = mapped_column(String(16), default=REQUESTED)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    slot: Mapped[MeetingSlot] = relationship()
    user = relationship("User")


class Lead(db.Model):
    """A visitor whose badge a booth scanned: only the fields the fair allows, with the booth's rating and note."""

    __tablename__ = "leads"
    __table_args__ = (UniqueConstraint("booth_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: The allowed fields' values, copied at the scan (LEAD_FIELDS keys).
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    #: How the visitor agreed: "registration" (when registering) or "asked" (at the booth).
    consent: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    scanned_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Bookmark(db.Model):
    """A visitor's bookmarked booth."""

    __tablename__ = "bookmarks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BoothView(db.Model):
    """Views of a booth's public page, counted per day (by visitors, not by the booth's own people)."""

    __tablename__ = "booth_views"

    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)
