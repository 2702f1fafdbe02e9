"""What meetings hold about a person: in their own data download (personal_data), and what their account leaves
when it is deleted (forget: factory's account_deleting hook, before registration.privacy.anonymise unlinks the
registrations).

The rows that name the account are changed here rather than left to the foreign keys: SQLite does not
cascade, and gives a later account the id of the last one deleted, which would then inherit a visa
officer's access to passport data or a focal point's delegation.
"""
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import selectinload

from accounts.services import normalise_email
from core.extensions import db
from core.models import utcnow
from core.multilingual import translated
from meetings import passport_data, visas
from meetings.delegations import name_of
from meetings.models import Delegation, FocalPoint, Nomination, VisaDataRead, VisaOfficer, VisaRequest
from registration.models import Registration
from registration.privacy import DELETED_DOMAIN


def personal_data(user) -> dict:
    """The delegations the person is a focal point of, the nominations that name them (by their address or
    through their registration), and their visa-letter requests (meetings.visas)."""
    email = normalise_email(user.email)
    points = db.session.scalars(select(FocalPoint).where(or_(FocalPoint.user_id == user.id, FocalPoint.email == email))
                                .options(selectinload(FocalPoint.delegation).selectinload(Delegation.event))
                                .order_by(FocalPoint.id)).all()
    members = db.session.scalars(_nominations_of(user, email).options(
        selectinload(Nomination.delegation).selectinload(Delegation.event)).order_by(Nomination.id)).all()
    return {"focal_point_of": [{
        "event": str(translated(point.delegation.event, "title")), "delegation": name_of(point.delegation),
        "email": point.email, "full_name": point.full_name, "invited_at": point.invited_at.isoformat(),
        "revoked_at": point.revoked_at.isoformat() if point.revoked_at else None} for point in points],
        "delegation_nominations": [{
            "event": str(translated(member.delegation.event, "title")), "delegation": name_of(member.delegation),
            "role": member.role, "honorific": member.honorific, "full_name": member.full_name,
            "email": member.email, "function": member.function, "nominated_at": member.created_at.isoformat(),
            "withdrawn_at": member.withdrawn_at.isoformat() if member.withdrawn_at else None}
            for member in members],
        **visas.personal_data(user)}


def _nominations_of(user, email: str):
    return select(Nomination).outerjoin(Registration, Registration.id == Nomination.registration_id).where(
        or_(Registration.user_id == user.id, Nomination.email == email))


def forget(user) -> None:
    """The account's passport data, its places as visa officer and focal point, and the nominations that name
    it go; the delegations and the counts stay. In the caller's transaction."""
    now, email = utcnow(), normalise_email(user.email)
    passport_data.forget(user)
    db.session.execute(delete(VisaOfficer).where(VisaOfficer.user_id == user.id))
    # The read log keeps that a deleted account read the data, not a later account with the same id; the
    # same for who decided a request, approved a delegation or nominated a member.
    for model, column in ((VisaDataRead, VisaDataRead.user_id), (VisaRequest, VisaRequest.decided_by_user_id),
                          (Delegation, Delegation.approved_by_user_id), (Nomination, Nomination.nominated_by_user_id)):
        db.session.execute(update(model).where(column == user.id).values({column: None})
                           .execution_options(synchronize_session=False))
    for point in db.session.scalars(select(FocalPoint).where(
            or_(FocalPoint.user_id == user.id, FocalPoint.email == email))):
        point.user_id, point.revoked_at = None, point.revoked_at or now
        point.email, point.full_name = f"deleted-{point.id}@{DELETED_DOMAIN}", _("Deleted account")
    for nomination in db.session.scalars(_nominations_of(user, email)):
        # Their link stops working; the focal point's page says the member was withdrawn, without naming them.
        nomination.withdrawn_at = nomination.withdrawn_at or now
        nomination.email, nomination.full_name = f"deleted-{nomination.id}@{DELETED_DOMAIN}", _("Deleted account")
        nomination.function, nomination.honorific = "", ""
    db.session.flush()
