"""The personal agenda feed (no log-in, signed, revocable) and the streamed CSV export."""
import csv
import io

from itsdangerous import URLSafeTimedSerializer
import vobject

from core.extensions import db
from registration.models import RegistrationSettings
from tests.conftest import page_text
from tests.registration.test_register import FORM


def setting_up(event, capacity=None):
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity, closes_at=event.starts_at))
    db.session.commit()


def agenda_path(client) -> str:
    import re

    page = client.get("/registrations").get_data(as_text=True)
    return re.search(r'value="https?://[^/]+(/agenda/[^"]+\.ics)"', page).group(1)


def test_agenda_holds_only_my_confirmed_events_and_needs_no_log_in(app, client, make_event, make_session, make_user,
                                                                   login):
    from datetime import datetime

    mine, other = make_event(title="Mine"), make_event(title="Not mine")
    for event in (mine, other):
        setting_up(event)
    make_session(mine, datetime(2027, 3, 28, 10), title="My session")
    make_session(other, datetime(2027, 3, 28, 11), title="Someone else's session")
    login(make_user())
    client.submit(f"/events/{mine.slug}/register", FORM)
    path = agenda_path(client)
    client.submit("/account/logout", form_url="/")

    calendar_app = app.test_client()  # no cookies, as a calendar app
    response = calendar_app.get(path)

    assert response.status_code == 200
    assert [v.summary.value for v in vobject.readOne(response.get_data(as_text=True)).vevent_list] == ["My session"]


def test_altered_forged_or_renewed_agenda_addresses_are_refused(app, client, make_event, make_user, login):
    event = make_event()
    setting_up(event)
    person = make_user()
    login(person)
    client.submit(f"/events/{event.slug}/register", FORM)
    path = agenda_path(client)

    token = path.removeprefix("/agenda/").removesuffix(".ics")
    # Altered inside the signature: its last character also carries bits base64 ignores, so changing the end
    # can give back the same signature (this test once passed the real token back, 1 run in a few hundred).
    altered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    assert client.get(f"/agenda/{altered}.ics").status_code == 404
    forged = URLSafeTimedSerializer("not our key", salt="convene.agenda").dumps({"u": person.id, "v": 1})
    assert client.get(f"/agenda/{forged}.ics").status_code == 404

    client.submit("/registrations/agenda/renew", form_url="/registrations")
    assert client.get(path).status_code == 404
    assert client.get(agenda_path(client)).status_code == 200


def test_an_agenda_address_with_a_character_outside_its_alphabet_is_refused(client, make_event, make_user, login):
    # itsdangerous decodes base64 ignoring what is not ASCII: "ſ" slipped into the signature still passed.
    event = make_event()
    setting_up(event)
    login(make_user())
    client.submit(f"/events/{event.slug}/register", FORM)
    path = agenda_path(client)
    token = path.removeprefix("/agenda/").removesuffix(".ics")

    for lookalike in ("ſ", "ı", "é"):
        inserted = token[:-3] + lookalike + token[-3:]
        assert client.get(f"/agenda/{inserted}.ics").status_code == 404, inserted
    assert client.get(path).status_code == 200


def test_csv_export_streams_every_participant_safely(client, make_event, make_user, login):
    event = make_event()
    setting_up(event, capacity=1)
    for name in ("李静", "=HYPERLINK(\"http://evil\")"):
        login(make_user())
        client.submit(f"/events/{event.slug}/register", FORM | {"full_name": name})
        client.submit("/account/logout", form_url="/")
    login(event.team[0].user)

    response = client.get(f"/events/{event.slug}/manage/participants.csv")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["full_name", "email", "organisation", "job_title", "stakeholder_group", "country", "gender",
                       "languages", "accessibility_needs", "dietary_requirements", "status", "registered_at",
                       "category", "honorific", "source",  # the participant category's three (issue 16)
                       "participation"]  # in person or online (issue 17)
    assert [row[-2:] for row in rows[1:]] == [["Registered online", "In person"]] * 2
    assert [row[0] for row in rows[1:]] == ["李静", "'=HYPERLINK(\"http://evil\")"]
    assert [row[rows[0].index("status")] for row in rows[1:]] == ["Confirmed", "On the waiting list"]
    assert "Download as CSV" in page_text(client.get(f"/events/{event.slug}/manage/participants").get_data(as_text=True))


def test_only_the_events_organisers_export_its_participants(client, make_event, make_user, login):
    event = make_event()
    login(make_user(roles=("organiser",)))

    assert client.get(f"/events/{event.slug}/manage/participants.csv").status_code == 403


def test_export_is_written_one_row_at_a_time(app, make_event, make_user):
    from registration import organising, services
    from registration.csv_export import participant_rows

    event = make_event()
    setting_up(event)
    for _ in range(3):
        services.register(event, make_user(), dict(full_name="X", organisation="Y"))

    with app.test_request_context("/"):
        chunks = participant_rows(event, organising.participant_list(event))
        assert next(chunks) == "\ufeff" and next(chunks).startswith("full_name,")
        assert len(list(chunks)) == 3  # one piece per participant, never the whole file at once


def test_the_agenda_address_stays_the_same_until_the_person_asks_for_a_new_one(app, client, make_event, make_user,
                                                                                login, monkeypatch):
    import time

    from itsdangerous.timed import TimestampSigner

    from core.security import make_token

    event = make_event()
    setting_up(event)
    person = make_user()
    login(person)
    client.submit(f"/events/{event.slug}/register", FORM)
    hours_later = [0]  # what time it is for signing: later at each visit

    def visit():
        hours_later[0] += 1
        return agenda_path(client)

    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) + 3600 * hours_later[0])

    first = visit()
    assert visit() == first == visit()
    # An address given out before addresses stayed the same is still the person's.
    with app.test_request_context("/"):
        earlier = make_token("agenda", {"u": person.id, "v": 1})
    assert client.get(f"/agenda/{earlier}.ics").status_code == 200

    client.submit("/registrations/agenda/renew", form_url="/registrations")
    renewed = visit()
    assert renewed != first and visit() == renewed
    assert client.get(first).status_code == client.get(f"/agenda/{earlier}.ics").status_code == 404


def test_the_agenda_feed_answers_not_modified_until_something_in_it_changes(app, client, make_event, make_session,
                                                                             make_user, login):
    from datetime import datetime

    from registration.models import Registration

    event = make_event()
    setting_up(event)
    session = make_session(event, datetime(2027, 3, 28, 10), title="Opening")
    person = make_user()
    login(person)
    client.submit(f"/events/{event.slug}/register", FORM)
    path = agenda_path(client)
    calendar_app = app.test_client()

    first = calendar_app.get(path)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status_code == 200 and "private" in first.headers["Cache-Control"]
    assert "public" not in first.headers["Cache-Control"]
    assert calendar_app.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert calendar_app.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304

    session.title = "Opening plenary"  # a change to a session in it
    db.session.commit()
    renamed = calendar_app.get(path, headers={"If-None-Match": etag})
    assert renamed.status_code == 200 and "Opening plenary" in renamed.get_data(as_text=True)
    assert renamed.headers["ETag"] != etag

    registration = db.session.scalar(db.select(Registration).where(Registration.user_id == person.id))
    client.submit(f"/registrations/{registration.id}/cancel", {}, form_url="/registrations")
    cancelled = calendar_app.get(path, headers={"If-None-Match": renamed.headers["ETag"]})
    assert cancelled.status_code == 200 and "Opening plenary" not in cancelled.get_data(as_text=True)
    assert cancelled.headers["ETag"] not in (etag, renamed.headers["ETag"])
