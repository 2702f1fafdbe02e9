"""The demo delegations at the Paris conference: one approved, one waiting for credentials, one past the deadline."""
from sqlalchemy import func, select

from core.extensions import db
from meetings import delegations
from meetings.demo_delegations import load
from meetings.models import Delegation, FocalPoint, Nomination
from registration.categories import ParticipantCategory
from registration.models import Registration, RegistrationSettings


def test_the_demo_delegations_load_once(app, make_event):
    event = make_event(title="Global Forum")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    db.session.commit()
    assert list(load(event))[0].startswith("demo delegations: 3 created")
    assert list(load(event))[0].startswith("demo delegations: 0 created")

    by_country = {delegation.country: delegation for delegation in db.session.scalars(select(Delegation))}
    assert set(by_country) == {"KE", "CO", "VN"}
    kenya, colombia, vietnam = by_country["KE"], by_country["CO"], by_country["VN"]
    assert kenya.approved_at is not None and kenya.credentials_status == "accepted"
    assert colombia.approved_at is None and colombia.credentials_status == "missing"
    assert len(vietnam.members) == 1 and not delegations.nominations_open(event)
    assert {member.registration.status for member in kenya.members if member.registration} == {"confirmed"}
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 3
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 6
    assert db.session.scalar(select(func.count()).select_from(FocalPoint).where(FocalPoint.user_id.is_not(None))) == 3
    assert db.session.scalar(select(func.count()).select_from(ParticipantCategory)) == 1
