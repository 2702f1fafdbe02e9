"""A person downloads their data and deletes their account; registrations stay as anonymous counts."""
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from registration import questions, services
from registration.models import Registration
from tests.conftest import PASSWORD, open_event


def test_my_data_download_holds_my_account_and_registrations_only(client, make_event, make_user, login):
    event = open_event(make_event)
    me, other = make_user(full_name="Олена Коваленко"), make_user(full_name="Someone else")
    question = questions.add_question(event.id, {"kind": "multiple", "label": "Your sectors",
                                                 "options": ["Music", "Film"]})
    services.register(event, me, {"full_name": "Олена Коваленко", "organisation": "UCF", "country": "UA",
                                  "answers": {str(question.id): ["Music", "Film"]}})
    services.register(event, other, {"full_name": "Someone else", "organisation": "Elsewhere"})
    login(me)

    response = client.get("/account/data.json")

    data = response.get_json()
    assert "attachment" in response.headers["Content-Disposition"]
    assert data["account"]["full_name"] == "Олена Коваленко"
    assert [r["full_name"] for r in data["registrations"]] == ["Олена Коваленко"]
    assert data["registrations"][0]["history"][0]["to"] == "confirmed"
    assert data["registrations"][0]["answers"] == {"Your sectors": "Music; Film"}
    assert "Someone else" not in response.get_data(as_text=True)


def test_deleting_an_account_anonymises_its_registrations_and_frees_its_place(client, make_event, make_user, login):
    event = open_event(make_event, capacity=1)
    me, waiting = make_user(email="me@example.org"), make_user(email="waiting@example.org")
    services.register(event, me, {"full_name": "Me Myself", "organisation": "Mine", "country": "SN",
                                  "stakeholder_group": "media"})
    services.register(event, waiting, {"full_name": "Next", "organisation": "Org"})
    login(me)

    wrong = client.submit("/account/delete", {"password": "not my password", "confirm": "y"})
    assert wrong.status_code == 400 and "That is not your current password." in wrong.get_data(as_text=True)
    response = client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"}, follow_redirects=True)

    assert "Your account is deleted." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "me@example.org")) is None
    gone = db.session.scalar(select(Registration).where(Registration.country == "SN"))
    assert gone.user_id is None and gone.status == "cancelled" and gone.stakeholder_group == "media"
    assert "Me Myself" not in (gone.full_name, gone.organisation) and "me@example.org" != gone.email
    assert db.session.scalar(select(Registration).where(Registration.user_id == waiting.id)).status == "offered"


def test_the_only_organiser_of_an_event_cannot_delete_their_account(client, make_event, login):
    event = make_event(title="Forum without anyone")
    organiser = event.team[0].user
    login(organiser)

    response = client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"})

    assert response.status_code == 400
    assert "You are the only organiser of “Forum without anyone”" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, organiser.id) is not None


def test_deleting_an_account_keeps_the_person_s_past_participation_in_the_counts(client, make_event, make_user, login):
    # An event that is over: the place is not held for anyone any more, and the report of the event (and
    # the constituency across events) must still count the person who took part, anonymously.
    from datetime import datetime

    from tests.registration.onsite import confirmed

    past = make_event(start=datetime(2026, 11, 17, 9, 0), end=datetime(2026, 11, 18, 17, 0))
    me = make_user(email="me@example.org", full_name="Wanjiru Kamau")
    confirmed(past, me, country="KE", stakeholder_group="media")
    login(me)

    client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"})

    db.session.expire_all()
    kept = db.session.scalar(select(Registration).where(Registration.event_id == past.id))
    assert kept.user_id is None and kept.email != "me@example.org" and kept.full_name != "Wanjiru Kamau"
    assert kept.status == "confirmed" and (kept.country, kept.stakeholder_group) == ("KE", "media")


def test_deleting_an_account_ends_its_agenda_address(app, client, make_event, make_user, login):
    """Even where the database does not cascade (SQLite), and even if a later account gets the same id."""
    import re

    event = open_event(make_event)
    me = make_user()
    services.register(event, me, {"full_name": "Me Myself", "organisation": "Mine"})
    login(me)
    page = client.get("/registrations").get_data(as_text=True)
    agenda = re.search(r'value="https?://[^/]+(/agenda/[^"]+\.ics)"', page).group(1)
    assert app.test_client().get(agenda).status_code == 200

    client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"})

    assert app.test_client().get(agenda).status_code == 404
