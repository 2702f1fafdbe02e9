"""Inviting IFCD beneficiaries to a knowledge fair, and their accepting.

An invitation is the booth's first state (Booth.status INVITED). Like invitations to register
(registration.invitations), its code travels only in the e-mailed link and the database keeps its SHA-256;
it is personal, and sending it again makes a new code so the old link stops working.
"""
import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from accounts.services import language_for_address, normalise_email, set_role
from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import lazy_translated
from core.urls import external_url
from showcase.models import DRAFTING, INVITED, Booth, Organisation


class InvitationProblem(ValueError):
    """Why an invitation link cannot be used: `state` is unknown, revoked, used, someone_else or taken."""

    def __init__(self, state: str, booth: Booth | None = None):
        super().__init__(state)
        self.state, self.booth = state, booth

    def masked_email(self) -> str:
        """The address it was sent to, as a hint that does not hand it over: a…@example.org."""
        local, _, domain = self.booth.invited_email.partition("@")
        return f"{local[:1]}…@{domain}"


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def taken_addresses(event) -> set[str]:
    """Addresses already invited to this fair's booths (withdrawn invitations included: send those again)."""
    return set(db.session.scalars(select(Booth.invited_email).where(Booth.event_id == event.id)))


def _send(booth: Booth, event) -> None:
    code = secrets.token_urlsafe(24)
    booth.code_hash, booth.invited_at, booth.revoked_at = _hash(code), utcnow(), None
    # In the language of the account with this address, if there is one, else in the fair's first language.
    queue_mail(booth.invited_email, _l("Your booth at %(event)s", event=lazy_translated(event, "title")),
               "booth_invitation", locale=language_for_address(booth.invited_email, event.working_languages),
               booth=booth, event=event, link=external_url("showcase.accept_invitation", code=code))


def invite(event, people: list[dict], by) -> list[Booth]:
    """Invite these beneficiaries ({"email", "full_name", "organisation"}) and e-mail each their link.

    Addresses already invited are left out; the booths made (status INVITED) are returned. Commits.
    """
    taken, made = taken_addresses(event), []
    for person in people:
        email = normalise_email(person["email"])
        if email in taken:
            continue
        taken.add(email)
        booth = Booth(event_id=event.id, status=INVITED, invited_email=email,
                      invited_name=person.get("organisation") or person.get("full_name") or "",
                      invited_by_user_id=by.id if by else None)
        _send(booth, event)
        db.session.add(booth)
        made.append(booth)
    db.session.commit()
    return made


def resend(booth: Booth) -> None:
    _send(booth, booth.event)
    db.session.commit()


def revoke(booth: Booth) -> None:
    booth.revoked_at, booth.code_hash = utcnow(), None
    db.session.commit()


def booth_for_code(code: str | None, user=None) -> Booth:
    """The invitation (booth) with this code, usable by `user` if given; InvitationProblem if not."""
    if not code or len(code) > 100:
        raise InvitationProblem("unknown")
    booth = db.session.scalar(select(Booth).where(Booth.code_hash == _hash(code)))
    if booth is None:
        raise InvitationProblem("unknown")
    if booth.revoked_at is not None:
        raise InvitationProblem("revoked", booth)
    if booth.accepted_at is not None:
        raise InvitationProblem("used", booth)
    if user is not None and getattr(user, "is_authenticated", False) \
            and normalise_email(user.email) != booth.invited_email:
        raise InvitationProblem("someone_else", booth)
    return booth


def accept(booth: Booth, user, organisation: Organisation) -> Booth:
    """`user` accepts for `organisation`: the booth becomes theirs to fill in, and they a beneficiary.

    InvitationProblem("taken") if the organisation has a booth at this fair already, ("used") if the link was
    used a moment ago (another tab: the booth is claimed only where it is still unclaimed). Commits.
    """
    if db.session.scalar(select(Booth.id).where(Booth.event_id == booth.event_id,
                                                Booth.organisation_id == organisation.id)) is not None:
        raise InvitationProblem("taken", booth)
    accepted_at = utcnow()
    claimed = db.session.execute(
        update(Booth).where(Booth.id == booth.id, Booth.accepted_at.is_(None), Booth.revoked_at.is_(None),
                            Booth.code_hash.is_not(None))
        .values(accepted_at=accepted_at, organisation_id=organisation.id)
        .execution_options(synchronize_session=False)).rowcount
    if not claimed:
        db.session.rollback()
        raise InvitationProblem("used", booth)
    booth.organisation_id = organisation.id
    booth.accepted_at, booth.status, booth.code_hash = accepted_at, DRAFTING, None
    booth.project_id = organisation.projects[0].id if len(organisation.projects) == 1 else None
    try:
        if user.has_role("beneficiary"):
            db.session.commit()
        else:
            set_role(user, "beneficiary", True)  # commits the booth with the role
    except IntegrityError as error:  # the same organisation accepting two invitations at once
        db.session.rollback()
        raise InvitationProblem("taken", booth) from error
    return booth
