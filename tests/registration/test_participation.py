"""Hybrid events (issue 17): each person registers in person or online, each way with its own places and its
own waiting list; online and in-person events set the way themselves; a participant (or an organiser) switches
while changes are allowed, never into a way that is full."""
from sqlalchemy import func, select

from core.extensions import db
from events.models import HYBRID, IN_PERSON, ONLINE
from registration import services
from registration.models import Registration, RegistrationSettings
from tests.conftest import page_text, registration_of
from tests.registration.test_register import FORM

JOIN = "https://meet.example.org/hybrid-room"


def hybrid_event(make_event, capacity=None, online_capacity=None, attendance_mode=HYBRID, **settings):
    event = make_event(attendance_mode=attendance_mode, online_url=JOIN)
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity,
                                        online_capacity=online_capacity, offer_hours=48, closes_at=event.starts_at,
                                        **settings))
    db.session.commit()
    return event


def register(client, login, person, event, participation=None, **extra):
    login(person)
    data = FORM | extra | ({"participation": participation} if participation else {})
    response = client.submit(f"/events/{event.slug}/register", data)
    client.submit("/account/logout", form_url="/")
    return response


def count_registrations():
    return db.session.scalar(select(func.count()).select_from(Registration))


def test_a_hybrid_form_requires_a_known_way_keeps_what_was_typed_and_saves_nothing(client, make_event, make_user,
                                                                                    login):
    event = hybrid_event(make_event, capacity=10)
    login(make_user())
    for data, message in ((FORM, "Choose how you will take part: in person or online."),
                          (FORM | {"participation": "by_carrier_pigeon"}, "Choose one of the options in the list."),
                          (FORM | {"participation": "hybrid"}, "Choose one of the options in the list.")):
        response = client.submit(f"/events/{event.slug}/register", data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and message in page
        assert "Association Racines" in page
    assert count_registrations() == 0


def test_in_person_full_with_online_free_registers_online_and_in_person_waits(client, make_event, make_user, login):
    event = hybrid_event(make_event, capacity=1, online_capacity=None, show_places_left=True)
    first, online, late = make_user(), make_user(), make_user()
    form = page_text(client.get(f"/events/{event.slug}/register").get_data(as_text=True))
    register(client, login, first, event, IN_PERSON)

    login(online)
    form = page_text(client.get(f"/events/{event.slug}/register").get_data(as_text=True))
    assert "In person (full: you join the waiting list)" in form and "Online" in form
    client.submit("/account/logout", form_url="/")
    register(client, login, online, event, ONLINE)
    register(client, login, late, event, IN_PERSON)

    assert [(registration_of(p, event).participation, registration_of(p, event).status)
            for p in (first, online, late)] == [(IN_PERSON, "confirmed"), (ONLINE, "confirmed"),
                                                (IN_PERSON, "waitlisted")]
    # The event is not full: online places are left, and the event page does not say "Full".
    assert "Full: all places are taken." not in client.get(f"/events/{event.slug}/").get_data(as_text=True)


def test_online_full_waits_online_while_the_room_has_places_and_places_left_are_said_per_way(
        client, make_event, make_user, login):
    event = hybrid_event(make_event, capacity=5, online_capacity=1, show_places_left=True)
    first, second = make_user(), make_user()
    login(first)
    form = page_text(client.get(f"/events/{event.slug}/register").get_data(as_text=True))
    assert "In person (5 places left)" in form and "Online (1 place left)" in form
    client.submit("/account/logout", form_url="/")
    register(client, login, first, event, ONLINE)
    login(second)
    form = page_text(client.get(f"/events/{event.slug}/register").get_data(as_text=True))
    assert "Online (full: you join the waiting list)" in form and "In person (5 places left)" in form
    response = client.submit(f"/events/{event.slug}/register", FORM | {"participation": ONLINE},
                             follow_redirects=True)
    assert "Online places are full: you are number 1 on their waiting list." in page_text(
        response.get_data(as_text=True))
    assert registration_of(second, event).status == "waitlisted"


def test_each_way_has_its_own_waiting_list(client, make_event, make_user, login):
    event = hybrid_event(make_event, capacity=1, online_capacity=1)
    room, online, waits_room, waits_online = (make_user() for _ in range(4))
    register(client, login, room, event, IN_PERSON)
    register(client, login, online, event, ONLINE)
    register(client, login, waits_room, event, IN_PERSON)  # waiting first...
    register(client, login, waits_online, event, ONLINE)

    services.cancel(registration_of(online, event), by=online)  # ...but the place freed is an online one

    assert registration_of(waits_online, event).status == "offered"
    assert registration_of(waits_room, event).status == "waitlisted"
    services.cancel(registration_of(room, event), by=room)
    assert registration_of(waits_room, event).status == "offered"


def test_online_and_in_person_events_set_the_way_themselves(client, make_event, make_user, login):
    online_event = hybrid_event(make_event, attendance_mode=ONLINE)
    room_event = hybrid_event(make_event, attendance_mode=IN_PERSON)
    person = make_user()
    login(person)
    assert 'name="participation"' not in client.get(f"/events/{online_event.slug}/register").get_data(as_text=True)
    client.submit("/account/logout", form_url="/")
    # A forged value does not matter where nobody chooses.
    register(client, login, person, online_event, IN_PERSON)
    register(client, login, person, room_event, ONLINE)
    assert registration_of(person, online_event).participation == ONLINE
    assert registration_of(person, room_event).participation == IN_PERSON


def test_switching_into_a_full_way_is_refused_and_nothing_is_stored(client, make_event, make_user, login):
    event = hybrid_event(make_event, capacity=5, online_capacity=1)
    online, person = make_user(), make_user()
    register(client, login, online, event, ONLINE)
    register(client, login, person, event, IN_PERSON)
    mine = registration_of(person, event)
    changes = len(mine.history)
    login(person)
    assert "Take part online instead" in client.get("/registrations").get_data(as_text=True)

    response = client.submit(f"/registrations/{mine.id}/participation", {"participation": ONLINE},
                             form_url="/registrations", follow_redirects=True)

    assert "No place is left online: you keep taking part in person. Nothing was changed." in page_text(
        response.get_data(as_text=True))
    mine = registration_of(person, event)
    assert mine.participation == IN_PERSON and mine.status == "confirmed" and len(mine.history) == changes
    response = client.submit(f"/registrations/{mine.id}/participation", {"participation": "hybrid"},
                             form_url="/registrations", follow_redirects=True)
    assert "Choose one of the options in the list." in response.get_data(as_text=True)
    assert registration_of(person, event).participation == IN_PERSON


def test_switching_frees_a_place_that_the_waiting_list_of_that_way_is_offered(client, make_event, make_user, login,
                                                                               smtp_server):
    event = hybrid_event(make_event, capacity=1, online_capacity=None)
    person, waiting = make_user(), make_user()
    register(client, login, person, event, IN_PERSON)
    register(client, login, waiting, event, IN_PERSON)
    mine = registration_of(person, event)
    login(person)

    response = client.submit(f"/registrations/{mine.id}/participation", {"participation": ONLINE},
                             form_url="/registrations", follow_redirects=True)

    assert "Takes part now: Online." in page_text(response.get_data(as_text=True))
    mine = registration_of(person, event)
    assert mine.participation == ONLINE and mine.status == "confirmed"
    assert mine.history[-1].reason == "Takes part online now, instead of in person."
    assert registration_of(waiting, event).status == "offered"


def test_someone_else_cannot_switch_a_registration_and_an_organiser_can(client, make_event, make_user, login):
    event = hybrid_event(make_event, capacity=3, online_capacity=3)
    person, stranger = make_user(), make_user()
    register(client, login, person, event, IN_PERSON)
    mine = registration_of(person, event)
    login(stranger)
    response = client.submit(f"/registrations/{mine.id}/participation", {"participation": ONLINE},
                             form_url="/registrations")
    assert response.status_code == 404 and registration_of(person, event).participation == IN_PERSON
    client.submit("/account/logout", form_url="/")

    organiser = event.team[0].user
    login(organiser)
    page = f"/events/{event.slug}/manage/participants/{mine.id}"
    assert "Take part online instead" in client.get(page).get_data(as_text=True)
    response = client.submit(f"{page}/participation", {"participation": ONLINE}, form_url=page,
                             follow_redirects=True)
    assert "Takes part now: Online." in page_text(response.get_data(as_text=True))
    mine = registration_of(person, event)
    assert mine.participation == ONLINE and organiser.full_name in mine.history[-1].reason


def test_an_in_person_event_has_no_switch(client, make_event, make_user, login):
    event = hybrid_event(make_event, attendance_mode=IN_PERSON)
    person = make_user()
    register(client, login, person, event)
    mine = registration_of(person, event)
    login(person)
    assert "Take part online instead" not in client.get("/registrations").get_data(as_text=True)
    response = client.submit(f"/registrations/{mine.id}/participation", {"participation": ONLINE},
                             form_url="/registrations", follow_redirects=True)
    assert "can no longer be changed" in response.get_data(as_text=True)
    assert registration_of(person, event).participation == IN_PERSON


def test_quotas_share_out_the_rooms_places_only(client, make_event, make_user, login):
    from registration.models import Quota

    event = hybrid_event(make_event, capacity=2, online_capacity=2)
    db.session.add(Quota(event_id=event.id, criterion="group", value="civil_society", percent=50))
    db.session.commit()
    government = [make_user() for _ in range(4)]
    for person, way in zip(government, (IN_PERSON, IN_PERSON, ONLINE, ONLINE)):
        register(client, login, person, event, way, stakeholder_group="government")
    # One room place is held for civil society: the second government person waits; online, no place is held.
    assert [registration_of(p, event).status for p in government] == ["confirmed", "waitlisted", "confirmed",
                                                                       "confirmed"]
    ngo = make_user()
    register(client, login, ngo, event, IN_PERSON, stakeholder_group="civil_society")
    assert registration_of(ngo, event).status == "confirmed"
