"""The organisers' survey page: both surveys made on first visit, their settings, their questions, and
everything that stays as it was once people were sent the survey."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core.extensions import db
from outcomes import surveys
from outcomes.models import CHOICE, FEEDBACK, FOLLOW_UP, Survey, SurveyQuestion
from tests.conftest import page_text
from tests.registration.test_badges import organiser_of


def finished_event(make_event, **fields):
    """An event in Paris that ended on 18 November 2026 at 17:00 (16:00 UTC)."""
    return make_event(title="Forum on cultural policies", start=datetime(2026, 11, 17, 9, 0),
                      end=datetime(2026, 11, 18, 17, 0), zone="Europe/Paris", **fields)


def settings(**changes) -> dict:
    """The settings form as the page first shows it, with `changes`."""
    data = {"feedback_anonymity": "named", "follow_up_anonymity": "named", "follow_up_delay_months": "6"}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def survey_in_db(event, kind) -> Survey:
    db.session.expire_all()
    return surveys.survey_of(event, kind)


def order(survey) -> list[int]:
    db.session.expire_all()
    return [question.id for question in db.session.get(Survey, survey.id).questions]


def own_questions(survey) -> list[SurveyQuestion]:
    db.session.expire_all()
    return [question for question in db.session.get(Survey, survey.id).questions if question.outcome is None]


@pytest.fixture
def organiser_page(client, make_event, login):
    """The survey page of a finished event, opened by its organiser: (event, url)."""
    event = finished_event(make_event)
    login(organiser_of(event))
    url = f"/events/{event.slug}/surveys"
    assert client.get(url).status_code == 200
    return event, url


def test_the_first_visit_makes_both_surveys_with_the_built_in_outcome_questions(client, organiser_page):
    event, url = organiser_page

    text = page_text(client.get(url).get_data(as_text=True))

    assert "Feedback survey" in text and "Follow-up survey" in text
    # The built-in questions read as their statements, in the reader's language, and say which outcome.
    assert "I gained new knowledge at this event." in text and "New knowledge" in text
    assert "Since the event, I have formed a partnership with people I met there." in text
    assert "Opens 18 Nov 2026, 17:00" in text  # when the event ended, on the venue's clocks
    assert "Opens 18 May 2027, 17:00 (6 months after the event)" in text  # the same time on the venue's clocks
    feedback, follow_up = survey_in_db(event, FEEDBACK), survey_in_db(event, FOLLOW_UP)
    assert len(feedback.questions) == 7 and len(follow_up.questions) == 3
    assert not feedback.is_enabled and follow_up.delay_months == 6
    # A second visit makes nothing more.
    client.get(url)
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 2


def test_the_settings_are_saved_with_times_on_the_venue_clocks(client, organiser_page):
    event, url = organiser_page

    page = client.submit(url, settings(feedback_is_enabled="y", feedback_anonymity="anonymous",
                                       feedback_closes_at="2026-12-20T18:00", follow_up_delay_months="3",
                                       follow_up_is_enabled="y"), follow_redirects=True)

    assert "The survey settings are saved." in page.get_data(as_text=True)
    feedback, follow_up = survey_in_db(event, FEEDBACK), survey_in_db(event, FOLLOW_UP)
    assert feedback.is_enabled and feedback.is_anonymous
    assert feedback.closes_at == datetime(2026, 12, 20, 17, 0, tzinfo=UTC)
    assert follow_up.is_enabled and not follow_up.is_anonymous and follow_up.delay_months == 3
    assert follow_up.closes_at is None
    assert surveys.opens_at(follow_up) == datetime(2027, 2, 18, 16, 0, tzinfo=UTC)
    text = page_text(page.get_data(as_text=True))
    assert "Opens 18 Feb 2027, 17:00 (3 months after the event)" in text
    assert "Closes 20 Dec 2026, 18:00" in text
    # Turning it off again.
    client.submit(url, settings(feedback_anonymity="anonymous", follow_up_delay_months="3"))
    assert not survey_in_db(event, FEEDBACK).is_enabled


@pytest.mark.parametrize("changes, message", [
    ({"follow_up_delay_months": "0"}, "Give a whole number of months from 1 to 24."),
    ({"follow_up_delay_months": "25"}, "Give a whole number of months from 1 to 24."),
    ({"follow_up_delay_months": "six"}, "Give a whole number of months from 1 to 24."),
    ({"follow_up_delay_months": ""}, "Give a whole number of months from 1 to 24."),
    ({"feedback_anonymity": "sometimes"}, "Choose one of the options in the list."),
    ({"feedback_closes_at": "next week"}, "Enter a date and a time, like 2027-03-27 09:30."),
    # Before the event ended: nobody could answer.
    ({"feedback_closes_at": "2026-11-18T12:00"}, "The survey opens on 18 Nov 2026, 17:00: it must close after that."),
    # The follow-up survey opens 6 months after the event: closing it in 2 months would never open it.
    ({"follow_up_closes_at": "2027-01-18T12:00"}, "The survey opens on 18 May 2027, 17:00: it must close after"),
    # The clocks go forward in Paris at 02:00 on 28 March 2027: 02:30 never happens.
    ({"feedback_closes_at": "2027-03-28T02:30"}, "This time does not exist in Europe/Paris"),
    # Before the first year UTC can hold, on Paris clocks.
    ({"feedback_closes_at": "0001-01-01T00:05"}, "This time does not exist in Europe/Paris"),
    ({"follow_up_delay_months": "3\x00"}, "Give a whole number of months from 1 to 24."),
])
def test_bad_settings_are_refused_at_the_field_and_nothing_is_stored(client, organiser_page, changes, message):
    event, url = organiser_page

    page = client.submit(url, settings(feedback_is_enabled="y", **changes))

    assert page.status_code == 400
    assert message in page_text(page.get_data(as_text=True))
    feedback, follow_up = survey_in_db(event, FEEDBACK), survey_in_db(event, FOLLOW_UP)
    assert not feedback.is_enabled and feedback.closes_at is None and follow_up.delay_months == 6
    # What was typed is still there.
    for name, value in changes.items():
        if value and name != "feedback_anonymity":
            assert f'value="{value}"' in page.get_data(as_text=True)


def test_a_closing_date_can_be_given_on_a_follow_up_survey_that_opens_later(client, organiser_page):
    event, url = organiser_page

    page = client.submit(url, settings(follow_up_delay_months="2", follow_up_closes_at="2027-02-18T12:00"))

    assert page.status_code == 302
    assert survey_in_db(event, FOLLOW_UP).closes_at == datetime(2027, 2, 18, 11, 0, tzinfo=UTC)


def test_organisers_add_change_move_and_delete_their_own_questions(client, organiser_page):
    event, url = organiser_page
    new = f"/events/{event.slug}/surveys/feedback/questions/new"

    page = client.submit(new, {"label": "Which day was most useful?", "kind": CHOICE,
                               "options": "Day one\n\n  Day two  \n", "help_text": "Think of the sessions.",
                               "is_required": "y"}, follow_redirects=True)

    assert "The question is added to the survey." in page.get_data(as_text=True)
    survey = survey_in_db(event, FEEDBACK)
    (question,) = own_questions(survey)
    assert (question.kind, question.label, question.options, question.help_text, question.is_required) == (
        CHOICE, "Which day was most useful?", ["Day one", "Day two"], "Think of the sessions.", True)
    assert order(survey)[-1] == question.id  # after the built-in ones
    text = page_text(page.get_data(as_text=True))
    assert "Which day was most useful? Think of the sessions. Day one · Day two One choice from a list Yes" in text

    edit = f"/events/{event.slug}/surveys/feedback/questions/{question.id}"
    assert 'value="Which day was most useful?"' in client.get(edit).get_data(as_text=True)
    client.submit(edit, {"label": "What would you change?", "kind": "text"})
    (question,) = own_questions(survey)
    assert (question.kind, question.label, question.options, question.is_required) == (
        "text", "What would you change?", [], False)

    client.submit(f"{edit}/up", form_url=url)
    assert order(survey).index(question.id) == 6  # one place up, before the last built-in question
    client.submit(f"{edit}/down", form_url=url)
    assert order(survey)[-1] == question.id

    page = client.submit(f"{edit}/delete", form_url=url, follow_redirects=True)
    assert "The question is deleted." in page.get_data(as_text=True)
    assert own_questions(survey) == []
    # A second click on "Delete" (an old tab) finds nothing: 404, not an error page.
    assert client.submit(f"{edit}/delete", form_url=url).status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"label": "", "kind": "scale"}, "Write the question."),
    ({"label": "\u200b  ", "kind": "scale"}, "Write the question."),
    ({"label": "x" * 301, "kind": "text"}, "At most 300 characters."),
    ({"label": "Useful?", "kind": "text", "help_text": "h" * 501}, "At most 500 characters."),
    ({"label": "Which day?", "kind": CHOICE, "options": "Day one"}, "Give at least two options, one per line."),
    ({"label": "Which day?", "kind": CHOICE, "options": ""}, "Give at least two options, one per line."),
    ({"label": "Which day?", "kind": CHOICE, "options": "Day one\nday ONE"}, "Each option must be different."),
    ({"label": "Which day?", "kind": CHOICE, "options": "A\n" + "b" * 301}, "at most 300 characters"),
    ({"label": "Which day?", "kind": CHOICE, "options": "\n".join(str(n) for n in range(51))},
     "Give at most 50 options."),
    ({"label": "Which day?", "kind": "multiple"}, "Choose one of the options in the list."),
    ({"label": "Bad\x00text", "kind": "text"}, "This text contains characters that cannot be stored."),
])
def test_bad_questions_are_refused_at_the_field_and_keep_what_was_typed(client, organiser_page, data, message):
    event, _ = organiser_page
    new = f"/events/{event.slug}/surveys/feedback/questions/new"

    page = client.submit(new, data)

    assert page.status_code == 400
    assert message in page_text(page.get_data(as_text=True))
    assert own_questions(survey_in_db(event, FEEDBACK)) == []
    if data.get("options"):
        assert data["options"].splitlines()[0] in page.get_data(as_text=True)


def test_the_built_in_questions_cannot_be_changed_or_removed(client, organiser_page):
    event, url = organiser_page
    built_in = survey_in_db(event, FEEDBACK).questions[0]
    address = f"/events/{event.slug}/surveys/feedback/questions/{built_in.id}"

    page = client.submit(f"{address}/delete", form_url=url, follow_redirects=True)

    assert "they cannot be removed" in page.get_data(as_text=True)
    assert "cannot be changed" in client.get(address, follow_redirects=True).get_data(as_text=True)
    client.submit(address, {"label": "Changed", "kind": "text"}, form_url=url)
    db.session.expire_all()
    kept = db.session.get(SurveyQuestion, built_in.id)
    assert kept is not None and kept.label == "" and kept.kind == "scale"


def test_a_question_of_another_event_or_survey_is_not_found(client, organiser_page, make_event):
    event, url = organiser_page
    other = finished_event(make_event)
    theirs = surveys.survey_of(other, FEEDBACK, create=True)
    db.session.add(SurveyQuestion(survey_id=theirs.id, kind="text", label="Their question", position=9))
    db.session.commit()
    their_question = own_questions(theirs)[0]
    follow_up_question = survey_in_db(event, FOLLOW_UP).questions[0]

    for question_id in (their_question.id, follow_up_question.id, 2**31 - 1):
        base = f"/events/{event.slug}/surveys/feedback/questions/{question_id}"
        assert client.get(base).status_code == 404
        assert client.submit(base, {"label": "Mine now", "kind": "text"}, form_url=url).status_code == 404
        assert client.submit(f"{base}/delete", form_url=url).status_code == 404
        assert client.submit(f"{base}/up", form_url=url).status_code == 404
    assert client.get(f"/events/{event.slug}/surveys/lunch/questions/new").status_code == 404
    db.session.expire_all()
    assert [q.label for q in own_questions(theirs)] == ["Their question"]


def lock(event, kind=FEEDBACK):
    """As if the survey had been sent."""
    survey = surveys.survey_of(event, kind)
    survey.first_sent_at = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
    db.session.commit()
    return survey


def test_once_sent_the_questions_and_the_anonymity_stay_as_people_were_told(client, organiser_page):
    event, url = organiser_page
    client.submit(f"/events/{event.slug}/surveys/feedback/questions/new", {"label": "Useful?", "kind": "text"})
    survey = lock(event)
    (question,) = own_questions(survey)
    address = f"/events/{event.slug}/surveys/feedback/questions/{question.id}"

    text = page_text(client.get(url).get_data(as_text=True))

    assert "people were sent the survey with them and were told whether their answers are anonymous" in text
    assert "People were told this when they were sent the survey: it can no longer change." in text
    assert "Add a question of your own" not in text.split("Feedback survey")[-1].split("Follow-up survey")[0]
    for attempt in (lambda: client.get(f"/events/{event.slug}/surveys/feedback/questions/new", follow_redirects=True),
                    lambda: client.submit(address, {"label": "Changed", "kind": "text"}, form_url=url,
                                          follow_redirects=True),
                    lambda: client.submit(f"{address}/delete", form_url=url, follow_redirects=True),
                    lambda: client.submit(f"{address}/up", form_url=url, follow_redirects=True)):
        assert "The questions can no longer change" in attempt().get_data(as_text=True)
    assert [(q.id, q.label) for q in own_questions(survey)] == [(question.id, "Useful?")]
    assert order(survey)[-1] == question.id

    # A forged form that tries to make the answers anonymous after all is refused, and changes nothing.
    page = client.submit(url, settings(feedback_is_enabled="y", feedback_anonymity="anonymous"))
    assert page.status_code == 400 and "this can no longer change" in page.get_data(as_text=True)
    assert not survey_in_db(event, FEEDBACK).is_anonymous and not survey_in_db(event, FEEDBACK).is_enabled
    # The rest can still change: the closing date, on and off. The locked choice is not even sent.
    page = client.submit(url, settings(feedback_anonymity=None, feedback_is_enabled="y",
                                       feedback_closes_at="2027-01-10T12:00"))
    assert page.status_code == 302
    feedback = survey_in_db(event, FEEDBACK)
    assert feedback.is_enabled and not feedback.is_anonymous and feedback.closes_at.year == 2027
    # The follow-up survey is not locked by the feedback survey being sent.
    client.submit(url, settings(feedback_anonymity=None, follow_up_anonymity="anonymous"))
    assert survey_in_db(event, FOLLOW_UP).is_anonymous


def test_once_the_follow_up_is_sent_its_delay_stays(client, organiser_page):
    event, url = organiser_page
    lock(event, FOLLOW_UP)

    page = client.submit(url, settings(follow_up_anonymity=None, follow_up_delay_months="2"))

    assert page.status_code == 400
    assert "when it opens can no longer change" in page.get_data(as_text=True)
    assert survey_in_db(event, FOLLOW_UP).delay_months == 6
    assert client.submit(url, settings(follow_up_anonymity=None, follow_up_delay_months=None)).status_code == 302


@pytest.mark.parametrize("path", ["", "/feedback/questions/new", "/feedback/responses.csv"])
def test_only_the_event_organisers_reach_the_survey_pages(client, make_event, make_user, login, path):
    event = finished_event(make_event)
    hidden = finished_event(make_event, visibility="private")
    surveys.surveys_of(event)

    assert client.get(f"/events/{event.slug}/surveys{path}").status_code == 302  # to the log-in page
    login(make_user(roles=("organiser", "participant")))  # organises other events, not these
    assert client.get(f"/events/{event.slug}/surveys{path}").status_code == 403
    assert client.get(f"/events/{hidden.slug}/surveys{path}").status_code == 404
    assert client.submit(f"/events/{event.slug}/surveys/feedback/send", form_url="/").status_code == 403


def test_a_co_organiser_of_the_team_reaches_them(client, make_event, make_user, login):
    colleague = make_user(roles=("organiser", "participant"))
    event = finished_event(make_event, team=[make_user(roles=("organiser",)), colleague])
    login(colleague)

    assert client.get(f"/events/{event.slug}/surveys").status_code == 200


def test_every_change_needs_the_form_token(client, organiser_page):
    event, url = organiser_page
    question_id = survey_in_db(event, FEEDBACK).questions[0].id

    for address, data in [(url, settings(feedback_is_enabled="y")),
                          (f"{url}/feedback/questions/new", {"label": "Useful?", "kind": "text"}),
                          (f"{url}/feedback/questions/{question_id}/down", {}),
                          (f"{url}/feedback/send", {}), (f"{url}/feedback/remind", {})]:
        assert client.post(address, data=data).status_code == 400
    assert not survey_in_db(event, FEEDBACK).is_enabled
    assert own_questions(survey_in_db(event, FEEDBACK)) == []
    assert survey_in_db(event, FEEDBACK).questions[0].id == question_id


def test_addresses_that_name_nothing_are_not_found(client, organiser_page):
    event, url = organiser_page
    question_id = survey_in_db(event, FEEDBACK).questions[0].id

    for address in (f"{url}/lunch/send", f"{url}/lunch/remind", f"{url}/feedback/questions/{question_id}/sideways",
                    f"{url}/feedback/questions/{2**31}", f"{url}/feedback/questions/-1/delete",
                    "/events/no-such-event/surveys"):
        assert client.submit(address, form_url=url).status_code == 404, address
    assert client.get(f"{url}/FEEDBACK/responses.csv").status_code == 404


def test_the_follow_up_opens_at_the_same_time_on_the_venue_s_clocks_across_a_clock_change(app, make_event):
    # The event ends on 18 November 2026 at 17:00 in Paris (winter time, 16:00 UTC); six months later is
    # 18 May 2027 at 17:00 in Paris, summer time: 15:00 UTC, not 16:00.
    event = make_event(start=datetime(2026, 11, 17, 9, 0), end=datetime(2026, 11, 18, 17, 0))
    follow_up = surveys.survey_of(event, "follow_up", create=True)
    follow_up.delay_months = 6
    assert surveys.opens_at(follow_up) == datetime(2027, 5, 18, 15, 0, tzinfo=UTC)


def attended_with_feedback_on(event, count: int):
    """`count` confirmed participants checked in on the first day, and the feedback survey turned on."""
    from registration.models import CheckIn
    from tests.registration.onsite import confirmed

    people = [confirmed(event) for _ in range(count)]
    for registration in people:
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id,
                               day=datetime(2026, 11, 17).date()))
    survey = survey_in_db(event, FEEDBACK)
    survey.is_enabled = True
    db.session.commit()
    return people, survey


def test_the_response_rate_counts_those_who_answered_from_my_registrations_among_those_asked(client, organiser_page):
    # Four attended. Two answer from "My registrations" before any e-mail; then the invitations go to the
    # other two, and one of them answers. 3 of the 4 asked answered: 75%, never "150% of those invited".
    from outcomes import answers, sending

    event, url = organiser_page
    people, survey = attended_with_feedback_on(event, 4)
    knowledge = survey.questions[0]
    for registration in people[:2]:
        answers.save(surveys.invitation_of(survey, registration), [answers.Answer(knowledge.id, score=4)])
    sending.send_invitations(survey_in_db(event, FEEDBACK))
    answers.save(surveys.invitation_of(survey_in_db(event, FEEDBACK), people[2]),
                 [answers.Answer(knowledge.id, score=5)])

    text = page_text(client.get(url).get_data(as_text=True))

    assert "Answered 3 Response rate 75% of those asked" in text


def test_people_who_answered_then_cancelled_still_count_as_asked(client, organiser_page):
    # Three attended and answered; then two registrations were cancelled. Still 3 asked and 3 answered:
    # 100%, never "1 asked, 3 answered, 300%" (here or on the report).
    from outcomes import answers

    event, url = organiser_page
    people, survey = attended_with_feedback_on(event, 3)
    for registration in people:
        answers.save(surveys.invitation_of(survey_in_db(event, FEEDBACK), registration),
                     [answers.Answer(survey.questions[0].id, score=4)])
    for registration in people[1:]:
        registration.status = "cancelled"
    db.session.commit()

    assert "Response rate 100% of those asked" in page_text(client.get(url).get_data(as_text=True))
    report = page_text(client.get(f"/events/{event.slug}/report").get_data(as_text=True))
    assert "Feedback survey 3 3 100" in report


def test_a_closing_time_the_clocks_show_twice_is_asked_about(client, organiser_page):
    event, url = organiser_page
    # The clocks go back in Paris at 03:00 on 31 October 2027: 02:30 happens at 00:30 and at 01:30 UTC.
    data = settings(feedback_is_enabled="y", feedback_closes_at="2027-10-31T02:30")

    asked = client.submit(url, data)

    assert asked.status_code == 400
    assert "02:30 happens twice that night: before the clocks go back (CEST, UTC+2) or after (CET, UTC+1)?" \
        in page_text(asked.get_data(as_text=True))
    assert survey_in_db(event, FEEDBACK).closes_at is None
    assert client.submit(url, data | {"feedback_closes_at-fold": "0"}).status_code == 302
    assert survey_in_db(event, FEEDBACK).closes_at.isoformat() == "2027-10-31T00:30:00+00:00"
