"""Migration 0014 on existing data: check-ins the old desk pulled into the event's days from other days
stop counting, the certificates resting only on them are withdrawn, and those resting partly on them
stop claiming those days."""
from datetime import UTC, date, datetime
import json

from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
import pytest
from sqlalchemy import text

from core.extensions import db, migrate
from factory import create_app
from tests.conftest import create_pg_database, drop_pg_database, make_config, release_database


def bad_check_ins_are_undone(url):
    from accounts.models import User
    from core.times import to_utc
    from events.models import Event, Session
    from registration.models import Certificate, CheckIn, Registration

    app = create_app(make_config(url))
    with app.app_context():
        try:
            upgrade()
            before = ScriptDirectory.from_config(migrate.get_config()).get_revision("0014").down_revision
            organiser = User(email="o@example.org", full_name="Organiser", password_hash="x")
            bangkok = Event(slug="bangkok", kind="workshop", title="Bangkok workshop", timezone="Asia/Bangkok",
                            starts_at=to_utc(datetime(2026, 11, 17, 9), "Asia/Bangkok"),
                            ends_at=to_utc(datetime(2026, 11, 18, 17), "Asia/Bangkok"), status="published",
                            visibility="public", details={}, working_languages=["en"])
            db.session.add_all([organiser, bangkok])
            db.session.flush()
            came, never, once = (Registration(event_id=bangkok.id, email=f"{name}@example.org", full_name=name,
                                              status="confirmed") for name in ("came", "never", "once"))
            workshop = Session(event=bangkok, title="Measuring the creative economy",
                               starts_at=to_utc(datetime(2026, 11, 17, 14), "Asia/Bangkok"),
                               ends_at=to_utc(datetime(2026, 11, 17, 15, 30), "Asia/Bangkok"), takes_attendance=True)
            db.session.add_all([came, never, once, workshop])
            db.session.flush()
            workshop_item = {"title": "Measuring the creative economy", "starts_at": "2026-11-17T07:00:00+00:00",
                             "minutes": 90}
            in_time = to_utc(datetime(2026, 11, 18, 8, 30), "Asia/Bangkok")
            db.session.add_all([
                # Scanned on the day: it stays.
                CheckIn(event_id=bangkok.id, registration_id=came.id, day=date(2026, 11, 18), at=in_time),
                # Scanned on 6 December, recorded for 18 November by the old desk.
                CheckIn(event_id=bangkok.id, registration_id=never.id, day=date(2026, 11, 18),
                        at=datetime(2026, 12, 6, 3, 0, tzinfo=UTC)),
                Certificate(registration_id=came.id, event_id=bangkok.id, code="AAAABBBBCCCC", full_name="came",
                            days=["2026-11-18"], sessions=[], minutes=0),
                Certificate(registration_id=never.id, event_id=bangkok.id, code="DDDDEEEEFFFF", full_name="never",
                            days=["2026-11-18"], sessions=[], minutes=0),
                # Came on 17 November (and to the workshop); the scan on 6 December added 18 November to
                # the certificate when it was issued again.
                CheckIn(event_id=bangkok.id, registration_id=once.id, day=date(2026, 11, 17),
                        at=to_utc(datetime(2026, 11, 17, 8, 40), "Asia/Bangkok")),
                CheckIn(event_id=bangkok.id, registration_id=once.id, day=date(2026, 11, 17), session_id=workshop.id,
                        at=to_utc(datetime(2026, 11, 17, 13, 55), "Asia/Bangkok")),
                CheckIn(event_id=bangkok.id, registration_id=once.id, day=date(2026, 11, 18),
                        at=datetime(2026, 12, 6, 3, 5, tzinfo=UTC)),
                Certificate(registration_id=once.id, event_id=bangkok.id, code="GGGGHHHHJJJJ", full_name="once",
                            days=["2026-11-17", "2026-11-18"], sessions=[workshop_item], minutes=90)])
            db.session.commit()
            db.session.remove()
            downgrade(revision=before)

            upgrade()

            with db.engine.connect() as connection:
                rows = dict(connection.execute(text(
                    "SELECT registrations.full_name, checkins.undone_at IS NULL FROM checkins "
                    "JOIN registrations ON registrations.id = checkins.registration_id "
                    "WHERE registrations.full_name IN ('came', 'never')")).all())
                kept = set(connection.scalars(text("SELECT code FROM certificates")))
                once_certificate = connection.execute(text(
                    "SELECT days, sessions, minutes FROM certificates WHERE code = 'GGGGHHHHJJJJ'")).one()
            assert {name: bool(standing) for name, standing in rows.items()} == {"came": True, "never": False}
            assert kept == {"AAAABBBBCCCC", "GGGGHHHHJJJJ"}
            # The certificate and its public page stop claiming 18 November; what was attended stays.
            days, sessions, minutes = (json.loads(value) if isinstance(value, str) else value
                                       for value in once_certificate)
            assert (days, sessions, minutes) == (["2026-11-17"], [workshop_item], 90)
        finally:
            release_database()


def test_check_ins_made_outside_the_events_days_stop_counting_on_sqlite(tmp_path):
    bad_check_ins_are_undone(f"sqlite:///{tmp_path}/migration.db")


@pytest.mark.pg_only
def test_check_ins_made_outside_the_events_days_stop_counting_on_postgresql():
    url = create_pg_database("convene_checkin_migration")
    try:
        bad_check_ins_are_undone(url)
    finally:
        drop_pg_database(url)
