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
    assert "How you take part: Online." in text
    assert "Your link to join online is under “My registrations”" in text
    assert "Where: UNESCO Headquarters" not in text
    assert JOIN not in online_mail.body_text and JOIN not in online_mail.body_html
    assert "Online" in online_mail.body_html and "UNESCO Headquarters" not in online_mail.body_html

    room_text = " ".join(confirmation_to(room_person.email).body_text.split())
    assert "Where: UNESCO Headquarters" in room_text and "How you take part: In person." in room_text
