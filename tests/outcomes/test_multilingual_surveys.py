"""The organisers' own survey questions in each of the event's working languages: each respondent reads
their language; answers and reports keep the first language's option, whatever language people answered in."""
from datetime import datetime

from core.extensions import db
from core.multilingual import translations_of
from outcomes.models import CHOICE, FEEDBACK, SurveyQuestion
from tests.conftest import page_text
from tests.outcomes.test_answering import attendee, field, link_for, open_survey, stored_responses
from tests.outcomes.test_survey_settings import own_questions, survey_in_db
from tests.registration.test_badges import organiser_of


def bilingual_event(make_event):
    return make_event(title="Dialogue", languages=["fr", "en"], start=datetime(2026, 11, 17, 9, 0),
                      end=datetime(2026, 11, 18, 17, 0), zone="Africa/Tunis")


def test_the_organiser_writes_a_question_in_each_language_and_the_respondent_reads_theirs(client, make_event, login):
    event = bilingual_event(make_event)
    login(organiser_of(event))
    client.get(f"/events/{event.slug}/surveys")
    new = f"/events/{event.slug}/surveys/feedback/questions/new"
    assert 'name="options__en"' in client.get(new).get_data(as_text=True)
    answer = client.submit(new, {"label": "Quel format vous a le mieux convenu ?", "kind": CHOICE,
                                 "options": "Plénière\nGroupes de travail", "help_text": "Un seul choix.",
                                 "label__en": "Which format suited you best?", "options__en": "Plenary\nWorking groups"})
    assert answer.status_code == 302, page_text(answer.get_data(as_text=True))
    survey = survey_in_db(event, FEEDBACK)
    (question,) = own_questions(survey)
    assert question.options == ["Plénière", "Groupes de travail"]
    assert translations_of(question, "options")["en"] == ["Plenary", "Working groups"]
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})

    open_survey(event)
    url = link_for(survey, attendee(event))
    page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Which format suited you best?" in page and "Quel format" not in page
    assert '<span lang="fr">Un seul choix.</span>' in page  # not written in English: French, marked
    assert '<label for="q_{0}-1">Working groups</label>'.format(question.id) in page
    sent = client.submit(url, {field(question): "Groupes de travail"}, headers={"Accept-Language": "en"})
    assert sent.status_code == 302, page_text(sent.get_data(as_text=True))
    [response] = stored_responses()
    assert [answer.choice for answer in response.answers if answer.question_id == question.id] == \
        ["Groupes de travail"]


def test_an_options_translation_with_another_number_of_lines_is_refused(client, make_event, login):
    event = bilingual_event(make_event)
    login(organiser_of(event))
    client.get(f"/events/{event.slug}/surveys")
    answer = client.submit(f"/events/{event.slug}/surveys/feedback/questions/new", {
        "label": "Quel jour ?", "kind": CHOICE, "options": "Lundi\nMardi", "label__en": "Which day?",
        "options__en": "Monday\nTuesday\nWednesday"})

    assert answer.status_code == 400
    assert "In English, give as many lines as in the first language, in the same order: 2, not 3." in \
        page_text(answer.get_data(as_text=True))
    assert own_questions(survey_in_db(event, FEEDBACK)) == []


def test_a_changed_question_keeps_its_translations(client, make_event, login):
    event = bilingual_event(make_event)
    login(organiser_of(event))
    client.get(f"/events/{event.slug}/surveys")
    survey = survey_in_db(event, FEEDBACK)
    question = SurveyQuestion(survey=survey, kind="text", label="Une idée ?", position=20,
                              translations={"en": {"label": "An idea?"}})
    db.session.add(question)
    db.session.commit()
    edit = f"/events/{event.slug}/surveys/feedback/questions/{question.id}"

    assert 'value="An idea?"' in client.get(edit).get_data(as_text=True)
    client.submit(edit, {"label": "Une idée pour la suite ?", "kind": "text", "label__en": "An idea for next time?"})
    (question,) = own_questions(survey)
    assert translations_of(question, "label") == {"fr": "Une idée pour la suite ?", "en": "An idea for next time?"}


def test_a_question_written_only_in_the_second_language_asks_for_the_first(client, make_event, login):
    event = bilingual_event(make_event)
    login(organiser_of(event))
    client.get(f"/events/{event.slug}/surveys")
    answer = client.submit(f"/events/{event.slug}/surveys/feedback/questions/new",
                           {"label": "", "kind": "text", "label__en": "An idea?"})

    assert answer.status_code == 400
    assert "Write the question in French too" in page_text(answer.get_data(as_text=True))
    assert own_questions(survey_in_db(event, FEEDBACK)) == []
