"""A slot is never held twice: many visitors asking for it at once on PostgreSQL, each on its own connection."""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
import threading

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import utcnow
from tests.registration.test_concurrency import rush_database

pytestmark = pytest.mark.pg_only

VISITORS = 12


def _fair_with_booths(count: int):
    """A published fair with `count` approved booths, each with one slot at 10:00 on its first day."""
    from accounts.models import User, UserRole
    from core.times import to_utc
    from events.models import PUBLISHED, Event
    from showcase.models import APPROVED, OWNER, Booth, MeetingSlot, Organisation, OrganisationMember

    fair = Event(slug="rush-fair", kind="knowledge_fair", title="Fair", timezone="Europe/Paris",
                 starts_at=to_utc(datetime(2027, 6, 14, 9), "Europe/Paris"),
                 ends_at=to_utc(datetime(2027, 6, 15, 18), "Europe/Paris"), status=PUBLISHED, details={},
                 working_languages=[])
    db.session.add(fair)
    slots = []
    for number in range(count):
        owner = User(email=f"owner{number}@example.org", password_hash="x", full_name=f"Owner {number}",
                     email_confirmed_at=utcnow(), roles=[UserRole(role="beneficiary")])
        organisation = Organisation(name=f"Organisation {number}", kind="ngo", country="ZW", region="africa",
                                    members=[OrganisationMember(user=owner, role=OWNER)])
        booth = Booth(event=fair, organisation=organisation, status=APPROVED, invited_email=owner.email)
        starts = to_utc(datetime(2027, 6, 14, 10), "Europe/Paris")
        slot = MeetingSlot(booth=booth, starts_at=starts, ends_at=starts + timedelta(minutes=20))
        db.session.add_all([owner, organisation, booth, slot])
        slots.append(slot)
    visitors = [User(email=f"v{n}@example.org", password_hash="x", full_name=f"Visitor {n}",
                     email_confirmed_at=utcnow(), roles=[UserRole(role="participant")]) for n in range(VISITORS)]
    db.session.add_all(visitors)
    db.session.commit()
    return [(slot.booth_id, slot.id) for slot in slots], [visitor.id for visitor in visitors]


def _asker(app, start):
    from accounts.models import User
    from showcase import meetings
    from showcase.models import Booth

    def ask(booth_id, slot_id, user_id):
        with app.test_request_context():
            try:
                start.wait()
                meetings.request_meeting(db.session.get(Booth, booth_id), slot_id, db.session.get(User, user_id))
                return "requested"
            except meetings.MeetingRefused as refusal:
                return refusal.message
            finally:
                db.session.remove()

    return ask


def test_visitors_rushing_for_one_slot_leave_one_request_and_definite_answers(tmp_path):
    from showcase.models import MeetingRequest

    with rush_database(tmp_path, "convene_meet", VISITORS) as app:
        with app.app_context():
            [(booth_id, slot_id)], visitor_ids = _fair_with_booths(1)
            db.session.remove()
        ask = _asker(app, threading.Barrier(VISITORS))

        with ThreadPoolExecutor(max_workers=VISITORS) as pool:
            answers = list(pool.map(lambda user_id: ask(booth_id, slot_id, user_id), visitor_ids))

        with app.app_context():
            held = db.session.scalar(select(func.count()).select_from(MeetingRequest))
            db.session.remove()

    assert answers.count("requested") == held == 1
    assert answers.count("Someone asked for this time a moment ago: choose another.") == VISITORS - 1


def test_one_visitor_asking_two_booths_for_the_same_time_at_once_gets_one_meeting(tmp_path):
    from showcase.models import MeetingRequest

    with rush_database(tmp_path, "convene_meet2", 4) as app:
        with app.app_context():
            slots, visitor_ids = _fair_with_booths(4)
            db.session.remove()
        ask = _asker(app, threading.Barrier(len(slots)))

        with ThreadPoolExecutor(max_workers=len(slots)) as pool:
            answers = list(pool.map(lambda pair: ask(*pair, visitor_ids[0]), slots))

        with app.app_context():
            held = db.session.scalar(select(func.count()).select_from(MeetingRequest))
            db.session.remove()

    assert answers.count("requested") == held == 1
    assert all(answer.startswith("You have a meeting at Organisation") for answer in answers if answer != "requested")
