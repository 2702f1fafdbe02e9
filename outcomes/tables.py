"""The numbers of a report, as tables: what a dashboard shows beside each chart, and what the CSV, XLSX
and PDF downloads are made of, so that the page and every download always show the same numbers.

Small groups: in a breakdown of people (by stakeholder group, country, gender...) a group of fewer than
SMALLEST_GROUP people is not shown on its own; such groups are counted together on one "other" row,
whose count is itself hidden when it too is that small. See `protect`.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from outcomes.vocabulary import SMALLEST_GROUP

#: What a hidden count reads as, in a table cell and in a download.
HIDDEN = _l("fewer than %(number)d", number=SMALLEST_GROUP)
OTHER_GROUPS = _l("Other (groups of fewer than %(number)d people)", number=SMALLEST_GROUP)


@dataclass
class Table:
    """One table of a report. `rows` hold plain values (str, int, float, None); None reads as HIDDEN."""

    #: Short and stable, in ASCII: the section's name in the CSV and the sheet's name in the XLSX.
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    #: Said under the table: how it was counted, what was left out.
    note: str = ""


def protect(counts: list[tuple[str, int]], other_label=OTHER_GROUPS) -> list[tuple[str, int | None]]:
    """(label, count) rows safe to publish: groups of fewer than SMALLEST_GROUP people (but more than none)
    are folded into one last row, `other_label`.

    The total of a breakdown is shown elsewhere (the number of participants), so a hidden "other" row would
    be found by subtraction: while the folded groups add up to fewer than SMALLEST_GROUP, the smallest group
    shown is folded in too, until they reach it (or nothing is left to fold). The "other" row's count is then
    shown, and says nothing about any one group in it. Groups with no one are dropped. The order of the rows
    kept is the order given.
    """
    shown = [(label, count) for label, count in counts if count >= SMALLEST_GROUP]
    folded = sum(count for _label, count in counts if 0 < count < SMALLEST_GROUP)
    if not folded:
        return shown
    while folded < SMALLEST_GROUP and shown:
        smallest = min(shown, key=lambda row: row[1])
        shown.remove(smallest)
        folded += smallest[1]
    return shown + [(str(other_label), folded if folded >= SMALLEST_GROUP else None)]


def share(count: int | None, total: int) -> float | None:
    """`count` as a percentage of `total`, one decimal; None when the count is hidden or there is no total."""
    if count is None or not total:
        return None
    return round(100 * count / total, 1)


@dataclass
class Section:
    """A part of a report: charts (SVG markup from core.charts) with the tables of their numbers."""

    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    charts: list = field(default_factory=list)
    intro: str = ""


@dataclass
class Report:
    """A whole report: an event's dashboard, or the view across events. Every download is made from it."""

    title: str
    #: The start of the downloads' file names: "report-<slug>".
    filename: str
    sections: list[Section] = field(default_factory=list)
    #: What the report covers, said under its title ("12 events, 2025–2027").
    subtitle: str = ""

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def cell_text(value) -> str:
    """A value as a table cell reads in the page's language: 1,234 / 1 234; 12.5; HIDDEN for None."""
    from flask_babel import format_decimal

    if value is None:
        return str(HIDDEN)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return format_decimal(value, format="#,##0.#")
