"""Sessions with limited seats: choosing them (no clashes), their waiting lists and timed offers, the
organiser's seat numbers, and the personal agenda narrowed to the person's own sessions."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
import vobject

from core.extensions import db
from core.models import utcnow
from registration.models import Registration, RegistrationSettings, SessionChoice, SessionPlaces
from tests.conftest import link_in, page_text
from tests.registration.test_register import FORM


@pytest.fixture
def workshop_day(make_event, make_session):
    """An event with a plenary open to all and two parallel workshops of 1 and 2 seats, and a site visit."""
    def make(capacity=None):
        event = make_event(title="Knowledge days")
        db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity, offer_hours=24,
                                            closes_at=event.starts_at))
        sessions = {
            "plenary": make_session(event, datetime(2027, 3, 27, 9), title="Opening plenary"),
            "music": make_session(event, datetime(2027, 3, 27, 11), minutes=90, title="Workshop: music export"),
            "film": make_session(event, datetime(2027, 3, 27, 11, 30), minutes=90, title="Workshop: film funds"),
            "visit": make_session(event, datetime(2027, 3, 28, 14), minutes=120, title="Site visit: Gorée"),
        }
        for name, seats in (("music", 1), ("film", 2), ("visit", 2)):
            db.session.add(SessionPlaces(session_id=sessions[name].id, event_id=event.id, capacity=seats))
        db.session.commit()
        return event, sessions

    return make


def choices_of(user, event):
    db.session.expire_all()
    registration = db.session.scalar(select(Registration).where(Registration.user_id == user.id,
                                                                Registration.event_id == event.id))
    return {choice.session.title: choice.status for choice in registration.choices}


def register(client, login, person, event, sessions=(), **fields):
    login(person)
    answer = client.submit(f"/events/{event.slug}/register",
                           FORM | fields | {"sessions": [str(s.id) for s in sessions]}, follow_redirects=True)
    client.submit("/account/logout", form_url="/")
    return answer


def test_sessions_at_the_same_time_cannot_both_be_chosen(client, workshop_day, make_user, login):
    event, sessions = workshop_day()
    login(make_user())

    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Workshop: music export" in page and "1 seat left" in page and "Opening plenary" not in page
    answer = client.submit(f"/events/{event.slug}/register",
                           FORM | {"sessions": [str(sessions["music"].id), str(sessions["film"].id)]})

    assert answer.status_code == 400
    assert "“Workshop: music export” and “Workshop: film funds” take place at the same time: choose one." in \
        page_text(answer.get_data(as_text=True))
    assert db.session.scalar(select(Registration)) is None
    forged = client.submit(f"/events/{event.slug}/register", FORM | {"sessions": [str(sessions["plenary"].id)]})
    assert forged.status_code == 400 and "Choose one of the options in the list." in forged.get_data(as_text=True)


def test_a_full_session_puts_people_on_its_waiting_list_and_offers_a_freed_seat(client, workshop_day, make_user,
                                                                               login, smtp_server):
    event, sessions = workshop_day()
    first, second, third = (make_user(email=f"s{n}@example.org") for n in range(3))
    register(client, login, first, event, [sessions["music"], sessions["visit"]])
    answer = register(client, login, second, event, [sessions["music"]])
    register(client, login, third, event, [sessions["music"]])

    assert "“Workshop: music export” is full: you are number 1 on its waiting list." in \
        page_text(answer.get_data(as_text=True))
    assert choices_of(first, event) == {"Workshop: music export": "confirmed", "Site visit: Gorée": "confirmed"}
    assert choices_of(second, event) == {"Workshop: music export": "waitlisted"}
    mail = smtp_server.last_to("s1@example.org")
    assert "is confirmed" in mail["Subject"] and "Workshop: music export" in mail.get_body(("plain",)).get_content()

    # The first person moves to the film workshop: their music seat goes to the first person waiting.
    login(first)
    registration_id = db.session.scalar(select(Registration.id).where(Registration.user_id == first.id))
    client.submit(f"/registrations/{registration_id}/change",
                  FORM | {"sessions": [str(sessions["film"].id), str(sessions["visit"].id)]},
                  form_url=f"/registrations/{registration_id}/change")
    client.submit("/account/logout", form_url="/")

    assert choices_of(first, event) == {"Workshop: film funds": "confirmed", "Site visit: Gorée": "confirmed"}
    assert choices_of(second, event) == {"Workshop: music export": "offered"}
    login(first)  # the change form says whose seat is whose, even at a session now full
    assert "Your seat" in page_text(client.get(f"/registrations/{registration_id}/change").get_data(as_text=True))
    client.submit("/account/logout", form_url="/")
    offer = smtp_server.last_to("s1@example.org")
    assert "A seat is free for you at Workshop: music export" == offer["Subject"]
    login(second)
    page = page_text(client.get(link_in(offer, "/registrations")).get_data(as_text=True))
    assert "A seat is free for you until" in page
    second_id = db.session.scalar(select(Registration.id).where(Registration.user_id == second.id))
    client.submit(f"/registrations/{second_id}/sessions/{sessions['music'].id}/accept", form_url="/registrations")
    assert choices_of(second, event) == {"Workshop: music export": "confirmed"}
    assert choices_of(third, event) == {"Workshop: music export": "waitlisted"}


def test_an_expired_seat_offer_goes_to_the_next_person(app, client, workshop_day, make_user, login, smtp_server):
    event, sessions = workshop_day()
    people = [make_user(email=f"e{n}@example.org") for n in range(3)]
    for person in people:
        register(client, login, person, event, [sessions["music"]])
    login(people[0])
    first_id = db.session.scalar(select(Registration.id).where(Registration.user_id == people[0].id))
    client.submit(f"/registrations/{first_id}/change", FORM | {"sessions": []},
                  form_url=f"/registrations/{first_id}/change")
    client.submit("/account/logout", form_url="/")
    offered = db.session.scalar(select(SessionChoice).where(SessionChoice.status == "offered"))
    offered.offered_until = utcnow() - timedelta(minutes=1)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["expire-offers"])

    assert "1 offer(s) expired" in result.output
    assert choices_of(people[1], event) == {}
    assert choices_of(people[2], event) == {"Workshop: music export": "offered"}
    assert "has gone to the next person" in smtp_server.last_to("e1@example.org")["Subject"]


def test_choices_wait_for_the_event_place_then_follow_it(client, workshop_day, make_user, login):
    event, sessions = workshop_day(capacity=1)
    first, second = make_user(), make_user()
    register(client, login, first, event, [sessions["visit"]])
    register(client, login, second, event, [sessions["visit"], sessions["film"]])
    assert choices_of(second, event) == {"Site visit: Gorée": "pending", "Workshop: film funds": "pending"}

    login(first)  # the first person cancels: their event place and their seat are freed
    first_id = db.session.scalar(select(Registration.id).where(Registration.user_id == first.id))
    client.submit(f"/registrations/{first_id}/cancel", form_url="/registrations")
    client.submit("/account/logout", form_url="/")
    assert choices_of(first, event) == {}
    login(second)
    second_id = db.session.scalar(select(Registration.id).where(Registration.user_id == second.id))
    client.submit(f"/registrations/{second_id}/accept", form_url="/registrations")

    assert choices_of(second, event) == {"Site visit: Gorée": "confirmed", "Workshop: film funds": "confirmed"}


def test_the_agenda_holds_open_sessions_and_only_the_limited_ones_with_a_seat(app, client, workshop_day, make_user,
                                                                             login):
    import re

    event, sessions = workshop_day()
    taker, waiting = make_user(), make_user()
    register(client, login, taker, event, [sessions["music"]])
    register(client, login, waiting, event, [sessions["music"], sessions["visit"]])
    login(waiting)
    page = client.get("/registrations").get_data(as_text=True)
    path = re.search(r'value="https?://[^/]+(/agenda/[^"]+\.ics)"', page).group(1)

    calendar = vobject.readOne(app.test_client().get(path).get_data(as_text=True))

    assert sorted(vevent.summary.value for vevent in calendar.vevent_list) == ["Opening plenary", "Site visit: Gorée"]


def test_organisers_give_seats_and_filter_the_list_by_session(client, workshop_day, make_user, login):
    event, sessions = workshop_day()
    register(client, login, make_user(), event, [sessions["music"]], full_name="Ngozi Okonkwo")
    register(client, login, make_user(), event, [sessions["film"]], full_name="Lan Nguyen")
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration/sessions"

    bad = client.submit(url, {f"seats_{sessions['music'].id}": "0", f"seats_{sessions['film'].id}": "many"})
    assert bad.status_code == 400
    assert page_text(bad.get_data(as_text=True)).count("Give a whole number from 1 to 100000.") >= 2
    assert db.session.get(SessionPlaces, sessions["music"].id).capacity == 1
    client.submit(url, {f"seats_{sessions['plenary'].id}": "300", f"seats_{sessions['music'].id}": "5",
                        f"seats_{sessions['film'].id}": "", f"seats_{sessions['visit'].id}": "2"})
    db.session.expire_all()
    assert db.session.get(SessionPlaces, sessions["plenary"].id).capacity == 300
    assert db.session.get(SessionPlaces, sessions["music"].id).capacity == 5
    assert db.session.get(SessionPlaces, sessions["film"].id) is None  # open to everyone now

    listed = page_text(client.get(f"/events/{event.slug}/manage/participants?session={sessions['music'].id}")
                       .get_data(as_text=True))
    assert "Ngozi Okonkwo" in listed and "Lan Nguyen" not in listed
