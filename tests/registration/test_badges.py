"""Badges as a reader holds them: the PDF is read back with poppler, its QR code decoded with zbar."""
import io
import re
import subprocess

from PIL import Image
import pytest

from core import jobs, uploads
from core.extensions import db
from registration import badges, codes
from registration.models import A4_A6, A4_CARD, A6, CARD, PENDING, BadgeDesign, Registration
from tests.conftest import PASSWORD, page_text
from tests.core.test_pdf import NAMES, embedded_fonts, pdf_text
from tests.ink import NAMES as INKED_NAMES, lost_ink, rasterise
from tests.registration.onsite import confirmed


def page_count(data: bytes, tmp_path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_size_mm(data: bytes, tmp_path) -> tuple[int, int]:
    path = tmp_path / "size.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


def qr_codes(data: bytes, tmp_path, page: int = 1) -> list[str]:
    """Every QR code on the page, as a phone or a USB scanner would read it (zbar, from a 200 dpi render)."""
    path = tmp_path / "badge.pdf"
    path.write_bytes(data)
    image = tmp_path / f"page-{page}"
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(path),
                    str(image)], check=True)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{image}.png"],
                         capture_output=True, text=True)
    return out.stdout.split()


@pytest.fixture
def event(make_event):
    return make_event(title="Global Forum on Cultural Policies", country="FR")


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_badge_prints_the_name_in_every_script_with_its_font_embedded(app, event, tmp_path, script):
    person = confirmed(event, full_name=NAMES[script], organisation="Conseil des arts", country="SN")

    data = badges.badge_pdf(person)

    text = pdf_text(data, tmp_path)
    assert NAMES[script].replace("-", "") in text.replace("\n", " ").replace("-", "")
    assert "Conseil des arts" in text and "Senegal" in text and "Government agency or body" in text
    assert "Global Forum on Cultural Policies" in text
    assert all(embedded_fonts(data, tmp_path).values())
    assert page_count(data, tmp_path) == 1 and page_size_mm(data, tmp_path) == (105, 148)


def test_the_badge_qr_code_decodes_to_the_signed_code_of_that_registration(app, event, tmp_path):
    person = confirmed(event, full_name="Élodie Tremblay-Nguyễn")

    [scanned] = qr_codes(badges.badge_pdf(person), tmp_path)

    assert scanned == codes.badge_code(person)
    assert codes.read_code(scanned) == codes.BadgeCode(event.id, person.id, person.badge_version)


def test_a_name_of_200_characters_stays_on_its_badge(app, event, tmp_path):
    person = confirmed(event, full_name="Maximiliana " * 16 + "Ng")  # 194 characters and more

    data = badges.badge_pdf(person)

    assert page_count(data, tmp_path) == 1
    assert len(qr_codes(data, tmp_path)) == 1  # the name did not push the code off the badge
    assert badges.name_size(person.full_name, 91, largest=30) < badges.name_size("Ng Li", 91, largest=30)


@pytest.mark.parametrize("layout", [A6, CARD, A4_A6, A4_CARD])
def test_no_dot_or_descender_of_any_script_is_cut_off_on_any_badge(app, event, tmp_path, layout):
    # بنعلي printed as بنعلى: the dots under the last letter were clipped with the name's box.
    event.title = "Gqjpy — ليلى بنعلي — Nguyễn Thị Ngọc"
    design = BadgeDesign(event_id=event.id, layout=layout, colours={}, shows_photo=False, shows_organisation=True,
                         shows_country=True)
    people = [confirmed(event, full_name=name, organisation=f"Agency Gqjpy {name}")
              for name in INKED_NAMES.values()]

    html = badges._document(event, people, design)

    assert lost_ink(html, ["badges.css"], tmp_path) == [0] * len(rasterise(
        badges.html_to_pdf(html, stylesheets=["badges.css"]), tmp_path, "count"))


def test_a_photo_is_printed_and_a_missing_one_is_left_out(app, event, tmp_path):
    picture = io.BytesIO()
    Image.new("RGB", (300, 400), (30, 90, 160)).save(picture, "JPEG")
    stored = uploads.store(picture.getvalue(), badges.PHOTOS, "jpg")
    with_photo = confirmed(event, photo=stored)
    gone = confirmed(event, photo="0" * 32 + ".jpg")  # its file was deleted

    path = tmp_path / "photo.pdf"
    path.write_bytes(badges.badge_pdf(with_photo))
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    assert len(images.splitlines()) > 2  # a header, a rule, then the photo

    data = badges.badge_pdf(gone)
    assert page_count(data, tmp_path) == 1 and qr_codes(data, tmp_path) == [codes.badge_code(gone)]


def test_sheets_put_six_cards_on_an_a4_page_and_each_code_is_readable(app, event, tmp_path):
    db.session.add(BadgeDesign(event_id=event.id, layout=A4_CARD, colours={}))
    db.session.commit()
    people = [confirmed(event, full_name=f"Person {number:02d}") for number in range(7)]

    data = badges.all_badges_pdf(event, people)

    assert page_count(data, tmp_path) == 2 and page_size_mm(data, tmp_path) == (210, 297)
    assert sorted(qr_codes(data, tmp_path, page=1)) == sorted(codes.badge_code(p) for p in people[:6])
    assert qr_codes(data, tmp_path, page=2) == [codes.badge_code(people[6])]


def test_parts_rendered_on_two_cores_join_in_order(app, event, tmp_path, monkeypatch):
    monkeypatch.setattr(badges, "PART_SIZE", 2)
    app.config["PDF_PROCESSES"] = 2
    people = [confirmed(event, full_name=f"Participant {number:02d}") for number in range(5)]
    seen = []

    data = badges.all_badges_pdf(event, people, progress=seen.append)

    assert page_count(data, tmp_path) == 5
    text = pdf_text(data, tmp_path)
    assert [int(found) for found in re.findall(r"Participant (\d\d)", text)] == list(range(5))
    assert sorted(seen) == seen and seen[-1] == 5


def test_colours_contrast_with_the_text_on_the_band():
    assert badges.ink_on("#F0E442") == "#000000"  # yellow: black text
    assert badges.ink_on("#0072B2") == "#ffffff"  # blue: white text


def test_participants_download_their_own_badge_once_confirmed(client, event, make_user, login):
    owner = make_user()
    mine = confirmed(event, owner)
    someone = confirmed(event, make_user())
    login(owner)

    response = client.get(f"/registrations/{mine.id}/badge.pdf")
    other = client.get(f"/registrations/{someone.id}/badge.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert other.status_code == 404
    listing = client.get("/registrations").get_data(as_text=True)
    assert f"/registrations/{mine.id}/badge.pdf" in listing


def test_no_badge_before_the_place_is_confirmed(client, event, make_user, login):
    owner = make_user()
    waiting = confirmed(event, owner, status=PENDING)
    login(owner)

    response = client.get(f"/registrations/{waiting.id}/badge.pdf", follow_redirects=True)

    assert response.mimetype == "text/html" and "once your place is confirmed" in response.get_data(as_text=True)
    assert f"/registrations/{waiting.id}/badge.pdf" not in client.get("/registrations").get_data(as_text=True)


def organiser_of(event):
    from accounts.models import User

    return db.session.get(User, event.team[0].user_id)


def test_printing_all_badges_runs_as_a_job_whose_file_only_the_organisers_get(app, client, event, login, make_event,
                                                                             tmp_path):
    for number in range(3):
        confirmed(event, full_name=f"Delegate {number}")
    confirmed(event, status=PENDING)  # not printed in advance
    login(organiser_of(event))

    page = client.submit(f"/events/{event.slug}/manage/badges/print", form_url=f"/events/{event.slug}/manage/badges",
                         follow_redirects=True)
    job = jobs.latest(badges.subject(event.id))
    status = client.get(f"/events/{event.slug}/manage/jobs/{job.id}").get_json()
    download = client.get(status["download_url"])

    assert "Printing the badges" in page.get_data(as_text=True)
    assert status["status"] == "done" and status["percent"] == 100 and status["total"] == 3
    assert download.mimetype == "application/pdf" and page_count(download.data, tmp_path) == 3
    # Another event's organisers cannot reach the file through their own event.
    other = make_event()
    outsider = app.test_client()
    outsider.submit("/account/login", {"email": organiser_of(other).email, "password": PASSWORD})
    assert outsider.get(f"/events/{other.slug}/manage/jobs/{job.id}").status_code == 404
    assert outsider.get(f"/events/{other.slug}/manage/jobs/{job.id}/result").status_code == 404
    assert outsider.get(f"/events/{event.slug}/manage/jobs/{job.id}/result").status_code == 403


def test_a_bad_colour_or_a_logo_that_is_no_image_saves_nothing(client, event, login):
    login(organiser_of(event))
    url = f"/events/{event.slug}/manage/badges"

    response = client.submit(url, {"layout": "card", "colour_government": "blue", "signatory_name": "Ana Ruiz",
                                   "logo": (io.BytesIO(b"<svg onload=alert(1)></svg>"), "logo.png")},
                             content_type="multipart/form-data")

    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "# and six hexadecimal digits" in body and "not a JPEG, PNG, WebP or GIF" in body
    assert 'value="Ana Ruiz"' in body  # what they typed is kept
    assert db.session.get(BadgeDesign, event.id) is None


def test_the_saved_design_prints_its_colours_and_logo(client, event, login, tmp_path):
    login(organiser_of(event))
    logo = io.BytesIO()
    Image.new("RGB", (200, 80), (200, 30, 30)).save(logo, "PNG")
    logo.seek(0)

    response = client.submit(f"/events/{event.slug}/manage/badges",
                             {"layout": "a6", "colour_government": "#112233", "shows_organisation": "y",
                              "logo": (logo, "logo.png")}, content_type="multipart/form-data")

    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    design = db.session.get(BadgeDesign, event.id)
    assert design.colours == {"government": "#112233"} and uploads.path_of(badges.LOGOS, design.logo)
    assert not design.shows_country and not design.shows_photo
    person = confirmed(event, country="KE")
    text = pdf_text(badges.badge_pdf(person), tmp_path)
    assert "Kenya" not in text and "Ministry of Culture" in text
    preview = client.get(f"/events/{event.slug}/manage/badges/preview.pdf")
    assert preview.mimetype == "application/pdf"


def test_the_preview_shows_sample_people_before_anyone_registered(client, event, login, tmp_path):
    login(organiser_of(event))

    preview = client.get(f"/events/{event.slug}/manage/badges/preview.pdf")

    assert "ليلى عبد الرحمن" in pdf_text(preview.data, tmp_path) or "الرحمن" in pdf_text(preview.data, tmp_path)
    assert db.session.query(Registration).count() == 0  # the samples are never saved


def test_the_print_command_writes_every_badge(app, event, tmp_path):
    for number in range(2):
        confirmed(event, full_name=f"Delegate {number}")
    output = tmp_path / "all.pdf"

    result = app.test_cli_runner().invoke(args=["print-badges", event.slug, str(output)])

    assert result.exit_code == 0, result.output
    assert "2 badge(s) written" in result.output and page_count(output.read_bytes(), tmp_path) == 2
    unknown = app.test_cli_runner().invoke(args=["print-badges", "nope", str(output)])
    assert unknown.exit_code != 0 and "no event" in unknown.output


def test_the_sample_badges_of_the_preview_open_no_door(client, event, login, tmp_path):
    login(organiser_of(event))

    preview = client.get(f"/events/{event.slug}/manage/badges/preview.pdf")

    scanned = qr_codes(preview.data, tmp_path)
    assert scanned and set(scanned) == {badges.SAMPLE_CODE}
    with pytest.raises(codes.InvalidCode):
        codes.read_code(scanned[0])


def test_deleting_an_account_deletes_the_printed_sheet_that_shows_the_person(app, client, event, make_user, login):
    owner = make_user()
    confirmed(event, owner)
    login(organiser_of(event))
    client.submit(f"/events/{event.slug}/manage/badges/print", form_url=f"/events/{event.slug}/manage/badges")
    job = jobs.latest(badges.subject(event.id))
    sheet = jobs.result_path(job)
    assert sheet is not None

    own = app.test_client()
    own.submit("/account/login", {"email": owner.email, "password": PASSWORD})
    assert own.submit("/account/delete", {"password": PASSWORD, "confirm": "y"}).status_code == 302

    db.session.expire_all()
    assert not sheet.exists() and job.result is None


def test_a_print_waiting_for_a_worker_says_it_waits_to_start(client, event, login, redis_queue):
    confirmed(event)
    login(organiser_of(event))

    page = client.submit(f"/events/{event.slug}/manage/badges/print", form_url=f"/events/{event.slug}/manage/badges",
                         follow_redirects=True)

    assert "Waiting to start" in page_text(page.get_data(as_text=True))
    assert "flask jobs worker" not in page.get_data(as_text=True)  # organisers do not run the site's processes
    assert redis_queue.count == 1


@pytest.mark.parametrize("status", ["pending", "waitlisted", "rejected", "cancelled"])
def test_only_a_confirmed_place_has_a_badge_for_the_organisers_too(client, event, login, status):
    waiting = confirmed(event, status=status)
    version = waiting.badge_version
    login(organiser_of(event))
    reissue = f"/events/{event.slug}/manage/participants/{waiting.id}/reissue-badge"

    assert client.get(f"/events/{event.slug}/checkin/badges/{waiting.id}.pdf").status_code == 404
    assert client.get(reissue).status_code == 404
    assert client.submit(reissue, form_url=f"/events/{event.slug}/manage/participants").status_code == 404
    assert "Print the badge" not in client.get(
        f"/events/{event.slug}/manage/participants/{waiting.id}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(waiting), waiting.id).badge_version == version


def test_a_print_no_worker_takes_is_explained_to_the_organiser_and_the_administrators_are_told_once(
        app, client, event, login, make_user, redis_queue):
    from datetime import timedelta

    from sqlalchemy import select

    from core.mail import OutboxMessage
    from core.models import utcnow

    admin = make_user(roles=("administrator",), email="admin@example.org")
    confirmed(event)
    login(organiser_of(event))
    client.submit(f"/events/{event.slug}/manage/badges/print", form_url=f"/events/{event.slug}/manage/badges")
    job = jobs.latest(badges.subject(event.id))
    assert job.status == jobs.QUEUED  # no worker runs in this test
    early = page_text(client.get(f"/events/{event.slug}/manage/badges").get_data(as_text=True))
    assert "printing service is not running" not in early  # a worker may simply not have got to it yet

    job.created_at = utcnow() - timedelta(minutes=10)
    db.session.commit()
    page = page_text(client.get(f"/events/{event.slug}/manage/badges").get_data(as_text=True))
    status = client.get(f"/events/{event.slug}/manage/jobs/{job.id}").get_json()
    client.get(f"/events/{event.slug}/manage/badges")

    assert "The printing service is not running; the site's administrators have been told." in page
    assert "flask jobs worker" not in page  # the organiser is not the one to start it
    assert status["waiting_for_worker"] is True
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == admin.email)).all()
    assert len(mails) == 1 and "flask jobs worker" in mails[0].body_text
    admin_client = app.test_client()
    admin_client.submit("/account/login", {"email": admin.email, "password": PASSWORD})
    assert "1 background job (badges, certificates) is waiting for a worker" in page_text(
        admin_client.get("/admin/users").get_data(as_text=True))
