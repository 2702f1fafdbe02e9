"""Calendar feeds in the language asked (issue 15): their words (the role lines, the categories, the
calendar's name) follow `?lang=` or Accept-Language, the personal agenda the account's language, and
every version's ETag is its language's."""
from datetime import datetime

import vobject

from core.extensions import db
from events.models import Speaker
from tests.registration.test_agenda_and_export import FORM, agenda_path, setting_up


def read(response):
    return vobject.readOne(response.get_data(as_text=True))


def test_the_all_events_feed_has_an_etag_per_language_and_answers_304_only_in_the_same_one(client, make_event):
    make_event(title="Forum in Paris", kind="conference")
    url = "/events/calendar.ics"

    english = client.get(url, headers={"Accept-Language": "en"})
    french = client.get(url + "?lang=fr", headers={"Accept-Language": "en"})
    spanish = client.get(url, headers={"Accept-Language": "es-419"})

    assert read(english).vevent.categories.value == ["Conference"]
    assert read(french).vevent.categories.value == ["Conférence"]
    assert len({english.headers["ETag"], french.headers["ETag"], spanish.headers["ETag"]}) == 3
    assert client.get(url + "?lang=fr", headers={"If-None-Match": english.headers["ETag"]}).status_code == 200
    assert client.get(url + "?lang=fr", headers={"If-None-Match": french.headers["ETag"]}).status_code == 304
    assert client.get(url, headers={"Accept-Language": "en", "If-None-Match": english.headers["ETag"]}) \
        .status_code == 304


def test_an_events_feed_says_who_speaks_in_the_readers_language(client, make_event, make_session):
    event = make_event(title="Forum")
    event.speakers = [Speaker(name="Kwame Mensah"), Speaker(name="Olga Petrova")]
    db.session.commit()
    make_session(event, datetime(2027, 3, 28, 10), title="Opening", session_type="plenary", speakers=event.speakers)
    url = f"/events/{event.slug}/calendar.ics"

    english = client.get(url, headers={"Accept-Language": "en"})
    french = client.get(url, headers={"Accept-Language": "fr"})
    french_by_address = client.get(url + "?lang=fr")

    assert "Speakers: Kwame Mensah and Olga Petrova" in read(english).vevent.description.value
    assert "Intervenants : Kwame Mensah et Olga Petrova" in read(french).vevent.description.value
    assert read(french).vevent.categories.value == ["Plénière"]
    assert french_by_address.get_data() == french.get_data()
    assert english.headers["ETag"] != french.headers["ETag"] == french_by_address.headers["ETag"]


def test_the_personal_agenda_is_in_the_accounts_language_whatever_the_calendar_app_sends(
        app, client, make_event, make_session, make_user, login):
    event = make_event()
    setting_up(event)
    make_session(event, datetime(2027, 3, 28, 10), title="Opening", session_type="plenary")
    login(make_user(locale="fr"))
    client.submit(f"/events/{event.slug}/register", FORM)
    path = agenda_path(client)
    calendar_app = app.test_client()  # no cookie, an English system

    french = calendar_app.get(path, headers={"Accept-Language": "en-US"})
    english = calendar_app.get(path + "?lang=en", headers={"Accept-Language": "en-US"})
    unknown = calendar_app.get(path + "?lang=xx", headers={"Accept-Language": "en-US"})

    assert read(french).x_wr_calname.value == "Mon agenda Convene"
    assert french.headers["Content-Language"] == "fr"
    assert read(english).x_wr_calname.value == "My Convene agenda"
    assert read(unknown).x_wr_calname.value == "Mon agenda Convene"
    assert french.headers["ETag"] != english.headers["ETag"]
    assert calendar_app.get(path + "?lang=en", headers={"If-None-Match": french.headers["ETag"]}).status_code == 200
    assert calendar_app.get(path, headers={"If-None-Match": french.headers["ETag"]}).status_code == 304
