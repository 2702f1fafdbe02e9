"""Register, get the e-mail, cancel, and take a place offered from the waiting list, in Chromium."""
import pytest

from core.extensions import db
from core.models import utcnow
from registration.models import RegistrationSettings
from tests.browser.test_events_in_browser import log_in

pytestmark = pytest.mark.browser


def register_in(page, event):
    page.goto(f"/events/{event.slug}/")
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("Stakeholder group").select_option("academia")
    page.get_by_label("Country").select_option("CN")
    page.get_by_label("Organisation").fill("Communication University of China")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()


def test_register_cancel_and_take_an_offered_place(page, make_event, make_user, smtp_server):
    event = make_event(title="Small workshop")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=1, offer_hours=48,
                                        closes_at=event.starts_at))
    db.session.commit()
    first = make_user(email="first@example.org", full_name="李静")
    second = make_user(email="second@example.org", full_name="Олена Коваленко")

    log_in(page, first)
    register_in(page, event)
    page.get_by_text("your place is confirmed").wait_for()
    assert "is confirmed" in smtp_server.last_to("first@example.org")["Subject"]
    page.get_by_role("button", name="Log out").click()

    log_in(page, second)
    register_in(page, event)
    page.get_by_text("You are number 1 on the waiting list.", exact=True).wait_for()
    page.get_by_role("button", name="Log out").click()

    log_in(page, first)
    page.get_by_role("link", name="My registrations").click()
    page.get_by_role("button", name="Cancel my registration").click()
    page.get_by_text("is cancelled").first.wait_for()
    page.get_by_role("button", name="Log out").click()

    assert "A place is free for you" in smtp_server.last_to("second@example.org")["Subject"]
    log_in(page, second)
    page.get_by_role("link", name="My registrations").click()
    page.get_by_role("button", name="Take the place").click()
    page.get_by_text("Your place at Small workshop is confirmed.").wait_for()
    assert page.get_by_text("Confirmed", exact=True).is_visible()
