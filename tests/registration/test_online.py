"""Personal join links, the join log and online attendance (registration.online): a join is recorded once per
person, day and session, turns into attendance by the organisers' rule, and is refused with a reason, storing
nothing, whenever the person may not join."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from core.extensions import db
from events.models import IN_PERSON, ONLINE
from registration import online
from registration.codes import make_code as badge_code_for
from registration.models import CANCELLED, PENDING, WAITLISTED, CheckIn, OnlineJoin, RegistrationSettings
from tests.registration.onsite import confirmed
from tests.registration.online_helpers import PANEL_ROOM, ROOM, at, hybrid, online_participant, stored


@pytest.fixture
def forum(make_event, make_session):
    return hybrid(make_event, make_session, title="Global Forum")


def checkins(registration):
    db.session.expire_all()
    rows = db.session.scalars(select(CheckIn).where(CheckIn.registration_id == registration.id))
    return sorted(((row.day, row.session_id, row.is_online) for row in rows), key=lambda item: (item[0], item[1] or 0))


def test_a_join_code_is_signed_and_names_the_registration_and_its_version(forum):
    event, *_ = forum
    person = online_participant(event)
    code = online.join_code(person)
    assert code.startswith(f"J1-{person.id}-1-")
    assert online.registration_for(code).id == person.id
    assert online.registration_for(code.lower()).id == person.id  # typed or mangled to lower case
    with pytest.raises(online.JoinRefused) as refused:  # one character altered
        online.registration_for(code[:-1] + ("A" if code[-1] != "A" else "B"))
    assert refused.value.reason == "forged"
    # A badge code's signature is no join link's: each kind of code has its own key.
    badge = badge_code_for(event.id, person.id, 1)
    with pytest.raises(online.JoinRefused):
        online.registration_for(f"J1-{person.id}-1-{badge.rsplit('-', 1)[1]}")
    for nonsense in ("", "J1-", "x" * 5000, "J1-١-1-AAAAAAAAAAAAAAAA", None, f"J1-{person.id}-0-AAAAAAAAAAAAAAAA"):
        with pytest.raises(online.JoinRefused) as refused:
            online.registration_for(nonsense)
        assert refused.value.reason == "unreadable"


def test_replacing_the_link_makes_the_old_one_answer_replaced(forum):
    event, *_ = forum
    person = online_participant(event)
    old = online.join_code(person)
    online.replace_link(person)
    with pytest.raises(online.JoinRefused) as refused:
        online.registration_for(old)
    assert refused.value.reason == "replaced" and "This link was replaced" in refused.value.message
    assert online.registration_for(online.join_code(person)).join_version == 2


def test_joining_twice_keeps_one_row_per_person_day_and_session_and_counts_the_day(forum):
    event, plenary, panel, _workshop = forum
    person = online_participant(event)

    first = online.record_join(person, panel, now=at(event, 2027, 3, 27, 13, 55))
    again = online.record_join(person, panel, now=at(event, 2027, 3, 27, 14, 20))

    assert first.room == PANEL_ROOM and again.room == PANEL_ROOM
    rows = db.session.scalars(select(OnlineJoin)).all()
    assert len(rows) == 1 and rows[0].times == 2 and rows[0].day == date(2027, 3, 27)
    assert rows[0].first_at == at(event, 2027, 3, 27, 13, 55) and rows[0].last_at == at(event, 2027, 3, 27, 14, 20)
    # The rule (one session, by default) is met: the day and the session, marked online.
    assert checkins(person) == [(date(2027, 3, 27), None, True), (date(2027, 3, 27), panel.id, True)]
    # A session without its own room sends to the event's; the event's own room counts for the day.
    assert online.record_join(person, plenary, now=at(event, 2027, 3, 27, 9, 0)).room == ROOM
    assert online.record_join(person, None, now=at(event, 2027, 3, 28, 9, 0)).room == ROOM
    assert checkins(person) == [(date(2027, 3, 27), None, True), (date(2027, 3, 27), plenary.id, True),
                                (date(2027, 3, 27), panel.id, True), (date(2027, 3, 28), None, True)]


def test_the_rule_asks_for_n_sessions_a_day_and_recount_follows_a_change(forum):
    event, plenary, panel, workshop = forum
    db.session.add(RegistrationSettings(event_id=event.id, online_min_sessions=2))
    db.session.commit()
    keen, brief = online_participant(event), online_participant(event)
    in_room = confirmed(event)  # checked in at the desk: never touched by a recount
    db.session.add(CheckIn(event_id=event.id, registration_id=in_room.id, day=date(2027, 3, 27)))
    db.session.commit()

    assert not online.record_join(keen, plenary, now=at(event, 2027, 3, 27, 9, 5)).attended
    assert checkins(keen) == []
    assert online.record_join(keen, panel, now=at(event, 2027, 3, 27, 14, 0)).attended
    assert checkins(keen) == [(date(2027, 3, 27), None, True), (date(2027, 3, 27), plenary.id, True),
                              (date(2027, 3, 27), panel.id, True)]
    online.record_join(brief, plenary, now=at(event, 2027, 3, 27, 9, 5))
    # The second day has one session: joining it is the whole day.
    assert online.record_join(brief, workshop, now=at(event, 2027, 3, 28, 10, 0)).attended
    assert checkins(brief) == [(date(2027, 3, 28), None, True), (date(2027, 3, 28), workshop.id, True)]

    assert online.save_rule(event, 1) == 3  # keen's first day, and both of brief's
    assert checkins(brief) == [(date(2027, 3, 27), None, True), (date(2027, 3, 27), plenary.id, True),
                               (date(2027, 3, 28), None, True), (date(2027, 3, 28), workshop.id, True)]
    assert online.save_rule(event, 2) == 2
    assert checkins(brief) == [(date(2027, 3, 28), None, True), (date(2027, 3, 28), workshop.id, True)]
    assert checkins(in_room) == [(date(2027, 3, 27), None, False)]
    assert online.most_sessions_a_day(event) == 2


@pytest.mark.parametrize("case, reason", [
    ("cancelled", "cancelled"), ("waitlisted", "not_confirmed"), ("pending", "not_confirmed"),
    ("in_person", "in_person"), ("before_the_day", "too_early"), ("before_the_event", "too_early"),
    ("after_the_session", "session_over"), ("after_the_event", "over"), ("other_event", "other_event"),
    ("cancelled_session", "session_cancelled"), ("no_room", "no_room"), ("cancelled_event", "event_cancelled"),
])
def test_a_join_that_may_not_be_is_refused_with_its_reason_and_stores_nothing(forum, make_event, make_session,
                                                                             case, reason):
    event, plenary, panel, workshop = forum
    statuses = {"cancelled": CANCELLED, "waitlisted": WAITLISTED, "pending": PENDING}
    person = online_participant(event, status=statuses.get(case, "confirmed"))
    session, now = panel, at(event, 2027, 3, 27, 14, 0)
    if case == "in_person":
        person.participation = IN_PERSON
    elif case == "before_the_day":
        session = workshop  # held on the 28th
    elif case == "before_the_event":
        session, now = None, at(event, 2027, 3, 26, 23, 59)
    elif case == "after_the_session":
        now = at(event, 2027, 3, 28, 9, 0)
    elif case == "after_the_event":
        session, now = None, at(event, 2027, 3, 29, 0, 1)
    elif case == "other_event":
        other = make_event(start=datetime(2027, 3, 27, 9, 0), online_url=ROOM)
        session = make_session(other, datetime(2027, 3, 27, 14, 0))
    elif case == "cancelled_session":
        panel.status = "cancelled"
    elif case == "no_room":
        event.online_url, session = "", plenary
    elif case == "cancelled_event":
        event.status = "cancelled"
    db.session.commit()

    with pytest.raises(online.JoinRefused) as refused:
        online.record_join(person, session, now=now)

    assert refused.value.reason == reason
    assert refused.value.message and "%(" not in refused.value.message
    assert stored() == (0, 0)


def test_everyone_at_an_online_event_takes_part_online(make_event, make_session):
    event = make_event(start=datetime(2027, 3, 27, 9, 0), attendance_mode=ONLINE, online_url=ROOM,
                       venue_name="")
    person = confirmed(event)  # participation left as it was: the event is online
    assert online.record_join(person, None, now=at(event, 2027, 3, 27, 9, 0)).room == ROOM
    assert checkins(person) == [(date(2027, 3, 27), None, True)]
