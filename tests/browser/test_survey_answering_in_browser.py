"""Answer a feedback survey by its link and from My registrations, in Chromium."""
import pytest

from outcomes.models import FEEDBACK, SurveyResponse
from tests.browser.test_events_in_browser import log_in
from tests.outcomes.test_answering import attendee, finished_event, link_for, open_survey

pytestmark = pytest.mark.browser


def test_answer_by_the_link_then_the_link_says_answered(page, make_event, make_user):
    from core.extensions import db

    event = finished_event(make_event)
    survey = open_survey(event, FEEDBACK, is_anonymous=True)
    url = link_for(survey, attendee(event))
    errors = []
    # A refused style or script (content security policy) shows as a console error; a 409 page is expected.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "status of 409" not in message.text else None)

    page.goto(url)
    page.get_by_text("Your answers are anonymous").wait_for()
    page.get_by_role("group", name="1. I gained new knowledge at this event.").get_by_label("Agree", exact=True).check()
    page.get_by_role("group", name="1. I gained new knowledge at this event.").get_by_label(
        "Comment (optional)").fill("The session on contracts")
    page.get_by_role("group", name="2. I improved skills").get_by_label("Strongly agree").check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your answers are saved.").wait_for()

    page.goto(url)
    page.get_by_text("You have already answered this survey. Thank you.").wait_for()
    assert not errors, errors  # no script or style refused by the content security policy
    db.session.expire_all()
    [response] = db.session.query(SurveyResponse).all()
    assert response.registration_id is None and sorted(a.score for a in response.answers) == [4, 5]


def test_answer_from_my_registrations_with_a_mistake_first(page, make_event, make_user):
    event = finished_event(make_event)
    person = make_user()
    attendee(event, person)
    survey = open_survey(event)
    survey.questions[0].is_required = True
    from core.extensions import db
    db.session.commit()

    log_in(page, person)
    page.get_by_role("link", name="My registrations").click()
    page.get_by_role("link", name="Give your feedback").click()
    page.get_by_role("group", name="2. I improved skills").get_by_label("Disagree", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("link", name="Question 1: Answer this question.").click()
    assert page.get_by_role("group", name="2. I improved skills").get_by_label("Disagree", exact=True).is_checked()
    page.get_by_role("group", name="1. I gained new knowledge").get_by_label("Strongly agree").check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you: you answered the feedback survey.").wait_for()
