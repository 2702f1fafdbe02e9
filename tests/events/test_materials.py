"""The organisers' Materials page: documents, recordings and links for the event and its sessions, who sees each,
and every bad input refused with a clear message and nothing stored."""
from datetime import datetime
import io
import os

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from core.extensions import db
from events.models import ProgrammeMaterial, Speaker
from tests.conftest import page_text
from tests.events import material_files as files


@pytest.fixture
def programme(make_event, make_session):
    event = make_event(slug="forum")
    speaker = Speaker(event=event, name="Amina Diallo", email="amina@example.org")
    db.session.add(speaker)
    db.session.commit()
    session = make_session(event, datetime(2027, 3, 27, 10, 0), title="Measuring participation", speakers=[speaker])
    return event, session


def organiser_of(event):
    return event.team[0].user


def post_form(client, url, data, form_url=None):
    """Post `data` as multipart, encoded here in memory: the test client would spool a large body to a file it
    never closes."""
    data = {"csrf_token": client.csrf_token(form_url or url)} | data
    for name, value in data.items():
        if isinstance(value, tuple):
            data[name] = FileStorage(value[0], filename=value[1], content_type="application/octet-stream")
    boundary, body = encode_multipart(data)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def add(client, event, **fields):
    data = {"place": "", "kind": "document", "title": "", "language": "", "link": "", "visibility": "public",
            "add_material": "1"} | fields
    return post_form(client, f"/events/{event.slug}/manage/materials", data)


def upload(data: bytes, name="slides.pdf"):
    return (io.BytesIO(data), name)


def stored_files(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "programme-materials")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def material_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ProgrammeMaterial))


def test_an_organiser_adds_slides_a_recording_and_a_link_and_readers_find_them(client, login, programme, app):
    event, session = programme
    login(organiser_of(event))

    response = add(client, event, place=str(session.id), title="Slides: measuring participation", language="en",
                   file=upload(files.slides()))
    assert response.status_code == 302
    add(client, event, place=str(session.id), kind="recording", title="Recording of the session",
        link="https://youtu.be/dQw4w9WgXcQ")
    add(client, event, kind="link", title="Convention text", link="https://www.unesco.org/creativity/en/2005-convention")

    page = page_text(client.get(f"/events/{event.slug}/manage/materials").get_data(as_text=True))
    assert "Slides: measuring participation" in page and "Recording of the session" in page
    # A recording is kept as the host's own address, rebuilt from the video's id.
    recording = db.session.scalar(select(ProgrammeMaterial).where(ProgrammeMaterial.kind == "recording"))
    assert recording.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert len(stored_files(app)) == 1

    client.submit("/account/logout", form_url="/")
    session_page = page_text(client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True))
    assert "Slides: measuring participation" in session_page and "Recording on YouTube" in session_page
    programme_page = page_text(client.get(f"/events/{event.slug}/programme").get_data(as_text=True))
    assert "Convention text" in programme_page and "Slides: measuring participation" in programme_page


@pytest.mark.parametrize("fields, message", [
    ({"file": (files.png, "slides.pdf")}, "This file is not a PDF document."),
    ({"file": (files.slides, "slides.docx")}, "This file's name ends in .docx, but it contains a PDF"),
    ({"file": (files.docx, "slides.pdf")}, "This file's name ends in .pdf, but it contains a Word"),
    ({"file": (files.docx, "slides.docx")}, "save it as PDF (File › Save as, or Export) and upload it"),
    ({"file": (files.pptx, "deck.pptx")}, "This is a PowerPoint presentation (.pptx)."),
    ({"file": (files.odp, "deck.odp")}, "This is an OpenDocument presentation (.odp)."),
    ({"file": (files.old_office, "deck.ppt")}, "This is an older Office file (.doc, .ppt or .xls)."),
    ({"file": (files.png, "photo.png")}, "Upload slides and documents as PDF files"),
    ({"file": (lambda: b"MZ\x90\x00" + b"\x00" * 300, "tool.exe")}, "Upload slides and documents as PDF files"),
    ({"file": (lambda: b"%PDF-1.7\n" + b"x" * (15 * 1024 * 1024), "big.pdf")}, "This file is larger than 15 MB."),
    ({}, "Choose the PDF file to upload."),
    ({"title": "", "file": (files.slides, "slides.pdf")}, "Give the material a title."),
    ({"title": "x" * 201, "file": (files.slides, "slides.pdf")}, "At most 200 characters."),
    ({"language": "xx", "file": (files.slides, "slides.pdf")}, "Choose one of the options in the list."),
    ({"kind": "recording", "link": "https://example.org/video/1"}, "Link to a video on YouTube or Vimeo"),
    ({"kind": "recording", "link": "javascript:alert(1)"}, "Link to a video on YouTube or Vimeo"),
    ({"kind": "link", "link": "javascript:alert(document.cookie)"}, "Give a web address starting with https://"),
    ({"kind": "link", "link": "data:text/html,<script>alert(1)</script>"}, "Give a web address starting with https://"),
    ({"kind": "link", "link": "ftp://example.org/file"}, "Give a web address starting with https://"),
    ({"kind": "link", "link": ""}, "Give a web address starting with https://"),
])
def test_bad_material_is_refused_with_a_reason_keeps_what_was_typed_and_stores_nothing(
        client, login, programme, app, fields, message):
    event, session = programme
    login(organiser_of(event))
    fields = {"title": "Keynote slides"} | fields
    if "file" in fields:  # made here, where the app can render a PDF
        make, name = fields["file"]
        fields["file"] = (io.BytesIO(make()), name)

    response = add(client, event, place=str(session.id), **fields)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in page_text(html)
    if fields["title"] and len(fields["title"]) <= 200:
        assert f'value="{fields["title"]}"' in html  # what was typed stays in the form
    assert material_count() == 0 and stored_files(app) == []


def test_a_password_protected_pdf_is_refused_with_a_clear_message(client, login, programme, app):
    event, session = programme
    login(organiser_of(event))

    response = add(client, event, title="Locked slides", file=upload(files.locked(files.slides())))

    assert response.status_code == 400
    assert "This PDF is protected by a password: save it without one" in page_text(response.get_data(as_text=True))
    assert material_count() == 0 and stored_files(app) == []


def test_the_form_says_the_size_limit_and_that_office_files_are_not_converted(client, login, programme):
    event, _ = programme
    login(organiser_of(event))

    page = page_text(client.get(f"/events/{event.slug}/manage/materials").get_data(as_text=True))

    assert "A PDF of at most 15 MB, without a password." in page
    assert "are not converted on the server: save them as PDF first" in page


def test_visibility_public_registered_hidden_decides_who_sees_and_downloads(client, login, programme, make_user, app):
    from tests.registration.onsite import confirmed

    event, session = programme
    organiser = organiser_of(event)
    login(organiser)
    for title, visibility in (("Open slides", "public"), ("Participants' notes", "registered"),
                              ("Draft notes", "hidden")):
        add(client, event, place=str(session.id), title=title, visibility=visibility, file=upload(files.slides(title)))
    ids = {m.title: m.id for m in db.session.scalars(select(ProgrammeMaterial))}
    url = lambda title: f"/events/{event.slug}/materials/{ids[title]}/file"  # noqa: E731
    assert client.get(url("Draft notes")).status_code == 200  # organisers see everything
    client.submit("/account/logout", form_url="/")

    visitor_page = page_text(client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True))
    assert "Open slides" in visitor_page and "Participants' notes" not in visitor_page and "Draft" not in visitor_page
    response = client.get(url("Open slides"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment") and "Open-slides.pdf" in \
        response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"].startswith("public")
    assert client.get(url("Participants' notes")).status_code == 404
    assert client.get(url("Draft notes")).status_code == 404

    participant, stranger = make_user(), make_user()
    confirmed(event, participant)
    login(stranger)
    assert client.get(url("Participants' notes")).status_code == 404
    client.submit("/account/logout", form_url="/")
    login(participant)
    page = page_text(client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True))
    assert "Participants' notes" in page and "Draft notes" not in page
    response = client.get(url("Participants' notes"))
    assert response.status_code == 200 and response.headers["Cache-Control"].startswith("private")
    assert client.get(url("Draft notes")).status_code == 404


def test_a_material_of_another_event_in_the_address_is_not_found_and_nothing_changes(
        client, login, programme, make_event, app):
    event, session = programme
    other = make_event(slug="other")
    theirs = ProgrammeMaterial(event_id=other.id, kind="link", title="Their link", url="https://example.org",
                               visibility="hidden", translations={})
    db.session.add(theirs)
    db.session.commit()
    login(organiser_of(event))

    for path in (f"/manage/materials/{theirs.id}", f"/materials/{theirs.id}/file"):
        assert client.get(f"/events/{event.slug}{path}").status_code == 404
    for action in ("publish", "delete", "up"):
        response = client.submit(f"/events/{event.slug}/manage/materials/{theirs.id}/{action}", {},
                                 form_url=f"/events/{event.slug}/manage/materials")
        assert response.status_code == 404
    response = client.submit(f"/events/{event.slug}/manage/materials/{theirs.id}",
                             {"title": "Mine now", "visibility": "public", "link": "https://example.org"},
                             form_url=f"/events/{event.slug}/manage/materials")
    assert response.status_code == 404
    db.session.expire_all()
    assert theirs.title == "Their link" and theirs.visibility == "hidden"


def test_editing_replacing_reordering_and_deleting(client, login, programme, app):
    event, session = programme
    login(organiser_of(event))
    add(client, event, title="First", file=upload(files.slides("First")))
    add(client, event, kind="link", title="Second", link="https://example.org/second")
    first, second = db.session.scalars(select(ProgrammeMaterial).order_by(ProgrammeMaterial.id)).all()
    old_file = first.file_name
    base = f"/events/{event.slug}/manage/materials"

    response = post_form(client, f"{base}/{first.id}", {"title": "First, revised", "language": "fr",
                                                        "visibility": "registered", "file": upload(files.slides("R"))})
    assert response.status_code == 302
    client.submit(f"{base}/{second.id}/up", {}, form_url=base)
    db.session.expire_all()
    assert (first.title, first.language, first.visibility) == ("First, revised", "fr", "registered")
    assert first.file_name != old_file and stored_files(app) == [first.file_name]
    assert second.position < first.position

    response = client.submit(f"{base}/{second.id}", {"title": "Second", "visibility": "public",
                                                     "link": "javascript:alert(1)"})
    assert response.status_code == 400 and "Give a web address starting with https://" in page_text(
        response.get_data(as_text=True))

    client.submit(f"{base}/{first.id}/delete", {}, form_url=base)
    assert material_count() == 1 and stored_files(app) == []


def test_publishing_a_speakers_upload_changes_the_page_visitors_were_given(client, login, programme, app):
    event, session = programme
    hidden = ProgrammeMaterial(event_id=event.id, session_id=session.id, kind="link", title="Speaker's notes",
                               url="https://example.org/notes", visibility="hidden",
                               speaker_id=session.speaker_links[0].speaker_id, translations={})
    db.session.add(hidden)
    db.session.commit()
    page_url = f"/events/{event.slug}/sessions/{session.id}"
    assert "Speaker's notes" not in client.get(page_url).get_data(as_text=True)  # remembered for visitors now
    login(organiser_of(event))
    overview = page_text(client.get(f"/events/{event.slug}/manage").get_data(as_text=True))
    assert "1 upload from a speaker waits for you" in overview

    client.submit(f"/events/{event.slug}/manage/materials/{hidden.id}/publish", {},
                  form_url=f"/events/{event.slug}/manage/materials")
    client.submit("/account/logout", form_url="/")

    assert "Speaker's notes" in page_text(client.get(page_url).get_data(as_text=True))
    api = client.get(f"/api/v1/events/{event.slug}").get_json()
    assert api["sessions"][0]["materials"] == [{"title": "Speaker's notes", "kind": "link", "language": "",
                                                "url": "https://example.org/notes"}]


def test_outsiders_cannot_reach_the_organisers_pages(client, login, programme, make_user):
    event, _ = programme
    login(make_user())
    assert client.get(f"/events/{event.slug}/manage/materials").status_code == 403


def test_deleting_a_session_takes_its_materials_and_files_and_a_removed_speakers_uploads_stay(
        client, login, make_event, make_session, app):
    event = make_event(slug="draft-forum", status="draft")
    speaker = Speaker(event=event, name="Kofi Mensah")
    db.session.add(speaker)
    db.session.commit()
    session = make_session(event, datetime(2027, 3, 27, 10, 0), title="Panel", speakers=[speaker])
    kept = make_session(event, datetime(2027, 3, 27, 14, 0), title="Workshop")
    login(organiser_of(event))
    add(client, event, place=str(session.id), title="Panel slides", file=upload(files.slides()))
    add(client, event, place=str(kept.id), kind="link", title="Workshop notes", link="https://example.org/notes")
    notes = db.session.scalar(select(ProgrammeMaterial).where(ProgrammeMaterial.title == "Workshop notes"))
    notes.speaker_id = speaker.id
    db.session.commit()
    base = f"/events/{event.slug}/manage"

    client.submit(f"{base}/sessions/{session.id}/delete", {}, form_url=f"{base}/programme")
    client.submit(f"{base}/speakers/{speaker.id}/delete", {}, form_url=f"{base}/speakers")

    db.session.expire_all()
    assert [m.title for m in db.session.scalars(select(ProgrammeMaterial))] == ["Workshop notes"]
    assert notes.speaker_id is None and stored_files(app) == []


def test_a_title_in_each_working_language_readers_get_theirs(client, login, make_event, make_session):
    event = make_event(slug="bilingual", languages=["en", "fr"])
    session = make_session(event, datetime(2027, 3, 27, 10, 0), title="Opening")
    login(organiser_of(event))

    response = add(client, event, place=str(session.id), kind="link", title="Programme notes",
                   title__fr="x" * 201, link="https://example.org/notes")
    assert response.status_code == 400 and "At most 200 characters." in page_text(response.get_data(as_text=True))
    assert material_count() == 0
    add(client, event, place=str(session.id), kind="link", title="Programme notes", title__fr="Notes du programme",
        link="https://example.org/notes")
    material = db.session.scalar(select(ProgrammeMaterial))
    assert material.translations == {"fr": {"title": "Notes du programme"}}
    assert 'value="Notes du programme"' in client.get(
        f"/events/{event.slug}/manage/materials/{material.id}").get_data(as_text=True)
    client.submit("/account/logout", form_url="/")

    french = client.get(f"/events/{event.slug}/sessions/{session.id}?lang=fr").get_data(as_text=True)
    assert "Notes du programme" in french


def test_a_co_organiser_who_deletes_their_account_leaves_their_materials_to_the_event(
        client, login, programme, make_user):
    from events.models import EventOrganiser
    from tests.conftest import PASSWORD

    event, session = programme
    colleague = make_user(email="colleague@example.org", roles=("organiser",))
    db.session.add(EventOrganiser(event_id=event.id, user_id=colleague.id))
    db.session.commit()
    login(colleague)
    add(client, event, place=str(session.id), kind="link", title="Reading list", link="https://example.org/reading")

    response = client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"}, follow_redirects=True)

    assert "Your account is deleted." in response.get_data(as_text=True)
    db.session.expire_all()
    material = db.session.scalar(select(ProgrammeMaterial))
    assert material.title == "Reading list" and material.added_by_user_id is None
