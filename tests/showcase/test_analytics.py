"""Booth analytics computed from rows made by hand: page views over days, bookmarks, meeting requests, leads."""
from datetime import UTC, date, datetime, timedelta

from flask import render_template
import pytest

from core.extensions import db
from showcase import analytics
from showcase.models import (ACCEPTED, CANCELLED, DECLINED, REQUESTED, Bookmark, BoothView, Lead, MeetingRequest,
                             MeetingSlot)
from tests.conftest import page_text
from tests.showcase.fair import make_booth, make_fair, make_organisation
from tests.showcase.public_fair import PENDING_NAME, showcase_booths, showcase_fair

HARARE, TUNIS, KATHMANDU, BOGOTA = ("Harare Creative Hub Trust", "Société des Éditeurs de Tunis",
                                    "Kathmandu Film Collective", "Colectivo Sonoro del Pacífico")
SLOT_START = datetime(2027, 6, 14, 8, 0, tzinfo=UTC)


@pytest.fixture
def fair(make_event):
    return showcase_fair(make_event)


@pytest.fixture
def booths(fair, make_user):
    return showcase_booths(fair, make_user)


def views(booth, per_day):
    for offset, count in enumerate(per_day):
        db.session.add(BoothView(booth_id=booth.id, day=date(2027, 6, 13) + timedelta(days=offset), views=count))


def meeting_requests(booth, visitors, statuses):
    """One slot per request, each asked by the next visitor, in the given status."""
    for index, status in enumerate(statuses):
        slot = MeetingSlot(booth_id=booth.id, starts_at=SLOT_START + timedelta(minutes=20 * index),
                           ends_at=SLOT_START + timedelta(minutes=20 * index + 20))
        db.session.add(slot)
        db.session.flush()
        db.session.add(MeetingRequest(slot_id=slot.id, user_id=visitors[index % len(visitors)].id, status=status))


def leads(booth, count):
    for number in range(count):
        db.session.add(Lead(booth_id=booth.id, details={"full_name": f"Visitor {number}"}, consent="registration"))


@pytest.fixture
def visitors(make_user):
    return [make_user() for _ in range(3)]


@pytest.fixture
def counted(booths, visitors):
    """Hand-made rows: Harare 8 views over three days, 3 bookmarks, 4 requests (one declined, one cancelled),
    2 leads; Tunis 1 view, 1 bookmark, 1 request on a slot whose first request was declined; Kathmandu nothing."""
    harare, tunis = booths[HARARE], booths[TUNIS]
    views(harare, [2, 5, 1])
    views(tunis, [0, 1])
    for visitor in visitors:
        db.session.add(Bookmark(user_id=visitor.id, booth_id=harare.id))
    db.session.add(Bookmark(user_id=visitors[0].id, booth_id=tunis.id))
    meeting_requests(harare, visitors, [REQUESTED, ACCEPTED, DECLINED, CANCELLED])
    slot = MeetingSlot(booth_id=tunis.id, starts_at=SLOT_START, ends_at=SLOT_START + timedelta(minutes=20))
    db.session.add(slot)
    db.session.flush()
    db.session.add_all([MeetingRequest(slot_id=slot.id, user_id=visitors[0].id, status=DECLINED),
                        MeetingRequest(slot_id=slot.id, user_id=visitors[1].id, status=REQUESTED)])
    db.session.add(MeetingSlot(booth_id=booths[KATHMANDU].id, starts_at=SLOT_START,
                               ends_at=SLOT_START + timedelta(minutes=20)))  # a slot nobody asked for
    leads(harare, 2)
    db.session.commit()
    return booths


def test_numbers_count_each_measure_per_booth(app, counted):
    ids = [counted[name].id for name in (HARARE, TUNIS, KATHMANDU)]

    numbers = analytics.numbers(ids)

    assert numbers[ids[0]] == analytics.BoothNumbers(views=8, bookmarks=3, meeting_requests=4, leads=2)
    assert numbers[ids[1]] == analytics.BoothNumbers(views=1, bookmarks=1, meeting_requests=2, leads=0)
    assert numbers[ids[2]] == analytics.BoothNumbers()  # a free slot is no request
    assert analytics.total(numbers) == analytics.BoothNumbers(9, 4, 6, 2)


def test_numbers_take_one_query_per_measure_whatever_the_number_of_booths(app, counted, count_queries):
    ids = [booth.id for booth in counted.values()]

    with count_queries() as one:
        analytics.numbers(ids[:1])
    with count_queries() as all_of_them:
        analytics.numbers(ids)
    with count_queries() as none:
        assert analytics.numbers([]) == {}

    assert one.count == all_of_them.count == 4 and none.count == 0


def test_another_fairs_rows_are_not_counted(app, counted, make_event, make_user):
    elsewhere = make_booth(make_fair(make_event), counted[HARARE].organisation)
    views(elsewhere, [40])
    db.session.add(Bookmark(user_id=make_user().id, booth_id=elsewhere.id))
    db.session.commit()

    assert analytics.numbers([counted[HARARE].id])[counted[HARARE].id].views == 8


def test_the_booth_page_shows_its_numbers(app, counted):
    context = analytics.booth_page_context(counted[HARARE], "owner")

    with app.test_request_context("/"):
        text = page_text(render_template("showcase/_booth_numbers.html", **context))

    assert "Page views 8" in text and "Bookmarks 3" in text and "Meeting requests 4" in text
    assert "Lead scans 2" in text


def analytics_page(client, fair, query=""):
    return client.get(f"/events/{fair.slug}/fair/analytics" + (f"?{query}" if query else ""))


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [page_text(row) for row in body.split("</tr>") if row.strip()]


def test_organisers_see_every_booths_numbers_and_the_totals(client, fair, counted, login):
    login(fair.team[0].user)

    response = analytics_page(client, fair)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    table = rows(html)
    assert table[0].startswith(PENDING_NAME) and len(table) == 5  # by name; the pending booth too, marked
    assert f"{HARARE} · public page A1 8 3 4 2" in table
    assert f"{PENDING_NAME} (not public yet) A5 0 0 0 0" in table
    assert "Total 9 4 6 2" in page_text(html.split("<tfoot>", 1)[1])


@pytest.mark.parametrize("sort, first", [("views", HARARE), ("meeting_requests", HARARE), ("place", HARARE),
                                         ("booth", PENDING_NAME), ("nonsense", PENDING_NAME), ("", PENDING_NAME)])
def test_the_table_sorts_by_a_column(client, fair, counted, login, sort, first):
    login(fair.team[0].user)

    response = analytics_page(client, fair, f"sort={sort}")

    assert response.status_code == 200
    assert rows(response.get_data(as_text=True))[0].startswith(first)


def test_sorting_by_place_puts_booths_without_one_last(client, fair, counted, login):
    login(fair.team[0].user)

    table = rows(analytics_page(client, fair, "sort=place").get_data(as_text=True))

    assert [row.split(" · ")[0].split(" (")[0] for row in table] == [
        HARARE, TUNIS, BOGOTA, PENDING_NAME, KATHMANDU]


def test_only_the_fairs_organisers_see_its_analytics(client, fair, counted, make_user, make_event, login):
    beneficiary = counted[HARARE].organisation.members[0].user
    conference = make_event(kind="conference", team=[fair.team[0].user])

    assert analytics_page(client, fair).status_code == 302  # to log in
    login(beneficiary)
    assert analytics_page(client, fair).status_code == 403
    client.submit("/account/logout")
    login(fair.team[0].user)
    assert client.get(f"/events/{conference.slug}/fair/analytics").status_code == 404


def test_a_fair_with_no_booth_has_an_empty_table(client, make_event, login):
    bare = make_event(kind="knowledge_fair")
    login(bare.team[0].user)

    text = page_text(analytics_page(client, bare).get_data(as_text=True))

    assert "No beneficiary has accepted its invitation yet." in text and "Total" not in text


def test_a_booth_of_an_organisation_with_a_project_counts_views_through_the_page(client, fair, make_user):
    owner = make_user(roles=("beneficiary", "participant"))
    booth = make_booth(fair, make_organisation(owner, name="Fresh Booth", code="2024-7777"), place_number=9)

    client.get(f"/events/{fair.slug}/showcase/{booth.id}")

    assert analytics.numbers([booth.id])[booth.id].views == 1
