"""Registering, changing and cancelling, approvals, and the waiting list with timed offers.

Every function that changes registrations takes the event's registration lock first
(registration.places): competing submissions count the places one after the other.
"""
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from accounts.models import User
from accounts.services import normalise_email
from core import jobs, uploads
from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.regions import COUNTRY_REGION
from core.search import search_key
from core.security import TokenError, make_token, read_token
from core.signals import exhibitor_consent_withdrawn
from core.urls import external_url
from events import links
from events.kinds import KINDS
from events.models import Event, Session, SessionSpeaker
from events.services import touch
from registration import places, seats
from registration.badges import subject as badges_subject
from registration.questions import answers_as_text, questions_of
from registration import invitations
from registration.invitations import InvitationError
from registration.models import (APPROVAL_MODE, CANCELLED, CONFIRMED, FIELD_LABELS, HOLDING_A_PLACE, OFFERED, PENDING,
                                 REJECTED, WAITLISTED, AgendaFeed, Certificate, Invitation, Quota, Registration,
                                 RegistrationSettings, SessionChoice, SessionPlaces)
from registration.notices import offer_deadline, record, tell

NOT_TAKING, NOT_YET, CLOSED, OPEN = "not_taking", "not_yet", "closed", "open"
#: Badge photos live in this folder of the uploads (core.uploads).
PHOTOS = "photos"
#: The history's name for the consent to booths (Registration.exhibitor_consent_at), beside FIELD_LABELS.
EXHIBITOR_CONSENT_LABEL = _l("Consent to booths that scan the badge")


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


def is_full(settings: RegistrationSettings) -> bool:
    """Every place taken (quotas aside): the form says beforehand that registering means waiting."""
    return settings.capacity is not None and places.places_taken(settings.event_id) >= settings.capacity


def can_change(registration: Registration, settings: RegistrationSettings | None, now: datetime | None = None) -> bool:
    """Whether the person may still change their answers and sessions (until the organisers' cut-off)."""
    end = settings.changes_end() if settings else None
    return (settings is not None and registration.status in (CONFIRMED, WAITLISTED, PENDING, OFFERED)
            and (end is None or (now or utcnow()) < end))


def save_settings(event: Event, values: dict) -> RegistrationSettings:
    settings = settings_of(event) or RegistrationSettings(event_id=event.id, fields={})
    for name, value in values.items():
        setattr(settings, name, value)
    db.session.add(settings)
    touch(event)  # the event page shows whether and when registration opens
    db.session.flush()
    settings = places.lock(event.id)
    _upkeep(event, settings)
    _fill_places(event, settings)  # a raised capacity offers places to the people waiting
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
             invitation: Invitation | None = None, exhibitor_consent: bool | None = None) -> Registration:
    """Register `user` for `event` with the form's `values` and chosen `sessions`: confirmed, pending
    approval, or on the waiting list when no place is free for them. `photo` is a checked image
    (core.uploads.CheckedImage); `invitation` the one whose link they followed; `exhibitor_consent`
    whether they ticked the box for booths (None: the form did not offer it).

    Raises RegistrationClosed, AlreadyRegistered or InvitationError; nothing is saved then.
    """
    settings = places.lock(event.id) if settings_of(event) else None
    current = state(event, settings)
    if current != OPEN:
        db.session.rollback()
        raise RegistrationClosed(current)
    _upkeep(event, settings)
    email = normalise_email(user.email)
    registration = find_registration(event, email)
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
    registration.user_id, registration.locale, registration.consented_at = user.id, user.locale, utcnow()
    if exhibitor_consent is not None:
        registration.exhibitor_consent_at = utcnow() if exhibitor_consent else None
    if settings.mode == APPROVAL_MODE:
        status = PENDING  # places are counted when an organiser approves
    else:
        # Before the new row joins the session: the count's queries would flush it without a status.
        status = CONFIRMED if places.Places(settings).room_for(registration) else WAITLISTED
    db.session.add(registration)
    stored_photo = None
    try:
        _change(registration, status, settings, by=user, quiet=True)
        seats.set_choices(registration, set(sessions), settings.offer_hours, by=user)
        if invitation is not None:
            invitation.used_at, invitation.registration_id = utcnow(), registration.id
        if photo is not None:
            uploads.delete_after_commit(PHOTOS, registration.photo)  # someone who came back, with a new one
            stored_photo = registration.photo = uploads.store(photo.data, PHOTOS, photo.extension)
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


class QuotaHeld(ValueError):
    """A change of stakeholder group or country that would take a place the quotas hold for others."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def update(registration: Registration, values: dict, sessions: set[int], by, photo=None,
           remove_photo: bool = False, exhibitor_consent: bool | None = None) -> bool:
    """The person changes their answers and sessions (until the cut-off; NotAllowed after it), and gives
    or withdraws their consent to booths (`exhibitor_consent`; None: not offered, left as it is).
    Returns False when nothing differed from what was stored.

    Raises QuotaHeld when their place was one a quota holds and the new group or country is not of it.
    """
    event = registration.event
    settings = places.lock(event.id)
    db.session.refresh(registration)
    if not can_change(registration, settings):
        db.session.commit()
        raise NotAllowed(registration.status)
    _upkeep(event, settings)
    changed = [name for name, value in values.items() if _differs(getattr(registration, name), value)]
    if registration.status in HOLDING_A_PLACE and {"stakeholder_group", "country"} & set(changed):
        # Would the person have had this place as they now describe themselves? Asked only of a change
        # of group or country, so that a place given beyond the capacity is not lost to a new diet.
        count = places.Places(settings)
        count.give_back(registration)
        moved = Registration(stakeholder_group=values.get("stakeholder_group", registration.stakeholder_group),
                             country=values.get("country", registration.country))
        if not count.room_for(moved):
            db.session.rollback()
            raise QuotaHeld("stakeholder_group" if "stakeholder_group" in changed else "country")
    for name, value in values.items():
        setattr(registration, name, value)
    if exhibitor_consent is not None and exhibitor_consent != (registration.exhibitor_consent_at is not None):
        # Consent kept as it was keeps its date: the date says when the person agreed.
        registration.exhibitor_consent_at = utcnow() if exhibitor_consent else None
        changed.append("exhibitor_consent")
        if not exhibitor_consent:
            exhibitor_consent_withdrawn.send(current_app._get_current_object(), registration=registration)
    old_photo, stored_photo = registration.photo, None
    sessions_before = {choice.session_id for choice in registration.choices}
    try:
        seats.set_choices(registration, set(sessions), settings.offer_hours, by=by)
        if photo is not None or (remove_photo and old_photo):
            changed.append("photo")
        if not changed and sessions_before == {choice.session_id for choice in registration.choices}:
            db.session.commit()  # saved as it was: nothing to record or to tell
            return False
        labels = {**FIELD_LABELS, "exhibitor_consent": EXHIBITOR_CONSENT_LABEL}
        fields = ", ".join(str(labels.get(name, name)) for name in changed)
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


def _differs(stored, given) -> bool:
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
    _cancel(registration, by, reason)
    db.session.commit()


def _cancel(registration: Registration, by, reason: str, quiet: bool = False) -> None:
    """Under the event's lock, in the caller's transaction: cancel, tell the person (unless `quiet`),
    offer the place on."""
    event = registration.event
    settings = places.lock(event.id)
    db.session.refresh(registration)
    if registration.status == CANCELLED:
        return
    _change(registration, CANCELLED, settings, by=by, reason=reason, quiet=quiet)
    _fill_places(event, settings)


def accept_offer(registration: Registration, by) -> None:
    event = registration.event
    settings = places.lock(event.id)
    db.session.refresh(registration)
    _upkeep(event, settings)
    if registration.status != OFFERED:
        db.session.commit()  # the expiry (and the next offer) stands
        raise NotAllowed(registration.status)
    _change(registration, CONFIRMED, settings, by=by)
    db.session.commit()


def answer_seat(registration: Registration, session_id: int, accept: bool, by) -> None:
    """The person takes or declines the seat offered at a session; NotAllowed if the offer is over."""
    settings = places.lock(registration.event_id)
    db.session.refresh(registration)
    _upkeep(registration.event, settings)
    choice = seats.choice_of(registration, session_id)
    if choice is None or choice.status != OFFERED:
        db.session.commit()
        raise NotAllowed(choice.status if choice else CANCELLED)
    if accept:
        seats.accept(choice, by)
    else:
        seats.decline(choice, settings.offer_hours, by)
    db.session.commit()


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
        _change(registration, CONFIRMED if room else WAITLISTED, settings, by=by, reason=str(_l("Approved.")))
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
        _change(registration, REJECTED, settings, by=by, reason=reason)
        rejected += 1
    _fill_places(event, settings)
    db.session.commit()
    return rejected


def cancel_for(event: Event, registrations: list[Registration], by, reason: str = "") -> int:
    """Organisers cancel registrations for the people (who are told, with the reason); places go on."""
    cancelled = 0
    for registration in registrations:
        if registration.event_id == event.id and registration.status != CANCELLED:
            _cancel(registration, by, reason or str(_l("Cancelled by an organiser.")))
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
            _change(registration, CONFIRMED, settings, by=by,
                    reason=str(_l("Moved off the waiting list by an organiser.")))
            moved += 1
    db.session.commit()
    return moved


def save_seat_capacities(event: Event, capacities: dict[int, int | None]) -> None:
    settings = places.lock(event.id)
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
    _upkeep(event, settings)
    _fill_places(event, settings)
    db.session.commit()


def remove_quota(quota: Quota) -> None:
    """The places it held are open to everyone at once: the people waiting are offered them."""
    event = db.session.get(Event, quota.event_id)
    settings = places.lock(event.id)
    db.session.execute(delete(Quota).where(Quota.id == quota.id))  # a second click finds nothing: no error
    _fill_places(event, settings)
    db.session.commit()


def message_recipients(statement, status: str | None):
    """Who an e-mail to the organiser's filtered list reaches: cancelled and rejected registrations only
    when the list is filtered by that status."""
    return statement if status else statement.where(Registration.status.not_in((CANCELLED, REJECTED)))


def message_participants(event: Event, statement, subject: str, body: str, by) -> int:
    """E-mail everyone `statement` selects (see message_recipients), each in their language."""
    sent = 0
    for registration in db.session.scalars(statement.execution_options(yield_per=500)):
        if registration.user_id is None:
            continue  # an anonymised registration has no address left
        queue_mail(registration.email, subject, "registration_message", locale=registration.locale,
                   registration=registration, event=event, body=body, sender=by.full_name,
                   link=external_url("registration.my_registrations"))
        sent += 1
    db.session.commit()
    return sent


def expire_offers(now: datetime | None = None) -> int:
    """In every event: end the offers (of places and of seats) that ran out, carry out quota releases
    that fell due, and offer what they freed to the next people waiting. Returns the offers ended."""
    now = now or utcnow()
    event_ids = set(db.session.scalars(select(Registration.event_id).where(
        Registration.status == OFFERED, Registration.offered_until <= now).distinct()))
    event_ids |= set(seats.events_with_expired_seat_offers(now)) | set(places.events_with_releases_due(now))
    expired = 0
    for event_id in sorted(event_ids):
        event = db.session.get(Event, event_id)
        expired += _upkeep(event, places.lock(event_id), now)
        db.session.commit()
    return expired


def _upkeep(event: Event, settings: RegistrationSettings, now: datetime | None = None) -> int:
    """Under the lock: what time has done since the last change (offers ran out, quotas released), so
    that whoever touches the event next sees it as it stands. Returns the offers ended."""
    now = now or utcnow()
    ran_out = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == OFFERED, Registration.offered_until <= now)).all()
    for registration in ran_out:
        _change(registration, CANCELLED, settings, reason=str(_l("The offered place was not taken in time.")),
                what="offer_expired")
    if places.releases_due(event.id, settings, now) or ran_out:
        _fill_places(event, settings, now)
    return len(ran_out) + seats.expire(event.id, settings.offer_hours, now)


def _fill_places(event: Event, settings: RegistrationSettings, now: datetime | None = None) -> None:
    """Under the lock: offer free places to the first people waiting who may take them (quotas allowing)."""
    now = now or utcnow()
    if event.is_cancelled or event.ends_at <= now:
        return  # nobody is offered a place at an event that will not happen or is over
    count = places.Places(settings, now)
    if count.free is not None and count.free <= 0:
        return
    statement = (select(Registration).where(Registration.event_id == event.id, Registration.status == WAITLISTED)
                 .order_by(Registration.waitlisted_at, Registration.id))
    if count.free is not None and not count.quotas:
        statement = statement.limit(count.free)  # with quotas, someone further down may be the one who fits
    for registration in db.session.scalars(statement).all():
        if count.free is not None and count.free <= 0:
            break
        if count.room_for(registration):
            count.take(registration)
            _change(registration, OFFERED, settings)
            registration.offered_until = offer_deadline(settings.offer_hours, event.starts_at, now)
            db.session.flush()
            tell(registration)


def _change(registration: Registration, status: str, settings: RegistrationSettings, by=None, reason: str = "",
            what: str | None = None, quiet: bool = False) -> None:
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


def reissue_badge(registration: Registration, by) -> None:
    """A new badge for someone who lost theirs: the old one fails at the desk from now on. Commits."""
    registration.badge_version += 1
    record(registration, registration.status, registration.status, by=by,
           reason=str(_l("New badge issued: the earlier one no longer works.")))
    db.session.commit()


def registrations_of(user) -> list[Registration]:
    """The person's own registrations, latest events first, with their session choices."""
    return db.session.scalars(select(Registration).join(Event).where(Registration.user_id == user.id)
                              .options(selectinload(Registration.event),
                                       selectinload(Registration.choices).selectinload(SessionChoice.session))
                              .order_by(Event.starts_at.desc())).all()


def registrations_in(event: Event, ids: list[int]) -> list[Registration]:
    """The registrations with these ids that belong to this event (ids from a form are not trusted)."""
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id,
                                                         Registration.id.in_(ids))).all()


def settings_by_event(event_ids) -> dict[int, RegistrationSettings]:
    return {settings.event_id: settings for settings in db.session.scalars(
        select(RegistrationSettings).where(RegistrationSettings.event_id.in_(set(event_ids))))}


def count_of(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


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
    """The person's own sessions: at every event they hold a confirmed place at, the sessions open to
    all participants, and the limited ones where they hold a seat."""
    return db.session.scalars(
        select(Session).join(Registration, Registration.event_id == Session.event_id)
        .outerjoin(SessionPlaces, SessionPlaces.session_id == Session.id)
        .outerjoin(SessionChoice, (SessionChoice.session_id == Session.id)
                   & (SessionChoice.registration_id == Registration.id))
        .where(Registration.user_id == user.id, Registration.status == CONFIRMED,
               SessionPlaces.session_id.is_(None) | (SessionChoice.status == CONFIRMED))
        .options(selectinload(Session.room), selectinload(Session.track), selectinload(Session.event),
                 selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker))
        .order_by(Session.starts_at, Session.id)).all()


SORTS = {"name": Registration.full_name, "country": Registration.country, "status": Registration.status,
         "registered": Registration.id}


def participant_list(event: Event, *, q: str = "", status: str | None = None, group: str | None = None,
                     country: str | None = None, region: str | None = None, session: int | None = None,
                     sort: str = "registered"):
    """The organiser's list: searched (name, e-mail, organisation, any accents or case) and filtered.

    `session`: the people with a seat at that session (so an e-mail to them reaches who will be there).
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
        "dietary_requirements": registration.dietary_requirements, "languages": registration.languages,
        "answers": dict(answers_as_text(registration, questions_of(registration.event_id))),
        "has_photo": registration.photo is not None,
        "booths_may_keep_details_since": registration.exhibitor_consent_at.isoformat()
        if registration.exhibitor_consent_at else None,
        "sessions": [{"session": choice.session.title, "status": choice.status} for choice in registration.choices],
        "registered_at": registration.created_at.isoformat(),
        "history": [{"at": change.at.isoformat(), "from": change.from_status, "to": change.to_status,
                     "reason": change.reason} for change in registration.history],
    } for registration in registrations]}


def anonymise(user) -> None:
    """Before an account is deleted: its registrations lose everything that names the person, and keep
    what the counts need (status, stakeholder group, country, gender). Places held at events still to come
    are freed; at events that are over, the person's participation stays in the reports, anonymously."""
    now = utcnow()
    # Events in the order of their ids: two deletions at once take their locks in the same order.
    for registration in db.session.scalars(select(Registration).where(Registration.user_id == user.id)
                                           .order_by(Registration.event_id)).all():
        if registration.status in HOLDING_A_PLACE + (WAITLISTED, PENDING) and registration.event.ends_at > now:
            # Nobody is told: the person is leaving, and an e-mail would keep their name in the outbox.
            _cancel(registration, by=None, reason=str(_l("The account was deleted.")), quiet=True)
        registration.user_id = None
        registration.email = f"deleted-{registration.id}@deleted.invalid"
        registration.full_name = str(_l("Deleted account"))
        registration.organisation = registration.job_title = ""
        registration.accessibility_needs = registration.dietary_requirements = ""
        registration.answers, registration.languages = {}, []
        registration.exhibitor_consent_at = None  # nobody is left to have agreed
        uploads.delete_after_commit(PHOTOS, registration.photo)
        registration.photo = None
        # A certificate states the person's name to anyone with its code, a printed sheet of the event's
        # badges shows their name and photo: both go with the account.
        db.session.execute(delete(Certificate).where(Certificate.registration_id == registration.id))
        jobs.forget_results(badges_subject(registration.event_id))
    invitations.forget(normalise_email(user.email))
    db.session.flush()


def participants_for_export(statement):
    """The registrations `statement` selects, read in batches: an export of 50,000 rows holds a few hundred."""
    return db.session.scalars(statement.options(selectinload(Registration.choices))
                              .execution_options(yield_per=500))
