"""A knowledge fair's rules and booths, as the other showcase modules read them."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from events.models import Event
from showcase.models import (PUBLIC_BOOTH_STATUSES, Booth, BoothPlace, FairSettings, FloorZone, Lead, Organisation,
                             OrganisationMember)

#: The rules a fair has before its organisers change any (FairSettings' defaults).
DEFAULTS = {"material_kinds": ["image", "document", "video"], "max_file_mb": 10, "max_booth_mb": 50,
            "max_items": 12, "lead_fields": ["full_name", "organisation", "country"], "meeting_minutes": 20}


def settings_of(event) -> FairSettings:
    """The fair's rules; the defaults (not yet stored) if its organisers have set none."""
    settings = db.session.get(FairSettings, event.id)
    if settings is None:
        settings = FairSettings(event_id=event.id, **{name: (list(value) if isinstance(value, list) else value)
                                                       for name, value in DEFAULTS.items()})
    return settings


def booths_of(event, statuses=None) -> list[Booth]:
    """The fair's booths (in `statuses` if given), with what their lists show, by organisation name."""
    query = (select(Booth).where(Booth.event_id == event.id).outerjoin(Booth.organisation)
             .options(selectinload(Booth.organisation), selectinload(Booth.project),
                      selectinload(Booth.place).selectinload(BoothPlace.zone))
             .order_by(Organisation.name, Booth.invited_email))
    if statuses is not None:
        query = query.where(Booth.status.in_(statuses))
    return db.session.scalars(query).all()


def public_booths(event) -> list[Booth]:
    return booths_of(event, PUBLIC_BOOTH_STATUSES)


def zones_of(event) -> list[FloorZone]:
    return db.session.scalars(select(FloorZone).where(FloorZone.event_id == event.id)
                              .options(selectinload(FloorZone.places))
                              .order_by(FloorZone.position, FloorZone.code)).all()


def booths_of_user(user) -> list[Booth]:
    """The booths, at every fair, of the organisations `user` speaks for (newest fair first)."""
    return db.session.scalars(
        select(Booth).join(OrganisationMember, OrganisationMember.organisation_id == Booth.organisation_id)
        .join(Event, Event.id == Booth.event_id).where(OrganisationMember.user_id == user.id)
        .options(selectinload(Booth.event), selectinload(Booth.place).selectinload(BoothPlace.zone))
        .order_by(Event.starts_at.desc())).all()


def save_settings(event, values: dict) -> FairSettings:
    """Change the fair's rules. Fewer lead fields: booths forget, in the same commit, what they may no longer
    keep of the visitors they scanned. Commits."""
    settings = db.session.get(FairSettings, event.id) or FairSettings(event_id=event.id)
    for name, value in values.items():
        setattr(settings, name, value)
    db.session.add(settings)
    if "lead_fields" in values:
        allowed = set(values["lead_fields"])
        for lead in db.session.scalars(select(Lead).join(Booth).where(Booth.event_id == event.id)):
            if set(lead.details or {}) - allowed:
                lead.details = {name: value for name, value in lead.details.items() if name in allowed}
    db.session.commit()
    return settings
