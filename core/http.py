"""Conditional responses: feeds and files that clients poll get 304 when nothing changed."""
from datetime import datetime
from typing import Callable

from flask import Response, request


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
