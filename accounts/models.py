from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import TimestampMixin, UTCDateTime, utcnow
from core.search import search_key

#: Site-wide roles. Per-event organiser teams belong to events.
ROLES = {
    "administrator": _l("Administrator"),
    "organiser": _l("Organiser"),
    "checkin_staff": _l("Check-in staff"),
    "beneficiary": _l("IFCD beneficiary"),
    "participant": _l("Participant"),
}


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Always stored lower-cased and stripped (see services.normalise_email).
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    #: Exactly as typed, in any script.
    full_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    #: ISO 3166-1 alpha-2.
    country: Mapped[str | None] = mapped_column(String(2))
    #: A key of core.vocabularies.STAKEHOLDER_GROUPS.
    stakeholder_group: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str | None] = mapped_column(String(8))
    #: IANA name; times are shown in it.
    timezone: Mapped[str | None] = mapped_column(String(64))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: An administrator can switch an account off without deleting its history.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Name, e-mail and organisation folded for the people search (kept up to date on every save, below).
    search_text: Mapped[str] = mapped_column(Text, default="")

    roles: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin",
        foreign_keys="UserRole.user_id",
    )

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def role_names(self) -> set[str]:
        return {role.role for role in self.roles}

    def has_role(self, role: str) -> bool:
        names = self.role_names
        return role in names or "administrator" in names

    def get_id(self) -> str:
        # Part of the password hash rides in the session: changing the password signs out
        # every other browser that was signed in with the old one.
        return f"{self.id}:{self.password_hash[-12:]}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _refresh_search_text(mapper, connection, user: User) -> None:
    # On the model, not in the services: accounts made anywhere (demo data, tests) stay searchable.
    user.search_text = search_key(user.full_name, user.email, user.organisation)


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: None when granted from the command line or at sign-up.
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])
