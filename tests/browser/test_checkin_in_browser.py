"""The badge's QR, read off the printed PDF by zbar, typed into the check-in desk in Chromium as a USB
scanner types it; then the desk's other paths: a forged code, a search by name, an undo, the camera, and
a day that is not the event's, with the practice desk it offers."""
from datetime import datetime
import subprocess

from PIL import Image
from playwright.sync_api import expect
import pytest

from core.extensions import db
from registration import checkin, desk_access
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.browser.test_events_in_browser import log_in
from registration.codes import badge_code
from registration.models import CheckIn, PracticeScan
from tests.registration.onsite import confirmed, under_way
from tests.registration.test_badges import qr_codes

pytestmark = pytest.mark.browser


@pytest.fixture
def door(make_event, make_user):
    event = under_way(make_event, title="Global Forum on Cultural Policies")
    participant = make_user(email="amina@example.org", full_name="Aminata Diallo-Traoré")
    registration = confirmed(event, participant, organisation="Arts Council Senegal", stakeholder_group="civil_society")
    staff = make_user(email="desk@example.org", full_name="Desk Person", roles=("checkin_staff", "participant"))
    desk_access.add_staff(event, staff)
    return event, participant, registration, staff


def result_of(page):
    box = page.locator("#result")
    box.wait_for(state="visible")
    return box


def test_a_scanned_badge_is_checked_in_at_the_desk(page, door, tmp_path):
    event, participant, registration, staff = door

    # The participant downloads their badge, as from "My registrations".
    log_in(page, participant)
    page.get_by_role("link", name="My registrations").click()
    badge_link = page.get_by_role("link", name="My badge (PDF)")
    pdf = page.request.get(badge_link.get_attribute("href")).body()
    [scanned] = qr_codes(pdf, tmp_path)  # read off the rendered page by a real QR decoder
    page.get_by_role("button", name="Log out").click()

    # At the door: the scanner types the code into the focused field and presses Enter.
    log_in(page, staff)
    page.goto(f"/events/{event.slug}/checkin")
    assert page.evaluate("document.activeElement.id") == "code"
    page.keyboard.type(scanned, delay=5)
    page.keyboard.press("Enter")

    box = result_of(page)
    page.locator('#result[data-result="ok"]').wait_for()
    assert box.locator(".desk-label").inner_text() == "Checked in"
    assert box.locator(".desk-name").inner_text() == "Aminata Diallo-Traoré"
    assert "Arts Council Senegal" in box.locator(".desk-detail").inner_text()
    assert page.locator("[data-count-checked]").inner_text() == "1"
    assert page.evaluate("document.activeElement.id") == "code" and page.input_value("#code") == ""

    # The same badge again: already, by whom.
    page.keyboard.type(scanned, delay=5)
    page.keyboard.press("Enter")
    page.locator('#result[data-result="already"]').wait_for()
    assert "by Desk Person" in box.locator(".desk-reason").inner_text()

    # One character changed: refused, in red, whatever it points at.
    forged = scanned[:-1] + ("A" if scanned[-1] != "A" else "B")
    page.keyboard.type(forged, delay=5)
    page.keyboard.press("Enter")
    page.locator('#result[data-result="invalid"]').wait_for()
    assert box.locator(".desk-label").inner_text() == "Not a valid badge"
    assert box.locator(".desk-name").inner_text() == ""
    assert page.locator("[data-count-checked]").inner_text() == "1"


def test_someone_without_a_badge_is_found_by_name_checked_in_and_undone(page, door, make_user):
    event, participant, registration, staff = door
    log_in(page, staff)
    page.goto(f"/events/{event.slug}/checkin")

    page.get_by_label("Name, e-mail or organisation").fill("diallo")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Check in — Aminata Diallo-Traoré").click()
    page.locator('#result[data-result="ok"]').wait_for()
    assert page.locator("[data-count-checked]").inner_text() == "1"
    expect(page.locator("#result").get_by_role("link", name="Print the badge")).to_be_visible()

    page.get_by_role("button", name="Undo this check-in").click()
    page.locator('#result[data-result="undone"]').wait_for()
    assert page.locator("[data-count-checked]").inner_text() == "0"
    db.session.expire_all()
    assert checkin.counts(event)["checked_in"] == 0


def y4m_of(image: Image.Image, path, frames: int = 30) -> None:
    """A still image as a Y4M video (4:2:0), the format Chromium's fake camera plays."""
    image = image.convert("RGB")
    width, height = image.size
    y, cb, cr = image.convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as file:
        file.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            file.write(b"FRAME\n" + planes)


def test_a_badge_held_up_to_the_camera_is_checked_in(door, chromium, live_server, tmp_path):
    event, participant, registration, staff = door

    # The camera films the printed badge: its first page, rendered, is what the fake camera plays.
    from registration.badges import badge_pdf
    pdf = tmp_path / "badge.pdf"
    pdf.write_bytes(badge_pdf(registration))
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), str(tmp_path / "badge")], check=True)
    picture = Image.open(tmp_path / "badge.png")
    picture = picture.resize((picture.width // 2 * 2, picture.height // 2 * 2))
    video = tmp_path / "camera.y4m"
    y4m_of(picture, video)

    # A browser of its own: the camera's video is chosen when Chromium starts.
    browser = chromium.browser_type.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS + [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context(base_url=live_server, locale="en-GB")
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, staff)
        page.goto(f"/events/{event.slug}/checkin")
        page.get_by_role("button", name="Scan with the camera").click()
        page.locator('#result[data-result="ok"]').wait_for()
        assert page.locator(".desk-name").inner_text() == "Aminata Diallo-Traoré"
        expect(page.get_by_role("button", name="Stop the camera")).to_be_visible()
    finally:
        browser.close()
    db.session.expire_all()
    assert checkin.counts(event)["checked_in"] == 1


def test_before_the_event_the_desk_says_so_and_its_practice_mode_records_no_attendance(page, make_event, make_user):
    event = make_event(title="Global Forum on Cultural Policies", start=datetime(2027, 3, 27, 9, 0))
    registration = confirmed(event, make_user(full_name="Aminata Diallo-Traoré"))
    staff = make_user(email="desk@example.org", full_name="Desk Person", roles=("checkin_staff", "participant"))
    desk_access.add_staff(event, staff)
    log_in(page, staff)
    page.goto(f"/events/{event.slug}/checkin")

    assert "Today is not a day of this event" in page.locator("main").inner_text()
    page.keyboard.type(badge_code(registration), delay=5)
    page.keyboard.press("Enter")
    page.locator('#result[data-result="not_event_day"]').wait_for()
    assert page.locator("#result .desk-label").inner_text() == "Not a day of this event"
    assert "practice mode" in page.locator("#result .desk-reason").inner_text()

    # The staff train with real badges on the practice desk.
    page.get_by_role("link", name="Open the practice desk").click()
    assert "Practice mode" in page.locator("main").inner_text()
    page.locator("#code").focus()
    page.keyboard.type(badge_code(registration), delay=5)
    page.keyboard.press("Enter")
    page.locator('#result[data-result="ok"]').wait_for()
    assert page.locator("#result .desk-label").inner_text() == "Practice: checked in"
    assert "result-practice" in page.locator("#result").get_attribute("class")
    expect(page.locator("#result").get_by_role("button", name="Undo this check-in")).to_have_count(0)
    assert page.locator("[data-count-checked]").inner_text() == "1"
    db.session.expire_all()
    assert db.session.query(CheckIn).count() == 0 and db.session.query(PracticeScan).count() == 1
