"""A walk-in at the check-in desk, in Chromium: registered by check-in staff, their badge loaded into the
page's frame with the print dialogue opened on it, then checked in."""
import re

import pytest

from core.extensions import db
from registration import desk_access
from registration.models import RegistrationSettings
from tests.browser.test_events_in_browser import log_in
from tests.registration.onsite import under_way

pytestmark = pytest.mark.browser

#: Every frame's print() records the call instead of opening a dialogue a headless browser cannot answer.
RECORD_PRINTS = """
window.print = function () {
  var top = window.top;
  top.__prints = (top.__prints || []).concat([String(location.href)]);
};
"""


def test_a_walk_in_is_registered_badge_printed_and_checked_in(page, make_event, make_user):
    event = under_way(make_event, title="Forum of Civil Society")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=100, closes_at=event.starts_at))
    db.session.commit()
    staff = make_user(email="desk@example.org", full_name="Desk Person", roles=("checkin_staff", "participant"))
    desk_access.add_staff(event, staff)
    page.add_init_script(RECORD_PRINTS)
    log_in(page, staff)

    page.goto(f"/events/{event.slug}/checkin")
    page.get_by_role("link", name="Register a walk-in").click()
    page.get_by_label("Full name").fill("Nomvula Dlamini")
    page.get_by_label("E-mail address").fill("nomvula@example.org")
    page.get_by_label("Organisation").fill("Eswatini Arts Network")
    page.get_by_label("Country").select_option("SZ")
    badge_pdf = re.compile(rf"/events/{event.slug}/checkin/badges/\d+\.pdf$")
    with page.expect_response(lambda response: badge_pdf.search(response.url)) as loaded:
        page.get_by_role("button", name="Register and show the badge").click()

    # The badge page: the PDF loaded in the frame, and the print dialogue asked for once it had.
    assert loaded.value.status == 200 and loaded.value.headers["content-type"] == "application/pdf"
    # (The body the browser hands back is its PDF viewer's: the file itself is fetched again to read it.)
    assert page.request.get(loaded.value.url).body().startswith(b"%PDF")
    page.get_by_text("Nomvula Dlamini is registered: print their badge.").wait_for()
    frame = page.locator("#badge-frame")
    assert badge_pdf.search(frame.get_attribute("src"))
    page.wait_for_function("(window.__prints || []).length > 0")
    [printed] = page.evaluate("window.__prints")
    assert badge_pdf.search(printed)  # the frame's print(), not the page's
    assert badge_pdf.search(page.get_by_role("link", name="Open the badge (PDF)").get_attribute("href"))
    page.get_by_role("button", name="Print badge").wait_for()

    # Headless Chromium's PDF viewer, once loaded in the frame, keeps the mouse's clicks from the page around
    # it (a quirk of its out-of-process viewer, not of the page): the button is pressed from the keyboard.
    page.get_by_role("button", name="Check in now").focus()
    page.keyboard.press("Enter")

    page.get_by_text("Nomvula Dlamini is checked in.").wait_for()
    assert page.url.endswith(f"/events/{event.slug}/checkin")
    assert page.locator("[data-count-checked]").inner_text() == "1"
    page.fill("#search-q", "Nomvula")
    page.press("#search-q", "Enter")
    page.locator("#search-results").get_by_text("Nomvula Dlamini").wait_for()
    assert "Checked in today" in page.locator("#search-results").inner_text()
