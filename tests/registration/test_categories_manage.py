"""The organisers' pages for participant categories, and questions asked of some categories only."""
import re

from sqlalchemy import select

from core.extensions import db
from registration import category_services as categories
from registration.categories import PRESETS, ParticipantCategory
from registration.models import Registration, RegistrationQuestion
from tests.conftest import open_event, page_text

GOOD = {"name": "Youth delegate", "admission": "open", "capacity": "", "badge_colour": "#aa3377",
        "badge_label": "Youth", "is_listed": "y"}


def organiser_of(event, login):
    login(event.team[0].user)
    return f"/events/{event.slug}/manage/categories"


def test_organiser_adds_the_meeting_categories_and_one_of_their_own(client, make_event, login):
    event = make_event(languages=["en", "fr"])
    url = organiser_of(event, login)
    page = client.get(url)
    assert page.status_code == 200 and "Add the meeting categories" in page.get_data(as_text=True)
    assert 'href="/events/%s/manage/categories" aria-current="page"' % event.slug in page.get_data(as_text=True)

    client.submit(f"{url}/presets", form_url=url)
    again = client.submit(f"{url}/presets", form_url=url, follow_redirects=True)
    assert "all the meeting categories already" in page_text(again.get_data(as_text=True))
    # Once all nine are there, the page no longer offers to add them.
    page = client.get(url).get_data(as_text=True)
    assert "Add the meeting categories" not in page and "The event has all the meeting categories." in page
    response = client.submit(url, {**GOOD, "name__fr": "Délégué jeunesse", "badge_label__fr": "Jeunesse"},
                             follow_redirects=True)
    text = page_text(response.get_data(as_text=True))
    assert "The category is added." in text and "Youth delegate" in text and "Member State delegate" in text

    added = categories.categories_of(event.id)
    assert len(added) == len(PRESETS) + 1
    youth = added[-1]
    assert (youth.key, youth.badge_colour, youth.admission, youth.capacity, youth.is_listed) == \
        ("youth_delegate", "#AA3377", "open", None, True)
    assert youth.translations["fr"] == {"name": "Délégué jeunesse", "badge_label": "Jeunesse"}


def test_bad_input_is_refused_with_what_was_typed_kept(client, make_event, login):
    event = make_event()
    url = organiser_of(event, login)
    client.submit(url, GOOD)
    cases = [({"badge_colour": "red"}, "Write a colour as # and six hexadecimal digits"),
             ({"badge_colour": "#12345"}, "Write a colour as # and six hexadecimal digits"),
             ({"capacity": "0"}, "Give a whole number of places from 1"),
             ({"capacity": "-3"}, "Give a whole number of places from 1"),
             ({"capacity": "ten"}, "Give a whole number of places from 1"),
             ({"admission": "vip"}, "Choose one of the options in the list"),
             ({"name": ""}, "Name the category."),
             ({"name": "YOUTH delegate"}, "The event has a category of that name already")]
    for change, message in cases:
        data = {**GOOD, "name": "Observers", **change}
        response = client.submit(url, data)
        body = response.get_data(as_text=True)
        assert response.status_code == 400, change
        assert message in page_text(body), change
        if data["name"]:
            assert f'value="{data["name"]}"' in body
    assert [c.name for c in categories.categories_of(event.id)] == ["Youth delegate"]


def test_edit_keeps_the_key_and_refuses_a_taken_name(client, make_event, login):
    event = make_event()
    url = organiser_of(event, login)
    client.submit(url, GOOD)
    client.submit(url, {**GOOD, "name": "Observers"})
    youth, observers = categories.categories_of(event.id)
    taken = client.submit(f"{url}/{observers.id}", {**GOOD, "name": "Youth delegate"})
    assert taken.status_code == 400 and "a category of that name already" in page_text(taken.get_data(as_text=True))
    client.submit(f"{url}/{youth.id}", {**GOOD, "name": "Young people", "capacity": "20", "admission": "approval"})
    db.session.expire_all()
    youth = db.session.get(ParticipantCategory, youth.id)
    assert (youth.name, youth.key, youth.capacity, youth.admission) == ("Young people", "youth_delegate", 20,
                                                                        "approval")


def test_remove_refused_while_in_use_and_order_changes(client, make_event, login):
    event = open_event(make_event)
    url = organiser_of(event, login)
    for name in ("A", "B"):
        client.submit(url, {**GOOD, "name": name})
    a, b = categories.categories_of(event.id)
    db.session.add(Registration(event_id=event.id, email="x@example.org", full_name="X", status="pending",
                                category_id=a.id))
    db.session.commit()
    refused = client.submit(f"{url}/{a.id}/remove", form_url=url, follow_redirects=True)
    text = page_text(refused.get_data(as_text=True))
    # The table counts places taken (a pending registration holds none); the refusal counts every registration,
    # and each says which it counts.
    assert "1 registration (of any status but cancelled: confirmed, pending or waiting) is in this category" in text
    assert "0 places taken, no limit of its own" in text
    client.submit(f"{url}/{b.id}/up", form_url=url)
    assert [c.name for c in categories.categories_of(event.id)] == ["B", "A"]
    client.submit(f"{url}/{b.id}/remove", form_url=url)
    assert [c.name for c in categories.categories_of(event.id)] == ["A"]


def test_another_events_category_is_not_found(client, make_event, login):
    event, other = make_event(), make_event()
    foreign = categories.add_category(other, {"name": "X", "admission": "open", "capacity": None,
                                              "badge_colour": "#000000", "badge_label": "", "is_listed": True})
    url = organiser_of(event, login)
    assert client.get(f"{url}/{foreign.id}").status_code == 404
    assert client.submit(f"{url}/{foreign.id}/remove", form_url=url).status_code == 404
    assert db.session.get(ParticipantCategory, foreign.id) is not None


def test_participants_cannot_manage_categories(client, make_event, make_user, login):
    event = make_event()
    login(make_user())
    assert client.get(f"/events/{event.slug}/manage/categories").status_code in (403, 404)


def test_a_question_is_limited_to_categories_on_its_form(client, make_event, login):
    event = make_event()
    categories.add_presets(event)
    expert = categories.category_by_key(event.id, "expert")
    other = make_event()
    categories.add_presets(other)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration/questions"
    assert "Asked only of these categories" in client.get(url).get_data(as_text=True)
    foreign = categories.category_by_key(other.id, "expert")
    refused = client.submit(url, {"label": "Field", "kind": "text", "category_ids": [str(foreign.id)]})
    assert refused.status_code == 400 and db.session.scalar(select(RegistrationQuestion)) is None
    client.submit(url, {"label": "Field", "kind": "text", "category_ids": [str(expert.id)]})
    question = db.session.scalar(select(RegistrationQuestion))
    assert question.category_ids == [expert.id]
    assert "Only for: Expert" in page_text(client.get(url).get_data(as_text=True))
    client.submit(f"{url}/{question.id}", {"label": "Field", "kind": "text"})
    db.session.expire_all()
    assert db.session.get(RegistrationQuestion, question.id).category_ids == []


def test_a_new_categorys_band_colour_is_one_the_event_does_not_use_yet(client, make_event, login):
    event = make_event()
    url = organiser_of(event, login)
    first = client.get(url).get_data(as_text=True)
    assert 'value="#0072B2"' in first and 'value="#595959"' not in first
    client.submit(url, {**GOOD, "badge_colour": "#0072B2"})
    client.submit(f"{url}/presets", form_url=url)
    page = client.get(url).get_data(as_text=True)
    colours = {category.badge_colour.upper() for category in categories.categories_of(event.id)}
    offered = re.search(r'name="badge_colour"[^>]*value="(#[0-9A-Fa-f]{6})"|value="(#[0-9A-Fa-f]{6})"[^>]*name="badge_colour"',
                        page)
    assert offered and (offered.group(1) or offered.group(2)).upper() not in colours
