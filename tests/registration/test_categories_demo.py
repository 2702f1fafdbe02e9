"""The demo's Paris conference as a meeting with participant categories."""
from sqlalchemy import select

from core.extensions import db
from core.multilingual import translated
from events.models import Event
from registration import category_services, demo_categories
from registration.categories import NOMINATION, PRESETS
from registration.demo import CONFERENCE
from registration.models import Registration


def test_the_conference_gets_the_categories_in_its_languages_and_its_people_in_them(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0 and f"{len(PRESETS)} categories added" in result.output
    again = demo_categories.load()
    assert "0 categories added" in again and "0 registrations placed" in again

    event = db.session.scalar(select(Event).where(Event.slug == CONFERENCE))
    categories = category_services.categories_of(event.id)
    assert [category.key for category in categories] == [preset[0] for preset in PRESETS]
    ngo = category_services.category_by_key(event.id, "ngo")
    assert (translated(ngo, "name", "fr"), translated(ngo, "name", "es")) == \
        ("Société civile / ONG", "Sociedad civil / ONG")
    assert translated(ngo, "badge_label", "es") == "ONG"
    registrations = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    assert registrations and all(registration.category_id for registration in registrations)
    assert len({registration.category_id for registration in registrations}) >= 4
    assert any(registration.honorific for registration in registrations)
    # Only delegations' members are in nomination-only categories: people who registered online are not made
    # their country's delegates (the official list would show them as such).
    nominated_only = {category.id for category in categories if category.admission == NOMINATION}
    online = [registration for registration in registrations if registration.source != "nomination"]
    assert online and not [registration.email for registration in online
                           if registration.category_id in nominated_only]
    for email in ("participant@convene.example", "olena.kovalenko@convene.example"):
        person = next(registration for registration in registrations if registration.email == email)
        assert person.category_id not in nominated_only
