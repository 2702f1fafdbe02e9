"""The report of a hybrid event shows participants and attendance in person and online side by side (issue 17);
an in-person event's report does not speak of online participation."""
from datetime import datetime

from core.extensions import db
from events.models import HYBRID, IN_PERSON, ONLINE
from registration.models import CheckIn
from tests.outcomes.test_dashboard import report_url, table
from tests.registration.onsite import confirmed


def test_a_hybrid_events_report_counts_participants_and_attendance_in_person_and_online(client, make_event, login):
    event = make_event(attendance_mode=HYBRID, online_url="https://meet.example.org/room",
                       start=datetime(2026, 3, 2, 9, 0), end=datetime(2026, 3, 3, 17, 0))
    room = [confirmed(event, participation=IN_PERSON) for _ in range(4)]
    online = [confirmed(event, participation=ONLINE) for _ in range(5)]
    day = event.starts_at.astimezone(event.zone).date()
    for registration in room[:3]:
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id, day=day))
    for registration in online[:2]:
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id, day=day, is_online=True))
    db.session.commit()
    login(event.team[0].user)

    html = client.get(report_url(event)).get_data(as_text=True)

    assert table(html, "attendance_by_participation") == [["In person", "4", "3", "75"], ["Online", "5", "2", "40"]]
    csv_export = client.get(f"{report_url(event)}.csv").get_data(as_text=True)
    assert "Participants and attendance, in person and online" in csv_export


def test_an_in_person_events_report_has_no_online_table(client, make_event, login):
    event = make_event(start=datetime(2026, 3, 2, 9, 0))
    confirmed(event)
    login(event.team[0].user)
    assert 'id="table-attendance_by_participation"' not in client.get(report_url(event)).get_data(as_text=True)
