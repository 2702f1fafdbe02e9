"""Certificates of attendance: issued after the event to people checked in, verifiable by anyone.

A certificate states what was recorded when it was issued (name, days, sessions, hours); its QR and
its address lead to the public page `/certificates/<code>`, which shows the same from our records, so a
doctored PDF is told apart from a genuine one by reading the page.
"""
from datetime import date, datetime

from flask import render_template
from babel.numbers import format_decimal
from flask_babel import force_locale, lazy_gettext as _l, ngettext
from sqlalchemy import delete, exists, func, select

from core import jobs
from core.extensions import db
from core.i18n import formatting_locale
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import LocalText, lazy_translated, page_language, source_language, translations_of
from core.pdf import html_to_pdf
from core.urls import external_url
from core.verification import format_code, normalise_code, read_signed_code, signed_code
from events.formatting import event_dates, local_datetime, medium_date
from events.models import Event
from registration import checkin
from registration.badges import design_of, direction, qr_image
from registration.models import CONFIRMED, Certificate, CheckIn, Registration
from registration.notices import language_of

#: Certificates issued before codes were signed (core.verification) have 12 random characters; they
#: are still found by lookup.
OLD_CODE_LENGTH = 12
BEFORE_THE_END = _l("Certificates are issued once the event has ended.")
#: The key of the certificates' signed codes (core.verification): never valid for another kind of code.
PURPOSE = "certificate"


def attended(event_id: int):
    """Confirmed registrations of the event with at least one standing check-in on one of its days
    (practice scans are kept elsewhere and never count)."""
    event = db.session.get(Event, event_id)
    return select(Registration).where(
        Registration.event_id == event_id, Registration.status == CONFIRMED,
        exists().where(CheckIn.registration_id == Registration.id, *checkin.counted_days(event))
    ).order_by(Registration.id)


def counts(event_id: int) -> tuple[int, int]:
    """People checked in who can have a certificate, and certificates issued."""
    attended_count = db.session.scalar(select(func.count()).select_from(attended(event_id).subquery()))
    issued = db.session.scalar(select(func.count()).select_from(Certificate).where(Certificate.event_id == event_id))
    return attended_count, issued


def certificate_of(registration: Registration) -> Certificate | None:
    return db.session.scalars(select(Certificate).where(Certificate.registration_id == registration.id)).first()


def certified(registration_ids) -> set[int]:
    """Which of these registrations have a certificate."""
    if not registration_ids:
        return set()
    return set(db.session.scalars(select(Certificate.registration_id)
                                  .where(Certificate.registration_id.in_(registration_ids))))


def issue(registration: Registration) -> Certificate | None:
    """Issue (or bring up to date) the certificate of `registration`; None when nothing was recorded
    of them at the event. Does not commit."""
    days, sessions = checkin.attendance(registration)
    if registration.status != CONFIRMED or not days:
        return None
    content = {
        "full_name": registration.full_name,
        "days": [day.isoformat() for day in days],
        "sessions": [recorded_session(session) for session in sessions],
    }
    content["minutes"] = sum(item["minutes"] for item in content["sessions"])
    certificate = certificate_of(registration)
    if certificate is None:
        certificate = Certificate(registration_id=registration.id, event_id=registration.event_id, code=signed_code(PURPOSE))
        db.session.add(certificate)
    elif all(getattr(certificate, name) == value for name, value in content.items()):
        return certificate  # unchanged: its date stays that of the PDF people already hold
    for name, value in content.items():
        setattr(certificate, name, value)
    certificate.issued_at = utcnow()
    return certificate


def withdraw_unfounded(event_id: int) -> int:
    """Delete the certificates of the event that rest on nothing any more (every check-in of the person
    undone, or the registration cancelled): their page must stop calling them genuine. Does not commit."""
    founded = select(attended(event_id).subquery().c.id)
    return db.session.execute(delete(Certificate).where(Certificate.event_id == event_id,
                                                        Certificate.registration_id.not_in(founded))).rowcount


def start_issuing(event: Event, user) -> jobs.Job:
    return jobs.start("registration.certificates:issue_all", event.id, subject=subject(event.id), user=user)


def subject(event_id: int) -> str:
    return f"certificates:event:{event_id}"


def issue_all(job: jobs.Job, event_id: int) -> None:
    """The job behind "Issue certificates": everyone checked in gets theirs, and an e-mail the first time."""
    withdraw_unfounded(event_id)
    event = db.session.get(Event, event_id)
    registrations = list(db.session.scalars(attended(event_id)))
    jobs.progress(job, 0, len(registrations))
    for index, registration in enumerate(registrations, start=1):
        is_new = certificate_of(registration) is None
        if issue(registration) is not None and is_new:
            queue_mail(registration.email, _l("Your certificate of attendance for %(event)s",
                                                         event=lazy_translated(event, "title")),
                       "certificate_issued", locale=language_of(registration), registration=registration, event=event,
                       link=external_url("registration.my_registrations"))
        if index % 50 == 0 or index == len(registrations):
            jobs.progress(job, index)  # commits this batch


def find(code: str) -> Certificate | None:
    signed = read_signed_code(PURPOSE, code)
    if signed is None:
        old = normalise_code(code, OLD_CODE_LENGTH)
        signed = old if len(old) == OLD_CODE_LENGTH else None
    if signed is None:
        return None
    return db.session.scalars(select(Certificate).where(Certificate.code == signed)).first()


def verification_url(certificate: Certificate) -> str:
    return external_url("registration.verify_certificate", code=format_code(certificate.code))


def hours_of(certificate: Certificate) -> str:
    """The time spent in the sessions attended, as the reader writes it: "1.5 hours", « 1,5 heures »."""
    hours = round(certificate.minutes / 60, 1)
    number = format_decimal(hours, locale=formatting_locale())
    # A whole number chooses its own plural form (Russian "5 часов", Arabic's six forms); a fraction takes
    # the form for 2, which English, French, Spanish and Russian ("1,5 часа") use for fractions.
    return ngettext("%(hours)s hour", "%(hours)s hours", int(hours) if hours == int(hours) else 2, hours=number)


def days_of(certificate: Certificate) -> list[str]:
    return [medium_date(date.fromisoformat(day)) for day in certificate.days]


def _day_and_time(moment: datetime, event) -> str:
    """"17 Nov 2026, 14:00" on the venue's clocks, without the seconds Babel's medium style adds."""
    return local_datetime(moment, event, "short")


def _other_titles(session) -> dict[str, str]:
    first = source_language(session)
    return {language: title for language, title in translations_of(session, "title").items()
            if title and language != first}


def recorded_session(session) -> dict:
    """A session attended, as a certificate keeps it: each title as written in every language then, and
    the language of the first (the event's first language may change later), so that the certificate shows
    its reader's (sessions_of)."""
    return {"title": session.title, "language": source_language(session), "translations": _other_titles(session),
            "starts_at": session.starts_at.isoformat(),
            "minutes": int((session.ends_at - session.starts_at).total_seconds() // 60)}


def _title_for_reader(item: dict, event) -> LocalText:
    """A recorded session title in the reader's language when it was written in it (core.multilingual's rule)."""
    language = page_language()
    other = (item.get("translations") or {}).get(language)
    if other:
        return LocalText(other, language)
    # Certificates issued before the language was recorded: their event's first language then was, most
    # likely, its first language now.
    return LocalText(item["title"], item.get("language") or source_language(event))


def sessions_of(certificate: Certificate) -> list[dict]:
    """The sessions attended, with their start on the venue's clocks, as the certificate and its page show them."""
    return [{"title": _title_for_reader(item, certificate.event), "minutes": item["minutes"],
             "when": _day_and_time(datetime.fromisoformat(item["starts_at"]), certificate.event)}
            for item in certificate.sessions]


def certificate_html(certificate: Certificate) -> str:
    """The HTML that certificate_pdf renders, in the current language."""
    event = certificate.event
    url = verification_url(certificate)
    return render_template(
        "registration/certificate_print.html", certificate=certificate, event=event, dates=event_dates(event),
        days=days_of(certificate), sessions=sessions_of(certificate), hours=hours_of(certificate),
        name_dir=direction(certificate.full_name), design=design_of(event.id), url=url, qr=qr_image(url, box_size=8),
        code=format_code(certificate.code))


def certificate_pdf(certificate: Certificate, locale: str | None = None) -> bytes:
    """The certificate as an A4 page, in `locale` (the current one by default)."""
    def render():
        return html_to_pdf(certificate_html(certificate), stylesheets=["certificates.css"])

    if locale:
        with force_locale(locale):
            return render()
    return render()
