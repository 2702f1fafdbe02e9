"""Participant categories: who comes to an event in what capacity (a Member State's delegate, an
observer, the press...), each with its own way in, extra questions, places, badge band and listing.

An event without categories registers people as before. The presets are the ones the Convention's
governing bodies use; organisers rename, translate, add and remove them.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.multilingual import Multilingual

#: Who may register in a category: anyone (confirmed while places last), anyone with an organiser's
#: approval, or only people a focal point nominated (meetings.delegations).
OPEN, APPROVAL, NOMINATION = "open", "approval", "nomination"
ADMISSIONS = {OPEN: _l("Open: anyone may register"),
              APPROVAL: _l("On approval: an organiser approves each registration"),
              NOMINATION: _l("Nomination only: a focal point nominates each person")}

#: The categories a meeting starts with: (key, name, admission, band colour, badge label, listed publicly).
#: Colours are distinct for colour-blind readers too, and the label is printed on the band.
PRESETS = (
    ("member_state", _l("Member State delegate"), NOMINATION, "#0072B2", _l("Member State"), True),
    ("observer_state", _l("Observer State"), NOMINATION, "#56B4E9", _l("Observer"), True),
    ("igo", _l("Intergovernmental organisation"), APPROVAL, "#D55E00", _l("IGO"), True),
    ("ngo", _l("Civil society / NGO"), APPROVAL, "#009E73", _l("NGO"), True),
    ("ifcd", _l("IFCD beneficiary"), APPROVAL, "#E69F00", _l("IFCD"), True),
    ("expert", _l("Expert"), APPROVAL, "#CC79A7", _l("Expert"), True),
    ("speaker", _l("Speaker"), APPROVAL, "#882255", _l("Speaker"), True),
    ("press", _l("Press"), APPROVAL, "#F0E442", _l("Press"), False),
    ("secretariat", _l("Secretariat"), APPROVAL, "#595959", _l("Secretariat"), True),
)


class ParticipantCategory(Multilingual, db.Model):
    __tablename__ = "participant_categories"
    __table_args__ = (UniqueConstraint("event_id", "key"),)
    translated_fields = ("name", "badge_label")

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: Stable within the event (a preset's key, or made from the first name): CSV and API filters use it.
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    #: A key of ADMISSIONS.
    admission: Mapped[str] = mapped_column(String(16), default=APPROVAL)
    #: Places for this category; None: only the event's own limit applies.
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: The badge band's colour (#RRGGBB) and the word printed on it.
    badge_colour: Mapped[str] = mapped_column(String(7), default="#595959")
    badge_label: Mapped[str] = mapped_column(String(40), default="")
    #: Whether its people appear on the public list of participants (those who agreed to it).
    is_listed: Mapped[bool] = mapped_column(Boolean, default=True)

    event = relationship("Event")

    @property
    def content_languages(self) -> list[str]:
        return self.event.content_languages
