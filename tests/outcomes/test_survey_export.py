"""The raw answers as CSV: who answered what in a named survey; in an anonymous one, answers that cannot be
traced back to anyone, and no file at all while too few have answered to hide among the others."""
import csv
from datetime import date
import io

from sqlalchemy import select

from core.extensions import db
from outcomes import surveys
from outcomes.models import CHOICE, TEXT, SurveyAnswer, SurveyQuestion, SurveyResponse
from tests.conftest import page_text
from tests.outcomes.test_survey_sending import enable
from tests.outcomes.test_survey_settings import finished_event
from tests.registration.onsite import confirmed
from tests.registration.test_badges import organiser_of


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def person(event, email=None, **fields):
    registration = confirmed(event, **fields)
    if email:
        registration.email = email
        db.session.commit()
    return registration


def add_own_questions(survey):
    survey.questions.append(SurveyQuestion(kind=CHOICE, label="Which day was most useful?", position=20,
                                           options=["Day one", "Day two"]))
    survey.questions.append(SurveyQuestion(kind=TEXT, label="What would you change?", position=21))
    db.session.commit()
    return survey.questions[0], survey.questions[-2], survey.questions[-1]


def answer(survey, registration, on: date, answers: dict, **fields) -> SurveyResponse:
    """A stored response as the answering page makes it (the person linked only in a named survey)."""
    response = SurveyResponse(survey_id=survey.id, submitted_on=on, registration_id=None if survey.is_anonymous
                              else registration.id, **fields)
    response.answers = [SurveyAnswer(question_id=question.id, **values) for question, values in answers.items()]
    invitation = surveys.invitation_of(survey, registration)
    invitation.answered_on = on
    db.session.add(response)
    db.session.commit()
    return response


def test_a_named_survey_gives_who_answered_and_every_answer(client, make_event, login):
    event = finished_event(make_event)
    survey = enable(event)
    knowledge, day, change = add_own_questions(survey)
    ana = person(event, full_name="Ana Ruiz", email="ana@example.org", organisation="Ministerio de Cultura",
                    stakeholder_group="government", country="MX")
    lan = person(event, full_name="Nguyễn Thị Lan", email="lan@example.org", organisation="=HYPERLINK(1)",
                    stakeholder_group=None, country=None)
    answer(survey, ana, date(2026, 11, 20), {knowledge: {"score": 5, "text": "Very useful"},
                                             day: {"choice": "Day two"}, change: {"text": "-More coffee"}})
    answer(survey, lan, date(2026, 11, 19), {knowledge: {"score": 2}})
    login(organiser_of(event))

    rows = rows_of(client.get(f"/events/{event.slug}/surveys/feedback/responses.csv"))

    header = rows[0]
    assert header[:8] == ["Name", "E-mail address", "Organisation", "Stakeholder group", "Country", "Answered on",
                          "New knowledge: score", "New knowledge: comment"]
    assert header[-2:] == ["Which day was most useful?", "What would you change?"]
    assert len(header) == 6 + 7 * 2 + 2
    assert rows[1][:8] == ["Nguyễn Thị Lan", "lan@example.org", "'=HYPERLINK(1)", "", "", "2026-11-19", "2", ""]
    assert rows[1][-2:] == ["", ""]  # not answered
    assert rows[2][:8] == ["Ana Ruiz", "ana@example.org", "Ministerio de Cultura", "Government agency or body",
                           "Mexico", "2026-11-20", "5", "Very useful"]
    assert rows[2][-2:] == ["Day two", "'-More coffee"]  # a cell a spreadsheet would have run as a formula
    assert len(rows) == 3


def test_an_anonymous_survey_cannot_be_traced_through_its_answers_file(app, client, make_event, login):
    """Five people answer, through their links, one after the other, each giving a score that says who they
    are (the first one 1, the second 2...). The file must give no name, no date, and not the order."""
    event = finished_event(make_event)
    survey = enable(event, is_anonymous=True)
    knowledge = survey.questions[0]
    people = [person(event, full_name=f"Person {number}", email=f"p{number}@example.org",
                        organisation=f"Organisation {number}") for number in range(1, 6)]
    for score, someone in enumerate(people, start=1):
        code = surveys.new_link(surveys.invitation_of(survey, someone))
        db.session.commit()
        sent = app.test_client().submit(f"/surveys/{code}", {f"q_{knowledge.id}": str(score),
                                                             f"c_{knowledge.id}": f"Comment {score}"})
        assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    login(organiser_of(event))

    response = client.get(f"/events/{event.slug}/surveys/feedback/responses.csv")

    rows, text = rows_of(response), response.get_data(as_text=True)
    assert rows[0][:2] == ["New knowledge: score", "New knowledge: comment"]
    assert not any(title in rows[0] for title in ("Name", "E-mail address", "Organisation", "Answered on"))
    assert len(rows) == 6 and all(len(row) == 14 for row in rows)
    for someone in people:
        assert someone.full_name not in text and someone.email not in text and someone.organisation not in text
    assert str(date.today().year) not in text  # no date of any kind
    # The rows come in the order of the responses' random ids, which says nothing of who answered when.
    ids = db.session.scalars(select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id)).all()
    by_id = [score for _, score in sorted(db.session.execute(
        select(SurveyResponse.id, SurveyAnswer.score).join(SurveyAnswer)
        .where(SurveyResponse.survey_id == survey.id, SurveyAnswer.question_id == knowledge.id)).all())]
    assert [int(row[0]) for row in rows[1:]] == by_id
    assert sorted(int(row[0]) for row in rows[1:]) == [1, 2, 3, 4, 5]
    assert len(set(ids)) == 5 and all(len(value) == 32 for value in ids)
    # And nothing in the database links an answer to the person either.
    assert db.session.scalars(select(SurveyResponse.registration_id)).all() == [None] * 5


def test_the_order_of_an_anonymous_file_is_not_the_order_of_answering(client, make_event, login):
    event = finished_event(make_event)
    survey = enable(event, is_anonymous=True)
    knowledge = survey.questions[0]
    # Person n answered on day n with score n; the random ids happen to sort in another order.
    for score, response_id in zip(range(1, 7), ["c" * 32, "a" * 32, "f" * 32, "b" * 32, "e" * 32, "d" * 32]):
        answer(survey, confirmed(event), date(2026, 11, 18 + score), {knowledge: {"score": score}}, id=response_id)
    login(organiser_of(event))

    rows = rows_of(client.get(f"/events/{event.slug}/surveys/feedback/responses.csv"))

    assert [row[0] for row in rows[1:]] == ["2", "4", "1", "6", "5", "3"]


def test_an_anonymous_file_waits_until_enough_people_answered_to_hide_among_them(client, make_event, login):
    event = finished_event(make_event)
    survey = enable(event, is_anonymous=True)
    knowledge = survey.questions[0]
    # A single answer: the organiser knows who was there, and maybe who said they answered.
    answer(survey, confirmed(event, full_name="The only one"), date(2026, 11, 20), {knowledge: {"score": 1}})
    login(organiser_of(event))
    url = f"/events/{event.slug}/surveys/feedback/responses.csv"

    page = client.get(url, follow_redirects=True)

    assert page.mimetype == "text/html"
    text = page_text(page.get_data(as_text=True))
    assert "can be downloaded once at least 5 people have answered: with fewer, each row could be matched" in text
    assert "Download the answers (CSV)" not in text.split("Follow-up survey Off")[0]
    for _ in range(3):
        answer(survey, confirmed(event), date(2026, 11, 20), {knowledge: {"score": 4}})
    assert client.get(url).status_code == 302  # four: still too few
    answer(survey, confirmed(event), date(2026, 11, 20), {knowledge: {"score": 4}})
    assert len(rows_of(client.get(url))) == 6
    # A named survey has no such wait: the people are named anyway, as they were told.
    named = enable(event, "follow_up")
    answer(named, confirmed(event, full_name="Named person"), date(2026, 11, 20), {})
    rows = rows_of(client.get(f"/events/{event.slug}/surveys/follow_up/responses.csv"))
    assert rows[1][0] == "Named person"


def test_the_file_is_made_with_the_same_few_queries_however_many_answered(client, make_event, login, count_queries):
    event = finished_event(make_event)
    survey = enable(event)
    knowledge, day, change = add_own_questions(survey)
    login(organiser_of(event))
    url = f"/events/{event.slug}/surveys/feedback/responses.csv"

    def add(number):
        for _ in range(number):
            answer(survey, confirmed(event), date(2026, 11, 20), {knowledge: {"score": 3}, day: {"choice": "Day one"},
                                                                  change: {"text": "Nothing"}})

    add(2)
    with count_queries() as few:
        assert len(rows_of(client.get(url))) == 3
    add(10)
    with count_queries() as many:
        assert len(rows_of(client.get(url))) == 13
    assert many.count == few.count


def test_the_file_of_another_survey_kind_or_event_is_not_given(client, make_event, login):
    event, other = finished_event(make_event), finished_event(make_event)
    survey = enable(other)
    answer(survey, confirmed(other, full_name="Someone else's participant"), date(2026, 11, 20), {})
    login(organiser_of(event))

    assert client.get(f"/events/{other.slug}/surveys/feedback/responses.csv").status_code == 403
    assert client.get(f"/events/{event.slug}/surveys/lunch/responses.csv").status_code == 404
    rows = rows_of(client.get(f"/events/{event.slug}/surveys/feedback/responses.csv"))
    assert rows[1:] == []



def test_a_person_s_data_download_holds_their_named_answers_only(make_event, make_user):
    owner = make_user(full_name="Ana Ruiz")
    event = finished_event(make_event)
    named, anonymous = enable(event), enable(event, "follow_up", is_anonymous=True)
    registration = confirmed(event, owner)
    knowledge = named.questions[0]
    answer(named, registration, date(2026, 11, 20), {knowledge: {"score": 4, "text": "Useful"}})
    answer(anonymous, registration, date(2027, 5, 20), {anonymous.questions[0]: {"score": 2, "text": "Secret"}})
    answer(named, confirmed(event), date(2026, 11, 21), {knowledge: {"score": 1, "text": "Someone else"}})

    data = surveys.personal_data(owner)

    assert data == {"survey_answers": [{
        "event": "Forum on cultural policies", "survey": "Feedback survey", "submitted_on": "2026-11-20",
        "answers": [{"question": "I gained new knowledge at this event.", "score": 4, "choice": None,
                     "text": "Useful"}]}]}
    assert surveys.personal_data(make_user()) == {"survey_answers": []}
