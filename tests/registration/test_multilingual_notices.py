"""A participant reads the names of an event written in several languages in their own language: in the
subjects of their mails, the calendar attached to them, and their personal agenda feed."""
from datetime import datetime

from sqlalchemy import select
import vobject

from core.extensions import db
from core.mail import OutboxMessage
from core.multilingual import set_translations
from tests.registration.test_agenda_and_export import agenda_path, setting_up
from tests.registration.test_register import FORM


def test_a_french_participant_gets_the_french_names(app, client, make_event, make_session, make_user, login):
    event = make_event(title="Cultural policies forum", languages=["en", "fr"])
    set_translations(event, "title", {"fr": "Forum des politiques culturelles"})
    session = make_session(event, datetime(2027, 3, 28, 10), title="Opening")
    set_translations(session, "title", {"fr": "Ouverture"})
    setting_up(event)
    person = make_user(locale="fr")
    login(person)

    client.submit(f"/events/{event.slug}/register", FORM, headers={"Accept-Language": "en"})

    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == person.email)).all()[-1]
    assert "Forum des politiques culturelles" in mail.subject
    attached = vobject.readOne(mail.attachments[0].data.decode())
    assert [vevent.summary.value for vevent in attached.vevent_list] == ["Ouverture"]
    path = agenda_path(client)
    agenda = app.test_client().get(path, headers={"Accept-Language": "en"})  # a calendar app, in English
    assert [v.summary.value for v in vobject.readOne(agenda.get_data(as_text=True)).vevent_list] == ["Ouverture"]


def test_a_chinese_participant_gets_the_chinese_title(client, make_event, make_user, login):
    event = make_event(title="Cultural policies forum", languages=["en", "zh"])
    set_translations(event, "title", {"zh": "文化政策论坛"})
    setting_up(event)
    person = make_user(locale="zh_Hans")
    login(person)

    client.submit(f"/events/{event.slug}/register", FORM, headers={"Accept-Language": "en"})

    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == person.email)).all()[-1]
    assert "文化政策论坛" in mail.subject and "文化政策论坛" in mail.body_text
    assert "Cultural policies forum" not in mail.body_text
