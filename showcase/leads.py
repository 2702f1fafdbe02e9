"""Leads: visitors whose badge a booth's staff scanned at the fair.

The badge carries the same signed code as at the check-in desk (registration.codes), so a lead is only
ever made from a genuine badge of this fair's confirmed registration. A booth keeps a visitor's details
only with their consent: given when registering (Registration.exhibitor_consent_at), or asked at the
booth; and only the fields the fair's organisers allow (FairSettings.lead_fields), never more.
"""
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.forms import DIRECTION_CONTROLS, DIRECTION_MESSAGE, UNSTORABLE, UNSTORABLE_MESSAGE
from core.models import utcnow
from core.multilingual import translated
from core.urls import is_row_id
from core.vocabularies import STAKEHOLDER_GROUPS, country_names
from registration.codes import InvalidCode, read_code
from registration.csv_export import BOM, CsvText, spreadsheet_safe
from registration.models import CANCELLED, CONFIRMED, Registration
from showcase import fairs
from showcase.vocabulary import LEAD_FIELD_LABELS
from showcase.models import LEAD_FIELDS, Booth, Lead

#: The answers to a scan: a new lead, one updated, the visitor must be asked first, the visitor said
#: no (nothing kept), or the badge was refused (nothing kept).
STORED, UPDATED, ASK, DECLINED, REFUSED = "stored", "updated", "ask", "declined", "refused"
#: How the visitor agreed (Lead.consent), and what the booth's staff answer when they had to ask.
AT_REGISTRATION, ASKED = "registration", "asked"
CONSENT_ANSWERS = (ASKED, "declined")
CONSENT_LABELS = {AT_REGISTRATION: _l("When registering"), ASKED: _l("Asked at the booth")}
RATINGS = range(1, 6)
NOTE_MAX = 2000
#: Leads shown on the booth's page.
RECENT = 5

REFUSALS = {
    "unreadable": _l("This is not a Convene badge code. Scan the badge again."),
    "forged": _l("This code was altered or not made by Convene: it is not a valid badge. Nothing was kept."),
    "wrong_event": _l("This badge is for another event, not this fair. Nothing was kept."),
    "unknown": _l("This badge's registration no longer exists. Nothing was kept."),
    "replaced": _l("This badge was replaced by a newer one: ask the visitor for their new badge. Nothing was kept."),
    "cancelled": _l("This registration was cancelled: the badge is no longer valid. Nothing was kept."),
    "not_confirmed": _l("This visitor's registration is not confirmed: the badge is not valid yet. Nothing was kept."),
    "booth_not_approved": _l("Your booth is not approved for this fair yet: badges can be scanned once the "
                             "organisers approve it."),
}


class LeadProblem(ValueError):
    """Something sent with a scan or an edit that cannot be stored; `field` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass
class ScanOutcome:
    result: str
    message: str
    #: The badge's registration once the badge is known to be valid (its name is on the badge anyway).
    registration: Registration | None = None
    lead: Lead | None = None


def allowed_fields(event) -> list[str]:
    """The fields the fair lets booths keep, in LEAD_FIELDS order (whatever else a stored list holds)."""
    chosen = set(fairs.settings_of(event).lead_fields or ())
    return [name for name in LEAD_FIELDS if name in chosen]


def field_labels(fields) -> list[str]:
    return [str(LEAD_FIELD_LABELS.get(name, name)) for name in fields]


def _details(registration: Registration, fields) -> dict:
    return {name: getattr(registration, name) or "" for name in fields}


def checked_rating(value) -> int | None:
    """A rating from 1 to 5, or None for none; LeadProblem for anything else (text, 0, 6, true...)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
        raise LeadProblem("rating", _("Give a rating from 1 to 5, or none."))
    return value


def checked_note(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LeadProblem("note", _("The note must be text."))
    if len(value) > NOTE_MAX:
        raise LeadProblem("note", _("The note may have at most %(max)d characters; it has %(num)d.", max=NOTE_MAX,
                                    num=len(value)))
    if UNSTORABLE.search(value):
        raise LeadProblem("note", str(UNSTORABLE_MESSAGE))
    if DIRECTION_CONTROLS.search(value):
        raise LeadProblem("note", str(DIRECTION_MESSAGE))
    return value.strip()


def _refused(reason: str) -> ScanOutcome:
    # Without the person: a badge that is not valid here tells the booth nothing about anyone.
    return ScanOutcome(REFUSED, str(REFUSALS[reason]))


def badge_registration(booth: Booth, code) -> tuple[Registration | None, str | None]:
    """The confirmed registration of this fair whose badge carries `code`, or (None, why not) — checked
    as the check-in desk checks it (registration.checkin.check_in_code): signature, event, badge issue."""
    try:
        badge = read_code(code)
    except InvalidCode as error:
        return None, str(error)
    if badge.event_id != booth.event_id:
        return None, "wrong_event"
    registration = db.session.get(Registration, badge.registration_id)
    if registration is None or registration.event_id != booth.event_id:
        return None, "unknown"
    if registration.status == CANCELLED:
        return None, "cancelled"
    if badge.version != registration.badge_version:
        return None, "replaced"
    if registration.status != CONFIRMED:
        return None, "not_confirmed"
    return registration, None


def lead_for(booth: Booth, registration: Registration) -> Lead | None:
    return db.session.scalars(select(Lead).where(Lead.booth_id == booth.id,
                                                 Lead.registration_id == registration.id)).first()


def scan(booth: Booth, code, by_user, consent=None, rating=None, note=None) -> ScanOutcome:
    """A booth's staff scanned (or typed) a badge's `code`. Commits when it keeps something.

    Without the visitor's consent at registration, the answer is ASK: the staff ask the visitor, then
    scan again with `consent` ASKED (kept) or "declined" (nothing kept, and anything the booth held of
    them is forgotten). A visitor the booth scanned before is updated (their details as they stand, the
    rating and note if given; the time of the first scan stays), never kept twice. `rating` (1–5) and
    `note` go with the lead when given: the phone page sends them so, with the same code. Raises
    LeadProblem for a bad consent, rating or note, before anything is read or kept.
    """
    if consent not in (None, *CONSENT_ANSWERS):
        raise LeadProblem("consent", _("Answer the consent question with “asked” or “declined”."))
    rating = checked_rating(rating) if rating is not None else None
    note = checked_note(note) if note is not None else None
    if not booth.is_public:
        return _refused("booth_not_approved")
    registration, problem = badge_registration(booth, code)
    if problem:
        return _refused(problem)
    lead = lead_for(booth, registration)
    if consent == "declined":
        if lead is not None:
            db.session.delete(lead)
            db.session.commit()
        return ScanOutcome(DECLINED, _("Nothing was kept about this visitor."), registration)
    if registration.exhibitor_consent_at is not None:
        basis = AT_REGISTRATION
    elif consent == ASKED or (lead is not None and lead.consent == ASKED):  # now, or at an earlier scan
        basis = ASKED
    else:
        # Also for someone who agreed when registering, then withdrew it: asked before anything new is kept.
        return ScanOutcome(ASK, _("Ask the visitor whether your booth may keep their details."), registration)
    return _keep(booth, registration, lead, basis, by_user, rating, note)


def _keep(booth, registration, lead, basis, by_user, rating, note) -> ScanOutcome:
    details = _details(registration, allowed_fields(booth.event))
    result = UPDATED
    if lead is None:
        lead = Lead(booth_id=booth.id, registration_id=registration.id, details=details, consent=basis,
                    rating=rating, note=note or "", scanned_by_user_id=getattr(by_user, "id", None),
                    scanned_at=utcnow())
        try:
            with db.session.begin_nested():
                db.session.add(lead)
            result = STORED
        except IntegrityError:
            # Another of the booth's phones scanned the same visitor at the same instant: theirs stands.
            lead = lead_for(booth, registration)
    if result == UPDATED:
        # A new dict, not the stored one changed in place: the JSON column only notices a new value.
        lead.details, lead.consent = details, basis
        if rating is not None:
            lead.rating = rating
        if note is not None:
            lead.note = note
    db.session.commit()
    name = registration.full_name
    return ScanOutcome(result, _("%(name)s is in your leads.", name=name) if result == STORED
                       else _("%(name)s was in your leads already: updated.", name=name), registration, lead)


def lead_of(booth: Booth, lead_id) -> Lead | None:
    """Lead `lead_id` if it is this booth's (ids in addresses and forms are not trusted)."""
    lead = db.session.get(Lead, lead_id) if is_row_id(lead_id) else None
    return lead if lead is not None and lead.booth_id == booth.id else None


def update(lead: Lead, rating, note) -> None:
    """The booth's rating and note on a lead, checked (LeadProblem). Commits."""
    rating, note = checked_rating(rating), checked_note(note)
    lead.rating, lead.note = rating, note
    db.session.commit()


def forget(lead: Lead) -> None:
    """The visitor asked the booth to forget them. Commits."""
    db.session.delete(lead)
    db.session.commit()


def leads_of(booth: Booth, limit: int | None = None) -> list[Lead]:
    """The booth's leads, latest scan first: one query, whatever their number."""
    query = select(Lead).where(Lead.booth_id == booth.id).order_by(Lead.scanned_at.desc(), Lead.id.desc())
    return db.session.scalars(query.limit(limit) if limit else query).all()


def count_of(booth: Booth) -> int:
    return db.session.scalar(select(func.count()).select_from(Lead).where(Lead.booth_id == booth.id))


def detail_texts(lead: Lead, fields, countries: dict | None = None) -> list[str]:
    """The lead's values of `fields` as people read them (country and stakeholder group by name)."""
    details = lead.details or {}
    countries = countries if countries is not None else country_names()
    texts = []
    for name in fields:
        value = details.get(name) or ""
        if name == "country":
            value = countries.get(value, value)
        elif name == "stakeholder_group":
            value = str(STAKEHOLDER_GROUPS.get(value, value))
        texts.append(str(value))
    return texts


def booth_page_context(booth, role) -> dict:
    """What templates/showcase/_booth_leads.html needs on the beneficiary's booth page."""
    return {"lead_count": count_of(booth), "recent_leads": leads_of(booth, RECENT)}


# --- The booth's export ------------------------------------------------------------------------------

def csv_rows(booth: Booth):
    """The booth's leads as CSV, written row by row as they are read (streamed): the fields the fair
    allows now (a field it no longer allows is left out, even from older leads), the rating, the note,
    when (on the venue's clocks) and how the visitor agreed."""
    event = booth.event
    fields, zone = allowed_fields(event), event.zone
    countries = country_names()
    consents = {key: str(label) for key, label in CONSENT_LABELS.items()}
    out = CsvText()
    yield BOM
    out.row([spreadsheet_safe(title) for title in field_labels(fields) + [
        _("Rating"), _("Note"), _("Scanned at (%(zone)s)", zone=event.timezone), _("Consent")]])
    yield out.text()
    leads = db.session.scalars(select(Lead).where(Lead.booth_id == booth.id).order_by(Lead.scanned_at, Lead.id)
                               .execution_options(yield_per=500))
    for lead in leads:
        out.row([spreadsheet_safe(value) for value in (
            *detail_texts(lead, fields, countries), lead.rating or "", lead.note,
            lead.scanned_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), consents.get(lead.consent, lead.consent))])
        yield out.text()


# --- What other parts of Convene call -------------------------------------------------------------------

def forget_registration(registration) -> None:
    """The person withdrew their consent: booths forget what they kept on it (what the person agreed to at a
    booth, when asked there, stays). In the caller's transaction."""
    db.session.execute(delete(Lead).where(Lead.registration_id == registration.id, Lead.consent == "registration"))


def forget_person(user) -> None:
    """Before an account is deleted: booths forget the person (their leads name them). In the caller's
    transaction."""
    mine = select(Registration.id).where(Registration.user_id == user.id)
    db.session.execute(delete(Lead).where(Lead.registration_id.in_(mine)))


def personal_data(user) -> dict:
    """Which booths keep the person's details, and what, for their own data download."""
    rows = db.session.execute(select(Lead, Booth).join(Booth, Booth.id == Lead.booth_id)
                              .join(Registration, Registration.id == Lead.registration_id)
                              .where(Registration.user_id == user.id)).all()
    return {"booth_leads": [{"fair": str(translated(booth.event, "title")),
                             "booth": booth.organisation.name if booth.organisation else "",
                             "details": dict(lead.details or {}), "consent": lead.consent,
                             "scanned_at": lead.scanned_at.isoformat()} for lead, booth in rows]}
