"""The downloads of a report (outcomes.tables.Report): CSV, XLSX and the PDF to hand to a governing body.

All three are made from the same Report as the page, so they show the same numbers, small groups
folded and hidden the same way (outcomes.tables.protect). Counts stay numbers in the CSV and the XLSX,
so that a spreadsheet adds them up; what people typed (names of groups, organisations) is only ever text.
"""
from datetime import date, datetime
from decimal import Decimal
import io
import re

from flask import render_template
from flask_babel import gettext as _, to_user_timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.models import utcnow
from core.pdf import html_to_pdf
from core.xlsx import text_cell
from events.formatting import date_in_words
from events.kinds import kind_label
from events.programme_pdf import page_footer
from outcomes.tables import HIDDEN, Report
from outcomes.vocabulary import FEEDBACK_STATEMENTS, FOLLOW_UP_STATEMENTS, OUTCOMES, SCALE, SMALLEST_GROUP
from registration.csv_export import BOM, CsvText, spreadsheet_safe



def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _csv_cell(value) -> str:
    if value is None:
        return spreadsheet_safe(HIDDEN)
    if _is_number(value):
        # Plain digits and a dot, whatever the page's language: "1234.5" is a number to every spreadsheet,
        # "1,234.5" or "1 234,5" only to some. Not through spreadsheet_safe: a negative number is no formula.
        return str(value) if isinstance(value, int) else format(Decimal(str(value)), "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return spreadsheet_safe(value)


def csv_rows(report: Report):
    """The report's tables one under the other, as CSV text, yielded a table at a time (streamed):
    the table's title, its header, its rows, its note, a blank line."""
    out = CsvText()
    yield BOM
    # Who the figures are for comes first, where nobody can miss it: an internal report is not to be published.
    out.row([spreadsheet_safe(report.audience_label)])
    out.row([spreadsheet_safe(report.audience_rule)])
    out.row([])
    yield out.text()
    for table in report.tables():
        out.row([spreadsheet_safe(table.title)])
        out.row([spreadsheet_safe(column) for column in table.columns])
        for row in table.rows:
            out.row([_csv_cell(value) for value in row])
        if table.note:
            out.row([spreadsheet_safe(table.note)])
        out.row([])
        yield out.text()


# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
#: Excel keeps this name for itself.
RESERVED_SHEET_NAMES = ("History",)


def sheet_names(keys: list[str], taken=()) -> list[str]:
    """A valid, distinct sheet name for each key. Excel compares names without case, and a name may not
    start or end with an apostrophe."""
    used = {name.casefold() for name in (*taken, *RESERVED_SHEET_NAMES)}
    names = []
    for key in keys:
        base = SHEET_NAME_REFUSED.sub("-", str(key))[:SHEET_NAME_LENGTH].strip("' ") or "table"
        name, number = base, 1
        while name.casefold() in used:
            number += 1
            suffix = f"-{number}"
            name = base[:SHEET_NAME_LENGTH - len(suffix)] + suffix
        used.add(name.casefold())
        names.append(name)
    return names


BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
WRAPPED = Alignment(wrap_text=True, vertical="top")


def _xlsx_cell(sheet, value, font=None, alignment=None) -> WriteOnlyCell:
    return text_cell(sheet, str(HIDDEN) if value is None else value, font, alignment)


def _column_widths(table) -> list[float]:
    """Wide enough for the longest value of each column (within reason): write-only sheets cannot fit them later."""
    widths = [len(str(column)) for column in table.columns]
    for row in table.rows:
        for index, value in enumerate(row[:len(widths)]):
            widths[index] = max(widths[index], len(str(HIDDEN if value is None else value)))
    return [min(max(width, 8), 60) + 2 for width in widths]


def xlsx_bytes(report: Report, generated_at: datetime | None = None) -> bytes:
    """The report as a workbook: an "About" sheet (what it covers, when it was made, the small-groups rule,
    the list of sheets), then one sheet per table."""
    generated_at = generated_at or utcnow()
    tables = report.tables()
    about_name = _("About")[:SHEET_NAME_LENGTH]
    names = sheet_names([table.key for table in tables], taken=[about_name])
    book = Workbook(write_only=True)

    about = book.create_sheet(about_name)
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 80
    about.append([_xlsx_cell(about, report.title, TITLE)])
    if report.subtitle:
        about.append([_xlsx_cell(about, report.subtitle)])
    about.append([])
    about.append([_xlsx_cell(about, _("Generated"), BOLD),
                  _xlsx_cell(about, generated_at.strftime("%Y-%m-%d %H:%M UTC"))])
    about.append([_xlsx_cell(about, _("For"), BOLD), _xlsx_cell(about, report.audience_label, BOLD)])
    about.append([_xlsx_cell(about, _("Small groups"), BOLD), _xlsx_cell(about, report.audience_rule,
                                                                            alignment=WRAPPED)])
    about.append([])
    about.append([_xlsx_cell(about, _("Sheet"), BOLD), _xlsx_cell(about, _("Table"), BOLD)])
    for name, table in zip(names, tables):
        about.append([_xlsx_cell(about, name), _xlsx_cell(about, table.title)])

    for name, table in zip(names, tables):
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A3"  # the title and the header stay in sight as the rows scroll by
        for index, width in enumerate(_column_widths(table)):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.append([_xlsx_cell(sheet, table.title, TITLE)])
        sheet.append([_xlsx_cell(sheet, column, BOLD) for column in table.columns])
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
        if table.note:
            sheet.append([])
            sheet.append([_xlsx_cell(sheet, table.note)])

    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def report_html(report: Report, event=None, generated_at: datetime | None = None) -> str:
    """The PDF report's HTML, in the request's language: `event`, when it is one event's report, fills its cover."""
    generated_at = generated_at or utcnow()
    return render_template(
        "outcomes/report_print.html", report=report, event=event, kind=kind_label(event.kind) if event else None,
        generated=date_in_words(to_user_timezone(generated_at).date()), page_footer=page_footer(), printing=True,
        smallest_group=SMALLEST_GROUP, scale=list(SCALE.values()),
        outcomes=[(OUTCOMES[key], FEEDBACK_STATEMENTS[key], FOLLOW_UP_STATEMENTS.get(key)) for key in OUTCOMES])


def report_pdf(report: Report, event=None, generated_at: datetime | None = None) -> bytes:
    """The whole report as an A4 PDF: every section's charts and tables, then how the outcomes are measured."""
    return html_to_pdf(report_html(report, event, generated_at), stylesheets=["print.css"])
