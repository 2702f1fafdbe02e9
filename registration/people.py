"""People registered by someone else: walk-ins at the check-in desk, participants an organiser adds by
hand or imports from a file, and the details an organiser changes on a participant's behalf.

Like every change to registrations, each function takes the event's registration lock first
(registration.places) and checks under it what the request read before: two desks registering the last
place count it one after the other, and a double submit finds the first one's registration. A
registration made here belongs to the account with its e-mail address, or to a new account without a
password (accounts.services.account_for): never a second account for one address.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from accounts.services import account_for, normalise_email
from core.extensions import db
from core.i18n import name_list
from events.models import IN_PERSON, Event
from registration import places
from registration.categories import ParticipantCategory
from registration.models import (BY_ORGANISER, CANCELLED, CONFIRMED, FIELD_LABELS, HOLDING_A_PLACE, IMPORTED,
                                 PENDING, WALK_IN, Registration, RegistrationSettings)
from registration.notices import record, tell
from registration.services import QuotaHeld, differs, find_registration, is_over, participation_of, settings_of
from registration.waiting_list import change_status, fill_places, upkeep

#: The parts of a registration an organiser changes on the person's behalf, beside FIELD_LABELS' names.
DETAIL_LABELS = {**FIELD_LABELS, "honorific": _l("Title"), "category_id": _l("Category")}
#: The details an organiser may change (the e-mail address is the person's account, and stays).
DETAILS = ("full_name", "honorific", "organisation", "job_title", "stakeholder_group", "country", "category_id",
           "languages", "accessibility_needs", "dietary_requirements")


class NotTaking(ValueError):
    """The event is cancelled, over, or does not take registrations in Convene."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class AlreadyIn(ValueError):
    """The address is registered for the event already (not cancelled)."""

    def __init__(self, registration: Registration):
        super().__init__(registration.email)
        self.registration = registration


class NoRoom(ValueError):
    """No place for them: `free` places are left (none, or fewer than `needed`)."""

    def __init__(self, free: int, needed: int = 1):
        super().__init__(free)
        self.free, self.needed = free, needed


class CategoryFull(ValueError):
    """The category's own place limit is reached."""

    def __init__(self, category: ParticipantCategory):
        super().__init__(category.key)
        self.category = category


def not_taking(event: Event, settings: RegistrationSettings | None) -> str | None:
    """Why nobody can be added to the event now ("cancelled", "over", "no_registration"), or None.
    Registration closing does not stop the desk or the organisers: that is what they are for."""
    if event.is_cancelled:
        return "cancelled"
    if is_over(event):
        return "over"
    if settings is None:
        return "no_registration"
    return None


class Room:
    """The places under the lock (the event's, its quotas' and each category's limit, registration.places), as
    people are added one by one, saying which limit a person does not fit."""

    def __init__(self, settings: RegistrationSettings):
        self.places = places.Places(settings)

    def check(self, registration: Registration, beyond_limit: bool = False) -> None:
        """NoRoom or CategoryFull unless there is a place for them (or an organiser gives one beyond the limit)."""
        if beyond_limit or self.places.room_for(registration):
            return
        limit, taken = self.places.categories.get(registration.category_id, (None, 0))
        if limit is not None and taken >= limit:
            raise CategoryFull(db.session.get(ParticipantCategory, registration.category_id))
        raise NoRoom(max(0, (self.places.free_for(registration) or 0) - self.places.held_against(registration)))

    def take(self, registration: Registration) -> None:
        self.places.take(registration)

    def give_back(self, registration: Registration) -> None:
        self.places.give_back(registration)


def _locked(event: Event) -> RegistrationSettings:
    """The event's lock and settings, or NotTaking (after giving the lock back)."""
    settings = places.lock(event.id) if settings_of(event) else None
    reason = not_taking(event, settings)
    if reason:
        db.session.rollback()
        raise NotTaking(reason)
    upkeep(event, settings)
    return settings


def _enrol(event: Event, settings: RegistrationSettings, person: dict, *, source: str, status: str, by, room: Room,
           beyond_limit: bool, reason: str) -> Registration:
    """Under the lock: a registration for `person` ({"email", "full_name", ...}) in `status`, attached to their
    account. Someone who cancelled comes back in the same row, so that its history tells the whole story."""
    email = normalise_email(person["email"])
    registration = find_registration(event, email)
    if registration is not None:
        db.session.refresh(registration)  # read again under the lock: a double submit sees the first one
        if registration.status != CANCELLED:
            raise AlreadyIn(registration)
    values = {name: value for name, value in person.items() if name != "email"}
    user = account_for(email, values["full_name"], organisation=values.get("organisation"),
                       job_title=values.get("job_title"), country=values.get("country"),
                       stakeholder_group=values.get("stakeholder_group"))
    registration = registration or Registration(event_id=event.id, email=email, history=[], choices=[])
    for name, value in values.items():
        setattr(registration, name, value)
    registration.user_id, registration.locale, registration.source = user.id, user.locale, source
    # A walk-in came to the room; someone added or imported takes part as the organiser said (hybrid events).
    registration.participation = (IN_PERSON if source == WALK_IN
                                  else participation_of(event, values.get("participation")))
    if status == CONFIRMED:
        # Before the new row joins the session: the count's queries would flush it without a status.
        room.check(registration, beyond_limit)
        room.take(registration)
    db.session.add(registration)
    change_status(registration, status, settings, by=by, reason=reason, quiet=True)
    return registration


def _commit_or_already(event: Event, email: str) -> None:
    try:
        db.session.commit()
    except IntegrityError as error:  # the same address registered on another desk at the same moment
        db.session.rollback()
        raise AlreadyIn(find_registration(event, email)) from error


def _add_one(event: Event, person: dict, *, source: str, status: str, by, beyond_limit: bool,
             reason: str) -> Registration:
    settings = _locked(event)
    try:
        registration = _enrol(event, settings, person, source=source, status=status, by=by, room=Room(settings),
                              beyond_limit=beyond_limit, reason=reason)
        tell(registration)
    except BaseException:
        db.session.rollback()
        raise
    _commit_or_already(event, person["email"])
    return registration


def register_walk_in(event: Event, person: dict, by, beyond_limit: bool = False) -> Registration:
    """Check-in staff register someone who came without registering: confirmed at once, if a place is free
    (an organiser may give one beyond the limit). Raises NotTaking, AlreadyIn, NoRoom or CategoryFull;
    nothing is saved then."""
    return _add_one(event, person, source=WALK_IN, status=CONFIRMED, by=by, beyond_limit=beyond_limit,
                    reason=str(_l("Registered at the check-in desk by %(name)s.", name=by.full_name)))


def add_participant(event: Event, person: dict, status: str, by, beyond_limit: bool = False) -> Registration:
    """An organiser adds someone by hand, CONFIRMED (counted, or beyond the limit if they say so) or
    PENDING; the person is e-mailed as if they had registered. Raises like register_walk_in."""
    if status not in (CONFIRMED, PENDING):
        raise ValueError(status)
    return _add_one(event, person, source=BY_ORGANISER, status=status, by=by, beyond_limit=beyond_limit,
                    reason=str(_l("Added by %(name)s.", name=by.full_name)))


def import_participants(event: Event, people: list[dict], by) -> list[Registration]:
    """Confirm all these people, or none: AlreadyIn for the first one registered meanwhile, NoRoom (with
    the places left) when they do not all fit, CategoryFull; nothing is saved then."""
    settings = _locked(event)
    room = Room(settings)
    made = []
    try:
        for person in people:
            try:
                made.append(_enrol(event, settings, person, source=IMPORTED, status=CONFIRMED, by=by, room=room,
                                   beyond_limit=False, reason=str(_l("Imported from a file by %(name)s.",
                                                                     name=by.full_name))))
            except NoRoom:
                raise NoRoom(max(0, (room.places.free or 0) + len(made)), len(people)) from None
        for registration in made:
            tell(registration)
    except BaseException:
        db.session.rollback()
        raise
    _commit_or_already(event, people[0]["email"] if people else "")
    return made


def change_details(registration: Registration, values: dict, by) -> list[str]:
    """An organiser changes the person's details (names in DETAILS) on their behalf: recorded in the
    history under the organiser's name, and the person is told. Returns the names of the fields changed
    (none: nothing recorded or sent). Raises QuotaHeld or CategoryFull when the new group, country or
    category would take a place held for others."""
    event = registration.event
    settings = places.lock(event.id)
    db.session.refresh(registration)
    upkeep(event, settings)
    changed = [name for name in DETAILS if name in values and differs(getattr(registration, name), values[name])]
    if not changed:
        db.session.commit()
        return []
    moves = {"stakeholder_group", "country", "category_id"} & set(changed)
    if registration.status in HOLDING_A_PLACE and moves:
        # As the person's own change does: would they have had this place as they are now described?
        room = Room(settings)
        room.give_back(registration)
        moved = Registration(event_id=event.id, participation=registration.participation,
                             **{name: values.get(name, getattr(registration, name))
                                for name in ("stakeholder_group", "country", "category_id")})
        try:
            room.check(moved)
        except NoRoom:
            db.session.rollback()
            raise QuotaHeld(next(name for name in ("stakeholder_group", "country", "category_id")
                                 if name in moves)) from None
        except CategoryFull:
            db.session.rollback()
            raise
    for name in changed:
        setattr(registration, name, values[name])
    fields = name_list(DETAIL_LABELS[name] for name in changed)
    record(registration, registration.status, registration.status, by=by,
           reason=str(_l("Details changed by %(name)s: %(fields)s.", name=by.full_name, fields=fields)))
    db.session.flush()
    tell(registration, "changed")
    if registration.status in HOLDING_A_PLACE and moves:
        fill_places(event, settings)  # the place left in their old category (or quota) goes to its next one waiting
    db.session.commit()
    return changed
