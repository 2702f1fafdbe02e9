"""An event's dashboard, read as the organiser reads it, against the numbers worked out by hand in
tests/outcomes/report_data.py."""
from datetime import UTC, datetime
import re
import xml.etree.ElementTree as ElementTree

import pytest

from core.extensions import db
from events.models import EventOrganiser
from registration.models import CONFIRMED, RegistrationSettings
from tests.conftest import PASSWORD, page_text
from tests.outcomes.report_data import build, people
from tests.registration.onsite import confirmed

SVG = "{http://www.w3.org/2000/svg}"
HIDDEN = "fewer than 5"


def report_url(event) -> str:
    return f"/events/{event.slug}/report"


def table(html: str, key: str) -> list[list[str]]:
    """The body rows of the report table `key`, as the cells read."""
    match = re.search(rf'<table class="report-table" id="table-{key}">(.*?)</table>', html, re.S)
    assert match, f"no table {key}"
    body = match.group(1).split("<tbody>", 1)[1]
    return [[page_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def section(html: str, key: str) -> str:
    match = re.search(rf'<section class="report-section" id="section-{key}".*?</section>', html, re.S)
    assert match, f"no section {key}"
    return match.group(0)


def charts_in(html: str) -> list[ElementTree.Element]:
    return [ElementTree.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def chart_text(chart: ElementTree.Element) -> str:
    """What the chart writes: its title, labels and values (not its tooltips)."""
    return " ".join(" ".join(element.itertext()) for element in chart.iter(f"{SVG}text"))


@pytest.fixture
def data(make_event, make_session):
    return build(make_event, make_session)


@pytest.fixture
def page(data, client, login):
    event, _ = data
    login(event.team[0].user)
    # The publishable report: the numbers worked out by hand in report_data fold the small groups.
    response = client.get(report_url(event) + "?counts=publishable")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_registrations_per_day_by_status_today(page):
    # 1 Feb: r1–r3; 2 Feb: r4, r13 waiting; 5 Feb: r5–r10, r14 cancelled; 10 Feb: r11, and r12 made at
    # 23:30 UTC on the 9th, which is 00:30 on the 10th in Paris.
    assert table(page, "registrations_over_time") == [
        ["2027-02-01", "3", "0", "0", "3"],
        ["2027-02-02", "1", "1", "0", "2"],
        ["2027-02-05", "6", "0", "1", "7"],
        ["2027-02-10", "2", "0", "0", "2"],
    ]
    # 12/14 = 85.7 %, 1/14 = 7.1 %.
    assert table(page, "registrations_by_status") == [
        ["Confirmed", "12", "85.7"], ["On the waiting list", "1", "7.1"], ["Cancelled", "1", "7.1"],
        ["Total", "14", "100"]]
    assert "14 registrations, 12 confirmed." in page_text(section(page, "registrations"))


def test_the_registrations_chart_has_a_column_per_day_and_a_legend(page):
    chart = charts_in(section(page, "registrations"))[0]
    text = chart_text(chart)
    # Ten days from 1 to 10 February, stacked by status, each status named in the legend.
    assert "Confirmed" in text and "On the waiting list" in text and "Cancelled" in text
    tooltips = [title.text for title in chart.iter(f"{SVG}title")]
    assert "2027-02-05, Confirmed: 6" in tooltips and "2027-02-05, Cancelled: 1" in tooltips
    assert "2027-02-10, Confirmed: 2" in tooltips and not any("2027-02-09" in tip for tip in tooltips[1:])


def test_stakeholder_groups_fold_the_small_ones(page):
    # Government 6 of 12 = 50 %; civil society 3, academia 2 and media 1 are folded: 6 = 50 %.
    rows = table(page, "stakeholder_groups")
    assert rows == [["Government agency or body", "6", "50"],
                    ["Other (groups of fewer than 5 people)", "6", "50"]]
    assert "Civil society" not in page_text(section(page, "groups"))


def test_countries_and_regions(page):
    # Regions: Africa 6 (SN 5 + KE 1), Europe and North America 5 (FR 3 + DE 2), Latin America 1 (BR). The 1 is
    # folded; 1 < 5, and a hidden "other" row would be 12 - 6 - 5 = 1 by subtraction, so the smallest region
    # shown (Europe and North America, 5) is folded in too: 1 + 5 = 6, shown. Africa 6/12 = 50 %, Other 6/12 = 50 %.
    assert table(page, "regions") == [
        ["Africa", "6", "50"], ["Other (groups of fewer than 5 people, with the next smallest group)", "6", "50"]]
    # Countries: Senegal 5 = 41.7 %; France (3), Germany (2), Kenya and Brazil (1) folded: 1 + 1 + 3 + 2 = 7 >= 5,
    # nothing more to fold: 7/12 = 58.3 %.
    assert table(page, "countries") == [["Senegal", "5", "41.7"],
                                        ["Other (groups of fewer than 5 people)", "7", "58.3"]]
    text = page_text(section(page, "places"))
    assert "France" not in text and "Brazil" not in text
    assert "Participants from 5 countries." in text
    regions_chart, regions_map = (chart_text(chart) for chart in charts_in(section(page, "places")))
    # The chart has the table's two rows: neither Europe's 5 nor Latin America's 1 is told apart.
    assert "Africa 6" in regions_chart and "Other (groups of fewer than 5 people, with the next smallest group) 6" in regions_chart
    assert "Europe and North America" not in regions_chart and "Latin America" not in regions_chart
    # The map: only Africa is a row of its own in the table: 6 of 12 = 50 %. Europe and North America (5, folded
    # with Latin America's 1), Latin America and the two regions with nobody all read alike, as hidden.
    assert "Africa 6 · 50%" in regions_map
    assert "Europe and North America 5" not in regions_map and "41.7%" not in regions_map
    for region in ("Europe and North America", "Latin America and the Caribbean", "Arab States",
                   "Asia and the Pacific"):
        assert f"{region} counted with the other small groups" in regions_map, region


def test_gender_balance(page):
    # Women 6, men 5, not given 1. The 1 is folded; 1 < 5 would be found by subtraction (12 - 6 - 5), so the
    # smallest shown group, men (5), is folded in too: 1 + 5 = 6, shown. Woman 6/12 = 50 %, Other 6/12 = 50 %.
    assert table(page, "gender") == [["Woman", "6", "50"], ["Other (groups of fewer than 5 people, with the next smallest group)", "6", "50"]]
    assert "Man" not in page_text(section(page, "gender"))
    gender_chart = chart_text(charts_in(section(page, "gender"))[0])
    assert "Woman 6" in gender_chart and "Man" not in gender_chart


def test_share_from_the_global_south(page):
    # SN 5 + KE 1 + BR 1 = 7 of the 12 who gave their country: 58.3 %; FR 3 + DE 2 = 5: 41.7 %.
    assert table(page, "global_south") == [["The Global South", "7", "58.3"], ["Elsewhere", "5", "41.7"],
                                           ["Country not given", "0", ""]]
    text = page_text(section(page, "global_south"))
    assert "58.3% of the participants who gave their country come from the Global South." in text


def test_attendance_per_day_and_session(page):
    # Days: 9/12 = 75 % (r10's check-in was undone), 6/12 = 50 %, 0/12 = 0 %.
    assert table(page, "attendance_days") == [["2027-03-27", "9", "12", "75"], ["2027-03-28", "6", "12", "50"],
                                              ["2027-03-29", "0", "12", "0"]]
    # Plenary (open to all): 3/12 = 25 %; Masterclass (limited seats, 4 confirmed seats): 2/4 = 50 %.
    rows = table(page, "attendance_sessions")
    assert [row[0].split(" (")[0] for row in rows] == ["Plenary", "Masterclass"]
    assert [row[1:] for row in rows] == [["3", "12", "25"], ["2", "4", "50"]]
    day_chart, session_chart = charts_in(section(page, "attendance"))
    assert "2027-03-27 75%" in chart_text(day_chart) and "50%" in chart_text(session_chart)


def test_survey_response_rate_scores_and_comments(page):
    # Asked: r1–r9, who attended (r10's check-in undone, r11 and r12 never came): 9, plus those who answered and
    # are no longer attendees: 0 (no invitations, the responses are anonymous). Answered 6: 6/9 = 66.7 %.
    assert table(page, "feedback_response") == [["Feedback survey", "9", "6", "66.7"]]
    scores = {row[0]: row[1:] for row in table(page, "feedback_scores")}
    # An anonymous survey: where a score was given by 1 to 4 people, no score is counted on its own and the
    # average is given to the whole point (beside the number of answers, the other scores and a one-decimal
    # average would give the hidden ones back).
    # New knowledge 5 4 4 3 5 2: 23/6 = 3.8, shown as 4; Enhanced skills five 4s and a 5: 25/6 = 4.2, shown as 4
    # (with 4.2, "0 0 0, 5 or more, fewer than 5" could only be five 4s and one 5).
    assert scores["New knowledge"] == ["6", "4"] + ["not shown"] * 5
    assert scores["Enhanced skills"] == ["6", "4"] + ["not shown"] * 5
    # Enhanced connectivity 1 2 3 4 5: 15/5 = 3; one of each.
    assert scores["Enhanced connectivity"] == ["5", "3"] + ["not shown"] * 5
    # Four answers (improved consensus), three (the venue) or none: no score, no distribution.
    assert scores["Improved consensus"] == ["4", HIDDEN, "", "", "", "", ""]
    assert scores["The venue was easy to reach."] == ["3", HIDDEN, "", "", "", "", ""]
    assert scores["New sources of funding"] == ["0", HIDDEN, "", "", "", "", ""]
    # 6 answers (>= 5), so the options go through protect: E-mail 3, Website 2, A colleague 1 are each chosen by
    # fewer than 5, so all are folded together: 3 + 2 + 1 = 6 >= 5, shown.
    assert table(page, "feedback_choices") == [
        ["How did you hear of the event?", "Other options (each chosen by fewer than 5 people)", "6"]]
    choices_chart = chart_text(charts_in(section(page, "survey_feedback"))[1])
    assert "How did you hear of the event?" in choices_chart and "E-mail" not in choices_chart
    assert "Website" not in choices_chart and "A colleague" not in choices_chart
    # Anonymous, but 6 >= 5 answered: the comments are listed (3, under the 25 per question shown).
    assert sorted(table(page, "feedback_comments")) == [
        ["New knowledge", "Great talks"], ["What should we change?", "Arabic interpretation <please>"],
        ["What should we change?", "More breaks"]]
    assert "Arabic interpretation &lt;please&gt;" in page  # escaped, not markup


def test_the_scores_chart_hides_scores_from_too_few_answers(page):
    chart = charts_in(section(page, "survey_feedback"))[0]
    text = chart_text(chart)
    # Averages given to the whole point (a score was given by fewer than 5 people) read as whole numbers.
    assert "New knowledge 4 " in text and "Enhanced skills 4 " in text and "Enhanced connectivity 3 " in text
    assert "Improved consensus fewer than 5 answers" in text
    assert "The venue was easy to reach. fewer than 5 answers" in text


def test_the_survey_section_names_nobody(data, page):
    _, registrations = data
    text = page_text(section(page, "survey_feedback"))
    assert not any(registration.full_name in text for registration in registrations)


def test_every_chart_is_an_accessible_svg_that_says_where_its_numbers_are(page):
    charts = charts_in(page)
    assert len(charts) == 10  # registrations, groups, regions and their map, gender, Global South, 2 attendance,
    # 2 survey
    ids = []
    for chart in charts:
        title = chart.find(f"{SVG}title")
        assert chart.get("role") == "img" and chart.get("aria-labelledby") == title.get("id") and title.text
        assert "table" in chart.find(f"{SVG}desc").text and chart.get("viewBox")
        assert not any(element.get("style") for element in chart.iter())
        assert chart.find(f".//{SVG}style") is None and chart.find(f".//{SVG}script") is None
        ids.append(title.get("id"))
    assert len(set(ids)) == len(ids)


def test_the_download_bar_links_to_the_reports_files(app, page, data):
    event, _ = data
    for endpoint, extension in (("outcomes.report_csv", "csv"), ("outcomes.report_xlsx", "xlsx"),
                                ("outcomes.report_pdf", "pdf")):
        if endpoint in app.view_functions:
            assert f'href="/events/{event.slug}/report.{extension}?counts=publishable"' in page


def counted_queries(client, count_queries, event) -> int:
    """The queries of the event's dashboard, once the event's first look-up is behind it."""
    assert client.get(report_url(event)).status_code == 200
    with count_queries() as counter:
        assert client.get(report_url(event)).status_code == 200
    return counter.count


def test_the_page_costs_the_same_queries_with_5_or_40_registrations(app, client, login, make_event, make_session,
                                                                    count_queries):
    small, _ = build(make_event, make_session)
    large, _ = build(make_event, make_session, extra=26)
    organiser = small.team[0].user
    db.session.add(EventOrganiser(event_id=large.id, user_id=organiser.id))
    db.session.commit()
    login(organiser)
    assert counted_queries(client, count_queries, small) == counted_queries(client, count_queries, large)


def test_the_page_costs_the_same_queries_with_few_or_many_people(app, client, login, make_event, count_queries):
    few, many = make_event(), make_event()
    people(few, 5)
    people(many, 40)
    db.session.add(EventOrganiser(event_id=many.id, user_id=few.team[0].user_id))
    db.session.commit()
    login(few.team[0].user)
    assert counted_queries(client, count_queries, few) == counted_queries(client, count_queries, many)


def logged_in(app, user):
    client = app.test_client()
    response = client.submit("/account/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_only_the_events_organisers_see_it(app, client, make_user, make_event):
    event = make_event()
    draft = make_event(status="draft")
    response = client.get(report_url(event))
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]  # log in first
    assert client.get(report_url(draft)).status_code == 404
    participant = logged_in(app, make_user())
    assert participant.get(report_url(event)).status_code == 403
    assert participant.get(report_url(draft)).status_code == 404
    other_organiser = logged_in(app, make_user(roles=("organiser", "participant")))  # of other events
    assert other_organiser.get(report_url(event)).status_code == 403
    assert other_organiser.get(report_url(draft)).status_code == 404
    assert other_organiser.get("/events/no-such-event/report").status_code == 404
    assert logged_in(app, draft.team[0].user).get(report_url(draft)).status_code == 200


def test_an_event_with_nothing_yet_shows_empty_tables(client, login, make_event):
    event = make_event()
    login(event.team[0].user)
    response = client.get(report_url(event))
    text = page_text(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Nobody has registered yet." in text and "No attendance has been recorded at this event." in text
    assert "This event has no survey yet." in text and "Nothing to count yet." in text


def test_gender_not_asked_reads_so(client, login, make_event):
    event = make_event()
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, fields={"gender": "off"}))
    db.session.commit()
    for _ in range(5):
        confirmed(event, gender=None)
    login(event.team[0].user)
    page = client.get(report_url(event)).get_data(as_text=True)
    assert table(page, "gender") == [["Not asked", "5", "100"]]


def test_a_long_registration_period_counts_by_week(client, login, make_event):
    event = make_event()
    for day in (datetime(2026, 9, 7, 12, tzinfo=UTC), datetime(2026, 9, 9, 12, tzinfo=UTC),
                datetime(2026, 12, 1, 12, tzinfo=UTC)):
        confirmed(event, created_at=day, status=CONFIRMED)
    login(event.team[0].user)
    page = client.get(report_url(event)).get_data(as_text=True)
    # 7 and 9 September 2026 are in the week starting Monday 7 September; 1 December in the one of 30 November.
    assert table(page, "registrations_over_time") == [["2026-09-07", "2", "2"], ["2026-11-30", "1", "1"]]
    assert "Week starting" in page_text(section(page, "registrations"))


def test_a_knowledge_fair_shows_its_booth_engagement(app, client, login, make_event, make_user):
    from showcase.models import Bookmark, BoothView, Lead
    from tests.showcase.public_fair import PENDING_NAME, showcase_booths, showcase_fair

    fair = showcase_fair(make_event)
    booths = showcase_booths(fair, make_user)
    harare, tunis = booths["Harare Creative Hub Trust"], booths["Société des Éditeurs de Tunis"]
    # Harare: 2 + 5 views, 2 bookmarks, 1 lead; Tunis: 9 views; the booth waiting for review: 50 views (not on
    # show: not counted). Totals 16 views, 2 bookmarks, 0 meeting requests, 1 lead.
    db.session.add_all([BoothView(booth_id=harare.id, day=datetime(2027, 6, 14).date(), views=2),
                        BoothView(booth_id=harare.id, day=datetime(2027, 6, 15).date(), views=5),
                        BoothView(booth_id=tunis.id, day=datetime(2027, 6, 14).date(), views=9),
                        BoothView(booth_id=booths[PENDING_NAME].id, day=datetime(2027, 6, 14).date(), views=50),
                        Bookmark(user_id=make_user().id, booth_id=harare.id),
                        Bookmark(user_id=make_user().id, booth_id=harare.id),
                        Lead(booth_id=harare.id, details={"full_name": "A visitor"}, consent="registration")])
    db.session.commit()
    login(fair.team[0].user)
    page = client.get(report_url(fair)).get_data(as_text=True)
    assert table(page, "booth_totals") == [["Page views", "16"], ["Bookmarks", "2"], ["Meeting requests", "0"],
                                           ["Leads (badges scanned)", "1"]]
    # By views: Tunis 9, Harare 7, then the two with nothing, by name.
    assert table(page, "top_booths") == [
        ["Société des Éditeurs de Tunis", "9", "0", "0", "0"], ["Harare Creative Hub Trust", "7", "2", "0", "1"],
        ["Colectivo Sonoro del Pacífico", "0", "0", "0", "0"], ["Kathmandu Film Collective", "0", "0", "0", "0"]]
    assert PENDING_NAME not in page
    top_chart = charts_in(section(page, "booths"))[1]
    assert "Société des Éditeurs de Tunis 9" in chart_text(top_chart)


def test_a_conference_has_no_booth_section(page):
    assert 'id="section-booths"' not in page


def test_the_follow_up_survey_has_its_own_section_once_it_exists(data, client, login):
    from outcomes.models import FOLLOW_UP
    from outcomes.surveys import survey_of

    event, _ = data
    login(event.team[0].user)
    assert 'id="section-survey_follow_up"' not in client.get(report_url(event)).get_data(as_text=True)
    survey_of(event, FOLLOW_UP, create=True)
    db.session.commit()
    page = client.get(report_url(event)).get_data(as_text=True)
    text = page_text(section(page, "survey_follow_up"))
    assert "Follow-up survey" in text and "This survey is not turned on." in text
    assert table(page, "follow_up_response") == [["Follow-up survey", "9", "0", "0"]]
    # Its three outcomes (actions, partnerships, funding), none answered yet.
    assert [row[:2] for row in table(page, "follow_up_scores")] == [
        ["New and improved actions", "0"], ["New partnerships", "0"], ["New sources of funding", "0"]]
    assert page.index('id="section-survey_feedback"') < page.index('id="section-survey_follow_up"')


def test_the_page_writes_numbers_as_its_language_does(data, app):
    event, _ = data
    client = logged_in(app, event.team[0].user)
    page = client.get(report_url(event), headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert table(page, "registrations_by_status")[0][1:] == ["12", "85,7"]
    assert "58,3\u00a0%" in chart_text(charts_in(section(page, "global_south"))[0])


def test_a_survey_with_many_comments_lists_the_longest_few_and_says_where_the_rest_are(client, make_event, login):
    # 30 comments on "new knowledge": the report (and so its PDF) lists 25, the longest first, and says
    # that all of them are in the survey's download of answers.
    from datetime import date

    from outcomes.models import FEEDBACK, SurveyAnswer, SurveyResponse
    from outcomes.reports import COMMENTS_SHOWN
    from outcomes.surveys import survey_of
    from tests.registration.test_badges import organiser_of

    event = make_event(start=datetime(2026, 11, 17, 9, 0), end=datetime(2026, 11, 18, 17, 0))
    survey = survey_of(event, FEEDBACK, create=True)
    survey.is_enabled = True
    knowledge = survey.questions[0]
    for number in range(30):
        db.session.add(SurveyResponse(survey_id=survey.id, submitted_on=date(2026, 11, 20), answers=[
            SurveyAnswer(question_id=knowledge.id, score=4, text="Useful" + "!" * number)]))
    db.session.commit()
    login(organiser_of(event))

    html = client.get(report_url(event)).get_data(as_text=True)

    comments = [row[1] for row in table(html, "feedback_comments")]
    assert len(comments) == COMMENTS_SHOWN == 25
    assert comments[0] == "Useful" + "!" * 29 and comments[-1] == "Useful" + "!" * 5
    assert "Up to 25 per question are shown here, the longest first" in page_text(html)
    assert ["New knowledge", "30", "4"] == table(html, "feedback_scores")[0][:3]


def test_registrations_over_more_than_two_weeks_read_as_a_few_weeks(client, login, make_event):
    # The workshop: 18 registrations, one a day for 18 days. Not 18 columns of 1 over an 18-row table:
    # three weeks (Monday 2, 9 and 16 November 2026), each column labelled once.
    event = make_event()
    for day in range(2, 20):
        confirmed(event, created_at=datetime(2026, 11, day, 12, tzinfo=UTC), status=CONFIRMED)
    login(event.team[0].user)
    page = client.get(report_url(event)).get_data(as_text=True)

    assert table(page, "registrations_over_time") == [["2026-11-02", "7", "7"], ["2026-11-09", "7", "7"],
                                                      ["2026-11-16", "4", "4"]]
    chart = charts_in(section(page, "registrations"))[0]
    assert chart_text(chart).split().count("7") == 2


def test_the_report_counts_confirmed_people_by_participant_category(data, client, login):
    from registration.categories import ParticipantCategory
    from registration.models import Registration

    event, _ = data
    delegates = ParticipantCategory(event_id=event.id, key="member_state", name="Member State delegate", position=0)
    press = ParticipantCategory(event_id=event.id, key="press", name="Press", position=1)
    db.session.add_all([delegates, press])
    db.session.flush()
    confirmed_people = [r for r in db.session.query(Registration).filter_by(event_id=event.id, status=CONFIRMED)
                        .order_by(Registration.id)]
    for registration in confirmed_people[:6]:
        registration.category_id = delegates.id
    confirmed_people[6].category_id = press.id
    db.session.commit()
    login(event.team[0].user)
    exact = client.get(report_url(event) + "?counts=internal").get_data(as_text=True)
    assert table(exact, "categories") == [["Member State delegate", "6", "50"], ["Press", "1", "8.3"],
                                          ["Without a category", "5", "41.7"]]
    # Published, the lone journalist is not singled out.
    publishable = client.get(report_url(event) + "?counts=publishable").get_data(as_text=True)
    rows = table(publishable, "categories")
    assert rows[0] == ["Member State delegate", "6", "50"] and "1" not in [row[1] for row in rows]


def test_an_event_without_categories_has_no_categories_section(page):
    assert 'id="section-categories"' not in page
