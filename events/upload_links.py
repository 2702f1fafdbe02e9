"""A speaker's personal link to upload slides for one session, without an account.

    /events/<slug>/sessions/<session id>/speaker-upload/12-3-K5QW3ZJ7XGA2MBTE
                                                        │  │ └ signature: HMAC-SHA256 (key derived from SECRET_KEY,
                                                        │  │   of its own), 80 bits, over event, session, speaker, version
                                                        │  └ the link's version (SessionSpeaker.upload_version)
                                                        └ speaker id

Signed like badge codes (registration/codes.py): the signature is checked before anything is looked up, so
a link altered by one character, or moved to another session of the event (its id is in the address), is
refused. Replacing a link raises the version: every earlier link stops working. A link works while the
speaker is on the session, until the event's deadline (Event.speaker_uploads_close_at, by default 14 days
after the event ends).
"""
import base64
from datetime import datetime, timedelta
import hashlib
import hmac
import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import lazy_translated
from core.urls import external_url
from events.models import Event, Session, SessionSpeaker

#: Without a deadline of their own, links work until this long after the event ends.
DEFAULT_OPEN_AFTER = timedelta(days=14)
_TOKEN = re.compile(r"([1-9][0-9]{0,11})-([1-9][0-9]{0,5})-([A-Z2-7]{16})")

ALTERED, REPLACED, CLOSED, NOT_ON_SESSION, CANCELLED_SESSION = (
    "altered", "replaced", "closed", "not-on-session", "cancelled")


class LinkRefused(ValueError):
    """A link that does not let anyone upload; `reason` is one of the four above."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _signature(event_id: int, session_id: int, speaker_id: int, version: int) -> str:
    key = hmac.new(current_app.secret_key.encode(), b"convene.speaker-upload", hashlib.sha256).digest()
    body = f"SU1-{event_id}-{session_id}-{speaker_id}-{version}"
    return base64.b32encode(hmac.new(key, body.encode(), hashlib.sha256).digest()[:10]).decode()


def token_of(link: SessionSpeaker) -> str:
    session = link.session
    return f"{link.speaker_id}-{link.upload_version}-" + _signature(session.event_id, session.id, link.speaker_id,
                                                                   link.upload_version)


def upload_url(link: SessionSpeaker) -> str:
    """The link as it is mailed or copied: absolute, on BASE_URL."""
    session = link.session
    return external_url("events.speaker_upload", slug=session.event.slug, session_id=session.id,
                        token=token_of(link))


def closes_at(event: Event) -> datetime:
    return event.speaker_uploads_close_at or event.ends_at + DEFAULT_OPEN_AFTER


def read_link(event: Event, session_id: int, token: str, now: datetime | None = None) -> SessionSpeaker:
    """The session's speaker the link is for, if it may upload now; LinkRefused otherwise."""
    text = token if isinstance(token, str) and token.isascii() and len(token) <= 60 else ""
    match = _TOKEN.fullmatch(text.upper())
    if match is None:
        raise LinkRefused(ALTERED)
    speaker_id, version, signature = int(match.group(1)), int(match.group(2)), match.group(3)
    if not hmac.compare_digest(signature, _signature(event.id, session_id, speaker_id, version)):
        raise LinkRefused(ALTERED)
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id:
        raise LinkRefused(NOT_ON_SESSION)
    link = db.session.scalar(select(SessionSpeaker).where(SessionSpeaker.session_id == session_id,
                                                          SessionSpeaker.speaker_id == speaker_id))
    if link is None:
        raise LinkRefused(NOT_ON_SESSION)
    if version != link.upload_version:
        raise LinkRefused(REPLACED)
    if session.is_cancelled or event.is_cancelled:
        raise LinkRefused(CANCELLED_SESSION)
    if (now or utcnow()) >= closes_at(event):
        raise LinkRefused(CLOSED)
    return link


def set_deadline(event: Event, moment: datetime | None) -> None:
    """Until when the event's links take uploads (None: 14 days after the event ends). Commits."""
    event.speaker_uploads_close_at = moment
    db.session.commit()


def replace_link(link: SessionSpeaker) -> None:
    """A new link for the speaker and session: the one they hold stops working. Commits."""
    link.upload_version += 1
    db.session.commit()


NO_EMAIL = _l("Add this person's e-mail address on the Speakers page first.")


def mail_link(link: SessionSpeaker) -> str:
    """Send the speaker their link by e-mail (core.mail's outbox); returns the address. Commits."""
    speaker, session = link.speaker, link.session
    if not speaker.email:
        raise ValueError("the speaker has no e-mail address")
    event = session.event
    queue_mail(speaker.email, _l("Your slides for %(session)s", session=lazy_translated(session, "title")),
               "speaker_upload_link", locale=(event.content_languages or [None])[0], speaker=speaker, session=session,
               event=event, link=upload_url(link), closes_at=closes_at(event))
    db.session.commit()
    return speaker.email
