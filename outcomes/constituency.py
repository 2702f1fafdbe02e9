"""The view across events: the constituency of engaged stakeholders and the outcome scores by kind of event.

For the page and the downloads alike: `constituency_report(user, args)` reads the filters from `args` (the
query string, a MultiDict) and returns the `outcomes.tables.Report`. Bad filters raise `BadFilters`, a
ValueError whose `errors` maps each field's name to its messages (and whose str() joins them): answer 400
with them, as the page does at its fields. `report_for(user, filters)` takes filters already read.

Which events: those the user is on the team of (every event for an administrator) that took place, that is
published and started before now; drafts and cancelled events do not count. Years are those of the start
in UTC.

Who counts as engaged, at each event: a person who attended, by the rule the surveys and certificates use
(outcomes.surveys): a confirmed registration with a standing check-in, or any confirmed registration at an
event that recorded no attendance at all (most events: nobody there was marked absent).

A person is their e-mail address, which registrations store lower-cased: the same address at two events is
the same person. When someone deletes their account, registration.privacy.anonymise gives each of their
registrations an address of its own, deleted-<id>@deleted.invalid: one that still counts (confirmed) is
counted at its event as one more person, who cannot be matched with the person's other events (so, a
newcomer there). (As it stands, anonymise also cancels them, even at past events: they then drop out of
every count, here as on the events' dashboards.) Where one person's registrations differ (a new country, another
stakeholder group) the breakdowns use their latest event's, so that each person is counted once and the
rows add up to the total.

An organisation is its name, trimmed and lower-cased: "UNESCO", " unesco " are one; empty names are not
counted. (SQLite lower-cases ASCII letters only; PostgreSQL every letter.)

Every number is counted in the database (GROUP BY), in a fixed number of queries whatever the number of
events or registrations.
"""
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from werkzeug.datastructures import MultiDict
from sqlalchemy import Integer, String, case, cast, distinct, exists, func, literal_column, null, or_, select, \
    union_all
from sqlalchemy.orm import load_only

from core import charts
from core.extensions import db
from core.models import utcnow
from core.multilingual import translated
from core.regions import UNESCO_REGIONS, is_global_south, region_of
from core.vocabularies import STAKEHOLDER_GROUPS
from events.kinds import KINDS
from events.models import PUBLISHED, Event, EventOrganiser
from outcomes.constituency_forms import ConstituencyFilterForm
from outcomes.models import FEEDBACK, FOLLOW_UP, Survey, SurveyAnswer, SurveyQuestion
from outcomes.tables import HIDDEN, INTERNAL, NOT_SHOWN, PUBLISHABLE, Report, Section, Table, audience_of, protect, share
from outcomes.vocabulary import FEEDBACK_STATEMENTS, FOLLOW_UP_STATEMENTS, OUTCOMES, SCALE, SCALE_MAX, \
    SCALE_MIN, SMALLEST_GROUP
from registration.models import CONFIRMED, CheckIn, Registration

NOT_GIVEN = _l("Not given")
#: An average nobody gave an answer to, in a table of scores.
NO_ANSWERS = "–"


@dataclass
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None
    region: str | None = None


class BadFilters(ValueError):
    """The query string holds a filter that cannot be read; `errors`: field name -> messages."""

    def __init__(self, errors: dict[str, list]):
        self.errors = {name: [str(message) for message in messages] for name, messages in errors.items()}
        super().__init__(" ".join(message for messages in self.errors.values() for message in messages))


def read_filters(args) -> Filters:
    form = ConstituencyFilterForm(args if hasattr(args, "getlist") else MultiDict(args))
    if not form.validate():
        raise BadFilters(form.errors)
    return Filters(**form.values())


# --- Which events, which people -----------------------------------------------------------------------

def _event_criteria(user, filters: Filters, now: datetime) -> list:
    criteria = [Event.status == PUBLISHED, Event.starts_at < now]
    if not user.has_role("administrator"):
        criteria.append(exists().where(EventOrganiser.event_id == Event.id, EventOrganiser.user_id == user.id))
    if filters.year_from is not None:
        criteria.append(Event.starts_at >= datetime(filters.year_from, 1, 1, tzinfo=UTC))
    if filters.year_to is not None:
        criteria.append(Event.starts_at < datetime(filters.year_to + 1, 1, 1, tzinfo=UTC))
    if filters.kind:
        criteria.append(Event.kind == filters.kind)
    if filters.region:
        criteria.append(Event.region == filters.region)
    return criteria


def _engaged(event_ids) -> list:
    """The registrations that count at the events `event_ids` (a SELECT): see the module's docstring."""
    standing = CheckIn.undone_at.is_(None)
    recorded_attendance = select(CheckIn.event_id).where(standing)
    return [Registration.event_id.in_(event_ids), Registration.status == CONFIRMED,
            or_(Registration.event_id.not_in(recorded_attendance),
                exists().where(CheckIn.registration_id == Registration.id, standing))]


def _participations(event_ids):
    """One row per person and event (a CTE): `nth` counts along each person's events, 1 at their first (a
    newcomer there); `attended` is how many they attended, so `nth == attended` at their latest, whose group
    and country the breakdowns use.

    Numbered by (start, id) rather than compared with MIN(start): two events starting at the same moment
    still give each person one first event, so newcomers add up to the people.
    """
    # Stored lower-cased already; lowered again so that a row written by another path still matches.
    person = func.lower(Registration.email)
    return (select(Registration.event_id, Registration.organisation, Registration.stakeholder_group,
                   Registration.country,
                   func.row_number().over(partition_by=person, order_by=(Event.starts_at, Event.id)).label("nth"),
                   func.count().over(partition_by=person).label("attended"))
            .join(Event, Event.id == Registration.event_id)
            .where(*_engaged(event_ids))
            .cte("participations"))


#: What each row of _counts holds (a constant written into the SQL).
PER_EVENT, PER_PROFILE, ORGANISATIONS = 1, 2, 3


def _counts(event_ids):
    """Three counts over the participations in one statement, so that the numbering runs once: (PER_EVENT,
    event id, -, -, participants, newcomers), (PER_PROFILE, -, group, country, people, -) for each person at
    their latest event, (ORGANISATIONS, -, -, -, distinct organisations, -)."""
    rows = _participations(event_ids)
    text, number = cast(null(), String), cast(null(), Integer)
    organisation = func.trim(rows.c.organisation)
    return union_all(
        select(literal_column(str(PER_EVENT)), rows.c.event_id, text, text, func.count(),
               func.sum(case((rows.c.nth == 1, 1), else_=0))).group_by(rows.c.event_id),
        select(literal_column(str(PER_PROFILE)), number, rows.c.stakeholder_group, rows.c.country, func.count(), number)
        .where(rows.c.nth == rows.c.attended).group_by(rows.c.stakeholder_group, rows.c.country),
        select(literal_column(str(ORGANISATIONS)), number, text, text, func.count(distinct(func.lower(organisation))),
               number).where(organisation != ""))


@dataclass
class EventRow:
    id: int
    title: str
    kind: str
    starts_at: datetime
    timezone: str
    participants: int = 0
    newcomers: int = 0

    @property
    def returning(self) -> int:
        return self.participants - self.newcomers


@dataclass
class Constituency:
    """The numbers of the report, before they are laid out as tables."""

    events: list[EventRow]
    #: (stakeholder group key or None, people)
    groups: list[tuple[str | None, int]]
    #: (country code or None, people)
    countries: list[tuple[str | None, int]]
    organisations: int
    #: (survey kind, event kind, outcome) -> (average score, number of answers)
    scores: dict[tuple[str, str, str], tuple[float, int]]

    @property
    def people(self) -> int:
        return sum(event.newcomers for event in self.events)

    @property
    def participations(self) -> int:
        return sum(event.participants for event in self.events)


def constituency(user, filters: Filters, now: datetime | None = None) -> Constituency:
    """The numbers across the events `user` may read, in three queries."""
    criteria = _event_criteria(user, filters, now or utcnow())
    event_ids = select(Event.id).where(*criteria)
    # Each event's title in the reader's language (core.multilingual), so its columns are loaded too.
    events = [EventRow(event.id, translated(event, "title"), event.kind, event.starts_at, event.timezone)
              for event in db.session.scalars(
                  select(Event).options(load_only(Event.id, Event.title, Event.translations, Event.working_languages,
                                                  Event.kind, Event.starts_at, Event.timezone))
                  .where(*criteria).order_by(Event.starts_at, Event.id))]
    by_id = {event.id: event for event in events}

    groups, countries, organisations = {}, {}, 0
    for part, event_id, group, country, count, newcomers in db.session.execute(_counts(event_ids)):
        if part == PER_EVENT:
            by_id[event_id].participants, by_id[event_id].newcomers = count, int(newcomers or 0)
        elif part == PER_PROFILE:
            groups[group] = groups.get(group, 0) + count
            countries[country] = countries.get(country, 0) + count
        else:
            organisations = count

    # Per question first (one question is one outcome of one event's survey), leaving out those with fewer
    # than SMALLEST_GROUP answers, as their event's dashboard does: otherwise two filters, one with that
    # event and one without, would give its few answers away by difference.
    per_question = (
        select(SurveyAnswer.question_id, func.sum(SurveyAnswer.score).label("total"),
               func.count(SurveyAnswer.score).label("answers"))
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(Survey, Survey.id == SurveyQuestion.survey_id)
        .where(Survey.event_id.in_(event_ids), SurveyQuestion.outcome.is_not(None), SurveyAnswer.score.is_not(None))
        .group_by(SurveyAnswer.question_id).having(func.count(SurveyAnswer.score) >= SMALLEST_GROUP).subquery())
    scores = {(survey_kind, event_kind, outcome): (float(total) / int(answers), int(answers))
              for survey_kind, event_kind, outcome, total, answers in db.session.execute(
        select(Survey.kind, Event.kind, SurveyQuestion.outcome, func.sum(per_question.c.total),
               func.sum(per_question.c.answers))
        .select_from(per_question)
        .join(SurveyQuestion, SurveyQuestion.id == per_question.c.question_id)
        .join(Survey, Survey.id == SurveyQuestion.survey_id)
        .join(Event, Event.id == Survey.event_id)
        .group_by(Survey.kind, Event.kind, SurveyQuestion.outcome))}
    return Constituency(events=events, groups=list(groups.items()), countries=list(countries.items()),
                        organisations=organisations, scores=scores)


# --- The report ---------------------------------------------------------------------------------------

def _kind_label(key: str) -> str:
    kind = KINDS.get(key)
    return str(kind.label) if kind else key


def _local_date(event: EventRow) -> str:
    return event.starts_at.astimezone(ZoneInfo(event.timezone)).date().isoformat()


def _breakdown(counts: list[tuple[str, int]], total: int, exact: bool = False) -> list[list]:
    # A hidden count's share is not shown: "fewer than 5" under "Share (%)" would read as under 5 %.
    return [[label, count, NOT_SHOWN if count is None else share(count, total)]
            for label, count in protect(counts, exact=exact)]


def _summary(numbers: Constituency, exact: bool = False) -> Section:
    with_country = sum(count for country, count in numbers.countries if country)
    south = sum(count for country, count in numbers.countries if is_global_south(country))
    rows = [
        [_("Events"), len(numbers.events)],
        [_("People (each counted once)"), numbers.people],
        [_("Participations (one person at one event)"), numbers.participations],
        [_("Organisations"), numbers.organisations],
        [_("Countries"), sum(1 for country, _count in numbers.countries if country)],
        # With the number of people shown, a share of 1 to 4 of them (or of all but 1 to 4) names a few people.
        [_("From the Global South (%)"),
         share(south, with_country) if exact or not (0 < south < SMALLEST_GROUP
                                                     or 0 < with_country - south < SMALLEST_GROUP)
         else None],
    ]
    table = Table("totals", _("The constituency in numbers"), [_("Measure"), _("Number")], rows, note=_(
        "People are told apart by their e-mail address; organisations by their name, whatever its capitals "
        "or spaces. The share from the Global South is of the people who gave their country."))
    return Section("summary", _("Engaged stakeholders"), [table], intro=_(
        "Everyone who attended the events below: confirmed participants who were checked in, or every "
        "confirmed participant of an event that recorded no attendance."))


def _people(numbers: Constituency, exact: bool = False) -> Section:
    total = numbers.people
    groups = dict(numbers.groups)
    group_counts = [(str(label), groups.get(key, 0)) for key, label in STAKEHOLDER_GROUPS.items()]
    group_counts += [(key, count) for key, count in numbers.groups if key and key not in STAKEHOLDER_GROUPS]
    group_counts.append((str(NOT_GIVEN), groups.get(None, 0)))
    regions = dict.fromkeys(UNESCO_REGIONS, 0)
    unknown = 0
    for country, count in numbers.countries:
        region = region_of(country)
        if region in regions:
            regions[region] += count
        else:
            unknown += count
    region_counts = [(str(UNESCO_REGIONS[key]), count) for key, count in regions.items()]
    region_counts.append((str(NOT_GIVEN), unknown))

    note = _("Exact counts, for the events' organisers: not for publication. Each person is counted once, with "
             "the details they gave at their latest event.") if exact else \
        _("Groups of fewer than %(number)d people are counted together, so that nobody can be picked out. "
          "Each person is counted once, with the details they gave at their latest event.", number=SMALLEST_GROUP)
    columns = [_("People"), _("Share (%)")]
    group_rows, region_rows = _breakdown(group_counts, total, exact), _breakdown(region_counts, total, exact)
    tables = [Table("groups", _("People by stakeholder group"), [_("Stakeholder group")] + columns, group_rows,
                    note=note),
              Table("regions", _("People by UNESCO region"), [_("Region")] + columns, region_rows, note=note)]
    chart_charts = [
        charts.bars([(label, count) for label, count, _share in group_rows], title=_("People by stakeholder group"),
                    hidden_text=str(HIDDEN)),
        charts.bars([(label, count) for label, count, _share in region_rows], title=_("People by UNESCO region"),
                    hidden_text=str(HIDDEN)),
    ]
    return Section("people", _("Who they are"), tables, chart_charts)


def _per_event(numbers: Constituency) -> Section:
    rows, so_far = [], 0
    for event in numbers.events:
        so_far += event.newcomers
        rows.append([event.title, _local_date(event), _kind_label(event.kind), event.participants, event.newcomers,
                     event.returning, so_far])
    table = Table("events", _("Newcomers and returning participants, event by event"),
                  [_("Event"), _("Date"), _("Kind"), _("Participants"), _("Newcomers"), _("Returning"),
                   _("People so far")], rows,
                  note=_("A newcomer attends one of these events for the first time; a returning participant "
                         "attended an earlier one. People so far: everyone who took part up to and including that "
                         "event."))
    titles = [event.title for event in numbers.events]
    chart = charts.stacked_bars(titles, [(_("Newcomers"), [event.newcomers for event in numbers.events]),
                                         (_("Returning"), [event.returning for event in numbers.events])],
                                title=_("Newcomers and returning participants"))
    return Section("events", _("Event by event"), [table], [chart])


def _over_time(numbers: Constituency) -> Section:
    years: dict[int, list[int]] = {}
    for event in numbers.events:
        year = years.setdefault(event.starts_at.year, [0, 0, 0])
        year[0] += 1
        year[1] += event.participants
        year[2] += event.newcomers
    rows, so_far = [], 0
    for year, (events, participants, newcomers) in sorted(years.items()):
        so_far += newcomers
        rows.append([str(year), events, participants, newcomers, so_far])
    table = Table("years", _("The constituency year by year"),
                  [_("Year"), _("Events"), _("Participants"), _("Newcomers"), _("People so far")], rows)
    chart = charts.line([row[0] for row in rows], [(_("People so far"), [row[4] for row in rows])],
                        title=_("The constituency over time"))
    return Section("growth", _("Over time"), [table], [chart])


def _scores(numbers: Constituency, survey_kind: str, statements: dict) -> tuple[list[Table], list]:
    order = list(KINDS)
    kinds = sorted({event_kind for kind, event_kind, _outcome in numbers.scores if kind == survey_kind},
                   key=lambda key: (order.index(key) if key in KINDS else len(order), key))
    outcomes = list(statements)

    def average(event_kind, outcome):
        score, count = numbers.scores.get((survey_kind, event_kind, outcome), (None, 0))
        if not count:
            return NO_ANSWERS
        return round(score, 1) if count >= SMALLEST_GROUP else None

    averages = [[_kind_label(kind)] + [average(kind, outcome) for outcome in outcomes] for kind in kinds]
    counts = [[_kind_label(kind)] + [numbers.scores.get((survey_kind, kind, outcome), (None, 0))[1]
                                     for outcome in outcomes] for kind in kinds]
    columns = [_("Kind of event")] + [str(OUTCOMES[outcome]) for outcome in outcomes]
    key = "scores" if survey_kind == FEEDBACK else "follow_up_scores"
    title = _("Average score by kind of event") if survey_kind == FEEDBACK else \
        _("Average score by kind of event, months later")
    tables = [
        Table(key, title, columns, averages, note=_(
            "From %(low)d (%(low_label)s) to %(high)d (%(high_label)s). An event's answers to an outcome count "
            "only when at least %(number)d people gave one, as on its own report; %(none)s: no such answers.",
            low=SCALE_MIN, low_label=SCALE[SCALE_MIN],
            high=SCALE_MAX, high_label=SCALE[SCALE_MAX], number=SMALLEST_GROUP, none=NO_ANSWERS)),
        Table(f"{key}_answers", _("Number of answers behind each average"), columns, counts),
    ]
    # One chart per outcome, comparing the kinds of event; kinds where nobody answered it are left out.
    chart_list = []
    for index, outcome in enumerate(outcomes, start=1):
        items = [(row[0], row[index]) for row in averages if row[index] != NO_ANSWERS]
        if any(value is not None for _label, value in items):
            chart_list.append(charts.scores(
                items, title=str(OUTCOMES[outcome]), low=SCALE_MIN, high=SCALE_MAX, low_label=str(SCALE[SCALE_MIN]),
                high_label=str(SCALE[SCALE_MAX]), hidden_text=_("fewer than %(number)d answers",
                                                                  number=SMALLEST_GROUP)))
    return tables, chart_list


def _outcomes(numbers: Constituency) -> Section:
    tables, chart_list = _scores(numbers, FEEDBACK, FEEDBACK_STATEMENTS)
    if any(kind == FOLLOW_UP for kind, _event_kind, _outcome in numbers.scores):
        more_tables, more_charts = _scores(numbers, FOLLOW_UP, FOLLOW_UP_STATEMENTS)
        tables += more_tables
        chart_list += more_charts
    return Section("outcomes", _("Which instruments deliver which results"), tables, chart_list, intro=_(
        "The scores people gave the outcome questions of the feedback survey, right after each event, and of "
        "the follow-up survey, months later, averaged over every event of a kind."))


def _subtitle(numbers: Constituency, filters: Filters) -> str:
    parts = [ngettext("%(num)d event", "%(num)d events", len(numbers.events))]
    if numbers.events:
        first, last = numbers.events[0].starts_at.year, numbers.events[-1].starts_at.year
        parts.append(str(first) if first == last else f"{first}–{last}")
    if filters.kind:
        parts.append(_kind_label(filters.kind))
    if filters.region:
        parts.append(str(UNESCO_REGIONS[filters.region]))
    return ", ".join(parts)


def report_for(user, filters: Filters, now: datetime | None = None, audience: str = PUBLISHABLE) -> Report:
    """`audience`: INTERNAL (exact counts: the user organises these events, or administers them all) or
    PUBLISHABLE (small groups folded). Survey scores keep their rule in both (see `constituency`)."""
    numbers = constituency(user, filters, now)
    exact = audience == INTERNAL
    return Report(title=_("The constituency across events"),
                  filename="report-constituency" + ("" if exact else "-publishable"),
                  subtitle=_subtitle(numbers, filters), audience=audience,
                  sections=[_summary(numbers, exact), _people(numbers, exact), _per_event(numbers),
                            _over_time(numbers), _outcomes(numbers)])


def constituency_report(user, args, now: datetime | None = None) -> Report:
    """The report from a query string (its filters, and `counts`: internal unless "publishable"); BadFilters if
    it holds a filter that cannot be read."""
    return report_for(user, read_filters(args), now, audience_of(args.get("counts")))
