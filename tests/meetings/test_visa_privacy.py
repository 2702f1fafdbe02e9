"""Passport data never leaves the visa pages: not in logs, exports, the API, error pages, mail, nor the database
file in clear. One distinctive passport number (and date of birth) is looked for everywhere."""
import io
import logging
import zipfile
from datetime import datetime
from pathlib import Path
from unittest import mock

import pytest

from core.extensions import db
from core.mail import OutboxMessage
from meetings import visas
from tests.conftest import PASSWORD
from tests.meetings.visa_helpers import PASSPORT, form_values, visa_event
from tests.registration.onsite import confirmed
from tests.registration.test_badges import organiser_of

BIRTH = "1985-04-02"


def readable(data: bytes) -> str:
    """A file's text, or for an XLSX (a zip), the text of every part in it."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


@pytest.fixture
def event(make_event):
    return visa_event(make_event)


def test_the_passport_number_appears_nowhere_it_should_not(app, client, event, make_user, login, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    people = [make_user(email=f"delegate{n}@example.org", full_name=f"Delegate {n}") for n in range(2)]
    browsers = {}
    for person in people:
        confirmed(event, person)
        browsers[person.id] = browser = app.test_client()
        browser.submit("/account/login", {"email": person.email, "password": PASSWORD})
        browser.submit(f"/events/{event.slug}/visa-letter", form_values(passport_number=PASSPORT))
    officer = organiser_of(event)
    login(officer)
    requests = visas.requests_of(event)
    assert len(requests) == 2
    client.submit(f"/events/{event.slug}/manage/visa-letters/approve", {"request_ids": [r.id for r in requests]},
                  form_url=f"/events/{event.slug}/manage/visa-letters")
    # The officer's own pages show it (that is what they are for) and are logged as reads.
    assert PASSPORT in client.get(f"/events/{event.slug}/manage/visa-letters/{requests[0].id}").get_data(as_text=True)

    seen = {}
    seen["participants CSV"] = client.get(f"/events/{event.slug}/manage/participants.csv").data
    seen["participants page"] = client.get(f"/events/{event.slug}/manage/participants").data
    seen["visa list"] = client.get(f"/events/{event.slug}/manage/visa-letters").data
    seen["check-in API search"] = client.get(f"/api/v1/checkin/search?event={event.slug}&q=delegate").data
    seen["events API"] = client.get(f"/api/v1/events/{event.slug}").data
    seen["events API list"] = client.get("/api/v1/events").data
    seen["report CSV"] = client.get(f"/events/{event.slug}/report.csv").data
    seen["report XLSX"] = client.get(f"/events/{event.slug}/report.xlsx").data
    seen["400 page"] = client.post(f"/events/{event.slug}/manage/visa-letters/approve",
                                   data={"request_ids": [requests[0].id]}).data  # no CSRF token
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with mock.patch("meetings.visa_views.letter_pdf", side_effect=RuntimeError("the PDF failed")):
        failed = client.get(f"/events/{event.slug}/manage/visa-letters/{requests[0].id}/letter.pdf")
    assert failed.status_code == 500
    seen["500 page"] = failed.data
    with mock.patch("meetings.visas.record_read", side_effect=RuntimeError("the log failed")):
        seen["500 on the request page"] = client.get(
            f"/events/{event.slug}/manage/visa-letters/{requests[0].id}").data
    participant = browsers[people[0].id]
    seen["own data export"] = participant.get("/account/data.json").data
    seen["participant's page"] = participant.get(f"/events/{event.slug}/visa-letter").data
    seen["my registrations"] = participant.get("/registrations").data
    db.session.expire_all()
    code = visas.format_code(requests[0].code)
    seen["verification page"] = app.test_client().get(f"/visa-letters/{code}").data
    seen["mail outbox"] = "\n".join(f"{m.subject}\n{m.body_text}\n{m.body_html}"
                                    for m in db.session.scalars(db.select(OutboxMessage))).encode()
    assert len(seen["mail outbox"]) > 100  # the letters are ready: mail was written
    seen["application log"] = caplog.text.encode()
    assert "the PDF failed" in caplog.text  # the 500s were logged
    db.session.remove()
    if db.engine.url.get_backend_name() == "sqlite":  # the file and its write-ahead log, as a backup copies them
        path = Path(db.engine.url.database)
        seen["database file"] = path.read_bytes() + (Path(f"{path}-wal").read_bytes()
                                                     if Path(f"{path}-wal").exists() else b"")

    for where, data in seen.items():
        text = readable(data)
        assert PASSPORT not in text and PASSPORT.lower() not in text, where
        assert BIRTH not in text, where
    export = participant.get("/account/data.json").get_json()
    assert export["visa_letter_requests"][0]["status"] == "approved"
    assert "passport_number" not in export["visa_letter_requests"][0]


def test_the_database_holds_the_passport_fields_encrypted(app, event, make_user):
    from sqlalchemy import text

    person = make_user()
    registration = confirmed(event, person)
    visas.ask(event, registration, {**form_values(), "date_of_birth": datetime(1985, 4, 2).date(),
                                    "arrival": datetime(2027, 6, 13).date(), "departure": datetime(2027, 6, 17).date()})

    row = db.session.execute(text("SELECT passport_name, passport_number, nationality, date_of_birth, place_of_issue, "
                                  "consulate FROM visa_requests")).one()

    assert all(value.startswith("gAAAAA") for value in row)  # Fernet tokens
    assert not any(secret in " ".join(row) for secret in (PASSPORT, "Amina", "Dakar", BIRTH))
    # A two-letter code turns up inside random tokens by chance (one run in a few): the column, not a substring.
    assert row.nationality != "SN"
    assert PASSWORD  # (the fixture's accounts log in with it)
