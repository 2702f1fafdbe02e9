"""What organisers do with an event's registrations: approve, reject, cancel or confirm them, set the
seats and quotas, e-mail the people, and the searchable list these work on.

Every function that changes registrations takes the event's registration lock first
(registration.places) and re-reads under it the registrations it was given: a decision made on two
tabs at once, or beside a participant's own change, counts the places one after the other.
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from accounts.models import User
from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import content_language, languages_of, site_locale
from core.regions import COUNTRY_REGION
from core.search import search_key
from core.urls import external_url
from events.models import Event
from events.services import touch
from registration import places, seats
from registration.categories import ParticipantCategory
from registration.models import (CANCELLED, CONFIRMED, HOLDING_A_PLACE, PENDING, REJECTED, WAITLISTED, OFFERED,
                                 Quota, Registration, SessionChoice)
from registration.notices import record
from registration.waiting_list import cancel_locked, change_status, fill_places, upkeep


def approve(event: Event, registrations: list[Registration], by) -> dict[str, int]:
    """Approve pending registrations in order: confirmed while places last for them, then waiting list."""
    settings = places.lock(event.id)
    count = places.Places(settings)
    outcome = {CONFIRMED: 0, WAITLISTED: 0}
    for registration in registrations:
        db.session.refresh(registration)
        if registration.status != PENDING or registration.event_id != event.id:
            continue
        room = count.room_for(registration)
        if room:
            count.take(registration)
        change_status(registration, CONFIRMED if room else WAITLISTED, settings, by=by, reason=str(_l("Approved.")))
        outcome[registration.status] += 1
    db.session.commit()
    return outcome


def reject(event: Event, registrations: list[Registration], by, reason: str) -> int:
    """Reject pending or waiting registrations, telling each person why; freed places go on."""
    settings = places.lock(event.id)
    rejected = 0
    for registration in registrations:
        db.session.refresh(registration)
        if registration.status not in (PENDING, WAITLISTED, CONFIRMED, OFFERED) or registration.event_id != event.id:
            continue
        change_status(registration, REJECTED, settings, by=by, reason=reason)
        rejected += 1
    fill_places(event, settings)
    db.session.commit()
    return rejected


def cancel_for(event: Event, registrations: list[Registration], by, reason: str = "") -> int:
    """Organisers cancel registrations for the people (who are told, with the reason); places go on."""
    cancelled = 0
    for registration in registrations:
        # Counted as the lock finds it: one cancelled in another tab meanwhile is not counted twice.
        if registration.event_id == event.id and registration.status != CANCELLED and cancel_locked(
                registration, by, reason or str(_l("Cancelled by an organiser."))):
            cancelled += 1
    db.session.commit()
    return cancelled


def confirm_from_waiting_list(event: Event, registrations: list[Registration], by) -> int:
    """An organiser gives places directly, even beyond the capacity (a speaker's colleague, say), and
    may so undo a rejection or a cancellation made by mistake."""
    settings = places.lock(event.id)
    moved = 0
    for registration in registrations:
        db.session.refresh(registration)
        if registration.status != CONFIRMED and registration.event_id == event.id and registration.user_id:
            change_status(registration, CONFIRMED, settings, by=by,
                          reason=str(_l("Moved off the waiting list by an organiser.")))
            moved += 1
    db.session.commit()
    return moved


def save_seat_capacities(event: Event, capacities: dict[int, int | None]) -> None:
    settings = places.lock(event.id)
    touch(event)  # a session limited to its seat holders leaves the others' agendas (their Last-Modified)
    seats.set_capacities(event.id, capacities, settings.offer_hours)
    db.session.commit()


def add_quota(event: Event, values: dict) -> Quota:
    places.lock(event.id)
    quota = Quota(event_id=event.id, **values)
    db.session.add(quota)
    db.session.commit()
    return quota


def update_quota(quota: Quota, percent: int, releases_at: datetime | None) -> None:
    """A new share or release date. Nobody loses a place: a share lowered below the places its people already
    hold just holds none beyond them, and the places it no longer holds are offered to the people waiting.
    A release date moved back into the future holds the places again (for the people who register next)."""
    event = db.session.get(Event, quota.event_id)
    settings = places.lock(event.id)
    db.session.refresh(quota)
    quota.percent, quota.releases_at = percent, releases_at
    if places.is_active(quota, settings, utcnow()):
        quota.released_at = None  # released again when the new date comes
    db.session.flush()
    upkeep(event, settings)
    fill_places(event, settings)
    db.session.commit()


def remove_quota(quota: Quota) -> None:
    """The places it held are open to everyone at once: the people waiting are offered them."""
    event = db.session.get(Event, quota.event_id)
    settings = places.lock(event.id)
    db.session.execute(delete(Quota).where(Quota.id == quota.id))  # a second click finds nothing: no error
    fill_places(event, settings)
    db.session.commit()


def message_recipients(statement, status: str | None):
    """Who an e-mail to the organiser's filtered list reaches: cancelled and rejected registrations only
    when the list is filtered by that status."""
    return statement if status else statement.where(Registration.status.not_in((CANCELLED, REJECTED)))


def message_participants(event: Event, statement, subject: str, body: str, by,
                         versions: dict[str, dict] | None = None) -> int:
    """E-mail everyone `statement` selects (see message_recipients), each in their language: `subject` and
    `body` are the event's first language's; `versions`, {language: {"subject", "body"}}, the other working
    languages' the organiser wrote. A person gets the version in their account's language, else the one they
    registered in, else the first language's; the words around it come in that language too."""
    first = languages_of(event)[0]
    written = {first: (subject, body)}
    for language, texts in (versions or {}).items():
        if texts.get("body"):
            written[language] = (texts.get("subject") or subject, texts["body"])
    ids = statement.with_only_columns(Registration.user_id).order_by(None).scalar_subquery()
    account_locales = dict(db.session.execute(select(User.id, User.locale).where(User.id.in_(ids))).all())
    sent = 0
    for registration in db.session.scalars(statement.execution_options(yield_per=500)):
        if registration.user_id is None:
            continue  # an anonymised registration has no address left
        locale = account_locales.get(registration.user_id) or registration.locale or site_locale(first)
        own_subject, own_body = written.get(content_language(locale), written[first])
        queue_mail(registration.email, own_subject, "registration_message", locale=locale,
                   registration=registration, event=event, body=own_body, sender=by.full_name,
                   link=external_url("registration.my_registrations"))
        sent += 1
    db.session.commit()
    return sent



def reissue_badge(registration: Registration, by) -> None:
    """A new badge for someone who lost theirs: the old one fails at the desk from now on. Commits."""
    places.lock(registration.event_id)
    db.session.refresh(registration)  # a cancellation at the same moment raised the version too: add to it
    registration.badge_version += 1
    record(registration, registration.status, registration.status, by=by,
           reason=str(_l("New badge issued: the earlier one no longer works.")))
    db.session.commit()



def registrations_in(event: Event, ids: list[int]) -> list[Registration]:
    """The registrations with these ids that belong to this event (ids from a form are not trusted)."""
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id,
                                                         Registration.id.in_(ids))).all()



def count_of(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


def counts_by_status(event: Event) -> dict[str, int]:
    return dict(db.session.execute(select(Registration.status, func.count()).where(
        Registration.event_id == event.id).group_by(Registration.status)).all())



SORTS = {"name": Registration.full_name, "country": Registration.country, "status": Registration.status,
         "registered": Registration.id}


def participant_list(event: Event, *, q: str = "", status: str | None = None, group: str | None = None,
                     country: str | None = None, region: str | None = None, session: int | None = None,
                     category: str | None = None, participation: str | None = None, sort: str = "registered"):
    """The organiser's list: searched (name, e-mail, organisation, any accents or case) and filtered.

    `session`: the people with a seat at that session (so an e-mail to them reaches who will be there);
    `category`: a participant category's key; `participation`: in person or online.
    """
    statement = select(Registration).where(Registration.event_id == event.id)
    if session:
        statement = statement.where(Registration.choices.any(
            (SessionChoice.session_id == session) & SessionChoice.status.in_(HOLDING_A_PLACE)))
    for word in search_key(q).split()[:8]:
        statement = statement.where(Registration.search_text.contains(word, autoescape=True))
    if status:
        statement = statement.where(Registration.status == status)
    if group:
        statement = statement.where(Registration.stakeholder_group == group)
    if country:
        statement = statement.where(Registration.country == country)
    if region:
        statement = statement.where(Registration.country.in_(
            [code for code, name in COUNTRY_REGION.items() if name == region]))
    if category:
        statement = statement.where(Registration.category_id == select(ParticipantCategory.id).where(
            ParticipantCategory.event_id == event.id, ParticipantCategory.key == category).scalar_subquery())
    if participation:
        statement = statement.where(Registration.participation == participation)
    return statement.order_by(SORTS.get(sort, Registration.id), Registration.id)


def participants_for_export(statement):
    """The registrations `statement` selects, read in batches: an export of 50,000 rows holds a few hundred."""
    return db.session.scalars(statement.options(selectinload(Registration.choices))
                              .execution_options(yield_per=500))
