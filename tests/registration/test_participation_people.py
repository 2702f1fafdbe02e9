"""People registered by someone else at a hybrid event (issue 17): an organiser adds them in person or online,
a file says it in its participation column, a walk-in is always in person."""
from sqlalchemy import select

from core.extensions import db
from events.models import HYBRID, IN_PERSON, ONLINE
from registration import desk_access
from registration.models import Registration, RegistrationSettings
from tests.conftest import page_text
from tests.registration.onsite import on_day
from tests.registration.test_people import upload


def hybrid(make_event, capacity=1, online_capacity=None, **fields):
    event = make_event(attendance_mode=HYBRID, online_url="https://meet.example.org/room", **fields)
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity,
                                        online_capacity=online_capacity, closes_at=event.starts_at))
    db.session.commit()
    return event


def ways(event) -> dict[str, str]:
    db.session.expire_all()
    return {r.email: r.participation for r in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id))}


PERSON = {"full_name": "Li Jing", "email": "li@example.org", "status": "confirmed"}


def test_an_organiser_adds_someone_online_when_the_room_is_full(client, make_event, login):
    event = hybrid(make_event, capacity=0)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants/add"
    assert "Takes part" in client.get(url).get_data(as_text=True)

    full = client.submit(url, PERSON | {"participation": IN_PERSON})
    assert full.status_code == 400 and ways(event) == {}
    forged = client.submit(url, PERSON | {"participation": "hologram"})
    assert forged.status_code == 400 and "Choose one of the options in the list." in forged.get_data(as_text=True)
    assert client.submit(url, PERSON | {"participation": ONLINE}).status_code == 302
    assert ways(event) == {"li@example.org": ONLINE}


def test_a_file_says_how_each_person_takes_part_and_a_wrong_word_imports_nobody(client, make_event, login):
    event = hybrid(make_event, capacity=5)
    login(event.team[0].user)
    bad = upload(client, event, ("email,full_name,participation\n"
                                 "ana@example.org,Ana Lima,online\n"
                                 "kofi@example.org,Kofi Boateng,by post\n").encode())
    assert bad.status_code == 400
    assert "“by post” is not a way of taking part: write “in person” or “online”." in page_text(
        bad.get_data(as_text=True))
    assert ways(event) == {}
    good = upload(client, event, ("email,full_name,Mode de participation\n"
                                  "ana@example.org,Ana Lima,En ligne\n"
                                  "kofi@example.org,Kofi Boateng,\n"
                                  "marie@example.org,Marie Dubois,In person\n").encode())
    assert good.status_code == 302
    assert ways(event) == {"ana@example.org": ONLINE, "kofi@example.org": IN_PERSON,
                           "marie@example.org": IN_PERSON}


def test_a_file_may_say_how_people_take_part_in_any_language_convene_speaks(client, make_event, login):
    event = hybrid(make_event, capacity=5)
    login(event.team[0].user)
    response = upload(client, event, ("email,full_name,participation\n"
                                      "ana@example.org,Ana Lima,Presencial\n"
                                      "olga@example.org,Olga Ivanova,Онлайн\n"
                                      "li@example.org,Li Jing,线上\n").encode())
    assert response.status_code == 302
    assert ways(event) == {"ana@example.org": IN_PERSON, "olga@example.org": ONLINE, "li@example.org": ONLINE}


def test_a_walk_in_at_a_hybrid_event_is_in_person(client, make_event, make_user, login):
    event = hybrid(make_event, capacity=3, start=on_day(0), end=on_day(0, days=2))
    staff = make_user(roles=("checkin_staff", "participant"))
    desk_access.add_staff(event, staff)
    login(staff)
    client.submit(f"/events/{event.slug}/checkin/walk-in", {"full_name": "Kwame Mensah", "email": "kwame@example.org",
                                                              "participation": ONLINE})
    assert ways(event) == {"kwame@example.org": IN_PERSON}
