"""Visa-support letters: participants ask, the event's visa officers approve or refuse, letters are verified.

Passport data (VisaRequest's encrypted fields) is shown only to the event's visa officers (VisaOfficer;
being an organiser is not enough), and every time it is shown or printed a VisaDataRead says who read
it. It is erased `kept_days` after the event (meetings.passport_data, run by `flask meetings erase-visa-data`).
Approvals number letters within the event under the event's meeting-settings row lock, so two officers
approving at once never give the same number.
"""
from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from accounts.services import find_user_by_email
from core import uploads
from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import lazy_translated, set_translations, translated
from core.urls import external_url
from core.verification import format_code, read_signed_code, signed_code
from events.models import Event
from meetings.models import (APPROVED, OFFICER_ADDED, OFFICER_REMOVED, REFUSED, REQUESTED, MeetingSettings,
                             VisaDataRead, VisaOfficer, VisaOfficerChange, VisaRequest)
from meetings.settings import settings_for, settings_of
from registration.models import CANCELLED, CONFIRMED, REJECTED, Registration
from registration.online import takes_part_online
from registration.notices import language_of

#: The key of the letters' signed codes (core.verification): never valid for a certificate's.
PURPOSE = "visa-letter"
#: Upload folder of the letterhead images.
LETTERHEADS = "letterheads"
#: Arrival and departure may be this many days before the event starts and after it ends (travel, jet lag).
STAY_WINDOW_DAYS = 30
#: Registrations that no longer stand: no letter is asked for with them, nor called genuine.
NOT_STANDING = (CANCELLED, REJECTED)
PASSPORT_FIELDS = ("passport_name", "passport_number", "nationality", "date_of_birth", "place_of_issue", "consulate")


class VisaProblem(Exception):
    """Why a request cannot be made or decided; `message` is for the person."""

    def __init__(self, message, request: VisaRequest | None = None):
        super().__init__(str(message))
        self.message, self.request = message, request


NOT_OFFERED = _l("This event does not offer visa-support letters. If you need one, write to the organisers.")
NOT_REGISTERED = _l("Visa-support letters are for the event's participants: register first, then ask for your letter.")
ALREADY_ASKED = _l("You have already asked for a visa-support letter for this event: here is your request.")
EVENT_OVER = _l("This event has ended: visa-support letters are no longer issued for it.")
NOT_REQUESTED = _l("Only a request still waiting can be approved.")


def offers_letters(event: Event) -> bool:
    """Events offer letters once an organiser turned them on (a meeting-settings row says so)."""
    settings = settings_of(event)
    return settings is not None and settings.offers_visa_letters


def kept_days(settings: MeetingSettings | None) -> int:
    if settings is not None and settings.visa_data_kept_days is not None:
        return settings.visa_data_kept_days
    return current_app.config.get("VISA_DATA_KEPT_DAYS", 30)


def local_days(event: Event) -> tuple[date, date]:
    """The event's first and last days on the venue's calendar."""
    return event.starts_at.astimezone(event.zone).date(), event.ends_at.astimezone(event.zone).date()


def stay_window(event: Event) -> tuple[date, date]:
    first, last = local_days(event)
    return first - timedelta(days=STAY_WINDOW_DAYS), last + timedelta(days=STAY_WINDOW_DAYS)


def standing_registration(event: Event, user) -> Registration | None:
    """The person's registration for the event, unless cancelled or rejected."""
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == user.id,
        Registration.status.not_in(NOT_STANDING)))


def request_of(registration: Registration) -> VisaRequest | None:
    return db.session.scalar(select(VisaRequest).where(VisaRequest.registration_id == registration.id))


def check_can_ask(event: Event, registration: Registration | None) -> None:
    """Raise VisaProblem unless this registration may ask for a letter now (with the existing request
    when there is one). A refused request may be corrected and asked again until the event ends."""
    if not offers_letters(event):
        raise VisaProblem(NOT_OFFERED)
    if registration is None:
        raise VisaProblem(NOT_REGISTERED)
    existing = request_of(registration)
    if existing is not None and existing.status != REFUSED:
        raise VisaProblem(ALREADY_ASKED, existing)
    if event.ends_at <= utcnow():
        raise VisaProblem(EVENT_OVER, existing)


def ask(event: Event, registration: Registration | None, values: dict) -> VisaRequest:
    """Record the request with the form's `values` (passport fields, `arrival`, `departure`), or ask a
    refused one again with them: it waits for the officers as if new, its refusal forgotten. Commits.
    Raises VisaProblem (nothing saved)."""
    check_can_ask(event, registration)
    request = request_of(registration) or VisaRequest(event_id=event.id, registration_id=registration.id)
    # A withdrawn letter keeps its number (approve numbers after the highest, so no number is given twice)
    # and its code until approved again: verify calls only approved letters genuine.
    request.status, request.requested_at = REQUESTED, utcnow()
    request.decided_at, request.decided_by_user_id, request.refusal_reason = None, None, ""
    request.arrival, request.departure = values["arrival"], values["departure"]
    for name in PASSPORT_FIELDS:
        setattr(request, name, values[name])
    request.date_of_birth = values["date_of_birth"].isoformat()
    db.session.add(request)
    try:
        db.session.commit()
    except IntegrityError:  # the same form sent from another tab a moment earlier: one request per registration
        db.session.rollback()
        raise VisaProblem(ALREADY_ASKED, request_of(registration)) from None
    return request


def form_data(request: VisaRequest) -> dict:
    """A refused request's details as the request form's starting values, for the participant to correct."""
    data = {name: getattr(request, name) for name in PASSPORT_FIELDS}
    data.update(date_of_birth=date.fromisoformat(request.date_of_birth) if request.date_of_birth else None,
                arrival=request.arrival, departure=request.departure)
    return data


# Officers ---------------------------------------------------------------------------------------------

def is_officer(event: Event, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(VisaOfficer, (event.id, user.id)) is not None


def officers_of(event: Event) -> list[VisaOfficer]:
    return list(db.session.scalars(select(VisaOfficer).where(VisaOfficer.event_id == event.id)
                                   .order_by(VisaOfficer.added_at)))


NO_ACCOUNT = _l("No account has this e-mail address: the person must create their account first.")
ALREADY_OFFICER = _l("This person already handles the event's visa requests.")


def add_officer(event: Event, email: str, by) -> VisaOfficer:
    """Name the account with this e-mail a visa officer of the event, `by` an organiser: the change is
    recorded and the event's other officers are e-mailed, so that nobody becomes a reader of passport data
    unnoticed. Commits; VisaProblem if not possible."""
    user = find_user_by_email(email)
    if user is None:
        raise VisaProblem(NO_ACCOUNT)
    if is_officer(event, user):
        raise VisaProblem(ALREADY_OFFICER)
    for colleague in officers_of(event):
        queue_mail(colleague.user.email, _l("A visa officer was added to %(event)s", event=lazy_translated(
            event, "title")), "visa_officer_added", locale=colleague.user.locale, event=event, colleague=colleague.user,
            officer=user, by=by,
            link=external_url("meetings.manage_visa_settings", slug=event.slug))
    officer = VisaOfficer(event_id=event.id, user_id=user.id)
    db.session.add(officer)
    db.session.add(VisaOfficerChange(event_id=event.id, user_id=user.id, by_user_id=_id_of(by), action=OFFICER_ADDED))
    db.session.commit()
    return officer


def remove_officer(officer: VisaOfficer, by) -> None:
    """`by` an organiser; the change is recorded. Commits."""
    db.session.add(VisaOfficerChange(event_id=officer.event_id, user_id=officer.user_id, by_user_id=_id_of(by),
                                     action=OFFICER_REMOVED))
    db.session.delete(officer)
    db.session.commit()


def _id_of(user) -> int | None:
    return user.id if getattr(user, "is_authenticated", False) else None


def officer_changes(event: Event) -> list[VisaOfficerChange]:
    """Who was added or removed as the event's visa officer, by whom, newest first."""
    return list(db.session.scalars(select(VisaOfficerChange).where(VisaOfficerChange.event_id == event.id)
                                   .options(selectinload(VisaOfficerChange.user), selectinload(VisaOfficerChange.by))
                                   .order_by(VisaOfficerChange.at.desc(), VisaOfficerChange.id.desc())))


# Settings ---------------------------------------------------------------------------------------------

def save_settings(event: Event, values: dict, translations: dict, letterhead=None,
                  remove_letterhead: bool = False) -> MeetingSettings:
    """Keep the letter settings; `letterhead` a checked image (core.uploads.CheckedImage). Commits."""
    settings = settings_for(event)
    settings.event = event
    for name, value in values.items():
        setattr(settings, name, value)
    for field, texts in translations.items():
        set_translations(settings, field, texts)
    if letterhead is not None or remove_letterhead:
        uploads.delete_after_commit(LETTERHEADS, settings.letterhead)
        settings.letterhead = None
    if letterhead is not None:
        stored = settings.letterhead = uploads.store(letterhead.data, LETTERHEADS, letterhead.extension)
        db.session.add(settings)
        try:
            db.session.commit()
        except Exception:
            uploads.delete(LETTERHEADS, stored)
            raise
        return settings
    db.session.add(settings)
    db.session.commit()
    return settings


# Deciding ---------------------------------------------------------------------------------------------

def requests_of(event: Event, status: str | None = None) -> list[VisaRequest]:
    query = (select(VisaRequest).where(VisaRequest.event_id == event.id)
             .options(selectinload(VisaRequest.registration).selectinload(Registration.category))
             .order_by(VisaRequest.requested_at, VisaRequest.id))
    if status:
        query = query.where(VisaRequest.status == status)
    return list(db.session.scalars(query))


def status_counts(event: Event) -> dict[str, int]:
    return dict(db.session.execute(select(VisaRequest.status, func.count()).where(VisaRequest.event_id == event.id)
                                   .group_by(VisaRequest.status)).all())


def request_in(event: Event, request_id: int) -> VisaRequest | None:
    request = db.session.get(VisaRequest, request_id)
    return request if request is not None and request.event_id == event.id else None


def _lock(event: Event) -> None:
    """Take the event's letter-numbering lock for the rest of the transaction (an UPDATE of its
    meeting-settings row, which exists: letters are offered)."""
    db.session.execute(update(MeetingSettings).where(MeetingSettings.event_id == event.id)
                       .values(event_id=MeetingSettings.event_id))


def approve(event: Event, request_ids, by) -> list[VisaRequest]:
    """Approve the waiting requests among `request_ids` whose registration is confirmed: each gets the
    event's next letter number and a signed code, and its participant an e-mail. Requests of another event,
    already decided, or of a registration not confirmed (see unconfirmed) are left as they are. Commits;
    returns those approved."""
    _lock(event)
    wanted = {int(request_id) for request_id in request_ids}
    # The letter says the person "is registered to take part": only a confirmed registration says so; nor
    # does a request whose passport data was erased get one (there is nothing left to print).
    requests = [request for request in requests_of(event, REQUESTED)
                if request.id in wanted and request.registration.status == CONFIRMED and request.erased_at is None]
    number = db.session.scalar(select(func.max(VisaRequest.number)).where(VisaRequest.event_id == event.id)) or 0
    for request in requests:
        number += 1
        request.status, request.number, request.code = APPROVED, number, signed_code(PURPOSE)
        request.decided_at, request.decided_by_user_id = utcnow(), by.id
        _tell(request, "visa_letter_ready", _l("Your visa-support letter for %(event)s is ready",
                                               event=lazy_translated(event, "title")))
    db.session.commit()
    return requests


def unconfirmed(event: Event, request_ids) -> list[VisaRequest]:
    """The waiting requests among `request_ids` that approve leaves alone: their registration is not
    confirmed (pending, on the waiting list, cancelled...)."""
    wanted = {int(request_id) for request_id in request_ids}
    return [request for request in requests_of(event, REQUESTED)
            if request.id in wanted and request.registration.status != CONFIRMED]


#: What the officers read of an approved letter whose registration no longer stands.
WITHDRAWN_BECAUSE = {CANCELLED: _l("Letter withdrawn: the registration is cancelled"),
                     REJECTED: _l("Letter withdrawn: the registration was rejected")}


def withdrawn_with_registration(request: VisaRequest) -> bool:
    """An approved letter whose registration was cancelled or rejected since: the verification page no
    longer calls it genuine (verify), so it is shown as withdrawn and not printed."""
    return request.status == APPROVED and request.registration.status in NOT_STANDING


def withdrawn_because(request: VisaRequest):
    """Why an approved letter counts as withdrawn (WITHDRAWN_BECAUSE), or None while it stands."""
    return WITHDRAWN_BECAUSE[request.registration.status] if withdrawn_with_registration(request) else None


def refuse(event: Event, request: VisaRequest, by, reason: str) -> None:
    """Refuse a waiting request, or withdraw an approved letter (its verification page stops calling it
    genuine), telling the participant why. Commits."""
    request.status, request.refusal_reason = REFUSED, reason
    request.decided_at, request.decided_by_user_id = utcnow(), by.id
    _tell(request, "visa_letter_refused", _l("Your request for a visa-support letter for %(event)s",
                                             event=lazy_translated(event, "title")))
    db.session.commit()


def _tell(request: VisaRequest, template: str, subject) -> None:
    registration = request.registration
    queue_mail(registration.email, subject, template, locale=language_of(registration), registration=registration,
               event=request.event, request=request,
               link=external_url("meetings.request_visa", slug=request.event.slug))


#: Why passport data was shown (VisaDataRead.purpose), as the read log says it.
READ_PURPOSES = {"page": _l("request page shown"), "letter": _l("letter printed"), "export": _l("exported")}


def record_read(request: VisaRequest, user, purpose: str) -> None:
    """Note that `user` was shown the request's passport data ("page", "letter", "export"). Commits."""
    db.session.add(VisaDataRead(visa_request_id=request.id, user_id=user.id if user else None, purpose=purpose))
    db.session.commit()


def reads_of(request: VisaRequest) -> list[VisaDataRead]:
    return list(db.session.scalars(select(VisaDataRead).where(VisaDataRead.visa_request_id == request.id)
                                   .order_by(VisaDataRead.at.desc(), VisaDataRead.id.desc())))


# Letters and their verification ---------------------------------------------------------------------

def reference(request: VisaRequest) -> str:
    """The letter's reference: the event's prefix and its number, "CLT/DCE/2027/0042"."""
    settings = settings_of(request.event)
    return f"{settings.reference_prefix if settings else ''}{request.number or 0:04d}"


def verification_url(request: VisaRequest) -> str:
    return external_url("meetings.verify_visa_letter", code=format_code(request.code))


GENUINE, ERASED = "genuine", "erased"


def verify(text: str) -> tuple[str, VisaRequest] | None:
    """(GENUINE or ERASED, the request) for the code of a letter that stands; None for a code we did not
    sign, one never given, or a letter refused since or whose registration was cancelled or rejected."""
    code = read_signed_code(PURPOSE, text)
    if code is None:
        return None
    request = db.session.scalar(select(VisaRequest).where(VisaRequest.code == code))
    if request is None or request.status != APPROVED or request.registration.status in NOT_STANDING:
        return None
    return (ERASED if request.erased_at else GENUINE), request


# What other pages show --------------------------------------------------------------------------------

def registration_links(sender, registrations) -> dict[int, list[tuple[str, str]]]:
    """For "My registrations": a link to the letter's page at each standing registration of an event that
    offers letters (core.signals.registration_links)."""
    registrations = [registration for registration in registrations if registration.status not in NOT_STANDING]
    if not registrations:
        return {}
    offering = set(db.session.scalars(select(MeetingSettings.event_id).where(
        MeetingSettings.event_id.in_({registration.event_id for registration in registrations}),
        MeetingSettings.offers_visa_letters.is_(True))))
    asked = set(db.session.scalars(select(VisaRequest.registration_id).where(
        VisaRequest.registration_id.in_([registration.id for registration in registrations]))))
    links = {}
    for registration in registrations:
        if registration.event_id not in offering:
            continue
        if registration.id in asked:
            label = _l("My visa-support letter")
        elif registration.event.ends_at > utcnow() and not takes_part_online(registration):
            label = _l("Ask for a visa-support letter")  # someone who takes part online travels nowhere
        else:
            continue
        links[registration.id] = [(str(label), url_for("meetings.request_visa", slug=registration.event.slug))]
    return links


def personal_data(user) -> dict:
    """The person's visa requests for their own data download: what they asked and what became of it.
    The passport data is left out: a download is a file anyone may come to hold, and the person typed it."""
    requests = db.session.scalars(select(VisaRequest).join(Registration).where(Registration.user_id == user.id)
                                  .order_by(VisaRequest.id))
    return {"visa_letter_requests": [{
        "event": str(translated(request.event, "title")), "status": request.status,
        "arrival": request.arrival.isoformat(), "departure": request.departure.isoformat(),
        "requested_at": request.requested_at.isoformat(),
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
        "refusal_reason": request.refusal_reason or None,
        "passport_data_erased_at": request.erased_at.isoformat() if request.erased_at else None,
    } for request in requests]}
