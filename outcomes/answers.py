"""Answering a survey: who may answer it now, and saving one person's answers once.

Whichever way a person answers (the link in the e-mail, or "My registrations" once logged in), the answer
goes through their one invitation: its `answered_on` is the "already answered" of both.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import utcnow
from events.models import CANCELLED as CANCELLED_EVENT, Event
from outcomes import surveys
from outcomes.models import Survey, SurveyAnswer, SurveyInvitation, SurveyResponse
from registration.models import CONFIRMED, CheckIn, Registration

#: Why a person may not answer (the page tells which, with its own status).
UNKNOWN, ANSWERED, NOT_ENABLED, NOT_YET, CLOSED, NOT_ATTENDED = (
    "unknown", "answered", "not_enabled", "not_yet", "closed", "not_attended")


class Refused(Exception):
    def __init__(self, reason: str, survey: Survey | None = None, when: datetime | None = None):
        super().__init__(reason)
        self.reason, self.survey, self.when = reason, survey, when


def check(survey: Survey | None, registration: Registration, invitation: SurveyInvitation | None,
          now: datetime | None = None) -> None:
    """Raise Refused unless this person may answer this survey now.

    Having answered comes first: a person who answered is told so, whatever became of the survey since.
    """
    if survey is None:
        raise Refused(NOT_ENABLED)
    if invitation is not None and invitation.answered_on is not None:
        raise Refused(ANSWERED, survey)
    now = now or utcnow()
    if not survey.is_enabled or survey.event.status == CANCELLED_EVENT:
        raise Refused(NOT_ENABLED, survey)
    opens = surveys.opens_at(survey)
    if now < opens:
        raise Refused(NOT_YET, survey, opens)
    if survey.closes_at is not None and survey.closes_at <= now:
        raise Refused(CLOSED, survey, survey.closes_at)
    if not surveys.attended(survey.event, registration):
        raise Refused(NOT_ATTENDED, survey)


def existing_invitation(survey: Survey, registration: Registration) -> SurveyInvitation | None:
    return db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id,
                                                            SurveyInvitation.registration_id == registration.id))


def own_invitation(survey: Survey, registration: Registration) -> SurveyInvitation:
    """The person's invitation, made and committed if there is none (no e-mail: they came from their page).

    Two tabs opening the page at once both try to make it; the loser takes the winner's.
    """
    try:
        invitation = surveys.invitation_of(survey, registration)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        invitation = surveys.invitation_of(survey, registration)
    return invitation


@dataclass
class Answer:
    question_id: int
    score: int | None = None
    choice: str | None = None
    text: str = ""


def save(invitation: SurveyInvitation, answers: list[Answer]) -> SurveyResponse:
    """Store the answers as the invitation's one response, and commit; Refused(ANSWERED) if it has one.

    The invitation is marked answered first, by an UPDATE that only matches while it is unanswered: that
    takes its row lock (PostgreSQL) or the write lock (SQLite), so of two submissions at the same moment
    the second waits, then finds it answered and stores nothing. Only dates are kept, never a time: in an
    anonymous survey the time of an answer would match it to the invitation answered at that time.
    """
    survey, today = invitation.survey, utcnow().date()
    marked = db.session.execute(update(SurveyInvitation)
                                .where(SurveyInvitation.id == invitation.id, SurveyInvitation.answered_on.is_(None))
                                .values(answered_on=today).execution_options(synchronize_session=False))
    if marked.rowcount != 1:
        db.session.rollback()
        raise Refused(ANSWERED, survey)
    # An anonymous response keeps no day: the invitation's answered_on would match it (see SurveyResponse).
    response = SurveyResponse(survey_id=survey.id, submitted_on=None if survey.is_anonymous else today,
                              registration_id=None if survey.is_anonymous else invitation.registration_id,
                              answers=[SurveyAnswer(question_id=answer.question_id, score=answer.score,
                                                    choice=answer.choice, text=answer.text) for answer in answers])
    db.session.add(response)
    try:
        if survey.is_anonymous and db.session.get_bind().dialect.name == "postgresql":  # SQLite keeps no such stamp
            db.session.flush()
            _blend(survey.id)
        db.session.commit()
    except IntegrityError:  # a response of this person's already stands (named surveys: one per registration)
        db.session.rollback()
        raise Refused(ANSWERED, survey) from None
    return response


def _blend(survey_id: int) -> None:
    """Rewrite every response and answer of an anonymous survey in this transaction.

    PostgreSQL stamps each row with the transaction that last wrote it (its `xmin`, a counter): left alone,
    the invitation marked answered and the response and answers stored with it would carry the same stamp,
    and the stamps' order would be the order of the answers. Rewritten, all of the survey's responses and
    answers carry this transaction's stamp, which they share with one invitation only (the latest answered):
    they say nothing of who gave which. Rows that another transaction holds (another answer being stored)
    are left for the next answer to blend: nothing waits for them, so nothing can deadlock.
    """
    response_ids = db.session.scalars(
        select(SurveyResponse.id).where(SurveyResponse.survey_id == survey_id)
        .with_for_update(skip_locked=True)).all()
    db.session.execute(update(SurveyResponse).where(SurveyResponse.id.in_(response_ids))
                       .values(submitted_on=SurveyResponse.submitted_on).execution_options(synchronize_session=False))
    answer_keys = db.session.execute(
        select(SurveyAnswer.response_id, SurveyAnswer.question_id).where(SurveyAnswer.response_id.in_(response_ids))
        .with_for_update(skip_locked=True)).all()
    db.session.execute(update(SurveyAnswer)
                       .where(tuple_(SurveyAnswer.response_id, SurveyAnswer.question_id).in_(
                           [tuple(key) for key in answer_keys]))
                       .values(score=SurveyAnswer.score).execution_options(synchronize_session=False))


@dataclass
class OpenSurvey:
    """A survey shown on "My registrations": answered already, or open to this person now."""

    survey: Survey
    is_answered: bool


def open_surveys_for(registrations) -> dict[int, list[OpenSurvey]]:
    """For each of these registrations (by id), the surveys its person answered or may answer now.

    One query for them all, so that "My registrations" costs the same however many the person has.
    """
    ids = [registration.id for registration in registrations]
    if not ids:
        return {}
    # Who attended, as surveys.attendees says, for many registrations at once.
    checked_in = exists().where(CheckIn.registration_id == Registration.id, CheckIn.undone_at.is_(None))
    event_checked_in = exists().where(CheckIn.event_id == Registration.event_id, CheckIn.undone_at.is_(None))
    rows = db.session.execute(
        select(Survey, Event, Registration.id, SurveyInvitation.answered_on,
               (checked_in | ~event_checked_in).label("attended"))
        .join(Event, Event.id == Survey.event_id)
        .join(Registration, Registration.event_id == Survey.event_id)
        .outerjoin(SurveyInvitation, and_(SurveyInvitation.survey_id == Survey.id,
                                          SurveyInvitation.registration_id == Registration.id))
        .where(Registration.id.in_(ids), Registration.status == CONFIRMED, Survey.is_enabled.is_(True),
               Event.status != CANCELLED_EVENT)
        .order_by(Survey.kind)).all()
    found: dict[int, list[OpenSurvey]] = {}
    now = utcnow()
    for survey, event, registration_id, answered_on, attended in rows:
        if answered_on is not None:
            found.setdefault(registration_id, []).append(OpenSurvey(survey, True))
        elif attended and surveys.opens_at(survey, event) <= now and (survey.closes_at is None
                                                                       or now < survey.closes_at):
            found.setdefault(registration_id, []).append(OpenSurvey(survey, False))
    return found
