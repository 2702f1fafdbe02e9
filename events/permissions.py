"""The one permission check for pages of one event, declared on each view.

Outsiders get a 404 for an event they may not see (a draft, a private event), so that its address
leaks nothing; a 403 only where the event itself is public.
"""
from functools import wraps

from flask import abort, g
from flask_login import current_user

from core.extensions import db, login_manager
from events import services

VIEWER, ORGANISER = "viewer", "organiser"


def refusal(event, allowed: bool) -> int | None:
    """The answer to someone `allowed` or not on a page of `event`: None (let in), 404 for an event
    they may not even know of, 401 (log in first) or 403."""
    if allowed:
        return None
    if not services.is_visible_to_public(event):
        return 404
    return 401 if not current_user.is_authenticated else 403


def event_role(role: str, also=None):
    """Load the event named by the view's `slug` and pass it as `event` to a viewer or its organisers
    (and, for an organiser's page, to those for whom `also(event, user)` holds: check-in staff)."""

    def decorator(view):
        @wraps(view)
        def wrapped(slug, **kwargs):
            event = services.find_event(slug)
            if event is None:
                abort(404)
            can_manage = services.is_organiser(event, current_user)
            public = services.is_visible_to_public(event)
            if role == ORGANISER:
                answer = refusal(event, can_manage or bool(also and also(event, current_user)))
                if answer == 401:
                    return login_manager.unauthorized()
                if answer:
                    abort(answer)
            if role == VIEWER and not (public or can_manage):
                abort(404)
            g.can_manage_event = can_manage
            return view(event=event, **kwargs)

        wrapped.required_roles = (f"event:{role}",) + (("event:" + also.__name__,) if also else ())
        return wrapped

    return decorator


def part_of(event, model, item_id: int):
    """The session, speaker, room or track `item_id` of this event; 404 if it belongs to another one.

    Ids in addresses are guessable: without this, one event's team could change another's programme.
    """
    item = db.session.get(model, item_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return item
