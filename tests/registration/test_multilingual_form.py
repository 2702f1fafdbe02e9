"""Registration questions, their options and the privacy notice written in each of the event's working
languages: the organiser writes them, each participant reads their language, answers keep the first language's
option so that counts and exports are the same whatever language people answered in."""
import pytest
from sqlalchemy import select

from core.extensions import db
from core.multilingual import translations_of
from registration.models import RegistrationQuestion, RegistrationSettings
from tests.conftest import page_text, registration_of
from tests.registration.test_register import FORM


@pytest.fixture
def bilingual_event(make_event):
    """An open event written in French first, then English."""
    def make(**settings):
        event = make_event(title="Dialogue", languages=["fr", "en"])
        db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at, fields={},
                                            **settings))
        db.session.commit()
        return event

    return make


def questions_url(event):
    return f"/events/{event.slug}/manage/registration/questions"


def test_the_organiser_writes_a_question_in_each_language_and_each_participant_reads_theirs(
        client, bilingual_event, make_user, login):
    event = bilingual_event()
    login(event.team[0].user)
    page = client.get(questions_url(event)).get_data(as_text=True)
    assert 'name="label__en"' in page and 'name="options__en"' in page  # a version for the second language
    answer = client.submit(questions_url(event), {
        "label": "Votre secteur", "kind": "single", "options": "Musique\nÉdition\nCinéma", "is_required": "y",
        "help_text": "Celui de votre organisation", "label__en": "Your sector", "options__en": "Music\nPublishing\nFilm",
        "help_text__en": ""})
    assert answer.status_code == 302, page_text(answer.get_data(as_text=True))
    question = db.session.scalar(select(RegistrationQuestion))
    assert question.options == ["Musique", "Édition", "Cinéma"]
    assert translations_of(question, "options")["en"] == ["Music", "Publishing", "Film"]

    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    english = make_user(locale="en")
    login(english)
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Your sector" in page and "Votre secteur" not in page
    assert 'value="Édition"> <label for="q_1-1">Publishing</label>' in page.replace(f"q_{question.id}", "q_1")
    # The hint is not written in English: the French one is shown, marked as French.
    assert '<span lang="fr">Celui de votre organisation</span>' in page
    # The English page shows "Publishing" but sends, and keeps, the French option.
    answer = client.submit(f"/events/{event.slug}/register", FORM | {f"q_{question.id}": "Édition"})
    assert answer.status_code == 302, page_text(answer.get_data(as_text=True))
    assert registration_of(english, event).answers == {str(question.id): "Édition"}
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    login(make_user(locale="en"))
    refused = client.submit(f"/events/{event.slug}/register", FORM | {f"q_{question.id}": "Publishing"})
    assert refused.status_code == 400  # the shown text is not a value: only the first language's is stored


def test_the_participant_reads_their_answers_in_their_language_and_the_organiser_s_spreadsheet_keeps_the_first(
        client, bilingual_event, make_user, login):
    from registration import services
    event = bilingual_event()
    question = RegistrationQuestion(event=event, kind="multiple", label="Vos secteurs",
                                    options=["Musique", "Édition", "Cinéma"])
    question.translations = {"en": {"label": "Your sectors", "options": ["Music", "Publishing", "Film"]}}
    db.session.add(question)
    db.session.commit()
    person = make_user(locale="en")
    registration = services.register(event, person, {"full_name": "Ana", "answers": {
        str(question.id): ["Édition", "Cinéma"]}})
    organiser = event.team[0].user
    organiser.locale = "en"
    db.session.commit()
    login(organiser)

    page = page_text(client.get(f"/events/{event.slug}/manage/participants/{registration.id}")
                     .get_data(as_text=True))
    assert "Your sectors" in page and "Publishing; Film" in page
    csv = client.get(f"/events/{event.slug}/manage/participants.csv").get_data(as_text=True)
    assert "Vos secteurs" in csv and "Édition; Cinéma" in csv and "Publishing" not in csv


def test_an_options_translation_with_another_number_of_lines_is_refused_naming_its_language(
        client, bilingual_event, login):
    event = bilingual_event()
    login(event.team[0].user)
    answer = client.submit(questions_url(event), {
        "label": "Votre secteur", "kind": "single", "options": "Musique\nÉdition\nCinéma",
        "label__en": "Your sector", "options__en": "Music\nFilm"})

    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "In English, give as many lines as in the first language, in the same order: 3, not 2." in page_text(page)
    assert "Music\nFilm</textarea>" in page and "Musique\nÉdition\nCinéma</textarea>" in page  # kept as typed
    assert db.session.scalar(select(RegistrationQuestion)) is None


def test_a_question_written_only_in_a_second_language_asks_for_the_first(client, bilingual_event, login):
    event = bilingual_event()
    login(event.team[0].user)
    answer = client.submit(questions_url(event), {"label": "", "kind": "text", "label__en": "Passport number"})

    assert answer.status_code == 400
    assert "Write the question in French too" in page_text(answer.get_data(as_text=True))
    assert db.session.scalar(select(RegistrationQuestion)) is None


def test_a_translation_with_direction_controls_is_refused(client, bilingual_event, login):
    event = bilingual_event()
    login(event.team[0].user)
    answer = client.submit(questions_url(event), {"label": "Votre secteur", "kind": "text",
                                                  "label__en": "Your \u202esector"})

    assert answer.status_code == 400
    assert "invisible characters that reverse its direction" in page_text(answer.get_data(as_text=True))


def test_a_changed_question_shows_and_keeps_its_translations(client, bilingual_event, login):
    event = bilingual_event()
    question = RegistrationQuestion(event=event, kind="single", label="Votre secteur", options=["Musique", "Cinéma"])
    question.translations = {"en": {"label": "Your sector", "options": ["Music", "Film"]}}
    db.session.add(question)
    db.session.commit()
    login(event.team[0].user)
    url = f"{questions_url(event)}/{question.id}"

    page = client.get(url).get_data(as_text=True)
    assert 'value="Your sector"' in page and "Music\nFilm</textarea>" in page
    client.submit(url, {"label": "Votre secteur", "kind": "single", "options": "Musique\nCinéma\nDanse",
                        "label__en": "Your sector", "options__en": "Music\nFilm\nDance"})
    db.session.expire_all()
    assert translations_of(db.session.get(RegistrationQuestion, question.id), "options") == {
        "fr": ["Musique", "Cinéma", "Danse"], "en": ["Music", "Film", "Dance"]}


def test_the_privacy_notice_is_written_in_each_language_and_read_in_the_reader_s(
        client, bilingual_event, make_user, login):
    event = bilingual_event(privacy_notice="Les organisateurs gardent vos données un an.")
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration"
    page = client.get(url).get_data(as_text=True)
    assert 'name="privacy_notice__en"' in page
    answer = client.submit(url, {"is_open": "y", "mode": "open", "offer_hours": "48",
                                 "privacy_notice": "Les organisateurs gardent vos données un an.",
                                 "privacy_notice__en": "The organisers keep your details for a year."})
    assert answer.status_code == 302, page_text(answer.get_data(as_text=True))

    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    login(make_user(locale="en"))
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "The organisers keep your details for a year." in page and "un an" not in page
