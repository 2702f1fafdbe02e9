"""The waiting list and timed offers: moving a registration from one status to another, offering free
places to the people waiting, and ending the offers that ran out.

Every function here runs under the event's registration lock (registration.places.lock): the callers
in this package take it first and re-read what they loaded before it, so that competing submissions
count the places one after the other.
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from events.models import Event
from registration import places, seats
from registration.models import CANCELLED, OFFERED, WAITLISTED, Registration, RegistrationSettings
from registration.notices import offer_deadline, record, tell


def cancel_locked(registration: Registration, by, reason: str, quiet: bool = False) -> bool:
    """Under the event's lock, in the caller's transaction: cancel, tell the person (unless `quiet`),
    offer the place on. False when it was cancelled already (by another request)."""
    event = registration.event
    settings = places.lock(event.id)
    db.session.refresh(registration)
    if registration.status == CANCELLED:
        return False
    change_status(registration, CANCELLED, settings, by=by, reason=reason, quiet=quiet)
    fill_places(event, settings)
    return True



def expire_offers(now: datetime | None = None, within=None) -> int:
    """In every event (or only the events whose ids are `within`): end the offers (of places and of seats)
    that ran out, carry out quota releases that fell due, and offer what they freed to the next people
    waiting. Only the events where something fell due are locked. Returns the offers ended.

    The whole site is the expire-offers worker's; a page does it for the events it shows."""
    now = now or utcnow()
    event_ids = set(db.session.scalars(select(Registration.event_id).where(
        Registration.status == OFFERED, Registration.offered_until <= now).distinct()))
    event_ids |= set(seats.events_with_expired_seat_offers(now)) | set(places.events_with_releases_due(now))
    if within is not None:
        event_ids &= set(within)
    expired = 0
    for event_id in sorted(event_ids):
        event = db.session.get(Event, event_id)
        expired += upkeep(event, places.lock(event_id), now)
        db.session.commit()
    return expired


def upkeep(event: Event, settings: RegistrationSettings, now: datetime | None = None) -> int:
    """Under the lock: what time has done since the last change (offers ran out, quotas released), so
    that whoever touches the event next sees it as it stands. Returns the offers ended."""
    now = now or utcnow()
    # populate_existing, here and below: a registration the request read before the lock is read again.
    ran_out = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == OFFERED, Registration.offered_until <= now)
        .execution_options(populate_existing=True)).all()
    for registration in ran_out:
        change_status(registration, CANCELLED, settings, reason=str(_l("The offered place was not taken in time.")),
                      what="offer_expired")
    if places.releases_due(event.id, settings, now) or ran_out:
        fill_places(event, settings, now)
    return len(ran_out) + seats.expire(event.id, settings.offer_hours, now)


def fill_places(event: Event, settings: RegistrationSettings, now: datetime | None = None) -> None:
    """Under the lock: offer free places to the first people waiting who may take them (quotas allowing)."""
    now = now or utcnow()
    if event.is_cancelled or event.ends_at <= now:
        return  # nobody is offered a place at an event that will not happen or is over
    count = places.Places(settings, now)
    if not count.any_free:
        return
    statement = (select(Registration).where(Registration.event_id == event.id, Registration.status == WAITLISTED)
                 .order_by(Registration.waitlisted_at, Registration.id).execution_options(populate_existing=True))
    if count.free is not None and not count.is_selective:
        # With quotas, category limits or a hybrid event's two lists, someone further down may be the one who fits.
        statement = statement.limit(count.free)
    for registration in db.session.scalars(statement).all():
        if not count.any_free:
            break
        if count.room_for(registration):
            count.take(registration)
            change_status(registration, OFFERED, settings)
            registration.offered_until = offer_deadline(settings.offer_hours, event.starts_at, now)
            db.session.flush()
            tell(registration)


def change_status(registration: Registration, status: str, settings: RegistrationSettings, by=None,
                  reason: str = "", what: str | None = None, quiet: bool = False) -> None:
    """Under the lock: move the registration to `status`, record it, let its session choices follow,
    and tell the person (unless `quiet`; an offer's e-mail waits for its deadline to be set)."""
    previous, registration.status = registration.status, status
    record(registration, previous, status, by=by, reason=reason)
    if status == CANCELLED:
        # Its badge never opens the door again, even if the person registers again later.
        registration.badge_version += 1
    if status == WAITLISTED:
        registration.waitlisted_at = utcnow()
    if status != OFFERED:
        registration.offered_until = None
    db.session.flush()
    seats.follow(registration, settings.offer_hours, by=by)
    if status != OFFERED and not quiet:
        tell(registration, what, reason=reason)

