"""A participant registers, gets a definite answer and an e-mail; the waiting list offers freed places."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select
import vobject

from core.extensions import db
from core.models import utcnow
from registration import services
from registration.models import Registration
from tests.conftest import link_in, open_event as open_registration, page_text, registration_of

FORM = {"full_name": "فاطمة الزهراء بنعلي", "organisation": "Association Racines", "job_title": "Coordinator",
        "stakeholder_group": "civil_society", "country": "MA", "gender": "", "accessibility_needs": "",
        "dietary_requirements": "Vegetarian", "consent": "y"}


@pytest.fixture
def open_event(make_event):
    def make(capacity=None, **settings):
        return open_registration(make_event, capacity=capacity, offer_hours=48, **settings)

    return make


def test_registering_confirms_and_mails_the_events_calendar(client, open_event, make_user, login, smtp_server):
    event = open_event(capacity=10)
    person = make_user(email="fatima@example.org")
    login(person)

    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert f'href="/events/{event.slug}/register"' in page
    response = client.submit(f"/events/{event.slug}/register", FORM, follow_redirects=True)

    assert "your place is confirmed" in response.get_data(as_text=True)
    registration = registration_of(person, event)
    assert registration.status == "confirmed" and registration.full_name == "فاطمة الزهراء بنعلي"
    assert [change.to_status for change in registration.history] == ["confirmed"]
    mail = smtp_server.last_to("fatima@example.org")
    assert "is confirmed" in mail["Subject"]
    calendar = next(part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar")
    assert vobject.readOne(calendar.get_content().decode() if isinstance(calendar.get_content(), bytes)
                           else calendar.get_content()).vevent.uid.value == event.uid
    assert link_in(mail, "/registrations")


def test_a_full_event_puts_people_on_the_waiting_list_in_order(client, open_event, make_user, login, smtp_server):
    event = open_event(capacity=1)
    first, second, third = (make_user(email=f"p{n}@example.org") for n in range(3))
    for person in (first, second, third):
        login(person)
        client.submit(f"/events/{event.slug}/register", FORM)
        client.submit("/account/logout", form_url="/")

    assert [registration_of(p, event).status for p in (first, second, third)] == \
        ["confirmed", "waitlisted", "waitlisted"]
    assert "number 2 on the waiting list" in " ".join(
        m.get_body(preferencelist=("plain",)).get_content() for m in smtp_server.messages if m["To"] == "p2@example.org")
    login(third)
    assert "You are number 2 on the waiting list." in page_text(client.get("/registrations").get_data(as_text=True))


def test_a_cancellation_offers_the_place_to_the_first_waiting_who_can_take_it(client, open_event, make_user, login,
                                                                            smtp_server):
    event = open_event(capacity=1)
    first, second = make_user(email="first@example.org"), make_user(email="second@example.org")
    for person in (first, second):
        login(person)
        client.submit(f"/events/{event.slug}/register", FORM)
        client.submit("/account/logout", form_url="/")

    login(first)
    client.submit(f"/registrations/{registration_of(first, event).id}/cancel", form_url="/registrations")
    client.submit("/account/logout", form_url="/")

    offer = registration_of(second, event)
    assert offer.status == "offered" and offer.offered_until > utcnow() + timedelta(hours=47)
    assert "A place is free for you" in smtp_server.last_to("second@example.org")["Subject"]
    login(second)
    client.submit(f"/registrations/{offer.id}/accept", form_url="/registrations")
    assert registration_of(second, event).status == "confirmed"
    assert [c.to_status for c in registration_of(second, event).history] == ["waitlisted", "offered", "confirmed"]


def test_an_expired_offer_goes_to_the_next_person(app, client, open_event, make_user, login, smtp_server):
    event = open_event(capacity=1)
    people = [make_user(email=f"w{n}@example.org") for n in range(3)]
    for person in people:
        login(person)
        client.submit(f"/events/{event.slug}/register", FORM)
        client.submit("/account/logout", form_url="/")
    login(people[0])
    client.submit(f"/registrations/{registration_of(people[0], event).id}/cancel", form_url="/registrations")
    client.submit("/account/logout", form_url="/")
    offered = registration_of(people[1], event)
    offered.offered_until = utcnow() - timedelta(minutes=1)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["expire-offers"])

    assert "1 offer(s) expired" in result.output
    assert registration_of(people[1], event).status == "cancelled"
    assert registration_of(people[2], event).status == "offered"
    assert "has gone to the next person" in smtp_server.last_to("w1@example.org")["Subject"]
    login(people[1])
    late = client.submit(f"/registrations/{offered.id}/accept", form_url="/registrations", follow_redirects=True)
    assert "no longer open" in late.get_data(as_text=True)


def test_raising_the_capacity_offers_places(client, open_event, make_user, login):
    event = open_event(capacity=1)
    first, second = make_user(), make_user()
    for person in (first, second):
        login(person)
        client.submit(f"/events/{event.slug}/register", FORM)
        client.submit("/account/logout", form_url="/")
    login(event.team[0].user)

    client.submit(f"/events/{event.slug}/manage/registration", {"is_open": "y", "capacity": "2", "offer_hours": "24"})

    assert registration_of(second, event).status == "offered"


def test_bad_registrations_are_explained_and_save_nothing(client, open_event, make_user, login):
    event = open_event()
    login(make_user())
    cases = [({"full_name": "  "}, "Enter your name."), ({"country": "ZZ"}, "Choose one of the options"),
             ({"consent": ""}, "Registration needs your agreement."), ({"stakeholder_group": ""},
                                                                       "Choose your stakeholder group.")]
    for change, message in cases:
        response = client.submit(f"/events/{event.slug}/register", FORM | change)
        assert response.status_code == 400 and message in response.get_data(as_text=True), change
    assert db.session.scalar(select(Registration)) is None


def test_closed_not_yet_open_and_duplicate_registrations(client, open_event, make_user, login):
    closed = open_event(closes_at=utcnow() - timedelta(hours=1))
    later = open_event(opens_at=utcnow() + timedelta(days=3))
    event = open_event()
    person = make_user()
    login(person)

    assert client.submit(f"/events/{closed.slug}/register", FORM).status_code == 409
    assert "Registration opens on" in client.get(f"/events/{later.slug}/register").get_data(as_text=True)
    client.submit(f"/events/{event.slug}/register", FORM)
    again = client.submit(f"/events/{event.slug}/register", FORM, form_url=f"/events/{event.slug}/",
                          follow_redirects=True)
    assert "You are already registered for this event." in again.get_data(as_text=True)
    assert len(db.session.scalars(select(Registration)).all()) == 1


def test_registering_needs_an_account_and_nobody_answers_for_someone_else(client, open_event, make_user, login):
    event = open_event()
    assert client.get(f"/events/{event.slug}/register").status_code == 302
    owner, other = make_user(), make_user()
    login(owner)
    client.submit(f"/events/{event.slug}/register", FORM)
    registration = registration_of(owner, event)
    client.submit("/account/logout", form_url="/")

    login(other)
    assert client.submit(f"/registrations/{registration.id}/cancel", form_url="/registrations").status_code == 404
    assert registration_of(owner, event).status == "confirmed"
    assert client.get(f"/events/{event.slug}/manage/participants").status_code == 403


def test_organisers_see_their_participants(client, open_event, make_user, login):
    event = open_event(capacity=1)
    for name in ("Li Jing", "Kwame Mensah"):
        login(make_user(full_name=name))
        client.submit(f"/events/{event.slug}/register", FORM | {"full_name": name})
        client.submit("/account/logout", form_url="/")
    login(event.team[0].user)

    everyone = page_text(client.get(f"/events/{event.slug}/manage/participants").get_data(as_text=True))
    waiting = page_text(client.get(f"/events/{event.slug}/manage/participants?status=waitlisted").get_data(as_text=True))

    assert "Li Jing" in everyone and "Kwame Mensah" in everyone and "1 of 1 places taken." in everyone
    assert "Kwame Mensah" in waiting and "Li Jing" not in waiting


def test_demo_has_a_full_workshop_with_a_waiting_list_and_every_state(app):
    from events.models import Event
    from registration.models import STATUSES, Invitation, Quota, SessionChoice

    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0

    workshop = db.session.scalar(select(Event).where(Event.slug == "workshop-status-of-the-artist-dakar"))
    statuses = sorted(r.status for r in db.session.scalars(select(Registration).where(
        Registration.event_id == workshop.id)))
    assert statuses == ["cancelled", "confirmed", "confirmed", "offered", "waitlisted", "waitlisted"]
    assert set(db.session.scalars(select(Registration.status))) == set(STATUSES)
    assert sorted(db.session.scalars(select(SessionChoice.status).where(
        SessionChoice.session.has(title="Designing cultural statistics")))) == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert db.session.scalar(select(func.count()).select_from(Quota)) == 2
    assert db.session.scalar(select(func.count()).select_from(Invitation).where(Invitation.used_at.is_not(None))) == 2


def test_organisers_search_filter_and_page_through_participants(client, open_event, make_user, login,
                                                               count_queries):

    event = open_event()
    people = [("Élodie Tremblay", "government", "CA"), ("Kwame Mensah", "media", "GH"),
              ("Ngozi Okonkwo", "private_sector", "NG"), ("李静", "academia", "CN")]
    for name, group, country in people:
        services.register(event, make_user(full_name=name), {"full_name": name, "organisation": "Org",
                                                             "stakeholder_group": group, "country": country})
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants"

    def names(query):
        text = page_text(client.get(f"{url}?{query}").get_data(as_text=True))
        return [name for name, _, _ in people if name in text]

    assert names("q=elodie") == ["Élodie Tremblay"]
    assert names("group=media") == ["Kwame Mensah"]
    assert names("region=africa&sort=name") == ["Kwame Mensah", "Ngozi Okonkwo"]
    assert names("country=CN") == ["李静"]
    assert client.get(f"{url}?country=ZZ").status_code == 400

    with count_queries() as few:
        client.get(url)
    for n in range(30):
        services.register(event, make_user(), {"full_name": f"P{n}", "organisation": "Org"})
    with count_queries() as many:
        client.get(url)
    assert few.count == many.count


def test_my_registrations_passes_on_only_the_viewers_own_expired_offers(client, open_event, make_user, login):
    """The page keeps what it shows truthful (the viewer's own events), and leaves the rest of the site to
    the expire-offers worker: one person's page view takes no other event's lock."""
    mine, elsewhere = open_event(capacity=1), open_event(capacity=1)
    viewer, stranger = make_user(), make_user()
    for event in (mine, elsewhere):
        holder = make_user()
        for person in (holder, viewer if event is mine else stranger):
            login(person)
            client.submit(f"/events/{event.slug}/register", FORM)
            client.submit("/account/logout", form_url="/")
        login(holder)
        client.submit(f"/registrations/{registration_of(holder, event).id}/cancel", form_url="/registrations")
        client.submit("/account/logout", form_url="/")
    for person, event in ((viewer, mine), (stranger, elsewhere)):
        offer = registration_of(person, event)
        assert offer.status == "offered"
        offer.offered_until = utcnow() - timedelta(minutes=1)
        db.session.commit()

    login(viewer)
    page = page_text(client.get("/registrations").get_data(as_text=True))

    assert registration_of(viewer, mine).status == "cancelled"  # their own offer ran out: the page says so
    assert "A place is free for you" not in page
    assert registration_of(stranger, elsewhere).status == "offered"  # for the worker, not this page view
