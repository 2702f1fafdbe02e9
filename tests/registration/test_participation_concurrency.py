"""No overbooking of either way at a hybrid event (issue 17): many people register in person and online at once,
and others switch at the same moment; each way ends with exactly its places taken, on PostgreSQL."""
from concurrent.futures import ThreadPoolExecutor
import threading

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests.conftest import release_database
from tests.registration.test_concurrency import open_workshop, rush_database

pytestmark = pytest.mark.pg_only

ROOM, ONLINE_PLACES, PEOPLE, SWITCHERS = 4, 3, 30, 6


def test_simultaneous_registrations_and_switches_never_overbook_either_way(tmp_path):
    from accounts.models import User, UserRole
    from events.models import HYBRID, IN_PERSON, ONLINE, Event
    from registration import participation, services
    from registration.models import HOLDING_A_PLACE, Registration, RegistrationSettings

    with rush_database(tmp_path, "convene_hybrid_rush", PEOPLE + SWITCHERS) as app:
        with app.app_context():
            event = open_workshop("hybrid-rush", ROOM + SWITCHERS)
            event.attendance_mode, event.online_url = HYBRID, "https://meet.example.org/rush"
            db.session.flush()
            db.session.get(RegistrationSettings, event.id).online_capacity = ONLINE_PLACES
            users = [User(email=f"h{n}@example.org", password_hash="x", full_name=f"Person {n}",
                          roles=[UserRole(role="participant")]) for n in range(PEOPLE + SWITCHERS)]
            db.session.add_all(users)
            db.session.commit()
            # The switchers hold the room's first places, then the room is left with ROOM places for the rush.
            switchers = [services.register(event, user, {"full_name": user.full_name, "participation": IN_PERSON})
                         for user in users[PEOPLE:]]
            event_id, switcher_ids = event.id, [registration.id for registration in switchers]
            user_ids = [user.id for user in users[:PEOPLE]]
            release_database()

        start = threading.Barrier(PEOPLE + SWITCHERS)

        def submit(position_and_user):
            position, user_id = position_and_user
            with app.app_context():
                try:
                    start.wait()
                    user, event = db.session.get(User, user_id), db.session.get(Event, event_id)
                    way = ONLINE if position % 2 else IN_PERSON
                    return services.register(event, user, {"full_name": user.full_name, "participation": way}).status
                finally:
                    db.session.remove()

        def switch(registration_id):
            with app.app_context():
                try:
                    registration = db.session.get(Registration, registration_id)
                    by = db.session.get(User, registration.user_id)
                    start.wait()
                    participation.switch(registration, ONLINE, by=by, as_organiser=True)
                    return "switched"
                except participation.ModeFull:
                    return "full"
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(max_workers=PEOPLE + SWITCHERS) as pool:
            registered = pool.map(submit, enumerate(user_ids))
            switched = pool.map(switch, switcher_ids)
            answers, switches = list(registered), list(switched)

        with app.app_context():
            held = dict(db.session.execute(select(Registration.participation, func.count()).where(
                Registration.event_id == event_id, Registration.status.in_(HOLDING_A_PLACE))
                .group_by(Registration.participation)).all())
            release_database()

        assert len(answers) == PEOPLE and len(switches) == SWITCHERS
        # Every place of each way is taken, and not one more: the switchers' places in the room went to the rush.
        assert held == {IN_PERSON: ROOM + SWITCHERS, ONLINE: ONLINE_PLACES}
        # A switch that found the online places taken changed nothing; one that got in freed a room place.
        assert set(switches) <= {"switched", "full"} and switches.count("switched") <= ONLINE_PLACES
        assert answers.count("confirmed") <= ROOM + ONLINE_PLACES + switches.count("switched")
        assert set(answers) == {"confirmed", "waitlisted"}
