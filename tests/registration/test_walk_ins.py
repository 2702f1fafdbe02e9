"""Walk-ins at the check-in desk: registered, attached to their account, badge printed, checked in; and
every way the desk can be asked the impossible."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from accounts.models import User
from accounts.services import authenticate
from core.extensions import db
from core.mail import OutboxMessage
from registration import desk_access
from registration.categories import ParticipantCategory
from registration.models import CONFIRMED, CheckIn, Registration, RegistrationSettings
from tests.conftest import page_text
from tests.registration.onsite import confirmed, under_way


@pytest.fixture
def desk(client, make_user, make_event, login):
    """An event under way with room for 2, and one of its check-in staff logged in."""
    event = under_way(make_event)
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=2, closes_at=event.starts_at))
    db.session.commit()
    staff = make_user(full_name="Desk Person", roles=("checkin_staff", "participant"))
    desk_access.add_staff(event, staff)
    login(staff)
    return event, staff


def walk_in(client, event, **fields):
    data = {"full_name": "Kwame Mensah", "email": "kwame@example.org", "organisation": "Ghana Arts Council",
            "country": "GH", **fields}
    return client.submit(f"/events/{event.slug}/checkin/walk-in", data)


def registrations(event):
    db.session.expire_all()
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()


def test_the_desk_offers_to_register_a_walk_in(client, desk):
    event, _ = desk
    page = client.get(f"/events/{event.slug}/checkin").get_data(as_text=True)
    assert f'href="/events/{event.slug}/checkin/walk-in"' in page and "Register a walk-in" in page


def test_a_walk_in_is_confirmed_with_a_new_account_without_a_password_and_the_history_says_who(client, desk):
    event, staff = desk

    response = walk_in(client, event)

    [registration] = registrations(event)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/events/{event.slug}/checkin/people/{registration.id}")
    assert registration.status == CONFIRMED and registration.source == "walk_in"
    assert (registration.full_name, registration.organisation, registration.country) == (
        "Kwame Mensah", "Ghana Arts Council", "GH")
    account = db.session.get(User, registration.user_id)
    assert account.email == "kwame@example.org" and account.full_name == "Kwame Mensah"
    assert authenticate("kwame@example.org", "") is None  # no password until they set one
    [change] = registration.history
    assert change.by_user_id == staff.id and "Desk Person" in change.reason
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient == "kwame@example.org")) == 1

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kwame Mensah" in page and "Check in now" in page
    assert f'data-src="/events/{event.slug}/checkin/badges/{registration.id}.pdf"' in page
    assert "js/print-badge.js" in page


def test_the_badge_pdf_may_be_framed_by_the_sites_own_pages_only(client, desk):
    event, _ = desk
    walk_in(client, event)
    [registration] = registrations(event)

    response = client.get(f"/events/{event.slug}/checkin/badges/{registration.id}.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Cache-Control"] == "private, no-store"
    # Every other page stays unframeable.
    assert "frame-ancestors 'none'" in client.get(f"/events/{event.slug}/checkin").headers["Content-Security-Policy"]


def test_check_in_now_records_the_walk_in_and_the_desk_counts_them(client, desk):
    event, staff = desk
    walk_in(client, event)
    [registration] = registrations(event)

    response = client.submit(f"/events/{event.slug}/checkin/people/{registration.id}/check-in",
                             form_url=f"/events/{event.slug}/checkin/people/{registration.id}")

    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{event.slug}/checkin")
    [record] = db.session.scalars(select(CheckIn).where(CheckIn.registration_id == registration.id)).all()
    assert record.by_user_id == staff.id
    desk_page = page_text(client.get(f"/events/{event.slug}/checkin").get_data(as_text=True))
    assert "Kwame Mensah is checked in." in desk_page and "1 / 1" in desk_page
    person = page_text(client.get(f"/events/{event.slug}/checkin/people/{registration.id}").get_data(as_text=True))
    assert "Checked in today at" in person and "Check in now" not in person


def test_an_email_with_an_account_is_attached_to_it_not_duplicated(client, desk, make_user):
    event, _ = desk
    existing = make_user(email="kwame@example.org", full_name="Kwame A. Mensah")

    walk_in(client, event, email="  Kwame@Example.org ")

    [registration] = registrations(event)
    assert registration.user_id == existing.id
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "kwame@example.org")) == 1


def test_an_email_already_registered_is_said_and_their_badge_offered(client, desk, make_user):
    event, _ = desk
    person = confirmed(event, make_user(email="kwame@example.org", full_name="Kwame Mensah"))

    response = walk_in(client, event, full_name="Someone Else")

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kwame Mensah is already registered for this event with this address." in page_text(page)
    assert f'href="/events/{event.slug}/checkin/people/{person.id}"' in page and "Print their badge" in page
    assert len(registrations(event)) == 1


def test_a_double_submit_registers_once(client, desk):
    event, _ = desk
    walk_in(client, event)
    again = walk_in(client, event)
    assert again.status_code == 400 and "already registered" in again.get_data(as_text=True)
    assert len(registrations(event)) == 1


@pytest.mark.parametrize("fields, message", [
    ({"full_name": ""}, "Enter the person's name."),
    ({"email": "kwame@example"}, "Enter a valid e-mail address."),
    ({"email": ""}, "Enter the person's e-mail address."),
    ({"country": "XX"}, "Choose one of the options in the list."),
])
def test_bad_input_is_said_on_its_field_keeping_what_was_typed(client, desk, fields, message):
    event, _ = desk
    response = walk_in(client, event, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page_text(page)
    assert "Ghana Arts Council" in page
    assert registrations(event) == []


def test_a_category_is_required_when_the_event_has_them_and_must_be_the_events(client, desk, make_event):
    event, _ = desk
    other = make_event()
    mine = ParticipantCategory(event_id=event.id, key="ngo", name="Civil society / NGO")
    theirs = ParticipantCategory(event_id=other.id, key="press", name="Press")
    db.session.add_all([mine, theirs])
    db.session.commit()

    missing = walk_in(client, event)
    foreign = walk_in(client, event, category=str(theirs.id))
    right = walk_in(client, event, category=str(mine.id))

    assert missing.status_code == 400 and "Choose the person's category." in page_text(missing.get_data(as_text=True))
    assert foreign.status_code == 400 and "Choose one of the options in the list." in page_text(
        foreign.get_data(as_text=True))
    assert right.status_code == 302
    [registration] = registrations(event)
    assert registration.category_id == mine.id


def test_a_full_category_is_said(client, desk, make_user):
    event, _ = desk
    press = ParticipantCategory(event_id=event.id, key="press", name="Press", capacity=1)
    db.session.add(press)
    db.session.commit()
    confirmed(event, make_user(), category_id=press.id)

    response = walk_in(client, event, category=str(press.id))

    assert response.status_code == 400
    page = page_text(response.get_data(as_text=True))
    assert "The category “Press” is full: its 1 place is taken." in page
    assert "Only an organiser can register someone beyond the limit: ask one." in page


def test_an_organiser_at_the_desk_registers_a_walk_in_beyond_a_full_categorys_limit(client, desk, make_user, login):
    event, _ = desk
    press = ParticipantCategory(event_id=event.id, key="press", name="Press", capacity=1)
    db.session.add(press)
    db.session.commit()
    confirmed(event, make_user(), category_id=press.id)
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    login(event.team[0].user)

    refused = walk_in(client, event, category=str(press.id))
    page = page_text(refused.get_data(as_text=True))
    assert refused.status_code == 400 and "As an organiser, you may register them beyond the limit" in page
    assert "Register beyond the limit" in page
    given = client.submit(f"/events/{event.slug}/checkin/walk-in/beyond-limit",
                          {"full_name": "Kwame Mensah", "email": "kwame@example.org", "category": str(press.id)},
                          form_url=f"/events/{event.slug}/checkin/walk-in")
    assert given.status_code == 302
    assert [r.category_id for r in registrations(event) if r.email == "kwame@example.org"] == [press.id]


def test_only_an_organiser_registers_a_walk_in_in_a_nomination_only_category(client, desk, login):
    event, _ = desk
    states = ParticipantCategory(event_id=event.id, key="member_state", name="Member State delegate",
                                 admission="nomination")
    db.session.add(states)
    db.session.commit()

    refused = walk_in(client, event, category=str(states.id))
    page = page_text(refused.get_data(as_text=True))
    assert refused.status_code == 400
    assert "Only an organiser can register someone in the category “Member State delegate”" in page
    assert registrations(event) == []

    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    login(event.team[0].user)
    assert walk_in(client, event, category=str(states.id)).status_code == 302
    [registration] = registrations(event)
    assert registration.category_id == states.id


def test_a_full_event_is_said_and_only_an_organiser_may_register_beyond_the_limit(client, desk, make_user, login):
    event, staff = desk
    confirmed(event, make_user())
    confirmed(event, make_user())

    refused = walk_in(client, event)
    page = page_text(refused.get_data(as_text=True))
    assert refused.status_code == 400 and "The event is full: no place is left." in page
    assert "Only an organiser can register someone beyond the limit: ask one." in page
    assert "Register beyond the limit" not in page
    # Check-in staff cannot post to the organisers' button either.
    forced = client.submit(f"/events/{event.slug}/checkin/walk-in/beyond-limit",
                           {"full_name": "Kwame Mensah", "email": "kwame@example.org"},
                           form_url=f"/events/{event.slug}/checkin/walk-in")
    assert forced.status_code == 403
    assert len(registrations(event)) == 2

    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    organiser = event.team[0].user
    login(organiser)
    offered = walk_in(client, event)
    assert "Register beyond the limit" in offered.get_data(as_text=True)
    given = client.submit(f"/events/{event.slug}/checkin/walk-in/beyond-limit",
                          {"full_name": "Kwame Mensah", "email": "kwame@example.org"},
                          form_url=f"/events/{event.slug}/checkin/walk-in")
    assert given.status_code == 302
    assert sorted(registration.status for registration in registrations(event)) == [CONFIRMED] * 3


def test_a_cancelled_or_finished_event_takes_no_walk_in(client, desk):
    event, _ = desk
    event.status = "cancelled"
    db.session.commit()
    cancelled = walk_in(client, event)
    assert cancelled.status_code == 400
    assert "This event is cancelled" in page_text(cancelled.get_data(as_text=True))

    event.status = "published"
    event.starts_at, event.ends_at = datetime(2020, 1, 1, 9, tzinfo=UTC), datetime(2020, 1, 2, 17, tzinfo=UTC)
    db.session.commit()
    over = walk_in(client, event)
    assert over.status_code == 400 and "This event is over" in page_text(over.get_data(as_text=True))
    assert registrations(event) == []


def test_someone_outside_the_event_cannot_open_the_walk_in_page(client, desk, make_user, login):
    event, _ = desk
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    login(make_user())
    assert client.get(f"/events/{event.slug}/checkin/walk-in").status_code == 403
    assert walk_in(client, event).status_code == 403
    assert registrations(event) == []


def test_a_walk_ins_new_account_can_set_a_password_with_forgot_password(client, desk):
    event, _ = desk
    walk_in(client, event)
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})

    client.submit("/account/password/forgot", {"email": "kwame@example.org"})

    assert any("Reset your Convene password" in mail.subject for mail in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "kwame@example.org")))


def test_someone_who_cancelled_comes_back_as_a_walk_in_in_the_same_registration(client, desk, make_user):
    event, staff = desk
    earlier = confirmed(event, make_user(email="kwame@example.org", full_name="Kwame Mensah"), status="cancelled")

    assert walk_in(client, event).status_code == 302

    [registration] = registrations(event)
    assert registration.id == earlier.id and registration.status == CONFIRMED and registration.source == "walk_in"
    assert registration.history[-1].from_status == "cancelled" and registration.history[-1].by_user_id == staff.id


def test_an_account_made_for_the_address_at_the_same_moment_is_attached_not_an_error(client, desk, make_user,
                                                                                       monkeypatch):
    """Someone signs up (or another event's desk registers them) between the desk's look-up and its save."""
    import accounts.services

    event, _ = desk
    person = make_user(email="kwame@example.org")
    person_id = person.id
    looked_up, find = [], accounts.services.find_user_by_email

    def not_yet_the_first_time(email):
        looked_up.append(email)
        return None if len(looked_up) == 1 else find(email)

    monkeypatch.setattr(accounts.services, "find_user_by_email", not_yet_the_first_time)

    response = walk_in(client, event)

    [registration] = registrations(event)
    assert response.status_code == 302 and registration.user_id == person_id
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "kwame@example.org")) == 1
