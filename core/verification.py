"""Codes that lead to a public verification page (certificates of attendance, visa-support letters).

A code is typed by hand from paper as often as it is scanned, so it uses base32's capitals and digits
without 0/1/8/9 (nobody mistakes O for 0) and is printed in groups of four. A signed code ends with an
HMAC of its random part under a key of its own per purpose: a code altered by one character, or made
up, is refused before anything is looked up, and a code of one kind is never valid as another.
"""
import base64
import hashlib
import hmac
import secrets

from flask import current_app

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#: A signed code: this many random characters, then SIGNATURE_LENGTH of signature.
RANDOM_LENGTH, SIGNATURE_LENGTH = 10, 6


def format_code(code: str) -> str:
    """K5QW3ZJ7XGA2 as K5QW-3ZJ7-XGA2, easier to read out and type."""
    return "-".join(code[index:index + 4] for index in range(0, len(code), 4))


def normalise_code(text: str, length: int) -> str:
    """The code as typed, in capitals, without its dashes and spaces; "" if it holds anything but ASCII
    (str.upper() would read "ſ" as "S", and isalnum() takes other scripts' digits)."""
    text = text or ""
    if not text.isascii():
        return ""
    return "".join(char for char in text.upper() if char.isalnum())[:length + 4]


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _signature(purpose: str, body: str) -> str:
    key = hmac.new(current_app.secret_key.encode(), f"convene.verification.{purpose}".encode(), hashlib.sha256).digest()
    return base64.b32encode(hmac.new(key, body.encode(), hashlib.sha256).digest()).decode()[:SIGNATURE_LENGTH]


def signed_code(purpose: str) -> str:
    body = random_code(RANDOM_LENGTH)
    return body + _signature(purpose, body)


def read_signed_code(purpose: str, text: str) -> str | None:
    """The code as stored if `text` is one we signed for `purpose`, else None."""
    code = normalise_code(text, RANDOM_LENGTH + SIGNATURE_LENGTH)
    if len(code) != RANDOM_LENGTH + SIGNATURE_LENGTH:
        return None
    body, signature = code[:RANDOM_LENGTH], code[RANDOM_LENGTH:]
    return code if hmac.compare_digest(signature, _signature(purpose, body)) else None
