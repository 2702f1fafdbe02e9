"""Helpers shared by the knowledge-fair tests: a fair, and a beneficiary with its booth at it."""
from datetime import datetime

from core.extensions import db
from core.models import utcnow
from showcase.models import (APPROVED, ASSIGNED, OWNER, STAFF, Booth, BoothPlace, FloorZone, Organisation,
                             OrganisationMember, Project)

FAIR_START = datetime(2027, 6, 14, 9, 0)


def make_fair(make_event, **fields):
    """A published knowledge fair on 14–15 June 2027 in Paris, with a zone A of 10 places."""
    fields.setdefault("start", FAIR_START)
    fields.setdefault("end", datetime(2027, 6, 15, 18, 0))
    event = make_event(kind="knowledge_fair", **fields)
    db.session.add(FloorZone(event_id=event.id, name="Hall A", code="A", columns=5,
                             places=[BoothPlace(number=number) for number in range(1, 11)]))
    db.session.commit()
    return event


def make_organisation(owner, name="Harare Creative Hub Trust", country="ZW", region="africa", staff=(), **project):
    """An organisation `owner` speaks for (with `staff`), with one IFCD project."""
    number = db.session.query(Organisation).count() + 1
    organisation = Organisation(
        name=name, kind="ngo", country=country, region=region, website="https://hub.example.org",
        contact_name=owner.full_name, contact_email=owner.email,
        members=[OrganisationMember(user_id=owner.id, role=OWNER)]
        + [OrganisationMember(user_id=user.id, role=STAFF) for user in staff])
    organisation.projects = [Project(
        code=project.pop("code", f"2019-{1000 + number}"), title=project.pop("title", f"Project of {name}"),
        funding_usd=project.pop("funding_usd", 90_000), call_number=project.pop("call_number", 10),
        call_year=project.pop("call_year", 2019), countries=project.pop("countries", [country]),
        domains=project.pop("domains", ["music"]), goals=project.pop("goals", ["development"]),
        sdgs=project.pop("sdgs", [8]), summary=project.pop("summary", "Training for music producers."),
        **project)]
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_booth(fair, organisation, status=APPROVED, place_number=None, pitch="Come and hear our musicians."):
    """The organisation's booth at `fair` in `status` (approved: its pitch approved too), at place A<n> if given."""
    place = None
    if place_number is not None:
        place = db.session.query(BoothPlace).join(FloorZone).filter(
            FloorZone.event_id == fair.id, BoothPlace.number == place_number).one()
        status = ASSIGNED if status == APPROVED else status
    booth = Booth(event_id=fair.id, organisation_id=organisation.id, project_id=organisation.projects[0].id,
                  status=status, invited_email=organisation.contact_email, invited_at=utcnow(),
                  accepted_at=utcnow(), pitch=pitch, approved_pitch=pitch if status in (APPROVED, ASSIGNED) else "",
                  place_id=place.id if place else None)
    db.session.add(booth)
    db.session.commit()
    return booth


def beneficiary_booth(make_user, fair, email="tendai@hub.example.org", status=APPROVED, **organisation):
    """A beneficiary (a new account) and its organisation's booth at `fair`: (user, booth)."""
    user = make_user(roles=("beneficiary", "participant"), email=email, full_name="Tendai Moyo")
    booth = make_booth(fair, make_organisation(user, **organisation), status=status)
    return user, booth
