"""An online room's address (an event's, or a session's own) is for its registered online participants only, and
even they reach it through their personal join link: no public page, feed, API answer or printed programme of
any demo event carries it, nor "My registrations" or the private agenda feed (issue 17: "nobody else sees
them")."""
import io

import pytest
from pypdf import PdfReader
from flask import url_for
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from events.models import PUBLISHED, Event, Session
from registration import online, personal_agenda
from registration.models import CONFIRMED, Registration
from tests.main_pages import load_demo


@pytest.fixture
def demo(app):
    """{where: the address of an online room} of the demo: the events' rooms and the sessions' own."""
    load_demo(app)
    online = dict(db.session.execute(select(Event.slug, Event.online_url).where(Event.online_url != "")).all())
    online.update({f"session {session_id}": address for session_id, address in db.session.execute(
        select(Session.id, Session.online_url).where(Session.online_url != "")).all()})
    assert online, "the demo has online events"
    assert any(key.startswith("session ") for key in online), "the demo has sessions with their own rooms"
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


def test_a_confirmed_online_participant_gets_personal_join_links_never_the_address(app, demo, client, login):
    from accounts.models import User

    found = None
    for registration in db.session.scalars(select(Registration).where(
            Registration.status == CONFIRMED, Registration.user_id.is_not(None)).order_by(Registration.id)):
        event = registration.event
        if online.may_join(registration) and event.online_url and event.sessions and event.ends_at > utcnow():
            found = registration, db.session.get(User, registration.user_id)
            break
    assert found, "the demo has a confirmed online participant at an online or hybrid event to come, with sessions"
    registration, person = found
    login(person, password="convene-demo")
    page = client.get("/registrations").get_data(as_text=True)
    with app.test_request_context():
        own = online.join_url(registration).split("/join/", 1)[1]
        feed_url = url_for("registration.agenda", token=personal_agenda.agenda_token(person))
    from registration.checkin import event_days, venue_today
    if venue_today(registration.event, utcnow()) >= event_days(registration.event)[0]:
        assert f"/join/{own}" in page  # the "Join online" button, in the person's language
    else:  # before the event's days, the day the button appears (a button would only refuse)
        assert f"/join/{own}" not in page and 'class="hint"' in page
    assert not any(address in page for address in demo.values())
    feed = client.get(feed_url).get_data(as_text=True).replace("\r\n ", "")
    assert f"/join/{own}/sessions/" in feed
    assert not any(address in feed for address in demo.values())


def test_another_participant_sees_no_address_to_join(app, demo, client, login, make_user):
    login(make_user())
    page = client.get("/registrations").get_data(as_text=True)
    assert not any(address in page for address in demo.values())
