"""Passport data is erased after the event (the erase-visa-data job) and re-encrypted on key rotation."""
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from core.extensions import db
from meetings.settings import settings_of
from meetings import passport_data, visas
from meetings.models import VisaDataRead, VisaRequest
from tests.meetings.visa_helpers import PASSPORT, asked, visa_event
from tests.registration.test_badges import organiser_of


@pytest.fixture
def event(make_event):
    return visa_event(make_event)


def test_passport_data_is_erased_the_kept_days_after_the_event(event, make_event, make_user):
    visa = asked(event, make_user())
    db.session.add(VisaDataRead(visa_request_id=visa.id, user_id=organiser_of(event).id, purpose="page"))
    settings_of(event).visa_data_kept_days = 10
    other = visa_event(make_event)  # the site's rule: VISA_DATA_KEPT_DAYS, 30
    kept = asked(other, make_user())
    db.session.commit()

    assert passport_data.erase_expired(now=event.ends_at + timedelta(days=9)) == 0
    assert passport_data.erase_expired(now=event.ends_at + timedelta(days=10, minutes=1)) == 1

    db.session.expire_all()
    assert visa.erased_at is not None
    assert all(getattr(visa, name) is None for name in visas.PASSPORT_FIELDS)
    assert visa.arrival and visa.status == "requested"  # what the verification page needs stays
    assert db.session.scalars(select(VisaDataRead)).one()  # the log of who read it stays
    assert kept.passport_number == PASSPORT
    assert passport_data.erase_expired(now=other.ends_at + timedelta(days=31)) == 1
    assert passport_data.erase_expired(now=other.ends_at + timedelta(days=400)) == 0  # nothing twice


def test_the_command_erases_and_says_how_many(app, event, make_user):
    visa = asked(event, make_user())
    settings_of(event).visa_data_kept_days = 0
    db.session.commit()
    from unittest import mock

    with mock.patch("meetings.passport_data.utcnow", return_value=event.ends_at + timedelta(hours=1)):
        result = app.test_cli_runner().invoke(args=["meetings", "erase-visa-data"])

    assert result.exit_code == 0 and "1 visa request(s) erased" in result.output
    db.session.expire_all()
    assert visa.passport_number is None


def test_the_requests_page_says_when_the_data_was_erased(client, event, make_user, login):
    visa = asked(event, make_user())
    passport_data.erase_expired(now=event.ends_at + timedelta(days=365))
    login(organiser_of(event))

    page = client.get(f"/events/{event.slug}/manage/visa-letters/{visa.id}").get_data(as_text=True)

    assert "were erased on" in page and PASSPORT not in page
    assert db.session.scalars(select(VisaDataRead)).all() == []  # nothing was shown


def test_rotate_keys_reencrypts_every_value_with_the_newest_key(app, event, make_user):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["PERSONAL_DATA_KEYS"] = [old]
    visa = asked(event, make_user())
    before = db.session.execute(text("SELECT passport_number FROM visa_requests")).scalar()
    app.config["PERSONAL_DATA_KEYS"] = [new, old]

    result = app.test_cli_runner().invoke(args=["meetings", "rotate-keys"])

    assert result.exit_code == 0 and "6 value(s)" in result.output
    after = db.session.execute(text("SELECT passport_number FROM visa_requests")).scalar()
    assert after != before and PASSPORT not in after
    app.config["PERSONAL_DATA_KEYS"] = [new]  # the old key removed
    db.session.expire_all()
    assert db.session.get(VisaRequest, visa.id).passport_number == PASSPORT


def test_deleting_the_account_erases_the_passport_data(client, event, make_user, login):
    from tests.conftest import PASSWORD

    person = make_user()
    visa = asked(event, person)
    login(person)

    answer = client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert answer.status_code == 302

    db.session.expire_all()
    assert visa.erased_at is not None and visa.passport_number is None


def test_erasure_works_even_when_no_key_reads_the_data_any_more(app, event, make_user):
    app.config["PERSONAL_DATA_KEYS"] = [Fernet.generate_key().decode()]
    visa = asked(event, make_user())
    app.config["PERSONAL_DATA_KEYS"] = [Fernet.generate_key().decode()]  # the old key removed too early

    assert passport_data.erase_expired(now=event.ends_at + timedelta(days=365)) == 1

    assert db.session.get(VisaRequest, visa.id).passport_number is None


def test_after_erasure_the_participant_is_told_why_the_letter_is_gone(client, event, make_user, login):
    person = make_user()
    visa = asked(event, person)
    visas.approve(event, [visa.id], by=organiser_of(event))
    passport_data.erase_expired(now=event.ends_at + timedelta(days=365))
    login(person)

    answer = client.get(f"/events/{event.slug}/visa-letter.pdf", follow_redirects=True)

    assert "erased after the event" in answer.get_data(as_text=True) and answer.mimetype == "text/html"


def test_a_request_whose_data_was_erased_is_not_approved_nor_its_participant_told(client, event, make_user, login):
    from core.mail import OutboxMessage

    person = make_user(email="late@example.org")
    visa = asked(event, person)
    passport_data.erase_expired(now=event.ends_at + timedelta(days=365))
    officer = organiser_of(event)
    login(officer)

    answer = client.submit(f"/events/{event.slug}/manage/visa-letters/approve", {"request_ids": str(visa.id)},
                           form_url=f"/events/{event.slug}/manage/visa-letters", follow_redirects=True)

    db.session.expire_all()
    assert db.session.get(VisaRequest, visa.id).status == "requested"
    assert "Nothing was approved" in answer.get_data(as_text=True)
    assert not db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "late@example.org")).all()
