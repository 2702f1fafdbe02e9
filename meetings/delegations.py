"""Delegations: organisers name focal points, focal points nominate their delegation's members and send
its credentials, organisers accept the credentials and approve the delegation.

Links (a focal point's invitation, a member's personal link) carry a code that only the e-mail holds;
the database keeps its SHA-256 (core.security.new_link_code). Every change here commits once, after all
of its checks passed: a refused request saves nothing. Members complete their registration through
meetings.nominations; the registrations themselves are registration's (register, approve, cancel_for).
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from accounts.services import language_for_address, normalise_email
from core import uploads
from core.extensions import db
from core.i18n import name_list
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import lazy_translated
from core.security import link_code_hash, new_link_code
from core.urls import external_url
from core.vocabularies import country_name
from events.formatting import local_datetime
from events.models import Event
from meetings.models import (CREDENTIALS_ACCEPTED, CREDENTIALS_RECEIVED, CREDENTIALS_REFUSED, HEAD, Delegation,
                             FocalPoint, Nomination)
from meetings.settings import settings_for, settings_of
from registration import organising, places, services as registration_services
from registration.categories import NOMINATION, ParticipantCategory
from registration.models import CANCELLED, PENDING, REJECTED, Registration

#: Credentials letters live in this folder of the uploads (core.uploads).
CREDENTIALS = "credentials"
#: A credentials letter is a few signed pages: more than this is not one.
CREDENTIALS_MAX_BYTES = 10 * 1024 * 1024

#: What a member's line says, beside the registration's own statuses (registration.models.STATUSES).
WITHDRAWN, LINK_SENT = "withdrawn", "link_sent"
MEMBER_STATES = {WITHDRAWN: _l("Withdrawn"), LINK_SENT: _l("Link sent: registration not completed yet")}


class DelegationError(ValueError):
    """A change refused, with the message the person reads and the form field it concerns (None: the page)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message, self.field = message, field


class LinkError(ValueError):
    """A focal point's or member's link that cannot be used: "unknown" (altered, mistyped, or replaced by a
    newer one), "revoked", "withdrawn", "someone_else" (sent to another address)."""

    def __init__(self, state: str, email: str = ""):
        super().__init__(state)
        self.state, self.email = state, email

    def masked_email(self) -> str:
        """The address the link was sent to, as a hint that does not hand it over: a…@example.org."""
        local, _, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain}"


# ---- The event's settings and deadline -------------------------------------------------------------------

def deadline_of(event: Event) -> datetime | None:
    """When focal points stop adding and replacing members: the meeting's deadline, else when registration
    closes, else never."""
    settings = settings_of(event)
    if settings is not None and settings.nominations_close_at is not None:
        return settings.nominations_close_at
    registration = registration_services.settings_of(event)
    return registration.closes_at if registration is not None else None


def nominations_open(event: Event, now: datetime | None = None) -> bool:
    deadline = deadline_of(event)
    return deadline is None or (now or utcnow()) < deadline


def save_deadline(event: Event, closes_at: datetime | None) -> None:
    settings_for(event).nominations_close_at = closes_at
    db.session.commit()


# ---- Reading -------------------------------------------------------------------------------------------

def nomination_categories(event: Event) -> list[ParticipantCategory]:
    """The event's categories, those that admit by nomination first (the form's choice starts with one)."""
    categories = db.session.scalars(select(ParticipantCategory).where(ParticipantCategory.event_id == event.id)
                                    .order_by(ParticipantCategory.position, ParticipantCategory.id)).all()
    return sorted(categories, key=lambda category: category.admission != NOMINATION)


def delegations_of(event: Event) -> list[Delegation]:
    """The event's delegations, Parties then organisations, with their focal points and members."""
    delegations = db.session.scalars(select(Delegation).where(Delegation.event_id == event.id).options(
        selectinload(Delegation.focal_points), selectinload(Delegation.category),
        selectinload(Delegation.members).selectinload(Nomination.registration))).all()
    return sorted(delegations, key=lambda delegation: (delegation.country is None, name_of(delegation).casefold()))


def delegations_for(user) -> list[Delegation]:
    """The delegations `user` is a focal point of (not revoked), with their events."""
    return db.session.scalars(select(Delegation).join(FocalPoint).where(
        FocalPoint.user_id == user.id, FocalPoint.revoked_at.is_(None))
        .options(selectinload(Delegation.event), selectinload(Delegation.members))
        .order_by(Delegation.created_at.desc())).unique().all()


def category_in_use(sender, category: ParticipantCategory) -> str | None:
    """Why a category cannot be removed while delegations nominate in it (core.signals.category_removing):
    their members would register in none."""
    using = db.session.scalars(select(Delegation).where(Delegation.category_id == category.id)).all()
    if not using:
        return None
    names = sorted((name_of(delegation) for delegation in using), key=str.casefold)
    return str(_l("Delegations nominate their members in this category (%(delegations)s): it cannot be removed "
                  "while they do.", delegations=name_list(names)))


def is_focal_point(delegation: Delegation, user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and db.session.scalar(
        select(func.count()).select_from(FocalPoint).where(
            FocalPoint.delegation_id == delegation.id, FocalPoint.user_id == user.id,
            FocalPoint.revoked_at.is_(None))) > 0


def name_of(delegation: Delegation) -> str:
    """The Party's name in the reader's language, or the organisation's."""
    return country_name(delegation.country) if delegation.country else delegation.organisation


def member_state(nomination: Nomination) -> str:
    """A key of MEMBER_STATES or of registration.models.STATUSES."""
    if nomination.withdrawn_at is not None:
        return WITHDRAWN
    if nomination.registration is None:
        return LINK_SENT
    return nomination.registration.status


def active_members(delegation: Delegation) -> list[Nomination]:
    return [member for member in delegation.members if member.withdrawn_at is None]


# ---- Focal points --------------------------------------------------------------------------------------

def name_focal_point(event: Event, *, country: str | None, organisation: str, category_id: int | None,
                     email: str, full_name: str, by) -> FocalPoint:
    """Name a focal point for a Party (`country`) or an organisation, creating its delegation the first
    time (in `category_id`, else in _default_category), and e-mail them their link. A focal point named again
    (after a revocation) gets a new link."""
    email = normalise_email(email)
    organisation = "" if country else organisation
    if category_id is not None and db.session.scalar(select(ParticipantCategory.id).where(
            ParticipantCategory.id == category_id, ParticipantCategory.event_id == event.id)) is None:
        raise DelegationError(_l("Choose one of the options in the list."), "category_id")
    delegation = db.session.scalar(select(Delegation).where(
        Delegation.event_id == event.id, Delegation.country.is_(None) if not country else Delegation.country == country,
        func.lower(Delegation.organisation) == organisation.lower()))
    if delegation is None:
        category_id = category_id if category_id is not None else _default_category(event, country)
        delegation = Delegation(event_id=event.id, country=country or None, organisation=organisation,
                                category_id=category_id)
        db.session.add(delegation)
    focal_point = next((one for one in delegation.focal_points if one.email == email), None)
    if focal_point is not None and focal_point.revoked_at is None:
        db.session.rollback()
        raise DelegationError(_l("%(email)s is already a focal point of this delegation: send their link again "
                                 "from the list instead.", email=email), "email")
    if focal_point is None:
        focal_point = FocalPoint(email=email, full_name=full_name)
        delegation.focal_points.append(focal_point)
    focal_point.full_name = full_name or focal_point.full_name
    _invite_focal_point(focal_point, delegation, event)
    try:
        db.session.commit()
    except IntegrityError as error:  # the same delegation or focal point named in another tab at that moment
        db.session.rollback()
        raise DelegationError(_l("This delegation changed meanwhile: look at the list, then try again."),
                              "email") from error
    return focal_point


def _default_category(event: Event, country: str | None) -> int | None:
    """A Party's delegation defaults to the first category that admits by nomination (Member State delegate);
    an organisation's has no default: a State's category would mislabel it and its members (DelegationError),
    unless the event has no categories at all."""
    categories = nomination_categories(event)
    if not categories:
        return None
    if not country:
        raise DelegationError(_l("Choose the participant category of the organisation's members: it is printed on "
                                 "their badges and in the list of participants."), "category_id")
    return categories[0].id if categories[0].admission == NOMINATION else None


def _invite_focal_point(focal_point: FocalPoint, delegation: Delegation, event: Event) -> None:
    """A new code each time: the link sent before stops working."""
    code, focal_point.code_hash = new_link_code()
    focal_point.invited_at, focal_point.revoked_at = utcnow(), None
    locale = language_for_address(focal_point.email, event.working_languages)
    queue_mail(focal_point.email, _l("Nominate your delegation to %(event)s", event=lazy_translated(event, "title")),
               "delegation_focal_point", locale=locale, focal_point=focal_point, delegation=delegation,
               country=delegation.country, organisation=delegation.organisation, event=event,
               deadline=deadline_of(event), link=external_url("meetings.join_delegation", code=code))


def resend_focal_point(focal_point: FocalPoint) -> None:
    delegation = focal_point.delegation
    _invite_focal_point(focal_point, delegation, delegation.event)
    db.session.commit()


def revoke_focal_point(focal_point: FocalPoint) -> None:
    """Their link and their pages stop working; the members they nominated stay."""
    focal_point.revoked_at = utcnow()
    db.session.commit()


def focal_point_for(code: str | None, user) -> FocalPoint:
    """The focal point whose link this is, tied to `user`'s account the first time; LinkError otherwise."""
    focal_point = by_code(FocalPoint, code)
    if focal_point.revoked_at is not None:
        raise LinkError("revoked", focal_point.email)
    if focal_point.user_id is not None:
        if focal_point.user_id != user.id:
            raise LinkError("someone_else", focal_point.email)
        return focal_point
    if normalise_email(user.email) != focal_point.email:
        raise LinkError("someone_else", focal_point.email)
    focal_point.user_id, focal_point.accepted_at = user.id, utcnow()
    db.session.commit()
    return focal_point


def by_code(model, code: str | None):
    """The focal point or nomination (`model`) whose link carries `code`; LinkError("unknown") if none does."""
    if not code or len(code) > 100 or not code.isascii():
        raise LinkError("unknown")
    found = db.session.scalar(select(model).where(model.code_hash == link_code_hash(code)))
    if found is None:
        raise LinkError("unknown")
    return found


# ---- Members -------------------------------------------------------------------------------------------

def add_member(delegation: Delegation, values: dict, by, *, replacing: Nomination | None = None,
               as_organiser: bool = False) -> Nomination:
    """Nominate a member ({"role", "honorific", "full_name", "email", "function"}) and e-mail their personal
    link; `replacing`: the member they take the place of, withdrawn in the same commit.

    Refused (DelegationError) after the nominations deadline, unless `as_organiser`; for an address already
    in this delegation, nominated by another one, or registered for the event; for a second head of delegation.
    """
    event = delegation.event
    if not as_organiser and not nominations_open(event):
        raise DelegationError(_l("Nominations for this event closed on %(deadline)s: write to the organisers to "
                                 "add or replace a member.", deadline=_deadline_text(event)))
    email = normalise_email(values["email"])
    if registration_services.settings_of(event) is not None:
        # The event's registration lock (registration.places), held to the commit: a double click, or two
        # delegations naming one person at once, check the address one after the other.
        places.lock(event.id)
    try:
        _check_address(delegation, email, replacing)
        _check_role(delegation, values["role"], replacing)
        if replacing is not None:
            db.session.refresh(replacing)  # under the lock: replaced in another tab meanwhile?
            if replacing.delegation_id != delegation.id or replacing.withdrawn_at is not None:
                raise DelegationError(_l("This member has already been withdrawn or replaced."))
    except DelegationError:
        db.session.rollback()  # the lock goes back at once
        raise
    position = 1 + max((member.position for member in delegation.members), default=0)
    nomination = Nomination(role=values["role"], honorific=values.get("honorific", ""), email=email,
                            full_name=values["full_name"], function=values.get("function", ""), position=position,
                            nominated_by_user_id=getattr(by, "id", None))
    delegation.members.append(nomination)
    _send_member_link(nomination, delegation)
    if replacing is not None:
        db.session.flush()  # the new member's id, for the one they replace
        replacing.replaced_by_id = nomination.id
        _withdraw(replacing, by, str(_l("Replaced in the delegation by its focal point.")))
    db.session.commit()
    return nomination


def _check_address(delegation: Delegation, email: str, replacing: Nomination | None) -> None:
    taken = db.session.execute(select(Nomination.id, Nomination.delegation_id).join(Delegation).where(
        Delegation.event_id == delegation.event_id, Nomination.email == email,
        Nomination.withdrawn_at.is_(None))).first()
    if taken is not None and (replacing is None or taken.id != replacing.id):
        if taken.delegation_id == delegation.id:
            raise DelegationError(_l("%(email)s is already a member of this delegation.", email=email), "email")
        raise DelegationError(_l("%(email)s is already nominated by another delegation to this event.",
                                 email=email), "email")
    registered = db.session.scalar(select(Registration.id).where(
        Registration.event_id == delegation.event_id, Registration.email == email,
        Registration.status.not_in((CANCELLED, REJECTED))))
    if registered is not None:
        raise DelegationError(_l("%(email)s is already registered for this event: they cannot be nominated as "
                                 "well. Ask them to cancel their registration first, or write to the organisers.",
                                 email=email), "email")


def _check_role(delegation: Delegation, role: str, replacing: Nomination | None) -> None:
    """A delegation has one head: a second is refused, unless they replace the head."""
    if role != HEAD:
        return
    head = next((member for member in active_members(delegation) if member.role == HEAD), None)
    if head is not None and head is not replacing:
        raise DelegationError(_l("%(delegation)s already has a head of delegation, %(name)s: replace them or choose "
                                 "another role.", delegation=name_of(delegation), name=head.full_name), "role")


def _send_member_link(nomination: Nomination, delegation: Delegation) -> None:
    """A new code each time: the link sent before stops working."""
    event = delegation.event
    code, nomination.code_hash = new_link_code()
    nomination.sent_at = utcnow()
    queue_mail(nomination.email, _l("Complete your registration for %(event)s", event=lazy_translated(event, "title")),
               "delegation_member", locale=language_for_address(nomination.email, event.working_languages),
               nomination=nomination, delegation=delegation, country=delegation.country,
               organisation=delegation.organisation, event=event,
               link=external_url("meetings.complete_nomination", code=code))


def resend_member(nomination: Nomination) -> None:
    if nomination.withdrawn_at is not None:
        raise DelegationError(_l("This member has been withdrawn: their link no longer works."))
    _send_member_link(nomination, nomination.delegation)
    db.session.commit()


def withdraw_member(nomination: Nomination, by, *, as_organiser: bool = False) -> None:
    """The member leaves the delegation: their link stops working and their registration is cancelled."""
    event = nomination.delegation.event
    if not as_organiser and not nominations_open(event):
        raise DelegationError(closed_message(event))
    if registration_services.settings_of(event) is not None:
        places.lock(event.id)  # a registration the member saves at this moment is seen, and cancelled with it
    db.session.refresh(nomination)
    if nomination.withdrawn_at is not None:
        db.session.commit()
        return  # a second click
    _withdraw(nomination, by, str(_l("Withdrawn from the delegation.")))
    db.session.commit()


def _withdraw(nomination: Nomination, by, reason: str) -> None:
    nomination.withdrawn_at = utcnow()
    registration = nomination.registration
    if registration is not None and registration.status != CANCELLED:
        # cancel_for takes the registration lock and commits, with the withdrawal in the same transaction.
        organising.cancel_for(nomination.delegation.event, [registration], by, reason)


def closed_message(event: Event):
    """Why a focal point can no longer withdraw a member."""
    return _l("Nominations for this event closed on %(deadline)s: write to the organisers to withdraw a member.",
              deadline=_deadline_text(event))


def _deadline_text(event: Event) -> str:
    deadline = deadline_of(event)
    return f"{local_datetime(deadline, event, 'short')} ({event.timezone})" if deadline else ""


# ---- Credentials and approval --------------------------------------------------------------------------

def store_credentials(delegation: Delegation, document: uploads.CheckedDocument) -> None:
    """Keep the credentials letter (a checked PDF); the letter it replaces is deleted once this commits."""
    stored = uploads.store(document.data, CREDENTIALS, "pdf")
    try:
        uploads.delete_after_commit(CREDENTIALS, delegation.credentials)
        delegation.credentials, delegation.credentials_status = stored, CREDENTIALS_RECEIVED
        delegation.credentials_note = ""  # the refusal's reason was about the letter this one replaces
        delegation.credentials_at = utcnow()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        uploads.delete(CREDENTIALS, stored)
        raise


def decide_credentials(delegation: Delegation, accept: bool, reason: str, by) -> None:
    """Accept or refuse the credentials letter; a refusal is e-mailed, with its reason, to the focal points."""
    if delegation.credentials is None:
        raise DelegationError(_l("This delegation has not sent its credentials yet."))
    if not accept and not reason:
        raise DelegationError(_l("Say why the credentials are refused: the focal points read it."), "reason")
    delegation.credentials_status = CREDENTIALS_ACCEPTED if accept else CREDENTIALS_REFUSED
    delegation.credentials_note = "" if accept else reason
    if not accept:
        event = delegation.event
        for focal_point in delegation.focal_points:
            if focal_point.revoked_at is None:
                queue_mail(focal_point.email, _l("Your delegation's credentials for %(event)s were not accepted",
                                                 event=lazy_translated(event, "title")),
                           "delegation_credentials_refused",
                           locale=language_for_address(focal_point.email, event.working_languages),
                           focal_point=focal_point, delegation=delegation, country=delegation.country,
                           organisation=delegation.organisation, event=event, reason=reason,
                           link=external_url("meetings.delegation", delegation_id=delegation.id))
    db.session.commit()


def approve_delegation(delegation: Delegation, by) -> dict[str, int]:
    """Approve the delegation (its credentials accepted first) and its members' pending registrations; the
    members who complete their registration later are approved then. Returns registration's outcome."""
    if delegation.credentials_status != CREDENTIALS_ACCEPTED:
        raise DelegationError(_l("Accept the delegation's credentials before approving it."))
    delegation.approved_at, delegation.approved_by_user_id = utcnow(), by.id
    pending = [member.registration for member in active_members(delegation)
               if member.registration is not None and member.registration.status == PENDING]
    return organising.approve(delegation.event, pending, by)  # commits the approval with them
