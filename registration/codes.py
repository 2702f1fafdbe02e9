"""The signed code on a badge's QR: which event, which registration, which issue of the badge.

    CV1-12-3456-1-K5QW3ZJ7XGA2MBTE
    │   │  │    │ └ signature: HMAC-SHA256 with a key derived from SECRET_KEY, 80 bits, base32
    │   │  │    └ badge version (raised when a badge is re-issued: older badges stop working)
    │   │  └ registration id
    │   └ event id
    └ format

The desk checks the signature before it looks anything up, so the badge is trusted for nothing: change
one character and the code is refused; only the server's key makes a valid one. The alphabet is the QR
code's "alphanumeric" one (digits, capitals, "-"), which makes small QR codes, and which a USB scanner
types as it reads it; what it types is read case-insensitively, without surrounding spaces. Only the
code's own characters are folded: a code holding anything outside ASCII is unreadable, because
str.upper() turns "ſ" into "S" and "ﬀ" into "FF", which would let an altered code pass.
"""
import base64
from dataclasses import dataclass
import hashlib
import hmac
import re

from flask import current_app

PREFIX = "CV1"
_CODE = re.compile(r"CV1-([1-9][0-9]{0,9})-([1-9][0-9]{0,11})-([1-9][0-9]{0,5})-([A-Z2-7]{16})")


class InvalidCode(ValueError):
    """Not a code Convene made: unreadable, cut short, or altered."""


@dataclass(frozen=True)
class BadgeCode:
    event_id: int
    registration_id: int
    version: int


def _key(purpose: bytes) -> bytes:
    # A key of its own per purpose, so that a badge signature is never valid as any other signed thing of ours.
    return hmac.new(current_app.secret_key.encode(), purpose, hashlib.sha256).digest()


def signature(body: str, purpose: bytes = b"convene.badge-code") -> str:
    """80 bits of HMAC-SHA256 of `body`, base32, with the key of `purpose` (personal join links have theirs)."""
    digest = hmac.new(_key(purpose), body.encode(), hashlib.sha256).digest()[:10]
    return base64.b32encode(digest).decode()



def make_code(event_id: int, registration_id: int, version: int) -> str:
    body = f"{PREFIX}-{event_id}-{registration_id}-{version}"
    return f"{body}-{signature(body)}"


def badge_code(registration) -> str:
    return make_code(registration.event_id, registration.id, registration.badge_version)


def read_code(text) -> BadgeCode:
    """The code's contents if Convene signed it; InvalidCode otherwise."""
    if not isinstance(text, str) or len(text) > 100:
        raise InvalidCode("unreadable")
    text = text.strip()
    match = _CODE.fullmatch(text.upper()) if text.isascii() else None
    if match is None:
        raise InvalidCode("unreadable")
    event_id, registration_id, version, signed = match.groups()
    body = f"{PREFIX}-{event_id}-{registration_id}-{version}"
    if not hmac.compare_digest(signed, signature(body)):
        raise InvalidCode("forged")
    return BadgeCode(int(event_id), int(registration_id), int(version))
