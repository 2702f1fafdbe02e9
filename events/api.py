"""The public read API: events and their programme as JSON, for websites and monitoring platforms.

Documented in docs/api.md. Read-only and public, so any site may call it from a browser (CORS *).
"""
from flask import Blueprint, abort, jsonify, request
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.urls import external_url, page_number
from events import services
from events.forms import EventFilterForm
from events.kinds import KINDS
from events.models import Event
from events.programme import programme

bp = Blueprint("events_api", __name__, url_prefix="/api/v1/events")
MAX_PER_PAGE = 100


@bp.after_request
def allow_any_origin(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _iso(moment, zone=None) -> str:
    return (moment.astimezone(zone) if zone else moment).isoformat()


def event_json(event) -> dict:
    zone = event.zone
    return {
        "slug": event.slug,
        "uid": event.uid,
        "kind": event.kind,
        "kind_label": str(KINDS[event.kind].label),
        "title": event.title,
        "summary": event.summary,
        "description": event.description,
        "status": event.status,
        "timezone": event.timezone,
        "starts_at": _iso(event.starts_at),
        "ends_at": _iso(event.ends_at),
        "local_starts_at": _iso(event.starts_at, zone),
        "local_ends_at": _iso(event.ends_at, zone),
        "venue": {"name": event.venue_name, "address": event.venue_address, "country": event.country,
                  "region": event.region},
        "online_url": event.online_url or None,
        "working_languages": event.working_languages,
        "convention_goals": event.goal_keys,
        "sdgs": event.sdg_numbers,
        "details": event.details,
        "url": external_url("events.show_event", slug=event.slug),
        "calendar_url": external_url("events.event_calendar", slug=event.slug),
        "updated_at": _iso(event.content_changed_at),
    }


def session_json(session, zone) -> dict:
    return {
        "id": session.id,
        "uid": session.uid,
        "title": session.title,
        "type": session.session_type,
        "description": session.description,
        "status": session.status,
        "starts_at": _iso(session.starts_at),
        "ends_at": _iso(session.ends_at),
        "local_starts_at": _iso(session.starts_at, zone),
        "local_ends_at": _iso(session.ends_at, zone),
        "room": session.room.name if session.room else None,
        "track": session.track.name if session.track else None,
        "speakers": [{"id": link.speaker.id, "name": link.speaker.name, "affiliation": link.speaker.affiliation,
                      "country": link.speaker.country, "role": link.role} for link in session.speaker_links],
        "url": external_url("events.show_session", slug=session.event.slug, session_id=session.id),
        "calendar_url": external_url("events.session_calendar", slug=session.event.slug, session_id=session.id),
    }


@bp.get("")
def list_events():
    form = EventFilterForm(request.args)
    if not form.validate():
        return jsonify({"error": "invalid filters", "fields": {name: [str(e) for e in errors]
                                                               for name, errors in form.errors.items()}}), 400
    per_page = min(max(request.args.get("per_page", 20, type=int), 1), MAX_PER_PAGE)
    statement = services.listed_events(form.filters()).options(selectinload(Event.goals), selectinload(Event.sdgs))
    page = db.paginate(statement, page=page_number(),
                       per_page=per_page, error_out=False)
    args = {key: value for key, value in request.args.items() if key != "page"}
    return jsonify({
        "events": [event_json(event) for event in page.items],
        "page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages,
        "next": external_url("events_api.list_events", page=page.next_num, **args) if page.has_next else None,
        # Past the last page, the page before is the last one (998 of 2 would be as empty as 999).
        "prev": external_url("events_api.list_events", page=min(page.prev_num, page.pages), **args)
        if page.has_prev and page.pages else None,
    })


@bp.get("/<slug>")
def show_event(slug):
    event = services.find_event(slug)
    # Drafts and private events do not exist for the public API: same 404 as an unknown slug.
    if event is None or not services.is_visible_to_public(event):
        abort(404)
    zone = event.zone
    return jsonify(event_json(event) | {
        "rooms": [{"id": room.id, "name": room.name, "capacity": room.capacity} for room in event.rooms],
        "tracks": [{"id": track.id, "name": track.name} for track in event.tracks],
        "sessions": [session_json(session, zone) for session in programme(event)],
    })
