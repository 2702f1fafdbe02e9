"""Online attendance counts like attendance in the room: certificates list the sessions joined, surveys go to
online attendees, and the organisers' "Online participation" page shows rooms, languages, the rule and the joins."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from core.extensions import db
from registration import certificates, online
from registration.models import CheckIn, RegistrationSettings
from tests.conftest import page_text
from tests.core.test_pdf import pdf_text
from tests.outcomes.test_survey_sending import check_in, enable, recipients, send_now
from tests.outcomes.test_survey_settings import finished_event
from tests.registration.onsite import confirmed
from tests.registration.online_helpers import PANEL_ROOM, ROOM, at, hybrid, online_participant
from tests.registration.test_badges import organiser_of


@pytest.fixture
def forum(make_event, make_session):
    return hybrid(make_event, make_session, title="Global Forum")


def test_an_online_participant_gets_a_certificate_listing_the_sessions_joined(client, login, make_event,
                                                                             make_session, make_user, smtp_server,
                                                                             tmp_path):
    event, plenary, panel, workshop = hybrid(make_event, make_session, start=datetime(2026, 11, 17, 9, 0),
                                             title="Regional workshop", zone="Asia/Bangkok")
    follower = online_participant(event, make_user(email="online@example.org", full_name="Nguyễn Thị Lan"))
    absent = online_participant(event, make_user(email="absent@example.org"))
    online.record_join(follower, panel, now=at(event, 2026, 11, 17, 13, 58))
    online.record_join(follower, workshop, now=at(event, 2026, 11, 18, 10, 5))
    login(organiser_of(event))

    client.submit(f"/events/{event.slug}/manage/certificates", follow_redirects=True)

    certificate = certificates.certificate_of(follower)
    assert certificates.certificate_of(absent) is None
    assert certificate.days == ["2026-11-17", "2026-11-18"]
    assert [item["title"] for item in certificate.sessions] == ["Panel on artistic freedom",
                                                                "Workshop on cultural statistics"]
    assert certificate.minutes == 180
    assert "certificate of attendance" in smtp_server.last_to("online@example.org")["Subject"]
    text = pdf_text(certificates.certificate_pdf(certificate), tmp_path)
    assert "Nguyễn Thị Lan" in text and "Panel on artistic freedom" in text and "Opening plenary" not in text


def test_online_attendees_are_asked_to_answer_the_survey_like_those_in_the_room(client, login, make_event,
                                                                                make_user, smtp_server):
    event = finished_event(make_event, online_url=ROOM, attendance_mode="hybrid")
    in_room = confirmed(event, make_user(email="room@example.org"))
    followed = online_participant(event, make_user(email="online@example.org"))
    online_participant(event, make_user(email="never-joined@example.org"))
    confirmed(event, make_user(email="no-show@example.org"))
    check_in(in_room)
    online.record_join(followed, None, now=at(event, 2026, 11, 18, 9, 30))
    enable(event)
    login(organiser_of(event))

    page = send_now(client, event)

    assert "The survey is on its way to 2 participants." in page.get_data(as_text=True)
    assert recipients(smtp_server) == ["online@example.org", "room@example.org"]


def test_the_organisers_page_shows_rooms_languages_and_who_joined(client, login, forum, make_user):
    event, plenary, panel, workshop = forum
    person = online_participant(event, full_name="Aïssatou Diallo")
    online.record_join(person, panel, now=at(event, 2027, 3, 27, 13, 55))
    online.record_join(person, panel, now=at(event, 2027, 3, 27, 14, 30))
    login(organiser_of(event))

    response = client.get(f"/events/{event.slug}/manage/online")

    assert response.status_code == 200
    text = page_text(response.get_data(as_text=True))
    assert ROOM in text and PANEL_ROOM in text  # the organisers see the addresses
    assert "Panel on artistic freedom" in text and "English, French, Arabic" in text
    assert "1 confirmed online participant." in text
    assert "27 Mar 2027: 1 person joined, 1 attended online" in text
    assert "Aïssatou Diallo 13:55 14:30 2" in text


def test_the_page_is_the_organisers_only(client, login, forum, make_user):
    event, *_ = forum
    login(make_user())
    assert client.get(f"/events/{event.slug}/manage/online").status_code in (403, 404)


@pytest.mark.parametrize("value", ["0", "3", "-1", "abc", "", "99999999999999999999"])
def test_a_rule_out_of_range_is_explained_and_nothing_changes(client, login, forum, value):
    event, plenary, panel, workshop = forum
    login(organiser_of(event))

    response = client.submit(f"/events/{event.slug}/manage/online", {"online_min_sessions": value})

    assert response.status_code == 400
    text = page_text(response.get_data(as_text=True))
    assert "Give a whole number" in text
    assert db.session.get(RegistrationSettings, event.id) is None or \
        db.session.get(RegistrationSettings, event.id).online_min_sessions == 1


def test_saving_the_rule_recounts_online_attendance_and_leaves_the_desk_alone(client, login, forum):
    event, plenary, panel, workshop = forum
    joined_one, in_room = online_participant(event), confirmed(event)
    online.record_join(joined_one, plenary, now=at(event, 2027, 3, 27, 9, 0))
    db.session.add(CheckIn(event_id=event.id, registration_id=in_room.id, day=date(2027, 3, 27)))
    db.session.commit()
    login(organiser_of(event))

    response = client.submit(f"/events/{event.slug}/manage/online", {"online_min_sessions": "2"},
                             follow_redirects=True)

    assert "online attendance recounted from the joins: 0 person-days" in page_text(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(RegistrationSettings, event.id).online_min_sessions == 2
    rows = db.session.scalars(select(CheckIn)).all()
    assert [(row.registration_id, row.is_online) for row in rows] == [(in_room.id, False)]


def test_the_page_of_an_online_event_counts_everyone_and_an_in_person_one_says_so(client, login, make_event):
    online_event = make_event(attendance_mode="online", online_url=ROOM, venue_name="")
    confirmed(online_event)
    in_person = make_event()
    login(organiser_of(online_event))
    text = page_text(client.get(f"/events/{online_event.slug}/manage/online").get_data(as_text=True))
    assert "1 confirmed online participant." in text and "held in person" not in text
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    login(organiser_of(in_person))
    text = page_text(client.get(f"/events/{in_person.slug}/manage/online").get_data(as_text=True))
    assert "This event is held in person" in text and "Nobody has joined online yet." in text


def test_a_recount_keeps_the_days_attended_online_by_someone_who_then_came_in_person(client, login, forum):
    from events.models import IN_PERSON

    event, plenary, panel, workshop = forum
    person = online_participant(event)
    online.record_join(person, plenary, now=at(event, 2027, 3, 27, 9, 0))  # day 1 online
    person.participation = IN_PERSON  # the organisers moved them to the room for day 2
    db.session.commit()
    login(organiser_of(event))

    response = client.submit(f"/events/{event.slug}/manage/online", {"online_min_sessions": "1"},
                             follow_redirects=True)

    text = page_text(response.get_data(as_text=True))
    assert "online attendance recounted from the joins: 1 person-days" in text, text[:600]
    rows = db.session.scalars(select(CheckIn).where(CheckIn.session_id.is_(None))).all()
    assert [(row.registration_id, row.day, row.is_online) for row in rows] == [(person.id, date(2027, 3, 27), True)]


def test_the_rule_and_the_joins_are_found_from_the_top_of_the_page(client, login, forum):
    """At the Paris forum the rule and the joins sat below the 42 rows of the rooms' table."""
    event, *_ = forum
    login(organiser_of(event))
    html = client.get(f"/events/{event.slug}/manage/online").get_data(as_text=True)
    top = html[:html.index('id="rooms-title"')]
    assert 'href="#rule-title"' in top and 'href="#joins-title"' in top
    assert 'id="rule-title"' in html and 'id="joins-title"' in html
