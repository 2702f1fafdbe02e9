"""Addresses of events and sessions: their pages, and subscribe and add-to-calendar links.

These are addresses people follow, not assets our pages load: nothing here runs on our pages.
"""
from urllib.parse import quote, urlencode

from flask import g
from flask_babel import gettext as _

from core.multilingual import translated
from core.times import to_local
from core.urls import external_url
from events.kinds import recurrence
from events.models import Event, Session


def page_link(item) -> str:
    """Absolute address of an event's or a session's page (for feeds and calendar links)."""
    if isinstance(item, Session):
        # A session's page is under its event's: building the address once per event instead of once
        # per session saves a tenth of a 500-session feed.
        return f"{_event_link(item.event.slug)}sessions/{item.id}"
    return _event_link(item.slug)


def _event_link(slug: str) -> str:
    known = g.setdefault("event_links", {})
    if slug not in known:
        known[slug] = external_url("events.show_event", slug=slug)
    return known[slug]


def feed_url(endpoint: str, **values) -> str:
    return external_url(endpoint, **values)


def webcal(url: str) -> str:
    """The same feed as a webcal:// address, which calendar apps open as a subscription."""
    return "webcal://" + url.split("://", 1)[1]


def subscribe_links(url: str, name: str) -> dict[str, str]:
    return {
        "webcal": webcal(url),
        "google": "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal(url)}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": url, "name": name}),
    }


def _location(event: Event, session: Session | None = None) -> str:
    parts = [translated(session.room, "name")] if session is not None and session.room else []
    parts += [part for part in (event.venue_name, event.venue_address.replace("\n", ", ")) if part]
    # Never the address to join: these links are on public pages.
    return ", ".join(parts) or (_("Online") if event.online_url else "")


def add_links(event: Event, session: Session | None, page_url: str) -> dict[str, str]:
    """One-off "add to my calendar" links for an event or one session."""
    item = session or event
    start, end = item.starts_at, item.ends_at
    text = translated(session or event, "title")
    details = f"{translated(session, 'description') if session else translated(event, 'summary')}\n\n{page_url}".strip()
    google = {"action": "TEMPLATE", "text": text, "details": details, "location": _location(event, session),
              "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}", "ctz": event.timezone}
    rule = recurrence(event) if session is None else None
    if rule:  # Google repeats the meeting too; Outlook's link has no way to say so
        google["recur"] = "RRULE:" + ";".join(f"{part}={value}" for part, value in rule.items())
    local_start, local_end = to_local(start, event.timezone), to_local(end, event.timezone)
    outlook = {"path": "/calendar/action/compose", "rru": "addevent", "subject": text, "body": details,
               "location": _location(event, session), "startdt": local_start.isoformat(),
               "enddt": local_end.isoformat()}
    return {
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google, quote_via=quote),
        "outlook": "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(outlook, quote_via=quote),
    }
