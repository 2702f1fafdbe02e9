"""Participants change their answers until the organisers' cut-off; organisers read each person's history
and e-mail a filtered group."""
from datetime import timedelta

from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from registration.models import Registration, RegistrationSettings
from tests.conftest import open_event, page_text, text_of
from tests.registration.test_register import FORM


def test_answers_can_be_changed_until_the_cut_off(client, make_event, make_user, login, smtp_server):
    event = open_event(make_event, changes_until=utcnow() + timedelta(days=1))
    person = make_user(email="ana@example.org")
    login(person)
    client.submit(f"/events/{event.slug}/register", FORM)
    registration = db.session.scalar(select(Registration))
    url = f"/registrations/{registration.id}/change"
    assert "Change my answers and sessions" in client.get("/registrations").get_data(as_text=True)

    form = client.get(url).get_data(as_text=True)
    assert 'value="Association Racines"' in form and 'name="consent"' not in form
    bad = client.submit(url, FORM | {"organisation": ""})
    assert bad.status_code == 400 and "Enter your organisation." in bad.get_data(as_text=True)
    client.submit(url, FORM | {"dietary_requirements": "Halal", "organisation": "Racines"})

    db.session.expire_all()
    registration = db.session.get(Registration, registration.id)
    assert (registration.dietary_requirements, registration.organisation) == ("Halal", "Racines")
    assert registration.history[-1].reason == "Answers changed: Organisation and Dietary requirements."
    assert registration.status == "confirmed"
    assert "is updated" in smtp_server.last_to("ana@example.org")["Subject"]

    settings = db.session.get(RegistrationSettings, event.id)
    settings.changes_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    late = client.submit(url, FORM | {"dietary_requirements": "None"}, form_url="/registrations",
                         follow_redirects=True)
    assert "can no longer be changed" in late.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).dietary_requirements == "Halal"
    assert "Change my answers and sessions" not in client.get("/registrations").get_data(as_text=True)


def test_nobody_changes_or_sees_another_persons_registration(client, make_event, make_user, login):
    event = open_event(make_event)
    owner, other = make_user(), make_user()
    login(owner)
    client.submit(f"/events/{event.slug}/register", FORM)
    registration = db.session.scalar(select(Registration))
    client.submit("/account/logout", form_url="/")
    login(other)

    assert client.get(f"/registrations/{registration.id}/change").status_code == 404
    assert client.submit(f"/registrations/{registration.id}/change", FORM | {"organisation": "Hijacked"},
                         form_url="/registrations").status_code == 404
    assert client.get(f"/events/{event.slug}/manage/participants/{registration.id}").status_code == 403
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).organisation == "Association Racines"


def test_organisers_read_who_changed_what_and_why(client, make_event, make_user, login):
    event = open_event(make_event, capacity=1, mode="approval")
    login(make_user())
    client.submit(f"/events/{event.slug}/register", FORM)
    client.submit("/account/logout", form_url="/")
    organiser = event.team[0].user
    login(organiser)
    registration = db.session.scalar(select(Registration))
    client.submit(f"/events/{event.slug}/manage/participants", {"action": "reject", "ids": [str(registration.id)],
                                                                "reason": "Places are for ministries."})

    page = page_text(client.get(f"/events/{event.slug}/manage/participants/{registration.id}").get_data(as_text=True))

    assert "Pending approval → Rejected" in page
    assert f"{organiser.full_name} Places are for ministries." in page
    other_event = make_event(team=[organiser])  # their own event: its address does not reach this registration
    assert client.get(f"/events/{other_event.slug}/manage/participants/{registration.id}").status_code == 404


def test_organisers_email_the_group_they_filtered(client, make_event, make_user, login, smtp_server):
    event = open_event(make_event, capacity=1)
    for email, country in (("sn@example.org", "SN"), ("fr@example.org", "FR"), ("ke@example.org", "KE"),
                           ("gone@example.org", "GH")):
        login(make_user(email=email))
        client.submit(f"/events/{event.slug}/register", FORM | {"country": country})
        if email == "gone@example.org":  # cancelled: not written to unless the organiser asks for cancelled ones
            gone = db.session.scalar(select(Registration.id).where(Registration.email == email))
            client.submit(f"/registrations/{gone}/cancel", form_url="/registrations")
        client.submit("/account/logout", form_url="/")
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants/message?region=africa"

    assert "goes to the 2 participants" in page_text(client.get(url).get_data(as_text=True))
    empty = client.submit(url, {"subject": "", "body": ""})
    assert empty.status_code == 400 and "Write a subject." in empty.get_data(as_text=True)
    answer = client.submit(url, {"subject": "Visa letters", "body": "Send us your passport number."},
                           follow_redirects=True)

    assert "Your message is on its way to 2 participants." in answer.get_data(as_text=True)
    assert sorted(m["To"] for m in smtp_server.messages if m["Subject"] == "Visa letters") == \
        ["ke@example.org", "sn@example.org"]
    assert "Send us your passport number." in text_of(smtp_server.last_to("sn@example.org"))


def test_saving_unchanged_answers_records_and_sends_nothing(client, make_event, make_user, login, smtp_server):
    event = open_event(make_event)
    person = make_user(email="same@example.org")
    login(person)
    client.submit(f"/events/{event.slug}/register", FORM)
    registration = db.session.scalar(select(Registration))
    sent = len(smtp_server.messages)

    answer = client.submit(f"/registrations/{registration.id}/change", FORM, follow_redirects=True)

    assert "Nothing was changed." in answer.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Registration, registration.id).history) == 1 and len(smtp_server.messages) == sent
