"""No category is ever overbooked: many people register in one category at once, on PostgreSQL."""
from concurrent.futures import ThreadPoolExecutor
import threading

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests.conftest import release_database
from tests.registration.test_concurrency import open_workshop, rush_database

pytestmark = pytest.mark.pg_only

CATEGORY_PLACES, PEOPLE = 3, 20


def test_simultaneous_registrations_never_overbook_a_category(tmp_path):
    from accounts.models import User, UserRole
    from events.models import Event
    from registration import services
    from registration.categories import OPEN, ParticipantCategory
    from registration.models import Registration

    with rush_database(tmp_path, "convene_category_rush", PEOPLE) as app:
        with app.app_context():
            event = open_workshop("category-rush", capacity=100)  # the event has room: the category does not
            category = ParticipantCategory(event_id=event.id, key="expert", name="Expert", admission=OPEN,
                                           capacity=CATEGORY_PLACES, translations={})
            users = [User(email=f"p{n}@example.org", password_hash="x", full_name=f"Person {n}",
                          roles=[UserRole(role="participant")]) for n in range(PEOPLE)]
            db.session.add_all([category, *users])
            db.session.commit()
            event_id, category_id, user_ids = event.id, category.id, [user.id for user in users]
            release_database()

        start = threading.Barrier(PEOPLE)

        def submit(user_id):
            with app.app_context():
                try:
                    start.wait()
                    user, event = db.session.get(User, user_id), db.session.get(Event, event_id)
                    return services.register(event, user, {"full_name": user.full_name,
                                                           "category_id": category_id}).status
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
            answers = list(pool.map(submit, user_ids))

        with app.app_context():
            rows = dict(db.session.execute(select(Registration.status, func.count()).where(
                Registration.event_id == event_id).group_by(Registration.status)).all())
            release_database()

        assert answers.count("confirmed") == CATEGORY_PLACES
        assert rows == {"confirmed": CATEGORY_PLACES, "waitlisted": PEOPLE - CATEGORY_PLACES}
