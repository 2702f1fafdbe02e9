"""Registering, changing and cancelling: what the person does with their own registration, and the
event's registration settings.

Every function that changes registrations takes the event's registration lock first
(registration.places) and re-reads under it what it loaded before: competing submissions count the
places one after the other. The waiting list and its offers: registration.waiting_list; organisers'
decisions: registration.organising.
"""
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from accounts.services import normalise_email
from core import uploads
from core.extensions import db
from core.i18n import name_list
from core.models import utcnow
from core.multilingual import set_translations
from core.signals import exhibitor_consent_withdrawn
from events.kinds import KINDS
from events.models import HYBRID, IN_PERSON, ONLINE as ONLINE_MODE, Event
from events.services import touch
from registration import categories, category_services, invitations, places, seats
from registration.invitations import InvitationError
from registration.models import (APPROVAL_MODE, CANCELLED, CONFIRMED, FIELD_LABELS, HOLDING_A_PLACE, OFFERED, ONLINE,
                                 PENDING, SOURCES, WAITLISTED, Invitation, Registration, RegistrationSettings,
                                 SessionChoice)
from registration.notices import record, tell
from registration.waiting_list import cancel_locked, change_status, fill_places, upkeep

NOT_TAKING, NOT_YET, CLOSED, OPEN = "not_taking", "not_yet", "closed", "open"
#: Badge photos live in this folder of the uploads (core.uploads).
PHOTOS = "photos"
#: The history's name for the consent to booths (Registration.exhibitor_consent_at), beside FIELD_LABELS.
EXHIBITOR_CONSENT_LABEL = _l("Consent to booths that scan the badge")

#: The history's names for the fields participant categories add.
CATEGORY_FIELD_LABELS = {"category_id": _l("Category"), "honorific": _l("Title"),
                         "listing_consent": _l("Consent to the public list of participants")}


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


def state(event: Event, settings: RegistrationSettings | None, now: datetime | None = None) -> str:
    now = now or utcnow()
    if settings is None or not settings.is_open or event.is_cancelled:
        return NOT_TAKING
    if settings.opens_at and now < settings.opens_at:
        return NOT_YET
    if settings.closes_at and now >= settings.closes_at:
        return CLOSED
    return OPEN


def participation_of(event: Event, chosen: str | None = None) -> str:
    """How a new registration takes part: as chosen at a hybrid event (in person when nobody chose, as for a
    nomination), otherwise as the event takes place."""
    if event.attendance_mode == HYBRID:
        return ONLINE_MODE if chosen == ONLINE_MODE else IN_PERSON
    return ONLINE_MODE if event.attendance_mode == ONLINE_MODE else IN_PERSON


def is_full(settings: RegistrationSettings) -> bool:
    """Every place taken (quotas aside; at a hybrid event, in the room and online): the form says beforehand
    that registering means waiting."""
    return places.public_places_of(settings).is_full


def can_change(registration: Registration, settings: RegistrationSettings | None, now: datetime | None = None) -> bool:
    """Whether the person may still change their answers and sessions (until the organisers' cut-off)."""
    end = settings.changes_end() if settings else None
    return (settings is not None and registration.status in (CONFIRMED, WAITLISTED, PENDING, OFFERED)
            and (end is None or (now or utcnow()) < end))


def save_settings(event: Event, values: dict, translations: dict | None = None) -> RegistrationSettings:
    """`translations`: the privacy notice in the working languages after the first, {field: {language: text}}."""
    settings = settings_of(event) or RegistrationSettings(event=event, fields={})
    for name, value in values.items():
        setattr(settings, name, value)
    for field, texts in (translations or {}).items():
        set_translations(settings, field, texts)
    db.session.add(settings)
    touch(event)  # the event page shows whether and when registration opens
    db.session.flush()
    settings = places.lock(event.id)
    upkeep(event, settings)
    fill_places(event, settings)  # a raised capacity offers places to the people waiting
    db.session.commit()
    return settings


def asks_exhibitor_consent(event: Event) -> bool:
    """Whether the event has booths whose staff scan badges (a knowledge fair): its form asks the
    participant whether they may keep the person's details."""
    kind = KINDS.get(event.kind)
    return kind is not None and kind.has_booths


def find_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                        Registration.email == normalise_email(email)))


def register(event: Event, user, values: dict, sessions: set[int] = frozenset(), photo=None,
             invitation: Invitation | None = None, exhibitor_consent: bool | None = None,
             listing_consent: bool | None = None, then=None) -> Registration:
    """Register `user` for `event` with the form's `values` and chosen `sessions`: confirmed, pending
    approval, or on the waiting list when no place is free for them. `photo` is a checked image
    (core.uploads.CheckedImage); `invitation` the one whose link they followed; `exhibitor_consent`
    whether they ticked the box for booths (None: the form did not offer it).

    `values` may carry `participation` (at a hybrid event, IN_PERSON or ONLINE; elsewhere the event's mode
    decides), `category_id` (one of the event's categories: its admission decides whether an
    organiser approves first; a nomination-only one is refused by the public form, not here), `honorific`,
    and `source` (a key of SOURCES; "online" when not given). `listing_consent`: whether they agreed to be on
    the public list of participants (None: not asked). `then(registration)`, if given, is called before the
    commit, in the same transaction: what a package above ties to the new registration is saved with it or
    not at all (a delegation's nomination).

    Raises RegistrationClosed, AlreadyRegistered, InvitationError or UnknownCategory; nothing is saved then.
    """
    if values.get("source", ONLINE) not in SOURCES:
        raise ValueError(f"unknown source {values['source']!r}")  # a caller's mistake, not a person's
    if values.get("category_id") is not None and \
            category_services.category_of_event(event.id, values["category_id"]) is None:
        raise UnknownCategory(values["category_id"])
    settings = places.lock(event.id) if settings_of(event) else None
    current = state(event, settings)
    if current != OPEN:
        db.session.rollback()
        raise RegistrationClosed(current)
    upkeep(event, settings)
    email = normalise_email(user.email)
    registration = find_registration(event, email)
    if registration is not None:
        # The view read it before the lock: a second click of "Register again" must see the first one's
        # confirmation, not the cancellation the session remembers.
        db.session.refresh(registration)
    if registration is not None and registration.status != CANCELLED:
        db.session.rollback()
        raise AlreadyRegistered(email)
    if invitation is not None:
        db.session.refresh(invitation)  # under the lock: two tabs cannot both use one code
        problem = invitations.problem_with(invitation, registration, email)
        if problem:
            db.session.rollback()
            raise InvitationError(problem)
    # Someone who cancelled may come back: the same row, so that its history tells the whole story.
    # A new row starts with empty collections: appending to them then needs no query under the lock.
    registration = registration or Registration(event_id=event.id, email=email, history=[], choices=[])
    for name, value in values.items():
        setattr(registration, name, value)
    registration.participation = participation_of(event, values.get("participation"))
    registration.user_id, registration.locale, registration.consented_at = user.id, user.locale, utcnow()
    if exhibitor_consent is not None:
        registration.exhibitor_consent_at = utcnow() if exhibitor_consent else None
    if listing_consent is not None:
        registration.listing_consent_at = utcnow() if listing_consent else None
    category = _category_for(event, values)
    if settings.mode == APPROVAL_MODE or (category is not None and category.admission != categories.OPEN):
        status = PENDING  # places are counted when an organiser approves (or approves the nomination)
    else:
        # Before the new row joins the session: the count's queries would flush it without a status.
        status = CONFIRMED if places.Places(settings).room_for(registration) else WAITLISTED
    db.session.add(registration)
    stored_photo = None
    try:
        change_status(registration, status, settings, by=user, quiet=True)
        seats.set_choices(registration, set(sessions), settings.offer_hours, by=user)
        if invitation is not None:
            invitation.used_at, invitation.registration_id = utcnow(), registration.id
        if photo is not None:
            uploads.delete_after_commit(PHOTOS, registration.photo)  # someone who came back, with a new one
            stored_photo = registration.photo = uploads.store(photo.data, PHOTOS, photo.extension)
        if then is not None:
            then(registration)
        tell(registration)
        db.session.commit()
    except IntegrityError as error:  # the same address registered in another tab at the same moment
        db.session.rollback()
        uploads.delete(PHOTOS, stored_photo)
        raise AlreadyRegistered(email) from error
    except BaseException:
        db.session.rollback()
        uploads.delete(PHOTOS, stored_photo)
        raise
    return registration


def _category_for(event: Event, values: dict):
    category_id = values.get("category_id")
    return None if category_id is None else category_services.category_of_event(event.id, category_id)


class UnknownCategory(ValueError):
    """A category that is not one of the event's."""


class QuotaHeld(ValueError):
    """A change of stakeholder group or country that would take a place the quotas hold for others."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def update(registration: Registration, values: dict, sessions: set[int], by, photo=None,
           remove_photo: bool = False, exhibitor_consent: bool | None = None,
           listing_consent: bool | None = None) -> bool:
    """The person changes their answers and sessions (until the cut-off; NotAllowed after it), and gives
    or withdraws their consent to booths (`exhibitor_consent`; None: not offered, left as it is).
    Returns False when nothing differed from what was stored.

    `listing_consent`: whether they agree to be on the public list of participants (None: not asked).

    Raises QuotaHeld when their place was one a quota holds and the new group or country is not of it, or
    when the new category is full (field "category_id"); UnknownCategory for another event's category.
    """
    event = registration.event
    settings = places.lock(event.id)
    db.session.refresh(registration)
    if not can_change(registration, settings):
        db.session.commit()
        raise NotAllowed(registration.status)
    upkeep(event, settings)
    changed = [name for name, value in values.items() if differs(getattr(registration, name), value)]
    if "category_id" in changed and category_services.category_of_event(event.id, values["category_id"]) is None:
        db.session.rollback()
        raise UnknownCategory(values["category_id"])
    if registration.status in HOLDING_A_PLACE and {"stakeholder_group", "country", "category_id"} & set(changed):
        # Would the person have had this place as they now describe themselves? Asked only of a change
        # of group or country, so that a place given beyond the capacity is not lost to a new diet.
        count = places.Places(settings)
        count.give_back(registration)
        moved = Registration(stakeholder_group=values.get("stakeholder_group", registration.stakeholder_group),
                             country=values.get("country", registration.country),
                             category_id=values.get("category_id", registration.category_id),
                             participation=registration.participation)
        if not count.room_for(moved):
            db.session.rollback()
            raise QuotaHeld(next(field for field in ("category_id", "stakeholder_group", "country")
                                 if field in changed))
    for name, value in values.items():
        setattr(registration, name, value)
    if "category_id" in changed and registration.status in HOLDING_A_PLACE:
        db.session.flush()
        fill_places(event, settings)  # the place they leave in their old category goes to its next one waiting
    if exhibitor_consent is not None and exhibitor_consent != (registration.exhibitor_consent_at is not None):
        # Consent kept as it was keeps its date: the date says when the person agreed.
        registration.exhibitor_consent_at = utcnow() if exhibitor_consent else None
        changed.append("exhibitor_consent")
        if not exhibitor_consent:
            exhibitor_consent_withdrawn.send(current_app._get_current_object(), registration=registration)
    if listing_consent is not None and listing_consent != (registration.listing_consent_at is not None):
        registration.listing_consent_at = utcnow() if listing_consent else None
        changed.append("listing_consent")
    old_photo, stored_photo = registration.photo, None
    sessions_before = {choice.session_id for choice in registration.choices}
    try:
        seats.set_choices(registration, set(sessions), settings.offer_hours, by=by)
        if photo is not None or (remove_photo and old_photo):
            changed.append("photo")
        if not changed and sessions_before == {choice.session_id for choice in registration.choices}:
            db.session.commit()  # saved as it was: nothing to record or to tell
            return False
        labels = {**FIELD_LABELS, "exhibitor_consent": EXHIBITOR_CONSENT_LABEL, **CATEGORY_FIELD_LABELS}
        fields = name_list(labels.get(name, name) for name in changed)
        record(registration, registration.status, registration.status, by=by,
               reason=str(_l("Answers changed: %(fields)s.", fields=fields) if changed else _l("Sessions changed.")))
        if photo is not None:
            stored_photo = registration.photo = uploads.store(photo.data, PHOTOS, photo.extension)
        elif remove_photo:
            registration.photo = None
        db.session.flush()
        tell(registration, "changed")
        if registration.photo != old_photo:
            uploads.delete_after_commit(PHOTOS, old_photo)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        uploads.delete(PHOTOS, stored_photo)
        raise
    return True


def differs(stored, given) -> bool:
    if isinstance(stored, list) and isinstance(given, list):
        return sorted(map(str, stored)) != sorted(map(str, given))  # the same languages in another order
    return stored != given


def is_over(event: Event) -> bool:
    return event.ends_at <= utcnow()


def cancel(registration: Registration, by, reason: str = "") -> None:
    """The participant cancels. NotAllowed once the event is over: a place nobody can take is not
    given back, and the record of who came (their certificate) stays as it is."""
    if is_over(registration.event):
        raise NotAllowed(registration.status)
    cancel_locked(registration, by, reason)
    db.session.commit()



def accept_offer(registration: Registration, by) -> None:
    event = registration.event
    settings = places.lock(event.id)
    db.session.refresh(registration)
    upkeep(event, settings)
    if registration.status != OFFERED:
        db.session.commit()  # the expiry (and the next offer) stands
        raise NotAllowed(registration.status)
    change_status(registration, CONFIRMED, settings, by=by)
    db.session.commit()


def answer_seat(registration: Registration, session_id: int, accept: bool, by) -> None:
    """The person takes or declines the seat offered at a session; NotAllowed if the offer is over."""
    settings = places.lock(registration.event_id)
    db.session.refresh(registration)
    upkeep(registration.event, settings)
    choice = seats.choice_of(registration, session_id)
    if choice is None or choice.status != OFFERED:
        db.session.commit()
        raise NotAllowed(choice.status if choice else CANCELLED)
    if accept:
        seats.accept(choice, by)
    else:
        seats.decline(choice, settings.offer_hours, by)
    db.session.commit()



def events_of(user) -> list[int]:
    """The ids of the events the person registered for, whatever the status."""
    return db.session.scalars(select(Registration.event_id).where(Registration.user_id == user.id)).all()


def registrations_of(user) -> list[Registration]:
    """The person's own registrations, latest events first, with their session choices."""
    return db.session.scalars(select(Registration).join(Event).where(Registration.user_id == user.id)
                              .options(selectinload(Registration.event),
                                       selectinload(Registration.choices).selectinload(SessionChoice.session))
                              .order_by(Event.starts_at.desc())).all()



def settings_by_event(event_ids) -> dict[int, RegistrationSettings]:
    return {settings.event_id: settings for settings in db.session.scalars(
        select(RegistrationSettings).where(RegistrationSettings.event_id.in_(set(event_ids))))}
