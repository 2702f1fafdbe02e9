"""Passport data after the letters: erased `kept_days` after the event (`flask meetings erase-visa-data`) or
when its owner deletes their account, and encrypted again under the newest key (`flask meetings rotate-keys`).
See docs/deployment.md for the keys and the worker."""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import column, select, table, update

from core.crypto import rotate
from core.extensions import db
from core.models import utcnow
from events.models import Event
from meetings.models import MeetingSettings, VisaRequest
from meetings.visas import PASSPORT_FIELDS
from registration.models import Registration


def erase(request_ids, now: datetime) -> None:
    """Set the passport fields of these requests to None. An UPDATE that reads nothing: erasure works even
    for values no configured key decrypts any more."""
    if request_ids:
        db.session.execute(update(VisaRequest).where(VisaRequest.id.in_(list(request_ids)))
                           .values(erased_at=now, **{name: None for name in PASSPORT_FIELDS})
                           .execution_options(synchronize_session=False))
        db.session.expire_all()


def erase_expired(now: datetime | None = None) -> int:
    """Erase the passport data of requests whose event ended more than its kept days ago. Commits;
    returns how many requests were erased."""
    now = now or utcnow()
    default_days = current_app.config.get("VISA_DATA_KEPT_DAYS", 30)
    rows = db.session.execute(
        select(VisaRequest.id, Event.ends_at, MeetingSettings.visa_data_kept_days)
        .join(Event, Event.id == VisaRequest.event_id)
        .outerjoin(MeetingSettings, MeetingSettings.event_id == VisaRequest.event_id)
        .where(VisaRequest.erased_at.is_(None), Event.ends_at < now)).all()
    due = [request_id for request_id, ends_at, days in rows
           if ends_at + timedelta(days=default_days if days is None else days) <= now]
    erase(due, now)
    db.session.commit()
    return len(due)


def forget(user) -> None:
    """Before an account is deleted: its requests' passport data goes (the registrations stay, anonymised)."""
    erase(db.session.scalars(select(VisaRequest.id).join(Registration).where(
        Registration.user_id == user.id, VisaRequest.erased_at.is_(None))).all(), utcnow())


def rotate_keys() -> int:
    """Encrypt every stored passport value again with the newest key (PERSONAL_DATA_KEYS' first). Commits;
    returns how many values were rewritten. Read and written as stored (not through EncryptedText), so
    that nothing is held decrypted on the way."""
    count = 0
    for row in db.session.execute(select(_STORED)).all():
        values = {name: rotate(getattr(row, name)) for name in PASSPORT_FIELDS if getattr(row, name) is not None}
        if values:
            db.session.execute(update(_STORED).where(_STORED.c.id == row.id).values(**values))
            count += len(values)
    db.session.commit()
    return count


#: The requests' table as stored: its passport columns hold the encrypted text.
_STORED = table("visa_requests", column("id"), *(column(name) for name in PASSPORT_FIELDS))
