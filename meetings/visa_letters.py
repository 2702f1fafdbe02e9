"""The visa-support letter: one A4 page the participant hands to the embassy, with a QR to its verification page.

Written in the participant's language (the one they are written to in, registration.notices.language_of),
whatever the reader's: an officer printing it gets the same letter the participant downloads.
"""
from datetime import date

from flask import render_template
from flask_babel import force_locale

from core.i18n import person_language
from core.multilingual import translated
from core.pdf import html_to_pdf
from core.verification import format_code
from core.vocabularies import party_name
from events.formatting import event_dates, long_date
from meetings.models import VisaRequest
from meetings.visas import LETTERHEADS, reference, settings_of, verification_url
from registration.badges import direction, image_data_url, qr_image
from registration.notices import language_of


def letter_html(request: VisaRequest) -> str:
    """The HTML that letter_pdf renders, in the current language. Dated the day it was approved, so that
    every copy printed is the same letter."""
    event, settings = request.event, settings_of(request.event)
    url = verification_url(request)
    letter_text = str(translated(settings, "letter_text")) if settings and settings.letter_text else ""
    return render_template(
        "meetings/visa_letter_print.html", request=request, event=event, settings=settings,
        letterhead=image_data_url(LETTERHEADS, settings.letterhead) if settings else None,
        reference=reference(request), issued=long_date(request.decided_at.astimezone(event.zone).date()),
        dates=event_dates(event),
        arrival=long_date(request.arrival), departure=long_date(request.departure),
        date_of_birth=long_date(date.fromisoformat(request.date_of_birth)),
        nationality=party_name(request.nationality), name_dir=direction(request.passport_name or ""),
        letter_text=letter_text, url=url, qr=qr_image(url, box_size=8), code=format_code(request.code))


def letter_pdf(request: VisaRequest) -> bytes:
    """The approved request's letter as an A4 page, in its participant's language."""
    with force_locale(person_language(language_of(request.registration))):
        return html_to_pdf(letter_html(request), stylesheets=["visa-letters.css"])
