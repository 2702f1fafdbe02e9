"""The downloads of a report, read back as the organiser's spreadsheet and PDF reader would read them:
csv, openpyxl, pdftotext. The same Report makes all three, so they must show the same numbers."""
import csv
import io
import re
import subprocess
import zipfile

from openpyxl import load_workbook
import pytest

from core import charts
from outcomes import exports
from outcomes.export_views import XLSX
from outcomes.tables import Report, Section, Table, protect
from tests.conftest import page_text

ARABIC = "وزارة الثقافة"
CHINESE = "文化部"
FORMULA = '=HYPERLINK("https://example.org/steal","click")'
HIDDEN = "fewer than 5"
OTHER_GROUPS = "Other (groups of fewer than 5 people)"
OTHER_AND_NEXT = "Other (groups of fewer than 5 people, with the next smallest group)"
PUBLISHABLE = "Publishable: small groups counted together."
INTERNAL = "Internal: exact counts, for the event's organisers. Not for publication."
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(data: bytes, tmp_path, *options: str) -> str:
    """Laid out as on paper (the cells of a row side by side), unless `options` say otherwise."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", *(options or ["-layout"]), str(path), "-"], check=True, capture_output=True,
                         text=True)
    # pdftotext wraps right-to-left runs in bidi embedding marks; they are not part of the text.
    return BIDI_CONTROLS.sub("", out.stdout)


def pdf_info(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout


def a_report() -> Report:
    """Two sections: organisations (in three scripts, one named like a formula, two groups too small to
    show, and one of 5 folded with them) and outcome scores (decimals, a negative change).

    protect: Tiny NGO 2 + Other tiny NGO 1 = 3 < 5 folded; a hidden "other" row would be found by subtraction
    from the total, so the smallest group shown, Ministère de la Culture (5), is folded in too: 3 + 5 = 8 >= 5,
    shown. Rows: Arabic 1234, Chinese 7, the formula 12, Other 8 (each with the made-up share 12.5)."""
    organisations = protect([(ARABIC, 1234), (CHINESE, 7), ("Ministère de la Culture", 5), (FORMULA, 12),
                             ("Tiny NGO", 2), ("Other tiny NGO", 1)])
    people = Table("organisations", "People by organisation", ["Organisation", "People", "Share (%)"],
                   [[label, count, 12.5 if count else None] for label, count in organisations],
                   note="Counted once per person, whatever the number of days they came.")
    scores = Table("outcome-scores", "Outcome scores", ["Outcome", "Answers", "Average score", "Change"],
                   [["New knowledge", 40, 4.4, -0.5], ["New sources of funding", None, None, None]])
    return Report(title="Cultural policy forum: report", filename="report-forum", subtitle="12–14 March 2027",
                  sections=[Section("people", "Who came", [people],
                                    charts=[charts.bars(organisations, title="Chart of people")]),
                            Section("outcomes", "Outcomes", [scores], intro="Rated from 1 to 5.")])


def csv_of(report) -> list[list[str]]:
    text = "".join(exports.csv_rows(report))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    # First, who the figures are for, how they were counted, and a blank line.
    assert len(rows[0]) == 1 and rows[2] == []
    return rows[3:]


def test_the_csv_has_each_table_with_its_title_header_rows_and_note(app):
    with app.test_request_context():
        rows = csv_of(a_report())

    assert rows[:3] == [["People by organisation"], ["Organisation", "People", "Share (%)"], [ARABIC, "1234", "12.5"]]
    assert [CHINESE, "7", "12.5"] in rows
    # Ministère de la Culture's 5 is folded with the two tiny NGOs (2 + 1): 8.
    assert [OTHER_AND_NEXT, "8", "12.5"] in rows
    assert not any("Ministère de la Culture" in cell for row in rows for cell in row)
    assert ["Counted once per person, whatever the number of days they came."] in rows
    # The two tables, each followed by a blank line.
    second = rows.index(["Outcome scores"])
    assert rows[second - 1] == []
    assert rows[second + 1:second + 4] == [["Outcome", "Answers", "Average score", "Change"],
                                           ["New knowledge", "40", "4.4", "-0.5"],
                                           ["New sources of funding", HIDDEN, HIDDEN, HIDDEN]]
    assert rows[-1] == []


def test_the_csv_hides_small_groups_and_names_nobody_in_them(app):
    with app.test_request_context():
        rows = csv_of(a_report())

    # 2 + 1 = 3 alone would be found by subtraction: with Ministère de la Culture's 5, 8 (see a_report).
    assert [OTHER_AND_NEXT, "8", "12.5"] in rows
    assert not any("Tiny NGO" in cell or "Ministère" in cell for row in rows for cell in row)
    # A count that is hidden reads so: the scores of "New sources of funding".
    assert ["New sources of funding", HIDDEN, HIDDEN, HIDDEN] in rows


def test_small_groups_are_hidden_and_folded_with_the_smallest_shown_one():
    # 4 alone: nothing to fold it with, so the "other" row is hidden.
    assert protect([("Only", 4)]) == [(OTHER_GROUPS, None)]
    # 6 and 3, 9 in all: the 3 alone would be 9 - 6 by subtraction, so the 6 is folded with it: 9, neither told.
    assert protect([("Six", 6), ("Three", 3)]) == [(OTHER_AND_NEXT, 9)]
    # 1 + 2 = 3 < 5: the smallest shown (5, not 7) is folded in, 8; groups of 0 are dropped.
    assert protect([("Seven", 7), ("Five", 5), ("One", 1), ("None", 0), ("Two", 2)]) == [("Seven", 7),
                                                                                         (OTHER_AND_NEXT, 8)]


def test_a_name_that_looks_like_a_formula_stays_text_in_the_csv(app):
    with app.test_request_context():
        rows = csv_of(a_report())

    assert ["'" + FORMULA, "12", "12.5"] in rows


def test_numbers_in_the_csv_are_plain_in_every_language(app):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("fr"):
        rows = csv_of(a_report())

    assert [ARABIC, "1234", "12.5"] in rows  # not "1 234" and "12,5": a spreadsheet reads these as numbers
    assert ["New knowledge", "40", "4.4", "-0.5"] in rows


def test_the_csv_is_written_a_table_at_a_time(app):
    with app.test_request_context():
        parts = list(exports.csv_rows(a_report()))

    assert parts[0] == "\ufeff"
    assert len(parts) == 4
    assert parts[1].startswith(PUBLISHABLE)
    assert parts[2].startswith("People by organisation") and parts[3].startswith("Outcome scores")


def workbook_of(report):
    with_data = exports.xlsx_bytes(report)
    return load_workbook(io.BytesIO(with_data)), with_data


def test_the_workbook_has_an_about_sheet_then_a_sheet_per_table(app):
    with app.test_request_context():
        book, _ = workbook_of(a_report())

    assert book.sheetnames == ["About", "organisations", "outcome-scores"]
    about = [[cell for cell in row if cell is not None] for row in book["About"].iter_rows(values_only=True)]
    assert about[0] == ["Cultural policy forum: report"]
    assert about[1] == ["12–14 March 2027"]
    generated = next(row for row in about if row and row[0] == "Generated")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", generated[1])
    rule = next(row for row in about if row and row[0] == "Small groups")[1]
    assert "Groups of fewer than 5 people are shown together" in rule
    assert ["organisations", "People by organisation"] in about


def test_a_table_sheet_has_its_title_a_bold_header_numbers_and_its_note(app):
    with app.test_request_context():
        book, _ = workbook_of(a_report())

    sheet = book["organisations"]
    assert sheet["A1"].value == "People by organisation"
    assert [cell.value for cell in sheet[2]] == ["Organisation", "People", "Share (%)"]
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A3"  # the title and header stay in sight
    assert [cell.value for cell in sheet[3]] == [ARABIC, 1234, 12.5]
    assert sheet["B3"].data_type == "n"
    rows = list(sheet.iter_rows(values_only=True))
    assert (CHINESE, 7, 12.5) in rows
    # Tiny NGO 2 + Other tiny NGO 1 + Ministère de la Culture 5 = 8 (see a_report).
    assert (OTHER_AND_NEXT, 8, 12.5) in rows
    assert not any("Tiny NGO" in str(value) or "Ministère" in str(value) for row in rows for value in row)
    assert rows[-1][0] == "Counted once per person, whatever the number of days they came."

    scores = list(book["outcome-scores"].iter_rows(values_only=True))
    assert ("New knowledge", 40, 4.4, -0.5) in scores
    assert ("New sources of funding", HIDDEN, HIDDEN, HIDDEN) in scores


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(app):
    with app.test_request_context():
        book, data = workbook_of(a_report())

    cell = next(row[0] for row in book["organisations"].iter_rows() if row[0].value == FORMULA)
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets)


def test_control_characters_in_a_comment_do_not_break_the_downloads(app, tmp_path):
    comment = "Great\x0b talks\x00 \x1b[31mindeed"
    report = Report("Comments", "comments", [Section("comments", "Comments", [
        Table("comments", "Comments", ["Question", "Comment"], [["New knowledge", comment]])])])
    with app.test_request_context():
        book, _ = workbook_of(report)
        text = pdf_text(exports.report_pdf(report), tmp_path)
        rows = csv_of(report)

    assert book["comments"]["B3"].value == "Great talks [31mindeed"
    assert "Great" in text and "indeed" in text
    assert ["New knowledge", comment] in rows


@pytest.mark.parametrize("keys, names", [
    (["a:b/c?d*e[f]g\\h"], ["a-b-c-d-e-f-g-h"]),
    (["x" * 40, "x" * 40, "x" * 40], ["x" * 31, "x" * 29 + "-2", "x" * 29 + "-3"]),
    (["about", "People", "people"], ["about-2", "People", "people-2"]),
    (["'quoted'", ""], ["quoted", "table"]),
    (["history"], ["history-2"]),  # Excel keeps "History" for itself
])
def test_sheet_names_are_valid_and_distinct(keys, names):
    assert exports.sheet_names(keys, taken=["About"]) == names


def test_the_pdf_prints_every_section_with_its_chart_and_tables(app, tmp_path):
    with app.test_request_context():
        data = exports.report_pdf(a_report())

    assert data.startswith(b"%PDF-")
    assert "A4" in pdf_info(data, tmp_path)
    text = pdf_text(data, tmp_path)
    for words in ("Cultural policy forum: report", "12–14 March 2027", "Report generated on", "Who came",
                  "Chart of people", "People by organisation", "1,234",
                  "Counted once per person", "Outcome scores", "Rated from 1 to 5.", "4.4",
                  "with the next smallest group", "About these numbers", "New sources of funding"):
        assert words in text, words
    assert HIDDEN in text  # the scores of "New sources of funding"
    # Tiny NGO 2 + Other tiny NGO 1 + Ministère de la Culture 5 = 8 (see a_report).
    assert re.search(r"with the next smallest group\)?\s+8\s+12\.5\n", text)
    assert "Tiny NGO" not in text and "Ministère de la Culture" not in text
    assert CHINESE in text
    assert ARABIC in text or ARABIC[::-1] in text
    assert re.search(r"Page 1 of (\d+)", text)
    pages = int(re.search(r"Pages:\s+(\d+)", pdf_info(data, tmp_path)).group(1))
    assert f"Page {pages} of {pages}" in text


def test_the_pdf_carries_its_fonts_for_every_script(app, tmp_path):
    with app.test_request_context():
        data = exports.report_pdf(a_report())
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout

    fonts = [line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]]
    assert any(name.startswith("Noto-Sans-CJK") for name in fonts), fonts
    assert any("Arabic" in name for name in fonts), fonts
    # All embedded: a reader without our fonts sees the same PDF.
    assert all(line.split()[-5] == "yes" for line in listing.splitlines()[2:]), listing


def test_a_long_comment_prints_whole_within_the_page(app, tmp_path):
    comment = ("The session on the 2005 Convention opened my eyes " * 6) + "https://example.org/" + "x" * 120
    table = Table("comments", "Comments", ["Question", "Comment"],
                  [["New knowledge", comment], ["Enhanced skills", ARABIC]])
    report = Report("Comments", "comments", [Section("comments", "Comments", [table])])
    with app.test_request_context():
        data = exports.report_pdf(report)

    text = " ".join(pdf_text(data, tmp_path, "-raw").split())  # in reading order: the comment's lines follow on
    assert text.count("opened my eyes") == 6
    path = tmp_path / "report.pdf"
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    assert max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)) < page_width


def test_the_pdf_ends_with_the_small_groups_rule_and_the_outcomes_measured(app, tmp_path):
    with app.test_request_context():
        text = " ".join(pdf_text(exports.report_pdf(a_report()), tmp_path).split())

    about = text[text.rindex("About these numbers"):]
    assert "Groups of fewer than 5 people are shown together" in about
    assert "Enhanced connectivity" in about
    assert "I made contacts that I will keep working with." in about
    assert "Strongly agree" in about


# --- The downloads as pages: who may have them, and what they hold ---------------------------------------

def csv_tables(data: bytes) -> dict[str, list[list[str]]]:
    """Each table of a downloaded CSV by its title: its header, its rows, its note."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    tables, current = {}, None
    for row in csv.reader(io.StringIO(text[1:])):
        if not row:
            current = None
        elif current is None:
            current = tables.setdefault(row[0], [])
        else:
            current.append(row)
    # The first block says who the figures are for: not a table.
    assert len([key for key in tables if key in (PUBLISHABLE, INTERNAL)]) == 1
    return {key: rows for key, rows in tables.items() if key not in (PUBLISHABLE, INTERNAL)}


def as_downloaded(value):
    """A report's value as a CSV cell reads: what the organiser's spreadsheet is given."""
    if value is None:
        return HIDDEN
    if isinstance(value, str):
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value
    return str(value)


def in_workbook(value):
    """A report's value as a workbook's cell reads it back: an empty text is an empty cell."""
    return HIDDEN if value is None else None if value == "" else value


def assert_download(response, mimetype: str, filename: str):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]


@pytest.fixture
def across_events(make_user, make_event):
    """An organiser's past event (titled like a formula) with 6 government people and 2 from civil society."""
    from datetime import datetime

    from tests.registration.onsite import confirmed

    organiser = make_user(roles=("organiser", "participant"))
    event = make_event(team=[organiser], title=FORMULA, start=datetime(2026, 5, 4, 9, 0))
    for number in range(6):
        confirmed(event, full_name=f"Official {number}")
    for number in range(2):
        confirmed(event, full_name=f"Activist {number}", stakeholder_group="civil_society", organisation="Tiny NGO")
    return organiser, event


def constituency_now(organiser):
    from outcomes.constituency import Filters, report_for

    return report_for(organiser, Filters())


def test_the_constituency_csv_holds_the_reports_numbers(app, client, login, across_events):
    organiser, _event = across_events
    login(organiser)
    response = client.get("/reports/constituency.csv?counts=publishable")

    assert_download(response, "text/csv", "report-constituency-publishable.csv")
    tables = csv_tables(response.data)
    with app.test_request_context():
        report = constituency_now(organiser)
    assert len(tables) == len(report.tables())
    for table in report.tables():
        assert tables[table.title][0] == table.columns
        assert tables[table.title][1:1 + len(table.rows)] == [[as_downloaded(value) for value in row]
                                                               for row in table.rows]
    # As counted by hand: 8 people, 6 from government, 2 from civil society. The 2 are folded; alone they would
    # be 8 - 6 by subtraction, so the government's 6 is folded in too: 2 + 6 = 8 = 100 %, neither group told.
    groups = tables["People by stakeholder group"]
    assert groups[1:2] == [[OTHER_AND_NEXT, "8", "100.0"]]
    assert not any("Civil society" in row[0] or "Government" in row[0] for row in groups)
    assert tables["The constituency in numbers"][2] == ["People (each counted once)", "8"]
    assert tables["Newcomers and returning participants, event by event"][1][0] == "'" + FORMULA


def test_the_constituency_workbook_holds_the_reports_numbers(app, client, login, across_events):
    organiser, _event = across_events
    login(organiser)
    response = client.get("/reports/constituency.xlsx?counts=publishable")

    assert_download(response, XLSX, "report-constituency-publishable.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    with app.test_request_context():
        report = constituency_now(organiser)
    assert book.sheetnames == ["About"] + [table.key for table in report.tables()]
    for table in report.tables():
        rows = list(book[table.key].iter_rows(values_only=True))
        assert rows[0][0] == table.title
        assert list(rows[2:2 + len(table.rows)]) == [tuple(in_workbook(value) for value in row)
                                                     for row in table.rows]
    # Civil society 2 + government 6 folded together: 8 of 8 = 100 % (as in the CSV above).
    groups = list(book["groups"].iter_rows(values_only=True))
    assert groups[2] == (OTHER_AND_NEXT, 8, 100.0)
    assert not any("Civil society" in str(row[0]) or "Government" in str(row[0]) for row in groups)
    title = next(row[0] for row in book["events"].iter_rows() if row[0].value == FORMULA)
    assert title.data_type == "s"


def test_the_constituency_pdf_prints_the_reports_numbers(app, client, login, across_events, tmp_path):
    organiser, _event = across_events
    login(organiser)
    response = client.get("/reports/constituency.pdf?counts=publishable")

    assert_download(response, "application/pdf", "report-constituency-publishable.pdf")
    text = pdf_text(response.data, tmp_path)
    assert "The constituency across events" in text
    assert re.search(r"People \(each counted once\)\s+8\n", text)
    # Civil society 2 + government 6 folded together: 8 of 8 = 100 %.
    assert re.search(re.escape(OTHER_AND_NEXT) + r"\s+8\s+100\n", text)
    assert "Civil society" not in text and "Government agency or body" not in text


@pytest.mark.parametrize("extension", ["csv", "xlsx", "pdf"])
def test_the_constituency_downloads_are_for_organisers(client, login, make_user, across_events, extension):
    address = f"/reports/constituency.{extension}"
    assert client.get(address).status_code == 302  # to the log-in page
    login(make_user())
    assert client.get(address).status_code == 403


@pytest.mark.parametrize("extension", ["csv", "xlsx", "pdf"])
def test_a_download_with_filters_that_cannot_be_read_says_so(client, login, across_events, extension):
    organiser, _event = across_events
    login(organiser)
    response = client.get(f"/reports/constituency.{extension}?year_from=soon&kind=party")

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    text = page_text(response.get_data(as_text=True))
    assert "Enter a year, like 2026." in text
    assert "Nothing was downloaded" in text


def test_a_download_carries_the_pages_filters(client, login, across_events, make_event):
    from datetime import datetime

    organiser, _event = across_events
    make_event(team=[organiser], title="A workshop of 2025", kind="workshop", start=datetime(2025, 6, 2, 9, 0))
    login(organiser)

    everything = csv_tables(client.get("/reports/constituency.csv").data)
    workshops = csv_tables(client.get("/reports/constituency.csv?kind=workshop").data)
    assert everything["The constituency in numbers"][1] == ["Events", "2"]
    assert workshops["The constituency in numbers"][1] == ["Events", "1"]


# --- An event's report ------------------------------------------------------------------------------------

@pytest.fixture
def dashboard():
    return pytest.importorskip("outcomes.dashboard", reason="the event's dashboard (part C) is not in yet")


@pytest.fixture
def finished_event(make_user, make_event):
    """An organiser's finished fair with 6 government people and 2 from civil society, 1 from China."""
    from datetime import datetime

    from tests.registration.onsite import confirmed

    organiser = make_user(roles=("organiser", "participant"))
    event = make_event(team=[organiser], slug="forum-2026", title="Forum 2026", start=datetime(2026, 5, 4, 9, 0))
    for number in range(6):
        confirmed(event, full_name=f"Official {number}")
    confirmed(event, full_name="Activist 1", stakeholder_group="civil_society", organisation=FORMULA)
    confirmed(event, full_name="Activist 2", stakeholder_group="civil_society", organisation=CHINESE, country="CN")
    return organiser, event


def event_report_now(dashboard, app, event):
    from core.extensions import db
    from events.models import Event

    with app.test_request_context():
        return dashboard.event_report(db.session.get(Event, event.id))


def test_an_events_csv_holds_its_dashboards_numbers(app, client, login, dashboard, finished_event):
    organiser, event = finished_event
    login(organiser)
    response = client.get("/events/forum-2026/report.csv?counts=publishable")

    assert_download(response, "text/csv", "report-forum-2026-publishable.csv")
    tables = csv_tables(response.data)
    report = event_report_now(dashboard, app, event)
    assert len(tables) == len(report.tables())
    for table in report.tables():
        assert tables[table.title][0] == table.columns
        assert tables[table.title][1:1 + len(table.rows)] == [[as_downloaded(value) for value in row]
                                                               for row in table.rows]
    # Government 6, civil society 2: the 2 are too few to be shown, and would be found as 8 - 6, so the
    # government's 6 is folded in too: 2 + 6 = 8 of 8 = 100 %.
    groups = tables["Confirmed participants by stakeholder group"]
    assert groups[1:2] == [[OTHER_AND_NEXT, "8", "100.0"]]
    assert not any("Civil society" in row[0] or "Government" in row[0] for row in groups)
    # Countries: Senegal 7 and China 1 (Activist 2): the 1 with the 7, 8 = 100 %; China is not named.
    assert tables["Confirmed participants by country"][1:2] == [[OTHER_AND_NEXT, "8", "100.0"]]
    assert not any("China" in row[0] for row in tables["Confirmed participants by country"])
    assert not any(FORMULA in cell for rows in tables.values() for row in rows for cell in row)


def test_an_events_workbook_holds_its_dashboards_numbers(app, client, login, dashboard, finished_event):
    organiser, event = finished_event
    login(organiser)
    response = client.get("/events/forum-2026/report.xlsx?counts=publishable")

    assert_download(response, XLSX, "report-forum-2026-publishable.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    report = event_report_now(dashboard, app, event)
    assert book.sheetnames[0] == "About"
    assert len(book.sheetnames) == 1 + len(report.tables())
    for name, table in zip(book.sheetnames[1:], report.tables()):
        rows = list(book[name].iter_rows(values_only=True))
        assert rows[0][0] == table.title
        assert list(rows[2:2 + len(table.rows)]) == [tuple(in_workbook(value) for value in row)
                                                     for row in table.rows]
    # Civil society 2 + government 6 folded together: 8 of 8 = 100 %.
    groups = list(book["stakeholder_groups"].iter_rows(values_only=True))
    assert groups[2:3] == [(OTHER_AND_NEXT, 8, 100.0)]
    assert not any("Civil society" in str(row[0]) or "Government" in str(row[0]) for row in groups)
    about = [row[0] for row in book["About"].iter_rows(values_only=True)]
    assert about[0] == report.title


def test_an_events_pdf_prints_its_dashboard(app, client, login, dashboard, finished_event, tmp_path):
    organiser, event = finished_event
    login(organiser)
    response = client.get("/events/forum-2026/report.pdf?counts=publishable")

    assert_download(response, "application/pdf", "report-forum-2026-publishable.pdf")
    text = pdf_text(response.data, tmp_path)
    report = event_report_now(dashboard, app, event)
    cover = text.split("\f")[0]
    assert report.title in cover
    assert "CONFERENCE" in cover.upper() and "UNESCO Headquarters" in cover
    assert cover.count("4–6 May 2026") == 1  # the dates, said once
    for section in report.sections:
        assert section.title in text
    # Civil society 2 + government 6 folded together: 8 of 8 = 100 %.
    assert re.search(re.escape(OTHER_AND_NEXT) + r"\s+8\s+100\n", text)
    assert "Civil society" not in text and "Government agency or body" not in text
    assert "About these numbers" in text


@pytest.mark.parametrize("extension", ["csv", "xlsx", "pdf"])
def test_an_events_downloads_are_for_its_organisers(client, login, make_user, make_event, dashboard, finished_event,
                                                     extension):
    _organiser, event = finished_event
    hidden = make_event(slug="private-forum", visibility="private")
    assert client.get(f"/events/{event.slug}/report.{extension}").status_code == 302  # to the log-in page
    login(make_user(roles=("organiser", "participant")))  # an organiser, of other events
    assert client.get(f"/events/{event.slug}/report.{extension}").status_code == 403
    assert client.get(f"/events/{hidden.slug}/report.{extension}").status_code == 404
    assert client.get(f"/events/no-such-event/report.{extension}").status_code == 404


def test_a_download_takes_as_many_queries_for_many_people_as_for_few(client, login, count_queries, dashboard,
                                                                     finished_event):
    from tests.registration.onsite import confirmed

    organiser, event = finished_event
    login(organiser)

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(f"/events/{event.slug}/report.xlsx").status_code == 200
        return counter.count

    few = queries()
    for number in range(20):
        confirmed(event, full_name=f"Newcomer {number}", stakeholder_group="academia", country="BR")
    assert queries() == few


def test_the_fixed_data_sets_downloads_hold_the_numbers_worked_out_by_hand(client, login, make_event, make_session,
                                                                          dashboard, tmp_path):
    """tests/outcomes/report_data.py: its numbers, counted by hand, in each of the three downloads."""
    from tests.outcomes.report_data import build

    event, _registrations = build(make_event, make_session)
    login(event.team[0].user)
    tables = csv_tables(client.get(f"/events/{event.slug}/report.csv?counts=publishable").data)
    book = load_workbook(io.BytesIO(client.get(f"/events/{event.slug}/report.xlsx?counts=publishable").data))
    text = pdf_text(client.get(f"/events/{event.slug}/report.pdf?counts=publishable").data, tmp_path)

    assert tables["Confirmed participants by stakeholder group"][1:] == [
        ["Government agency or body", "6", "50.0"], [OTHER_GROUPS, "6", "50.0"],
        ["Groups of fewer than 5 people are counted together, so that nobody can be singled out."]]
    assert ["Senegal", "5", "41.7"] in tables["Confirmed participants by country"]
    # Gender: the one not given (1) takes the smallest shown group, men (5), with it: 6 = 50 %.
    assert tables["Confirmed participants by gender"][1:3] == [["Woman", "6", "50.0"], [OTHER_AND_NEXT, "6", "50.0"]]
    # E-mail 3, Website 2, A colleague 1 (6 answers): each fewer than 5, all folded: 6.
    assert tables["Choices"][1:] == [
        ["How did you hear of the event?", "Other options (each chosen by fewer than 5 people)", "6"],
        ["A question with fewer than 5 answers shows no counts."]]
    # A score given by 1 to 4 people: none counted on its own, the average to the whole point.
    assert tables["Scores"][1:5] == [["New knowledge", "6", "4"] + ["not shown"] * 5,
                                     ["Enhanced skills", "6", "4"] + ["not shown"] * 5,
                                     ["Improved consensus", "4", HIDDEN, "", "", "", "", ""],
                                     ["Enhanced connectivity", "5", "3"] + ["not shown"] * 5]
    assert ["What should we change?", "Arabic interpretation <please>"] in tables["Comments"]

    regions = list(book["regions"].iter_rows(values_only=True))
    # Latin America's one person, and Europe and North America's 5 folded with them: 1 + 5 = 6 = 50 %.
    assert regions[2:4] == [("Africa", 6, 50.0), (OTHER_AND_NEXT, 6, 50.0)]
    assert not any("Europe" in str(row[0]) or "Latin America" in str(row[0]) for row in regions)
    scores = list(book["feedback_scores"].iter_rows(values_only=True))
    assert ("New knowledge", 6, 4, "not shown", "not shown", "not shown", "not shown", "not shown") in scores
    assert ("Improved consensus", 4, HIDDEN, None, None, None, None, None) in scores

    assert re.search(r"Government agency or body\s+6\s+50\n", text)
    # Regions: Africa 6 = 50 %; Europe and North America's 5 is printed nowhere (the map names the region, hidden).
    assert re.search(r"Africa\s+6\s+50\n", text) and not re.search(r"Europe and North America\s+5\b", text)
    assert re.search(r"Europe and North America\s+counted with the other small groups", text)
    assert not re.search(r"New knowledge\s+6\s+3\.8\s+0\s+1\b", text)  # its 1s and 2s are not printed
    assert "Improved consensus" in text and not re.search(r"Improved consensus\s+4\s+\d", text)
    assert "Arabic interpretation <please>" in text
    assert "Feedback survey" in text


def test_no_dot_or_descender_of_any_script_is_cut_off_in_the_report(app, tmp_path):
    from tests.ink import NAMES, lost_ink

    rows = [(f"{name} Gqjpy", 5 + number) for number, name in enumerate(NAMES.values())]
    table = Table("organisations", "People by organisation Gqjpy", ["Organisation", "People"],
                  [[label, count] for label, count in rows])
    report = Report(f"Gqjpy {NAMES['arabic']}", "report", [
        Section("people", "Who came", [table], charts=[charts.bars(rows, title=f"Chart {NAMES['vietnamese']}")])])

    with app.test_request_context():
        assert set(lost_ink(exports.report_html(report), ["print.css"], tmp_path)) == {0}
