"""A booth's phone page in Chromium: a hand scanner types a badge's code, the staff see the visitor's name,
ask for consent when the visitor gave none, rate the lead; it is on the leads page. Then the camera."""
import subprocess

from PIL import Image
from playwright.sync_api import expect
import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from registration.badges import badge_pdf
from registration.codes import badge_code
from showcase.models import Lead
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.browser.test_checkin_in_browser import y4m_of
from tests.browser.test_events_in_browser import log_in
from tests.registration.onsite import confirmed
from tests.showcase.fair import beneficiary_booth, make_fair

pytestmark = pytest.mark.browser


@pytest.fixture
def booth_at_fair(make_event, make_user):
    fair = make_fair(make_event, title="IFCD Knowledge Fair")
    staff, booth = beneficiary_booth(make_user, fair)
    agreed = confirmed(fair, make_user(email="lucia@example.org", full_name="Lucía Fernández"),
                       organisation="Fundación Arte Vivo", country="CO", exhibitor_consent_at=utcnow())
    unasked = confirmed(fair, make_user(email="kwame@example.org", full_name="Kwame Mensah"), organisation="Accra Arts")
    return booth, staff, agreed, unasked


def scanned(page, code, result):
    """Type `code` as a hand scanner does (then Enter), and wait for the answer `result`."""
    page.locator("#code").focus()
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")
    page.locator(f'#result[data-result="{result}"]').wait_for()
    return page.locator("#result")


def test_staff_scan_badges_on_the_phone_page_asking_for_consent_when_needed(page, booth_at_fair):
    booth, staff, agreed, unasked = booth_at_fair
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    log_in(page, staff)
    page.goto(f"/showcase/booths/{booth.id}/scan")
    assert page.evaluate("document.activeElement.id") == "code"
    assert "Name, Organisation and Country" in page.locator(".hint").first.inner_text()

    # She agreed when registering: kept at once; the staff rate the lead and write a note.
    box = scanned(page, badge_code(agreed), "stored")
    assert box.locator(".lead-scan-name").inner_text() == "Lucía Fernández"
    assert "Fundación Arte Vivo" in box.locator(".lead-scan-detail").inner_text()
    expect(page.get_by_role("button", name="They agree")).to_be_hidden()
    page.get_by_label("4").check()
    page.get_by_label("Note").fill("Wants a co-production for 2028.")
    page.get_by_role("button", name="Save the rating and note").click()
    page.get_by_text("Rating and note saved.").wait_for()
    assert page.locator("[data-lead-count]").inner_text() == "1"

    # He gave no consent: the staff are asked to ask him, and nothing is kept until they tap his answer.
    assert page.evaluate("document.activeElement.id") == "code"
    box = scanned(page, badge_code(unasked), "ask")
    assert box.locator(".lead-scan-name").inner_text() == "Kwame Mensah"
    assert "May our booth keep your details (Name, Organisation and Country)?" in box.inner_text()
    db.session.expire_all()
    assert db.session.scalar(select(Lead).where(Lead.registration_id == unasked.id)) is None
    page.get_by_role("button", name="They agree").click()
    page.locator('#result[data-result="stored"]').wait_for()
    assert page.locator("[data-lead-count]").inner_text() == "2"

    # A forged badge: refused, in words.
    code = badge_code(agreed)
    box = scanned(page, code[:-1] + ("A" if code[-1] != "A" else "B"), "refused")
    assert "not a valid badge" in box.inner_text() and box.locator(".lead-scan-name").inner_text() == ""

    # Both are on the leads page, with the rating and the note.
    page.get_by_role("link", name="Your booth's leads").click()
    lucia = page.locator("li", has=page.get_by_role("heading", name="Lucía Fernández"))
    assert "Colombia" in lucia.inner_text() and "When registering" in lucia.inner_text()
    assert lucia.get_by_label("4").is_checked()
    assert lucia.get_by_label("Note").input_value() == "Wants a co-production for 2028."
    kwame = page.locator("li", has=page.get_by_role("heading", name="Kwame Mensah"))
    assert "Asked at the booth" in kwame.inner_text()


def test_a_visitor_who_says_no_leaves_nothing_on_the_leads_page(page, booth_at_fair):
    booth, staff, agreed, unasked = booth_at_fair
    log_in(page, staff)
    page.goto(f"/showcase/booths/{booth.id}/scan")

    scanned(page, badge_code(unasked), "ask")
    page.get_by_role("button", name="They do not agree").click()
    page.locator('#result[data-result="declined"]').wait_for()
    assert "Nothing was kept" in page.locator("#result").inner_text()
    expect(page.locator("#rate-form")).to_be_hidden()

    page.get_by_role("link", name="Your booth's leads").click()
    assert "No leads yet" in page.locator("main").inner_text()


def test_a_badge_held_up_to_the_phones_camera_is_kept(booth_at_fair, chromium, live_server, tmp_path):
    booth, staff, agreed, unasked = booth_at_fair
    pdf = tmp_path / "badge.pdf"
    pdf.write_bytes(badge_pdf(agreed))
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), str(tmp_path / "badge")], check=True)
    picture = Image.open(tmp_path / "badge.png")
    picture = picture.resize((picture.width // 2 * 2, picture.height // 2 * 2))
    video = tmp_path / "camera.y4m"
    y4m_of(picture, video)

    browser = chromium.browser_type.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS + [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context(base_url=live_server, locale="en-GB")
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, staff)
        page.goto(f"/showcase/booths/{booth.id}/scan")
        page.get_by_role("button", name="Scan with the camera").click()
        page.locator('#result[data-result="stored"]').wait_for()
        assert page.locator(".lead-scan-name").inner_text() == "Lucía Fernández"
        expect(page.get_by_role("button", name="Stop the camera")).to_be_visible()
    finally:
        browser.close()
    db.session.expire_all()
    assert db.session.scalar(select(Lead).where(Lead.registration_id == agreed.id)).consent == "registration"
