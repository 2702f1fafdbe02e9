"""The check-in API (docs/api.md): the desk page uses it, and so can a scanner app with a device token."""
from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _

from core.extensions import csrf, db, limiter
from core.multilingual import translated
from core.urls import is_row_id
from core.vocabularies import STAKEHOLDER_GROUPS, country_name
from events.formatting import local_time
from events.vocabulary import PARTICIPATIONS
from registration import category_services, checkin
from registration.models import CONFIRMED, STATUSES, CheckIn, Registration
from registration.permissions import api_staff

bp = Blueprint("registration_api", __name__, url_prefix="/api/v1/checkin")
# api_staff checks the CSRF token of requests made with the log-in cookie (and only those).
csrf.exempt(bp)


@bp.after_request
def kept_by_no_cache(response):
    # Participants' names, organisations and badges: for the desk that asked, never for a cache on the way.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def registration_json(registration: Registration) -> dict:
    group = registration.stakeholder_group
    return {
        "id": registration.id,
        "name": registration.full_name,
        "organisation": registration.organisation,
        "country": registration.country,
        "country_name": country_name(registration.country) if registration.country else "",
        "category": group,
        "category_label": str(STAKEHOLDER_GROUPS.get(group, "")) if group else "",
        # "category" above is the stakeholder group (named before participant categories came): these are those.
        "participant_category": registration.category.key if registration.category else None,
        "participant_category_label": str(translated(registration.category, "name")) if registration.category else "",
        "status": registration.status,
        "status_label": str(STATUSES[registration.status]),
        # "in_person" or "online": at a hybrid event, as the person chose.
        "participation": registration.participation,
        "participation_label": str(PARTICIPATIONS.get(registration.participation, "")),
        # Only a confirmed place has a badge: anyone else's would open the door.
        "badge_url": url_for("registration.desk_badge", slug=registration.event.slug, registration_id=registration.id)
        if registration.status == CONFIRMED else None,
    }


def checkin_json(record: CheckIn | None, made: tuple = ()) -> dict | None:
    if record is None:
        return None
    event = record.registration.event
    return {"id": record.id, "at": _iso(record.at), "local_time": local_time(record.at, event),
            "day": record.day.isoformat(), "session": record.session_id,
            "by": record.by.full_name if record.by else None, "device": record.device.name if record.device else None,
            "made": list(made)}


def _session_param(event, params):
    """(session, error response): the session named by `session`, which must take attendance."""
    value = params.get("session")
    if value in (None, ""):
        return None, None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    session = checkin.session_of(event, value)
    if session is None:
        return None, (jsonify({"error": _("This event has no such session taking attendance.")}), 404)
    return session, None


def _practice_param(params):
    """(practice, error response): `practice` is true or false (or absent: false)."""
    value = params.get("practice", False)
    if value in ("1", "true"):  # in a query string
        value = True
    elif value in ("", "0", "false"):
        value = False
    if not isinstance(value, bool):
        return False, (jsonify({"error": _("“practice” is true or false.")}), 400)
    return value, None


def _search_limit() -> str:
    return current_app.config["CHECKIN_SEARCH_LIMIT"]


def _caller() -> str:
    """Whose allowance a search spends: the device's, or the person's (api_staff says which)."""
    return g.checkin_caller


def _not_a_device() -> bool:
    return not g.checkin_caller.startswith("checkin-device:")


def _not_a_lookup_by_device() -> bool:
    """A scanned badge spends no allowance; a device finding someone by registration number does, as a
    search would: the answer names the person, so walking the numbers would list everyone."""
    body = request.get_json(silent=True)
    return _not_a_device() or not (isinstance(body, dict) and "registration" in body)


@bp.post("")
@api_staff
@limiter.shared_limit(_search_limit, scope="checkin-lookup", key_func=_caller, exempt_when=_not_a_lookup_by_device)
def check_in(event, user, device, params):
    session, refused = _session_param(event, params)
    if refused:
        return refused
    practice, refused = _practice_param(params)
    if refused:
        return refused
    if "registration" in params:  # found by name at the desk
        registration_id = params["registration"]
        registration = db.session.get(Registration, registration_id) if is_row_id(registration_id) else None
        if registration is None or registration.event_id != event.id:
            return jsonify({"error": _("This event has no such registration.")}), 404
        outcome = checkin.check_in(event, registration, session=session, by=user, device=device, practice=practice)
    elif isinstance(params.get("code"), str):
        outcome = checkin.check_in_code(event, params["code"], session=session, by=user, device=device,
                                        practice=practice)
    else:
        return jsonify({"error": _("Send the scanned text as “code”.")}), 400
    return jsonify({
        "result": outcome.result,
        "label": outcome.label or str(checkin.RESULTS[outcome.result]),
        "reason": outcome.reason,
        "registration": registration_json(outcome.registration) if outcome.registration else None,
        "checkin": checkin_json(outcome.checkin, outcome.made),
        "practice": outcome.is_practice,
        "counts": checkin.counts(event, session, practice),
    })


@bp.post("/undo")
@api_staff
@limiter.shared_limit(_search_limit, scope="checkin-lookup", key_func=_caller, exempt_when=_not_a_device)
def undo(event, user, device, params):
    made = params.get("made")
    undone = checkin.undo(event, params.get("checkin"), by=user, with_ids=made if isinstance(made, list) else ())
    if undone is None:
        return jsonify({"error": _("There is no such check-in to undo (already undone?).")}), 404
    session = undone.session if undone.session_id else None
    return jsonify({"undone": checkin_json(undone), "registration": registration_json(undone.registration),
                    "counts": checkin.counts(event, session)})


@bp.get("/status")
@api_staff
def status(event, user, device, params):
    session, refused = _session_param(event, params)
    if refused:
        return refused
    practice, refused = _practice_param(params)
    if refused:
        return refused
    return jsonify({"event": event.slug, "counts": checkin.counts(event, session, practice)})


@bp.get("/search")
@api_staff
@limiter.shared_limit(_search_limit, scope="checkin-lookup", key_func=_caller)
def search(event, user, device, params):
    session, refused = _session_param(event, params)
    if refused:
        return refused
    category = None
    if params.get("category"):
        category = category_services.category_by_key(event.id, str(params["category"]))
        if category is None:
            return jsonify({"error": _("This event has no such participant category.")}), 404
    # A device finds people by name and organisation only: a lost scanner must not list everyone's address.
    found = checkin.search(event, params.get("q", ""), by_email=device is None,
                           category_id=category.id if category else None)
    standing = checkin.standing_today(event, [registration.id for registration in found], session)
    return jsonify({"registrations": [
        dict(registration_json(registration), checkin=checkin_json(standing.get(registration.id)),
             has_seat=checkin.has_seat(registration, session) if session else True)
        for registration in found]})
