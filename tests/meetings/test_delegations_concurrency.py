"""Focal points nominating at the same moment on PostgreSQL: a double click, or two delegations naming the same
person, makes one nomination (one personal link, one member on the list)."""
from concurrent.futures import ThreadPoolExecutor
import threading

import pytest
from sqlalchemy import select

from core.extensions import db
from tests.registration.test_concurrency import open_workshop, rush_database

pytestmark = pytest.mark.pg_only

TRIES = 8


def test_the_same_member_nominated_at_once_is_nominated_once(tmp_path):
    from accounts.models import User
    from meetings import delegations
    from meetings.models import Delegation, Nomination

    with rush_database(tmp_path, "convene_nominations", TRIES) as app:
        with app.app_context():
            event = open_workshop("nominations", 50)
            kenya = Delegation(event_id=event.id, country="KE", organisation="")
            ghana = Delegation(event_id=event.id, country="GH", organisation="")
            focal = User(email="fp@example.org", password_hash="x", full_name="Focal Point")
            db.session.add_all([kenya, ghana, focal])
            db.session.commit()
            ids, focal_id = [kenya.id, ghana.id], focal.id
        start = threading.Barrier(TRIES)

        def nominate(number):
            with app.app_context():
                try:
                    start.wait()
                    delegation = db.session.get(Delegation, ids[number % 2])
                    delegations.add_member(delegation, {"role": "delegate", "full_name": "Amina Diallo",
                                                        "email": "amina@example.org"}, by=db.session.get(User, focal_id))
                    return "nominated"
                except delegations.DelegationError:
                    return "refused"
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(max_workers=TRIES) as pool:
            answers = list(pool.map(nominate, range(TRIES)))

        with app.app_context():
            members = db.session.scalars(select(Nomination.email)).all()

    assert answers.count("nominated") == 1 and members == ["amina@example.org"]
