"""Helpers shared by the badge, check-in and certificate tests."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.extensions import db
from registration.models import CONFIRMED, Registration, RegistrationSettings


def confirmed(event, user=None, status=CONFIRMED, **fields) -> Registration:
    """A registration of `event` in `status` (confirmed by default), for `user` if given."""
    if db.session.get(RegistrationSettings, event.id) is None:  # as for every event that takes registrations
        db.session.add(RegistrationSettings(event_id=event.id, is_open=True))
    number = db.session.query(Registration).count() + 1
    registration = Registration(
        event_id=event.id, user_id=user.id if user else None,
        email=user.email if user else f"guest{number}@example.org",
        full_name=fields.pop("full_name", user.full_name if user else f"Guest {number}"),
        organisation=fields.pop("organisation", "Ministry of Culture"),
        stakeholder_group=fields.pop("stakeholder_group", "government"), country=fields.pop("country", "SN"),
        status=status, **fields)
    db.session.add(registration)
    db.session.commit()
    return registration


def api(client, body: dict, url: str = "/api/v1/checkin", page: str = "/", **kwargs):
    """POST JSON to the check-in API as the desk does: with the page's CSRF token in X-CSRFToken."""
    token = client.csrf_token(page)
    headers = kwargs.pop("headers", {})
    if token:
        headers.setdefault("X-CSRFToken", token)
    return client.post(url, json=body, headers=headers, **kwargs)


def on_day(hour: int, minute: int = 0, days: int = 0, zone: str = "Europe/Paris") -> datetime:
    """A time of today (or `days` later) on the clocks of `zone`, naive as make_event takes it: the desk
    records attendance only on the event's days, so its tests hold their events today."""
    today = datetime.now(ZoneInfo(zone)).date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, hour, minute)


def under_way(make_event, **fields):
    """An event whose first day is today on the venue's calendar, and which lasts two days."""
    zone = fields.get("zone", "Europe/Paris")
    return make_event(start=on_day(0, zone=zone), end=on_day(0, days=2, zone=zone), **fields)
