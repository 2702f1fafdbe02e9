"""Reading the CSV files organisers upload (people to invite, participants to import): the checks on the
file as a whole and on each row's cells, shared so that every upload is refused for the same reasons
with the same words. Each caller checks its own columns and imports all rows or none."""
import csv
from dataclasses import dataclass
import io

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from accounts.services import normalise_email
from core.forms import DIRECTION_CONTROLS, UNSTORABLE, strip_text

#: A file larger than this, or with more rows, is refused whole: split it.
MAX_CSV_BYTES, MAX_CSV_ROWS = 1_000_000, 5_000


class FileProblem(ValueError):
    """Something wrong with the file as a whole (not CSV, too big, a missing column): nothing was read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    #: The first line's titles, stripped and lower-cased.
    header: list[str]
    #: Our name of each recognised column -> its index.
    columns: dict[str, int]
    #: (line number in the file, cells) of every row that is not blank.
    rows: list[tuple[int, list[str]]]


def read_table(data: bytes, titles: dict[str, set[str]], required: str, missing_column: str) -> Table:
    """The rows of an uploaded CSV whose first line names the columns; `titles`: our name of each column ->
    the titles it may have (lower case). FileProblem when the file cannot be read, or has no `required`
    column (`missing_column` says what the first line must hold)."""
    if not data.strip():
        raise FileProblem(str(_l("The file is empty.")))
    if len(data) > MAX_CSV_BYTES:
        raise FileProblem(str(_l("The file is larger than 1 MB: split it into smaller files.")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(str(_l("The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and "
                                 "try again."))) from None
    if "\x00" in text:
        raise FileProblem(str(_l("This is not a CSV file.")))
    # Spreadsheets in French and other languages that write decimal commas save with semicolons: the
    # column titles tell which separator the file uses (csv.Sniffer guesses wrong on short files).
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise FileProblem(str(_l("This is not a CSV file."))) from None
    header = [strip_text(title).lower() for title in rows[0]] if rows else []
    columns = {name: header.index(title) for name, names in titles.items() for title in names if title in header}
    if required not in columns:
        raise FileProblem(missing_column)
    if len(rows) - 1 > MAX_CSV_ROWS:
        raise FileProblem(str(_l("The file has more than %(max)d rows: split it into smaller files.",
                                 max=MAX_CSV_ROWS)))
    return Table(header, columns, [(line, row) for line, row in enumerate(rows[1:], start=2)
                                   if any(cell.strip() for cell in row)])


def read_cells(row: list[str], table: Table, limits: dict[str, int]) -> tuple[str | None, dict]:
    """(what is wrong with the row, or None; its recognised cells, stripped, "" where missing), with the
    e-mail address checked and normalised."""
    problems, values = read_cells_problems(row, table, limits)
    return (problems[0] if problems else None), values


def read_cells_problems(row: list[str], table: Table, limits: dict[str, int]) -> tuple[list[str], dict]:
    """Like read_cells, but every problem of the row at once (the organiser corrects a line in one go): a row
    that cannot be read at all (too many cells, control characters) says only that, with no cells; an invalid
    address is given back as ""."""
    while len(row) > len(table.header) and not row[-1].strip():
        row = row[:-1]  # spreadsheets often save empty cells past the last column
    if len(row) > len(table.header):
        return [str(_l("This row has more cells than the first line has columns."))], {}
    values = {name: strip_text(row[index]) if index < len(row) else "" for name, index in table.columns.items()}
    if any(UNSTORABLE.search(value) or DIRECTION_CONTROLS.search(value) for value in values.values()):
        return [str(_l("This row contains invisible control characters."))], {}
    problems = [str(_l("A value in this row is longer than %(max)d characters.", max=limits[name]))
                for name, value in values.items() if len(value) > limits[name]]
    if not values["email"]:
        problems.append(str(_l("The e-mail address is missing.")))
    else:
        try:
            validate_email(values["email"], check_deliverability=False)
        except EmailNotValidError:
            problems.append(str(_l("“%(email)s” is not a valid e-mail address.", email=values["email"])))
            values["email"] = ""  # no address to compare with the other rows'
        else:
            values["email"] = normalise_email(values["email"])
    return problems, values
