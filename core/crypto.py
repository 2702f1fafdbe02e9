"""Encryption of personal data the database must never hold in clear (passport numbers, dates of birth).

Fernet (from `cryptography`: AES-128-CBC with an HMAC-SHA256, a timestamp and a random IV per value)
with keys from configuration, never from the database: a copy of the database, a backup or a log of
its queries shows nothing readable. `PERSONAL_DATA_KEYS` lists keys newest first: the first encrypts,
every one decrypts, so a host rotates by putting a new key in front and running
`flask meetings rotate-keys`, then removing the old one (docs/deployment.md).
"""
import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


class UnreadableData(ValueError):
    """A stored value that none of the configured keys decrypts: a key was removed too early."""


def development_key(secret_key: str) -> str:
    """A Fernet key derived from SECRET_KEY, for development and tests only (production sets its own)."""
    digest = hmac.new(secret_key.encode(), b"convene.personal-data", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()


_ciphers: dict[tuple, MultiFernet] = {}


def _cipher() -> MultiFernet:
    keys = tuple(current_app.config.get("PERSONAL_DATA_KEYS") or ())
    if not keys:
        keys = (development_key(current_app.secret_key),)
    if keys not in _ciphers:
        _ciphers[keys] = MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])
    return _ciphers[keys]


def encrypt(text: str) -> str:
    return _cipher().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise UnreadableData("no configured key decrypts this value") from error


def rotate(token: str) -> str:
    """The same value encrypted with the newest key."""
    try:
        return _cipher().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise UnreadableData("no configured key decrypts this value") from error


class EncryptedText(TypeDecorator):
    """A text column stored encrypted (see the module's docstring); None stays None."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(str(value))

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value)
