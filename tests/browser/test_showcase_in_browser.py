"""The knowledge fair's three roles in Chromium: an organiser invites a beneficiary, who creates its account,
organisation and project, prepares its booth and uploads a photo; the organiser approves both; a visitor
finds the booth on the public showcase and asks for a meeting, which the beneficiary accepts."""
import re

from icalendar import Calendar
from PIL import Image
from playwright.sync_api import expect
import pytest

from accounts.models import User
from core.extensions import db
from tests.browser.conftest import new_page
from tests.browser.test_events_in_browser import log_in
from tests.conftest import link_in
from tests.showcase.fair import make_fair

pytestmark = pytest.mark.browser


def test_invitation_profile_upload_moderation_public_booth_and_meeting(chromium, live_server, make_event, make_user,
                                                                      smtp_server, tmp_path):
    fair = make_fair(make_event, title="Knowledge Fair on the Creative Economy")
    organiser = db.session.get(User, fair.team[0].user_id)
    visitor_account = make_user(email="donor@foundation.example.org", full_name="Ingrid Solberg")
    photo = tmp_path / "studio.jpg"
    Image.new("RGB", (800, 500), "#b35900").save(photo, "JPEG")

    # The organiser invites the beneficiary.
    organiser_page = new_page(chromium, live_server)
    log_in(organiser_page, organiser)
    organiser_page.goto(f"/events/{fair.slug}/fair")
    organiser_page.get_by_label("E-mail address").fill("awa@sahel-culture.example.org")
    organiser_page.get_by_label("Organisation").fill("Association Culturelle Sahel")
    organiser_page.get_by_role("button", name="Send the invitation", exact=True).click()
    organiser_page.get_by_text("The invitation is on its way").wait_for()
    link = link_in(smtp_server.last_to("awa@sahel-culture.example.org"), "/showcase/invitations/")

    # The beneficiary creates its account, then its organisation and project, and accepts.
    beneficiary = new_page(chromium, live_server)
    beneficiary.goto(link)
    beneficiary.get_by_role("link", name="Create an account").click()
    beneficiary.get_by_label("Full name").fill("Awa Ouédraogo")
    beneficiary.get_by_label("Email").fill("awa@sahel-culture.example.org")
    beneficiary.get_by_label("Password", exact=True).fill("correct horse battery")
    beneficiary.get_by_label("Repeat the password").fill("correct horse battery")
    beneficiary.get_by_role("button", name="Create account").click()
    beneficiary.get_by_role("link", name="Fill in my organisation").click()
    assert beneficiary.get_by_label("Name of the organisation").input_value() == "Association Culturelle Sahel"
    beneficiary.get_by_label("Type").select_option("ngo")
    beneficiary.get_by_label("Country").select_option("BF")
    beneficiary.get_by_role("button", name="Save the organisation").click()
    beneficiary.get_by_role("button", name="Accept the invitation").click()
    beneficiary.get_by_text("Welcome to Knowledge Fair on the Creative Economy").wait_for()
    beneficiary.get_by_role("link", name="Add or change a project").click()
    beneficiary.get_by_role("link", name=re.compile("Add a project")).click()
    beneficiary.get_by_label("IFCD project ID").fill("2019-1234")
    beneficiary.get_by_label("Title").fill("Strengthening the music value chain in Burkina Faso")
    beneficiary.get_by_label("IFCD funding (US dollars)").fill("95000")
    beneficiary.get_by_label("Year of the call").fill("2019")
    beneficiary.get_by_label("Music").check()
    beneficiary.get_by_role("button", name="Save the project").click()
    beneficiary.get_by_role("link", name="My booths").click()
    beneficiary.get_by_role("link", name="Knowledge Fair on the Creative Economy").click()
    beneficiary.get_by_label("Project presented").select_option(
        label="2019-1234 · Strengthening the music value chain in Burkina Faso")
    beneficiary.get_by_label("Pitch", exact=True).fill("Meet the producers behind Ouagadougou's new studios.")
    beneficiary.get_by_role("button", name="Save the booth").click()
    beneficiary.get_by_text("The booth is saved.").wait_for()
    beneficiary.get_by_label("Title", exact=True).fill("Our recording studio")
    beneficiary.get_by_label("File (for an image or a PDF document)").set_input_files(str(photo))
    beneficiary.get_by_role("button", name="Add to the booth").click()
    beneficiary.get_by_text("Waiting for the organisers").first.wait_for()
    beneficiary.get_by_label("Day").select_option(index=1)  # the first day, under the empty choice
    beneficiary.get_by_label("From").fill("10:00")
    beneficiary.get_by_label("Until").fill("11:00")
    beneficiary.get_by_role("button", name="Open the slots").click()
    beneficiary.get_by_role("button", name="Send the booth for review").click()
    beneficiary.get_by_text("sent to the organisers for review").wait_for()

    # Not public yet.
    visitor = new_page(chromium, live_server)
    visitor.goto(f"/events/{fair.slug}/showcase")
    expect(visitor.get_by_text("Association Culturelle Sahel")).to_have_count(0)

    # The organiser approves the booth and its photo.
    organiser_page.goto(f"/events/{fair.slug}/fair/moderation")
    organiser_page.get_by_role("form", name="Decision on the booth of Association Culturelle Sahel") \
        .get_by_role("button", name="Approve").click()
    organiser_page.get_by_role("form", name="Decision on “Our recording studio”") \
        .get_by_role("button", name="Approve").click()
    organiser_page.get_by_text("No material is waiting.").wait_for()
    assert "approved" in smtp_server.last_to("awa@sahel-culture.example.org")["Subject"].lower()

    # A visitor finds the booth, sees its photo, and asks for a meeting.
    log_in(visitor, visitor_account)
    visitor.goto(f"/events/{fair.slug}/showcase")
    visitor.get_by_label("Cultural domain").select_option("music")
    visitor.get_by_role("button", name="Show booths").click()
    visitor.get_by_role("link", name="Association Culturelle Sahel").first.click()
    visitor.get_by_text("Meet the producers behind Ouagadougou's new studios.").wait_for()
    image = visitor.get_by_role("img", name=re.compile("Our recording studio"))
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    visitor.get_by_label(re.compile("^10:20")).check()
    visitor.get_by_label("Message (optional)").fill("We fund music projects in the Sahel.")
    visitor.get_by_role("button", name="Ask for this meeting").click()
    visitor.get_by_text("Waiting for an answer").wait_for()

    # The beneficiary accepts; both get the invitation for their calendars.
    beneficiary.reload()
    beneficiary.get_by_role("button", name=re.compile("Accept")).first.click()
    beneficiary.get_by_text("Ingrid Solberg").first.wait_for()
    for address in ("donor@foundation.example.org", "awa@sahel-culture.example.org"):
        mail = smtp_server.last_to(address)
        [ics] = [part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar"]
        [event] = Calendar.from_ical(ics.get_content()).walk("VEVENT")
        assert event.decoded("dtstart").strftime("%H:%M") in ("08:20", "10:20")  # UTC or Paris time
    visitor.reload()
    visitor.get_by_text("Confirmed").wait_for()


def test_the_floor_plan_reads_on_a_phone(chromium, live_server, make_event, make_user, tmp_path):
    # At 320 px the plan was shrunk to the screen: names truncated, Hall C clipped. It now keeps a size its
    # names read at and scrolls inside its own box; the page does not scroll sideways.
    from showcase.models import BoothPlace, FloorZone
    from tests.showcase.fair import make_booth, make_organisation

    fair = make_fair(make_event, title="Knowledge Fair on the Creative Economy")
    for number, name in enumerate(["Ministry of Culture of Senegal", "Ministry of Culture of Morocco",
                                   "Mauritanian Crafts and Design Collective"], start=1):
        owner = make_user(roles=("beneficiary", "participant"), email=f"owner{number}@plan.example.org")
        make_booth(fair, make_organisation(owner, name=name), place_number=number + 2)
    db.session.add(FloorZone(event_id=fair.id, name="Hall C · Europe and the Americas", code="C", columns=5,
                             position=1, places=[BoothPlace(number=number) for number in range(1, 11)]))
    db.session.commit()
    context = chromium.new_context(base_url=live_server, locale="en-GB", viewport={"width": 320, "height": 800})
    page = context.new_page()

    page.goto(f"/events/{fair.slug}/showcase")
    box = page.locator(".floor-plan-drawing").locator("..")  # the box the drawing scrolls in
    box.screenshot(path=str(tmp_path / "plan-320.png"))

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    sizes = page.evaluate("[...document.querySelectorAll('.place-name')].map(t => t.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 10  # CSS pixels: names drawn at 10 px, not shrunk to 6
    box.evaluate("box => box.scrollLeft = box.scrollWidth")
    last = page.locator(".floor-zone").last.locator("rect.zone-block")
    shown, seen = box.bounding_box(), last.bounding_box()
    assert seen["x"] + seen["width"] <= shown["x"] + shown["width"] + 1  # Hall C's far edge can be scrolled to
    expect(page.get_by_role("link", name="A3 Ministry of Culture of Senegal, booth")).to_be_visible()
    context.close()
