"""Nobody can be singled out in a report: small groups are folded so that no subtraction finds them, and an
anonymous survey's few answers stay hidden, comments included."""
from datetime import date, datetime

from core.extensions import db
from outcomes.models import CHOICE, FEEDBACK, SurveyAnswer, SurveyQuestion, SurveyResponse
from outcomes.surveys import survey_of
from outcomes.tables import protect
from tests.conftest import page_text
from tests.registration.test_badges import organiser_of

OTHER = "Other (groups of fewer than 5 people)"


def test_groups_under_five_are_folded_together_and_the_rest_shown():
    # 3 + 2 = 5 folded: the "other" row can be shown, as no one group in it can be told.
    assert protect([("A", 12), ("B", 3), ("C", 0), ("D", 2), ("E", 7)]) == [("A", 12), ("E", 7), (OTHER, 5)]


def test_a_lone_small_group_takes_the_smallest_shown_one_with_it():
    # Total 22 is shown elsewhere: "Europe 20, other hidden" would give the 2 by subtraction. So the next
    # smallest group (6) is folded in: 2 + 6 = 8, and neither the 2 nor the 6 is told.
    assert protect([("Europe", 20), ("Africa", 2), ("Asia", 6)]) == [("Europe", 20), (OTHER, 8)]
    # Until the folded groups reach five: 1 + 5 = 6 after one step.
    assert protect([("A", 9), ("B", 5), ("C", 1)]) == [("A", 9), (OTHER, 6)]
    # Nothing left to fold: the whole is one hidden row.
    assert protect([("A", 3)]) == [(OTHER, None)]
    assert protect([("A", 5), ("B", 6)]) == [("A", 5), ("B", 6)]


def _past_survey(make_event, anonymous=True):
    event = make_event(start=datetime(2026, 11, 17, 9, 0), end=datetime(2026, 11, 18, 17, 0))
    survey = survey_of(event, FEEDBACK, create=True)
    survey.is_enabled, survey.is_anonymous = True, anonymous
    return event, survey


def test_an_anonymous_survey_shows_no_comment_before_five_people_answered(client, make_event, login):
    event, survey = _past_survey(make_event)
    knowledge = survey.questions[0]
    db.session.add(SurveyResponse(survey_id=survey.id, submitted_on=date(2026, 11, 20), answers=[
        SurveyAnswer(question_id=knowledge.id, score=1, text="The organiser was rude")]))
    db.session.commit()
    login(organiser_of(event))

    page = page_text(client.get(f"/events/{event.slug}/report").get_data(as_text=True))
    download = client.get(f"/events/{event.slug}/report.csv").get_data(as_text=True)

    assert "The organiser was rude" not in page and "The organiser was rude" not in download
    assert "The comments of an anonymous survey are shown once at least 5 people have answered." in page


def test_options_chosen_by_fewer_than_five_are_counted_together(client, make_event, login):
    # 9 answers: "Radio" 6, "Newspaper" 2, "A friend" 1. The 2 and the 1 make 3, under five: "Radio" goes
    # with them, and the question's 9 answers read as one folded row (no single option told).
    event, survey = _past_survey(make_event)
    heard = SurveyQuestion(survey_id=survey.id, kind=CHOICE, label="How did you hear of it?", position=20,
                           options=["Radio", "Newspaper", "A friend"])
    db.session.add(heard)
    db.session.flush()
    for choice in ["Radio"] * 6 + ["Newspaper"] * 2 + ["A friend"]:
        db.session.add(SurveyResponse(survey_id=survey.id, submitted_on=date(2026, 11, 20),
                                      answers=[SurveyAnswer(question_id=heard.id, choice=choice)]))
    db.session.commit()
    login(organiser_of(event))

    page = page_text(client.get(f"/events/{event.slug}/report").get_data(as_text=True))

    assert "How did you hear of it? Other options (each chosen by fewer than 5 people) 9" in page
    assert "How did you hear of it? Radio" not in page and "Newspaper 2" not in page
