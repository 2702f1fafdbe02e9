"""An intergovernmental meeting from end to end in Chromium, as the issue's "done when" tells it: the organiser
sets the participant categories, turns visa letters on and names a focal point; the focal point nominates three
members with their credentials; a member completes their registration and asks for a visa-support letter; the
organiser approves the delegation and the letter; the member downloads the letter, whose QR (read by zbar)
opens the public verification page, which says the letter is genuine."""
from playwright.sync_api import expect
import pytest
from sqlalchemy import select

from core.extensions import db
from core.pdf import html_to_pdf
from meetings.models import VisaRequest
from registration.models import Registration, RegistrationSettings
from tests.browser.meeting_steps import fill_visa_request, name_focal_point, nominate_with_credentials
from tests.browser.test_events_in_browser import log_in
from tests.conftest import link_in
from tests.registration.test_badges import qr_codes

pytestmark = pytest.mark.browser

def test_a_meeting_from_its_categories_to_a_verified_visa_letter(page, make_event, make_user, smtp_server,
                                                                 tmp_path):
    event = make_event(title="Conference of Parties")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, mode="open", closes_at=event.starts_at))
    db.session.commit()
    organiser = event.team[0].user
    focal = make_user(email="focal@kenya.example", full_name="Grace Wanjiku")
    member = make_user(email="achieng@kenya.example", full_name="Achieng Otieno", country="KE")
    credentials = tmp_path / "credentials.pdf"
    credentials.write_bytes(html_to_pdf("<!doctype html><html><body><h1>Credentials</h1><p>The Government of "
                                        "the Republic of Kenya</p></body></html>"))

    # The organiser sets the categories, turns letters on (as their visa officer) and names Kenya's focal point.
    log_in(page, organiser)
    page.goto(f"/events/{event.slug}/manage/participants")
    page.get_by_role("link", name="Categories").click()
    page.get_by_role("button", name="Add the meeting categories").click()
    page.get_by_role("cell", name="Member State delegate").first.wait_for()
    page.get_by_role("link", name="Visa letters").click()
    page.get_by_label("E-mail address of their account").fill(organiser.email)
    page.get_by_role("button", name="Add a visa officer").click()
    page.get_by_role("link", name="See the requests").wait_for()
    page.get_by_label("Participants may ask for a visa-support letter").check()
    page.get_by_label("Letters are signed by").fill("Amina Diallo")
    page.get_by_label("Signatory's title").fill("Secretary of the Convention")
    page.get_by_label("Reference prefix").fill("CLT/DCE/2027/")
    page.get_by_role("button", name="Save the letter settings").click()
    page.get_by_role("link", name="Delegations").click()
    page.get_by_label("Party", exact=True).select_option("KE")
    assert "Member State" in page.get_by_label("Participant category of its members").inner_text()
    name_focal_point(page)
    page.get_by_role("button", name="Log out").click()

    # The focal point nominates three members and sends the credentials letter.
    log_in(page, focal)
    nominate_with_credentials(page, smtp_server, credentials)
    page.get_by_role("button", name="Log out").click()

    # The head of delegation completes their registration from their link and asks for a visa letter.
    log_in(page, member)
    page.goto(link_in(smtp_server.last_to("achieng@kenya.example"), "/nominations/"))
    assert page.get_by_label("Job title").input_value() == "Cabinet Secretary"
    page.get_by_label("Show my name on the public list of participants").check()
    page.get_by_label("I need a visa-support letter").check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    fill_visa_request(page, "AK0412733", "KE", "1971-04-12", "Nairobi", "Embassy of France in Nairobi",
                      passport_name="OTIENO Achieng Akinyi")
    page.get_by_role("button", name="Ask for the letter").click()
    page.get_by_text("Your request is sent").wait_for()
    page.get_by_role("button", name="Log out").click()

    # The organiser accepts the credentials, approves the delegation, then the letter.
    log_in(page, organiser)
    page.goto(f"/events/{event.slug}/manage/delegations")
    kenya = page.get_by_role("region", name="Kenya")
    kenya.get_by_role("button", name="Accept the credentials").click()
    page.get_by_text("The credentials of Kenya are accepted.").wait_for()
    page.get_by_role("region", name="Kenya").get_by_role("button", name="Approve the delegation: Kenya").click()
    page.get_by_text("1 member's place is confirmed.").wait_for()
    page.get_by_role("link", name="Visa letters").click()
    page.get_by_role("link", name="See the requests").click()
    expect(page.get_by_text("AK0412733")).to_have_count(0)  # passport numbers stay off the list
    page.get_by_label("Select Achieng Otieno").check()
    page.get_by_role("button", name="Approve the selected requests").click()
    page.get_by_text("1 request approved").wait_for()
    page.get_by_role("button", name="Log out").click()

    # The member downloads the letter; its QR opens the public verification page, for anyone.
    log_in(page, member)
    page.goto(f"/events/{event.slug}/visa-letter")
    response = page.request.get(page.get_by_role("link", name="Download your letter").get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    [url] = qr_codes(response.body(), tmp_path)
    page.get_by_role("button", name="Log out").click()
    page.goto(url)
    page.get_by_text("This visa-support letter is genuine").wait_for()
    expect(page.get_by_text("OTIENO Achieng Akinyi")).to_be_visible()
    expect(page.get_by_text("AK0412733")).to_have_count(0)

    db.session.expire_all()
    registration = db.session.scalar(select(Registration).where(Registration.email == "achieng@kenya.example"))
    assert registration.status == "confirmed" and registration.category.key == "member_state"
    assert registration.honorific == "H.E. Ms" and registration.listing_consent_at is not None
    assert db.session.scalar(select(VisaRequest.status).where(VisaRequest.registration_id == registration.id)) \
        == "approved"
