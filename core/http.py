"""Conditional and remembered responses: feeds and pages that are read far more than they change."""
from datetime import datetime
from typing import Callable

from flask import Response, request, session
from flask_babel import get_locale
from flask_login import current_user

from core.cache import remembered


def conditional_response(build: Callable[[], bytes], *, etag: str, last_modified: datetime, mimetype: str,
                         filename: str | None = None, max_age: int = 300) -> Response:
    """Answer 304 before building anything when the client already has this version."""
    if request.if_none_match.contains(etag) or (
            not request.if_none_match and request.if_modified_since
            and last_modified.replace(microsecond=0) <= request.if_modified_since):
        response = Response(status=304)
    else:
        response = Response(build(), mimetype=mimetype)
        if filename:
            response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(etag)
    response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response


def public_page(version: tuple, render: Callable[[], str]) -> Response | str:
    """A page as anonymous visitors see it, rendered once per version and language, then remembered.

    Only for visitors who are not logged in and have no message waiting: what they see depends on
    the address, the language and `version` alone. Everyone else gets a fresh rendering.
    """
    if current_user.is_authenticated or request.method != "GET" or session.get("_flashes"):
        return render()
    key = ("page", request.full_path, str(get_locale()), *version)
    return Response(remembered(key, lambda: render().encode()), mimetype="text/html")
