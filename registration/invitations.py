"""Invitations to invitation-only events: one at a time or from a CSV file, each with a single-use code.

The code travels only in the e-mailed link; the database keeps its SHA-256, so neither a guessed
code nor a copy of the database opens registration. A code is spent when someone registers with it.
"""
from dataclasses import dataclass, field
import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts.services import language_for_address, normalise_email
from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import lazy_translated
from core.urls import external_url
from events.models import Event
from registration import csv_files
from registration.csv_files import MAX_CSV_BYTES, MAX_CSV_ROWS  # noqa: F401  (the upload views read them here)
from registration.models import CANCELLED, Invitation, Registration

#: Column titles we recognise, in the languages organisers' spreadsheets come in (lower case).
COLUMNS = {
    "email": {"email", "e-mail", "email address", "e-mail address", "courriel", "adresse e-mail", "mail"},
    "full_name": {"full_name", "full name", "name", "nom", "nom complet"},
    "organisation": {"organisation", "organization", "organisme", "institution"},
}
LIMITS = {"email": 320, "full_name": 200, "organisation": 200}


class InvitationError(ValueError):
    """A code that is unknown (forged, mistyped, for another event), already used, or withdrawn."""

    def __init__(self, state: str, invitation: Invitation | None = None):
        super().__init__(state)
        self.state, self.invitation = state, invitation

    def masked_email(self) -> str:
        """The address it was sent to, as a hint that does not hand it over: a…@example.org."""
        local, _, domain = self.invitation.email.partition("@")
        return f"{local[:1]}…@{domain}"


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def invitation_for(event: Event, code: str | None, registration: Registration | None = None,
                   email: str | None = None) -> Invitation:
    """The event's invitation with this code, for the person with this `email`; InvitationError if
    there is none or it cannot be used. An invitation is personal: a forwarded link does not work.

    `registration`: the person's earlier (cancelled) registration, who may come back with their own code.
    """
    if not code:
        raise InvitationError("missing")
    if len(code) > 100:
        raise InvitationError("unknown")
    invitation = db.session.scalar(select(Invitation).where(Invitation.code_hash == _hash(code),
                                                            Invitation.event_id == event.id))
    if invitation is None:
        raise InvitationError("unknown")
    problem = problem_with(invitation, registration, email)
    if problem:
        raise InvitationError(problem, invitation)
    return invitation


def problem_with(invitation: Invitation, registration: Registration | None, email: str | None = None) -> str | None:
    """Why the invitation cannot be used (by the person with this `email`, when given), or None."""
    if invitation.revoked_at is not None:
        return "revoked"
    if email is not None and normalise_email(email) != invitation.email:
        return "someone_else"
    if invitation.used_at is not None and (registration is None or invitation.registration_id != registration.id):
        return "used"
    return None


def _send(invitation: Invitation, event: Event) -> None:
    """A new code each time, so that a resent invitation's old link stops working (and a withdrawn one works again)."""
    code = secrets.token_urlsafe(24)
    invitation.code_hash, invitation.sent_at, invitation.revoked_at = _hash(code), utcnow(), None
    queue_mail(invitation.email, _l("You are invited to %(event)s", event=lazy_translated(event, "title")),
               "registration_invitation", locale=language_for_address(invitation.email, event.working_languages),
               invitation=invitation, event=event, link=external_url("registration.register", slug=event.slug, code=code))


def invite(event: Event, people: list[dict], by) -> list[Invitation]:
    """Invite these people ({"email", "full_name", "organisation"}) and e-mail each their link.

    Addresses already invited or registered are left out; the invitations made are returned.
    """
    taken = taken_addresses(event)
    made = []
    for person in people:
        email = normalise_email(person["email"])
        if email in taken:
            continue
        taken.add(email)
        invitation = Invitation(event_id=event.id, email=email, full_name=person.get("full_name", ""),
                                organisation=person.get("organisation", ""), invited_by_user_id=by.id)
        _send(invitation, event)
        db.session.add(invitation)
        made.append(invitation)
    db.session.commit()
    return made


def registered_addresses(event: Event) -> set[str]:
    """The addresses registered for the event (not cancelled)."""
    return set(db.session.scalars(select(Registration.email).where(Registration.event_id == event.id,
                                                                   Registration.status != CANCELLED)))


def taken_addresses(event: Event) -> set[str]:
    invited = db.session.scalars(select(Invitation.email).where(Invitation.event_id == event.id))
    return set(invited) | registered_addresses(event)


def forget(email: str) -> None:
    """Before an account goes: its invitations keep no name or address (the counts stay)."""
    for invitation in db.session.scalars(select(Invitation).where(Invitation.email == email)):
        invitation.email = f"deleted-{invitation.id}@deleted.invalid"
        invitation.full_name = invitation.organisation = ""


def resend(invitation: Invitation) -> None:
    _send(invitation, db.session.get(Event, invitation.event_id))
    db.session.commit()


def revoke(invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    db.session.commit()


def invitations_of(event: Event) -> list[Invitation]:
    return db.session.scalars(select(Invitation).where(Invitation.event_id == event.id)
                              .order_by(Invitation.created_at.desc(), Invitation.id.desc())).all()


@dataclass
class CsvImport:
    #: (line number, what is wrong), for rows that were not imported.
    problems: list[tuple[int, str]] = field(default_factory=list)
    #: Valid rows: {"email", "full_name", "organisation"}.
    people: list[dict] = field(default_factory=list)
    #: Line numbers of rows whose address is already invited or registered: left out, not an error.
    already: list[tuple[int, str]] = field(default_factory=list)
    #: A problem with the file as a whole (not CSV, too big, no e-mail column): nothing was read.
    file_problem: str | None = None


def read_csv(data: bytes, taken: set[str]) -> CsvImport:
    """Check every row of an uploaded CSV of people to invite; rows with an address in `taken` (already
    invited or registered) are set aside. The caller imports all rows or none."""
    result = CsvImport()
    try:
        table = csv_files.read_table(data, COLUMNS, "email", str(_l(
            "The first line must name the columns, with one called “email” (and, if you like, “full_name” and "
            "“organisation”).")))
    except csv_files.FileProblem as problem:
        result.file_problem = problem.message
        return result
    seen = {}
    for line, row in table.rows:
        problem, person = csv_files.read_cells(row, table, LIMITS)
        if problem is None and person["email"] in seen:
            problem = str(_l("%(email)s is already on line %(line)d.", email=person["email"],
                             line=seen[person["email"]]))
        if problem is not None:
            result.problems.append((line, problem))
        elif person["email"] in taken:
            result.already.append((line, person["email"]))
        else:
            person.setdefault("full_name", "")
            person.setdefault("organisation", "")
            seen[person["email"]] = line
            result.people.append(person)
    return result
