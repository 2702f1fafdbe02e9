"""Registering, cancelling, and the waiting list with timed offers.

Every change to an event's registrations first takes that event's registration lock (an UPDATE of
its settings row): on PostgreSQL it is a row lock, on SQLite the database's write lock. Competing
registrations for the same event therefore count the places one after the other, and the event is
never overbooked, however many workers submit at once.
"""
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from accounts.models import User
from accounts.services import normalise_email
from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.regions import COUNTRY_REGION
from core.search import search_key
from core.security import TokenError, make_token, read_token
from core.urls import external_url
from events import ical, links
from events.models import Event, Session, SessionSpeaker
from events.programme import programme
from events.services import touch
from registration.models import (APPROVAL_MODE, CANCELLED, CONFIRMED, HOLDING_A_PLACE, OFFERED, PENDING, REJECTED,
                                 WAITLISTED, AgendaFeed, Registration, RegistrationChange, RegistrationSettings)

NOT_TAKING, NOT_YET, CLOSED, OPEN = "not_taking", "not_yet", "closed", "open"


class AlreadyRegistered(ValueError):
    pass


class RegistrationClosed(ValueError):
    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


class NotAllowed(ValueError):
    """The registration is not in a state where this can be done (an offer that expired, say)."""


def settings_of(event: Event) -> RegistrationSettings | None:
    return db.session.get(RegistrationSettings, event.id)


def state(settings: RegistrationSettings | None, now: datetime | None = None) -> str:
    now = now or utcnow()
    if settings is None or not settings.is_open:
        return NOT_TAKING
    if settings.opens_at and now < settings.opens_at:
        return NOT_YET
    if settings.closes_at and now >= settings.closes_at:
        return CLOSED
    return OPEN


def save_settings(event: Event, values: dict) -> RegistrationSettings:
    settings = settings_of(event) or RegistrationSettings(event_id=event.id)
    for name, value in values.items():
        setattr(settings, name, value)
    db.session.add(settings)
    touch(event)  # the event page shows whether and when registration opens
    _fill_places(event, settings)
    db.session.commit()
    return settings


def _lock(event: Event) -> RegistrationSettings:
    """Take the event's registration lock for the rest of the transaction, and return its settings."""
    db.session.execute(update(RegistrationSettings).where(RegistrationSettings.event_id == event.id)
                       .values(changes=RegistrationSettings.changes + 1))
    return db.session.scalars(select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)
                              .execution_options(populate_existing=True)).one()


def places_taken(event: Event) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.status.in_(HOLDING_A_PLACE)))


def find_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                        Registration.email == normalise_email(email)))


def register(event: Event, user, values: dict) -> Registration:
    """Register `user` for `event` with the form's `values`: confirmed, or on the waiting list when full.

    Raises RegistrationClosed or AlreadyRegistered; nothing is saved then.
    """
    settings = _lock(event) if settings_of(event) else None
    current = state(settings)
    if current != OPEN:
        db.session.rollback()
        raise RegistrationClosed(current)
    _expire_offers(event, settings)
    email = normalise_email(user.email)
    registration = find_registration(event, email)
    if registration is not None and registration.status != CANCELLED:
        db.session.rollback()
        raise AlreadyRegistered(email)
    if settings.mode == APPROVAL_MODE:
        status = PENDING  # places are counted when an organiser approves
    elif settings.capacity is not None and places_taken(event) >= settings.capacity:
        status = WAITLISTED
    else:
        status = CONFIRMED
    if registration is None:
        registration = Registration(event_id=event.id, email=email)
        db.session.add(registration)
    # Someone who cancelled may come back: the same row, so that its history tells the whole story.
    for name, value in values.items():
        setattr(registration, name, value)
    registration.user_id, registration.locale, registration.consented_at = user.id, user.locale, utcnow()
    _move(registration, status, by=user)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same address registered in another tab at the same moment
        db.session.rollback()
        raise AlreadyRegistered(email) from error
    _tell(registration, event)
    db.session.commit()
    return registration


def waitlist_position(registration: Registration) -> int:
    return 1 + db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == registration.event_id, Registration.status == WAITLISTED,
        Registration.waitlisted_at < registration.waitlisted_at))


def cancel(registration: Registration, by, reason: str = "") -> None:
    _cancel(registration, by, reason)
    db.session.commit()


def _cancel(registration: Registration, by, reason: str) -> None:
    """Under the event's lock, in the caller's transaction: cancel, tell the person, offer the place on."""
    event = registration.event
    settings = _lock(event)
    db.session.refresh(registration)
    if registration.status == CANCELLED:
        return
    _move(registration, CANCELLED, by=by, reason=reason)
    _tell(registration, event)
    _fill_places(event, settings)


def accept_offer(registration: Registration, by) -> None:
    event = registration.event
    settings = _lock(event)
    db.session.refresh(registration)
    _expire_offers(event, settings)
    if registration.status != OFFERED:
        db.session.commit()  # the expiry (and the next offer) stands
        raise NotAllowed(registration.status)
    _move(registration, CONFIRMED, by=by)
    _tell(registration, event)
    db.session.commit()


def approve(event: Event, registrations: list[Registration], by) -> dict[str, int]:
    """Approve pending registrations in order: confirmed while places last, then waiting list."""
    settings = _lock(event)
    outcome = {CONFIRMED: 0, WAITLISTED: 0}
    for registration in registrations:
        db.session.refresh(registration)
        if registration.status != PENDING or registration.event_id != event.id:
            continue
        full = settings.capacity is not None and places_taken(event) >= settings.capacity
        _move(registration, WAITLISTED if full else CONFIRMED, by=by, reason=str(_l("Approved.")))
        _tell(registration, event)
        outcome[registration.status] += 1
    db.session.commit()
    return outcome


def reject(event: Event, registrations: list[Registration], by, reason: str) -> int:
    """Reject pending or waiting registrations, telling each person why; freed places go on."""
    settings = _lock(event)
    rejected = 0
    for registration in registrations:
        db.session.refresh(registration)
        if registration.status not in (PENDING, WAITLISTED, CONFIRMED, OFFERED) or registration.event_id != event.id:
            continue
        _move(registration, REJECTED, by=by, reason=reason)
        _tell(registration, event)
        rejected += 1
    _fill_places(event, settings)
    db.session.commit()
    return rejected


def confirm_from_waiting_list(event: Event, registrations: list[Registration], by) -> int:
    """An organiser gives places directly, even beyond the capacity (a speaker's colleague, say)."""
    _lock(event)
    moved = 0
    for registration in registrations:
        db.session.refresh(registration)
        if registration.status in (WAITLISTED, OFFERED) and registration.event_id == event.id:
            _move(registration, CONFIRMED, by=by, reason=str(_l("Moved off the waiting list by an organiser.")))
            _tell(registration, event)
            moved += 1
    db.session.commit()
    return moved


def expire_offers(now: datetime | None = None) -> int:
    """Every offer that ran out, in every event: the place goes to the next person waiting."""
    now = now or utcnow()
    event_ids = db.session.scalars(select(Registration.event_id).where(
        Registration.status == OFFERED, Registration.offered_until <= now).distinct()).all()
    expired = 0
    for event_id in event_ids:
        event = db.session.get(Event, event_id)
        expired += _expire_offers(event, _lock(event), now)
        db.session.commit()
    return expired


def _expire_offers(event: Event, settings: RegistrationSettings, now: datetime | None = None) -> int:
    """Under the lock: end the offers that ran out and offer their places to the next people."""
    now = now or utcnow()
    ran_out = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == OFFERED, Registration.offered_until <= now)).all()
    for registration in ran_out:
        _move(registration, CANCELLED, reason=str(_l("The offered place was not taken in time.")))
        _tell(registration, event, "offer_expired")
    if ran_out:
        _fill_places(event, settings)
    return len(ran_out)


def _fill_places(event: Event, settings: RegistrationSettings) -> None:
    """Under the lock: offer free places to the people at the head of the waiting list."""
    if settings.capacity is None:
        waiting = _waiting(event, None)
    else:
        free = settings.capacity - places_taken(event)
        waiting = _waiting(event, free) if free > 0 else []
    for registration in waiting:
        _move(registration, OFFERED)
        registration.offered_until = utcnow() + timedelta(hours=settings.offer_hours)
        _tell(registration, event)


def _waiting(event: Event, limit: int | None) -> list[Registration]:
    statement = (select(Registration).where(Registration.event_id == event.id, Registration.status == WAITLISTED)
                 .order_by(Registration.waitlisted_at, Registration.id))
    return db.session.scalars(statement.limit(limit) if limit is not None else statement).all()


def _move(registration: Registration, status: str, by=None, reason: str = "") -> None:
    previous, registration.status = registration.status, status
    registration.history.append(RegistrationChange(from_status=previous, to_status=status,
                                                   by_user_id=getattr(by, "id", None), reason=reason))
    if status == WAITLISTED:
        registration.waitlisted_at = utcnow()
    if status != OFFERED:
        registration.offered_until = None
    db.session.flush()


# Subjects are made when the mail is queued, in the recipient's language (queue_mail renders them).
SUBJECTS = {
    CONFIRMED: lambda title: _l("Your place at %(event)s is confirmed", event=title),
    WAITLISTED: lambda title: _l("You are on the waiting list for %(event)s", event=title),
    OFFERED: lambda title: _l("A place is free for you at %(event)s", event=title),
    CANCELLED: lambda title: _l("Your registration for %(event)s is cancelled", event=title),
    PENDING: lambda title: _l("Your registration for %(event)s awaits approval", event=title),
    REJECTED: lambda title: _l("Your registration for %(event)s was not accepted", event=title),
    "offer_expired": lambda title: _l("The place offered at %(event)s has gone to the next person", event=title),
}


def _tell(registration: Registration, event: Event, what: str | None = None) -> None:
    """Queue the e-mail for the registration's new state (or `what` happened), in the person's language."""
    what = what or registration.status
    attachments = []
    if what == CONFIRMED:
        # The event's calendar travels with the confirmation, so it is in the person's calendar at once.
        attachments = [(f"{event.slug}.ics", "text/calendar",
                        ical.event_calendar(event, programme(event), link=links.page_link))]
    queue_mail(registration.email, SUBJECTS[what](event.title), f"registration_{what}", locale=registration.locale,
               attachments=attachments, registration=registration, event=event,
               position=waitlist_position(registration) if what == WAITLISTED else None,
               link=external_url("registration.my_registrations"))


def registrations_of(user) -> list[Registration]:
    """The person's own registrations, latest events first."""
    return db.session.scalars(select(Registration).join(Event).where(Registration.user_id == user.id)
                              .options(selectinload(Registration.event)).order_by(Event.starts_at.desc())).all()


def registrations_in(event: Event, ids: list[int]) -> list[Registration]:
    """The registrations with these ids that belong to this event (ids from a form are not trusted)."""
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id,
                                                         Registration.id.in_(ids))).all()


def counts_by_status(event: Event) -> dict[str, int]:
    return dict(db.session.execute(select(Registration.status, func.count()).where(
        Registration.event_id == event.id).group_by(Registration.status)).all())


def agenda_token(user) -> str:
    """The secret part of the person's agenda address: signed, so it cannot be guessed or altered."""
    feed = db.session.get(AgendaFeed, user.id)
    if feed is None:
        feed = AgendaFeed(user_id=user.id, version=1)
        db.session.add(feed)
        db.session.commit()
    return make_token("agenda", {"u": user.id, "v": feed.version})


def revoke_agenda(user) -> None:
    feed = db.session.get(AgendaFeed, user.id) or AgendaFeed(user_id=user.id, version=1)
    feed.version += 1
    db.session.add(feed)
    db.session.commit()


def agenda_owner(token: str):
    """The user an agenda address belongs to; TokenError if it is forged, altered or revoked."""
    payload = read_token("agenda", token, max_age=None)
    feed = db.session.get(AgendaFeed, payload.get("u")) if isinstance(payload, dict) else None
    if feed is None or feed.version != payload.get("v"):
        raise TokenError()
    return db.session.get(User, feed.user_id)


def agenda_sessions(user) -> list:
    """The sessions of every event the person holds a confirmed place at (session choice comes later)."""
    return db.session.scalars(
        select(Session).join(Registration, Registration.event_id == Session.event_id)
        .where(Registration.user_id == user.id, Registration.status == CONFIRMED)
        .options(selectinload(Session.room), selectinload(Session.track), selectinload(Session.event),
                 selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker))
        .order_by(Session.starts_at, Session.id)).all()


SORTS = {"name": Registration.full_name, "country": Registration.country, "status": Registration.status,
         "registered": Registration.id}


def participant_list(event: Event, *, q: str = "", status: str | None = None, group: str | None = None,
                     country: str | None = None, region: str | None = None, sort: str = "registered"):
    """The organiser's list: searched (name, e-mail, organisation, any accents or case) and filtered."""
    statement = select(Registration).where(Registration.event_id == event.id)
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
    return statement.order_by(SORTS.get(sort, Registration.id), Registration.id)


def personal_data(user) -> dict:
    """The person's registrations, for their own data download."""
    registrations = db.session.scalars(select(Registration).where(Registration.user_id == user.id)).all()
    return {"registrations": [{
        "event": registration.event.title, "event_address": links.page_link(registration.event),
        "status": registration.status, "full_name": registration.full_name, "email": registration.email,
        "organisation": registration.organisation, "job_title": registration.job_title,
        "stakeholder_group": registration.stakeholder_group, "country": registration.country,
        "gender": registration.gender, "accessibility_needs": registration.accessibility_needs,
        "dietary_requirements": registration.dietary_requirements,
        "registered_at": registration.created_at.isoformat(),
        "history": [{"at": change.at.isoformat(), "from": change.from_status, "to": change.to_status,
                     "reason": change.reason} for change in registration.history],
    } for registration in registrations]}


def anonymise(user) -> None:
    """Before an account is deleted: its registrations lose everything that names the person, and keep
    what the counts need (status, stakeholder group, country, gender). Places held are freed."""
    for registration in db.session.scalars(select(Registration).where(Registration.user_id == user.id)).all():
        if registration.status in HOLDING_A_PLACE + (WAITLISTED, PENDING):
            _cancel(registration, by=None, reason=str(_l("The account was deleted.")))
        registration.user_id = None
        registration.email = f"deleted-{registration.id}@deleted.invalid"
        registration.full_name = str(_l("Deleted account"))
        registration.organisation = registration.job_title = ""
        registration.accessibility_needs = registration.dietary_requirements = ""
    db.session.flush()


def participants_for_export(event: Event):
    """Every registration of the event, read in batches: an export of 50,000 rows holds a few hundred."""
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                              .order_by(Registration.id).execution_options(yield_per=500))
