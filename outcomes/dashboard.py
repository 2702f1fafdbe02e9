"""An event's report: its sections, each with the tables of its numbers and the charts drawn from them.

The dashboard page, the CSV, the XLSX and the PDF are all made from `event_report`, so they always agree.
Breakdowns of people (by group, region, country, gender) go through `protect`; survey results from
fewer than SMALLEST_GROUP answers are hidden (outcomes.survey_report).
"""
from datetime import date, timedelta

from flask_babel import gettext as _, ngettext

from core import charts
from core.models import utcnow
from core.multilingual import translated
from core.regions import UNESCO_REGIONS, is_global_south, region_of
from core.vocabularies import STAKEHOLDER_GROUPS, country_name
from events.formatting import date_in_words, event_dates, local_datetime
from events.models import IN_PERSON, Event
from events.vocabulary import PARTICIPATIONS
from outcomes import reports
from outcomes.survey_report import survey_sections
from outcomes.tables import AT_LEAST, HIDDEN, INTERNAL, NOT_SHOWN, PUBLISHABLE, Report, Section, Table, protect, share
from outcomes.vocabulary import SMALLEST_GROUP
from registration.category_services import categories_of
from registration.checkin import attendance_overview
from registration.models import CONFIRMED, GENDERS, OFF, STATUSES
from registration.services import settings_of

#: Registrations over a longer period than this are counted by week, not by day: more than two weeks of days
#: make a chart of thin columns and a long table, which read better as a few weeks.
DAILY_UP_TO_DAYS = 14
#: What a share reads as when the counts it comes from are withheld.
#: Attendance lists every day of an event up to this long; a longer one, the days with check-ins.
EVERY_DAY_UP_TO = 31
#: How many booths the top booths table and chart show.
TOP_BOOTHS = 10


def event_report(event: Event, audience: str = PUBLISHABLE) -> Report:
    """The report for `audience`: INTERNAL, exact counts for the event's organisers; PUBLISHABLE, small
    groups folded. Anonymous surveys' answers are protected for both."""
    exact = audience == INTERNAL
    by_day = reports.registrations_by_day(event)
    statuses = reports.tally(by_day, 1)
    profile = reports.confirmed_profile(event)
    countries = reports.tally(profile, 1)
    sections = [
        registrations_section(event, by_day, statuses),
        groups_section(reports.tally(profile, 0), exact),
        *categories_section(event, exact),
        places_section(countries, exact),
        gender_section(event, reports.tally(profile, 2), exact),
        global_south_section(countries, exact),
        attendance_section(event, statuses.get(CONFIRMED, 0)),
    ]
    if event.kind == "knowledge_fair":
        sections.append(booths_section(event))
    sections += survey_sections(event, exact)
    return Report(title=_("Report: %(title)s", title=translated(event, "title")), filename=f"report-{event.slug}" + ("" if exact else "-publishable"),
                  sections=sections, audience=audience,
                  subtitle=_("%(dates)s · figures as of %(today)s", dates=event_dates(event),
                             today=date_in_words(utcnow().date())))


def _people_table(key, title, column, rows, total, note="") -> Table:
    """A breakdown of people: label, count, share of `total` (hidden counts have no share)."""
    return Table(key, title, [column, _("People"), _("Share (%)")],
                 [[label, count, NOT_SHOWN if count is None else share(count, total)] for label, count in rows],
                 note)


def _fold_note(exact: bool = False) -> str:
    if exact:
        return _("Exact counts, for the event's organisers: not for publication.")
    return _("Groups of fewer than %(number)d people are counted together, so that nobody can be singled out.",
             number=SMALLEST_GROUP)


# --- 1. Registrations ---------------------------------------------------------------------------------

def _periods(first: date, last: date, weekly: bool) -> list[date]:
    step = 7 if weekly else 1
    days, day = [], first
    while day <= last:
        days.append(day)
        day += timedelta(days=step)
    return days


def registrations_section(event: Event, rows: list, statuses: dict[str, int]) -> Section:
    keys = [key for key in STATUSES if statuses.get(key)] + sorted(key for key in statuses if key not in STATUSES)
    names = [str(STATUSES.get(key, key)) for key in keys]
    total = sum(statuses.values())
    by_status = Table("registrations_by_status", _("Registrations by status today"),
                      [_("Status"), _("Registrations"), _("Share (%)")],
                      [[name, statuses[key], share(statuses[key], total)] for key, name in zip(keys, names)]
                      + ([[_("Total"), total, 100.0 if total else None]] if total else []))
    charts_, over_time = [], Table("registrations_over_time", _("Registrations made per day, by status today"),
                                   [_("Day")] + names + [_("Total")])
    if rows:
        weekly = (rows[-1][0] - rows[0][0]).days > DAILY_UP_TO_DAYS
        counted: dict[date, dict[str, int]] = {}
        for day, status, count in rows:
            period = day - timedelta(days=day.weekday()) if weekly else day
            counted.setdefault(period, {}).setdefault(status, 0)
            counted[period][status] += count
        periods = _periods(min(counted), max(counted), weekly)
        if weekly:
            over_time.title = _("Registrations made per week, by status today")
            over_time.columns[0] = _("Week starting")
        over_time.rows = [[period.isoformat()] + [counted[period].get(key, 0) for key in keys]
                          + [sum(counted[period].values())] for period in sorted(counted)]
        over_time.note = _("Each registration is counted on the day it was made (in the venue's time zone, "
                           "%(zone)s), in the status it has today.", zone=event.timezone)
        charts_.append(charts.stacked_bars(
            [period.isoformat() for period in periods],
            [(name, [counted.get(period, {}).get(key, 0) for period in periods]) for key, name in zip(keys, names)],
            title=over_time.title, id="chart-registrations"))
    return Section("registrations", _("Registrations"), [over_time, by_status], charts_,
                   intro=ngettext("%(num)d registration, %(confirmed)d confirmed.",
                                  "%(num)d registrations, %(confirmed)d confirmed.", total,
                                  confirmed=statuses.get(CONFIRMED, 0)) if total else _("Nobody has registered yet."))


# --- 2–5. Who came: groups, places, gender --------------------------------------------------------------

def groups_section(counts: dict, exact: bool = False) -> Section:
    ordered = [(str(label), counts.get(key, 0)) for key, label in STAKEHOLDER_GROUPS.items()]
    ordered += [(key, count) for key, count in counts.items() if key and key not in STAKEHOLDER_GROUPS]
    ordered.append((_("Not given"), counts.get(None, 0) + counts.get("", 0)))
    rows = protect(ordered, exact=exact)
    table = _people_table("stakeholder_groups", _("Confirmed participants by stakeholder group"),
                          _("Stakeholder group"), rows, sum(counts.values()), _fold_note(exact))
    chart = charts.bars(rows, title=table.title, hidden_text=HIDDEN, id="chart-groups")
    return Section("groups", _("Stakeholder groups"), [table], [chart])


def categories_section(event: Event, exact: bool = False) -> list[Section]:
    """Confirmed participants by participant category, in the organiser's order; none for an event without
    categories."""
    categories = categories_of(event.id)
    if not categories:
        return []
    counts = reports.confirmed_by_category(event)
    rows = protect([(str(translated(category, "name")), counts.get(category.id, 0)) for category in categories]
                   + [(_("Without a category"), counts.get(None, 0))], exact=exact)
    table = _people_table("categories", _("Confirmed participants by participant category"),
                          _("Participant category"), rows, sum(counts.values()), _fold_note(exact))
    chart = charts.bars(rows, title=table.title, hidden_text=HIDDEN, id="chart-categories")
    return [Section("categories", _("Participant categories"), [table], [chart])]


def places_section(countries: dict, exact: bool = False) -> Section:
    total = sum(countries.values())
    regions: dict[str | None, int] = {}
    for code, count in countries.items():
        region = region_of(code)
        regions[region] = regions.get(region, 0) + count
    region_rows = protect([(str(label), regions.get(key, 0)) for key, label in UNESCO_REGIONS.items()]
                          + [(_("Not given"), regions.get(None, 0))], exact=exact)
    by_country = sorted(((country_name(code) or _("Not given"), count) for code, count in countries.items()),
                        key=lambda item: (-item[1], item[0]))
    region_table = _people_table("regions", _("Confirmed participants by UNESCO region"), _("UNESCO region"),
                                 region_rows, total, _fold_note(exact))
    country_table = _people_table("countries", _("Confirmed participants by country"), _("Country"),
                                  protect(by_country, exact=exact), total, _fold_note(exact))
    section_charts = [charts.bars(region_rows, title=region_table.title, hidden_text=HIDDEN, id="chart-regions")]
    if total:
        # On the map, a region with fewer than SMALLEST_GROUP people (none included) reads as such, as in the
        # table, where they are folded together: which of them had anyone at all is not said either.
        shown = {label for label, _count in region_rows}
        section_charts.append(charts.region_map(
            {key: regions.get(key, 0) if exact or str(label) in shown else None
             for key, label in UNESCO_REGIONS.items()},
            title=_("Confirmed participants on the map of UNESCO regions"), total=total,
            hidden_text=_("counted with the other small groups"),
            id="chart-region-map"))
    known = len([code for code in countries if code])
    intro = ngettext("Participants from %(num)d country.", "Participants from %(num)d countries.", known) \
        if known else ""
    return Section("places", _("Countries and regions"), [region_table, country_table], section_charts, intro)


def gender_section(event: Event, counts: dict, exact: bool = False) -> Section:
    settings = settings_of(event)
    not_asked = settings is not None and settings.use_of("gender") == OFF
    missing = counts.get(None, 0) + counts.get("", 0)
    rows = protect([(str(label), counts.get(key, 0)) for key, label in GENDERS.items()]
                   + [(key, count) for key, count in counts.items() if key and key not in GENDERS]
                   + [(_("Not asked") if not_asked else _("Not given"), missing)], exact=exact)
    table = _people_table("gender", _("Confirmed participants by gender"), _("Gender"), rows, sum(counts.values()),
                          _fold_note(exact))
    chart = charts.bars(rows, title=table.title, hidden_text=HIDDEN, id="chart-gender")
    return Section("gender", _("Gender balance"), [table], [chart])


def _is_small(count: int) -> bool:
    return 0 < count < SMALLEST_GROUP


def global_south_section(countries: dict, exact: bool = False) -> Section:
    south = sum(count for code, count in countries.items() if code and is_global_south(code))
    elsewhere = sum(count for code, count in countries.items() if code and not is_global_south(code))
    missing = sum(count for code, count in countries.items() if not code)
    known = south + elsewhere
    counts = [south, elsewhere, missing]
    # The three add up to the participants, whose number is shown: one hidden count would be found by
    # subtraction, so where any is small, the others are withheld too (they read "5 or more", which they are),
    # and so are the shares. Decided on the true counts: a large count is never called small.
    if not exact and any(_is_small(count) for count in counts):
        counts = [None if _is_small(count) else AT_LEAST if count else 0 for count in counts]
    withheld = not all(isinstance(count, int) for count in counts)
    shares = [None, None] if withheld else [share(counts[0], known), share(counts[1], known)]
    table = Table("global_south", _("Confirmed participants from the Global South"),
                  [_("From"), _("People"), _("Share of those who gave their country (%)")],
                  [[_("The Global South"), counts[0], shares[0]], [_("Elsewhere"), counts[1], shares[1]],
                   [_("Country not given"), counts[2], ""]]
                  if not withheld else
                  [[_("The Global South"), counts[0], NOT_SHOWN], [_("Elsewhere"), counts[1], NOT_SHOWN],
                   [_("Country not given"), counts[2], ""]],
                  _("The Global South as UNCTAD counts developing economies: Africa, Latin America and the "
                    "Caribbean, and Asia and Oceania except Israel, Japan, the Republic of Korea, Australia "
                    "and New Zealand."))
    # A withheld share is drawn as what its count reads ("fewer than 5", "5 or more").
    chart = charts.bars([(table.rows[0][0], shares[0] if not withheld else _count_text(counts[0])),
                         (table.rows[1][0], shares[1] if not withheld else _count_text(counts[1]))],
                        title=table.title, unit="%", max_value=100, id="chart-global-south") if known else None
    intro = _("%(share)s of the participants who gave their country come from the Global South.",
              share=charts.with_unit(shares[0], "%")) if shares[0] is not None else ""
    return Section("global_south", _("Share from the Global South"), [table], [chart] if chart else [], intro)


def _count_text(count) -> str:
    return str(HIDDEN) if count is None else str(count)


# --- 6. Attendance -------------------------------------------------------------------------------------

def _event_days(event: Event) -> list[date]:
    first = event.starts_at.astimezone(event.zone).date()
    last = (event.ends_at - timedelta(microseconds=1)).astimezone(event.zone).date()
    return _periods(first, last, weekly=False)


def attendance_section(event: Event, confirmed: int) -> Section:
    days, sessions = attendance_overview(event)
    per_day = dict(days)
    event_days = _event_days(event)
    shown_days = event_days if len(event_days) <= EVERY_DAY_UP_TO else sorted(per_day)
    shown_days = sorted(set(shown_days) | set(per_day))
    columns = [_("Checked in"), _("Expected"), _("Attendance rate (%)")]
    day_table = Table("attendance_days", _("Attendance per day"), [_("Day")] + columns,
                      [[day.isoformat(), per_day.get(day, 0), confirmed, share(per_day.get(day, 0), confirmed)]
                       for day in shown_days] if per_day else [],
                      _("People checked in at the door each day, out of the confirmed participants."))
    seats = reports.limited_seats(event) if sessions else {}
    session_rows = []
    for session, checked_in in sessions:
        expected = seats.get(session.id, confirmed)
        label = f"{translated(session, 'title')} ({local_datetime(session.starts_at, event, 'short')})"
        session_rows.append([label, checked_in, expected, share(checked_in, expected)])
    session_table = Table("attendance_sessions", _("Attendance per session"), [_("Session")] + columns, session_rows,
                          _("Sessions that take attendance. For a session with limited seats, the people expected "
                            "are those with a confirmed seat; for the others, every confirmed participant."))
    section_charts = []
    if per_day:
        section_charts.append(charts.bars([(row[0], row[3]) for row in day_table.rows], title=day_table.title,
                                          unit="%", max_value=100, id="chart-attendance-days"))
    if session_rows and any(row[1] for row in session_rows):
        section_charts.append(charts.bars([(row[0], row[3]) for row in session_rows], title=session_table.title,
                                          unit="%", max_value=100, id="chart-attendance-sessions"))
    tables = [day_table] + ([session_table] if sessions else [])
    if event.attendance_mode != IN_PERSON:
        tables.insert(0, _participation_table(event))
    intro = "" if per_day else _("No attendance has been recorded at this event.")
    return Section("attendance", _("Attendance"), tables, section_charts, intro)


def _participation_table(event: Event) -> Table:
    """Participants and attendance in person and online, side by side (hybrid and online events)."""
    ways = reports.by_participation(event)
    rows = []
    for participation, label in PARTICIPATIONS.items():
        confirmed, attended = ways.get(participation, (0, 0))
        rows.append([str(label), confirmed, attended, share(attended, confirmed)])
    return Table("attendance_by_participation", _("Participants and attendance, in person and online"),
                 [_("Takes part"), _("Confirmed"), _("Attended"), _("Attendance rate (%)")], rows,
                 _("Confirmed participants by how they take part, and those who attended at least once: checked in "
                   "at the door, or online as the event's attendance rule counts their joins."))


# --- 7. Booths -----------------------------------------------------------------------------------------

def booths_section(event: Event) -> Section:
    from showcase import analytics, fairs  # a knowledge fair's only

    booths = fairs.public_booths(event)
    numbers = analytics.numbers([booth.id for booth in booths])
    total = analytics.total(numbers)
    measures = [(_("Page views"), "views"), (_("Bookmarks"), "bookmarks"), (_("Meeting requests"), "meeting_requests"),
                (_("Leads (badges scanned)"), "leads")]
    totals = Table("booth_totals", _("Booth engagement, all booths"), [_("Measure"), _("Count")],
                   [[label, getattr(total, name)] for label, name in measures],
                   _("Booths are organisations, not people: they are shown however small their numbers."))

    def name_of(booth):
        return booth.organisation.name if booth.organisation else (booth.invited_name or booth.invited_email)

    keys = [key for _label, key in measures]
    ranked = sorted(booths, key=lambda booth: (*(-getattr(numbers[booth.id], key) for key in keys),
                                               name_of(booth)))[:TOP_BOOTHS]
    top = Table("top_booths", _("Top booths"), [_("Booth")] + [label for label, _key in measures],
                [[name_of(booth)] + [getattr(numbers[booth.id], key) for key in keys] for booth in ranked],
                _("The %(number)d booths with the most page views.", number=TOP_BOOTHS))
    section_charts = [charts.bars([(row[0], row[1]) for row in totals.rows], title=totals.title,
                                  id="chart-booth-totals")]
    if ranked:
        section_charts.append(charts.bars([(row[0], row[1]) for row in top.rows],
                                          title=_("Page views of the top booths"), id="chart-top-booths"))
    intro = ngettext("%(num)d booth on show.", "%(num)d booths on show.", len(booths))
    return Section("booths", _("Booth engagement"), [totals, top], section_charts, intro)
