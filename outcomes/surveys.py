"""An event's surveys: making them with their built-in outcome questions, who is asked, and the personal
links that let each attendee answer once, without logging in.

Who is asked: the participants who attended, that is confirmed registrations with a standing check-in
(as for certificates). An event that recorded no attendance at all (an online event, one that did not use
the desk) asks every confirmed participant instead: nobody there was marked absent.

For the organisers' pages: both surveys of an event, their settings and questions, their figures, the raw
answers as CSV, and a person's own answers for their data download. Sending is in outcomes.sending.
"""
from calendar import monthrange
from datetime import datetime, timedelta
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import delete, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.models import move_in_order, utcnow
from core.multilingual import change_source_language, set_translations, translated
from core.security import link_code_hash, new_link_code
from core.times import NonexistentTime, to_local, to_utc
from core.vocabularies import STAKEHOLDER_GROUPS, country_names
from events.models import Event
from outcomes.models import (CHOICE, FEEDBACK, FOLLOW_UP, SCALE, SURVEY_KINDS, Survey, SurveyAnswer, SurveyInvitation,
                             SurveyQuestion, SurveyResponse)
from outcomes.vocabulary import FEEDBACK_STATEMENTS, FOLLOW_UP_STATEMENTS, OUTCOMES
from registration.csv_export import BOM, CsvText, spreadsheet_safe
from registration.models import CONFIRMED, CheckIn, Registration

#: The follow-up survey opens this many months after the event unless the organiser says otherwise.
DEFAULT_DELAY_MONTHS = 6
#: The built-in questions of each kind of survey, by outcome, in order.
BUILT_IN = {FEEDBACK: FEEDBACK_STATEMENTS, FOLLOW_UP: FOLLOW_UP_STATEMENTS}


def survey_of(event: Event, kind: str, create: bool = False) -> Survey | None:
    """The event's survey of this kind; made with its built-in questions (not enabled) when `create`.

    The caller commits.
    """
    survey = db.session.scalar(select(Survey).where(Survey.event_id == event.id, Survey.kind == kind))
    if survey is None and create:
        survey = Survey(event_id=event.id, kind=kind, delay_months=DEFAULT_DELAY_MONTHS if kind == FOLLOW_UP else None,
                        questions=[SurveyQuestion(kind=SCALE, outcome=outcome, position=position)
                                   for position, outcome in enumerate(BUILT_IN[kind])])
        db.session.add(survey)
        db.session.flush()
    return survey


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))


def opens_at(survey: Survey, event: Event | None = None) -> datetime:
    """When people may start answering: the event's end, plus the delay of a follow-up survey."""
    event = event or survey.event
    if survey.kind != FOLLOW_UP:
        return event.ends_at
    # Months are counted on the venue's clocks: six months after 17:00 in November is 17:00 in May, summer time
    # or not.
    later = _add_months(to_local(event.ends_at, event.timezone).replace(tzinfo=None), survey.delay_months or 0)
    try:
        return to_utc(later, event.timezone)
    except NonexistentTime:  # the hour the clocks skip: the first moment after it
        return to_utc(later + timedelta(hours=1), event.timezone)


def is_open(survey: Survey, now: datetime | None = None) -> bool:
    """Taking answers now: enabled, opened, not closed."""
    now = now or utcnow()
    return survey.is_enabled and opens_at(survey) <= now and (survey.closes_at is None or now < survey.closes_at)


def recorded_attendance(event_id: int) -> bool:
    return db.session.scalar(select(exists().where(CheckIn.event_id == event_id, CheckIn.undone_at.is_(None))))


def attendees(event: Event):
    """The registrations asked to answer the event's surveys (see the module's docstring), as a SELECT."""
    statement = select(Registration).where(Registration.event_id == event.id, Registration.status == CONFIRMED)
    if recorded_attendance(event.id):
        statement = statement.where(exists().where(CheckIn.registration_id == Registration.id,
                                                   CheckIn.undone_at.is_(None)))
    return statement.order_by(Registration.id)


def attended(event: Event, registration: Registration) -> bool:
    return db.session.scalar(attendees(event).where(Registration.id == registration.id)
                             .with_only_columns(Registration.id).limit(1)) is not None


def new_link(invitation: SurveyInvitation) -> str:
    """Give the invitation a new code and return it: an earlier link stops working. The caller commits."""
    code, invitation.token_hash = new_link_code()
    return code


def forget(user) -> None:
    """Before `user`'s account goes: the links of their unanswered invitations stop working, or anyone holding
    one of the e-mails could answer in the anonymised person's name. Answers given stay. Called before the
    registrations are anonymised (they lead to the invitations); in the caller's transaction."""
    for invitation in db.session.scalars(
            select(SurveyInvitation).join(Registration, SurveyInvitation.registration_id == Registration.id)
            .where(Registration.user_id == user.id, SurveyInvitation.answered_on.is_(None))):
        invitation.token_hash = void_hash(invitation.id)


def void_hash(invitation_id: int) -> str:
    """A token_hash no code hashes to (a SHA-256 is hexadecimal): the invitation stays, counted, its link dead."""
    return f"void-{invitation_id}"


def invitation_of(survey: Survey, registration: Registration) -> SurveyInvitation:
    """The person's invitation to the survey, made (with a code nobody holds yet) if there is none."""
    invitation = db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id,
                                                                  SurveyInvitation.registration_id == registration.id))
    if invitation is None:
        invitation = SurveyInvitation(survey_id=survey.id, registration_id=registration.id)
        new_link(invitation)
        db.session.add(invitation)
        db.session.flush()
    return invitation


def invitation_for(code: str | None) -> SurveyInvitation | None:
    """The invitation whose link carries `code`; None for a forged, altered or replaced one."""
    if not code or len(code) > 100:
        return None
    return db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.token_hash == link_code_hash(code)))


# --- The organisers' side: both surveys of an event, their settings, questions and figures -------------

def surveys_of(event: Event) -> dict[str, Survey]:
    """The event's two surveys, made (and committed) on first use; keyed by kind, feedback first.

    Two organisers opening the page for the first time at once both try to make them: the second takes
    the first one's.
    """
    found = {kind: survey_of(event, kind) for kind in BUILT_IN}
    if all(found.values()):
        return found
    try:
        found = {kind: survey or survey_of(event, kind, create=True) for kind, survey in found.items()}
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        found = {kind: survey_of(event, kind) for kind in BUILT_IN}
    return found


def is_locked(survey: Survey) -> bool:
    """Whether its questions and its anonymity stay as they are: people were told them (an invitation went
    out) or answered them already (from My registrations)."""
    return survey.first_sent_at is not None or bool(db.session.scalar(
        select(exists().where(SurveyResponse.survey_id == survey.id))))


def question_wording(question: SurveyQuestion, survey_kind: str) -> str:
    """The question as people read it, in the page's language: the built-in statement from the catalogue, or
    the organiser's label in the reader's language where they wrote it (a LocalText, saying which)."""
    if question.outcome:
        return str(BUILT_IN[survey_kind].get(question.outcome, ""))
    return translated(question, "label")


def save_settings(changes: dict[Survey, dict]) -> None:
    """Both surveys' settings, from the one form: saved together or not at all."""
    for survey, values in changes.items():
        for name, value in values.items():
            setattr(survey, name, value)
    db.session.commit()


def answered_since_left(event: Event, survey_ids) -> dict[int, int]:
    """{survey id: people who answered and are no longer among the attendees} (their registration was cancelled
    since, or their check-in undone): they were asked, and count so in a response rate, which therefore never
    passes 100%. One GROUP BY query."""
    survey_ids = list(survey_ids)
    if not survey_ids:
        return {}
    still_asked = attendees(event).with_only_columns(Registration.id).order_by(None)
    return dict(db.session.execute(
        select(SurveyInvitation.survey_id, func.count()).where(
            SurveyInvitation.survey_id.in_(survey_ids), SurveyInvitation.answered_on.is_not(None),
            SurveyInvitation.registration_id.not_in(still_asked))
        .group_by(SurveyInvitation.survey_id)).all())


def asked_count(event: Event) -> int:
    return db.session.scalar(select(func.count()).select_from(attendees(event).order_by(None).subquery()))


def invitation_counts(survey: Survey) -> dict[str, int]:
    """How many were sent the survey, reminded, and answered (one query: COUNT skips the NULLs)."""
    sent, reminded, answered = db.session.execute(
        select(func.count(SurveyInvitation.sent_at), func.count(SurveyInvitation.reminded_at),
               func.count(SurveyInvitation.answered_on)).where(SurveyInvitation.survey_id == survey.id)).one()
    return {"sent": sent, "reminded": reminded, "answered": answered}


def response_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse)
                             .where(SurveyResponse.survey_id == survey.id))


def add_question(survey: Survey, values: dict, translations: dict | None = None) -> SurveyQuestion:
    """`values` in the event's first language; `translations`: {field: {language: text}} for the others."""
    last = db.session.scalar(select(func.max(SurveyQuestion.position)).where(SurveyQuestion.survey_id == survey.id))
    question = SurveyQuestion(survey=survey, position=(last or 0) + 1, **values)
    for field, texts in (translations or {}).items():
        set_translations(question, field, texts)
    db.session.add(question)
    db.session.commit()
    return question


def update_question(question: SurveyQuestion, values: dict, translations: dict | None = None) -> None:
    for name, value in values.items():
        setattr(question, name, value)
    for field, texts in (translations or {}).items():
        set_translations(question, field, texts)
    db.session.commit()


def delete_question(question: SurveyQuestion) -> None:
    # By its id, not the loaded row: a second click on "Delete" finds nothing to delete, and no error.
    db.session.execute(delete(SurveyQuestion).where(SurveyQuestion.id == question.id))
    db.session.commit()


def move_question(survey: Survey, question: SurveyQuestion, step: int) -> None:
    """Swap the question with its neighbour above (step -1) or below (step 1)."""
    move_in_order(survey.questions, question, step, first=0)
    db.session.commit()


def personal_data(user) -> dict:
    """The person's answers to named surveys, for their own data download. Answers to an anonymous survey
    are stored with no link to anyone: they cannot be found, and are not listed."""
    responses = db.session.scalars(
        select(SurveyResponse).join(Registration, SurveyResponse.registration_id == Registration.id)
        .join(Survey, SurveyResponse.survey_id == Survey.id)
        .where(Registration.user_id == user.id, Survey.is_anonymous.is_(False))
        .options(selectinload(SurveyResponse.answers).selectinload(SurveyAnswer.question),
                 selectinload(SurveyResponse.survey).selectinload(Survey.event))
        .order_by(SurveyResponse.submitted_on)).all()
    return {"survey_answers": [{
        "event": str(translated(response.survey.event, "title")), "survey": str(SURVEY_KINDS[response.survey.kind]),
        "submitted_on": response.submitted_on.isoformat(),
        "answers": [{"question": question_wording(answer.question, response.survey.kind), "score": answer.score,
                     "choice": answer.choice, "text": answer.text}
                    for answer in sorted(response.answers, key=lambda item: (item.question.position,
                                                                              item.question_id))],
    } for response in responses]}


# --- The raw answers, as CSV ----------------------------------------------------------------------------

def _column_titles(survey: Survey) -> list[str]:
    titles = []
    for question in survey.questions:
        wording = str(OUTCOMES[question.outcome]) if question.outcome else question.label
        if question.kind == SCALE:
            titles += [_("%(question)s: score", question=wording), _("%(question)s: comment", question=wording)]
        else:
            titles.append(wording)
    return titles


def _answer_cells(questions: list[tuple[int, str]], answers: dict) -> list:
    cells = []
    for question_id, kind in questions:
        answer = answers.get(question_id)
        if kind == SCALE:
            cells += [answer.score if answer else "", answer.text if answer else ""]
        elif kind == CHOICE:
            cells.append((answer.choice or "") if answer else "")
        else:
            cells.append(answer.text if answer else "")
    return cells


def response_rows(survey: Survey):
    """The survey's answers as CSV, one row per response and one column per question (two for a score: the
    score and its comment), to be streamed as the rows are read.

    A named survey starts each row with who answered and when. An anonymous one gives nothing about the
    person: no name or other detail, no date, and the rows in the order of the responses' random ids, so
    that not even their order says who answered first. (The page refuses the file while so few answered
    that each row could be matched to one of the few people asked: see SMALLEST_GROUP.)
    """
    # Read now, in the request: the rows are written after the view has returned, in a session of their own.
    named, survey_id = not survey.is_anonymous, survey.id
    questions = [(question.id, question.kind) for question in survey.questions]
    person = [_("Name"), _("E-mail address"), _("Organisation"), _("Stakeholder group"), _("Country"),
              _("Answered on")] if named else []
    header = [spreadsheet_safe(title) for title in person + _column_titles(survey)]
    groups, countries = {key: str(label) for key, label in STAKEHOLDER_GROUPS.items()}, country_names()
    answer_columns = (SurveyAnswer.question_id, SurveyAnswer.score, SurveyAnswer.choice, SurveyAnswer.text)
    if named:
        statement = (select(SurveyResponse.id, Registration.full_name, Registration.email, Registration.organisation,
                            Registration.stakeholder_group, Registration.country, SurveyResponse.submitted_on,
                            *answer_columns)
                     .outerjoin(Registration, SurveyResponse.registration_id == Registration.id)
                     .order_by(SurveyResponse.submitted_on, Registration.full_name, SurveyResponse.id))
    else:
        statement = select(SurveyResponse.id, *answer_columns).order_by(SurveyResponse.id)
    statement = (statement.outerjoin(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
                 .where(SurveyResponse.survey_id == survey_id))

    def rows():
        out = CsvText()
        yield BOM
        out.row(header)
        yield out.text()
        for _response_id, lines in groupby(db.session.execute(statement.execution_options(yield_per=500)),
                                           key=lambda row: row.id):
            lines = list(lines)
            answers = {line.question_id: line for line in lines if line.question_id is not None}
            first = lines[0]
            cells = [first.full_name, first.email, first.organisation, groups.get(first.stakeholder_group, ""),
                     countries.get(first.country, ""), first.submitted_on.isoformat()] if named else []
            out.row([spreadsheet_safe(cell) for cell in cells + _answer_cells(questions, answers)])
            yield out.text()

    return rows()


def move_first_language(event: Event, old: str, new: str) -> None:
    """The event's first language changed: the organisers' own survey questions move their texts with it
    (core.signals.first_language_changed)."""
    questions = db.session.scalars(select(SurveyQuestion).join(Survey, Survey.id == SurveyQuestion.survey_id)
                                   .where(Survey.event_id == event.id))
    for question in questions:
        change_source_language(question, old, new, keep_unwritten=True)
