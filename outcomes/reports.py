"""The counts behind an event's report, each one GROUP BY in the database: however many people
registered, a report costs the same few queries and carries a few hundred rows at most.

The functions return plain values (dates, keys, counts); outcomes.dashboard turns them into tables and
charts in the reader's language.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from outcomes.models import SurveyAnswer, SurveyResponse
from registration.models import CONFIRMED, CheckIn, Registration, SessionChoice, SessionPlaces


def local_day(column, event: Event):
    """SQL for the day on the venue's calendar of the UTC datetime `column`.

    PostgreSQL converts with the zone's rules; SQLite knows no zones, so it shifts by the zone's offset at
    the start of the event (a registration made in the hour around a change of clocks may fall on the
    neighbouring day there). Read the result with `as_date`: SQLite returns text.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(event.timezone, column))
    offset = event.starts_at.astimezone(event.zone).utcoffset() or timedelta(0)
    return func.date(column, f"{int(offset.total_seconds() // 60):+d} minutes")


def as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def registrations_by_day(event: Event) -> list[tuple[date, str, int]]:
    """(day, current status, registrations made that day) for each day that had any, in order of days."""
    day = local_day(Registration.created_at, event)
    rows = db.session.execute(select(day, Registration.status, func.count()).where(Registration.event_id == event.id)
                              .group_by(day, Registration.status).order_by(day)).all()
    return [(as_date(day), status, count) for day, status, count in rows]


def confirmed_profile(event: Event) -> list[tuple[str | None, str | None, str | None, int]]:
    """(stakeholder group, country, gender, confirmed participants) for each combination there is.

    One pass over the event's registrations for three breakdowns: the rows are bounded by the vocabularies
    (a few thousand at most), not by the number of people; `tally` adds them up by one of the three.
    """
    return [tuple(row) for row in db.session.execute(
        select(Registration.stakeholder_group, Registration.country, Registration.gender, func.count())
        .where(Registration.event_id == event.id, Registration.status == CONFIRMED)
        .group_by(Registration.stakeholder_group, Registration.country, Registration.gender)).all()]


def confirmed_by_category(event: Event) -> dict[int | None, int]:
    """{participant category id (None: without one): confirmed participants}."""
    return dict(db.session.execute(
        select(Registration.category_id, func.count())
        .where(Registration.event_id == event.id, Registration.status == CONFIRMED)
        .group_by(Registration.category_id)).all())


def by_participation(event: Event) -> dict[str, tuple[int, int]]:
    """{participation ("in_person", "online"): (confirmed participants, those of them who attended at least once)}.
    Attendance in the room is a check-in; online, a check-in drawn from the person's joins (CheckIn.is_online)."""
    attended = (select(CheckIn.id).where(CheckIn.registration_id == Registration.id, CheckIn.undone_at.is_(None))
                .correlate(Registration).exists())
    rows = db.session.execute(
        select(Registration.participation, func.count(), func.count().filter(attended))
        .where(Registration.event_id == event.id, Registration.status == CONFIRMED)
        .group_by(Registration.participation)).all()
    return {participation: (confirmed, came) for participation, confirmed, came in rows}


def tally(rows, index: int) -> dict:
    """{value at `index` of the rows: the sum of their counts (the last item)}."""
    totals: dict = {}
    for row in rows:
        totals[row[index]] = totals.get(row[index], 0) + row[-1]
    return totals


def limited_seats(event: Event) -> dict[int, int]:
    """{session id: confirmed seats} for the event's sessions whose seats are limited."""
    rows = db.session.execute(
        select(SessionPlaces.session_id, func.count(SessionChoice.id))
        .outerjoin(SessionChoice, (SessionChoice.session_id == SessionPlaces.session_id)
                   & (SessionChoice.status == CONFIRMED))
        .where(SessionPlaces.event_id == event.id).group_by(SessionPlaces.session_id)).all()
    return dict(rows)


def responses_by_survey(survey_ids) -> dict[int, int]:
    if not survey_ids:
        return {}
    return dict(db.session.execute(select(SurveyResponse.survey_id, func.count()).where(
        SurveyResponse.survey_id.in_(survey_ids)).group_by(SurveyResponse.survey_id)).all())


#: Comments listed per question in a report: the longest first. All of them are in the survey's own download.
COMMENTS_SHOWN = 25


@dataclass
class Answers:
    """What the answers to one question add up to."""

    #: {score: answers} (scale questions).
    scores: dict[int, int] = field(default_factory=dict)
    #: {option chosen: answers} (choice questions).
    choices: dict[str, int] = field(default_factory=dict)
    #: Up to COMMENTS_SHOWN of the texts given (text answers, comments on scores), with nothing of who wrote them.
    texts: list[str] = field(default_factory=list)
    #: How many texts were given in all.
    text_count: int = 0


def answers_by_question(question_ids) -> dict[int, Answers]:
    """{question id: Answers} for these questions, in two queries whatever the number of answers.

    The counts are grouped by score and choice (an index holds them: no answer row is read); the texts come
    from a partial index of the answers that have one, numbered per question so that only the first
    COMMENTS_SHOWN of each are read. Texts come longest first, then in the order of the texts themselves:
    nothing in it says who answered when.
    """
    question_ids = list(question_ids)
    if not question_ids:
        return {}
    found: dict[int, Answers] = {}
    for question_id, score, choice, count in db.session.execute(
            select(SurveyAnswer.question_id, SurveyAnswer.score, SurveyAnswer.choice, func.count())
            .where(SurveyAnswer.question_id.in_(question_ids))
            .group_by(SurveyAnswer.question_id, SurveyAnswer.score, SurveyAnswer.choice)).all():
        answers = found.setdefault(question_id, Answers())
        if score is not None:
            answers.scores[score] = answers.scores.get(score, 0) + count
        if choice:
            answers.choices[choice] = answers.choices.get(choice, 0) + count
    numbered = select(
        SurveyAnswer.question_id, SurveyAnswer.text,
        func.row_number().over(partition_by=SurveyAnswer.question_id,
                               order_by=(func.length(SurveyAnswer.text).desc(), SurveyAnswer.text)).label("number"),
        func.count().over(partition_by=SurveyAnswer.question_id).label("total"),
    ).where(SurveyAnswer.question_id.in_(question_ids), SurveyAnswer.text != "").subquery()
    for question_id, given, total in db.session.execute(
            select(numbered.c.question_id, numbered.c.text, numbered.c.total)
            .where(numbered.c.number <= COMMENTS_SHOWN).order_by(numbered.c.question_id, numbered.c.number)).all():
        answers = found.setdefault(question_id, Answers())
        answers.text_count = total
        if given.strip():
            answers.texts.append(given.strip())
    return found
