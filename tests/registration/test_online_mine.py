""""My registrations" for an online participant: no badge to download (badge sheets leave them out), and before
the event's days no "Join online" button that would only refuse, but the day the room opens."""

from core.extensions import db
from events.formatting import medium_date
from tests.conftest import page_text
from tests.registration.onsite import confirmed, on_day
from tests.registration.online_helpers import hybrid, online_participant


def test_an_online_participant_has_no_badge_to_download(app, client, login, make_user, make_event, make_session):
    event, *_ = hybrid(make_event, make_session, start=on_day(9, days=20))
    online_user, room_user = make_user(), make_user()
    mine, theirs = online_participant(event, online_user), confirmed(event, room_user)

    login(online_user)
    assert "My badge (PDF)" not in page_text(client.get("/registrations").get_data(as_text=True))
    response = client.get(f"/registrations/{mine.id}/badge.pdf", follow_redirects=True)
    assert "You take part online: you need no badge." in page_text(response.get_data(as_text=True))
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/registrations")})

    login(room_user)
    assert "My badge (PDF)" in page_text(client.get("/registrations").get_data(as_text=True))
    assert client.get(f"/registrations/{theirs.id}/badge.pdf").mimetype == "application/pdf"


def test_before_the_event_my_registrations_says_when_the_room_opens_instead_of_a_button(
        app, client, login, make_user, make_event, make_session):
    event, *_ = hybrid(make_event, make_session, start=on_day(9, days=20))
    owner = make_user()
    online_participant(event, owner)
    login(owner)

    page = client.get("/registrations").get_data(as_text=True)

    assert "/join/" not in page and "Join online" not in page_text(page)
    with app.test_request_context():
        day = medium_date(on_day(9, days=20).date())
    assert f"Your join button appears here on {day}, when the online room opens." in page_text(page)


def test_when_a_hybrid_event_becomes_in_person_its_online_participants_come_in_person(
        app, client, login, make_user, make_event, make_session):
    from events.models import IN_PERSON
    from registration import badges, online

    event, *_ = hybrid(make_event, make_session, start=on_day(9))
    owner = make_user()
    mine = online_participant(event, owner)
    event.attendance_mode = IN_PERSON  # the organisers gave up the online room
    db.session.commit()
    login(owner)

    page = page_text(client.get("/registrations").get_data(as_text=True))

    assert "Join online" not in page and "My badge (PDF)" in page
    assert client.get(f"/registrations/{mine.id}/badge.pdf").mimetype == "application/pdf"
    assert mine.id in {r.id for r in db.session.scalars(badges.confirmed(event.id))}
    assert not online.may_join(mine)
    assert online.figures(event)["participants"] == 0  # the organisers' online page counts nobody online


def test_a_session_page_shows_the_join_button_on_the_sessions_day_only(app, client, login, make_user, make_event,
                                                                        make_session):
    event, plenary, panel, workshop = hybrid(make_event, make_session, start=on_day(9))
    owner = make_user()
    online_participant(event, owner)
    login(owner)

    assert "Join online" in page_text(client.get(f"/events/{event.slug}/sessions/{panel.id}").get_data(as_text=True))
    tomorrow = page_text(client.get(f"/events/{event.slug}/sessions/{workshop.id}").get_data(as_text=True))
    assert "Join online" not in tomorrow  # it would only answer "opens on <day>"
