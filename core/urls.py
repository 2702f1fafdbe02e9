"""Addresses: the links we send out, and what we accept in the ones we receive."""
from urllib.parse import urlsplit

from flask import abort, current_app, has_request_context, request, url_for
from werkzeug.routing import IntegerConverter

from core.forms import UNSTORABLE

DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"

#: The largest INTEGER column value (32-bit signed), on SQLite and PostgreSQL alike.
MAX_ID = 2**31 - 1


def external_url(endpoint: str, **values) -> str:
    """An absolute link to follow from outside the site, such as a link in an e-mail.

    It is built on BASE_URL when that is set (production requires it): the request's Host header is
    whatever the sender put there, and a reset link mailed on a forged host hands the token over.
    Without BASE_URL (development) the request's own address is used.
    """
    base = current_app.config.get("BASE_URL")
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    # Outside a request (a command, a worker) in development: the address `./dev run` serves on.
    base = base or DEVELOPMENT_BASE_URL
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)


def local_path(target) -> str | None:
    """`target` if it is a path on this site ("/events/x/register?step=2"), else None: a `next` we carry
    through sign-up, log-in and e-mailed links never leads elsewhere (no open redirect)."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return None
    # Browsers read "//host", "/\\host" and "\\host" alike: another site.
    if target.startswith("//") or "\\" in target or any(ord(character) < 32 for character in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def is_base_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query and not parts.fragment


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:…>` in routes: a number no INTEGER column can hold is 404, not a database error.

    Registered as the "int" converter, so every route gets the bound without asking for it.
    """

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        if min is None and signed:
            min = -MAX_ID - 1
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)


def ids_from(values) -> list[int]:
    """Row ids ticked in a form: what is not a plain number an INTEGER column can hold is left out."""
    return [int(value) for value in values
            if value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= MAX_ID]


def is_row_id(value) -> bool:
    """A row id as JSON sends it: an integer an INTEGER column can hold (true and false are integers to
    Python, not ids)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def page_number(name: str = "page") -> int:
    """The page number asked for in the query string: 1 when missing or wrong, and never so large
    that the database's OFFSET overflows (past the last page, the page is simply empty)."""
    return min(max(request.args.get(name, 1, type=int), 1), MAX_ID)


def reject_unstorable_address() -> None:
    """Before each request: 400 for a path or query string holding control characters such as NUL.

    No one types them into an address, and they would reach the database through searches and
    slugs. Forms report them on their field instead (core.forms.ConveneForm).
    """
    texts = [request.path, *(text for pair in request.args.items(multi=True) for text in pair)]
    if any(UNSTORABLE.search(text) for text in texts):
        abort(400)
