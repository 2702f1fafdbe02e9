"""The organiser's message to participants written in several of the event's working languages: each person
gets the version in their language, with Convene's own words around it in that language too."""
from core.extensions import db
from core.multilingual import set_translations
from registration import services
from registration.models import RegistrationSettings
from tests.conftest import page_text, text_of


def test_each_participant_gets_the_version_in_their_language_through_a_real_smtp_server(
        client, make_event, make_user, login, smtp_server):
    event = make_event(title="Creative economy forum", languages=["en", "fr", "es"])
    set_translations(event, "title", {"fr": "Forum de l'économie créative", "es": "Foro de la economía creativa"})
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at, fields={}))
    db.session.commit()
    french, spanish = make_user(email="amina@example.org", locale="fr"), make_user(email="lucia@example.org")
    arabic = make_user(email="salma@example.org", locale="ar")  # no Arabic version: the first language's
    for person in (french, spanish, arabic):
        services.register(event, person, {"full_name": person.full_name})
    spanish.locale = "es"  # chosen after registering: the account's language wins
    db.session.commit()
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants/message"

    assert 'name="body__fr"' in client.get(url).get_data(as_text=True)
    answer = client.submit(url, {"subject": "Visa letters", "body": "Send us your passport number.",
                                 "subject__fr": "Lettres de visa", "body__fr": "Envoyez-nous votre numéro de passeport.",
                                 "subject__es": "Cartas de visado", "body__es": "Envíenos su número de pasaporte."})
    assert answer.status_code == 302, page_text(answer.get_data(as_text=True))

    to_french, to_spanish = smtp_server.last_to("amina@example.org"), smtp_server.last_to("lucia@example.org")
    assert to_french["Subject"] == "Lettres de visa"
    assert "Envoyez-nous votre numéro de passeport." in text_of(to_french)
    assert "Send us" not in text_of(to_french)
    # Convene's words around the message are French too, and name the event in French.
    assert "Vos inscriptions" in text_of(to_french) and "Forum de l'économie créative" in text_of(to_french)
    assert to_spanish["Subject"] == "Cartas de visado"
    assert "Envíenos su número de pasaporte." in text_of(to_spanish) and "Foro de la economía creativa" in \
        text_of(to_spanish)
    to_arabic = smtp_server.last_to("salma@example.org")
    assert to_arabic["Subject"] == "Visa letters" and "Send us your passport number." in text_of(to_arabic)


def test_a_version_without_its_message_or_without_the_first_language_is_refused(client, make_event, login):
    event = make_event(languages=["fr", "en"])
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at, fields={}))
    db.session.commit()
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants/message"

    answer = client.submit(url, {"subject": "", "body": "", "subject__en": "Visa letters", "body__en": "Hello"})
    assert answer.status_code == 400
    text = page_text(answer.get_data(as_text=True))
    assert "Write the subject in French too" in text and "Write the message in French too" in text
    answer = client.submit(url, {"subject": "Visas", "body": "Bonjour", "subject__en": "Visa letters", "body__en": ""})
    assert answer.status_code == 400
    assert "Write the message in English under its subject, or leave both empty." in \
        page_text(answer.get_data(as_text=True))


def test_a_participant_whose_language_is_no_longer_offered_gets_the_first_languages_version(
        client, make_event, make_user, login, smtp_server):
    event = make_event(title="Forum", languages=["fr", "en"])
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at, fields={}))
    db.session.commit()
    person = make_user(email="old@example.org")
    services.register(event, person, {"full_name": person.full_name})
    person.locale = "xx"  # a language the site spoke once
    db.session.commit()
    login(event.team[0].user)

    answer = client.submit(f"/events/{event.slug}/manage/participants/message",
                           {"subject": "Visas", "body": "Bonjour", "subject__en": "Visa letters", "body__en": "Hello"})

    assert answer.status_code == 302
    assert smtp_server.last_to("old@example.org")["Subject"] == "Visas"
