"""The Paris conference's demo walk-ins, checked in on its first day, and the participants organisers added
and edited (registration.demo_walk_ins, which the demo loader calls)."""
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from events.models import Event
from registration import checkin, demo_walk_ins
from registration.demo import CONFERENCE
from registration.models import BY_ORGANISER, WALK_IN, CheckIn, Registration, RegistrationChange


def test_demo_walk_ins_are_checked_in_on_the_first_day_and_loading_twice_adds_nothing(app):
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    event = db.session.scalar(select(Event).where(Event.slug == CONFERENCE))

    # The loader made them (meetings.demo); loading again adds nothing.
    again = demo_walk_ins.load(event)
    assert again == ("demo walk-ins (Paris): 0 walk-ins checked in, 0 participant added by an organiser, "
                     "0 participant's details changed")
    walk_ins = db.session.scalars(select(Registration).where(Registration.event_id == event.id,
                                                             Registration.source == WALK_IN)).all()
    assert len(walk_ins) == 3
    first_day = checkin.event_days(event)[0]
    assert {row.day for row in db.session.scalars(select(CheckIn).where(
        CheckIn.registration_id.in_([registration.id for registration in walk_ins])))} == {first_day}
    assert all(db.session.get(User, registration.user_id).password_hash == "!no-password" for registration in walk_ins)
    assert db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.source == BY_ORGANISER)) == 1
    [edit] = db.session.scalars(select(RegistrationChange).where(
        RegistrationChange.reason.like("Details changed by %"))).all()
    assert "Title and Job title" in edit.reason
