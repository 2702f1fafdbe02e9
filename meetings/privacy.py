"""What an account leaves in meetings when it is deleted (factory's account_deleting hook, before
registration.privacy.anonymise unlinks the registrations).

The rows that name the account are changed here rather than left to the foreign keys: SQLite does not
cascade, and gives a later account the id of the last one deleted, which would then inherit a visa
officer's access to passport data or a focal point's delegation.
"""
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select

from accounts.services import normalise_email
from core.extensions import db
from core.models import utcnow
from meetings import visas
from meetings.models import FocalPoint, Nomination, VisaDataRead, VisaOfficer
from registration.models import Registration
from registration.privacy import DELETED_DOMAIN


def forget(user) -> None:
    """The account's passport data, its places as visa officer and focal point, and the nominations that name
    it go; the delegations and the counts stay. In the caller's transaction."""
    now, email = utcnow(), normalise_email(user.email)
    visas.forget(user)
    db.session.execute(delete(VisaOfficer).where(VisaOfficer.user_id == user.id))
    # The read log keeps that a deleted account read the data, not a later account with the same id.
    db.session.query(VisaDataRead).filter(VisaDataRead.user_id == user.id).update(
        {VisaDataRead.user_id: None}, synchronize_session=False)
    for point in db.session.scalars(select(FocalPoint).where(
            or_(FocalPoint.user_id == user.id, FocalPoint.email == email))):
        point.user_id, point.revoked_at = None, point.revoked_at or now
        point.email, point.full_name = f"deleted-{point.id}@{DELETED_DOMAIN}", _("Deleted account")
    for nomination in db.session.scalars(select(Nomination).outerjoin(Registration, Registration.id ==
                                                                      Nomination.registration_id).where(
            or_(Registration.user_id == user.id, Nomination.email == email))):
        # Their link stops working; the focal point's page says the member was withdrawn, without naming them.
        nomination.withdrawn_at = nomination.withdrawn_at or now
        nomination.email, nomination.full_name = f"deleted-{nomination.id}@{DELETED_DOMAIN}", _("Deleted account")
        nomination.function, nomination.honorific = "", ""
    db.session.flush()
