"""An organiser creates an event, builds a session, publishes, and a visitor subscribes, in Chromium."""
from datetime import timedelta

from playwright.sync_api import expect
import pytest
import vobject

pytestmark = pytest.mark.browser


def log_in(page, user, password="correct horse battery"):
    page.goto("/account/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("You are logged in.").wait_for()


def test_create_publish_and_subscribe(page, make_user, live_server):
    organiser = make_user(roles=("organiser", "participant"), full_name="Amina Diallo")
    log_in(page, organiser)

    page.get_by_role("link", name="My events").click()
    page.get_by_role("link", name="Create an event").click()
    page.get_by_role("link", name="Technical deep dive").click()
    page.get_by_label("Title").fill("Deep dive on music policy")
    page.get_by_label("Time zone").select_option("Africa/Nairobi")
    page.get_by_label("Starts").fill("2027-01-18T09:00")
    page.get_by_label("Ends").fill("2027-01-22T16:00")
    page.get_by_label("Venue", exact=True).fill("Kenya National Theatre")
    page.get_by_label("Host country").select_option("KE")
    page.get_by_role("button", name="Save event").click()
    page.get_by_text("The event is saved as a draft.").wait_for()

    page.get_by_role("link", name="Programme", exact=True).click()
    page.get_by_role("link", name="Add a session").click()
    page.get_by_label("Title").fill("Visit to a recording studio")
    page.get_by_label("Type").select_option("site_visit")
    page.get_by_label("Starts").fill("2027-01-19T14:00")
    page.get_by_label("Ends").fill("2027-01-19T16:30")
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("is saved").first.wait_for()

    page.get_by_role("link", name="Overview").click()
    to_do = page.get_by_role("region", name="To do")
    expect(to_do.get_by_role("link", name="The event is still a draft")).to_be_visible()
    expect(to_do.get_by_role("link", name="Registration is not set up")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The event is published.").wait_for()
    expect(page.get_by_role("region", name="To do").get_by_text("The event is still a draft")).to_have_count(0)

    # A visitor finds it in the list and subscribes.
    page.get_by_role("button", name="Log out").click()
    page.goto("/events/?kind=deep_dive")
    page.get_by_role("link", name="Deep dive on music policy").click()
    expect(page.get_by_text("14:00–16:30").first).to_be_visible()  # English on the 24-hour clock (en_GB patterns)
    page.get_by_text("Subscribe in your calendar").first.click()
    webcal = page.get_by_role("link", name="Calendar app (Apple, Thunderbird, Outlook desktop)").first
    href = webcal.get_attribute("href")
    assert href.startswith("webcal://") and href.endswith("/calendar.ics")

    feed = page.request.get(href.replace("webcal://", "http://"))
    calendar = vobject.readOne(feed.text())
    session = calendar.vevent
    assert session.summary.value == "Visit to a recording studio"
    assert session.dtstart.value.hour == 14
    assert session.dtstart.value.utcoffset() == timedelta(hours=3)  # East Africa Time
