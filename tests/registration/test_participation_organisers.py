"""What organisers see of a hybrid event (issue 17): its online places, the participant list, CSV and check-in
API by way of taking part, the overview and check-in figures side by side, and badges for the room only."""
import csv
import io


from core.extensions import db
from events.models import HYBRID, IN_PERSON, ONLINE
from registration import checkin
from registration.models import CheckIn, RegistrationSettings
from tests.conftest import page_text
from tests.registration.onsite import confirmed, on_day


def hybrid(make_event, online_capacity=None, capacity=10, **fields):
    event = make_event(attendance_mode=HYBRID, online_url="https://meet.example.org/room", **fields)
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity,
                                        online_capacity=online_capacity, closes_at=event.starts_at))
    db.session.commit()
    return event


SETTINGS = {"is_open": "y", "mode": "open", "capacity": "20", "offer_hours": "48"}


def test_online_places_are_a_whole_number_from_zero_or_empty(client, make_event, login):
    event = hybrid(make_event, online_capacity=7)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration"
    assert "Online places" in client.get(url).get_data(as_text=True)
    for typed in ("-1", "many", "2.5"):
        response = client.submit(url, SETTINGS | {"online_capacity": typed})
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and "Give a whole number from 0 to 1000000." in page, typed
        assert f'value="{typed}"' in page  # what was typed stays
        db.session.expire_all()
        assert db.session.get(RegistrationSettings, event.id).online_capacity == 7
    client.submit(url, SETTINGS | {"online_capacity": "0"})
    db.session.expire_all()
    assert db.session.get(RegistrationSettings, event.id).online_capacity == 0
    client.submit(url, SETTINGS | {"online_capacity": ""})
    db.session.expire_all()
    assert db.session.get(RegistrationSettings, event.id).online_capacity is None


def test_an_in_person_event_has_no_online_places(client, make_event, login):
    event = make_event()
    login(event.team[0].user)
    assert "Online places" not in client.get(f"/events/{event.slug}/manage/registration").get_data(as_text=True)


def test_the_list_csv_and_check_in_api_say_how_each_person_takes_part(client, make_event, make_user, login):
    event = hybrid(make_event, online_capacity=5)
    confirmed(event, full_name="Awa Diop", participation=IN_PERSON)
    confirmed(event, full_name="Li Jing", participation=ONLINE)
    organiser = event.team[0].user
    login(organiser)
    url = f"/events/{event.slug}/manage/participants"
    page = page_text(client.get(url).get_data(as_text=True))
    assert "In person: 1 of 10 places taken." in page and "Online: 1 of 5 places taken." in page
    assert "Takes part" in page
    online_only = page_text(client.get(f"{url}?participation=online").get_data(as_text=True))
    assert "Li Jing" in online_only and "Awa Diop" not in online_only
    assert client.get(f"{url}?participation=hybrid").status_code in (200, 400)  # a forged filter: no 500

    rows = list(csv.DictReader(io.StringIO(client.get(f"{url}.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert {row["full_name"]: row["participation"] for row in rows} == {"Awa Diop": "In person", "Li Jing": "Online"}

    found = client.get(f"/api/v1/checkin/search?event={event.slug}&q=li").get_json()["registrations"]
    assert [(item["name"], item["participation"]) for item in found] == [("Li Jing", ONLINE)]


def test_the_overview_and_check_in_count_the_room_and_online_apart(client, make_event, make_user, login):
    event = hybrid(make_event, online_capacity=None, start=on_day(8), end=on_day(18))
    room = [confirmed(event, participation=IN_PERSON) for _ in range(3)]
    online = [confirmed(event, participation=ONLINE) for _ in range(2)]
    today = on_day(9).date()
    db.session.add(CheckIn(event_id=event.id, registration_id=room[0].id, day=today))
    db.session.add(CheckIn(event_id=event.id, registration_id=online[0].id, day=today, is_online=True))
    db.session.commit()

    counts = checkin.counts(event)
    assert (counts["checked_in"], counts["expected"], counts["online"]) == (1, 3, 1)

    login(event.team[0].user)
    overview = page_text(client.get(f"/events/{event.slug}/manage").get_data(as_text=True))
    assert "Places taken in person" in overview and "Places taken online" in overview
    assert "Attended online today" in overview
    attendance = page_text(client.get(f"/events/{event.slug}/manage/checkin").get_data(as_text=True))
    assert "In person: checked in" in attendance and "Online: attended" in attendance


def test_badge_sheets_leave_out_people_online_and_say_so(client, make_event, login):
    event = hybrid(make_event)
    confirmed(event, participation=IN_PERSON)
    confirmed(event, participation=IN_PERSON)
    confirmed(event, participation=ONLINE)
    login(event.team[0].user)
    page = page_text(client.get(f"/events/{event.slug}/manage/badges").get_data(as_text=True))
    assert "2 confirmed participants have a badge to print." in page
    assert "1 confirmed participant takes part online: they never come to the door, so they need no badge" in page


def test_the_overviews_online_figure_leads_to_the_online_participation_page(client, make_event, login):
    """Who attended online, and when, is on the online participation page, not at the check-in desk's figures."""
    event = hybrid(make_event, start=on_day(8), end=on_day(18))
    login(event.team[0].user)
    overview = client.get(f"/events/{event.slug}/manage").get_data(as_text=True)
    figure = overview[overview.index("Attended online today") - 300:overview.index("Attended online today")]
    assert f'href="/events/{event.slug}/manage/online"' in figure
