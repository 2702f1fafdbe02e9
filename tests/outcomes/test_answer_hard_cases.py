"""Answering a survey, the hard cases: whatever is typed or sent, a clear message at the field, what was typed
kept, nothing stored, never a 500; and two submissions at the same moment store one answer."""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from core.extensions import db
from core.models import utcnow
from outcomes import surveys
from outcomes.models import CHOICE, FEEDBACK, TEXT, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from tests.conftest import page_text, unavailable
from tests.outcomes.test_answering import (attendee, checked, comment, count, field, finished_event, link_for,
                                           open_survey, question, stored_responses)

SCORE_MESSAGE = "Choose one of the five answers, from “Strongly disagree” to “Strongly agree”."


@pytest.fixture
def finished(make_event):
    return finished_event(make_event)


@pytest.fixture
def answering(client, finished):
    """An open feedback survey, a personal link to it, and the CSRF token of its page."""
    survey = open_survey(finished)
    url = link_for(survey, attendee(finished))
    return survey, url, client.csrf_token(url)


def send(client, url, token, data):
    return client.post(url, data={"csrf_token": token, **data})


def nothing_stored():
    db.session.expire_all()
    return (count(SurveyResponse) == 0 and count(SurveyAnswer) == 0
            and db.session.scalar(select(func.count()).select_from(SurveyInvitation)
                                  .where(SurveyInvitation.answered_on.is_not(None))) == 0)


@pytest.mark.parametrize("score", ["0", "6", "abc", "3.5", "-1", "05", " 4", "1e0", "٣"])
def test_a_score_outside_the_scale_is_refused_at_its_question(client, answering, score):
    survey, url, token = answering
    knowledge, skills = question(survey, "new_knowledge"), question(survey, "enhanced_skills")

    page = send(client, url, token, {field(knowledge): score, comment(knowledge): "Kept as typed",
                                     field(skills): "4"})

    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert f"Question 1: {SCORE_MESSAGE}" in page_text(html)
    assert "Kept as typed" in html and checked(html, field(skills)) == ["4"]
    assert nothing_stored()


def test_two_scores_for_one_question_are_refused_or_one_is_taken(client, answering):
    survey, url, token = answering
    knowledge = question(survey, "new_knowledge")

    page = client.post(url, data={"csrf_token": token, field(knowledge): ["2", "9"]})

    # A browser sends one value per radio group; of a forged pair the first counts, and it must be valid.
    assert page.status_code == 302
    [response] = stored_responses()
    assert [answer.score for answer in response.answers] == [2]


def test_a_choice_that_is_not_an_option_is_refused(client, finished):
    survey = open_survey(finished)
    venue = SurveyQuestion(survey_id=survey.id, kind=CHOICE, label="How did you travel?", position=20,
                           options=["By air", "By road"])
    db.session.add(venue)
    db.session.commit()
    url = link_for(survey, attendee(finished))
    token = client.csrf_token(url)

    page = send(client, url, token, {field(venue): "By camel"})

    assert page.status_code == 400
    assert "Question 8: Choose one of the options in the list." in page_text(page.get_data(as_text=True))
    assert nothing_stored()


def test_too_long_a_comment_or_text_is_refused_and_kept(client, finished):
    survey = open_survey(finished)
    essay = SurveyQuestion(survey_id=survey.id, kind=TEXT, label="Anything else?", position=20)
    db.session.add(essay)
    db.session.commit()
    url = link_for(survey, attendee(finished))
    token = client.csrf_token(url)
    knowledge = question(survey, "new_knowledge")
    long_comment, long_text = "é" * 2001, "x" * 5001

    page = send(client, url, token, {field(knowledge): "4", comment(knowledge): long_comment,
                                     field(essay): long_text})

    assert page.status_code == 400
    html = page.get_data(as_text=True)
    text = page_text(html)
    assert "Question 1, comment: At most 2000 characters." in text
    assert "Question 8: At most 5000 characters." in text
    assert long_comment in html and long_text in html
    assert nothing_stored()

    exactly = send(client, url, token, {field(knowledge): "4", comment(knowledge): "é" * 2000})
    assert exactly.status_code == 302
    assert stored_responses()[0].answers[0].text == "é" * 2000


@pytest.mark.parametrize("bad_text, message", [
    ("Good\x00 event", "This text contains characters that cannot be stored."),
    ("Organiser \u202eevil", "This text contains invisible characters that reverse its direction: remove them."),
])
def test_text_that_cannot_be_stored_is_refused_at_the_field(client, answering, bad_text, message):
    survey, url, token = answering
    knowledge = question(survey, "new_knowledge")

    page = send(client, url, token, {field(knowledge): "5", comment(knowledge): bad_text})

    assert page.status_code == 400
    assert f"Question 1, comment: {message}" in page_text(page.get_data(as_text=True))
    assert nothing_stored()


def test_a_comment_alone_is_an_answer_and_spaces_alone_are_not(client, answering):
    survey, url, token = answering
    knowledge = question(survey, "new_knowledge")

    blank = send(client, url, token, {comment(knowledge): " \u200b  "})
    assert blank.status_code == 400 and nothing_stored()

    page = send(client, url, token, {comment(knowledge): "I could not judge: I only came on the second day."})
    assert page.status_code == 302
    [answer] = stored_responses()[0].answers
    assert answer.score is None and answer.text.startswith("I could not judge")


def test_a_post_without_its_csrf_token_is_refused(client, answering):
    survey, url, _ = answering

    page = client.post(url, data={field(question(survey, "new_knowledge")): "5"})

    assert page.status_code == 400
    assert nothing_stored()


def test_answers_to_questions_of_another_survey_are_ignored(client, finished, make_event):
    other = open_survey(make_event(start=datetime(2026, 10, 1, 9, 0)))
    survey = open_survey(finished)
    url = link_for(survey, attendee(finished))
    token = client.csrf_token(url)

    page = send(client, url, token, {field(question(other, "new_knowledge")): "1",
                                     field(question(survey, "new_funding")): "5"})

    assert page.status_code == 302
    [response] = stored_responses()
    assert [(answer.question_id, answer.score) for answer in response.answers] == [
        (question(survey, "new_funding").id, 5)]


def test_a_question_removed_while_the_form_was_open_is_left_out(client, answering):
    survey, url, token = answering
    knowledge, skills = question(survey, "new_knowledge"), question(survey, "enhanced_skills")
    skills_field = field(skills)
    db.session.delete(skills)
    db.session.commit()

    page = send(client, url, token, {field(knowledge): "4", skills_field: "5"})

    assert page.status_code == 302
    assert [answer.question_id for answer in stored_responses()[0].answers] == [knowledge.id]


def test_answers_are_not_stored_under_an_anonymity_the_person_was_not_shown(client, answering):
    survey, url, token = answering
    knowledge = question(survey, "new_knowledge")
    shown = client.get(url).get_data(as_text=True)
    assert 'name="promised_anonymous" type="hidden" value="no"' in shown
    survey.is_anonymous = True  # the organisers change it while the person answers
    db.session.commit()

    page = send(client, url, token, {field(knowledge): "4", comment(knowledge): "Mine", "promised_anonymous": "no"})

    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert "The organisers changed whether answers are anonymous since you opened this page" in page_text(html)
    assert "Your answers are anonymous" in page_text(html) and "Mine" in html
    assert 'name="promised_anonymous" type="hidden" value="yes"' in html
    assert nothing_stored()

    again = send(client, url, token, {field(knowledge): "4", comment(knowledge): "Mine", "promised_anonymous": "yes"})
    assert again.status_code == 302
    assert stored_responses()[0].registration_id is None


@pytest.mark.parametrize("code", ["x" * 101, "..", "' OR 1=1 --", "ünïcode", "%20"])
def test_odd_codes_are_links_that_do_not_work(client, answering, code):
    page = client.get(f"/surveys/{code}")

    assert page.status_code == 404
    assert "This survey link does not work" in page_text(page.get_data(as_text=True))
    assert client.get(f"/surveys/{code}/thanks").status_code == 404


def test_a_code_with_a_nul_byte_is_refused_before_the_database(client, answering):
    assert client.get("/surveys/abc%00def").status_code in (400, 404)


def test_the_thank_you_page_of_an_unanswered_link_leads_back_to_the_form(client, answering):
    _, url, _ = answering

    page = client.get(f"{url}/thanks")

    assert page.status_code == 302 and page.headers["Location"].endswith(url)


def test_an_answered_survey_says_answered_even_once_closed(client, answering):
    survey, url, token = answering
    send(client, url, token, {field(question(survey, "new_knowledge")): "3"})
    survey.closes_at, survey.is_enabled = utcnow() - timedelta(minutes=1), False
    db.session.commit()

    page = client.get(url)

    assert page.status_code == 409
    assert "You have already answered this survey. Thank you." in page_text(page.get_data(as_text=True))


def test_a_closing_time_reached_while_the_form_was_open_stops_the_answer(client, answering):
    survey, url, token = answering
    survey.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    page = send(client, url, token, {field(question(survey, "new_knowledge")): "3"})

    assert page.status_code == 403 and "it no longer takes answers" in page_text(page.get_data(as_text=True))
    assert nothing_stored()


def test_a_standing_named_response_is_never_doubled(client, finished):
    """A response of the person stands though their invitation is unanswered (it was made again): refused."""
    survey = open_survey(finished)
    registration = attendee(finished)
    db.session.add(SurveyResponse(survey_id=survey.id, registration_id=registration.id,
                                  submitted_on=utcnow().date()))
    db.session.commit()
    url = link_for(survey, registration)
    token = client.csrf_token(url)

    page = send(client, url, token, {field(question(survey, "new_knowledge")): "3"})

    assert page.status_code == 409
    assert count(SurveyResponse) == 1 and count(SurveyAnswer) == 0
    assert db.session.scalar(select(SurveyInvitation.answered_on)) is None


def test_the_logged_in_page_refuses_unknown_kinds_and_missing_surveys(client, finished, make_user, login):
    person = make_user()
    registration = attendee(finished, person)
    login(person)

    assert client.get(f"/registrations/{registration.id}/surveys/opinion").status_code == 404
    missing = client.get(f"/registrations/{registration.id}/surveys/follow_up")
    assert missing.status_code == 403
    assert "the organisers have not turned it on" in page_text(missing.get_data(as_text=True))
    assert count(SurveyInvitation) == 0


def test_the_logged_in_page_needs_a_log_in(client, finished):
    open_survey(finished)
    registration = attendee(finished)

    page = client.get(f"/registrations/{registration.id}/surveys/feedback")

    assert page.status_code == 302 and "/account/login" in page.headers["Location"]


def test_the_logged_in_page_makes_one_invitation_however_often_it_is_opened(client, finished, make_user,
                                                                            login):
    person = make_user()
    registration = attendee(finished, person)
    open_survey(finished)
    login(person)

    for _ in range(3):
        assert client.get(f"/registrations/{registration.id}/surveys/feedback").status_code == 200

    assert count(SurveyInvitation) == 1
    assert count(SurveyResponse) == 0


def _past_event_with_invitations(anonymous: bool, people: int = 1) -> tuple[list[int], int]:
    """On a fresh database: an ended event, its attendees and their invitations (the invitations' ids, and
    that of a question)."""
    from core.times import to_utc
    from events.models import PUBLISHED, Event
    from registration.models import CONFIRMED, Registration

    event = Event(slug="rush-survey", kind="workshop", title="Workshop", timezone="Europe/Paris",
                  starts_at=to_utc(datetime(2026, 11, 17, 9), "Europe/Paris"),
                  ends_at=to_utc(datetime(2026, 11, 17, 17), "Europe/Paris"), status=PUBLISHED, details={},
                  working_languages=[])
    db.session.add(event)
    db.session.flush()
    registrations = [Registration(event_id=event.id, email=f"p{n}@example.org", full_name=f"Person {n}",
                                  status=CONFIRMED) for n in range(people)]
    db.session.add_all(registrations)
    survey = surveys.survey_of(event, FEEDBACK, create=True)
    survey.is_enabled, survey.is_anonymous = True, anonymous
    db.session.flush()
    invitations = [surveys.invitation_of(survey, registration) for registration in registrations]
    db.session.commit()
    return [invitation.id for invitation in invitations], survey.questions[0].id


def _submitter(app, start, question_id):
    from outcomes import answers

    def submit(invitation_id, score):
        with app.test_request_context():
            try:
                invitation = db.session.get(SurveyInvitation, invitation_id)
                invitation.survey  # loaded before the race, as the page has it by then
                start.wait()
                answers.save(invitation, [answers.Answer(question_id, score=score)])
                return "saved"
            except answers.Refused as refusal:
                return refusal.reason
            finally:
                db.session.remove()

    return submit


@pytest.mark.pg_only
@pytest.mark.parametrize("anonymous", [True, False])
def test_submissions_of_one_invitation_at_the_same_moment_store_one_response(tmp_path, anonymous):
    from outcomes import answers
    from tests.registration.test_concurrency import rush_database

    submitters = 8
    with rush_database(tmp_path, "convene_answers", submitters) as app:
        with app.app_context():
            [invitation_id], question_id = _past_event_with_invitations(anonymous)
            db.session.remove()
        submit = _submitter(app, threading.Barrier(submitters), question_id)

        with ThreadPoolExecutor(max_workers=submitters) as pool:
            results = list(pool.map(lambda score: submit(invitation_id, score), [1, 2, 3, 4, 5, 1, 2, 3]))

        with app.app_context():
            responses, stored = count(SurveyResponse), count(SurveyAnswer)
            answered_on = db.session.scalar(select(SurveyInvitation.answered_on))
            db.session.remove()

    assert results.count("saved") == 1 and results.count(answers.ANSWERED) == submitters - 1
    assert responses == 1 and stored == 1
    assert answered_on == utcnow().date()


@pytest.mark.pg_only
def test_many_people_answering_an_anonymous_survey_at_once_are_all_stored(tmp_path):
    """Each anonymous answer rewrites the day's rows (see answers._blend): at the same moment, none waits for
    another's, and none fails on a deadlock."""
    from tests.registration.test_concurrency import rush_database

    people = 12
    with rush_database(tmp_path, "convene_blend", people) as app:
        with app.app_context():
            invitation_ids, question_id = _past_event_with_invitations(True, people)
            db.session.remove()
        submit = _submitter(app, threading.Barrier(people), question_id)

        with ThreadPoolExecutor(max_workers=people) as pool:
            results = list(pool.map(lambda pair: submit(*pair), [(id_, 1 + n % 5) for n, id_ in
                                                                 enumerate(invitation_ids)]))

        with app.app_context():
            responses, named = count(SurveyResponse), db.session.scalar(
                select(func.count()).select_from(SurveyResponse).where(SurveyResponse.registration_id.is_not(None)))
            answered = db.session.scalar(select(func.count()).select_from(SurveyInvitation)
                                         .where(SurveyInvitation.answered_on.is_not(None)))
            db.session.remove()

    assert results == ["saved"] * people
    assert responses == answered == people and named == 0


def test_a_cancelled_event_takes_no_answers(client, finished, make_user, login):
    person = make_user()
    registration = attendee(finished, person, checked_in=False)
    survey = open_survey(finished)
    url = link_for(survey, registration)
    finished.status = "cancelled"
    db.session.commit()

    assert client.get(url).status_code == 403
    login(person)
    assert "Give your feedback" not in page_text(client.get("/registrations").get_data(as_text=True))
    assert client.get(f"/registrations/{registration.id}/surveys/feedback").status_code == 403


@pytest.mark.pg_only
def test_postgresql_row_stamps_do_not_pair_an_anonymous_answer_with_its_invitation(client, finished):
    """PostgreSQL stamps each row with the transaction that wrote it (xmin): answering writes the invitation
    and the response in one, so unless they are blended, joining the two tables on it names every answer."""
    from sqlalchemy import text

    if db.engine.dialect.name != "postgresql":
        unavailable("row stamps (xmin) are PostgreSQL's")
    survey = open_survey(finished, is_anonymous=True)
    knowledge = question(survey, "new_knowledge")
    for score in ("2", "4", "5"):
        url = link_for(survey, attendee(finished))
        assert send(client, url, client.csrf_token(url), {field(knowledge): score}).status_code == 302

    def stamps(table, where=""):
        return db.session.execute(text(f"SELECT xmin::text FROM {table} {where}")).scalars().all()

    db.session.rollback()
    invitations = stamps("survey_invitations", "WHERE answered_on IS NOT NULL")
    responses, answer_rows = stamps("survey_responses"), stamps("survey_answers")
    assert len(invitations) == len(responses) == len(answer_rows) == 3
    # Every response and every answer carries one stamp, the last answer's: whichever invitation an attacker
    # pairs it with, all three answers pair with it alike. (The stamps' order was the order of the answers,
    # which the invitations' own stamps give: the answers' no longer do.)
    assert len(set(responses)) == 1 and set(answer_rows) == set(responses)
    assert sum(stamp in set(responses) for stamp in invitations) == 1


def test_an_anonymous_answer_cannot_be_joined_with_its_invitation(client, finished):
    """What an attacker with a copy of the database would try: the day (the only one to answer on a day is
    named by it), and the order in which the rows were written (a rowid, a counter)."""
    from sqlalchemy import text

    survey = open_survey(finished, is_anonymous=True)
    knowledge = question(survey, "new_knowledge")
    for score in ("1", "3", "5"):
        url = link_for(survey, attendee(finished))
        assert send(client, url, client.csrf_token(url), {field(knowledge): score}).status_code == 302
    db.session.rollback()

    by_day = db.session.execute(text(
        "SELECT i.registration_id, a.score FROM survey_invitations i JOIN survey_responses r "
        "ON r.survey_id = i.survey_id AND r.submitted_on = i.answered_on "
        "JOIN survey_answers a ON a.response_id = r.id")).all()
    assert by_day == []
    responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all()
    assert len(responses) == 3 and {response.submitted_on for response in responses} == {None}
    assert {response.registration_id for response in responses} == {None}
    if db.engine.dialect.name == "sqlite":
        # Rows as stored, in no asked order: by their random ids, not in the order people answered.
        stored = db.session.scalars(text("SELECT id FROM survey_responses")).all()
        assert stored == sorted(stored)
        for table in ("survey_responses", "survey_answers"):
            with pytest.raises(OperationalError):
                db.session.execute(text(f"SELECT rowid FROM {table}"))
            db.session.rollback()


def test_a_named_survey_keeps_the_day_of_each_answer(client, finished):
    survey = open_survey(finished, is_anonymous=False)
    registration = attendee(finished)
    url = link_for(survey, registration)
    assert send(client, url, client.csrf_token(url), {field(question(survey, "new_knowledge")): "4"}).status_code == 302
    db.session.rollback()
    [response] = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all()
    assert response.submitted_on == utcnow().date() and response.registration_id == registration.id
