"""Harder cases a review found: odd input, changes after the fact, and what must neither leak nor block."""
from datetime import datetime, timedelta
import io

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.mail import OutboxMessage
from core.models import utcnow
from registration import waiting_list
from registration.models import (Invitation, Quota, Registration, RegistrationQuestion, SessionChoice, SessionPlaces)
from tests.conftest import open_event, page_text, registration_of
from tests.registration.test_register import FORM


def register_as(client, login, person, event, data=None):
    login(person)
    answer = client.submit(f"/events/{event.slug}/register", FORM | (data or {}))
    client.submit("/account/logout", form_url="/")
    return answer


# --- 1. A group e-mail whose subject holds a line break stops every e-mail of the whole installation ------------

def test_a_line_break_in_a_group_email_subject_does_not_block_the_outbox(client, make_event, make_user, login,
                                                                          smtp_server):
    event = open_event(make_event)
    register_as(client, login, make_user(email="first@example.org"), event)
    login(event.team[0].user)
    answer = client.submit(f"/events/{event.slug}/manage/participants/message",
                           {"subject": "Visa letters\r\nBcc: everyone@example.net", "body": "Hello"})
    client.submit("/account/logout", form_url="/")
    # Whether the form refuses the subject (better: 400) or takes it, the mail queued after it must still go out.
    assert answer.status_code in (302, 400)
    register_as(client, login, make_user(email="second@example.org"), event)
    assert any(m["To"] == "second@example.org" for m in smtp_server.messages), \
        [(m.status, m.last_error) for m in db.session.scalars(select(OutboxMessage))]


# --- 2. `**request.args` in redirects and links: an unexpected key in the address is a 500 ------------------------

@pytest.mark.parametrize("query", ["slug=other", "endpoint=y"])
def test_odd_query_strings_on_the_organisers_list_are_not_a_500(client, make_event, make_user, login, query):
    event = open_event(make_event, mode="approval")
    register_as(client, login, make_user(), event)
    registration = db.session.scalar(select(Registration))
    login(event.team[0].user)
    base = f"/events/{event.slug}/manage/participants"

    list_page = client.get(f"{base}?{query}")
    decided = client.submit(f"{base}?{query}", {"action": "approve", "ids": [str(registration.id)]}, form_url=base)
    message_page = client.get(f"{base}/message?{query}")
    sent = client.submit(f"{base}/message?{query}", {"subject": "Hello", "body": "Hi"}, form_url=f"{base}/message")

    assert [list_page.status_code < 500, decided.status_code < 500, message_page.status_code < 500,
            sent.status_code < 500] == [True] * 4


# --- 3. Ids the list's checkboxes never send: a 500 ----------------------------------------------------------------

@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_odd_ids_ticked_in_the_list_are_not_a_500(client, make_event, make_user, login, value):
    event = open_event(make_event, mode="approval")
    login(event.team[0].user)
    answer = client.submit(f"/events/{event.slug}/manage/participants", {"action": "approve", "ids": [value]})
    assert answer.status_code < 500


# --- 4. A question whose kind changed after people answered it breaks every page that reads the answers ----------

def test_changing_a_questions_kind_after_answers_were_given_breaks_no_page(client, make_event, make_user, login):
    event = open_event(make_event)
    question = RegistrationQuestion(event_id=event.id, kind="text", label="When did you arrive?", position=1)
    db.session.add(question)
    db.session.commit()
    person = make_user()
    register_as(client, login, person, event, {f"q_{question.id}": "Last week"})
    registration = registration_of(person, event)
    assert registration.answers == {str(question.id): "Last week"}
    organiser = event.team[0].user
    login(organiser)
    edit = f"/events/{event.slug}/manage/registration/questions/{question.id}"
    refused = client.submit(edit, {"label": "When did you arrive?", "kind": "date"})
    assert refused.status_code == 400 and "its kind of answer cannot change" in refused.get_data(as_text=True)
    assert client.submit(edit, {"label": "When did you come?", "kind": "text"}).status_code == 302

    # Answers stored under an earlier shape of a question (as a change made before the answers, or
    # an old database, leaves them) are shown as given, and break no page.
    for kind in ("date", "country", "multiple", "yes_no"):
        question.kind, question.options = kind, ["A", "B"] if kind == "multiple" else []
        db.session.commit()
        assert client.get(f"/events/{event.slug}/manage/participants/{registration.id}").status_code == 200
        assert "Last week" in client.get(f"/events/{event.slug}/manage/participants.csv").get_data(as_text=True)
    client.submit("/account/logout", form_url="/")
    login(person)
    assert client.get(f"/registrations/{registration.id}/change").status_code == 200
    assert client.get("/account/data.json").status_code == 200


# --- 5. The group e-mail fails open: a filter that no longer validates writes to everyone -------------------------

def test_an_email_to_a_filter_that_does_not_hold_is_not_sent_to_everyone(client, make_event, make_session,
                                                                         make_user, login, smtp_server):
    event = open_event(make_event)
    workshop = make_session(event, datetime(2027, 3, 27, 11), title="Workshop")
    db.session.add(SessionPlaces(session_id=workshop.id, event_id=event.id, capacity=5))
    db.session.commit()
    register_as(client, login, make_user(email="in@example.org"), event, {"sessions": [str(workshop.id)]})
    register_as(client, login, make_user(email="out@example.org"), event)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants/message?session={workshop.id}"
    assert "goes to the 1 participant" in page_text(client.get(url).get_data(as_text=True))
    # The workshop becomes open to everyone (or is cancelled) while the organiser writes the message.
    client.submit(f"/events/{event.slug}/manage/registration/sessions", {f"seats_{workshop.id}": ""})

    client.submit(url, {"subject": "Workshop room changed", "body": "Room B."}, form_url=url)

    assert "out@example.org" not in [m["To"] for m in smtp_server.messages if m["Subject"] == "Workshop room changed"]


# --- 6. Editing one's answers silently drops a seat at a cancelled session, and offers it on ---------------------

def test_changing_answers_keeps_a_seat_at_a_cancelled_session_and_offers_nothing_there(
        client, make_event, make_session, make_user, login, smtp_server):
    event = open_event(make_event, changes_until=utcnow() + timedelta(days=1))
    visit = make_session(event, datetime(2027, 3, 28, 14), title="Site visit")
    db.session.add(SessionPlaces(session_id=visit.id, event_id=event.id, capacity=1))
    db.session.commit()
    seated, waiting = make_user(email="seated@example.org"), make_user(email="waiting@example.org")
    register_as(client, login, seated, event, {"sessions": [str(visit.id)]})
    register_as(client, login, waiting, event, {"sessions": [str(visit.id)]})
    visit.status = "cancelled"  # the organisers call the visit off (it may come back)
    db.session.commit()

    login(seated)
    url = f"/registrations/{registration_of(seated, event).id}/change"
    client.submit(url, FORM | {"dietary_requirements": "Halal"})  # the cancelled visit is not on the form

    db.session.expire_all()
    statuses = dict(db.session.execute(select(Registration.email, SessionChoice.status).join(SessionChoice)).all())
    assert statuses.get("seated@example.org") == "confirmed"
    assert statuses.get("waiting@example.org") == "waitlisted"
    assert not [m for m in smtp_server.messages if m["Subject"].startswith("A seat is free for you at Site visit")]


# --- 7. Quotas: changing one's answers walks out of the quota that gave the place --------------------------------

def test_a_place_held_for_a_group_cannot_be_kept_by_changing_group_afterwards(client, make_event, make_user, login):
    event = open_event(make_event, capacity=2, closes_at=utcnow() + timedelta(days=30))
    db.session.add(Quota(event_id=event.id, criterion="group", value="civil_society", percent=50))
    db.session.commit()
    register_as(client, login, make_user(), event, {"stakeholder_group": "private_sector"})
    register_as(client, login, make_user(), event, {"stakeholder_group": "private_sector"})  # waits: 1 place held
    claimant = make_user()
    register_as(client, login, claimant, event, {"stakeholder_group": "civil_society"})
    assert registration_of(claimant, event).status == "confirmed"

    login(claimant)
    changed = client.submit(f"/registrations/{registration_of(claimant, event).id}/change",
                            FORM | {"stakeholder_group": "private_sector"})

    registration = registration_of(claimant, event)
    assert changed.status_code == 409  # the place was held for civil society: it cannot walk out with it
    assert "it cannot be changed now" in page_text(changed.get_data(as_text=True))
    assert registration.stakeholder_group == "civil_society" and registration.status == "confirmed"


def test_a_quota_on_a_field_the_form_does_not_ask_is_refused(client, make_event, login):
    event = open_event(make_event, capacity=10, fields={"stakeholder_group": "off"})
    login(event.team[0].user)

    answer = client.submit(f"/events/{event.slug}/manage/registration/quotas",
                           {"criterion": "group", "group": "civil_society", "percent": "40"})

    # Nobody can ever match it: 4 of the 10 places would be held for no one until the release.
    assert answer.status_code == 400 and db.session.scalar(select(func.count()).select_from(Quota)) == 0


# --- 8. Invitations -------------------------------------------------------------------------------------------

def test_a_forwarded_invitation_link_does_not_register_someone_else(client, make_event, make_user, login,
                                                                    smtp_server):
    from tests.conftest import link_in

    event = open_event(make_event, mode="invitation", capacity=20)
    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/registration/invitations",
                  {"email": "minister@example.org", "invite": "Send the invitation"})
    client.submit("/account/logout", form_url="/")
    link = link_in(smtp_server.last_to("minister@example.org"), f"/events/{event.slug}/register")

    stranger = make_user(email="stranger@example.org")
    login(stranger)
    answer = client.submit(link, FORM)

    # The stranger takes the place, and the minister's own link now says "already used".
    assert registration_of(stranger, event) is None, answer.status_code


def test_deleting_an_account_also_forgets_the_invitation_that_names_the_person(client, make_event, make_user,
                                                                               login, smtp_server):
    from tests.conftest import PASSWORD, link_in

    event = open_event(make_event, mode="invitation", capacity=20)
    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/registration/invitations",
                  {"email": "amina@example.org", "full_name": "Amina Diallo", "organisation": "Ministère",
                   "invite": "Send the invitation"})
    client.submit("/account/logout", form_url="/")
    guest = make_user(email="amina@example.org")
    login(guest)
    client.submit(link_in(smtp_server.last_to("amina@example.org"), f"/events/{event.slug}/register"), FORM)
    assert client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"}).status_code == 302

    db.session.expire_all()
    invitation = db.session.scalar(select(Invitation))
    assert "amina" not in (invitation.email + invitation.full_name).lower()


# --- 9. CSV import: a spreadsheet's trailing empty cells make good rows "wrong" ---------------------------------

def test_trailing_empty_cells_in_an_imported_row_are_not_an_error(client, make_event, login, smtp_server):
    event = open_event(make_event, mode="invitation", capacity=20)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration/invitations"
    data = "email,full_name\r\nana@example.org,Ana,,\r\nbo@example.org,Bo\r\n".encode()

    answer = client.post(url, data={"csrf_token": client.csrf_token(url), "upload": "Import",
                                    "file": (io.BytesIO(data), "people.csv")}, content_type="multipart/form-data")

    assert answer.status_code == 302, page_text(answer.get_data(as_text=True))[:600]
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 2


# --- 10. The rejection e-mail loses the organiser's reason when the person had chosen a session ------------------

def test_the_rejection_email_gives_the_reason_to_someone_with_a_session(client, make_event, make_session,
                                                                        make_user, login, smtp_server):
    from tests.conftest import text_of

    event = open_event(make_event, capacity=10)
    workshop = make_session(event, datetime(2027, 3, 27, 11), title="Workshop")
    db.session.add(SessionPlaces(session_id=workshop.id, event_id=event.id, capacity=5))
    db.session.commit()
    person = make_user(email="rejected@example.org")
    register_as(client, login, person, event, {"sessions": [str(workshop.id)]})
    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/participants",
                  {"action": "reject", "ids": [str(registration_of(person, event).id)],
                   "reason": "This meeting is for ministries only."})

    mail = smtp_server.last_to("rejected@example.org")
    assert "not accepted" in mail["Subject"]
    assert "This meeting is for ministries only." in text_of(mail)


# --- 11. A cancelled event still takes registrations and confirms them ------------------------------------------

def test_a_cancelled_event_takes_no_registration(client, make_event, make_user, login):
    event = open_event(make_event, capacity=10)
    login(event.team[0].user)
    from events.services import set_status
    set_status(event, "cancelled")
    client.submit("/account/logout", form_url="/")
    person = make_user()
    login(person)

    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    answer = client.submit(f"/events/{event.slug}/register", FORM)

    assert f'href="/events/{event.slug}/register"' not in page
    assert registration_of(person, event) is None, answer.status_code


# --- 12. The "seat has gone to the next person" e-mail still lists that seat as offered to the person -------------

def test_the_seat_expired_email_does_not_list_the_expired_seat_as_offered(app, client, make_event, make_session,
                                                                          make_user, login, smtp_server):
    from tests.conftest import text_of

    event = open_event(make_event, offer_hours=24)
    workshop = make_session(event, datetime(2027, 3, 27, 11), title="Music export")
    db.session.add(SessionPlaces(session_id=workshop.id, event_id=event.id, capacity=1))
    db.session.commit()
    first, second = make_user(), make_user(email="late@example.org")
    register_as(client, login, first, event, {"sessions": [str(workshop.id)]})
    register_as(client, login, second, event, {"sessions": [str(workshop.id)]})
    login(first)
    client.submit(f"/registrations/{registration_of(first, event).id}/change", FORM)  # gives up the seat
    offered = db.session.scalar(select(SessionChoice).where(SessionChoice.status == "offered"))
    offered.offered_until = utcnow() - timedelta(minutes=1)
    db.session.commit()

    waiting_list.expire_offers()

    mail = smtp_server.last_to("late@example.org")
    assert "has gone to the next person" in mail["Subject"]
    assert "Seat offered" not in text_of(mail), text_of(mail)
