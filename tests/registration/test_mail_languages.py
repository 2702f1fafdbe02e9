"""Messages and documents for a person are in that person's language (issue 15), for any of the six."""
from datetime import datetime

from flask_babel import force_locale as real_force_locale
import pytest

from core.extensions import db
from registration.models import RegistrationSettings
from tests.conftest import registration_of, text_of
from tests.registration.test_register import FORM


@pytest.fixture
def one_day_event(make_event):
    event = make_event(title="Diálogo", start=datetime(2027, 3, 27, 9, 0), end=datetime(2027, 3, 27, 17, 30))
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    db.session.commit()
    return event


@pytest.fixture
def languages_forced(monkeypatch):
    """The languages core.mail renders messages in, in order."""
    import core.mail

    forced = []

    def spy(locale):
        forced.append(str(locale))
        return real_force_locale(locale)

    monkeypatch.setattr(core.mail, "force_locale", spy)
    return forced


@pytest.mark.parametrize("locale, when", [
    ("es", "sábado, 27 de marzo de 2027, 9:00–17:30"),
    ("zh_Hans", "2027年3月27日星期六 09:00–17:30"),
    ("ru", "суббота, 27 марта 2027 г., 09:00–17:30"),  # the narrow space before "г." folded
])
def test_the_confirmation_is_written_in_the_accounts_language(client, one_day_event, make_user, login, smtp_server,
                                                              languages_forced, locale, when):
    person = make_user(email="ana@example.org", locale=locale)
    login(person)
    client.get("/?lang=en")  # the page language of this one request does not matter: the account's does

    client.submit(f"/events/{one_day_event.slug}/register", FORM)

    assert registration_of(person, one_day_event).locale == locale
    assert languages_forced == [locale]
    body = " ".join(text_of(smtp_server.last_to("ana@example.org")).split())
    assert when in body
    assert "March" not in body and "AM" not in body


def test_a_message_for_someone_whose_language_is_no_longer_offered_comes_in_english(app, make_user,
                                                                                     languages_forced):
    from core.mail import OutboxMessage, queue_mail

    job = type("Job", (), {"created_at": datetime(2027, 3, 27, 9), "subject": "Badges", "function": "print"})()
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        message = queue_mail("old@example.org", "Subject", "job_stuck", locale="xx", user=make_user(), job=job)
        db.session.commit()

    assert languages_forced == ["en"]
    assert db.session.get(OutboxMessage, message.id).subject == "Subject"


def test_the_profile_changes_the_language_of_the_next_messages(client, make_user, login, one_day_event, smtp_server):
    person = make_user(email="li@example.org", locale="en", full_name="Li Wei")
    login(person)
    client.submit("/account/profile", {"full_name": "Li Wei", "locale": "es", "timezone": "", "country": "",
                                       "stakeholder_group": ""})

    client.submit(f"/events/{one_day_event.slug}/register", FORM)

    assert "de marzo de 2027" in text_of(smtp_server.last_to("li@example.org"))


def test_an_invitation_is_in_the_invitees_language_or_the_events(client, make_event, make_user, login, smtp_server):
    from tests.registration.test_invitations import invite

    organiser = make_user(roles=("organiser", "participant"), locale="en")
    event = make_event(team=[organiser], languages=["fr", "en"], start=datetime(2027, 3, 27, 9, 0),
                       end=datetime(2027, 3, 27, 17, 30))
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, mode="invitation", capacity=20,
                                        closes_at=event.starts_at))
    db.session.commit()
    make_user(email="ana@example.org", locale="es")
    login(organiser)

    invite(client, event, "ana@example.org")
    invite(client, event, "nobody-yet@example.org")

    assert "sábado, 27 de marzo de 2027" in text_of(smtp_server.last_to("ana@example.org"))
    french = smtp_server.last_to("nobody-yet@example.org")  # no account: the event's first working language
    assert "samedi 27 mars 2027" in text_of(french) and "Vous êtes invité" in french["Subject"]


def test_a_language_changed_after_registering_is_the_one_later_messages_come_in(client, make_user, login,
                                                                                one_day_event, smtp_server):
    person = make_user(email="li@example.org", locale="en", full_name="Li Wei")
    login(person)
    client.submit(f"/events/{one_day_event.slug}/register", FORM)
    client.submit("/account/profile", {"full_name": "Li Wei", "locale": "zh_Hans", "timezone": "", "country": "",
                                       "stakeholder_group": ""})

    client.submit(f"/registrations/{registration_of(person, one_day_event).id}/cancel", form_url="/registrations")

    cancelled = smtp_server.last_to("li@example.org")
    assert "2027年3月27日" in text_of(cancelled) and "March" not in text_of(cancelled)
