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
#: A count withheld only so that a small one beside it cannot be worked out by subtraction: it is not small.
AT_LEAST = _l("%(number)d or more", number=SMALLEST_GROUP)
#: A value left out of a table because, beside the others, it would give a small group away.
NOT_SHOWN = _l("not shown")
OTHER_GROUPS = _l("Other (groups of fewer than %(number)d people)", number=SMALLEST_GROUP)
#: The "other" row when a group of SMALLEST_GROUP or more had to be folded in too (see `protect`).
OTHER_GROUPS_AND_NEXT = _l("Other (groups of fewer than %(number)d people, with the next smallest group)",
                           number=SMALLEST_GROUP)

#: Who a report is for. Internal: exact counts, for the event's organisers (who see every participant by name
#: anyway); publishable: small groups folded (`protect`), to hand on. Anonymous answers are protected in both.
INTERNAL, PUBLISHABLE = "internal", "publishable"
AUDIENCES = (INTERNAL, PUBLISHABLE)


def audience_of(value) -> str:
    """The audience asked for in a query string (`?counts=`); internal when missing or unknown."""
    return value if value in AUDIENCES else INTERNAL


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


def protect(counts: list[tuple[str, int]], other_label=OTHER_GROUPS, other_and_next_label=OTHER_GROUPS_AND_NEXT,
            exact: bool = False) -> list[tuple[str, int | None]]:
    """(label, count) rows safe to publish: groups of fewer than SMALLEST_GROUP people (but more than none)
    are folded into one last row, `other_label` (`other_and_next_label` when a larger group was folded in
    too, as below: the row then says so, rather than claim that every group in it is small).
    `exact`: every group as it is (an internal report), those with no one still dropped.

    The total of a breakdown is shown elsewhere (the number of participants), so a hidden "other" row would
    be found by subtraction: while the folded groups add up to fewer than SMALLEST_GROUP, the smallest group
    shown is folded in too, until they reach it (or nothing is left to fold). The "other" row's count is then
    shown, and says nothing about any one group in it. Groups with no one are dropped. The order of the rows
    kept is the order given.
    """
    if exact:
        return [(label, count) for label, count in counts if count]
    shown = [(label, count) for label, count in counts if count >= SMALLEST_GROUP]
    folded = sum(count for _label, count in counts if 0 < count < SMALLEST_GROUP)
    if not folded:
        return shown
    label = other_label
    while folded < SMALLEST_GROUP and shown:
        smallest = min(shown, key=lambda row: row[1])
        shown.remove(smallest)
        folded += smallest[1]
        label = other_and_next_label
    return shown + [(str(label), folded if folded >= SMALLEST_GROUP else None)]


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
    #: INTERNAL (exact counts) or PUBLISHABLE (small groups folded): said on the page and in every file.
    audience: str = PUBLISHABLE

    @property
    def audience_label(self) -> str:
        return str(AUDIENCE_LABELS[self.audience])

    @property
    def audience_rule(self) -> str:
        return str(AUDIENCE_RULES[self.audience])

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


AUDIENCE_LABELS = {INTERNAL: _l("Internal: exact counts, for the event's organisers. Not for publication."),
                   PUBLISHABLE: _l("Publishable: small groups counted together.")}
AUDIENCE_RULES = {
    INTERNAL: _l("Every count is exact, however small, as the organisers see their participants by name: do not "
                 "publish or pass on this report. The answers of anonymous surveys are still protected: a question "
                 "with fewer than %(number)d answers shows no score, and a score or option given by fewer than "
                 "%(number)d people is not counted on its own.", number=SMALLEST_GROUP),
    PUBLISHABLE: _l("Groups of fewer than %(number)d people are shown together, never on their own, and a count "
                    "under %(number)d reads “fewer than %(number)d”, so that nobody can be singled out.",
                    number=SMALLEST_GROUP),
}


def cell_text(value) -> str:
    """A value as a table cell reads in the page's language: 1,234 / 1 234; 12.5; HIDDEN for None."""
    from flask_babel import format_decimal

    if value is None:
        return str(HIDDEN)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return format_decimal(value, format="#,##0.#")
