"""Seats at sessions with limited seats are seats in the room: at a hybrid event, an online participant takes
none. The form refuses the choice online (keeping what was typed), a change page of an online participant offers
no seats, and switching to online gives the person's seats to the first people waiting for each session."""
from datetime import datetime

from core.extensions import db
from events.models import HYBRID, IN_PERSON, ONLINE
from registration.models import RegistrationSettings, SessionPlaces
from tests.conftest import page_text, registration_of
from tests.registration.test_register import FORM


def hybrid_workshop(make_event, make_session):
    event = make_event(attendance_mode=HYBRID, online_url="https://meet.example.org/room")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, offer_hours=24, closes_at=event.starts_at))
    workshop = make_session(event, datetime(2027, 3, 27, 11), minutes=90, title="Workshop: music export")
    db.session.add(SessionPlaces(session_id=workshop.id, event_id=event.id, capacity=1))
    db.session.commit()
    return event, workshop


def register(client, login, person, event, participation, sessions=()):
    login(person)
    answer = client.submit(f"/events/{event.slug}/register",
                           FORM | {"participation": participation, "sessions": [str(s.id) for s in sessions]},
                           follow_redirects=True)
    client.submit("/account/logout", form_url="/")
    return answer


def test_an_online_participant_cannot_take_a_seat_in_the_room(client, make_event, make_session, make_user, login):
    event, workshop = hybrid_workshop(make_event, make_session)
    person = make_user()
    login(person)
    assert "Seats are in the room: only for those who take part in person." in page_text(
        client.get(f"/events/{event.slug}/register").get_data(as_text=True))
    client.submit("/account/logout", form_url="/")

    answer = register(client, login, person, event, ONLINE, [workshop])

    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Seats are in the room: online participants do not choose sessions with limited seats." in page_text(page)
    assert "Association Racines" in page and registration_of(person, event) is None


def test_switching_online_gives_the_seat_to_the_next_person_waiting(client, make_event, make_session, make_user,
                                                                     login):
    event, workshop = hybrid_workshop(make_event, make_session)
    person, waiting = make_user(), make_user()
    register(client, login, person, event, IN_PERSON, [workshop])
    register(client, login, waiting, event, IN_PERSON, [workshop])
    assert [c.status for c in registration_of(waiting, event).choices] == ["waitlisted"]
    mine = registration_of(person, event)
    login(person)
    assert "Taking part online gives up your seats at sessions with limited seats" in page_text(
        client.get("/registrations").get_data(as_text=True))

    client.submit(f"/registrations/{mine.id}/participation", {"participation": ONLINE},
                  form_url="/registrations", follow_redirects=True)

    assert registration_of(person, event).choices == []
    assert [c.status for c in registration_of(waiting, event).choices] == ["offered"]
    # Their change page offers no seats; a forged choice takes none.
    page = client.get(f"/registrations/{mine.id}/change").get_data(as_text=True)
    assert "Sessions with limited seats" not in page
    client.submit(f"/registrations/{mine.id}/change", FORM | {"sessions": [str(workshop.id)]},
                  form_url=f"/registrations/{mine.id}/change")
    assert registration_of(person, event).choices == []


def test_the_confirmation_says_how_the_person_takes_part_and_where_the_join_link_is(
        client, make_event, make_session, make_user, login, smtp_server):
    from tests.conftest import text_of

    event, workshop = hybrid_workshop(make_event, make_session)
    event.venue_name, event.online_url = "Palais des Congrès", "https://meet.example.org/secret-room"
    db.session.commit()
    online_user, room_user = make_user(email="online@example.org"), make_user(email="room@example.org")
    register(client, login, online_user, event, ONLINE)
    register(client, login, room_user, event, IN_PERSON)

    online_mail = smtp_server.last_to("online@example.org")
    room_mail = smtp_server.last_to("room@example.org")
    online_text, room_text = text_of(online_mail), text_of(room_mail)
    html = online_mail.get_body(preferencelist=("html",)).get_content()
    assert "You take part online." in online_text and "You take part online." in html
    assert "your personal join link is on My registrations" in " ".join(online_text.split())
    assert "Palais des Congrès" not in online_text  # the room is not theirs to come to
    assert "You take part in person." in room_text and "Palais des Congrès" in room_text
    for mail in (online_mail, room_mail):
        assert "secret-room" not in mail.as_string()
