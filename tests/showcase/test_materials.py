"""Booth material: what an owner uploads is judged by its content and held to the fair's rules; hostile files
are refused with their reason and leave nothing behind; files are read only by those who may."""
import io
import os
from pathlib import Path
import re
import struct
import zlib

from PIL import ExifTags, Image
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from core import uploads
from core.extensions import db
from core.pdf import html_to_pdf
from showcase import materials
from showcase.models import APPROVED, DRAFTING, PENDING, REJECTED, FairSettings, MaterialItem, ModerationDecision
from tests.conftest import page_text
from tests.showcase.fair import beneficiary_booth, make_booth, make_fair, make_organisation

MB = 1024 * 1024
NOT_A_PDF = "This file is not a PDF document."
NOT_AN_IMAGE = "This file is not a JPEG, PNG, WebP or GIF image."
TOO_MANY_PIXELS = "This image has more than 40 million pixels. Upload a smaller one."
EMPTY = "This file is empty."
UNKNOWN_HOST = "Link to a video on YouTube or Vimeo"
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|pdf)")


# --- Files, good and hostile ---------------------------------------------------------------------------------

def encoded(image: Image.Image, image_format: str, **params) -> bytes:
    output = io.BytesIO()
    image.save(output, image_format, **params)
    return output.getvalue()


def photo(size=(1600, 1200)) -> bytes:
    """A JPEG as a phone makes it: with the camera's make and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (48.0, 51.0, 29.0)}
    return encoded(Image.new("RGB", size, (200, 80, 20)), "JPEG", exif=exif, comment=b"secret-comment")


def noise_jpeg(side: int) -> bytes:
    """An image that hardly compresses, so that it takes real space once stored."""
    return encoded(Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)), "JPEG", quality=85)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def one_bit_png(width: int, height: int, with_pixels=True) -> bytes:
    """A black-and-white PNG made by hand: every pixel there (a real image) or only the header's claim."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
    pixels = png_chunk(b"IDAT", zlib.compress(bytes(1 + (width + 7) // 8) * 4))  # a few rows: a bomb's fuse
    if with_pixels:
        row = bytes(1 + (width + 7) // 8)
        compressor = zlib.compressobj(9)
        pixels = png_chunk(b"IDAT", b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush())
    return b"\x89PNG\r\n\x1a\n" + header + pixels + png_chunk(b"IEND", b"")


@pytest.fixture
def pdf_report(app):
    return html_to_pdf("<!doctype html><html><body><h1>Results</h1><p>Page one</p>"
                       "<p style='break-before: page'>Page two</p></body></html>")


def png_bytes() -> bytes:
    return encoded(Image.new("RGB", (40, 30), "blue"), "PNG")


# --- Helpers ---------------------------------------------------------------------------------------------------

def files_in(app) -> list[Path]:
    """Every file under UPLOAD_FOLDER, whatever the folder."""
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def item_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(MaterialItem.id)))


def add(client, booth, kind, title="Our recording sessions", data=None, filename="file", content_type=None,
        link=None):
    url = f"/showcase/booths/{booth.id}/materials/new"
    form = {"kind": kind, "title": title, "csrf_token": client.csrf_token(url)}
    if data is not None:
        form["file"] = FileStorage(io.BytesIO(data), filename=filename,
                                   content_type=content_type or "application/octet-stream")
    if link is not None:
        form["link"] = link
    # Encoded here in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(form)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def set_rules(fair, **rules) -> FairSettings:
    settings = db.session.get(FairSettings, fair.id) or FairSettings(event_id=fair.id)
    for name, value in rules.items():
        setattr(settings, name, value)
    db.session.add(settings)
    db.session.commit()
    return settings


def only_item() -> MaterialItem:
    db.session.expire_all()
    return db.session.scalars(select(MaterialItem)).one()


@pytest.fixture
def fair(make_event):
    return make_fair(make_event)


@pytest.fixture
def owner_booth(fair, make_user, login):
    """A beneficiary, logged in, with an approved booth at the fair: (user, booth)."""
    user, booth = beneficiary_booth(make_user, fair)
    login(user)
    return user, booth


def approve(item: MaterialItem) -> None:
    item.status = APPROVED
    db.session.commit()


# --- Good uploads ------------------------------------------------------------------------------------------------

def test_an_image_is_stored_clean_with_its_thumbnail_and_waits_for_the_organisers(app, client, owner_booth):
    user, booth = owner_booth
    original = photo()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test's own premise

    response = add(client, booth, "image", "Studio day", original, "IMG_0042.jpg", "image/jpeg")

    assert response.status_code == 302 and response.location.endswith(f"/showcase/booths/{booth.id}#material")
    item = only_item()
    assert (item.kind, item.title, item.status, item.content_type) == ("image", "Studio day", PENDING, "image/jpeg")
    assert (item.width, item.height) == (1600, 1200)
    stored = files_in(app)
    assert sorted(path.name for path in stored) == sorted([item.file_name, item.thumbnail_name])
    assert all(STORED_NAME.fullmatch(path.name) and path.parent.name == "booth-material" for path in stored)
    kept = uploads.path_of(materials.FOLDER, item.file_name)
    image = Image.open(io.BytesIO(kept.read_bytes()))
    assert len(image.getexif()) == 0 and not {"exif", "comment", "icc_profile"} & image.info.keys()
    assert b"PhoneMaker" not in kept.read_bytes() and b"secret" not in kept.read_bytes()
    assert item.size_bytes == kept.stat().st_size
    thumbnail = Image.open(io.BytesIO(uploads.path_of(materials.FOLDER, item.thumbnail_name).read_bytes()))
    assert thumbnail.size == (480, 360) and len(thumbnail.getexif()) == 0

    page = client.get(f"/showcase/booths/{booth.id}").get_data(as_text=True)
    assert f"/showcase/materials/{item.id}/thumbnail" in page
    assert "Studio day" in page and "Waiting for the organisers" in page


def test_the_thumbnail_is_made_once_at_upload_and_only_read_afterwards(app, client, owner_booth, monkeypatch):
    user, booth = owner_booth
    add(client, booth, "image", "Studio day", photo(), "studio.jpg", "image/jpeg")
    item = only_item()
    path = uploads.path_of(materials.FOLDER, item.thumbnail_name)
    made_at = path.stat().st_mtime_ns

    def no_imaging(*args, **kwargs):
        raise AssertionError("an image was decoded or made while serving a thumbnail")

    monkeypatch.setattr(Image, "open", no_imaging)
    monkeypatch.setattr(uploads, "check_image", no_imaging)
    answers = [client.get(f"/showcase/materials/{item.id}/thumbnail") for _ in range(2)]

    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[0].data == answers[1].data == path.read_bytes()
    assert path.stat().st_mtime_ns == made_at and len(files_in(app)) == 2


def test_a_pdf_and_a_video_link_are_added(app, client, owner_booth, pdf_report):
    user, booth = owner_booth

    added = add(client, booth, "document", "Annual report", pdf_report, "report.pdf", "application/pdf")
    assert added.status_code == 302
    assert add(client, booth, "video", "Our film", link="https://youtu.be/dQw4w9WgXcQ").status_code == 302

    document, video = db.session.scalars(select(MaterialItem).order_by(MaterialItem.id)).all()
    assert (document.kind, document.pages, document.content_type) == ("document", 2, "application/pdf")
    assert (video.video_host, video.video_id, video.file_name) == ("youtube", "dQw4w9WgXcQ", None)
    assert len(files_in(app)) == 1
    page = client.get(f"/showcase/booths/{booth.id}").get_data(as_text=True)
    assert "PDF, 2 pages" in page_text(page) and "Watch on YouTube" in page_text(page)
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in page
    assert "<iframe" not in page and "youtube.com/vi" not in page and "ytimg" not in page


def test_a_file_name_with_dots_slashes_or_control_characters_is_never_used_on_disk(app, client, owner_booth):
    user, booth = owner_booth

    names = ("../../../etc/passwd.png", "..\\..\\boot.ini.png", "bad\x00na\x1bme\t.png", "\u202egnp.exe",
             "%2e%2e%2fup.png", "/tmp/abs.png")
    for name in names:
        assert add(client, booth, "image", "Poster", png_bytes(), name, "image/png").status_code == 302
    # A line break in the name breaks the part's header: the file does not arrive, and the form says so.
    broken = add(client, booth, "image", "Poster", png_bytes(), "evil\r\nContent-Type: text/html\r\n.png")
    assert broken.status_code == 400 and "Choose the image to upload" in page_text(broken.get_data(as_text=True))

    stored = files_in(app)
    assert len(stored) == 2 * len(names)  # each image and its thumbnail, in the material folder under our own names
    assert all(path.parent == Path(app.config["UPLOAD_FOLDER"]) / "booth-material" for path in stored)
    assert all(STORED_NAME.fullmatch(path.name) for path in stored)
    names = [(item.file_name, item.thumbnail_name, item.title) for item in db.session.scalars(select(MaterialItem))]
    assert not any("passwd" in str(values) or "boot" in str(values) or "exe" in str(values) for values in names)


# --- Hostile and impossible uploads: refused with their reason, nothing stored -------------------------------------

def hostile_cases():
    return [
        pytest.param("document", "poster.pdf", "application/pdf", png_bytes, NOT_A_PDF, id="png-named-pdf"),
        pytest.param("image", "photo.jpg", "image/jpeg", lambda: html_to_pdf("<p>Hello</p>"), NOT_AN_IMAGE,
                     id="pdf-named-jpg"),
        pytest.param("document", "report.pdf", "application/pdf",
                     lambda: b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 400, NOT_A_PDF,
                     id="exe-renamed-pdf"),
        pytest.param("image", "logo.png", "image/png",
                     lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
                     NOT_AN_IMAGE, id="svg-with-script"),
        pytest.param("image", "photo.png", "image/png",
                     lambda: b"<!doctype html><html><body><script>alert(1)</script></body></html>", NOT_AN_IMAGE,
                     id="html-as-image"),
        pytest.param("image", "bomb.png", "image/png", lambda: one_bit_png(20_000, 20_000, with_pixels=False),
                     TOO_MANY_PIXELS, id="decompression-bomb"),
        pytest.param("image", "huge.png", "image/png", lambda: one_bit_png(20_000, 20_000), TOO_MANY_PIXELS,
                     id="20000x20000-pixels"),
        pytest.param("image", "empty.jpg", "image/jpeg", lambda: b"", EMPTY, id="empty-image"),
        pytest.param("document", "empty.pdf", "application/pdf", lambda: b"", EMPTY, id="empty-pdf"),
        pytest.param("document", "big.pdf", "application/pdf", lambda: b"%PDF-1.7\n" + b"0" * (11 * MB),
                     "This file is larger than 10 MB.", id="over-the-per-file-limit"),
    ]


@pytest.mark.parametrize("kind, filename, content_type, make_data, message", hostile_cases())
def test_a_hostile_or_impossible_upload_is_refused_with_its_reason_and_leaves_nothing(
        app, client, owner_booth, kind, filename, content_type, make_data, message):
    user, booth = owner_booth
    data = make_data()

    response = add(client, booth, kind, "Something", data, filename, content_type)

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page_text(page)
    assert 'value="Something"' in page  # what was typed is kept
    assert item_count() == 0 and files_in(app) == []


def test_a_file_past_the_booths_total_is_refused_and_what_is_left_is_said(app, client, owner_booth, fair):
    user, booth = owner_booth
    set_rules(fair, max_file_mb=1, max_booth_mb=1)
    first = noise_jpeg(1000)
    assert add(client, booth, "image", "First", first, "a.jpg", "image/jpeg").status_code == 302
    used = only_item().size_bytes
    assert used > MB // 2  # the premise: a second one does not fit

    response = add(client, booth, "image", "Second", noise_jpeg(1000), "b.jpg", "image/jpeg")

    assert response.status_code == 400
    assert "would take the booth past the 1 MB this fair allows for all its material" in page_text(
        response.get_data(as_text=True))
    assert item_count() == 1 and len(files_in(app)) == 2


def test_an_item_past_the_fairs_number_is_refused(app, client, owner_booth, fair):
    user, booth = owner_booth
    set_rules(fair, max_items=1)
    assert add(client, booth, "video", "Film", link="https://vimeo.com/76979871").status_code == 302
    assert "The booth has as many items as this fair allows" in page_text(
        client.get(f"/showcase/booths/{booth.id}").get_data(as_text=True))

    response = add(client, booth, "image", "Poster", png_bytes(), "poster.png", "image/png")

    assert response.status_code == 400
    assert "This booth already has 1 items, the most this fair allows" in page_text(response.get_data(as_text=True))
    assert item_count() == 1 and files_in(app) == []


def test_a_video_link_to_an_unknown_host_is_refused(app, client, owner_booth):
    user, booth = owner_booth

    for link in ("https://evil.example.org/watch?v=dQw4w9WgXcQ", "javascript:alert(1)", ""):
        response = add(client, booth, "video", "Film", link=link)
        assert response.status_code == 400
        assert UNKNOWN_HOST in page_text(response.get_data(as_text=True))
    assert item_count() == 0


def test_a_kind_the_fair_does_not_take_is_refused(app, client, owner_booth, fair):
    user, booth = owner_booth
    set_rules(fair, material_kinds=["image"])
    form_page = client.get(f"/showcase/booths/{booth.id}/materials/new").get_data(as_text=True)
    assert 'value="video"' not in form_page and "This fair takes images." in page_text(form_page)

    response = add(client, booth, "video", "Film", link="https://vimeo.com/76979871")
    assert response.status_code == 400
    assert "This fair does not take video links. It takes: images." in page_text(response.get_data(as_text=True))
    response = add(client, booth, "program", "Tool", data=b"MZ" + bytes(100), filename="tool.exe")
    assert response.status_code == 400 and "Choose one of the options in the list." in response.get_data(as_text=True)
    assert item_count() == 0 and files_in(app) == []


def test_a_title_is_required_and_short(app, client, owner_booth):
    user, booth = owner_booth

    missing = add(client, booth, "video", "   ", link="https://vimeo.com/76979871")
    too_long = add(client, booth, "video", "x" * 201, link="https://vimeo.com/76979871")
    hidden = add(client, booth, "video", "Film\x00", link="https://vimeo.com/76979871")

    assert missing.status_code == too_long.status_code == hidden.status_code == 400
    assert "Give it a title" in page_text(missing.get_data(as_text=True))
    assert "At most 200 characters." in page_text(too_long.get_data(as_text=True))
    assert "cannot be stored" in page_text(hidden.get_data(as_text=True))
    assert item_count() == 0


def test_when_the_database_fails_the_stored_files_are_removed(app, fair, make_user, monkeypatch):
    user, booth = beneficiary_booth(make_user, fair)

    def failing_commit():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with pytest.raises(RuntimeError):
        materials.add_item(booth, "image", "Poster", upload=FileStorage(io.BytesIO(photo()), filename="p.jpg"))
    monkeypatch.undo()

    assert item_count() == 0 and files_in(app) == []


# --- Changing and deleting --------------------------------------------------------------------------------------------

def test_an_approved_item_that_changes_waits_again_and_leaves_the_public_page(app, client, owner_booth):
    user, booth = owner_booth
    add(client, booth, "image", "Studio day", photo(), "studio.jpg", "image/jpeg")
    item = only_item()
    approve(item)
    assert [i.id for i in materials.public_items(booth)] == [item.id]
    old_files = files_in(app)

    response = client.submit(f"/showcase/booths/{booth.id}/materials/{item.id}", {"title": "Studio day, 2024"},
                             content_type="multipart/form-data")

    assert response.status_code == 302
    item = only_item()
    assert (item.title, item.status) == ("Studio day, 2024", PENDING)
    assert materials.public_items(booth) == [] and files_in(app) == old_files  # same file, not shown
    assert client.get(f"/showcase/materials/{item.id}/file").status_code == 200  # to its owner
    assert app.test_client().get(f"/showcase/materials/{item.id}/file").status_code == 404  # to the public


def test_replacing_the_file_stores_the_new_one_deletes_the_old_and_refused_files_change_nothing(
        app, client, owner_booth, pdf_report):
    user, booth = owner_booth
    add(client, booth, "image", "Studio day", photo(), "studio.jpg", "image/jpeg")
    item = only_item()
    approve(item)
    old_files = files_in(app)
    url = f"/showcase/booths/{booth.id}/materials/{item.id}"

    refused = client.submit(url, {"title": "Studio", "file": (io.BytesIO(pdf_report), "new.jpg", "image/jpeg")},
                            content_type="multipart/form-data")
    assert refused.status_code == 400 and NOT_AN_IMAGE in page_text(refused.get_data(as_text=True))
    assert (only_item().status, only_item().title, files_in(app)) == (APPROVED, "Studio day", old_files)

    replaced = client.submit(url, {"title": "Studio day", "file": (io.BytesIO(png_bytes()), "new.png", "image/png")},
                             content_type="multipart/form-data")
    assert replaced.status_code == 302
    item = only_item()
    assert item.status == PENDING and (item.width, item.height) == (40, 30)
    assert not set(old_files) & set(files_in(app)) and len(files_in(app)) == 2


def test_a_video_link_is_changed_and_an_unchanged_item_keeps_its_approval(app, client, owner_booth):
    user, booth = owner_booth
    add(client, booth, "video", "Film", link="https://vimeo.com/76979871")
    item = only_item()
    approve(item)
    url = f"/showcase/booths/{booth.id}/materials/{item.id}"
    assert 'value="https://vimeo.com/76979871"' in client.get(url).get_data(as_text=True)

    assert client.submit(url, {"title": "Film", "link": "https://vimeo.com/76979871"}).status_code == 302
    assert only_item().status == APPROVED
    bad = client.submit(url, {"title": "Film", "link": "https://example.org/v/1"})
    assert bad.status_code == 400 and UNKNOWN_HOST in page_text(bad.get_data(as_text=True))
    youtube = client.submit(url, {"title": "Film", "link": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"})
    assert youtube.status_code == 302
    item = only_item()
    assert (item.video_host, item.video_id, item.status) == ("youtube", "dQw4w9WgXcQ", PENDING)


def test_deleting_an_item_removes_its_files_and_keeps_the_decisions_on_record(app, client, owner_booth):
    user, booth = owner_booth
    add(client, booth, "image", "Studio day", photo(), "studio.jpg", "image/jpeg")
    item = only_item()
    db.session.add(ModerationDecision(booth_id=booth.id, item_id=item.id, subject="image: Studio day",
                                      decision=REJECTED, reason="Blurred"))
    db.session.commit()

    response = client.submit(f"/showcase/booths/{booth.id}/materials/{item.id}/delete", {},
                             form_url=f"/showcase/booths/{booth.id}")

    assert response.status_code == 302
    assert item_count() == 0 and files_in(app) == []
    decision = db.session.scalars(select(ModerationDecision)).one()
    assert (decision.item_id, decision.subject, decision.reason) == (None, "image: Studio day", "Blurred")


# --- Who may do and read what ---------------------------------------------------------------------------------

def test_another_beneficiary_can_neither_change_nor_read_someone_elses_pending_material(
        app, client, fair, make_user, login):
    owner, booth = beneficiary_booth(make_user, fair)
    item = materials.add_item(booth, "image", "Studio day", upload=FileStorage(io.BytesIO(photo()), filename="a.jpg"))
    other, other_booth = beneficiary_booth(make_user, fair, email="amina@arts.example.org", name="Arts Collective")
    login(other)
    before = files_in(app)

    token = client.csrf_token(f"/showcase/booths/{other_booth.id}")
    assert add(client, booth, "video", "Mine now", link="https://vimeo.com/76979871").status_code == 404
    assert client.get(f"/showcase/booths/{booth.id}/materials/new").status_code == 404
    assert client.get(f"/showcase/booths/{booth.id}/materials/{item.id}").status_code == 404
    assert client.post(f"/showcase/booths/{booth.id}/materials/{item.id}/delete",
                       data={"csrf_token": token}).status_code == 404
    # Their own booth's address with someone else's item in it is no way round.
    assert client.post(f"/showcase/booths/{other_booth.id}/materials/{item.id}/delete",
                       data={"csrf_token": token}).status_code == 404
    assert client.get(f"/showcase/materials/{item.id}/file").status_code == 404
    assert client.get(f"/showcase/materials/{item.id}/thumbnail").status_code == 404
    assert item_count() == 1 and files_in(app) == before


def test_the_public_reads_approved_files_only_and_the_booths_people_and_organisers_read_all(
        app, client, fair, make_user, login, pdf_report):
    owner, booth = beneficiary_booth(make_user, fair)
    image = materials.add_item(booth, "image", "Studio day", upload=FileStorage(io.BytesIO(photo()), filename="a.jpg"))
    document = materials.add_item(booth, "document", "Rapport \"annuel\"\r\n../../x été",
                                  upload=FileStorage(io.BytesIO(pdf_report), filename="../x.pdf"))
    rejected = materials.add_item(booth, "image", "Blurred", upload=FileStorage(io.BytesIO(png_bytes()), filename="b"))
    image.status = document.status = APPROVED
    rejected.status = REJECTED
    db.session.commit()
    ids = image.id, document.id, rejected.id

    shown = client.get(f"/showcase/materials/{ids[0]}/file")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert shown.headers["Cache-Control"].startswith("private")
    assert client.get(f"/showcase/materials/{ids[0]}/thumbnail").status_code == 200
    pdf = client.get(f"/showcase/materials/{ids[1]}/file")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data == pdf_report
    assert pdf.headers["Content-Disposition"] == "inline; filename=Rapport-annuel-x-ete.pdf"
    assert pdf.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/showcase/materials/{ids[2]}/file").status_code == 404
    assert client.get(f"/showcase/materials/{ids[0]}/other").status_code == 404
    assert client.get("/showcase/materials/999999/file").status_code == 404

    # Approved items of a booth that is not public (yet, or any more) are not public either.
    booth.status = DRAFTING
    db.session.commit()
    assert client.get(f"/showcase/materials/{ids[0]}/file").status_code == 404
    login(owner)
    assert client.get(f"/showcase/materials/{ids[0]}/file").status_code == 200
    assert client.get(f"/showcase/materials/{ids[2]}/file").status_code == 200
    client.post("/account/logout", data={"csrf_token": client.csrf_token("/")})
    login(fair.team[0].user)
    assert client.get(f"/showcase/materials/{ids[2]}/thumbnail").status_code == 200


def test_a_draft_fairs_approved_material_is_not_public(app, client, make_event, make_user):
    fair = make_fair(make_event, status="draft")
    owner, booth = beneficiary_booth(make_user, fair)
    item = materials.add_item(booth, "image", "Poster", upload=FileStorage(io.BytesIO(png_bytes()), filename="p"))
    item.status = APPROVED
    db.session.commit()

    assert client.get(f"/showcase/materials/{item.id}/file").status_code == 404


def test_the_booths_staff_see_the_material_but_cannot_change_it(app, client, fair, make_user, login):
    owner = make_user(roles=("beneficiary",), email="owner@hub.example.org")
    staff = make_user(roles=("beneficiary",), email="staff@hub.example.org")
    booth = make_booth(fair, make_organisation(owner, staff=[staff]))
    item = materials.add_item(booth, "video", "Film", link="https://vimeo.com/76979871")
    login(staff)

    page = client.get(f"/showcase/booths/{booth.id}").get_data(as_text=True)

    assert "Film" in page and "Watch on Vimeo" in page_text(page)
    assert f"/materials/{item.id}/delete" not in page and "Add to the booth" not in page
    assert client.get(f"/showcase/booths/{booth.id}/materials/new").status_code == 404
    assert client.get(f"/showcase/materials/{item.id}/file").status_code == 404  # a link has no file


def test_the_public_partial_lists_approved_items_only(app, fair, make_user):
    from flask import render_template

    owner, booth = beneficiary_booth(make_user, fair)
    shown = materials.add_item(booth, "video", "Approved film", link="https://vimeo.com/76979871")
    materials.add_item(booth, "video", "Pending film", link="https://vimeo.com/76979872")
    approve(shown)

    with app.test_request_context("/"):
        html = render_template("showcase/_public_materials.html", booth=booth, items=materials.public_items(booth))

    assert "Approved film" in html and "Pending film" not in html
    assert 'href="https://vimeo.com/76979871"' in html and "<iframe" not in html and "<script" not in html


def test_an_upload_without_the_forms_token_is_refused(app, client, owner_booth):
    user, booth = owner_booth

    response = client.post(f"/showcase/booths/{booth.id}/materials/new", data={
        "kind": "image", "title": "Poster", "file": (io.BytesIO(png_bytes()), "poster.png", "image/png")},
        content_type="multipart/form-data")

    assert response.status_code == 400 and "Form expired" in response.get_data(as_text=True)
    assert item_count() == 0 and files_in(app) == []
