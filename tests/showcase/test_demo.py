"""The demo data: the demo beneficiary's organisation and projects, and a knowledge fair that shows every
part of the showcase (loaded once: running it again changes nothing)."""
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from events.models import Event
from showcase import fairs, services
from showcase.models import (APPROVED, PENDING, REJECTED, Bookmark, Booth, BoothView, Lead, MaterialItem,
                             MeetingRequest)
from tests.conftest import page_text


def test_the_demo_beneficiary_and_the_demo_fair_are_loaded_once(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    again = runner.invoke(args=["demo-data"])

    assert first.exit_code == 0, first.output
    assert "demo beneficiaries: 3 organisation and project records created" in first.output
    assert "demo beneficiaries: 0 organisation and project records created" in again.output
    assert "demo knowledge fair: 24 booths" in first.output and "demo knowledge fair" not in again.output
    user = db.session.query(User).filter_by(email="beneficiary@convene.example").one()
    organisation = services.organisation_of(user)
    assert organisation.region == "africa"
    assert sorted(project.code for project in organisation.projects) == ["2017-4521", "2021-7788"]

    fair = db.session.scalar(select(Event).where(Event.slug == "ifcd-knowledge-fair-2027"))
    public = fairs.public_booths(fair)
    assert len(fairs.booths_of(fair)) == 24 and len(public) >= 20
    assert {booth.organisation.region for booth in public} == {
        "africa", "arab_states", "asia_pacific", "europe_north_america", "latin_america_caribbean"}
    assert all(booth.place is not None for booth in public)
    assert {booth.organisation_id for booth in fairs.booths_of(fair)} >= {organisation.id}  # the demo account's

    statuses = dict(db.session.execute(select(MaterialItem.status, func.count()).join(Booth)
                                       .where(Booth.event_id == fair.id).group_by(MaterialItem.status)).all())
    assert statuses[APPROVED] > 20 and statuses[PENDING] > 0 and statuses[REJECTED] == 1
    for model in (MeetingRequest, Lead, Bookmark, BoothView):
        assert db.session.scalar(select(func.count()).select_from(model)) > 0, model

    page = page_text(client.get(f"/events/{fair.slug}/showcase").get_data(as_text=True))
    assert "Fundación Cultural Andina" in page and "Harare Creative Hub Trust" in page
