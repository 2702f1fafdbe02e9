"""Conditional and remembered responses: feeds and pages that are read far more than they change."""
from datetime import datetime
from typing import Callable

from flask import Response, request, session
from flask_babel import get_locale
from flask_login import current_user

from core.cache import recall, remembered
from core.security import SAME_ORIGIN_FRAMING


def conditional_response(build: Callable[[], bytes], *, etag: str, last_modified: datetime, mimetype: str,
                         filename: str | None = None, max_age: int = 300, public: bool = True) -> Response:
    """Answer 304 before building anything when the client already has this version.

    `etag` names the version of what is shown; the reader's language is added to it here, since feeds and
    documents are built in it (vary_by_language names the headers that chose it). `public` says whether
    shared caches may keep the answer: not a draft that only its organisers can see.
    """
    etag = f"{etag}-{get_locale()}"
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
    response.cache_control.public = public
    response.cache_control.private = not public
    response.cache_control.max_age = max_age
    return response


def shared_with_visitors() -> bool:
    """Is this request one whose page is the same for every visitor who is not logged in?"""
    return not current_user.is_authenticated and request.method == "GET" and not session.get("_flashes")


def _page_key(version: tuple) -> tuple:
    # The host is part of it: without BASE_URL (development) absolute links on the page follow the
    # request's Host header, and one visitor's forged Host must not reach the others. `remembered` adds
    # the language.
    return ("page", request.host, request.full_path, *version)


def public_page(version: tuple, render: Callable[[], str]) -> Response | str:
    """A page as anonymous visitors see it, rendered once per version and language, then remembered.

    Only for visitors who are not logged in and have no message waiting: what they see depends on
    the address, the language and `version` alone. Everyone else gets a fresh rendering.
    """
    if not shared_with_visitors():
        return render()
    return Response(remembered(_page_key(version), lambda: render().encode()), mimetype="text/html")


def remembered_public_page(version: tuple) -> Response | None:
    """The page `public_page` remembered for this request and version, if there is one."""
    if not shared_with_visitors():
        return None
    data = recall(_page_key(version))
    return Response(data, mimetype="text/html") if data is not None else None


def private_pdf(data: bytes, filename: str, framed: bool = False) -> Response:
    """A PDF about one person (a badge, a certificate): shown in place, stored by no cache on the way.
    `framed`: our own pages may show it in a frame (core.security.SAME_ORIGIN_FRAMING)."""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    if framed:
        response.headers.update(SAME_ORIGIN_FRAMING)
    return response
