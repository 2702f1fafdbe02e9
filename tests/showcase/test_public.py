"""The public showcase as visitors use it: approved booths only, filters and search, the floor plan, a booth's
page, bookmarks, and views counted for the booth."""
from datetime import UTC, date, datetime
import re

import pytest
from sqlalchemy import insert, select

from core.extensions import db
from events.models import Event
from showcase import analytics, fairs, floor_plan
from showcase.models import (APPROVED, IMAGE, INVITED, SUBMITTED, Booth, Bookmark, BoothPlace, BoothView, FloorZone,
                             MaterialItem)
from tests.conftest import page_text
from tests.showcase.fair import make_booth, make_fair, make_organisation
from tests.showcase.public_fair import PENDING_NAME, PUBLIC, cards, showcase_booths, showcase_fair

@pytest.fixture
def fair(make_event):
    return showcase_fair(make_event)


@pytest.fixture
def booths(fair, make_user):
    return showcase_booths(fair, make_user)


def showcase_url(fair, query=""):
    return f"/events/{fair.slug}/showcase" + (f"?{query}" if query else "")


def booth_url(booth):
    return f"/events/{booth.event.slug}/showcase/{booth.id}"


def test_the_showcase_lists_approved_booths_only(client, fair, booths):
    response = client.get(showcase_url(fair))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(cards(html)) == sorted(PUBLIC)
    assert PENDING_NAME not in html and "Secret pitch" not in html
    assert "Music producers of Harare" in page_text(html) and "Booth A1" in page_text(html)
    assert "4 booths" in page_text(html)


def test_visitors_read_the_approved_pitch_never_the_one_waiting_for_review(client, fair, booths):
    booth = booths["Harare Creative Hub Trust"]
    booth.pitch = "Changed words an organiser has not seen."
    db.session.commit()

    page = page_text(client.get(booth_url(booth)).get_data(as_text=True))
    searched = cards(client.get(showcase_url(fair, "q=organiser+has+not+seen")).get_data(as_text=True))

    assert "Beats and workshops from Zimbabwe." in page and "Changed words" not in page
    assert searched == []


@pytest.mark.parametrize("query, expected", [
    ("domain=publishing", ["Société des Éditeurs de Tunis"]),
    ("domain=music", ["Colectivo Sonoro del Pacífico", "Harare Creative Hub Trust"]),
    ("region=africa", ["Harare Creative Hub Trust"]),
    ("region=asia_pacific", ["Kathmandu Film Collective"]),
    ("country=DZ", ["Société des Éditeurs de Tunis"]),  # one of the project's countries
    ("country=CO", ["Colectivo Sonoro del Pacífico"]),  # the organisation's country
    ("sdg=10", ["Colectivo Sonoro del Pacífico"]),
    ("sdg=8", ["Colectivo Sonoro del Pacífico", "Harare Creative Hub Trust"]),
    ("cycle=2021", ["Colectivo Sonoro del Pacífico", "Société des Éditeurs de Tunis"]),
    ("cycle=2017", ["Kathmandu Film Collective"]),
    ("q=editeurs", ["Société des Éditeurs de Tunis"]),  # no accent typed
    ("q=PACIFICO", ["Colectivo Sonoro del Pacífico"]),  # capitals, no accent
    ("q=2017-3303", ["Kathmandu Film Collective"]),  # the project's ID
    ("q=women+directors", ["Kathmandu Film Collective"]),  # words of the project's title
    ("q=arrullos", ["Colectivo Sonoro del Pacífico"]),  # a word of the approved pitch
    ("q=baltic", []),  # pending: not found either
    ("region=latin_america_caribbean&sdg=8", ["Colectivo Sonoro del Pacífico"]),
    ("region=africa&domain=publishing", []),
])
def test_each_filter_and_the_search_keep_the_booths_that_match(client, fair, booths, query, expected):
    response = client.get(showcase_url(fair, query))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(cards(html)) == expected
    if not expected:
        assert "No booth matches these filters." in html


def test_the_filter_form_keeps_what_was_chosen(client, fair, booths):
    html = client.get(showcase_url(fair, "q=sonoro&sdg=8&country=CO&cycle=2021")).get_data(as_text=True)

    assert re.search(r'name="q"[^>]*value="sonoro"', html)
    assert re.search(r'<option selected value="8">|<option value="8" selected>', html)
    assert re.search(r'<option selected value="CO">|<option value="CO" selected>', html)
    assert "2021 (call 12)" in html  # the fair's funding cycles are offered
    assert "Clear filters" in html


@pytest.mark.parametrize("query", ["domain=sculpture", "sdg=abc", "sdg=99", "region=mars", "country=XX",
                                   "country=FR", "cycle=1999", "cycle=twenty", "q=" + "a" * 201,
                                   "domain[]=music", "sdg=8.0", "cycle=-2021"])
def test_a_bad_filter_is_named_and_everything_shown_never_a_500(client, fair, booths, query):
    response = client.get(showcase_url(fair, query))

    html = response.get_data(as_text=True)
    assert response.status_code in (200, 400)
    assert sorted(cards(html)) == sorted(PUBLIC)
    if response.status_code == 400:
        assert "Choose one of the options in the list." in html or "At most 200 characters" in html


def test_the_floor_plan_links_public_booths_and_marks_free_places(client, fair, booths):
    html = client.get(showcase_url(fair)).get_data(as_text=True)

    drawing = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    harare = booths["Harare Creative Hub Trust"]
    assert re.search(rf'<a href="{booth_url(harare)}" class="place place-booth" '
                     r'aria-label="A1 Harare Creative Hub Trust, booth">', drawing)
    links = re.findall(r'<a href="([^"]+)"', drawing)
    assert len(links) == 3  # A1, A2, A4: Kathmandu has no place yet
    free = re.findall(r'<g class="place place-free">.*?<text[^>]*>(\w+)</text>', drawing, re.S)
    assert free == ["A3", "A5", "A6", "A7", "A8", "A9", "A10"]  # A5 holds a booth not public yet
    assert PENDING_NAME not in html
    # The same places as text, for screen readers.
    places = page_text(html.split('class="floor-plan-places"', 1)[1])
    assert "A1 Harare Creative Hub Trust" in places and "A3 free" in places and "A5 free" in places


def test_each_place_on_the_plan_is_named_by_what_it_shows_first(client, fair, booths, make_user):
    # axe's label-content-name-mismatch: "Booth A1: Harare…" did not contain the visible "A1 Harare…", so a
    # speech-input user saying what they see could not follow the link.
    owner = make_user(roles=("beneficiary", "participant"), email="long@booths.example.org")
    make_booth(fair, make_organisation(owner, name="Mauritanian Crafts and Design Union of the Sahel"), place_number=6)

    drawing = client.get(showcase_url(fair)).get_data(as_text=True).split("<svg", 1)[1].split("</svg>", 1)[0]

    links = re.findall(r'<a [^>]*aria-label="([^"]+)">(.*?)</a>', drawing, re.S)
    assert len(links) == 4
    for label, content in links:
        visible = " ".join(page_text(text) for text in re.findall(r"<text[^>]*>(.*?)</text>", content, re.S))
        assert label.startswith(visible.rstrip("…")), (label, visible)
    assert any(visible.endswith("…") for visible in (" ".join(re.findall(r"<text[^>]*>(.*?)</text>", content))
                                                      for _, content in links))  # the long name was cut


def test_the_floor_plan_on_the_organisers_page_shows_booths_not_public_yet(client, fair, booths, login):
    # The lead's floor page includes the same partial with `zones` and `booths` (all of them).
    login(fair.team[0].user)

    html = client.get(f"/events/{fair.slug}/fair/floor").get_data(as_text=True)

    drawing = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert '<g class="place place-held">' in drawing and "A5 · Baltic Design Lab" in drawing
    assert booth_url(booths["Harare Creative Hub Trust"]) in drawing


def test_a_filtered_showcase_outlines_the_matching_booths_on_the_plan(client, fair, booths):
    html = client.get(showcase_url(fair, "domain=music")).get_data(as_text=True)

    outlined = re.findall(r'class="place place-booth place-match" aria-label="(\w+) ', html)
    assert outlined == ["A1", "A4"]


def test_the_booth_page_shows_the_organisation_and_its_project(client, fair, booths):
    booth = booths["Société des Éditeurs de Tunis"]
    booth.project.starts_on, booth.project.ends_on = date(2022, 3, 1), date(2023, 12, 31)
    booth.project.achieved_results = "Twelve first novels published."
    db.session.commit()

    response = client.get(booth_url(booth))

    text = page_text(response.get_data(as_text=True))
    assert response.status_code == 200
    for expected in ("Société des Éditeurs de Tunis", "Booth A2", "Tunisia", "Arab States", "https://hub.example.org",
                     "Non-governmental organisation (NGO)", "2021-2202", "Young publishers of the Maghreb",
                     "$90,000", "Call 12, 2021", "1 Mar 2022", "31 Dec 2023", "Tunisia and Algeria", "Publishing",
                     "Culture in sustainable development frameworks", "SDG 4 · Quality education",
                     "Twelve first novels published.", "Des livres pour toute la région.", "Log in to bookmark"):
        assert expected in text, expected


def test_the_booth_page_is_in_french_with_french_money(client, fair, booths):
    client.post("/language", data={"locale": "fr"})

    text = page_text(client.get(booth_url(booths["Harare Creative Hub Trust"])).get_data(as_text=True))

    assert "90 000 $US" in text.replace("\u202f", " ").replace("\xa0", " ")


def test_a_booth_that_is_not_public_is_not_found(client, fair, booths, make_event, make_user, login):
    other_fair = make_fair(make_event)
    elsewhere = make_booth(other_fair, booths["Harare Creative Hub Trust"].organisation)
    invited = Booth(event_id=fair.id, status=INVITED, invited_email="new@example.org")
    db.session.add(invited)
    db.session.commit()
    conference = make_event(kind="conference")

    def status(url):
        return client.get(url).status_code

    for person in (None, make_user()):
        if person:
            login(person)
        assert status(booth_url(booths[PENDING_NAME])) == 404
        assert status(f"/events/{fair.slug}/showcase/{invited.id}") == 404
        assert status(f"/events/{fair.slug}/showcase/{elsewhere.id}") == 404  # another fair's booth
        assert status(f"/events/{fair.slug}/showcase/999999") == 404
        assert status(f"/events/{conference.slug}/showcase") == 404  # not a knowledge fair
        assert status(f"/events/{conference.slug}/showcase/{elsewhere.id}") == 404


def test_a_draft_fair_has_no_showcase_for_the_public(client, make_event, make_user):
    draft = make_fair(make_event, status="draft")

    assert client.get(showcase_url(draft)).status_code == 404


def test_the_booths_people_and_the_organisers_preview_a_booth_not_public_yet(client, fair, booths, login):
    pending = booths[PENDING_NAME]
    owner = pending.organisation.members[0].user

    for person in (owner, fair.team[0].user):
        log_in_as(client, login, person)
        response = client.get(booth_url(pending))
        text = page_text(response.get_data(as_text=True))
        assert response.status_code == 200, person.email
        assert "Not public yet" in text and "Secret pitch waiting for review." in text
        assert "Bookmark this booth" not in text
    assert db.session.scalars(select(BoothView)).all() == []  # a preview is no view


def bookmarks_page(client) -> str:
    """The list on "My bookmarks", without the message above it."""
    return page_text(client.get("/showcase/bookmarks").get_data(as_text=True).split("<h1>", 1)[1])


def log_in_as(client, login, person):
    client.submit("/account/logout")
    login(person)


def test_a_visitor_bookmarks_a_booth_then_removes_it(client, fair, booths, make_user, login):
    visitor = make_user(full_name="Visiting Donor")
    login(visitor)
    booth = booths["Kathmandu Film Collective"]

    added = client.submit(f"{booth_url(booth)}/bookmark", form_url=booth_url(booth), follow_redirects=True)
    listed = bookmarks_page(client)
    removed = client.submit(f"{booth_url(booth)}/bookmark", form_url=booth_url(booth), follow_redirects=True)

    assert "Kathmandu Film Collective is in your bookmarks." in added.get_data(as_text=True)
    assert "Remove from my bookmarks" in added.get_data(as_text=True)
    assert "Kathmandu Film Collective" in listed and fair.title in listed
    assert "is no longer in your bookmarks" in removed.get_data(as_text=True)
    assert "Bookmark this booth" in removed.get_data(as_text=True)
    assert db.session.scalars(select(Bookmark)).all() == []


def test_bookmarks_are_listed_across_fairs_and_removed_from_the_list(client, fair, booths, make_event, make_user,
                                                                      login):
    later = make_fair(make_event, title="Second Knowledge Fair", start=datetime(2028, 5, 2, 9, 0),
                      end=datetime(2028, 5, 3, 18, 0))
    there = make_booth(later, booths["Harare Creative Hub Trust"].organisation, pitch="Again in 2028.")
    visitor = make_user()
    login(visitor)
    for booth in (there, booths["Colectivo Sonoro del Pacífico"]):
        client.submit(f"{booth_url(booth)}/bookmark", form_url=booth_url(booth))

    text = bookmarks_page(client)
    response = client.submit(f"{booth_url(there)}/bookmark", {"next": "/showcase/bookmarks"},
                             form_url="/showcase/bookmarks")

    assert text.index("Knowledge Fair of the 2005 Convention") < text.index("Colectivo Sonoro") \
        < text.index("Second Knowledge Fair") < text.index("Harare Creative Hub Trust")
    assert response.status_code == 302 and response.headers["Location"].endswith("/showcase/bookmarks")
    assert "Harare" not in bookmarks_page(client)


def test_a_booth_no_longer_public_leaves_the_bookmarks_list(client, fair, booths, make_user, login):
    visitor = make_user()
    login(visitor)
    booth = booths["Kathmandu Film Collective"]
    client.submit(f"{booth_url(booth)}/bookmark", form_url=booth_url(booth))
    booth.status = SUBMITTED
    db.session.commit()

    assert "Kathmandu" not in bookmarks_page(client)


def test_bookmarking_needs_a_log_in_a_token_and_a_public_booth(client, fair, booths, make_user, login):
    booth = booths["Kathmandu Film Collective"]

    anonymous = client.post(f"{booth_url(booth)}/bookmark", data={"csrf_token": client.csrf_token("/account/login")})
    login(make_user())
    no_token = client.post(f"{booth_url(booth)}/bookmark")
    pending = client.submit(f"{booth_url(booths[PENDING_NAME])}/bookmark", form_url="/")

    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    assert no_token.status_code == 400
    assert pending.status_code == 404
    assert client.get("/showcase/bookmarks").status_code == 200
    assert db.session.scalars(select(Bookmark)).all() == []


def test_the_bookmarks_list_needs_a_log_in(client):
    response = client.get("/showcase/bookmarks")

    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def views_of(booth) -> int:
    db.session.expire_all()
    return sum(row.views for row in db.session.scalars(select(BoothView).where(BoothView.booth_id == booth.id)))


def test_views_are_counted_for_visitors_not_for_the_booths_people_or_the_organisers(client, fair, booths,
                                                                                   make_user, login):
    booth = booths["Harare Creative Hub Trust"]
    owner = booth.organisation.members[0].user

    client.get(booth_url(booth))  # a visitor who is not logged in
    login(make_user())
    client.get(booth_url(booth))
    client.get(booth_url(booth))
    assert views_of(booth) == 3
    for person in (owner, fair.team[0].user):
        log_in_as(client, login, person)
        client.get(booth_url(booth))
    assert views_of(booth) == 3
    assert views_of(booths["Colectivo Sonoro del Pacífico"]) == 0


def test_a_view_counts_for_the_day_on_the_venues_calendar(app, fair, booths, monkeypatch):
    booth = booths["Harare Creative Hub Trust"]
    # 22:30 in London is 00:30 the next day in Paris, where the fair is.
    monkeypatch.setattr(analytics, "utcnow", lambda: datetime(2027, 6, 14, 22, 30, tzinfo=UTC))

    analytics.count_view(booth, None)
    analytics.count_view(booth, None)

    [row] = db.session.scalars(select(BoothView)).all()
    assert (row.day, row.views) == (date(2027, 6, 15), 2)


def test_two_first_views_of_a_day_at_the_same_moment_both_count(app, fair, booths, monkeypatch):
    booth = booths["Harare Creative Hub Trust"]
    day = analytics.today_at(fair)
    bump = analytics._add_to_day
    calls = []

    def another_visitor_first(booth_id, day_):
        # The other request's INSERT lands between our UPDATE (which found no row) and our INSERT.
        calls.append(day_)
        if len(calls) == 1:
            db.session.execute(insert(BoothView).values(booth_id=booth_id, day=day_, views=1))
            return False
        return bump(booth_id, day_)

    monkeypatch.setattr(analytics, "_add_to_day", another_visitor_first)
    assert analytics.count_view(booth, None)

    [row] = db.session.scalars(select(BoothView)).all()
    assert (row.day, row.views) == (day, 2) and len(calls) == 2


def add_image(booth, position=0, status=APPROVED):
    db.session.add(MaterialItem(booth_id=booth.id, kind=IMAGE, title="Our stand", file_name=f"i{booth.id}.jpg",
                                thumbnail_name=f"t{booth.id}.jpg", content_type="image/jpeg", width=800, height=600,
                                status=status, position=position))
    db.session.commit()


def test_the_showcase_takes_as_many_queries_for_30_booths_as_for_3(client, fair, make_user, count_queries):
    def add_booths(count, start):
        for number in range(start, start + count):
            owner = make_user(roles=("beneficiary", "participant"), email=f"b{number}@booths.example.org")
            organisation = make_organisation(owner, name=f"Organisation {number}", code=f"2019-{5000 + number}")
            booth = make_booth(fair, organisation, place_number=number if number <= 10 else None)
            add_image(booth)

    add_booths(3, 1)
    with count_queries() as few:
        assert client.get(showcase_url(fair, "q=organisation")).status_code == 200
    add_booths(27, 4)
    with count_queries() as many:
        html = client.get(showcase_url(fair, "q=organisation")).get_data(as_text=True)
    assert len(cards(html)) == 30
    assert few.count == many.count


def test_the_showcase_of_a_fair_with_no_plan_and_no_booth_says_so(client, make_event):
    bare = make_event(kind="knowledge_fair")

    html = client.get(showcase_url(bare)).get_data(as_text=True)

    assert "No booth is open to visitors yet" in html and "<svg" not in html


def test_the_bookmark_endpoint_and_booth_page_refuse_ids_no_column_holds(client, fair, booths):
    assert client.get(f"/events/{fair.slug}/showcase/99999999999").status_code == 404
    assert db.session.get(Event, fair.id) is not None


def test_a_card_shows_the_booths_first_approved_image(client, fair, booths):
    booth = booths["Harare Creative Hub Trust"]
    add_image(booth, position=0, status="pending")
    add_image(booth, position=1)
    add_image(booth, position=2)
    approved = db.session.scalars(select(MaterialItem).where(MaterialItem.status == APPROVED)
                                  .order_by(MaterialItem.position)).first()

    html = client.get(showcase_url(fair)).get_data(as_text=True)

    thumbnails = re.findall(r'<img src="/showcase/materials/(\d+)/thumbnail[^"]*" alt="" class="booth-thumbnail"', html)
    assert thumbnails == [str(approved.id)]  # one card has an image: its first approved one


def test_the_bookmarks_list_takes_as_many_queries_for_12_bookmarks_as_for_2(client, fair, make_user, login,
                                                                            count_queries):
    visitor = make_user()

    def bookmark(count, start):
        for number in range(start, start + count):
            owner = make_user(roles=("beneficiary", "participant"), email=f"b{number}@booths.example.org")
            organisation = make_organisation(owner, name=f"Organisation {number}", code=f"2019-{6000 + number}")
            booth = make_booth(fair, organisation, place_number=number if number <= 10 else None)
            db.session.add(Bookmark(user_id=visitor.id, booth_id=booth.id))
        db.session.commit()

    login(visitor)
    bookmark(2, 1)
    with count_queries() as few:
        client.get("/showcase/bookmarks")
    bookmark(10, 3)
    with count_queries() as many:
        text = bookmarks_page(client)
    assert "Organisation 12" in text
    assert few.count == many.count


def test_zones_are_drawn_one_under_the_other_in_rows_of_their_width(app, fair):
    db.session.add_all([
        FloorZone(event_id=fair.id, name="Aisle of the Pacific Islands and the Caribbean", code="B", columns=3,
                  position=1, places=[BoothPlace(number=number) for number in range(1, 8)]),
        FloorZone(event_id=fair.id, name="Empty corner", code="C", columns=4, position=2)])
    db.session.commit()

    plan = floor_plan.layout(fairs.zones_of(fair), [], lambda booth: None)

    hall, aisle, corner = plan.zones
    assert [spot.label for spot in aisle.spots] == [f"B{number}" for number in range(1, 8)]
    assert [(spot.x, spot.y - aisle.y) for spot in aisle.spots[2:4]] == [(196, 30), (12, 30 + floor_plan.PLACE_HEIGHT + floor_plan.GAP)]  # rows of 3
    assert aisle.y == hall.y + hall.height + floor_plan.ZONE_GAP and corner.y > aisle.y + aisle.height
    assert aisle.short_name == "Aisle of the Pacific Islands and the…"  # as much as fits above three places
    assert corner.spots == [] and plan.width == hall.width and plan.height == corner.y + corner.height
    assert {spot.state for spot in hall.spots + aisle.spots} == {floor_plan.FREE}
