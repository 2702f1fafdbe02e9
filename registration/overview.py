"""What registration adds to the organiser's overview of an event (figures, to-do) and to a person's home
page (their registrations and desks): answers to core.signals, connected by the blueprint (views.py).

A fixed number of queries each, whatever the number of registrations: counts are grouped in SQL."""
from flask import url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core import jobs
from core.extensions import db
from core.mail import FAILED as MAIL_FAILED, OutboxMessage
from core.models import utcnow
from core.multilingual import translated
from core.overview import Figure, HomeSection, Task
from events.models import HYBRID, IN_PERSON, ONLINE, Event
from registration import badges, category_services, checkin, desk_access, organising, participation, services
from registration.models import (APPROVAL_MODE, CANCELLED, CONFIRMED, OFFERED, PENDING, REJECTED, WAITLISTED, CheckIn,
                                 Registration, RegistrationChange)


def _participants(event, status: str | None = None) -> str:
    return url_for("registration.participants", slug=event.slug, **({"status": status} if status else {}))


def event_figures(sender, event) -> list:
    settings = services.settings_of(event)
    if settings is None:
        return [Task(_("Registration is not set up: choose how people register and how many places there are."),
                     url_for("registration.manage_settings", slug=event.slug), order=10)]
    counts = organising.counts_by_status(event)
    taken = counts.get(CONFIRMED, 0) + counts.get(OFFERED, 0)
    parts = _places_figures(event, settings, taken) + [
        Figure(_("On the waiting list"), counts.get(WAITLISTED, 0), _participants(event, WAITLISTED), order=20),
        Figure(_("Places offered, waiting for an answer"), counts.get(OFFERED, 0), _participants(event, OFFERED),
               order=40),
        Figure(_("Checked in today"), _checked_in_today(event), url_for("registration.manage_checkin", slug=event.slug),
               order=50),
    ]
    if event.attendance_mode != IN_PERSON:
        parts.append(Figure(_("Attended online today"), _checked_in_today(event, online=True),
                            url_for("registration.manage_online", slug=event.slug), order=51))
    if settings.mode == APPROVAL_MODE or counts.get(PENDING):
        parts.append(Figure(_("Waiting for approval"), counts.get(PENDING, 0), _participants(event, PENDING), order=30))
    if counts.get(PENDING):
        parts.append(Task(ngettext("Decide on %(num)d registration waiting for approval.",
                                   "Decide on %(num)d registrations waiting for approval.", counts[PENDING]),
                          _participants(event, PENDING), order=10))
    parts.extend(_category_figures(event))
    failed = _failed_mails(event)
    parts.append(Figure(_("E-mails to participants that failed"), failed, order=90, is_problem=bool(failed),
                        url=url_for("main.mail_log", status=MAIL_FAILED)
                        if current_user.has_role("administrator") else None))
    if counts.get(CONFIRMED) and event.ends_at > utcnow():
        # People who take part online need no badge (badges.confirmed).
        at_the_door = badges.confirmed_count(event.id) if event.attendance_mode != IN_PERSON else counts[CONFIRMED]
        if at_the_door:
            parts.extend(_badge_tasks(event, at_the_door))
    return parts


def _category_figures(event) -> list[Figure]:
    """Places taken in each participant category (two queries however many categories and people)."""
    taken = category_services.counts_by_category(event.id)
    return [Figure(_("Places taken: %(category)s", category=translated(category, "name")), taken.get(category.id, 0),
                   url_for("registration.participants", slug=event.slug, category=category.key),
                   total=category.capacity, order=60 + index)
            for index, category in enumerate(category_services.categories_of(event.id))]


def _places_figures(event, settings, taken: int) -> list[Figure]:
    """Places taken; at a hybrid event, in person and online side by side, each against its own places."""
    if event.attendance_mode != HYBRID:
        return [Figure(_("Places taken"), taken, _participants(event, CONFIRMED), total=settings.capacity, order=10)]
    ways = participation.counts_by_participation(event)
    return [Figure(_("Places taken in person"), ways[IN_PERSON],
                   url_for("registration.participants", slug=event.slug, status=CONFIRMED, participation=IN_PERSON),
                   total=settings.capacity, order=10),
            Figure(_("Places taken online"), ways[ONLINE],
                   url_for("registration.participants", slug=event.slug, status=CONFIRMED, participation=ONLINE),
                   total=settings.online_capacity, order=11)]


def _checked_in_today(event, online: bool = False) -> int:
    """People checked in at the door today (`online`: who attended online); 0 on days that are not the event's."""
    today = utcnow().astimezone(event.zone).date()
    if checkin.event_day(event) != today:
        return 0
    return db.session.scalar(select(func.count(func.distinct(CheckIn.registration_id))).where(
        CheckIn.event_id == event.id, CheckIn.day == today, CheckIn.undone_at.is_(None), CheckIn.session_id.is_(None),
        CheckIn.is_online.is_(online)))


def _failed_mails(event) -> int:
    """Messages given up on (no more retries) to people registered for the event."""
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == MAIL_FAILED,
        OutboxMessage.recipient.in_(select(Registration.email).where(Registration.event_id == event.id))))


def _badge_tasks(event, confirmed: int) -> list[Task]:
    url = url_for("registration.manage_badges", slug=event.slug)
    printed = db.session.scalar(select(jobs.Job).where(jobs.Job.subject == badges.subject(event.id),
                                                       jobs.Job.status == jobs.DONE)
                                .order_by(jobs.Job.created_at.desc()).limit(1))
    if printed is None:
        return [Task(ngettext("Badges are not printed yet (%(num)d person confirmed).",
                              "Badges are not printed yet (%(num)d people confirmed).", confirmed), url, order=30)]
    since = db.session.scalar(select(func.count(func.distinct(RegistrationChange.registration_id))).join(
        Registration, Registration.id == RegistrationChange.registration_id).where(
        Registration.event_id == event.id, Registration.status == CONFIRMED, RegistrationChange.to_status == CONFIRMED,
        Registration.participation != ONLINE, RegistrationChange.at > printed.created_at))
    if not since:
        return []
    return [Task(ngettext("%(num)d person was confirmed after the badges were printed: print their badge.",
                          "%(num)d people were confirmed after the badges were printed: print their badges.", since),
                 url, order=30)]


def home_sections(sender, user) -> list:
    now = utcnow()
    registrations = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .where(Registration.user_id == user.id, Registration.status.not_in((CANCELLED, REJECTED)),
               Event.ends_at > now)
        .order_by(Event.starts_at).limit(20).options(selectinload(Registration.event))).all()
    sections = [HomeSection(_("Your registrations"), "registration/_home_registrations.html", registrations,
                            order=10)]
    if user.has_role("checkin_staff"):  # organisers find their desks through the events they organise
        desks = [event for event in desk_access.desks_of(user, as_organiser=False) if event.ends_at > now]
        sections.append(HomeSection(_("Check-in desks you staff"), "registration/_home_desks.html", desks, order=30))
    return sections
