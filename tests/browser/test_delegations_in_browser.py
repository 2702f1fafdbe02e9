"""A delegation from end to end in Chromium: the organiser names a focal point, who nominates three members and
sends the credentials letter; a member creates their account from their link and registers; the organiser
accepts the credentials and approves the delegation, and the member's place is confirmed."""
from playwright.sync_api import expect
import pytest
from sqlalchemy import select

from core.extensions import db
from core.pdf import html_to_pdf
from registration.categories import NOMINATION, ParticipantCategory
from registration.models import Registration, RegistrationSettings
from tests.browser.test_events_in_browser import log_in
from tests.conftest import link_in
from tests.browser.meeting_steps import name_focal_point, nominate_with_credentials
from tests.main_pages import node_tool

pytestmark = pytest.mark.browser


@pytest.fixture
def page(chromium, live_server):
    # The pages forbid inline scripts (Content-Security-Policy); axe is the test's, not the page's.
    context = chromium.new_context(base_url=live_server, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def serious_axe_violations(page) -> list[str]:
    page.add_script_tag(content=node_tool("axe-core/axe.min.js").read_text())
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['nodes'][0]['html'][:160]}" for v in found
            if v["impact"] in ("serious", "critical")]


def test_a_delegation_nominated_credited_and_approved(page, make_event, make_user, smtp_server, tmp_path):
    event = make_event(title="Conference of Parties")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, mode="approval", closes_at=event.starts_at))
    db.session.add(ParticipantCategory(event_id=event.id, key="member_state", name="Member State delegate",
                                       admission=NOMINATION, badge_label="Member State"))
    db.session.commit()
    organiser = event.team[0].user
    focal = make_user(email="focal@kenya.example", full_name="Grace Wanjiku")
    letter = tmp_path / "credentials.pdf"
    letter.write_bytes(html_to_pdf("<!doctype html><html><body><h1>Credentials</h1><p>Kenya</p></body></html>"))

    # The organiser names Kenya's focal point.
    log_in(page, organiser)
    page.goto(f"/events/{event.slug}/manage/participants")
    page.get_by_role("link", name="Delegations").click()
    page.get_by_label("Party", exact=True).select_option("KE")
    assert page.get_by_label("Participant category of its members").input_value() != ""
    name_focal_point(page)
    page.get_by_role("button", name="Log out").click()

    # The focal point follows the link, nominates three members and sends the credentials.
    log_in(page, focal)
    nominate_with_credentials(page, smtp_server, letter)
    expect(page.get_by_text("Credentials received").first).to_be_visible()
    problems = serious_axe_violations(page)
    page.get_by_role("button", name="Log out").click()

    # A member without an account follows their personal link, creates one and registers.
    page.goto(link_in(smtp_server.last_to("achieng@kenya.example"), "/nominations/"))
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Full name").fill("Achieng Otieno")
    page.get_by_label("Email").fill("achieng@kenya.example")
    page.get_by_label("Password", exact=True).fill("a long enough secret")
    page.get_by_label("Repeat the password").fill("a long enough secret")
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Kenya's focal point nominated you: head of delegation.").wait_for()
    assert page.get_by_label("Organisation").input_value() == "Kenya"
    assert page.get_by_label("Job title").input_value() == "Cabinet Secretary"
    problems += serious_axe_violations(page)
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    page.get_by_text("It is confirmed once the organisers approve your delegation").wait_for()
    page.get_by_role("button", name="Log out").click()

    # The organiser accepts the credentials and approves the delegation.
    log_in(page, organiser)
    page.goto(f"/events/{event.slug}/manage/delegations")
    problems += serious_axe_violations(page)
    delegation = page.get_by_role("region", name="Kenya")
    expect(delegation.get_by_text("Achieng Otieno")).to_be_visible()
    assert delegation.get_by_role("link", name="Download the credentials letter").get_attribute("href").endswith(
        "/credentials.pdf")
    delegation.get_by_role("button", name="Accept the credentials").click()
    page.get_by_text("The credentials of Kenya are accepted.").wait_for()
    page.get_by_role("region", name="Kenya").get_by_role("button", name="Approve the delegation: Kenya").click()
    page.get_by_text("Kenya is approved.").wait_for()
    page.get_by_text("1 member's place is confirmed.").wait_for()

    db.session.expire_all()
    registration = db.session.scalar(select(Registration).where(Registration.email == "achieng@kenya.example"))
    assert registration.status == "confirmed" and registration.honorific == "H.E. Ms"
    assert "is confirmed" in smtp_server.last_to("achieng@kenya.example")["Subject"]
    assert not problems, "\n".join(problems)

