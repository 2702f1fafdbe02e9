"""The one permission check: a decorator declared once per view.

It asks `current_user.has_role(...)`, so it needs no knowledge of how accounts store roles.
"""
from functools import wraps

from flask import abort
from flask_login import current_user

from core.extensions import login_manager


def role_required(*roles: str):
    """Allow the view to people holding any of `roles` (administrators hold every role)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not any(current_user.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def login_required(view):
    """Any signed-in person (a participant at least)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    wrapped.required_roles = ()
    return wrapped
