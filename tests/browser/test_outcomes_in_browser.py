"""Survey → dashboard → exports in Chromium: an organiser turns the feedback survey of a finished event on,
adds a question and sends it; one attendee answers by the link in the e-mail without logging in, another
from "My registrations"; the organiser reads the scores on the dashboard and downloads the CSV, the XLSX
and the PDF, which say the same; someone who did not attend is refused the survey, and the report."""
import csv
from datetime import datetime, timedelta
import re
import subprocess

from openpyxl import load_workbook
from playwright.sync_api import expect
import pytest
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.mail import OutboxMessage
from outcomes import answers, surveys
from outcomes.models import CHOICE, FEEDBACK
from outcomes.vocabulary import FEEDBACK_STATEMENTS, OUTCOMES, SCALE
from registration.models import CheckIn
from tests.browser.conftest import new_page
from tests.browser.test_events_in_browser import log_in
from tests.registration.onsite import confirmed

pytestmark = pytest.mark.browser

#: The outcomes in the order the survey asks them.
ASKED = list(FEEDBACK_STATEMENTS)
#: Each respondent's scores, in the order of ASKED, and their answer to the organiser's question.
SCORES = {
    "link": [5, 4, 4, 5, 4, 3, 2],
    "mine": [4, 4, 3, 5, 5, 4, 1],
    "c": [3, 5, 4, 4, 4, 3, 2],
    "d": [4, 3, 4, 5, 3, 4, 3],
    "e": [5, 4, 5, 4, 4, 2, 1],
}
QUESTION = "Which part of the forum was most useful to you?"
OPTIONS = ["Plenary sessions", "Workshops", "Site visits"]
CHOSEN = {"link": "Workshops", "mine": "Workshops", "c": "Plenary sessions", "d": "Workshops", "e": "Site visits"}
COMMENT = "The session on the social security of artists gave me figures I had never seen."
INVITED, ANSWERED = 6, len(SCORES)
RATE = round(100 * ANSWERED / INVITED, 1)  # 83.3


def average(outcome: str) -> float:
    """By hand: the mean of the five scores given to this outcome, to one decimal."""
    index = ASKED.index(outcome)
    scores = [given[index] for given in SCORES.values()]
    return round(sum(scores) / len(scores), 1)


def on_page(number: float) -> str:
    """A number as the dashboard and the PDF print it: 4.2, 4 (not 4.0), 83.3."""
    return f"{number:g}"


def forum(make_event, make_user):
    """A two-day forum that ended two weeks ago: seven confirmed, six checked in, one who never came."""
    event = make_event(title="Forum on the Status of the Artist", start=datetime(2026, 11, 17, 9, 0),
                       end=datetime(2026, 11, 18, 17, 0))
    first_day = event.starts_at.astimezone(event.zone).date()
    people = {
        "link": confirmed(event, make_user(email="amina@example.org", full_name="Amina Diallo"), country="SN"),
        "mine": confirmed(event, make_user(email="jonas@example.org", full_name="Jonas Berg"), country="NO",
                          stakeholder_group="civil_society"),
        "c": confirmed(event, country="BR"), "d": confirmed(event, country="KE"), "e": confirmed(event, country="FR"),
        "f": confirmed(event, country="IN"),
        "absent": confirmed(event, make_user(email="absent@example.org", full_name="Noor Haddad"), country="JO"),
    }
    for key, registration in people.items():
        if key == "absent":
            continue
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id, day=first_day))
        if key in ("link", "mine", "c", "d"):
            db.session.add(CheckIn(event_id=event.id, registration_id=registration.id,
                                   day=first_day + timedelta(days=1)))
    db.session.commit()
    return event, people


def answer_in_page(page, scores, choice, comment=""):
    """Click the labels of the answers, as a person does, and send."""
    for outcome, score in zip(ASKED, scores):
        question = page.get_by_role("group", name=re.compile(re.escape(str(FEEDBACK_STATEMENTS[outcome]))))
        question.get_by_text(str(SCALE[score]), exact=True).click()
    if comment:
        page.get_by_role("group", name=re.compile(re.escape(str(FEEDBACK_STATEMENTS[ASKED[0]])))) \
            .get_by_label("Comment (optional)").fill(comment)
    page.get_by_role("group", name=re.compile(re.escape(QUESTION))).get_by_text(choice, exact=True).click()
    page.get_by_role("button", name="Send my answers").click()


def survey_link(address: str) -> str:
    [message] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)).all()
    match = re.search(r"https?://[^/\s]+(/surveys/\S+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def row_of(table, first_cell: str) -> list[str]:
    """The cells of the row of a dashboard table that starts with `first_cell`."""
    row = table.locator("tbody tr").filter(has=table.page.get_by_role("rowheader", name=first_cell, exact=True))
    return [cell.strip() for cell in row.locator("th, td").all_inner_texts()]


def test_survey_answers_reach_the_dashboard_and_every_download(chromium, live_server, make_event, make_user,
                                                               tmp_path):
    event, people = forum(make_event, make_user)
    organiser = db.session.get(User, event.team[0].user_id)

    # The organiser turns the feedback survey on, adds a question of their own, and sends it.
    manager = new_page(chromium, live_server)
    log_in(manager, organiser)
    manager.goto(f"/events/{event.slug}/manage")
    manager.get_by_role("navigation", name="Manage this event").get_by_role("link", name="Surveys").click()
    manager.get_by_label("Send the feedback survey to those who attended, when the event ends").check()
    manager.get_by_role("button", name="Save the survey settings").click()
    manager.get_by_text("The survey settings are saved.").wait_for()
    feedback = manager.get_by_role("region", name="Feedback survey")
    feedback.get_by_role("link", name="Add a question of your own").click()
    manager.get_by_label("Question", exact=True).fill(QUESTION)
    manager.get_by_label("Kind of answer").select_option(CHOICE)
    manager.get_by_label("Options, one per line").fill("\n".join(OPTIONS))
    manager.get_by_role("button", name="Save the question").click()
    manager.get_by_text("The question is added to the survey.").wait_for()
    expect(feedback.get_by_role("link", name=QUESTION)).to_be_visible()
    feedback.get_by_role("button", name="Send invitations now").click()
    manager.get_by_text(f"The survey is on its way to {INVITED} participants.").wait_for()
    facts = feedback.locator("dl.facts")
    assert facts.locator("dt", has_text="Invited").locator("xpath=following-sibling::dd[1]").inner_text() \
        == str(INVITED)
    assert "6 participants attended" in facts.inner_text()

    # The first attendee follows the link in their e-mail, without logging in.
    link = survey_link("amina@example.org")
    visitor = new_page(chromium, live_server)
    visitor.goto(link)
    visitor.get_by_role("heading", name="Feedback survey: Forum on the Status of the Artist").wait_for()
    answer_in_page(visitor, SCORES["link"], CHOSEN["link"], COMMENT)
    visitor.get_by_role("heading", name="Thank you").wait_for()
    assert visitor.get_by_role("status").inner_text().startswith("Your answers are saved.")
    response = visitor.goto(link)
    assert response.status == 409
    expect(visitor.get_by_text("You have already answered this survey. Thank you.")).to_be_visible()

    # The second logs in and answers from My registrations.
    participant = new_page(chromium, live_server)
    log_in(participant, db.session.get(User, people["mine"].user_id))
    participant.get_by_role("link", name="My registrations").click()
    participant.get_by_role("link", name="Give your feedback").click()
    answer_in_page(participant, SCORES["mine"], CHOSEN["mine"])
    participant.get_by_text("Thank you: your answers are saved.").wait_for()
    expect(participant.get_by_text("Thank you: you answered the feedback survey.")).to_be_visible()
    expect(participant.get_by_role("link", name="Give your feedback")).to_have_count(0)

    # Three more answer (the service the form uses), so that five answers show the scores; one never does.
    db.session.expire_all()
    survey = surveys.survey_of(event, FEEDBACK)
    choice_question = next(question for question in survey.questions if question.kind == CHOICE)
    by_outcome = {question.outcome: question for question in survey.questions if question.outcome}
    for key in ("c", "d", "e"):
        invitation = answers.existing_invitation(survey, people[key])
        answers.save(invitation, [answers.Answer(by_outcome[outcome].id, score=score)
                                  for outcome, score in zip(ASKED, SCORES[key])]
                     + [answers.Answer(choice_question.id, choice=CHOSEN[key])])

    # The dashboard: response rate, each outcome's average, the choices and the comment; charts with tables.
    manager.get_by_role("navigation", name="Manage this event").get_by_role("link", name="Report").click()
    manager.get_by_role("heading", name="Report", exact=True).wait_for()
    section = manager.locator("#section-survey_feedback")
    assert f"{ANSWERED} of the {INVITED} people asked answered." in section.inner_text()
    assert row_of(section.locator("#table-feedback_response"), "Feedback survey") == \
        ["Feedback survey", str(INVITED), str(ANSWERED), on_page(RATE)]
    scores = section.locator("#table-feedback_scores")
    for outcome in ASKED:
        cells = row_of(scores, str(OUTCOMES[outcome]))
        assert cells[1:3] == [str(ANSWERED), on_page(average(outcome))], (outcome, cells)
    assert average("new_knowledge") == 4.2
    # Answers per score of "New knowledge": one 3, two 4s, two 5s.
    assert row_of(scores, "New knowledge")[3:] == ["0", "0", "1", "2", "2"]

    def choice_rows():
        return [[cell.strip() for cell in row.locator("th, td").all_inner_texts()]
                for row in manager.locator("#table-feedback_choices tbody tr").all()]

    # The organisers' own report, internal: the answers of this named survey exactly, said at the top.
    audience = manager.get_by_role("navigation", name="Who the report is for")
    assert audience.get_by_role("link", name="Internal: exact counts").get_attribute("aria-current") == "page"
    assert "Internal: exact counts, for the event's organisers. Not for publication." in manager.locator(
        ".report-audience").inner_text()
    assert choice_rows() == [[QUESTION, "Plenary sessions", "1"], [QUESTION, "Workshops", "3"],
                             [QUESTION, "Site visits", "1"]]
    expect(section.locator("#table-feedback_comments").get_by_text(COMMENT)).to_be_visible()

    # Publishable: workshops 3, plenary sessions 1, site visits 1: the two lone choices would name their
    # person, and with the workshops' 3 they would be found by subtraction from the 5 answers: one row.
    audience.get_by_role("link", name="Publishable: small groups folded").click()
    manager.wait_for_url(re.compile(r"counts=publishable"))
    assert "Publishable: small groups counted together." in manager.locator(".report-audience").inner_text()
    assert choice_rows() == [[QUESTION, "Other options (each chosen by fewer than 5 people)", "5"]]
    # A score given by fewer than 5 people: none counted on its own, the average (4.2) to the whole point.
    assert row_of(manager.locator("#table-feedback_scores"), "New knowledge")[2:] == ["4"] + ["not shown"] * 5
    publishable = {}
    for label in ("CSV", "PDF"):
        with manager.expect_download() as info:
            manager.get_by_role("navigation", name="Download the report").get_by_role(
                "link", name=label, exact=True).click()
        assert info.value.suggested_filename == f"report-{event.slug}-publishable.{label.lower()}"
        publishable[label] = tmp_path / info.value.suggested_filename
        info.value.save_as(publishable[label])
    with open(publishable["CSV"], encoding="utf-8-sig", newline="") as file:
        published = list(csv.reader(file))
    assert published[0] == ["Publishable: small groups counted together."]
    assert [QUESTION, "Other options (each chosen by fewer than 5 people)", "5"] in published
    assert "Publishable: small groups counted together." in subprocess.run(
        ["pdftotext", str(publishable["PDF"]), "-"], check=True, capture_output=True, text=True).stdout
    manager.get_by_role("navigation", name="Who the report is for").get_by_role(
        "link", name="Internal: exact counts").click()
    manager.wait_for_url(re.compile(r"counts=internal"))
    section = manager.locator("#section-survey_feedback")

    expect(section.get_by_role("img", name="Feedback survey: average scores")).to_be_visible()
    expect(section.locator("figure.chart svg[role=img]", has_text="Feedback survey: average scores")).to_have_count(1)
    expect(section.get_by_role("table", name="Scores", exact=True)).to_be_visible()
    attendance = manager.locator("#section-attendance")
    expect(attendance.get_by_role("img", name="Attendance per day")).to_have_count(1)
    expect(attendance.get_by_role("table", name="Attendance per day", exact=True)).to_be_visible()
    assert row_of(attendance.locator("#table-attendance_days"), "2026-11-17")[1:] == ["6", "7", "85.7"]
    assert row_of(attendance.locator("#table-attendance_days"), "2026-11-18")[1:] == ["4", "7", "57.1"]
    charts = manager.locator("figure.chart svg[role=img]")
    assert charts.count() >= 5
    for index in range(charts.count()):
        chart = charts.nth(index)
        title = chart.locator("title").first.text_content()
        assert title and chart.get_attribute("aria-labelledby")
        # Each chart's numbers are in a table of its section.
        assert chart.locator("xpath=ancestor::section[1]").locator("table.report-table").count() >= 1, title

    # The downloads say the same.
    downloads = manager.get_by_role("navigation", name="Download the report")
    files = {}
    for label in ("CSV", "XLSX", "PDF"):
        with manager.expect_download() as info:
            downloads.get_by_role("link", name=label, exact=True).click()
        download = info.value
        assert download.suggested_filename == f"report-{event.slug}.{label.lower()}"
        files[label] = tmp_path / download.suggested_filename
        download.save_as(files[label])

    with open(files["CSV"], encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Internal: exact counts, for the event's organisers. Not for publication."]
    assert [QUESTION, "Workshops", "3"] in rows
    assert ["Feedback survey", str(INVITED), str(ANSWERED), str(RATE)] in rows
    for outcome in ASKED:
        assert [str(OUTCOMES[outcome]), str(ANSWERED), str(average(outcome))] in [row[:3] for row in rows]
    assert any(COMMENT in row for row in rows)

    book = load_workbook(files["XLSX"], read_only=True)
    sheet_rows = [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert ["Feedback survey", INVITED, ANSWERED, RATE] in [row[:4] for row in sheet_rows]
    assert ["New knowledge", ANSWERED, 4.2] in [row[:3] for row in sheet_rows]

    text = subprocess.run(["pdftotext", "-layout", str(files["PDF"]), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "Forum on the Status of the Artist" in text
    assert re.search(rf"Feedback survey\s+{INVITED}\s+{ANSWERED}\s+{re.escape(on_page(RATE))}", text), text
    assert re.search(r"New knowledge\s+5\s+4\.2", text), text

    # Across events, the forum's scores count for its kind of event; the one who never came is not counted.
    manager.goto("/reports")
    totals = manager.locator("#table-totals")
    assert row_of(totals, "Events") == ["Events", "1"]
    assert row_of(totals, "People (each counted once)") == ["People (each counted once)", str(INVITED)]
    by_kind = row_of(manager.locator("#table-scores"), "Conference")
    assert by_kind[1:] == [on_page(average(outcome)) for outcome in ASKED]

    # Someone who did not attend is refused the survey, and like the others, the report.
    absent = new_page(chromium, live_server)
    log_in(absent, db.session.get(User, people["absent"].user_id))
    absent.get_by_role("link", name="My registrations").click()
    absent.get_by_text("Forum on the Status of the Artist").first.wait_for()
    expect(absent.get_by_role("link", name="Give your feedback")).to_have_count(0)
    response = absent.goto(f"/registrations/{people['absent'].id}/surveys/feedback")
    assert response.status == 403
    assert absent.get_by_role("alert").inner_text().startswith(
        "This survey is for the people who attended the event, and our records do not show you among them.")
    for outsider in (absent, participant):
        assert outsider.goto(f"/events/{event.slug}/report").status in (403, 404)
        expect(outsider.get_by_role("heading", name="Feedback survey")).to_have_count(0)
        assert outsider.request.get(f"/events/{event.slug}/report.csv").status in (403, 404)
    # Someone not logged in is asked to log in, not shown the report.
    visitor.goto(f"/events/{event.slug}/report")
    assert "/account/login" in visitor.url
    expect(visitor.get_by_role("heading", name="Feedback survey")).to_have_count(0)
