"""IFCD beneficiaries and their projects. An organisation keeps its profile from one fair to the next."""
from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import TimestampMixin

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
