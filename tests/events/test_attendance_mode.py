"""How people take part in an event (issue 17): in person, online or hybrid, chosen on the event form, said on
public pages and in the API without ever giving the online address, and carried by copies."""
import re

from sqlalchemy import func, select

from core.extensions import db
from events.models import HYBRID, IN_PERSON, ONLINE, Event
from tests.conftest import page_text
from tests.events.test_manage import FORUM

JOIN = "https://meet.example.org/forum-room"


def test_each_mode_asks_for_what_it_needs_keeps_what_was_typed_and_saves_nothing(client, make_user, login):
    login(make_user(roles=("organiser",)))
    cases = [
        ({"attendance_mode": IN_PERSON, "venue_name": "", "online_url": JOIN}, "Give the venue: people come in person."),
        ({"attendance_mode": ONLINE, "online_url": ""}, "Give the online link: where participants join."),
        ({"attendance_mode": HYBRID, "online_url": ""}, "Give the online link: where participants join."),
        ({"attendance_mode": HYBRID, "venue_name": "", "online_url": JOIN},
         "Give the venue: a hybrid event takes people in person too."),
        ({"attendance_mode": "on_the_moon"}, "Choose one of the options in the list."),
    ]
    for change, message in cases:
        response = client.submit("/events/new/conference", FORUM | change)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, change
        assert message in page, change
        assert "Three days of exchange." in page  # what was typed stays
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_an_online_event_needs_no_venue_and_a_hybrid_one_says_so_publicly_without_its_address(
        client, make_user, login):
    login(make_user(roles=("organiser",)))
    response = client.submit("/events/new/conference", FORUM | {
        "title": "Online forum", "attendance_mode": ONLINE, "venue_name": "", "venue_address": "", "online_url": JOIN})
    assert response.status_code == 302
    online = db.session.scalar(select(Event).where(Event.title == "Online forum"))
    assert online.attendance_mode == ONLINE and online.online_url == JOIN

    response = client.submit("/events/new/conference", FORUM | {
        "title": "Hybrid forum", "attendance_mode": HYBRID, "online_url": JOIN})
    assert response.status_code == 302
    hybrid = db.session.scalar(select(Event).where(Event.title == "Hybrid forum"))
    assert hybrid.attendance_mode == HYBRID and hybrid.venue_name == "UNESCO Headquarters"
    for event in (online, hybrid):
        client.submit(f"/events/{event.slug}/manage/status", {"action": "publish"},
                      form_url=f"/events/{event.slug}/manage")

    page = page_text(client.get(f"/events/{hybrid.slug}/").get_data(as_text=True))
    assert "Hybrid: in person and online" in page and "UNESCO Headquarters" in page
    assert "Online" in page_text(client.get(f"/events/{online.slug}/").get_data(as_text=True))
    listing = client.get("/events/").get_data(as_text=True)
    assert "Hybrid: in person and online" in listing and JOIN not in listing
    api = client.get(f"/api/v1/events/{hybrid.slug}").get_json()
    assert api["attendance_mode"] == HYBRID and api["is_online"] is True
    assert JOIN not in client.get(f"/api/v1/events/{hybrid.slug}").get_data(as_text=True)
    assert client.get(f"/api/v1/events/{online.slug}").get_json()["attendance_mode"] == ONLINE


def test_the_form_shows_the_stored_mode_and_a_copy_keeps_it(client, make_event, login):
    event = make_event(attendance_mode=HYBRID, online_url=JOIN, slug="hybrid-forum-2026")
    login(event.team[0].user)

    form = client.get(f"/events/{event.slug}/manage/edit").get_data(as_text=True)
    assert re.search(r'<option[^>]*selected[^>]*value="hybrid"|<option[^>]*value="hybrid"[^>]*selected', form)

    response = client.submit(f"/events/{event.slug}/manage/duplicate",
                             {"title": "Hybrid forum 2028", "slug": "hybrid-forum-2028", "first_day": "2028-03-25"})
    assert response.status_code == 302
    copy = db.session.scalar(select(Event).where(Event.slug == "hybrid-forum-2028"))
    assert copy.attendance_mode == HYBRID and copy.online_url == JOIN


def test_a_form_posted_without_the_choice_reads_the_mode_from_what_was_given(client, make_user, login):
    login(make_user(roles=("organiser",)))
    client.submit("/events/new/conference", FORUM | {"title": "Both given", "online_url": JOIN})
    client.submit("/events/new/conference", FORUM | {"title": "Link only", "venue_name": "", "online_url": JOIN})
    modes = dict(db.session.execute(select(Event.title, Event.attendance_mode)).all())
    assert modes == {"Both given": HYBRID, "Link only": ONLINE}
