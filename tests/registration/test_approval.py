"""Approval mode: organisers approve or reject (with a reason), and may confirm beyond the capacity."""
from sqlalchemy import select

from core.extensions import db
from registration.models import Registration, RegistrationSettings
from tests.conftest import text_of
from tests.registration.test_register import FORM


def test_registrations_wait_for_approval_then_fill_places_in_order(client, make_event, make_user, login,
                                                                    smtp_server):
    event = make_event()
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, mode="approval", capacity=1,
                                        closes_at=event.starts_at))
    db.session.commit()
    people = [make_user(email=f"a{n}@example.org") for n in range(3)]
    for person in people:
        login(person)
        answer = client.submit(f"/events/{event.slug}/register", FORM, follow_redirects=True)
        assert "the organisers approve each registration" in answer.get_data(as_text=True)
        client.submit("/account/logout", form_url="/")
    assert "awaits approval" in smtp_server.last_to("a0@example.org")["Subject"]
    ids = [str(r.id) for r in db.session.scalars(select(Registration).order_by(Registration.id))]
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants"

    no_reason = client.submit(url, {"action": "reject", "ids": [ids[2]], "reason": ""})
    assert no_reason.status_code == 400 and "Say why" in no_reason.get_data(as_text=True)
    client.submit(url, {"action": "reject", "ids": [ids[2]], "reason": "The workshop is for ministries only."})
    client.submit(url, {"action": "approve", "ids": ids[:2]})

    db.session.expire_all()
    assert [r.status for r in db.session.scalars(select(Registration).order_by(Registration.id))] == \
        ["confirmed", "waitlisted", "rejected"]
    assert "The workshop is for ministries only." in text_of(smtp_server.last_to("a2@example.org"))
    assert "is confirmed" in smtp_server.last_to("a0@example.org")["Subject"]

    client.submit(url, {"action": "confirm", "ids": [ids[1]]})
    db.session.expire_all()
    assert db.session.get(Registration, int(ids[1])).status == "confirmed"  # beyond the capacity, on purpose


def test_decisions_only_touch_this_events_registrations(client, make_event, make_user, login):
    event, other = make_event(), make_event()
    for item in (event, other):
        db.session.add(RegistrationSettings(event_id=item.id, is_open=True, mode="approval",
                                            closes_at=item.starts_at))
    db.session.commit()
    login(make_user())
    client.submit(f"/events/{other.slug}/register", FORM)
    foreign = db.session.scalar(select(Registration))
    client.submit("/account/logout", form_url="/")
    login(event.team[0].user)

    client.submit(f"/events/{event.slug}/manage/participants", {"action": "approve", "ids": [str(foreign.id)]})

    db.session.expire_all()
    assert db.session.get(Registration, foreign.id).status == "pending"
