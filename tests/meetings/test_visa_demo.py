"""The demo visa letters load on the Paris conference, and loading twice adds nothing."""
from sqlalchemy import func, select

from core.extensions import db
from meetings import demo_visas, visas
from meetings.models import VisaRequest


def test_the_demo_visa_letters_load_once(app):
    import accounts.demo
    import events.demo
    import registration.demo

    for package in (accounts.demo, events.demo, registration.demo):
        list(package.load())
    event = db.session.scalar(select(visas.Event).where(visas.Event.slug == "global-forum-cultural-policies-2027"))

    demo_visas.load(event)
    demo_visas.load(event)

    statuses = sorted(db.session.scalars(select(VisaRequest.status)))
    assert statuses and set(statuses) <= {"requested", "approved", "refused"}
    assert db.session.scalar(select(func.count()).select_from(VisaRequest)) == len(statuses)
    assert all(request.code for request in visas.requests_of(event, "approved"))
    assert sorted(set(statuses)) == ["approved", "refused", "requested"]
