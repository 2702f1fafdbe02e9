"""Who may work the check-in desk of an event: declared once on each desk page and API view."""
from functools import wraps

from flask import g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from core.extensions import csrf, db
from events import services as event_services
from events.formatting import local_datetime
from events.models import Event
from events.services import SLUG_PATTERN
from events.permissions import ORGANISER, event_role, refusal
from registration import desk_access


#: The desk's pages: the event's organisers and its check-in staff (events.permissions, like every event page).
desk_staff = event_role(ORGANISER, also=desk_access.is_staff)


def _refused(message: str, status: int):
    return jsonify({"error": message}), status


def _params():
    """The query of a GET, the JSON body of a POST (None if it is not JSON, or nested past reason)."""
    if request.method == "GET":
        return request.args.to_dict()
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


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
        # Who is calling comes first: nothing of the request is read for a caller who may not make it.
        authorization = request.headers.get("Authorization", "")
        device = None
        if authorization.lower().startswith("bearer "):
            device, problem = desk_access.find_device(authorization[7:].strip())
            if problem == "expired":
                when = local_datetime(desk_access.expires_at(device), db.session.get(Event, device.event_id))
                return _refused(_("This device token expired on %(when)s, after the event: an organiser can renew "
                                  "it on the event's check-in page.", when=when), 401)
            if problem:
                return _refused(_("This device token is not valid: it was revoked or mistyped."), 401)
        elif not current_user.is_authenticated:
            return _refused(_("Log in, or send a device token."), 401)
        elif request.method != "GET":
            try:
                csrf.protect()
            except CSRFError:
                return _refused(_("The page's security token is missing or out of date: reload the page."), 400)
        params = _params()
        if not isinstance(params, dict):
            return _refused(_("Send a JSON object (Content-Type: application/json)."), 400)
        if device is not None:
            g.checkin_caller = f"checkin-device:{device.id}"
            return view(event=db.session.get(Event, device.event_id), user=None, device=device, params=params,
                        **kwargs)
        slug = params.get("event")
        event = event_services.find_event(slug) if isinstance(slug, str) and SLUG_PATTERN.match(slug) else None
        if event is None:
            return _refused(_("Say which event: “event” is the event's short name in its address."), 404)
        answer = refusal(event, desk_access.is_staff(event, current_user))
        if answer == 404:  # a draft or private event: as if it did not exist
            return _refused(_("Say which event: “event” is the event's short name in its address."), 404)
        if answer:
            return _refused(_("You are not check-in staff of this event."), 403)
        g.checkin_caller = f"checkin-user:{current_user.id}"
        return view(event=event, user=current_user._get_current_object(), device=None, params=params, **kwargs)

    wrapped.required_roles = ("event:checkin",)
    return wrapped
