"""A participant asks for a visa-support letter, the visa officer approves it, the participant downloads it,
and the QR printed on it opens the verification page, which says the letter is genuine — in Chromium."""
from playwright.sync_api import expect
import pytest

from core.extensions import db
from meetings.models import VisaRequest
from tests.browser.meeting_steps import fill_visa_request
from tests.browser.test_events_in_browser import log_in
from tests.meetings.visa_helpers import PASSPORT, visa_event
from tests.registration.onsite import confirmed
from tests.registration.test_badges import organiser_of, qr_codes

pytestmark = pytest.mark.browser


def test_ask_approve_download_and_verify_a_visa_letter(page, make_event, make_user, tmp_path):
    event = visa_event(make_event)
    participant = make_user(email="kwame@example.org", full_name="Kwame Mensah")
    confirmed(event, participant, country="GH")

    # The participant finds the letter from "My registrations", and a passport number typed with a space is
    # refused with the reason, keeping the rest of what they typed.
    log_in(page, participant)
    page.get_by_role("link", name="My registrations").first.click()
    page.get_by_role("link", name="Ask for a visa-support letter").click()
    fill_visa_request(page, "G284 1735", "GH", "1979-09-30", "Accra", "Embassy of France in Accra")
    page.get_by_role("button", name="Ask for the letter").click()
    page.get_by_text("without spaces or dashes").first.wait_for()
    assert page.get_by_label("Place of issue of the passport").input_value() == "Accra"
    page.get_by_label("Passport number").fill(PASSPORT)
    page.get_by_role("button", name="Ask for the letter").click()
    page.get_by_text("Your request is sent").wait_for()
    page.get_by_role("button", name="Log out").click()

    # The organiser, who is the event's visa officer, approves it from the list.
    log_in(page, organiser_of(event))
    page.goto(f"/events/{event.slug}/manage")
    page.get_by_role("link", name="Participants").first.click()
    page.get_by_role("link", name="Visa letters").click()
    page.get_by_role("link", name="See the requests").click()
    expect(page.get_by_text(PASSPORT)).to_have_count(0)  # not in the list
    page.get_by_label("Select Kwame Mensah").check()
    page.get_by_role("button", name="Approve the selected requests").click()
    page.get_by_text("1 request approved").wait_for()
    page.get_by_role("button", name="Log out").click()

    # The participant downloads the letter; its QR, read by zbar, opens the public verification page.
    log_in(page, participant)
    page.goto(f"/events/{event.slug}/visa-letter")
    link = page.get_by_role("link", name="Download your letter")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    [url] = qr_codes(response.body(), tmp_path)
    page.get_by_role("button", name="Log out").click()
    page.goto(url)
    page.get_by_text("This visa-support letter is genuine").wait_for()
    expect(page.get_by_text("Kwame Mensah")).to_be_visible()
    assert PASSPORT not in page.content()
    db.session.expire_all()
    assert db.session.query(VisaRequest).one().status == "approved"
