"""Secret key, signed tokens and the response headers every page carries."""
import hashlib
import hmac
from pathlib import Path
import secrets

from flask import current_app
from itsdangerous import BadData, BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

#: For a document our own pages show in a frame (a badge PDF in the desk's print page): the same policy, but
#: pages of this site may frame it. Frames of other sites stay refused.
SAME_ORIGIN_FRAMING = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
    "X-Frame-Options": "SAMEORIGIN",
}

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), microphone=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def development_secret_key(instance_path: str) -> str:
    """Generate a secret key once and keep it in instance/, so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


class TokenError(Exception):
    """A signed token that is expired, tampered with, or meant for something else."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_token(purpose: str, payload) -> str:
    """Sign `payload` for one purpose; a token for one purpose never passes as another."""
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"convene.{purpose}").dumps(payload)


def make_lasting_token(purpose: str, payload) -> str:
    """Like make_token, without the time of signing: the same payload always gives the same token, for an
    address a person keeps (a calendar subscription). Read it with read_token(..., max_age=None)."""
    return URLSafeSerializer(current_app.secret_key, salt=f"convene.{purpose}").dumps(payload)


def read_token(purpose: str, token: str, max_age: int | None):
    if not isinstance(token, str) or not token.isascii():
        # itsdangerous decodes base64 ignoring what is not ASCII: "ſ" slipped into a signature passed.
        raise TokenError()
    if max_age is None:
        try:
            return URLSafeSerializer(current_app.secret_key, salt=f"convene.{purpose}").loads(token)
        except BadData:
            pass  # a token made by make_token before its purpose became a lasting one: read it as such
    serializer = URLSafeTimedSerializer(current_app.secret_key, salt=f"convene.{purpose}")
    try:
        return serializer.loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError() from error


def fingerprint(purpose: str, value: str) -> str:
    """An HMAC of `value` keyed with the app's secret: it tells whether `value` changed, and a token carrying
    it tells nothing about `value` itself (a password hash, say) to whoever holds the token."""
    key = f"convene.{purpose}.{current_app.secret_key}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def new_link_code() -> tuple[str, str]:
    """A code for a personal link (an invitation, a survey) and the SHA-256 the database keeps of it.

    Only the e-mailed link carries the code: a copy of the database hands out no working link.
    """
    code = secrets.token_urlsafe(24)
    return code, link_code_hash(code)


def link_code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
