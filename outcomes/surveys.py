"""An event's surveys: making them with their built-in outcome questions, who is asked, and the personal
links that let each attendee answer once, without logging in.

Who is asked: the participants who attended, that is confirmed registrations with a standing check-in
(as for certificates). An event that recorded no attendance at all (an online event, one that did not use
the desk) asks every confirmed participant instead: nobody there was marked absent.
"""
from calendar import monthrange
from datetime import datetime

from sqlalchemy import exists, select

from core.extensions import db
from core.models import utcnow
from core.security import link_code_hash, new_link_code
from events.models import Event
from outcomes.models import FEEDBACK, FOLLOW_UP, SCALE, Survey, SurveyInvitation, SurveyQuestion
from outcomes.vocabulary import FEEDBACK_STATEMENTS, FOLLOW_UP_STATEMENTS
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
    return _add_months(event.ends_at, survey.delay_months or 0) if survey.kind == FOLLOW_UP else event.ends_at


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
