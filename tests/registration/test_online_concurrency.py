"""The same person joining many times at the same instant (several tabs, a double click) on PostgreSQL, each
request on its own connection: one row of the join log counting every join, and one check-in of each kind."""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
import threading

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests.registration.test_concurrency import rush_database

pytestmark = pytest.mark.pg_only

JOINS = 10


def test_simultaneous_joins_make_one_row_and_one_attendance(tmp_path):
    from accounts.models import User
    from core.times import to_utc
    from events.models import ONLINE, PUBLISHED, Event, EventOrganiser, Session
    from registration import online
    from registration.models import CONFIRMED, CheckIn, OnlineJoin, Registration, RegistrationSettings

    with rush_database(tmp_path, "convene_joins", JOINS) as app:
        with app.app_context():
            organiser = User(email="organiser@example.org", password_hash="x", full_name="Organiser")
            db.session.add(organiser)
            db.session.flush()
            start = to_utc(datetime(2027, 3, 27, 9, 0), "Europe/Paris")
            event = Event(slug="online-forum", kind="conference", title="Online forum", timezone="Europe/Paris",
                          starts_at=start, ends_at=start + timedelta(hours=8), status=PUBLISHED, visibility="public",
                          details={}, working_languages=["en"], venue_name="", attendance_mode=ONLINE,
                          online_url="https://meet.example.org/forum", team=[EventOrganiser(user_id=organiser.id)])
            event.sessions.append(Session(title="Plenary", session_type="plenary", starts_at=start,
                                          ends_at=start + timedelta(hours=2)))
            db.session.add(event)
            db.session.flush()
            db.session.add(RegistrationSettings(event_id=event.id, is_open=True))
            person = Registration(event_id=event.id, email="p@example.org", full_name="P", status=CONFIRMED)
            db.session.add(person)
            db.session.commit()
            registration_id, session_id = person.id, event.sessions[0].id
        now = to_utc(datetime(2027, 3, 27, 9, 5), "Europe/Paris")
        gate = threading.Barrier(JOINS)

        def join(_number):
            with app.app_context():
                try:
                    gate.wait()
                    registration = db.session.get(Registration, registration_id)
                    return online.record_join(registration, db.session.get(Session, session_id), now=now).room
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(max_workers=JOINS) as pool:
            rooms = list(pool.map(join, range(JOINS)))

        with app.app_context():
            rows = db.session.scalars(select(OnlineJoin)).all()
            checkins = db.session.execute(select(CheckIn.session_id, func.count()).group_by(CheckIn.session_id)).all()

    assert rooms == ["https://meet.example.org/forum"] * JOINS
    assert len(rows) == 1 and rows[0].times == JOINS
    assert sorted(checkins, key=lambda row: row[0] or 0) == [(None, 1), (session_id, 1)]
