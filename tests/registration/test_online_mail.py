"""The e-mails about a registration say how the person takes part: someone who registered online was told
"Where: UNESCO Headquarters" and nothing about online, nor where their join link is (found trying the demo)."""
from sqlalchemy import select

from core.extensions import db
from core.mail import OutboxMessage
from events.models import IN_PERSON, ONLINE
from tests.registration.test_participation import JOIN, hybrid_event, register


def confirmation_to(email) -> OutboxMessage:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)
                              .order_by(OutboxMessage.id.desc())).first()


def test_the_confirmation_says_online_and_where_the_join_link_is(client, make_event, make_user, login):
    event = hybrid_event(make_event)
    online_person, room_person = make_user(), make_user()
    register(client, login, online_person, event, participation=ONLINE)
    register(client, login, room_person, event, participation=IN_PERSON)

    online_mail = confirmation_to(online_person.email)
    text = " ".join(online_mail.body_text.split())
    assert "You take part online." in text
    assert "your personal join link is on My registrations from the event's first day" in text
    assert "Where: UNESCO Headquarters" not in text
    assert JOIN not in online_mail.body_text and JOIN not in online_mail.body_html
    assert "You take part online." in online_mail.body_html and "UNESCO Headquarters" not in online_mail.body_html

    room_text = " ".join(confirmation_to(room_person.email).body_text.split())
    assert "Where: UNESCO Headquarters" in room_text and "You take part in person." in room_text


def test_the_event_page_says_online_places_are_not_limited(client, make_event):
    """The Paris forum's page said "In person: 288 places left." and nothing of online: a visitor who wants to
    follow from afar could not tell that they can (found trying the demo)."""
    from tests.conftest import page_text
    event = hybrid_event(make_event, capacity=300, online_capacity=None, show_places_left=True)
    page = page_text(client.get(f"/events/{event.slug}/").get_data(as_text=True))
    assert "In person: 300 places left." in page and "Online: places are not limited." in page

    limited = hybrid_event(make_event, capacity=300, online_capacity=50, show_places_left=True)
    page = page_text(client.get(f"/events/{limited.slug}/").get_data(as_text=True))
    assert "Online: 50 places left." in page and "not limited" not in page
