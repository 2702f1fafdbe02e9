"""A delegation's member completes their own registration through their personal link (meetings.delegations
sends it): the event's form, in their delegation's category, approved at once if the delegation already is."""
from accounts.models import User
from core.extensions import db
from meetings.delegations import LinkError, by_code
from meetings.models import Nomination
from registration import organising, services as registration_services
from registration.models import NOMINATED, PENDING, Registration


def nomination_for(code: str | None) -> Nomination:
    """The nomination whose personal link this is; LinkError if altered, replaced by a newer one, or withdrawn."""
    nomination = by_code(Nomination, code)
    if nomination.withdrawn_at is not None:
        raise LinkError("withdrawn", nomination.email)
    return nomination


def complete_registration(nomination: Nomination, user, values: dict, sessions: set[int] = frozenset(), photo=None,
                          exhibitor_consent: bool | None = None, listing_consent: bool | None = None) -> Registration:
    """Register the member with the answers of their form, in their delegation's category (pending until the
    delegation is approved, where the category admits by nomination), and tie the registration to the
    nomination. Raises registration's RegistrationClosed or AlreadyRegistered, or LinkError if the
    nomination was withdrawn meanwhile; nothing is saved then."""
    db.session.refresh(nomination)
    if nomination.withdrawn_at is not None:
        raise LinkError("withdrawn", nomination.email)
    delegation = nomination.delegation
    # The title the member gave wins over the focal point's; the category is always the delegation's.
    values = {"honorific": nomination.honorific} | values | {"category_id": delegation.category_id, "source": NOMINATED}

    def tie(registration: Registration) -> None:
        # Under registration's lock: withdrawn by the focal point since the check above, nothing is saved.
        db.session.refresh(nomination)
        if nomination.withdrawn_at is not None:
            raise LinkError("withdrawn", nomination.email)
        db.session.flush()  # the registration's id
        nomination.registration_id = registration.id

    registration = registration_services.register(delegation.event, user, values, sessions, photo=photo,
                                                  exhibitor_consent=exhibitor_consent, listing_consent=listing_consent,
                                                  then=tie)
    approve_if_approved(nomination)
    return registration


def approve_if_approved(nomination: Nomination) -> None:
    """A member who completes their registration after their delegation was approved is approved at once."""
    delegation = nomination.delegation
    registration = nomination.registration
    if delegation.approved_at is None or registration is None or registration.status != PENDING:
        return
    approver = db.session.get(User, delegation.approved_by_user_id) if delegation.approved_by_user_id else None
    organising.approve(delegation.event, [registration], approver)
