"""The printed programme: A4, day by day, every time on the venue's clocks."""
from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup, escape

from core.pdf import html_to_pdf
from events.kinds import kind_label
from events.models import Event, Session
from events.timetable import by_day
from events.vocabulary import SESSION_TYPES, SPEAKER_ROLES


def programme_pdf(event: Event, sessions: list[Session]) -> bytes:
    """The programme of `event` as PDF bytes, in the current request's language.

    Needs a request context (the language comes from it). Each session's room, track and speakers
    are read: pass `events.programme.programme(event)`, which loads them in a few queries.
    """
    return html_to_pdf(programme_html(event, sessions), stylesheets=["print.css"])


def programme_html(event: Event, sessions: list[Session]) -> str:
    """The HTML that programme_pdf renders."""
    return render_template(
        "events/programme_print.html",
        event=event,
        kind=kind_label(event.kind),
        days=by_day(event, sessions),
        session_types=SESSION_TYPES,
        speaker_roles=SPEAKER_ROLES,
        page_footer=page_footer(),
    )


def page_footer() -> Markup:
    """The footer line ("Page 2 of 5") in the page's language, its numbers left to print.css's counters.

    The numbers are only known once WeasyPrint has laid out the pages, so the translated pattern is
    taken unformatted (gettext without arguments) and its placeholders become counter spans. Same
    message as the pagination of web lists, so translators see it once.
    """
    pattern = escape(_("Page %(page)d of %(pages)d")).replace("%%", "%")
    return (pattern.replace("%(page)d", Markup('<span class="page-number"></span>'))
            .replace("%(pages)d", Markup('<span class="page-count"></span>')))
