"""The demo's hybrid and online events (issue 17): Paris, Tunis and Bangkok are hybrid with some people online,
the community of practice is online; their pages say so, and never give the address to join."""
from sqlalchemy import select

from core.extensions import db
from events.models import HYBRID, ONLINE, Event
from registration.models import Registration, RegistrationSettings
from tests.conftest import page_text
from tests.main_pages import load_demo


def test_the_demo_has_hybrid_events_with_people_online_and_an_online_community(app, client):
    load_demo(app)
    modes = dict(db.session.execute(select(Event.slug, Event.attendance_mode)).all())
    assert modes["global-forum-cultural-policies-2027"] == HYBRID
    assert modes["dialogue-artistic-freedom-tunis"] == HYBRID
    assert modes["regional-workshop-cultural-statistics-bangkok"] == HYBRID
    assert modes["community-of-practice-cultural-statistics"] == ONLINE
    assert modes["workshop-status-of-the-artist-dakar"] == "in_person"

    paris = db.session.scalar(select(Event).where(Event.slug == "global-forum-cultural-policies-2027"))
    assert paris.online_url.startswith("https://meet.example.org/")
    assert db.session.get(RegistrationSettings, paris.id).online_capacity is None  # unlimited online
    for slug in ("global-forum-cultural-policies-2027", "dialogue-artistic-freedom-tunis",
                 "regional-workshop-cultural-statistics-bangkok"):
        ways = {r.participation for r in db.session.scalars(select(Registration).join(Event).where(Event.slug == slug))}
        assert ways == {"in_person", "online"}, slug

    page = client.get(f"/events/{paris.slug}/").get_data(as_text=True)
    assert "Hybrid: in person and online" in page_text(page) and paris.online_url not in page

    # Running the demo again changes nothing.
    before = db.session.scalar(select(db.func.count()).select_from(Registration))
    load_demo(app)
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == before
