"""The demo in the six official languages of the United Nations: an event written in each, people whose
account opens the site in each, and the Paris conference's programme and registration form in its three."""
from flask_babel import force_locale
from sqlalchemy import select

from accounts.demo import DEMO_PEOPLE
from accounts.models import User
from core.extensions import db
from core.multilingual import content_language, translated, translated_list, translations_of
from events.models import Event
from registration.models import RegistrationQuestion, RegistrationSettings

SIX = {"ar", "zh", "en", "fr", "ru", "es"}


def test_the_demo_has_an_event_and_people_in_each_of_the_six_languages(app, client):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output

    events = db.session.scalars(select(Event).where(Event.status == "published")).all()
    for language in SIX:  # the title written in that language, not a fallback
        assert any(translated(event, "title", language).language == language for event in events), language
    first = {event.slug: event.working_languages[0] for event in events}
    assert first["dialogue-artistic-freedom-tunis"] == "ar"
    assert first["training-cultural-industries-statistics-beijing-2027"] == "zh"
    assert first["regional-workshop-periodic-reports-almaty-2027"] == "ru"
    locales = set(db.session.scalars(select(User.locale).where(User.email.in_([row[0] for row in DEMO_PEOPLE]))))
    assert {content_language(locale) for locale in locales} >= SIX

    paris = db.session.scalar(select(Event).where(Event.slug == "global-forum-cultural-policies-2027"))
    assert paris.working_languages == ["en", "fr", "es"]
    for obj, field in [(paris, "title"), (paris, "summary"), (paris, "description"),
                       *[(session, "title") for session in paris.sessions], *[(room, "name") for room in paris.rooms],
                       *[(track, "name") for track in paris.tracks],
                       (db.session.get(RegistrationSettings, paris.id), "privacy_notice")]:
        texts = translations_of(obj, field)
        assert all(texts.values()) and len(set(texts.values())) > 1, (field, texts)
    questions = db.session.scalars(select(RegistrationQuestion).where(RegistrationQuestion.event_id == paris.id)).all()
    assert all(translated(question, "label", "es").language == "es" for question in questions)
    sectors = next(question for question in questions if question.kind == "multiple")
    assert translated_list(sectors, "options", "es")[0] == "Música" and sectors.options[0] == "Music"

    # A Spanish reader of the programme reads it in Spanish; a Russian reader of Almaty's page reads Russian.
    with app.test_request_context("/"), force_locale("es"):
        assert translated(paris.sessions[0], "title").startswith("Plenaria de apertura")
    with app.test_request_context("/"), force_locale("ru"):
        almaty = db.session.scalar(select(Event).where(Event.slug == "regional-workshop-periodic-reports-almaty-2027"))
        assert translated(almaty, "title").startswith("Региональный семинар")
        assert translated(almaty.sessions[0], "title").endswith("день 1")

    again = app.test_cli_runner().invoke(args=["demo-data"])
    assert again.exit_code == 0 and "demo events: 0 created" in again.output
