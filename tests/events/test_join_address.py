"""An online event's address to join is for its registered participants: no public page, feed, API answer or
printed programme of any demo event carries it, while a confirmed participant finds it under "My
registrations" and in their own agenda feed (issue 17: "nobody else sees them")."""
import io

import pytest
from pypdf import PdfReader
from flask import url_for
from sqlalchemy import select

from core.extensions import db
from events.models import PUBLISHED, Event
from registration import personal_agenda
from registration.models import CONFIRMED, Registration
from tests.main_pages import load_demo


@pytest.fixture
def demo(app):
    load_demo(app)
    online = dict(db.session.execute(select(Event.slug, Event.online_url).where(Event.online_url != "")).all())
    assert online, "the demo has online events"
    return online


def _text(response) -> str:
    if response.mimetype == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    return response.get_data(as_text=True)


def public_outputs(client):
    """Every public output of every published demo event, as a visitor (or a calendar, or a program) reads it."""
    yield "/events/", client.get("/events/")
    yield "/events/calendar.ics", client.get("/events/calendar.ics")
    yield "/api/v1/events", client.get("/api/v1/events")
    for event in db.session.scalars(select(Event).where(Event.status == PUBLISHED)):
        base = f"/events/{event.slug}"
        for url in (f"{base}/", f"{base}/programme", f"{base}/programme.pdf", f"{base}/calendar.ics",
                    f"/api/v1/events/{event.slug}", f"{base}/participants", f"{base}/showcase",
                    f"{base}/fair/guide.pdf", f"{base}/materials"):
            yield url, client.get(url)
        for session in event.sessions:
            for url in (f"{base}/sessions/{session.id}", f"{base}/sessions/{session.id}/calendar.ics"):
                yield url, client.get(url)


def test_no_public_output_carries_an_address_to_join(app, demo):
    client = app.test_client()
    read = 0
    for url, response in public_outputs(client):
        if response.status_code != 200:
            continue
        read += 1
        text = _text(response)
        for slug, address in demo.items():
            assert address not in text, f"{url} shows the address to join {slug}"
    assert read > 100  # the scan saw the pages it is meant to


def test_a_confirmed_participant_finds_it_on_my_registrations_and_in_their_agenda(app, demo, client, login):
    from accounts.models import User

    found = None
    for slug, address in demo.items():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        registration = db.session.scalars(select(Registration).where(
            Registration.event_id == event.id, Registration.status == CONFIRMED,
            Registration.user_id.is_not(None)).order_by(Registration.id)).first()
        if registration is not None and event.sessions:
            found = event, address, db.session.get(User, registration.user_id)
            break
    assert found, "the demo has a confirmed participant at an online event with sessions"
    event, address, person = found
    login(person, password="convene-demo")
    page = client.get("/registrations").get_data(as_text=True)
    assert f'href="{address}"' in page  # the "Join online" button, in the person's language
    with app.test_request_context():
        feed_url = url_for("registration.agenda", token=personal_agenda.agenda_token(person))
    feed = client.get(feed_url).get_data(as_text=True)
    assert address in feed.replace("\r\n ", "")


def test_another_participant_sees_no_address_to_join(app, demo, client, login, make_user):
    login(make_user())
    page = client.get("/registrations").get_data(as_text=True)
    assert not any(address in page for address in demo.values())
