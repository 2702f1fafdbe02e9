"""Nobody can be singled out in a report: small groups are folded so that no subtraction finds them, and an
anonymous survey's few answers stay hidden, comments included."""
from datetime import date, datetime

from core.extensions import db
from outcomes.models import CHOICE, FEEDBACK, SurveyAnswer, SurveyQuestion, SurveyResponse
from outcomes.surveys import survey_of
from outcomes.tables import protect
from io import BytesIO

from openpyxl import load_workbook

from tests.conftest import page_text
from tests.outcomes.test_dashboard import chart_text, charts_in, section, table
from tests.outcomes.test_exports import pdf_text
from tests.registration.onsite import confirmed
from tests.registration.test_badges import organiser_of

OTHER = "Other (groups of fewer than 5 people)"
OTHER_AND_NEXT = "Other (groups of fewer than 5 people, with the next smallest group)"


def test_groups_under_five_are_folded_together_and_the_rest_shown():
    # 3 + 2 = 5 folded: the "other" row can be shown, as no one group in it can be told.
    assert protect([("A", 12), ("B", 3), ("C", 0), ("D", 2), ("E", 7)]) == [("A", 12), ("E", 7), (OTHER, 5)]


def test_a_lone_small_group_takes_the_smallest_shown_one_with_it():
    # Total 22 is shown elsewhere: "Europe 20, other hidden" would give the 2 by subtraction. So the next
    # smallest group (6) is folded in: 2 + 6 = 8, and neither the 2 nor the 6 is told.
    # The row says that a group of 5 or more is in it: "groups of fewer than 5" alone would not be true.
    assert protect([("Europe", 20), ("Africa", 2), ("Asia", 6)]) == [("Europe", 20), (OTHER_AND_NEXT, 8)]
    # Until the folded groups reach five: 1 + 5 = 6 after one step.
    assert protect([("A", 9), ("B", 5), ("C", 1)]) == [("A", 9), (OTHER_AND_NEXT, 6)]
    # Nothing left to fold: the whole is one hidden row.
    assert protect([("A", 3)]) == [(OTHER, None)]
    assert protect([("A", 5), ("B", 6)]) == [("A", 5), ("B", 6)]


def test_an_internal_report_gives_every_group_exactly():
    assert protect([("Europe", 20), ("Africa", 2), ("Asia", 0), ("Oceania", 6)], exact=True) == [
        ("Europe", 20), ("Africa", 2), ("Oceania", 6)]


def _bangkok(make_event):
    """The Bangkok workshop of the issue: 18 confirmed, 14 from the Global South and 4 from elsewhere."""
    event = make_event(title="Bangkok workshop")
    for index, country in enumerate(["TH"] * 8 + ["VN"] * 4 + ["KH"] * 2 + ["FR", "DE", "JP", "AU"]):
        confirmed(event, full_name=f"Person {index}", country=country)
    return event


def test_a_large_count_beside_a_small_one_is_never_called_small(client, make_event, login, tmp_path):
    # Publishable: Elsewhere's 4 is small. With the 18 participants said, the 14 would give it away, so the 14
    # is withheld too: as "5 or more", which it is, never as "fewer than 5", and Elsewhere is not 0.
    event = _bangkok(make_event)
    login(organiser_of(event))
    html = client.get(f"/events/{event.slug}/report?counts=publishable").get_data(as_text=True)

    assert table(html, "global_south") == [["The Global South", "5 or more", "not shown"],
                                           ["Elsewhere", "fewer than 5", "not shown"], ["Country not given", "0", ""]]
    chart = chart_text(charts_in(section(html, "global_south"))[0])
    assert "The Global South 5 or more" in chart and "Elsewhere fewer than 5" in chart
    for download in ("csv", "pdf"):
        body = client.get(f"/events/{event.slug}/report.{download}?counts=publishable")
        text = body.get_data(as_text=True) if download == "csv" else " ".join(pdf_text(body.data, tmp_path).split())
        assert "The Global South,5 or more" in text or "The Global South 5 or more" in text, download
        assert "Elsewhere,0" not in text and "Elsewhere 0" not in text, download
    sheet = load_workbook(BytesIO(client.get(f"/events/{event.slug}/report.xlsx?counts=publishable").data))[
        "global_south"]
    assert [cell.value for cell in sheet[3]][:2] == ["The Global South", "5 or more"]
    assert [cell.value for cell in sheet[4]][:2] == ["Elsewhere", "fewer than 5"]


def test_the_organisers_internal_report_has_the_exact_counts(client, make_event, login):
    event = _bangkok(make_event)
    login(organiser_of(event))
    html = client.get(f"/events/{event.slug}/report").get_data(as_text=True)  # internal unless asked otherwise

    assert table(html, "global_south") == [["The Global South", "14", "77.8"], ["Elsewhere", "4", "22.2"],
                                           ["Country not given", "0", ""]]
    assert table(html, "countries")[:3] == [["Thailand", "8", "44.4"], ["Viet Nam", "4", "22.2"],
                                            ["Cambodia", "2", "11.1"]]
    assert "Internal: exact counts, for the event's organisers. Not for publication." in page_text(html)


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

    # Radio (6) was folded in too: the row says so, rather than call each option chosen by fewer than 5.
    assert ("How did you hear of it? Other options (those chosen by fewer than 5 people, with the next least "
            "chosen) 9") in page
    assert "How did you hear of it? Radio" not in page and "Newspaper 2" not in page


def test_a_named_surveys_internal_report_gives_its_few_answers_exactly(client, make_event, login):
    # Named answers: the organisers see them with the names anyway. Anonymous ones stay hidden (test above).
    event, survey = _past_survey(make_event, anonymous=False)
    knowledge = survey.questions[0]
    for score in (2, 4):
        db.session.add(SurveyResponse(survey_id=survey.id, submitted_on=date(2026, 11, 20), answers=[
            SurveyAnswer(question_id=knowledge.id, score=score)]))
    db.session.commit()
    login(organiser_of(event))

    internal = client.get(f"/events/{event.slug}/report").get_data(as_text=True)
    publishable = client.get(f"/events/{event.slug}/report?counts=publishable").get_data(as_text=True)

    scores = {row[0]: row[1:] for row in table(internal, "feedback_scores")}
    assert scores["New knowledge"] == ["2", "3", "0", "1", "0", "1", "0"]
    assert scores["Enhanced skills"] == ["0", "–", "0", "0", "0", "0", "0"]
    assert {row[0]: row[1:] for row in table(publishable, "feedback_scores")}["New knowledge"] == [
        "2", "fewer than 5", "", "", "", "", ""]


def _spreads(answers: int, scores: int = 5):
    """Every way `answers` answers can fall on the scores (counts per score)."""
    if scores == 1:
        yield (answers,)
        return
    for first in range(answers + 1):
        for rest in _spreads(answers - first, scores - 1):
            yield (first,) + rest


def test_no_score_given_by_a_few_people_can_be_worked_out_from_what_a_protected_row_shows(app):
    # The number of answers and the average stand beside the cells: 6 answers, 0 0 0 "5 or more" "fewer than 5"
    # and an average of 4.2 could only be five 4s and one 5. An attacker lists every spread of the answers
    # that the row would show the same way; a score given by 1 to 4 people must not be the same in all of them.
    from outcomes.survey_report import _score_row

    with app.test_request_context():
        for answers in range(5, 15):
            shown_as = {}
            for spread in _spreads(answers):
                row = _score_row("Q", dict(enumerate(spread, start=1)))
                shown_as.setdefault(tuple(str(cell) for cell in row), []).append(spread)
            for spreads in shown_as.values():
                for spread in spreads:
                    for score, count in enumerate(spread):
                        if 0 < count < 5:
                            assert any(other[score] != count for other in spreads), (spread, score + 1)


def test_a_hidden_count_has_no_share_rather_than_a_small_one(app):
    # Two participants: the "other" row's count is hidden, and its share read "fewer than 5" under "Share (%)",
    # as if under 5 %.
    from outcomes.constituency import _breakdown
    from outcomes.dashboard import _people_table
    from outcomes.tables import cell_text

    with app.test_request_context():
        rows = _people_table("groups", "Groups", "Group", protect([("Media", 1), ("Academia", 1)]), 2).rows
        across = _breakdown([("Media", 1), ("Academia", 1)], 2)
        for row in (rows[0], across[0]):
            assert [cell_text(cell) for cell in row] == [OTHER, "fewer than 5", "not shown"]
