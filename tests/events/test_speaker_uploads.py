"""A speaker's personal upload link: sent by the organisers, used without an account, refused when altered,
replaced, past the deadline, moved to another session, or once the speaker has left the session."""
from datetime import datetime, timedelta, timezone
import io
import os
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from core.extensions import db
from core.mail import OutboxMessage
from core.models import utcnow
from events import upload_links
from events.models import ProgrammeMaterial, Speaker
from tests.conftest import page_text
from tests.events import material_files as files


@pytest.fixture
def setup(make_event, make_session):
    event = make_event(slug="forum")
    speaker = Speaker(event=event, name="Amina Diallo", email="amina@example.org")
    other = Speaker(event=event, name="Kofi Mensah")
    db.session.add_all([speaker, other])
    db.session.commit()
    session = make_session(event, datetime(2027, 3, 27, 10, 0), title="Measuring participation",
                           speakers=[speaker, other])
    second = make_session(event, datetime(2027, 3, 27, 14, 0), title="Closing", speakers=[other])
    return event, session, second, session.speaker_links[0]


def relative(link) -> str:
    url = upload_links.upload_url(link)
    return url[url.index("/events/"):]


def send(client, url, form_url=None, **fields):
    """Post the upload form like a browser, with the CSRF token of the page it was on (`form_url`, by default `url`):
    a link that stopped working meanwhile is answered by the view, not by the CSRF check."""
    token = None
    for page in [form_url or url] + ["/account/login", "/"]:  # a form on the site: the token is the session's
        token = token or re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(page).get_data(as_text=True))
    data = {"kind": "document", "title": "My slides", "language": "", "link": "", "upload": "1"} | fields
    if token:
        data["csrf_token"] = token.group(1)
    for name, value in data.items():
        if isinstance(value, tuple):
            data[name] = FileStorage(io.BytesIO(value[0]), filename=value[1], content_type="application/pdf")
    boundary, body = encode_multipart(data)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def material_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ProgrammeMaterial))


def stored(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "programme-materials")
    return os.listdir(folder) if os.path.isdir(folder) else []


def test_a_speaker_uploads_slides_without_an_account_and_they_wait_hidden(client, setup, app):
    event, session, _, link = setup
    url = relative(link)

    page = page_text(client.get(url).get_data(as_text=True))
    assert "Your materials for “Measuring participation”" in page and "Hello Amina Diallo." in page

    response = send(client, url, file=(files.slides(), "keynote.pdf"))
    assert response.status_code == 302
    material = db.session.scalar(select(ProgrammeMaterial))
    assert (material.visibility, material.speaker_id, material.session_id) == ("hidden", link.speaker_id, session.id)
    page = page_text(client.get(url).get_data(as_text=True))
    assert "Thank you: “My slides” is sent." in page and "Waiting for the organisers" in page
    # Visitors do not see it before the organisers publish it.
    assert "My slides" not in client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True)

    response = send(client, url, kind="recording", title="My talk", link="https://vimeo.com/123456789")
    assert response.status_code == 302 and material_count() == 2


@pytest.mark.parametrize("fields, message", [
    ({"file": (b"<html><script>alert(1)</script></html>", "slides.pdf")}, "This file is not a PDF document."),
    ({"file": (b"%PDF-1.7\n" + b"0" * (15 * 1024 * 1024), "slides.pdf")}, "This file is larger than 15 MB."),
    ({"file": ("locked", "slides.pdf")}, "This PDF is protected by a password"),
    ({"file": ("pptx", "slides.pptx")}, "save it as PDF"),
    ({"kind": "recording", "link": "https://videos.example.org/watch/1"}, "Link to a video on YouTube or Vimeo"),
])
def test_bad_uploads_by_the_link_are_refused_and_nothing_is_stored(client, setup, app, fields, message):
    _, _, _, link = setup
    if "file" in fields and isinstance(fields["file"][0], str):
        data = files.locked(files.slides()) if fields["file"][0] == "locked" else files.pptx()
        fields = {"file": (data, fields["file"][1])}

    response = send(client, relative(link), **fields)

    assert response.status_code == 400
    assert message in page_text(response.get_data(as_text=True))
    assert material_count() == 0 and stored(app) == []


def refused(client, url, data=None):
    response = send(client, url, form_url="/account/login", file=(data or b"%PDF-1.4 not really", "slides.pdf"))
    return response.status_code, page_text(response.get_data(as_text=True))


def test_an_altered_link_or_one_moved_to_another_session_is_refused(client, setup, app):
    event, session, second, link = setup
    url = relative(link)
    token = url.rsplit("/", 1)[1]
    altered = url[:-1] + ("A" if url[-1] != "A" else "B")
    other_speaker = url.replace(f"/{token}", "/" + token.replace(f"{link.speaker_id}-", f"{link.speaker_id + 1}-", 1))
    other_session = url.replace(f"/sessions/{session.id}/", f"/sessions/{second.id}/")

    for bad in (altered, other_speaker, other_session, url.rsplit("/", 1)[0] + "/nonsense"):
        status, page = refused(client, bad, files.slides())
        assert status == 404, bad
        assert "This upload link does not work: it is incomplete, altered, or for another session." in page
    assert material_count() == 0 and stored(app) == []


def test_a_replaced_link_stops_working_and_the_new_one_works(client, setup, login, app):
    event, session, _, link = setup
    old, version = relative(link), link.upload_version
    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/materials/links/{session.id}/{link.speaker_id}/replace", {},
                  form_url=f"/events/{event.slug}/manage/materials")
    db.session.expire_all()
    assert link.upload_version == version + 1

    status, page = refused(client, old, files.slides())
    assert status == 410 and "This upload link was replaced by a newer one" in page
    assert send(client, relative(link), file=(files.slides(), "slides.pdf")).status_code == 302


def test_editing_the_session_keeps_a_replaced_link_dead(client, setup, login):
    from events.programme import save_session

    event, session, _, link = setup
    old = relative(link)
    upload_links.replace_link(link)
    speakers = [(l.speaker_id, l.role) for l in session.speaker_links]
    save_session(event, session, {}, list(reversed(speakers)))  # the organiser reorders the speakers

    status, _ = refused(client, old, files.slides())
    assert status == 410


def test_a_speaker_taken_off_and_put_back_on_a_session_gets_a_new_link(client, setup):
    """Putting them back made a new row at version 1: a link replaced before, or given before, worked again."""
    from events.programme import save_session

    event, session, _, link = setup
    first = relative(link)
    upload_links.replace_link(link)
    speakers = [(l.speaker_id, l.role) for l in session.speaker_links]
    save_session(event, session, {}, speakers[1:])  # taken off the session...
    save_session(event, session, {}, speakers)  # ...and put back

    back = next(l for l in session.speaker_links if l.speaker_id == speakers[0][0])
    assert relative(back) != first
    status, _ = refused(client, first, files.slides())
    assert status == 410


def test_after_the_deadline_the_link_takes_nothing(client, setup, app):
    event, _, _, link = setup
    event.speaker_uploads_close_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    status, page = refused(client, relative(link), files.slides())

    assert status == 403 and "Uploads for this event are closed" in page
    assert material_count() == 0 and stored(app) == []


def test_a_cancelled_session_or_event_takes_no_slides(client, setup, app):
    from events.models import CANCELLED
    from events.programme import cancel_session

    event, session, _, link = setup
    url = relative(link)
    cancel_session(session)

    status, page = refused(client, url, files.slides())

    assert status == 410 and "This session is cancelled: its link takes no slides or recordings." in page
    assert material_count() == 0 and stored(app) == []
    session.status = "scheduled"
    event.status = CANCELLED
    db.session.commit()
    status, page = refused(client, url, files.slides())
    assert status == 410 and "This session is cancelled" in page
    assert material_count() == 0


def test_by_default_links_close_fourteen_days_after_the_event(setup):
    event, _, _, link = setup
    assert upload_links.closes_at(event) == event.ends_at + timedelta(days=14)
    with pytest.raises(upload_links.LinkRefused) as refusal:
        upload_links.read_link(event, link.session_id, upload_links.token_of(link),
                               now=event.ends_at + timedelta(days=14, seconds=1))
    assert refusal.value.reason == upload_links.CLOSED


def test_a_speaker_taken_off_the_session_can_no_longer_upload(client, setup):
    from events.programme import save_session

    event, session, _, link = setup
    url = relative(link)
    save_session(event, session, {}, [(l.speaker_id, l.role) for l in session.speaker_links[1:]])

    status, page = refused(client, url, files.slides())

    assert status == 403 and "This link is for a session you are no longer listed on" in page
    assert material_count() == 0


def test_the_organiser_sends_the_link_by_e_mail_and_the_deadline_is_set_on_the_page(client, setup, login):
    event, session, _, link = setup
    login(event.team[0].user)
    base = f"/events/{event.slug}/manage/materials"
    page = page_text(client.get(base).get_data(as_text=True))
    assert relative(link) in client.get(base).get_data(as_text=True)
    assert "No e-mail address ( add one )" in page and "Send by e-mail" in page

    response = client.submit(f"{base}/links/{session.id}/{link.speaker_id}/send", {}, form_url=base)

    assert response.status_code == 302
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == "amina@example.org" and "Your slides for Measuring participation" in message.subject
    assert relative(link) in message.body_text

    client.submit(base, {"deadline-speaker_uploads_close_at": "2027-04-30T18:00", "deadline-save_deadline": "1"})
    db.session.expire_all()
    assert event.speaker_uploads_close_at.isoformat() == "2027-04-30T16:00:00+00:00"  # 18:00 in Paris, summer time


def test_the_speaker_form_takes_an_optional_e_mail_address(client, setup, login):
    event, _, _, _ = setup
    login(event.team[0].user)

    response = client.submit(f"/events/{event.slug}/manage/speakers", {"name": "Lena Park", "country": "",
                                                                       "email": "not an address"})
    assert response.status_code == 400 and "Enter a valid e-mail address" in page_text(response.get_data(as_text=True))
    client.submit(f"/events/{event.slug}/manage/speakers", {"name": "Lena Park", "country": "",
                                                            "email": "lena@example.org"})
    assert db.session.scalar(select(Speaker).where(Speaker.name == "Lena Park")).email == "lena@example.org"


def test_guessing_links_is_slowed_down_like_other_personal_links(client, setup):
    event, session, _, _ = setup
    answers = [client.get(f"/events/{event.slug}/sessions/{session.id}/speaker-upload/1-1-AAAAAAAAAAAAAAA{n % 10}")
               .status_code for n in range(61)]
    assert set(answers[:60]) == {404} and answers[60] == 429


def test_a_copy_of_the_event_keeps_its_speakers_addresses_not_its_materials(client, setup, login):
    from events.models import Event

    event, session, _, link = setup
    db.session.add(ProgrammeMaterial(event_id=event.id, session_id=session.id, kind="link", title="Last year's notes",
                                     url="https://example.org/notes", visibility="public", translations={}))
    db.session.commit()
    login(event.team[0].user)

    client.submit(f"/events/{event.slug}/manage/duplicate",
                  {"title": "Forum 2028", "slug": "forum-2028", "first_day": "2028-03-25"})

    copy = db.session.scalar(select(Event).where(Event.slug == "forum-2028"))
    assert {speaker.name: speaker.email for speaker in copy.speakers}["Amina Diallo"] == "amina@example.org"
    assert db.session.scalar(select(func.count()).select_from(ProgrammeMaterial)
                             .where(ProgrammeMaterial.event_id == copy.id)) == 0


def test_a_link_takes_a_bounded_number_of_items(client, setup, app):
    from events.materials import MAX_SPEAKER_UPLOADS

    _, _, _, link = setup
    url = relative(link)
    for number in range(MAX_SPEAKER_UPLOADS):
        assert send(client, url, kind="recording", title=f"Part {number}",
                    link="https://vimeo.com/123456789").status_code == 302

    response = send(client, url, file=(files.slides(), "slides.pdf"))

    assert response.status_code == 400
    assert "You have sent 10 items for this session, the most this link takes." in page_text(
        response.get_data(as_text=True))
    assert material_count() == MAX_SPEAKER_UPLOADS and stored(app) == []


def test_the_deadline_reads_like_every_other_date_without_seconds(client, login, setup):
    """The page and the organisers' page said "12 April 2027, 18:00:00 CEST" (found trying the demo)."""
    event, session, _second, link = setup
    event.speaker_uploads_close_at = datetime(2027, 4, 12, 16, 0, tzinfo=timezone.utc)  # 18:00 in Paris
    db.session.commit()
    page = page_text(client.get(relative(link)).get_data(as_text=True))
    assert "Uploads close 12 Apr 2027, 18:00" in page and "18:00:00" not in page
    login(event.team[0].user)
    manage = page_text(client.get(f"/events/{event.slug}/manage/materials").get_data(as_text=True))
    assert "The links work until 12 Apr 2027, 18:00." in manage
    base = f"/events/{event.slug}/manage/materials"
    client.submit(f"{base}/links/{session.id}/{link.speaker_id}/send", {}, form_url=base)
    message = db.session.scalar(select(OutboxMessage))
    assert "It works until 12 Apr 2027, 18:00 (Europe/Paris)." in " ".join(message.body_text.split())


def test_the_speakers_page_says_once_that_its_times_are_local(client, setup):
    """It said "09:00–10:30 (Central European Time (Europe/Paris))", brackets within brackets, and the deadline's
    time had no zone at all."""
    _event, _session, _second, link = setup
    page = page_text(client.get(relative(link)).get_data(as_text=True))
    assert "(Central European Time (Europe/Paris))" not in page
    assert page.count("Times are local: Central European Time (Europe/Paris)") == 1
