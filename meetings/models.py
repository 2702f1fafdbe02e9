"""Intergovernmental meetings: delegations nominated by focal points, and visa-support letters.

A delegation speaks for one Party (a country) or organisation at one event, in one participant
category; its focal points nominate its members, each of whom completes their own registration
through a personal link. Passport data is stored encrypted (core.crypto) and erased after the event.
"""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.crypto import EncryptedText
from core.extensions import db
from core.models import UTCDateTime, utcnow
from core.multilingual import Multilingual


class MeetingSettings(Multilingual, db.Model):
    """An event's nomination deadline and visa-letter template. No row: no deadline, default letter."""

    __tablename__ = "meeting_settings"
    translated_fields = ("letter_text",)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    #: Focal points add and replace members until then; None: until registration closes.
    nominations_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Whether participants may ask for a visa-support letter.
    offers_visa_letters: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The letter's letterhead image, stored under the "letterheads" upload folder; None: the event's name.
    letterhead: Mapped[str | None] = mapped_column(String(64))
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    #: Put before each letter's number: "CLT/DCE/2027/" gives CLT/DCE/2027/0042.
    reference_prefix: Mapped[str] = mapped_column(String(60), default="")
    #: The letter's body, after the facts it states; empty: the default wording.
    letter_text: Mapped[str] = mapped_column(Text, default="")
    #: Days after the event's end when passport data is erased; None: the site's VISA_DATA_KEPT_DAYS.
    visa_data_kept_days: Mapped[int | None] = mapped_column(Integer)
    #: Whether the list of participants (listed categories, people who agreed) is on the event's public pages.
    publishes_list: Mapped[bool] = mapped_column(Boolean, default=False)

    event = relationship("Event")

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages


#: Where a delegation's credentials letter stands.
NO_CREDENTIALS, CREDENTIALS_RECEIVED, CREDENTIALS_ACCEPTED, CREDENTIALS_REFUSED = (
    "missing", "received", "accepted", "refused")
CREDENTIALS_STATUSES = {NO_CREDENTIALS: _l("No credentials yet"), CREDENTIALS_RECEIVED: _l("Credentials received"),
                        CREDENTIALS_ACCEPTED: _l("Credentials accepted"), CREDENTIALS_REFUSED: _l("Credentials refused")}


class Delegation(db.Model):
    """The people one Party (`country`) or organisation (`organisation`) sends to an event."""

    __tablename__ = "delegations"
    __table_args__ = (UniqueConstraint("event_id", "country", "organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: The category its members register in (e.g. Member State delegate).
    category_id: Mapped[int | None] = mapped_column(ForeignKey("participant_categories.id", ondelete="SET NULL"))
    #: ISO 3166-1 alpha-2 for a Party; None for an organisation.
    country: Mapped[str | None] = mapped_column(String(2))
    #: The organisation's name; "" for a Party.
    organisation: Mapped[str] = mapped_column(String(200), default="")
    #: Stored name of the credentials letter (a checked PDF) under the "credentials" upload folder.
    credentials: Mapped[str | None] = mapped_column(String(64))
    credentials_status: Mapped[str] = mapped_column(String(16), default=NO_CREDENTIALS)
    credentials_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why the organisers refused the credentials letter, shown to them and to the focal points ("" otherwise).
    credentials_note: Mapped[str] = mapped_column(Text, default="")
    #: When an organiser approved the delegation (its members' registrations are confirmed then).
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event = relationship("Event")
    category = relationship("ParticipantCategory")
    focal_points: Mapped[list["FocalPoint"]] = relationship(back_populates="delegation", cascade="all, delete-orphan",
                                                            order_by="FocalPoint.id")
    members: Mapped[list["Nomination"]] = relationship(back_populates="delegation", cascade="all, delete-orphan",
                                                       order_by="Nomination.position, Nomination.id")


class FocalPoint(db.Model):
    """The person who nominates a delegation. Invited by e-mail; their link ties the invitation to their
    account the first time they follow it."""

    __tablename__ = "focal_points"
    __table_args__ = (UniqueConstraint("delegation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), index=True)
    #: Lower-cased.
    email: Mapped[str] = mapped_column(String(320))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: SHA-256 of the code in the invitation's link (core.security.new_link_code).
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    delegation: Mapped[Delegation] = relationship(back_populates="focal_points")
    user = relationship("User")


#: A member's role in their delegation, in the order the list of participants prints them.
HEAD, DELEGATE, ALTERNATE, ADVISER = "head", "delegate", "alternate", "adviser"
ROLES = {HEAD: _l("Head of delegation"), DELEGATE: _l("Delegate"), ALTERNATE: _l("Alternate"),
         ADVISER: _l("Adviser")}


class Nomination(db.Model):
    """A member of a delegation, as the focal point named them; `registration_id` once they completed
    their registration through their personal link."""

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), index=True)
    #: A key of ROLES.
    role: Mapped[str] = mapped_column(String(16), default=DELEGATE)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Lower-cased.
    email: Mapped[str] = mapped_column(String(320))
    full_name: Mapped[str] = mapped_column(String(200))
    honorific: Mapped[str] = mapped_column(String(40), default="")
    #: Their function, as the list of participants prints it ("Minister of Culture").
    function: Mapped[str] = mapped_column(String(200), default="")
    #: SHA-256 of the code in their personal link.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    nominated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"),
                                                        unique=True)
    #: Set when the focal point withdrew or replaced them: their link stops working.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The member who took their place, when they were replaced.
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("nominations.id", ondelete="SET NULL"))

    delegation: Mapped[Delegation] = relationship(back_populates="members")
    registration = relationship("Registration")


REQUESTED, APPROVED, REFUSED = "requested", "approved", "refused"
VISA_STATUSES = {REQUESTED: _l("Requested"), APPROVED: _l("Approved: the letter can be downloaded"),
                 REFUSED: _l("Refused")}


class VisaRequest(db.Model):
    """A participant's request for a visa-support letter. The passport fields are encrypted; once erased
    (after the event) they are None and `erased_at` says when."""

    __tablename__ = "visa_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    #: Exactly as in the passport (the letter prints it).
    passport_name: Mapped[str | None] = mapped_column(EncryptedText)
    #: ASCII capitals and digits, without spaces.
    passport_number: Mapped[str | None] = mapped_column(EncryptedText)
    #: ISO 3166-1 alpha-2.
    nationality: Mapped[str | None] = mapped_column(EncryptedText)
    #: ISO date.
    date_of_birth: Mapped[str | None] = mapped_column(EncryptedText)
    place_of_issue: Mapped[str | None] = mapped_column(EncryptedText)
    #: The embassy or consulate where they apply ("Embassy of France in Nairobi").
    consulate: Mapped[str | None] = mapped_column(EncryptedText)
    arrival: Mapped[date] = mapped_column(Date)
    departure: Mapped[date] = mapped_column(Date)
    #: A key of VISA_STATUSES.
    status: Mapped[str] = mapped_column(String(16), default=REQUESTED)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Why it was refused, as the participant reads it.
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    #: The letter's number within the event (1, 2, ...), given on approval; printed after the prefix.
    number: Mapped[int | None] = mapped_column(Integer)
    #: The signed code of the letter's verification page (core.verification), given on approval.
    code: Mapped[str | None] = mapped_column(String(16), unique=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event = relationship("Event")
    registration = relationship("Registration")
    decided_by = relationship("User")


class VisaOfficer(db.Model):
    """Someone who handles an event's visa requests: the only people shown passport data (organisers
    name them; being an organiser is not enough)."""

    __tablename__ = "visa_officers"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")


#: What happened to an event's visa officers (VisaOfficerChange.action).
OFFICER_ADDED, OFFICER_REMOVED = "added", "removed"


class VisaOfficerChange(db.Model):
    """Someone named or removed as a visa officer, by whom and when: organisers name officers, and an officer
    reads passport data, so who could read it stays known (the visa settings page lists these)."""

    __tablename__ = "visa_officer_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: The officer added or removed.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The organiser who did it.
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: OFFICER_ADDED or OFFICER_REMOVED.
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id])
    by = relationship("User", foreign_keys=[by_user_id])


class VisaDataRead(db.Model):
    """Who read a request's passport data, when and how: kept after the data is erased."""

    __tablename__ = "visa_data_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    visa_request_id: Mapped[int] = mapped_column(ForeignKey("visa_requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "page" (the request shown to an organiser), "letter" (a letter printed), "export".
    purpose: Mapped[str] = mapped_column(String(16))

    user = relationship("User")
