"""Desks registering walk-ins at the same moment on PostgreSQL: the last places counted one after the
other, and a double submit (or two desks with one person) makes one registration and one account."""
from concurrent.futures import ThreadPoolExecutor
import threading

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests.registration.test_concurrency import open_workshop, rush_database

pytestmark = pytest.mark.pg_only

PLACES, WALK_INS = 3, 12


def test_simultaneous_walk_ins_never_overbook_nor_duplicate_accounts(tmp_path):
    from accounts.models import User, UserRole
    from events.models import Event
    from registration import people
    from registration.models import Registration

    with rush_database(tmp_path, "convene_walk_ins", WALK_INS + 4) as app:
        with app.app_context():
            event = open_workshop("walk-ins", PLACES)
            staff = User(email="desk@example.org", password_hash="x", full_name="Desk",
                         roles=[UserRole(role="checkin_staff")])
            db.session.add(staff)
            db.session.commit()
            event_id, staff_id = event.id, staff.id
        start = threading.Barrier(WALK_INS + 4)

        def submit(number):
            with app.app_context():
                try:
                    start.wait()
                    event, by = db.session.get(Event, event_id), db.session.get(User, staff_id)
                    people.register_walk_in(event, {"email": f"w{number}@example.org", "full_name": f"W {number}",
                                                    "organisation": "", "country": None}, by=by)
                    return "confirmed"
                except people.AlreadyIn:
                    return "already"
                except people.NoRoom:
                    return "full"
                finally:
                    db.session.remove()

        # Everyone once, and four of them a second time at the same moment (a double click).
        with ThreadPoolExecutor(max_workers=WALK_INS + 4) as pool:
            answers = list(pool.map(submit, list(range(WALK_INS)) + [0, 1, 2, 3]))

        with app.app_context():
            statuses = db.session.scalars(select(Registration.status).where(Registration.event_id == event_id)).all()
            accounts = db.session.scalar(select(func.count()).select_from(User).where(User.email.like("w%")))

    assert answers.count("confirmed") == PLACES and statuses == ["confirmed"] * PLACES
    assert answers.count("full") + answers.count("already") == WALK_INS + 4 - PLACES
    assert accounts == PLACES  # an account only for those registered
