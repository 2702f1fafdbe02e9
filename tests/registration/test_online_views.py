"""Joining online through one's personal link: "Join online" on My registrations and on a session's page, the
redirect to the room, a forwarded link, replacing one's link, and every bad link answered clearly (issue 17)."""
from datetime import date

import pytest
from flask import url_for
from sqlalchemy import select

from core.extensions import db
from registration import online, personal_agenda
from registration.models import CANCELLED, OnlineJoin
from tests.conftest import page_text
from tests.registration.onsite import confirmed, on_day
from tests.registration.online_helpers import PANEL_ROOM, ROOM, hybrid, online_participant, stored


@pytest.fixture
def today_forum(make_event, make_session):
    """A hybrid event whose first day is today: the plenary (the event's room) and the panel (its own) today."""
    return hybrid(make_event, make_session, start=on_day(9), title="Global Forum")


def path_of(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(("/", ""))


def links(app, registration, session=None) -> str:
    with app.test_request_context():
        return path_of(online.join_url(registration, session))


def test_my_registrations_has_personal_join_buttons_that_record_and_redirect(app, client, login, make_user,
                                                                            today_forum):
    event, plenary, panel, workshop = today_forum
    owner = make_user()
    person = online_participant(event, owner)
    login(owner)

    page = client.get("/registrations").get_data(as_text=True)

    assert ROOM not in page and PANEL_ROOM not in page  # only personal links
    event_link, panel_link = links(app, person), links(app, person, panel)
    assert event_link in page and panel_link in page and links(app, person, plenary) in page
    assert links(app, person, workshop) not in page  # tomorrow's: on its day
    assert "Join online: Panel on artistic freedom" in page_text(page)
    response = client.get(panel_link)
    assert response.status_code == 302 and response.headers["Location"] == PANEL_ROOM
    assert client.get(event_link).headers["Location"] == ROOM
    rows = db.session.scalars(select(OnlineJoin).order_by(OnlineJoin.id)).all()
    assert [(row.session_id, row.day) for row in rows] == [(panel.id, on_day(0).date()), (None, on_day(0).date())]


def test_an_in_person_participant_and_an_unconfirmed_one_get_no_join_button(app, client, login, make_user,
                                                                         today_forum):
    event, *_ = today_forum
    in_room, waiting = make_user(), make_user()
    confirmed(event, in_room)
    online_participant(event, waiting, status="waitlisted")
    for user in (in_room, waiting):
        login(user)
        page = client.get("/registrations").get_data(as_text=True)
        assert "/join/" not in page and "Join online" not in page
        client.post("/account/logout", data={"csrf_token": client.csrf_token("/registrations")})


def test_the_session_page_shows_the_join_button_to_the_online_participant_only(app, client, login, make_user,
                                                                              today_forum):
    event, plenary, panel, workshop = today_forum
    owner, other = make_user(), make_user()
    person = online_participant(event, owner)
    confirmed(event, other)
    url = f"/events/{event.slug}/sessions/{panel.id}"

    visitor = page_text(client.get(url).get_data(as_text=True))
    assert "Join online" not in visitor and PANEL_ROOM not in visitor
    assert "English, French, Arabic" in visitor  # the interpretation channels are public
    login(other)
    assert "Join online" not in client.get(url).get_data(as_text=True)
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/registrations")})
    login(owner)
    page = client.get(url).get_data(as_text=True)
    assert links(app, person, panel) in page and PANEL_ROOM not in page


def test_the_private_agenda_carries_the_personal_join_link_not_the_room(app, client, make_user, today_forum):
    event, plenary, panel, workshop = today_forum
    owner = make_user()
    person = online_participant(event, owner)
    with app.test_request_context():
        feed = client.get(url_for("registration.agenda", token=personal_agenda.agenda_token(owner)))
    text = feed.get_data(as_text=True).replace("\r\n ", "")
    assert links(app, person, panel) in text and links(app, person, workshop) in text
    assert ROOM not in text and PANEL_ROOM not in text


def test_a_forwarded_link_records_nothing_for_someone_else_logged_in(app, client, login, make_user, today_forum):
    event, plenary, panel, workshop = today_forum
    person = online_participant(event, make_user())
    login(make_user())

    response = client.get(links(app, person, panel))

    assert response.status_code == 403
    assert "belongs to someone else" in page_text(response.get_data(as_text=True))
    assert stored() == (0, 0)


def test_without_a_log_in_the_link_counts_for_its_owner(app, client, make_user, today_forum):
    event, plenary, panel, workshop = today_forum
    person = online_participant(event, make_user())
    assert client.get(links(app, person)).status_code == 302
    assert db.session.scalars(select(OnlineJoin.registration_id)).all() == [person.id]


def test_replacing_the_link_on_my_registrations_retires_the_old_one(app, client, login, make_user, today_forum):
    event, *_ = today_forum
    owner = make_user()
    person = online_participant(event, owner)
    old = links(app, person)
    login(owner)

    response = client.submit(f"/registrations/{person.id}/join-link", form_url="/registrations",
                             follow_redirects=True)

    assert "Your join link is replaced" in page_text(response.get_data(as_text=True))
    db.session.refresh(person)
    assert person.join_version == 2 and links(app, person) in response.get_data(as_text=True)
    refused = client.get(old)
    assert refused.status_code == 410 and "This link was replaced" in page_text(refused.get_data(as_text=True))
    assert stored() == (0, 0)
    # Without the form's token, nothing is replaced.
    assert client.post(f"/registrations/{person.id}/join-link").status_code == 400
    db.session.refresh(person)
    assert person.join_version == 2


def test_someone_elses_registration_cannot_have_its_link_replaced(app, client, login, make_user, today_forum):
    event, *_ = today_forum
    person = online_participant(event, make_user())
    login(make_user())
    assert client.submit(f"/registrations/{person.id}/join-link", form_url="/registrations").status_code == 404
    db.session.refresh(person)
    assert person.join_version == 1


@pytest.mark.parametrize("case, status, words", [
    ("altered", 404, "This join link was altered"),
    ("cancelled", 403, "This registration was cancelled"),
    ("in_person", 403, "to take part in person"),
    ("before_the_day", 403, "The online room opens on"),
    ("other_event", 404, "not part of the event of this join link"),
    ("not_a_number", 404, ""),
    ("absurdly_long", 404, "not a complete join link"),
    ("unknown_session", 404, "not part of the event of this join link"),
])
def test_a_bad_join_link_gets_a_clear_answer_and_stores_nothing(app, client, make_event, make_session, make_user,
                                                               today_forum, case, status, words):
    event, plenary, panel, workshop = today_forum
    person = online_participant(event, make_user())
    url = links(app, person, panel)
    if case == "altered":
        code = online.join_code(person)
        url = url.replace(code, code[:-1] + ("A" if code[-1] != "A" else "B"))
    elif case == "cancelled":
        person.status = CANCELLED
    elif case == "in_person":
        person.participation = "in_person"
    elif case == "before_the_day":
        url = links(app, person, workshop)
    elif case == "other_event":
        other = make_event(start=on_day(9), online_url=ROOM)
        url = url.replace(f"/sessions/{panel.id}", f"/sessions/{make_session(other, on_day(10)).id}")
    elif case == "not_a_number":
        url = url.replace(f"/sessions/{panel.id}", "/sessions/panel")
    elif case == "absurdly_long":
        url = "/join/J1-" + "7" * 3000
    elif case == "unknown_session":
        url = url.replace(f"/sessions/{panel.id}", "/sessions/999999")
    db.session.commit()

    response = client.get(url)

    assert response.status_code == status
    assert words in page_text(response.get_data(as_text=True))
    assert stored() == (0, 0)


def test_refusals_are_in_the_page_language(app, client, make_user, today_forum):
    event, *_ = today_forum
    person = online_participant(event, make_user(), status=CANCELLED)
    response = client.get(links(app, person), headers={"Accept-Language": "fr"})
    assert response.status_code == 403
    assert 'lang="fr"' in response.get_data(as_text=True)


def test_after_the_event_the_link_says_it_is_over(app, client, make_event, make_user):
    event = make_event(start=on_day(9, days=-3), end=on_day(17, days=-2), online_url=ROOM, attendance_mode="online",
                       venue_name="")
    person = confirmed(event, make_user())
    response = client.get(links(app, person))
    assert response.status_code == 410 and "This event is over" in page_text(response.get_data(as_text=True))
    assert stored() == (0, 0)
    assert date.today() > event.ends_at.date()


def test_the_join_links_are_rate_limited_like_other_public_codes(app, client, make_user, today_forum):
    app.config["JOIN_LINK_LIMIT"] = "3 per minute"
    event, *_ = today_forum
    person = online_participant(event, make_user())
    answers = [client.get(links(app, person)).status_code for _ in range(3)]
    answers.append(client.get("/join/J1-1-1-AAAAAAAAAAAAAAAA").status_code)  # guessing shares the allowance
    assert answers == [302, 302, 302, 429]
    assert db.session.scalar(select(OnlineJoin.times)) == 3


def test_my_data_holds_my_joins_and_deleting_my_account_retires_my_links(app, client, login, make_user, today_forum):
    event, plenary, panel, workshop = today_forum
    owner = make_user()
    person = online_participant(event, owner)
    old = links(app, person, panel)
    assert client.get(old).status_code == 302
    login(owner)

    data = client.get("/account/data.json").get_json()

    [mine] = data["registrations"]
    assert mine["participation"] == "online"
    assert [(join["room"], join["times"]) for join in mine["online_joins"]] == [("Panel on artistic freedom", 1)]
    client.submit("/account/delete", {"password": "correct horse battery", "confirm": "y"})
    answer = app.test_client().get(old)
    assert answer.status_code == 410 and db.session.scalar(select(OnlineJoin.times)) == 1


def test_a_session_that_is_over_shows_no_join_button(app, client, login, make_user, make_event, make_session):
    event = make_event(start=on_day(0), end=on_day(23, 59), online_url=ROOM, attendance_mode="online",
                       venue_name="")
    over = make_session(event, on_day(0), minutes=1, title="Morning session")
    owner = make_user()
    confirmed(event, owner)
    login(owner)
    page = client.get(f"/events/{event.slug}/sessions/{over.id}").get_data(as_text=True)
    assert "Join online" not in page and "/join/" not in page
