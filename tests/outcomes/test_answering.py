"""Answering a survey: the personal link without logging in, the same form from "My registrations", one
answer per person, and the answers stored as the person gave them."""
from datetime import date, datetime
import re

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import utcnow
from outcomes import surveys
from outcomes.models import FEEDBACK, FOLLOW_UP, SurveyAnswer, SurveyInvitation, SurveyResponse
from registration.models import CheckIn, Registration
from tests.conftest import page_text
from tests.registration.onsite import confirmed

THANKS = "You have already answered this survey. Thank you."


def finished_event(make_event):
    """An event that ended a few weeks ago, in Dakar."""
    return make_event(title="Forum on the status of the artist", start=datetime(2026, 11, 17, 9, 0),
                      end=datetime(2026, 11, 18, 17, 0), zone="Africa/Dakar")


@pytest.fixture
def finished(make_event):
    return finished_event(make_event)


def attendee(event, user=None, checked_in=True, **fields):
    """A confirmed registration, checked in on the first day unless `checked_in` is False."""
    registration = confirmed(event, user, **fields)
    if checked_in:
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id,
                               day=event.starts_at.astimezone(event.zone).date()))
        db.session.commit()
    return registration


def open_survey(event, kind=FEEDBACK, **fields):
    """The event's survey of this kind, enabled, with `fields` set."""
    survey = surveys.survey_of(event, kind, create=True)
    survey.is_enabled = True
    for name, value in fields.items():
        setattr(survey, name, value)
    db.session.commit()
    return survey


def link_for(survey, registration) -> str:
    """The path of a new personal link, as the invitation e-mail carries it."""
    code = surveys.new_link(surveys.invitation_of(survey, registration))
    db.session.commit()
    return f"/surveys/{code}"


def question(survey, outcome):
    return next(q for q in survey.questions if q.outcome == outcome)


def field(q) -> str:
    return f"q_{q.id}"


def comment(q) -> str:
    return f"c_{q.id}"


def checked(html: str, name: str) -> list[str]:
    """The values of the radio buttons named `name` that the page shows ticked."""
    tags = re.findall(r"<input [^>]*>", html)
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in tags
            if f'name="{name}"' in tag and re.search(r"\schecked[\s>]", tag)]


def stored_responses():
    db.session.expire_all()
    return db.session.scalars(select(SurveyResponse)).all()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_link_shows_the_built_in_questions_with_the_scale_and_says_whether_answers_are_named(client, finished):
    survey = open_survey(finished)
    url = link_for(survey, attendee(finished))

    page = client.get(url)

    html = page.get_data(as_text=True)
    text = page_text(html)
    assert page.status_code == 200
    assert "Feedback survey: Forum on the status of the artist" in text
    assert "Your answers are not anonymous: the organisers see them with your name." in text
    assert "I gained new knowledge at this event." in text
    assert "I learnt of new sources of funding for my work." in text
    assert text.count("Strongly disagree") == len(survey.questions) == 7
    assert text.count("Comment (optional)") == 7
    # Each question is a group a screen reader announces with its statement.
    assert html.count("<legend>") == 7
    assert "<legend>1. I gained new knowledge at this event.</legend>" in html


def test_answering_by_the_link_stores_the_answers_and_thanks_and_the_link_then_says_answered(client, finished):
    survey = open_survey(finished)
    person = attendee(finished)
    url = link_for(survey, person)
    knowledge, skills = question(survey, "new_knowledge"), question(survey, "enhanced_skills")

    token = client.csrf_token(url)
    sent = client.post(url, data={field(knowledge): "5", comment(knowledge): "The session on contracts was new to me.",
                                  field(skills): "2", "csrf_token": token})

    assert sent.status_code == 302
    thanks = client.get(sent.headers["Location"])
    assert thanks.status_code == 200
    assert "Your answers are saved." in page_text(thanks.get_data(as_text=True))
    [response] = stored_responses()
    assert response.registration_id == person.id and response.submitted_on == utcnow().date()
    assert {(a.question_id, a.score, a.text) for a in response.answers} == {
        (knowledge.id, 5, "The session on contracts was new to me."), (skills.id, 2, "")}
    invitation = db.session.scalar(select(SurveyInvitation))
    assert invitation.answered_on == utcnow().date()

    again = client.get(url)
    assert again.status_code == 409
    assert THANKS in page_text(again.get_data(as_text=True))
    reposted = client.post(url, data={field(knowledge): "1", "csrf_token": token})  # the back button, and send
    assert reposted.status_code == 409 and len(stored_responses()) == 1


def test_the_organisers_own_questions_take_a_choice_and_a_text(client, finished):
    from outcomes.models import CHOICE, TEXT, SurveyQuestion

    survey = open_survey(finished)
    format_question = SurveyQuestion(survey_id=survey.id, kind=CHOICE, label="Which format suited you best?",
                                     options=["Plenary", "Working groups", "Site visit"], position=10, is_required=True)
    idea_question = SurveyQuestion(survey_id=survey.id, kind=TEXT, label="What should the next forum discuss?",
                                   help_text="A sentence or two is enough.", position=11)
    db.session.add_all([format_question, idea_question])
    db.session.commit()
    url = link_for(survey, attendee(finished))

    page = page_text(client.get(url).get_data(as_text=True))
    assert "8. Which format suited you best? · required" in page
    assert "Working groups" in page and "A sentence or two is enough." in page

    sent = client.submit(url, {field(format_question): "Working groups",
                               field(idea_question): "  Artists’ social security in the Sahel  "})
    assert sent.status_code == 302
    [response] = stored_responses()
    assert {(a.question_id, a.choice, a.text) for a in response.answers} == {
        (format_question.id, "Working groups", ""), (idea_question.id, None, "Artists’ social security in the Sahel")}


def test_an_anonymous_survey_says_so_and_stores_nothing_that_leads_back_to_the_person(client, finished, make_user):
    survey = open_survey(finished, is_anonymous=True)
    person = attendee(finished, make_user(full_name="Aminata Diallo"))
    others = [attendee(finished) for _ in range(2)]
    url = link_for(survey, person)
    page = page_text(client.get(url).get_data(as_text=True))
    assert ("Your answers are anonymous: they are stored with nothing that links them to you, not even the time "
            "you sent them.") in page
    knowledge = question(survey, "new_knowledge")

    client.submit(url, {field(knowledge): "4", comment(knowledge): "Useful"})
    for other in others:  # two more answers, so that the order of the rows could give someone away
        client.submit(link_for(survey, other), {field(knowledge): "3"})

    responses = stored_responses()
    assert len(responses) == 3
    assert all(response.registration_id is None for response in responses)
    # The ids are random, not a counter that would tell who answered first.
    assert all(len(response.id) == 32 and not response.id.isdigit() for response in responses)
    assert len({response.id for response in responses}) == 3
    # Not even the day: the invitation keeps it, and the only one to answer on a day would be named by it.
    assert all(response.submitted_on is None for response in responses)
    assert {column.name for column in SurveyResponse.__table__.columns} == {"id", "survey_id", "registration_id",
                                                                           "submitted_on"}
    assert {column.name for column in SurveyAnswer.__table__.columns} == {"response_id", "question_id", "score",
                                                                         "choice", "text"}
    # The invitation knows that the person answered (to stop reminders), on which day, and nothing of what.
    invitation = db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.registration_id == person.id))
    assert type(invitation.answered_on) is date
    assert {column.name for column in SurveyInvitation.__table__.columns}.isdisjoint({"response_id"})


def test_nothing_is_stored_when_a_required_question_is_left_out_and_what_was_typed_stays(client, finished):
    from outcomes.models import TEXT, SurveyQuestion

    survey = open_survey(finished)
    knowledge = question(survey, "new_knowledge")
    knowledge.is_required = True
    idea = SurveyQuestion(survey_id=survey.id, kind=TEXT, label="What should change?", position=9, is_required=True)
    db.session.add(idea)
    db.session.commit()
    url = link_for(survey, attendee(finished))

    funding = question(survey, "new_funding")
    page = client.submit(url, {comment(knowledge): "Still thinking about it", field(funding): "4", field(idea): "   "})

    assert page.status_code == 400
    html = page.get_data(as_text=True)
    text = page_text(html)
    assert "Question 1: Answer this question." in text and "Question 8: Answer this question." in text
    assert "Still thinking about it" in html
    assert checked(html, field(funding)) == ["4"]
    assert count(SurveyResponse) == 0 and count(SurveyAnswer) == 0
    assert db.session.scalar(select(SurveyInvitation.answered_on)) is None


def test_a_form_with_no_answer_at_all_is_not_taken(client, finished):
    survey = open_survey(finished)
    url = link_for(survey, attendee(finished))

    page = client.submit(url, {})

    assert page.status_code == 400
    assert "Answer at least one question before you send." in page_text(page.get_data(as_text=True))
    assert count(SurveyResponse) == 0


def test_the_refusals_of_the_link_each_say_why(client, finished, make_event):
    survey = open_survey(finished)
    person = attendee(finished)
    url = link_for(survey, person)

    forged = client.get("/surveys/not-a-real-code")
    assert forged.status_code == 404
    assert ("This survey link does not work: it may have been replaced by a newer one. Use the link in the latest "
            "e-mail.") in page_text(forged.get_data(as_text=True))
    altered = client.get(url[:-1] + ("A" if url[-1] != "A" else "B"))
    assert altered.status_code == 404

    replaced = url
    url = link_for(survey, person)  # a reminder with a new link: the first one stops working
    assert client.get(replaced).status_code == 404 and client.get(url).status_code == 200

    survey.is_enabled = False
    db.session.commit()
    off = client.get(url)
    assert off.status_code == 403
    assert "This survey is not open: the organisers have not turned it on." in page_text(off.get_data(as_text=True))

    survey.is_enabled, survey.closes_at = True, datetime(2026, 11, 30, 12, 0, tzinfo=utcnow().tzinfo)
    db.session.commit()
    closed = client.get(url)
    assert closed.status_code == 403
    text = page_text(closed.get_data(as_text=True))
    assert ("This survey closed on Monday, 30 November 2026 at 12:00 (Africa/Dakar time): it no longer takes "
            "answers.") in text


def test_a_survey_opens_only_after_the_event_and_a_follow_up_after_its_delay(client, finished, make_event):
    coming = make_event(title="Future forum", start=datetime(2027, 3, 27, 9, 0), end=datetime(2027, 3, 28, 18, 0))
    early = client.get(link_for(open_survey(coming), attendee(coming)))
    assert early.status_code == 403
    assert ("This survey is not open yet: it opens on Sunday, 28 March 2027 at 18:00 (Europe/Paris time)."
            in page_text(early.get_data(as_text=True)))

    follow_up = open_survey(finished, FOLLOW_UP, delay_months=6)
    later = client.get(link_for(follow_up, attendee(finished)))
    assert later.status_code == 403
    assert "it opens on Tuesday, 18 May 2027 at 17:00 (Africa/Dakar time)" in page_text(later.get_data(as_text=True))

    follow_up.delay_months = 0
    db.session.commit()
    now_open = client.get(link_for(follow_up, attendee(finished)))
    text = page_text(now_open.get_data(as_text=True))
    assert now_open.status_code == 200
    assert "Since the event, I have formed a partnership with people I met there." in text
    assert "I gained new knowledge" not in text


def test_someone_who_did_not_attend_is_refused(client, finished):
    survey = open_survey(finished)
    attendee(finished)  # the event recorded attendance
    absent = attendee(finished, checked_in=False)
    refused = client.get(link_for(survey, absent))
    assert refused.status_code == 403
    assert "our records do not show you among them" in page_text(refused.get_data(as_text=True))

    present = attendee(finished)
    url = link_for(survey, present)
    check_in = db.session.scalar(select(CheckIn).where(CheckIn.registration_id == present.id))
    check_in.undone_at = utcnow()  # the desk undid a wrong scan after the link went out
    db.session.commit()
    assert client.get(url).status_code == 403

    cancelled = attendee(finished)
    url = link_for(survey, cancelled)
    token = client.csrf_token(url)
    cancelled.status = "cancelled"  # while the form was open
    db.session.commit()
    sent = client.post(url, data={field(question(survey, "new_knowledge")): "5", "csrf_token": token})
    assert sent.status_code == 403
    assert count(SurveyResponse) == 0


def test_an_event_that_recorded_no_attendance_asks_every_confirmed_participant(client, finished):
    survey = open_survey(finished)
    url = link_for(survey, attendee(finished, checked_in=False))
    assert client.get(url).status_code == 200


def test_my_registrations_offers_the_survey_and_then_thanks(client, finished, make_user, login):
    person = make_user(full_name="Lucía Pérez")
    registration = attendee(finished, person)
    open_survey(finished)
    login(person)

    mine = page_text(client.get("/registrations").get_data(as_text=True))
    assert "Give your feedback" in mine
    url = f"/registrations/{registration.id}/surveys/feedback"
    assert f'href="{url}"' in client.get("/registrations").get_data(as_text=True)

    form = client.get(url)
    assert form.status_code == 200
    assert "I made contacts that I will keep working with." in page_text(form.get_data(as_text=True))
    survey = surveys.survey_of(finished, FEEDBACK)
    sent = client.submit(url, {field(question(survey, "enhanced_connectivity")): "4"}, follow_redirects=True)

    text = page_text(sent.get_data(as_text=True))
    assert "Thank you: your answers are saved." in text
    assert "Thank you: you answered the feedback survey." in text
    assert "Give your feedback" not in text
    [response] = stored_responses()
    assert response.registration_id == registration.id
    assert client.get(url).status_code == 409


def test_one_answer_per_person_whichever_way_they_answer(client, finished, make_user, login):
    person = make_user()
    registration = attendee(finished, person)
    survey = open_survey(finished)
    url = link_for(survey, registration)
    client.submit(url, {field(question(survey, "new_knowledge")): "3"})
    login(person)

    page = client.get(f"/registrations/{registration.id}/surveys/feedback")

    assert page.status_code == 409 and THANKS in page_text(page.get_data(as_text=True))
    assert "Thank you: you answered the feedback survey." in page_text(
        client.get("/registrations").get_data(as_text=True))
    assert count(SurveyResponse) == 1


def test_the_survey_page_belongs_to_the_person_registered(client, finished, make_user, login):
    open_survey(finished)
    someone_else = attendee(finished, make_user())
    login(make_user())

    assert client.get(f"/registrations/{someone_else.id}/surveys/feedback").status_code == 404
    assert client.submit(f"/registrations/{someone_else.id}/surveys/feedback",
                         {"q_1": "5"}, form_url="/registrations").status_code == 404
    assert client.get("/registrations/999999/surveys/feedback").status_code == 404
    assert count(SurveyResponse) == 0 and count(SurveyInvitation) == 0


def test_my_registrations_offers_nothing_before_the_survey_opens_nor_to_who_did_not_attend(client, make_event,
                                                                                             finished, make_user,
                                                                                             login):
    person = make_user()
    coming = make_event(title="Future forum", start=datetime(2027, 3, 27, 9, 0))
    attendee(coming, person)
    open_survey(coming)
    attendee(finished)
    absent = attendee(finished, person, checked_in=False)
    open_survey(finished)
    open_survey(finished, FOLLOW_UP)  # six months after the event: not yet
    login(person)

    text = page_text(client.get("/registrations").get_data(as_text=True))

    assert "Give your feedback" not in text and "Tell us what came of it" not in text
    assert client.get(f"/registrations/{absent.id}/surveys/feedback").status_code == 403


def test_my_registrations_offers_the_follow_up_when_it_opens(client, finished, make_user, login):
    person = make_user()
    registration = attendee(finished, person)
    open_survey(finished, FOLLOW_UP, delay_months=0)
    login(person)

    html = client.get("/registrations").get_data(as_text=True)

    assert "Tell us what came of it" in page_text(html)
    assert f"/registrations/{registration.id}/surveys/follow_up" in html
    assert "Give your feedback" not in page_text(html)


def test_my_registrations_asks_the_database_once_for_all_surveys(app, finished, make_event, make_user,
                                                                 count_queries):
    from outcomes.answers import open_surveys_for

    person = make_user()
    registrations = [attendee(finished, person)]
    for number in range(4):
        event = make_event(start=datetime(2026, 10, 1 + number, 9, 0))
        registrations.append(attendee(event, person))
        open_survey(event)
        open_survey(event, FOLLOW_UP, delay_months=0)
    db.session.expire_all()
    registrations = db.session.scalars(select(Registration).where(Registration.user_id == person.id)).all()

    with count_queries() as counter:
        found = open_surveys_for(registrations)

    assert counter.count == 1
    assert sum(len(items) for items in found.values()) == 8


def test_after_the_follow_up_my_registrations_thanks_for_it(client, finished, make_user, login):
    person = make_user()
    registration = attendee(finished, person)
    survey = open_survey(finished, FOLLOW_UP, delay_months=0)
    login(person)
    url = f"/registrations/{registration.id}/surveys/follow_up"

    sent = client.submit(url, {field(question(survey, "new_actions")): "5"}, follow_redirects=True)

    text = page_text(sent.get_data(as_text=True))
    assert "Thank you: you answered the follow-up survey." in text and "Tell us what came of it" not in text


def test_the_answer_page_costs_the_same_however_many_questions(client, finished, count_queries):
    from outcomes.models import TEXT, SurveyQuestion

    survey = open_survey(finished)
    url = link_for(survey, attendee(finished))
    client.get(url)
    with count_queries() as few:
        client.get(url)
    db.session.add_all([SurveyQuestion(survey_id=survey.id, kind=TEXT, label=f"Question {n}", position=20 + n)
                        for n in range(15)])
    db.session.commit()
    with count_queries() as many:
        page = client.get(url)

    assert "22. Question 14" in page_text(page.get_data(as_text=True))
    assert many.count == few.count


def test_opening_the_link_changes_nothing(client, finished):
    survey = open_survey(finished)
    url = link_for(survey, attendee(finished))
    before = db.session.scalar(select(SurveyInvitation.token_hash))

    client.get(url)
    client.get(url)

    db.session.expire_all()
    invitation = db.session.scalar(select(SurveyInvitation))
    assert invitation.token_hash == before and invitation.answered_on is None
    assert count(SurveyResponse) == 0


def _every_time_stamp() -> dict:
    """Every date-and-time value stored in any table, by table and column."""
    from sqlalchemy import DateTime

    stamps = {}
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, DateTime) or isinstance(getattr(column.type, "impl", None), DateTime):
                stamps[(table.name, column.name)] = sorted(
                    str(value) for value in db.session.scalars(select(column)) if value is not None)
    return stamps


def _tables_holding(value: str) -> set[tuple[str, str]]:
    """The (table, column) pairs of text columns where `value` is stored."""
    from sqlalchemy import String

    found = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String) and db.session.scalar(
                    select(func.count()).select_from(table).where(column == value)):
                found.add((table.name, column.name))
    return found


def test_answering_an_anonymous_survey_writes_no_time_and_its_response_is_found_nowhere_else(client, finished):
    survey = open_survey(finished, is_anonymous=True)
    registration = attendee(finished)
    url = link_for(survey, registration)
    token = client.csrf_token(url)
    db.session.expire_all()
    before = _every_time_stamp()
    assert before[("checkins", "at")] and before[("registrations", "created_at")]  # the check sees times

    sent = client.post(url, data={"csrf_token": token, field(question(survey, "new_knowledge")): "5"})

    assert sent.status_code == 302
    db.session.expire_all()
    # No table gained or changed a time of day: the only trace of the moment is a date.
    assert _every_time_stamp() == before
    [response] = stored_responses()
    assert response.registration_id is None
    # The response's id is only in the response and its answers: nothing else leads to it.
    assert _tables_holding(response.id) == {("survey_responses", "id"), ("survey_answers", "response_id")}


def test_deleting_an_account_voids_its_unanswered_survey_links(client, finished, make_user, login):
    """Anyone holding the e-mail could otherwise answer in the anonymised person's name."""
    from tests.conftest import PASSWORD

    survey, follow_up = open_survey(finished), open_survey(finished, FOLLOW_UP, delay_months=0)
    person = make_user()
    registration = attendee(finished, person)
    unanswered, answered = link_for(survey, registration), link_for(follow_up, registration)
    sent = client.post(answered, data={field(follow_up.questions[0]): "4",
                                       "csrf_token": client.csrf_token(answered)})
    assert sent.status_code == 302 and client.get(unanswered).status_code == 200
    login(person)

    client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"})

    client.submit("/account/logout", form_url="/")
    refused = client.get(unanswered)
    assert refused.status_code == 404
    assert "This survey link does not work" in page_text(refused.get_data(as_text=True))
    assert count(SurveyResponse) == 1  # the answer given before stays, anonymously counted
