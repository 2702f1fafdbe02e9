"""Organisers undo a decision, cancel for someone (who is told why), are warned when they cut places
below what is taken, and cannot hold the same places twice."""
from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from registration import services
from registration.models import Quota, Registration, SessionPlaces
from tests.conftest import open_event, page_text, text_of


def registered(event, person, **values):
    return services.register(event, person, {"full_name": person.full_name, "organisation": "Org", **values})


def test_a_rejection_made_by_mistake_is_undone_by_confirming(client, make_event, make_user, login, smtp_server):
    event = open_event(make_event, mode="approval")
    registration = registered(event, make_user(email="ana@example.org"))
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants"
    client.submit(url, {"action": "reject", "ids": [str(registration.id)], "reason": "Wrong list."})

    answer = client.submit(url, {"action": "confirm", "ids": [str(registration.id)]}, follow_redirects=True)

    assert "1 participant confirmed" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "confirmed"
    assert "is confirmed" in smtp_server.last_to("ana@example.org")["Subject"]


def test_organisers_cancel_for_people_with_a_reason_they_receive(client, make_event, make_user, login, smtp_server):
    event = open_event(make_event, capacity=1)
    first, second = registered(event, make_user(email="first@example.org")), \
        registered(event, make_user(email="second@example.org"))
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants"

    no_reason = client.submit(url, {"action": "cancel", "ids": [str(first.id)], "reason": ""})
    assert no_reason.status_code == 400 and "Say why" in no_reason.get_data(as_text=True)
    client.submit(url, {"action": "cancel", "ids": [str(first.id)], "reason": "Your visa was refused, sadly."})

    db.session.expire_all()
    assert db.session.get(Registration, first.id).status == "cancelled"
    assert db.session.get(Registration, second.id).status == "offered"  # the place went on
    assert "Reason: Your visa was refused, sadly." in text_of(smtp_server.last_to("first@example.org"))


def test_cutting_places_or_seats_below_what_is_taken_warns_and_takes_nothing_back(client, make_event, make_session,
                                                                                 make_user, login):
    event = open_event(make_event, capacity=5)
    visit = make_session(event, datetime(2027, 3, 28, 14), title="Site visit")
    db.session.add(SessionPlaces(session_id=visit.id, event_id=event.id, capacity=3))
    db.session.commit()
    people = [registered(event, make_user(), ) for _ in range(3)]
    for registration in people:
        services.update(registration, {}, {visit.id}, by=None)
    login(event.team[0].user)

    settings = client.submit(f"/events/{event.slug}/manage/registration",
                             {"is_open": "y", "mode": "open", "capacity": "2", "offer_hours": "48"},
                             follow_redirects=True)
    seats = client.submit(f"/events/{event.slug}/manage/registration/sessions", {f"seats_{visit.id}": "1"},
                          follow_redirects=True)

    assert "3 places are taken, more than the 2 the event now has: nobody loses their place" in \
        page_text(settings.get_data(as_text=True))
    assert "“Site visit”: 3 seats are taken, more than its 1." in page_text(seats.get_data(as_text=True))
    db.session.expire_all()
    assert [db.session.get(Registration, r.id).status for r in people] == ["confirmed"] * 3


def test_the_same_places_cannot_be_held_twice(client, make_event, login):
    event = open_event(make_event, capacity=100)
    db.session.add(Quota(event_id=event.id, criterion="global_south", percent=40))
    db.session.commit()
    login(event.team[0].user)

    again = client.submit(f"/events/{event.slug}/manage/registration/quotas",
                          {"criterion": "global_south", "percent": "10"})

    assert again.status_code == 400 and "Places are already held for them" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(Quota)).all()) == 1


def test_the_form_says_beforehand_when_registrations_await_approval_or_the_event_is_full(client, make_event,
                                                                                        make_user, login):
    approval, full = open_event(make_event, mode="approval"), open_event(make_event, capacity=1)
    registered(full, make_user())
    login(make_user())

    assert "The organisers approve each registration" in page_text(
        client.get(f"/events/{approval.slug}/register").get_data(as_text=True))
    assert "All places are taken: if you register, you join the waiting list" in page_text(
        client.get(f"/events/{full.slug}/register").get_data(as_text=True))
