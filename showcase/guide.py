"""The fair guide: a printable catalogue of the fair's approved booths, walked place by place, with the plan.

Each booth carries what the public showcase shows of it (organisation, country, project, place, the
approved pitch, never a pitch waiting for review) and a QR code of its page on the showcase.
"""
import hashlib

from flask import render_template
from flask_babel import get_locale

from core.cache import cached_file
from core.pdf import html_to_pdf
from core.urls import external_url
from events.programme_pdf import page_footer
from registration.badges import qr_image
from showcase import fairs, floor_plan
from showcase.catalogue import usd

STYLESHEETS = ["print.css", "fair-guide.css"]


def booth_url(event, booth) -> str:
    """The booth's page on the public showcase, as a phone that scans the printed guide opens it."""
    return external_url("showcase.show_booth", slug=event.slug, booth_id=booth.id)


def guide_html(event) -> str:
    """The guide as the HTML core.pdf renders, in the request's language."""
    booths = sorted(fairs.public_booths(event), key=floor_plan.place_order)
    urls = {booth.id: booth_url(event, booth) for booth in booths}
    plan = floor_plan.layout(fairs.zones_of(event), booths, lambda booth: urls[booth.id])
    entries = [{"booth": booth, "url": urls[booth.id], "qr": qr_image(urls[booth.id], box_size=8)} for booth in booths]
    return render_template("showcase/guide_print.html", event=event, entries=entries, plan=plan,
                           page_footer=page_footer(), usd=usd)


def fair_guide_pdf(event) -> bytes:
    return html_to_pdf(guide_html(event), stylesheets=STYLESHEETS)


def cached_guide(event) -> tuple[bytes, str]:
    """The guide's PDF and its version (for an ETag). Laying out a few hundred booths takes seconds, and the
    guide is public: each version is rendered once, the version being the HTML itself, so any change to a
    booth, a place or the fair (or another language) makes a new one."""
    html = guide_html(event)
    version = hashlib.sha256(html.encode()).hexdigest()
    # One file per language: each language's newest version stays while another's is built.
    data = cached_file(f"fair-guide-{event.id}-{get_locale()}", version,
                       lambda: html_to_pdf(html, stylesheets=STYLESHEETS))
    return data, version[:32]
