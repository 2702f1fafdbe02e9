"""No overbooking, ever: many registrations at once on PostgreSQL, each on its own connection."""
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
import threading

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from core.extensions import db
from core.models import utcnow
from factory import create_app
from tests.conftest import create_pg_database, drop_pg_database, make_config, release_database

pytestmark = pytest.mark.pg_only

CAPACITY, PEOPLE = 5, 40


@contextmanager
def rush_database(tmp_path, prefix: str, submitters: int):
    """An app on a new PostgreSQL database with a connection for every submitter (each also sends its
    mail after the commit), like many workers; the database is dropped afterwards."""
    url = create_pg_database(prefix)
    app = create_app(make_config(url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 2 * submitters + 10, "max_overflow": 0}),
                     instance_path=str(tmp_path))
    try:
        with app.app_context():
            upgrade()
            release_database()
        yield app
    finally:
        with app.app_context():
            release_database()
        drop_pg_database(url)


def test_simultaneous_registrations_never_overbook(tmp_path):
    from accounts.models import User, UserRole
    from core.times import to_utc
    from events.models import PUBLISHED, Event
    from registration import services
    from registration.models import Registration, RegistrationSettings

    with rush_database(tmp_path, "convene_rush", PEOPLE + 4) as app:
        with app.app_context():
            event = Event(slug="rush", kind="workshop", title="Popular workshop", timezone="Europe/Paris",
                          starts_at=to_utc(datetime(2027, 6, 1, 9), "Europe/Paris"),
                          ends_at=to_utc(datetime(2027, 6, 1, 17), "Europe/Paris"), status=PUBLISHED,
                          details={}, working_languages=[])
            db.session.add(event)
            db.session.flush()
            db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=CAPACITY,
                                                closes_at=utcnow() + timedelta(days=30)))
            users = [User(email=f"p{n}@example.org", password_hash="x", full_name=f"Person {n}",
                          roles=[UserRole(role="participant")]) for n in range(PEOPLE)]
            db.session.add_all(users)
            db.session.commit()
            event_id, user_ids = event.id, [user.id for user in users]
            release_database()

        start = threading.Barrier(PEOPLE + 4)

        def submit(user_id):
            with app.app_context():
                try:
                    start.wait()
                    user, event = db.session.get(User, user_id), db.session.get(Event, event_id)
                    registration = services.register(event, user, {"full_name": user.full_name,
                                                                   "organisation": "Org"})
                    return registration.status
                except services.AlreadyRegistered:
                    return "duplicate"
                finally:
                    db.session.remove()

        # Every person once, and four of them a second time at the same moment (a double click).
        with ThreadPoolExecutor(max_workers=PEOPLE + 4) as pool:
            answers = list(pool.map(submit, user_ids + user_ids[:4]))

        with app.app_context():
            rows = db.session.execute(select(Registration.status, func.count()).where(
                Registration.event_id == event_id).group_by(Registration.status)).all()
            emails = db.session.scalars(select(Registration.email)).all()
            release_database()

        assert len(answers) == PEOPLE + 4  # every submission got a definite answer
        assert answers.count("confirmed") == CAPACITY
        assert answers.count("waitlisted") == PEOPLE - CAPACITY
        assert answers.count("duplicate") == 4
        assert dict(rows) == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY}
        assert len(emails) == len(set(emails)) == PEOPLE


SEATS, TAKERS = 3, 30


def test_simultaneous_session_choices_never_overbook_a_session(tmp_path):
    from accounts.models import User, UserRole
    from core.times import to_utc
    from events.models import PUBLISHED, Event, Session
    from registration import services
    from registration.models import CONFIRMED, Registration, RegistrationSettings, SessionChoice, SessionPlaces

    with rush_database(tmp_path, "convene_seats", TAKERS) as app:
        with app.app_context():
            starts = to_utc(datetime(2027, 6, 1, 9), "Europe/Paris")
            event = Event(slug="seats", kind="conference", title="Conference", timezone="Europe/Paris",
                          starts_at=starts, ends_at=starts + timedelta(hours=8), status=PUBLISHED, details={},
                          working_languages=[])
            visit = Session(event=event, title="Site visit", starts_at=starts + timedelta(hours=2),
                            ends_at=starts + timedelta(hours=4))
            db.session.add_all([event, visit])
            db.session.flush()
            db.session.add(RegistrationSettings(event_id=event.id, is_open=True,
                                                closes_at=utcnow() + timedelta(days=9)))
            db.session.add(SessionPlaces(session_id=visit.id, event_id=event.id, capacity=SEATS))
            users = [User(email=f"t{n}@example.org", password_hash="x", full_name=f"Taker {n}",
                          roles=[UserRole(role="participant")]) for n in range(TAKERS)]
            db.session.add_all(users)
            db.session.commit()
            for user in users:
                services.register(event, user, {"full_name": user.full_name, "organisation": "Org"})
            registration_ids = db.session.scalars(select(Registration.id)).all()
            visit_id = visit.id
            release_database()

        start = threading.Barrier(TAKERS)

        def choose(registration_id):
            with app.app_context():
                try:
                    registration = db.session.get(Registration, registration_id)
                    start.wait()
                    services.update(registration, {}, {visit_id}, by=None)
                    return db.session.get(Registration, registration_id).choices[0].status
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(max_workers=TAKERS) as pool:
            answers = list(pool.map(choose, registration_ids))

        with app.app_context():
            seated = db.session.scalar(select(func.count()).select_from(SessionChoice).where(
                SessionChoice.status == CONFIRMED))
            release_database()

        assert answers.count("confirmed") == seated == SEATS
        assert answers.count("waitlisted") == TAKERS - SEATS
