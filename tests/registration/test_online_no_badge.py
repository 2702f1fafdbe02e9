"""Someone who takes part online never comes to the door: "My registrations" offers them no badge to print,
and the badge address says so instead of printing one (issue 17, found trying the demo)."""
from core.extensions import db
from meetings.models import MeetingSettings
from tests.conftest import page_text
from tests.registration.onsite import confirmed
from tests.registration.online_helpers import hybrid, online_participant


def test_an_online_participant_is_offered_no_badge_but_one_in_the_room_is(client, login, make_user, make_event,
                                                                          make_session):
    event, *_ = hybrid(make_event, make_session)
    online_user, room_user = make_user(), make_user()
    online = online_participant(event, online_user)
    in_room = confirmed(event, room_user)

    login(online_user)
    page = client.get("/registrations").get_data(as_text=True)
    assert "My badge (PDF)" not in page_text(page)
    assert f"/registrations/{online.id}/badge" not in page
    response = client.get(f"/registrations/{online.id}/badge.pdf", follow_redirects=True)
    assert response.mimetype == "text/html"
    assert "You take part online: you need no badge." in page_text(response.get_data(as_text=True))

    client.submit("/account/logout", form_url="/")
    login(room_user)
    assert "My badge (PDF)" in page_text(client.get("/registrations").get_data(as_text=True))
    assert client.get(f"/registrations/{in_room.id}/badge.pdf").mimetype == "application/pdf"


def test_an_online_participant_is_not_offered_a_visa_letter(client, login, make_user, make_event, make_session):
    event, *_ = hybrid(make_event, make_session)
    db.session.add(MeetingSettings(event_id=event.id, offers_visa_letters=True))
    db.session.commit()
    online_user, room_user = make_user(), make_user()
    online_participant(event, online_user)
    confirmed(event, room_user)

    login(online_user)
    assert "visa-support letter" not in page_text(client.get("/registrations").get_data(as_text=True))
    client.submit("/account/logout", form_url="/")
    login(room_user)
    assert "Ask for a visa-support letter" in page_text(client.get("/registrations").get_data(as_text=True))
