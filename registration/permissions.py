"""Who may work the check-in desk of an event: declared once on each desk page and API view."""
from functools import wraps

from flask import abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from core.extensions import csrf, db, login_manager
from events import services as event_services
from events.models import Event
from registration import checkin


def desk_staff(view):
    """Load the event named by `slug` for its organisers and check-in staff; others get 404 or 403."""

    @wraps(view)
    def wrapped(slug, **kwargs):
        event = event_services.find_event(slug)
        if event is None:
            abort(404)
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not checkin.is_staff(event, current_user):
            abort(403 if event_services.is_visible_to_public(event) else 404)
        return view(event=event, **kwargs)

    wrapped.required_roles = ("event:checkin",)
    return wrapped


def _refused(message: str, status: int):
    return jsonify({"error": message}), status


def api_staff(view):
    """For the check-in API: a device token (`Authorization: Bearer ...`) stands for its one event; a
    person logged in names the event (`event`: its slug) and must be its staff. Calls the view with
    `event`, `user` (None for a device), `device` (None for a person) and `params` (the JSON body of a
    POST, the query of a GET).

    Requests with the log-in cookie are CSRF-checked (the desk sends the token in X-CSRFToken); a
    device token travels in a header no other site can make a browser send, so it needs none.
    """

    @wraps(view)
    def wrapped(**kwargs):
        params = request.args.to_dict() if request.method == "GET" else request.get_json(silent=True)
        if not isinstance(params, dict):
            return _refused(_("Send a JSON object (Content-Type: application/json)."), 400)
        authorization = request.headers.get("Authorization", "")
        if authorization.lower().startswith("bearer "):
            device = checkin.device_for(authorization[7:].strip())
            if device is None:
                return _refused(_("This device token is not valid: it was revoked or mistyped."), 401)
            return view(event=db.session.get(Event, device.event_id), user=None, device=device, params=params,
                        **kwargs)
        if not current_user.is_authenticated:
            return _refused(_("Log in, or send a device token."), 401)
        if request.method != "GET":
            try:
                csrf.protect()
            except CSRFError:
                return _refused(_("The page was open too long: reload it and scan again."), 400)
        slug = params.get("event")
        event = event_services.find_event(slug) if isinstance(slug, str) else None
        if event is None:
            return _refused(_("Say which event: “event” is the event's short name in its address."), 404)
        if not checkin.is_staff(event, current_user):
            return _refused(_("You are not check-in staff of this event."), 403)
        return view(event=event, user=current_user._get_current_object(), device=None, params=params, **kwargs)

    wrapped.required_roles = ("event:checkin",)
    return wrapped
