"""Sending the surveys: the invitations with their personal links, the reminders, and the regular run that
sends what is due (`flask send-surveys`). Every message goes through the outbox, committed with the
invitations it tells of: a link exists in an e-mail exactly when its invitation is stored.
"""
from datetime import datetime, timedelta

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import lazy_translated
from core.urls import external_url
from events.formatting import local_datetime
from events.models import CANCELLED, Event
from outcomes.models import FEEDBACK, Survey, SurveyInvitation
from outcomes.surveys import attendees, invitation_of, is_open, new_link, opens_at
from registration.models import Registration
from registration.notices import language_of
from registration.privacy import still_reachable

#: Those who have not answered this long after their invitation get one reminder, by themselves.
REMIND_AFTER = timedelta(days=7)


def sending_problem(survey: Survey, now: datetime | None = None) -> str | None:
    """Why the survey cannot be sent now, as the organiser reads it; None when it can."""
    now = now or utcnow()
    event = survey.event
    if event.status == CANCELLED:
        return _("The event is cancelled: its surveys are not sent.")
    if not survey.is_enabled:
        return _("Turn the survey on in the settings first, then send it.")
    opens = opens_at(survey, event)
    if now < opens:
        if survey.kind == FEEDBACK:
            return _("The feedback survey is for those who attended: it opens when the event ends, on %(date)s. "
                     "Invitations can be sent from then (they also go out by themselves).",
                     date=local_datetime(opens, event, "short"))
        return _("The follow-up survey opens %(months)d months after the event, on %(date)s. Invitations can be sent "
                 "from then (they also go out by themselves).", months=survey.delay_months or 0,
                 date=local_datetime(opens, event, "short"))
    if survey.closes_at is not None and survey.closes_at <= now:
        return _("The survey closed on %(date)s: set a later closing date first.",
                 date=local_datetime(survey.closes_at, event, "short"))
    return None


def _lock(survey: Survey) -> None:
    """Hold the survey's row (PostgreSQL) while sending: the button and the regular run at the same moment
    would otherwise both find the same people not invited yet, and mail them twice."""
    db.session.refresh(survey, with_for_update=True)


def _subject(survey: Survey, event: Event, reminder: bool):
    title = lazy_translated(event, "title")  # in the recipient's language, when queue_mail renders it
    if survey.kind == FEEDBACK:
        if reminder:
            return _l("Reminder: your feedback on %(event)s", event=title)
        return _l("Your feedback on %(event)s: a few minutes", event=title)
    if reminder:
        return _l("Reminder: what came of %(event)s?", event=title)
    return _l("What came of %(event)s? A few minutes", event=title)


def _mail(survey: Survey, event: Event, invitation: SurveyInvitation, registration: Registration,
          reminder: bool) -> None:
    """Queue the e-mail with a new link: whatever link the person held before stops working."""
    code = new_link(invitation)
    queue_mail(registration.email, _subject(survey, event, reminder),
               "survey_reminder" if reminder else "survey_invitation", locale=language_of(registration),
               registration=registration, event=event, survey=survey,
               link=external_url("outcomes.answer_survey", code=code))


def send_invitations(survey: Survey, now: datetime | None = None) -> int:
    """Invite every attendee not invited yet (nor answered from their own page); commit; return how many.

    Nothing is sent while the survey is not open (see sending_problem).
    """
    now = now or utcnow()
    if sending_problem(survey, now):
        return 0
    _lock(survey)
    event = survey.event
    done = exists().where(SurveyInvitation.survey_id == survey.id, SurveyInvitation.registration_id == Registration.id,
                          or_(SurveyInvitation.sent_at.is_not(None), SurveyInvitation.answered_on.is_not(None)))
    registrations = db.session.scalars(attendees(event).where(~done, still_reachable())).all()
    for registration in registrations:
        invitation = invitation_of(survey, registration)
        _mail(survey, event, invitation, registration, reminder=False)
        invitation.sent_at = now
    if registrations and survey.first_sent_at is None:
        survey.first_sent_at = now
    db.session.commit()
    return len(registrations)


def send_reminders(survey: Survey, now: datetime | None = None, invited_before: datetime | None = None) -> int:
    """Remind, once, the attendees invited (before `invited_before`, if given) who have not answered; commit;
    return how many. Nothing is sent while the survey is not open."""
    now = now or utcnow()
    if survey.event.status == CANCELLED or not is_open(survey, now):
        return 0
    _lock(survey)
    event = survey.event
    statement = (select(SurveyInvitation)
                 .where(SurveyInvitation.survey_id == survey.id, SurveyInvitation.sent_at.is_not(None),
                        SurveyInvitation.answered_on.is_(None), SurveyInvitation.reminded_at.is_(None),
                        # Still an attendee: not a registration cancelled since, nor a deleted account's.
                        SurveyInvitation.registration_id.in_(attendees(event).where(still_reachable())
                                                             .with_only_columns(Registration.id).order_by(None)))
                 .options(selectinload(SurveyInvitation.registration)).order_by(SurveyInvitation.id))
    if invited_before is not None:
        statement = statement.where(SurveyInvitation.sent_at <= invited_before)
    invitations = db.session.scalars(statement).all()
    for invitation in invitations:
        _mail(survey, event, invitation, invitation.registration, reminder=True)
        invitation.reminded_at = now
    db.session.commit()
    return len(invitations)


def send_due(now: datetime | None = None) -> tuple[int, int]:
    """What the regular run sends: the invitations of every open survey to those not invited yet (people
    checked in late, or every attendee when a survey has just opened), and the one reminder REMIND_AFTER
    an invitation. Returns (invitations, reminders)."""
    now = now or utcnow()
    candidates = db.session.scalars(
        select(Survey).join(Event, Survey.event_id == Event.id)
        .where(Survey.is_enabled.is_(True), Event.ends_at <= now, Event.status != CANCELLED,
               or_(Survey.closes_at.is_(None), Survey.closes_at > now))
        .options(selectinload(Survey.event)).order_by(Survey.id)).all()
    invited = reminded = 0
    for survey in candidates:
        if is_open(survey, now):  # a follow-up survey opens months after the event ended
            invited += send_invitations(survey, now)
            reminded += send_reminders(survey, now, invited_before=now - REMIND_AFTER)
    return invited, reminded
