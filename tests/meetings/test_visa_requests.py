"""A participant asks for a visa-support letter; every bad input gets a clear message and saves nothing."""
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from core.extensions import db
from meetings.models import MeetingSettings, VisaRequest
from registration.models import CANCELLED
from tests.conftest import page_text
from tests.meetings.visa_helpers import PASSPORT, asked, form_values, visa_event
from tests.registration.onsite import confirmed


@pytest.fixture
def event(make_event):
    return visa_event(make_event)


@pytest.fixture
def participant(client, event, make_user, login):
    user = make_user(full_name="Amina Diallo")
    confirmed(event, user)
    login(user)
    return user


def requests_count():
    return db.session.scalar(select(func.count()).select_from(VisaRequest))


def test_a_participant_asks_and_sees_the_status(client, event, participant):
    url = f"/events/{event.slug}/visa-letter"
    page = client.get(url)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'value="2027-06-14"' in body and 'value="2027-06-16"' in body

    answer = client.submit(url, form_values(passport_number=" zx98q7w6e "), follow_redirects=True)

    text = page_text(answer.get_data(as_text=True))
    assert "Your request is sent" in text and "Requested" in text
    visa = db.session.scalar(select(VisaRequest))
    assert visa.passport_number == PASSPORT and visa.nationality == "SN" and visa.date_of_birth == "1985-04-02"
    assert "Download your letter" not in text
    assert f"/events/{event.slug}/visa-letter" in client.get("/registrations").get_data(as_text=True)


@pytest.mark.parametrize("number, message", [
    ("AB 123456", "Letters and digits only, without spaces"),
    ("AB-123456", "Letters and digits only, without spaces"),
    ("١٢٣٤٥٦٧", "the digits 0–9 and the letters A–Z"),
    ("ＡＢ１２３４５６", "the digits 0–9 and the letters A–Z"),
    ("AB1", "5 to 20 letters and digits"),
    ("", "Write your passport number"),
])
def test_a_passport_number_that_is_not_as_printed_is_refused(client, event, participant, number, message):
    answer = client.submit(f"/events/{event.slug}/visa-letter", form_values(passport_number=number))

    body = answer.get_data(as_text=True)
    assert answer.status_code == 400 and message in page_text(body)
    assert 'value="Amina Diallo"' in body  # what they typed stays
    assert requests_count() == 0


@pytest.mark.parametrize("changes, message", [
    ({"date_of_birth": "2090-01-01"}, "must be before today"),
    ({"date_of_birth": date.today().isoformat()}, "must be before today"),
    ({"date_of_birth": "1850-01-01"}, "after 1900"),
    ({"date_of_birth": "02/04/1985"}, "Enter a date, like 2027-03-27"),
    ({"arrival": "2027-06-15", "departure": "2027-06-14"}, "on or after your arrival"),
    ({"arrival": "2026-01-01"}, "around the event's dates"),
    ({"departure": "2028-01-01"}, "around the event's dates"),
    ({"nationality": "XX"}, "Choose one of the options"),
    ({"passport_name": "   "}, "Write your name as in your passport"),
    ({"consulate": ""}, "Write the embassy or consulate"),
])
def test_bad_dates_and_missing_details_are_refused(client, event, participant, changes, message):
    answer = client.submit(f"/events/{event.slug}/visa-letter", form_values(**changes))

    assert answer.status_code == 400 and message in page_text(answer.get_data(as_text=True))
    assert requests_count() == 0


def test_asking_twice_shows_the_request_already_made(client, event, participant):
    url = f"/events/{event.slug}/visa-letter"
    client.submit(url, form_values())

    again = client.submit(url, form_values(passport_number="OTHER1234"), follow_redirects=True)

    text = page_text(again.get_data(as_text=True))
    assert "already asked" in text and "Requested" in text
    assert requests_count() == 1 and db.session.scalar(select(VisaRequest)).passport_number == PASSPORT


def test_no_request_after_the_event(client, make_event, make_user, login):
    event = make_event(start=datetime(2025, 1, 10, 9, 0))
    db.session.add(MeetingSettings(event_id=event.id, offers_visa_letters=True))
    user = make_user()
    confirmed(event, user)
    login(user)

    answer = client.submit(f"/events/{event.slug}/visa-letter", form_values())

    assert answer.status_code == 409 and "has ended" in page_text(answer.get_data(as_text=True))
    assert requests_count() == 0


def test_an_event_without_visa_letters_says_so(client, make_event, make_user, login):
    event = make_event()
    user = make_user()
    confirmed(event, user)
    login(user)

    answer = client.get(f"/events/{event.slug}/visa-letter")

    assert answer.status_code == 404 and "does not offer visa-support letters" in answer.get_data(as_text=True)
    assert f"/events/{event.slug}/visa-letter" not in client.get("/registrations").get_data(as_text=True)


@pytest.mark.parametrize("status", [None, CANCELLED, "rejected"])
def test_without_a_standing_registration_there_is_no_request(client, event, make_user, login, status):
    user = make_user()
    if status:
        confirmed(event, user, status=status)
    login(user)

    answer = client.submit(f"/events/{event.slug}/visa-letter", form_values())

    assert answer.status_code == 403 and "register first" in page_text(answer.get_data(as_text=True))
    assert requests_count() == 0


def test_logged_out_people_are_sent_to_log_in(client, event):
    assert client.get(f"/events/{event.slug}/visa-letter").status_code in (302, 401)


def test_only_the_owner_downloads_the_letter(client, event, make_user, login):
    owner = make_user()
    visa = asked(event, owner)
    from meetings import visas
    visas.approve(event, [visa.id], by=owner)
    stranger = make_user()
    confirmed(event, stranger)
    login(stranger)

    assert client.get(f"/events/{event.slug}/visa-letter.pdf").status_code == 404


def test_before_approval_the_letter_is_not_downloadable(client, event, make_user, login):
    owner = make_user()
    asked(event, owner)
    login(owner)

    answer = client.get(f"/events/{event.slug}/visa-letter.pdf", follow_redirects=True)

    assert "once the organisers approve" in page_text(answer.get_data(as_text=True))


def test_after_a_refusal_the_participant_corrects_the_details_and_asks_again(client, event, participant):
    from meetings import visas
    from meetings.models import REFUSED, REQUESTED
    from tests.registration.test_badges import organiser_of

    url = f"/events/{event.slug}/visa-letter"
    client.submit(url, form_values(consulate="Embassy of Franc"))
    visa = db.session.scalar(select(VisaRequest))
    visas.refuse(event, visa, organiser_of(event), "The consulate's name is misspelt.")

    from core.mail import OutboxMessage
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == participant.email))
    assert "send your request again" in mail.body_text
    page = client.get(url).get_data(as_text=True)
    assert "The consulate's name is misspelt." in page_text(page) and "ask again" in page_text(page)
    assert 'value="Embassy of Franc"' in page  # what they sent, to correct
    bad = client.submit(url, form_values(consulate=""))
    assert bad.status_code == 400 and "Write the embassy or consulate" in page_text(bad.get_data(as_text=True))
    db.session.expire_all()
    assert visa.status == REFUSED

    answer = client.submit(url, form_values(consulate="Embassy of France in Dakar"), follow_redirects=True)

    assert "Your request is sent" in page_text(answer.get_data(as_text=True))
    db.session.expire_all()
    assert requests_count() == 1
    assert (visa.status, visa.consulate, visa.refusal_reason, visa.decided_at, visa.decided_by_user_id) == (
        REQUESTED, "Embassy of France in Dakar", "", None, None)
    assert [request.id for request in visas.requests_of(event, REQUESTED)] == [visa.id]  # the officers see it


def test_an_approved_request_cannot_be_asked_again(client, event, participant):
    from meetings import visas
    from meetings.models import APPROVED
    from tests.registration.test_badges import organiser_of

    url = f"/events/{event.slug}/visa-letter"
    client.submit(url, form_values())
    visa = db.session.scalar(select(VisaRequest))
    visas.approve(event, [visa.id], by=organiser_of(event))

    again = client.submit(url, form_values(passport_number="OTHER1234"), follow_redirects=True)

    assert "already asked" in page_text(again.get_data(as_text=True))
    db.session.expire_all()
    assert visa.status == APPROVED and visa.passport_number == PASSPORT


def test_a_refused_request_is_not_asked_again_after_the_event(client, event, participant):
    from meetings import visas
    from meetings.models import REFUSED
    from tests.registration.test_badges import organiser_of

    url = f"/events/{event.slug}/visa-letter"
    client.submit(url, form_values())
    visa = db.session.scalar(select(VisaRequest))
    visas.refuse(event, visa, organiser_of(event), "No.")
    event.starts_at = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    event.ends_at = datetime(2025, 1, 11, 18, 0, tzinfo=UTC)
    db.session.commit()

    page = client.get(url)
    assert page.status_code == 200 and "ask again" not in page_text(page.get_data(as_text=True))
    client.submit(url, form_values(passport_number="OTHER1234"))
    db.session.expire_all()
    assert visa.status == REFUSED and visa.passport_number == PASSPORT


def test_two_tabs_sending_the_request_at_once_make_one_request_and_no_error_page(client, event, participant,
                                                                                  monkeypatch):
    url = f"/events/{event.slug}/visa-letter"
    client.get(url)
    from meetings import visas

    first = client.submit(url, form_values())
    assert first.status_code == 302
    # The second tab's checks ran before the first tab's request was saved: it sees none.
    monkeypatch.setattr(visas, "request_of", lambda registration: None)
    monkeypatch.setattr(visas, "check_can_ask", lambda event, registration: None)

    second = client.submit(url, form_values(passport_number="AB12345"))

    assert second.status_code == 302 and requests_count() == 1
    monkeypatch.undo()
    assert "already asked" in page_text(client.get(url).get_data(as_text=True))
    assert db.session.scalar(select(VisaRequest)).passport_number == PASSPORT


def test_the_form_sent_back_with_the_passport_number_is_kept_by_no_cache(client, event, participant):
    answer = client.submit(f"/events/{event.slug}/visa-letter", form_values(date_of_birth="2999-01-01"))

    assert answer.status_code == 400 and PASSPORT in answer.get_data(as_text=True)
    assert "no-store" in answer.headers.get("Cache-Control", "")
