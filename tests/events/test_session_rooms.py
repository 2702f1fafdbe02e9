"""A session's online room and its languages (interpretation channels): set on the session form, the languages
shown on the programme and the session page, the room never (issue 17)."""
from datetime import datetime

import pytest
from sqlalchemy import func, select

from core.extensions import db
from events.models import Event, Session
from tests.conftest import page_text
from tests.events.test_manage import session_form

ROOM = "https://meet.example.org/panel-on-data"


def test_the_session_form_saves_a_room_and_languages_shown_publicly_without_the_room(client, make_event, login):
    event = make_event()
    login(event.team[0].user)

    response = client.submit(f"/events/{event.slug}/manage/sessions/new",
                             session_form(online_url=f"  {ROOM}  ", languages=["fr", "ar", "en"]))

    assert response.status_code == 302
    session = db.session.scalar(select(Session))
    assert session.online_url == ROOM
    assert session.languages == ["ar", "en", "fr"]  # in the list's order: the UN languages as they stand
    form = client.get(f"/events/{event.slug}/manage/sessions/{session.id}/edit").get_data(as_text=True)
    assert f'value="{ROOM}"' in form
    assert '<input checked id="languages-1" name="languages" type="checkbox" value="ar">' in form
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    for url in (f"/events/{event.slug}/sessions/{session.id}", f"/events/{event.slug}/programme",
                f"/events/{event.slug}/", f"/events/{event.slug}/calendar.ics",
                f"/events/{event.slug}/sessions/{session.id}/calendar.ics", f"/api/v1/events/{event.slug}"):
        text = client.get(url).get_data(as_text=True)
        assert ROOM not in text, url
    page = page_text(client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True))
    assert "Languages (interpretation) Arabic, English, French" in page
    programme = page_text(client.get(f"/events/{event.slug}/programme").get_data(as_text=True))
    assert "Languages: Arabic, English, French" in programme


def test_the_languages_are_named_in_the_readers_language(client, make_event, make_session):
    event = make_event()
    session = make_session(event, datetime(2027, 3, 27, 10, 0), languages=["en", "es"])
    page = page_text(client.get(f"/events/{event.slug}/sessions/{session.id}",
                                headers={"Accept-Language": "fr"}).get_data(as_text=True))
    assert "anglais, espagnol" in page


@pytest.mark.parametrize("address, message", [
    ("ftp://meet.example.org/room", "Enter a web address starting with https://."),
    ("javascript:alert(1)", "Enter a web address starting with https://."),
    ("https://", "Enter a web address starting with https://."),
    ("meet.example.org/room", "Enter a web address starting with https://."),
    ("https://meet.example.org/" + "r" * 480, "At most 500 characters."),
])
def test_a_bad_room_address_is_explained_kept_and_nothing_saved(client, make_event, login, address, message):
    event = make_event()
    login(event.team[0].user)

    response = client.submit(f"/events/{event.slug}/manage/sessions/new", session_form(online_url=address))

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and "Panel on data" in page
    assert db.session.scalar(select(func.count()).select_from(Session)) == 0


def test_a_language_not_in_the_list_is_refused(client, make_event, login):
    event = make_event()
    login(event.team[0].user)
    response = client.submit(f"/events/{event.slug}/manage/sessions/new", session_form(languages=["en", "xx"]))
    assert response.status_code == 400
    assert "Choose one of the options in the list." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Session)) == 0


def test_changing_the_room_leaves_calendars_alone(client, make_event, make_session, login):
    event = make_event()
    session = make_session(event, datetime(2027, 3, 28, 10, 0), title="Panel on data")
    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/sessions/{session.id}/edit", session_form())  # as the form has it
    db.session.refresh(session)
    sequence = session.sequence
    client.submit(f"/events/{event.slug}/manage/sessions/{session.id}/edit",
                  session_form(online_url=ROOM, languages=["fr"]))
    db.session.refresh(session)
    # Calendars carry the personal join link, never the room: nothing for them to update.
    assert session.online_url == ROOM and session.sequence == sequence


def test_a_copied_event_keeps_its_sessions_rooms_and_languages(client, make_event, make_session, login):
    event = make_event(title="Autumn forum", start=datetime(2026, 10, 24, 9), end=datetime(2026, 10, 25, 17))
    make_session(event, datetime(2026, 10, 24, 9, 30), title="Plenary", online_url=ROOM, languages=["en", "fr"])
    login(event.team[0].user)

    client.submit(f"/events/{event.slug}/manage/duplicate",
                  {"title": "Autumn forum 2027", "slug": "autumn-forum-2027", "first_day": "2027-10-30"})

    copy = db.session.scalar(select(Event).where(Event.slug == "autumn-forum-2027"))
    assert [(s.online_url, s.languages) for s in copy.sessions] == [(ROOM, ["en", "fr"])]
