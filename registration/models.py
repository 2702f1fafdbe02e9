from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import TimestampMixin, UTCDateTime, utcnow
from core.search import search_key

PENDING, CONFIRMED, WAITLISTED, OFFERED, CANCELLED, REJECTED = (
    "pending", "confirmed", "waitlisted", "offered", "cancelled", "rejected")
STATUSES = {
    PENDING: _l("Pending approval"),
    CONFIRMED: _l("Confirmed"),
    WAITLISTED: _l("On the waiting list"),
    OFFERED: _l("Place offered"),
    CANCELLED: _l("Cancelled"),
    REJECTED: _l("Rejected"),
}
OPEN_MODE, APPROVAL_MODE = "open", "approval"
MODES = {OPEN_MODE: _l("Open: confirmed at once while places last"),
         APPROVAL_MODE: _l("Approval: an organiser approves each registration")}

#: These hold a place: an offer keeps it for the person until they answer or it expires.
HOLDING_A_PLACE = (CONFIRMED, OFFERED)

GENDERS = {"woman": _l("Woman"), "man": _l("Man"), "other": _l("Another gender identity"),
           "undisclosed": _l("Prefer not to say")}


class RegistrationSettings(db.Model):
    """How an event takes registrations. No row: the event does not take registrations in Convene."""

    __tablename__ = "registration_settings"

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
    #: Raised by every registration change, under the row lock that serialises them (see services).
    changes: Mapped[int] = mapped_column(Integer, default=0)


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("event_id", "email"), Index("ix_registrations_event_id_status", "event_id", "status"))

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
    locale: Mapped[str | None] = mapped_column(String(8))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    #: Name, e-mail and organisation folded for searching (core.search), kept up to date below.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: An offered place is held until then.
    offered_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the person joined the waiting list: its order.
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event = relationship("Event")
    history: Mapped[list["RegistrationChange"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="RegistrationChange.id")


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

    registration: Mapped[Registration] = relationship(back_populates="history")


class AgendaFeed(db.Model):
    """A person's private agenda feed. Raising `version` revokes every address given out before."""

    __tablename__ = "agenda_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
