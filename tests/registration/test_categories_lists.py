"""Participant categories in the organiser's list, the participant page, the CSV export, the overview and
the check-in API."""
import csv
import io

from core.extensions import db
from registration import category_services as categories, desk_access, services
from registration.categories import APPROVAL, OPEN
from tests.conftest import open_event, page_text
from tests.registration.onsite import confirmed


def meeting(make_event, make_user):
    event = open_event(make_event)
    experts = categories.add_category(event, {"name": "Expert", "admission": OPEN, "capacity": 10,
                                              "badge_colour": "#CC79A7", "badge_label": "", "is_listed": True})
    press = categories.add_category(event, {"name": "Press", "admission": APPROVAL, "capacity": None,
                                            "badge_colour": "#F0E442", "badge_label": "", "is_listed": False})
    services.register(event, make_user(full_name="Kofi Osei"), {"full_name": "Kofi Osei", "honorific": "Dr",
                                                                "category_id": experts.id}, listing_consent=True)
    services.register(event, make_user(full_name="Ana Ferreira"), {"full_name": "Ana Ferreira",
                                                                   "category_id": press.id, "source": "walk_in"})
    services.register(event, make_user(full_name="Li Jing"), {"full_name": "Li Jing"})
    return event, experts, press


def test_the_list_filters_by_category_and_shows_it(client, make_event, make_user, login):
    event, experts, press = meeting(make_event, make_user)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants"

    everyone = page_text(client.get(url).get_data(as_text=True))
    assert "Category" in everyone and "Kofi Osei" in everyone and "Li Jing" in everyone
    only_press = page_text(client.get(f"{url}?category=press").get_data(as_text=True))
    assert "Ana Ferreira" in only_press and "Kofi Osei" not in only_press and "1 participant" in only_press
    unknown = client.get(f"{url}?category=nonsense")
    assert unknown.status_code == 400 and "Choose one of the options in the list" in page_text(
        unknown.get_data(as_text=True))


def test_the_list_reads_categories_in_a_fixed_number_of_queries(client, make_event, make_user, login,
                                                                count_queries):
    event, experts, press = meeting(make_event, make_user)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants"
    with count_queries() as few:
        client.get(url)
    for number in range(6):
        confirmed(event, category_id=(experts if number % 2 else press).id)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert few.count == many.count


def test_the_participant_page_says_category_title_and_how_they_registered(client, make_event, make_user, login):
    event, experts, press = meeting(make_event, make_user)
    kofi = next(r for r in event_registrations(event) if r.full_name == "Kofi Osei")
    ana = next(r for r in event_registrations(event) if r.full_name == "Ana Ferreira")
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants"
    page = page_text(client.get(f"{url}/{kofi.id}").get_data(as_text=True))
    assert "Category Expert" in page and "Title Dr" in page and "How registered Registered online" in page
    assert "On the public list of participants Yes" in page
    page = page_text(client.get(f"{url}/{ana.id}").get_data(as_text=True))
    assert "How registered Walk-in at the desk" in page and "No: they did not agree to it" in page


def event_registrations(event):
    from sqlalchemy import select

    from registration.models import Registration
    db.session.expire_all()
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()


def test_the_csv_has_category_title_and_how_registered_and_follows_the_filter(client, make_event, make_user,
                                                                              login):
    event, experts, press = meeting(make_event, make_user)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/participants.csv"
    rows = list(csv.DictReader(io.StringIO(client.get(url).get_data(as_text=True).lstrip("\ufeff"))))
    by_name = {row["full_name"]: row for row in rows}
    assert (by_name["Kofi Osei"]["category"], by_name["Kofi Osei"]["honorific"], by_name["Kofi Osei"]["source"]) == \
        ("Expert", "Dr", "Registered online")
    assert (by_name["Ana Ferreira"]["category"], by_name["Ana Ferreira"]["source"]) == ("Press", "Walk-in at the desk")
    assert by_name["Li Jing"]["category"] == ""
    only = list(csv.DictReader(io.StringIO(client.get(f"{url}?category=expert").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    assert [row["full_name"] for row in only] == ["Kofi Osei"]


def test_the_overview_counts_each_category_in_fixed_queries(client, make_event, make_user, login, count_queries):
    event, experts, press = meeting(make_event, make_user)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage"
    page = page_text(client.get(url).get_data(as_text=True))
    assert "Places taken: Expert" in page and "Places taken: Press" in page
    with count_queries() as few:
        client.get(url)
    categories.add_category(event, {"name": "Speaker", "admission": OPEN, "capacity": 3, "badge_colour": "#882255",
                                    "badge_label": "", "is_listed": True})
    for _ in range(4):
        confirmed(event, category_id=experts.id)
    with count_queries() as many:
        assert "Places taken: Speaker" in page_text(client.get(url).get_data(as_text=True))
    assert few.count == many.count


def test_the_checkin_search_filters_by_category_key_and_tells_it(client, make_event, make_user, login):
    event, experts, press = meeting(make_event, make_user)
    staff = make_user(roles=("checkin_staff", "participant"))
    desk_access.add_staff(event, staff)
    for registration in event_registrations(event):
        registration.organisation = "Forum"
    db.session.commit()
    login(staff)
    search = f"/api/v1/checkin/search?event={event.slug}&q=forum"
    found = client.get(search).get_json()["registrations"]
    assert {(item["name"], item["participant_category"]) for item in found} == \
        {("Kofi Osei", "expert"), ("Ana Ferreira", "press"), ("Li Jing", None)}
    only = client.get(f"{search}&category=expert").get_json()["registrations"]
    assert [item["name"] for item in only] == ["Kofi Osei"] and only[0]["participant_category_label"] == "Expert"
    unknown = client.get(f"{search}&category=nonsense")
    assert unknown.status_code == 404 and "no such participant category" in unknown.get_json()["error"]
    assert "passport" not in client.get(search).get_data(as_text=True).lower()
