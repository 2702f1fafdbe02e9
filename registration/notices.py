"""What every change to a registration leaves behind: a line in its history, and an e-mail to the person.

E-mails go through the outbox in the caller's transaction, in the person's language: they exist
exactly when the change that caused them is committed.
"""
from datetime import datetime, timedelta

from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import func, select

from accounts.models import User
from core.cache import remembered
from core.extensions import db
from core.i18n import person_language
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import lazy_translated
from core.urls import external_url
from events import ical, links
from events.models import HYBRID
from events.programme import programme
from registration.models import CONFIRMED, WAITLISTED, Registration, RegistrationChange, SessionChoice


def record(registration: Registration, from_status: str | None, to_status: str, by=None, reason: str = "",
           session_id: int | None = None) -> None:
    registration.history.append(RegistrationChange(from_status=from_status, to_status=to_status, reason=reason,
                                                   by_user_id=getattr(by, "id", None), session_id=session_id))


def waitlist_position(registration: Registration) -> int:
    """The person's place in the waiting list (a hybrid event has one for each way of taking part)."""
    statement = select(func.count()).select_from(Registration).where(
        Registration.event_id == registration.event_id, Registration.status == WAITLISTED,
        Registration.waitlisted_at < registration.waitlisted_at)
    if registration.event.attendance_mode == HYBRID:
        statement = statement.where(Registration.participation == registration.participation)
    return 1 + db.session.scalar(statement)


def seat_position(choice: SessionChoice) -> int:
    return 1 + db.session.scalar(select(func.count()).select_from(SessionChoice).where(
        SessionChoice.session_id == choice.session_id, SessionChoice.status == WAITLISTED,
        SessionChoice.waitlisted_at < choice.waitlisted_at))


# Subjects are made when the mail is queued, in the recipient's language (queue_mail renders them).
SUBJECTS = {
    "confirmed": lambda title: _l("Your place at %(event)s is confirmed", event=title),
    "waitlisted": lambda title: _l("You are on the waiting list for %(event)s", event=title),
    "offered": lambda title: _l("A place is free for you at %(event)s", event=title),
    "cancelled": lambda title: _l("Your registration for %(event)s is cancelled", event=title),
    "pending": lambda title: _l("Your registration for %(event)s awaits approval", event=title),
    "rejected": lambda title: _l("Your registration for %(event)s was not accepted", event=title),
    "offer_expired": lambda title: _l("The place offered at %(event)s has gone to the next person", event=title),
    "changed": lambda title: _l("Your registration for %(event)s is updated", event=title),
    "seat_offered": lambda title: _l("A seat is free for you at %(session)s", session=title),
    "seat_expired": lambda title: _l("The seat offered at %(session)s has gone to the next person", session=title),
    "seat_confirmed": lambda title: _l("Your seat at %(session)s is confirmed", session=title),
}


def offer_deadline(hours: int, starts_at: datetime, now: datetime | None = None) -> datetime:
    """How long an offered place or seat is held: the organisers' hours, but not past the start (once
    under way, a place freed at a multi-day event is held the whole time)."""
    now = now or utcnow()
    held = now + timedelta(hours=hours)
    return min(held, starts_at) if starts_at > now else held


def language_of(registration: Registration) -> str | None:
    """The language to write to a participant in: their account's as it is now (they may change it in their
    profile or with the language menu after registering), else the one they registered in."""
    account = db.session.get(User, registration.user_id) if registration.user_id else None
    return (account.locale if account is not None else None) or registration.locale


def tell(registration: Registration, what: str | None = None, choice: SessionChoice | None = None,
         session=None, reason: str = "") -> None:
    """Queue the e-mail for the registration's new state (or for `what` happened to it, or to its
    `choice` of a session, or at `session` once the choice is gone), with the organisers' `reason`."""
    event = registration.event
    what = what or registration.status
    session = session or (choice.session if choice is not None else None)
    attachments = []
    if what == CONFIRMED:
        # The event's calendar travels with the confirmation, so it is in the person's calendar at once.
        # Built once per version of the event, not once per person (this runs under the event's lock).
        # In the person's language, as the mail is (remembered keys it by language).
        with force_locale(person_language(language_of(registration))):
            calendar = remembered(("confirmation-calendar", event.id, event.sequence, event.content_changed_at),
                                  lambda: ical.event_calendar(event, programme(event), link=links.page_link))
        attachments = [(f"{event.slug}.ics", "text/calendar", calendar)]
    title = lazy_translated(session if session is not None else event, "title")
    queue_mail(registration.email, SUBJECTS[what](title), f"registration_{what}", locale=language_of(registration),
               attachments=attachments, registration=registration, event=event, choice=choice, session=session,
               reason=reason,
               seat_positions=seat_positions(registration),
               position=waitlist_position(registration) if what == WAITLISTED else None,
               link=external_url("registration.my_registrations"))


def seat_positions(registration: Registration) -> dict[int, int]:
    """Session id -> place on its waiting list, for the person's waiting choices."""
    return {choice.session_id: seat_position(choice) for choice in registration.choices
            if choice.status == WAITLISTED}
