"""Helpers of the online participation tests: a hybrid event with rooms, and its participants."""
from datetime import datetime, timedelta

from core.extensions import db
from core.times import to_utc
from events.models import HYBRID, ONLINE
from registration.models import CheckIn, OnlineJoin
from tests.registration.onsite import confirmed

ROOM = "https://meet.example.org/forum-plenary"
PANEL_ROOM = "https://meet.example.org/forum-panel"


def at(event, year, month, day, hour, minute=0) -> datetime:
    """A moment on the venue's clocks, in UTC as the services take it."""
    return to_utc(datetime(year, month, day, hour, minute), event.timezone)


def hybrid(make_event, make_session, start=datetime(2027, 3, 27, 9, 0), **fields):
    """A two-day hybrid event with its own room, a plenary and a panel (with its own room) on the first day
    and a workshop on the second."""
    event = make_event(start=start, end=start + timedelta(days=1, hours=8), attendance_mode=HYBRID,
                       online_url=ROOM, **fields)
    day = start.replace(hour=0)
    plenary = make_session(event, day.replace(hour=9), minutes=90, title="Opening plenary")
    panel = make_session(event, day.replace(hour=14), minutes=60, title="Panel on artistic freedom",
                         online_url=PANEL_ROOM, languages=["en", "fr", "ar"])
    workshop = make_session(event, day.replace(hour=10) + timedelta(days=1), minutes=120,
                            title="Workshop on cultural statistics")
    return event, plenary, panel, workshop


def online_participant(event, user=None, **fields):
    return confirmed(event, user, participation=ONLINE, **fields)


def stored() -> tuple[int, int]:
    """Rows of the join log and check-ins: what a refused join must leave as it was."""
    db.session.expire_all()
    return db.session.query(OnlineJoin).count(), db.session.query(CheckIn).count()
