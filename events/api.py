"""The public read API: events and their programme as JSON, for websites and monitoring platforms.

Documented in docs/api.md. Read-only and public, so any site may call it from a browser (CORS *).
"""
from flask import Blueprint, abort, current_app, jsonify, request
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.http import conditional_response
from core.multilingual import translated, translations_of
from core.urls import external_url, page_number
from events import materials, services
from events.forms import EventFilterForm
from events.kinds import KINDS
from events.models import HYBRID, MATERIAL_PUBLIC, ONLINE, Event
from events.programme import programme

bp = Blueprint("events_api", __name__, url_prefix="/api/v1/events")
MAX_PER_PAGE = 100


@bp.after_request
def allow_any_origin(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _iso(moment, zone=None) -> str:
    return (moment.astimezone(zone) if zone else moment).isoformat()


#: `?translations=all`: every working language's texts instead of the reader's.
EVERY_LANGUAGE = "all"


class BadTranslationsParameter(ValueError):
    pass


def _every_language() -> bool:
    value = request.args.get("translations")
    if value not in (None, "", EVERY_LANGUAGE):
        raise BadTranslationsParameter(value)
    return value == EVERY_LANGUAGE


def texts_json(item, fields: tuple[str, ...], every_language: bool) -> dict:
    """The organiser-written `fields` of `item`: in the reader's language (or the fallback one), with
    "language" saying which each is in; or, `every_language`, {field: {language: text}} for each working
    language the text is written in."""
    if every_language:
        return {field: {language: text for language, text in translations_of(item, field).items() if text}
                for field in fields}
    texts = {field: translated(item, field) for field in fields}
    return {**{field: str(text) for field, text in texts.items()},
            "language": {field: text.language for field, text in texts.items()}}


def _name(item, every_language: bool):
    """A room's or track's name on a session: a string, or {language: name}."""
    if item is None:
        return None
    return texts_json(item, ("name",), every_language)["name"]


def event_json(event, every_language: bool = False) -> dict:
    zone = event.zone
    return {
        "slug": event.slug,
        "uid": event.uid,
        "kind": event.kind,
        "kind_label": str(KINDS[event.kind].label),
        **texts_json(event, ("title", "summary", "description"), every_language),
        "status": event.status,
        "timezone": event.timezone,
        "starts_at": _iso(event.starts_at),
        "ends_at": _iso(event.ends_at),
        "local_starts_at": _iso(event.starts_at, zone),
        "local_ends_at": _iso(event.ends_at, zone),
        "venue": {"name": event.venue_name, "address": event.venue_address, "country": event.country,
                  "region": event.region},
        # Whether people take part online; the address to join is for registered participants only.
        "is_online": event.attendance_mode in (ONLINE, HYBRID),
        # "in_person", "online" or "hybrid" (registration then asks each person how they take part).
        "attendance_mode": event.attendance_mode,
        "working_languages": event.working_languages,
        "convention_goals": event.goal_keys,
        "sdgs": event.sdg_numbers,
        "details": event.details,
        "url": external_url("events.show_event", slug=event.slug),
        "calendar_url": external_url("events.event_calendar", slug=event.slug),
        "updated_at": _iso(event.content_changed_at),
    }


def material_json(material) -> dict:
    """A public material: a document's download address, or the recording's or link's own."""
    url = (external_url("events.material_file", slug=material.event.slug, material_id=material.id,
                        v=(material.file_name or "")[:8]) if material.file_name else material.url)
    return {"title": material.title, "kind": material.kind, "language": material.language, "url": url}


def session_json(session, zone, every_language: bool = False, materials_of_session=()) -> dict:
    texts = texts_json(session, ("title", "description"), every_language)
    if not every_language:
        for part in ("room", "track"):
            if getattr(session, part) is not None:
                texts["language"][part] = translated(getattr(session, part), "name").language
    return {
        "id": session.id,
        "uid": session.uid,
        **texts,
        "type": session.session_type,
        "status": session.status,
        "starts_at": _iso(session.starts_at),
        "ends_at": _iso(session.ends_at),
        "local_starts_at": _iso(session.starts_at, zone),
        "local_ends_at": _iso(session.ends_at, zone),
        "room": _name(session.room, every_language),
        "track": _name(session.track, every_language),
        "speakers": [{"id": link.speaker.id, "name": link.speaker.name, "affiliation": link.speaker.affiliation,
                      "country": link.speaker.country, "role": link.role} for link in session.speaker_links],
        "url": external_url("events.show_session", slug=session.event.slug, session_id=session.id),
        "calendar_url": external_url("events.session_calendar", slug=session.event.slug, session_id=session.id),
        "materials": [material_json(material) for material in materials_of_session],
    }


@bp.errorhandler(BadTranslationsParameter)
def bad_translations_parameter(error):
    return jsonify({"error": "translations: leave it out for the reader's language, or give 'all' for every "
                             "language", "fields": {"translations": [str(error)]}}), 400


@bp.get("")
def list_events():
    every_language = _every_language()
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
        "events": [event_json(event, every_language) for event in page.items],
        "page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages,
        "next": external_url("events_api.list_events", page=page.next_num, **args) if page.has_next else None,
        # Past the last page, the page before is the last one (998 of 2 would be as empty as 999).
        "prev": external_url("events_api.list_events", page=min(page.prev_num, page.pages), **args)
        if page.has_prev and page.pages else None,
    })


@bp.get("/<slug>")
def show_event(slug):
    every_language = _every_language()
    event = services.find_event(slug)
    # Drafts and private events do not exist for the public API: same 404 as an unknown slug.
    if event is None or not services.is_visible_to_public(event):
        abort(404)

    def build() -> bytes:
        zone = event.zone
        # Only public materials: the API answers everyone alike, and shared caches keep its answers.
        public = materials.by_session(materials.materials_of(event, (MATERIAL_PUBLIC,)))
        answer = event_json(event, every_language) | {
            "rooms": [{"id": room.id, **texts_json(room, ("name",), every_language), "capacity": room.capacity}
                      for room in event.rooms],
            "tracks": [{"id": track.id, **texts_json(track, ("name",), every_language)} for track in event.tracks],
            "sessions": [session_json(session, zone, every_language, public.get(session.id, ()))
                         for session in programme(event)],
        }
        return current_app.json.dumps(answer).encode()  # as jsonify writes it

    # conditional_response adds the reader's language to the version: a French answer is not an English one.
    etag = (f"api-event-{event.id}-{event.sequence}-{event.content_changed_at.timestamp():.3f}"
            f"-{EVERY_LANGUAGE if every_language else 'one'}")
    return conditional_response(build, etag=etag, last_modified=event.content_changed_at,
                                mimetype="application/json")
