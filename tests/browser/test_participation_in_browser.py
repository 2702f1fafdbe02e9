"""At a hybrid event, in Chromium: register online while the room is full, then try to switch into the full room
(refused, nothing changed), as issue 17 asks."""
from playwright.sync_api import expect
import pytest

from core.extensions import db
from events.models import HYBRID
from registration.models import RegistrationSettings
from tests.browser.test_events_in_browser import log_in

pytestmark = pytest.mark.browser


def test_register_online_when_the_room_is_full_and_the_switch_back_is_refused(page, make_event, make_user):
    event = make_event(title="Hybrid forum", attendance_mode=HYBRID, online_url="https://meet.example.org/forum")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=0, online_capacity=None,
                                        offer_hours=48, closes_at=event.starts_at))
    db.session.commit()
    log_in(page, make_user(email="online@example.org", full_name="Li Jing"))

    page.goto(f"/events/{event.slug}/")
    expect(page.get_by_text("In person: full, registering puts you on its waiting list.")).to_be_visible()
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("Stakeholder group").select_option("academia")
    page.get_by_label("Country").select_option("CN")
    page.get_by_label("Organisation").fill("Communication University of China")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Choose how you will take part: in person or online.").first).to_be_visible()
    expect(page.get_by_label("Organisation")).to_have_value("Communication University of China")  # kept
    page.get_by_label("Online", exact=True).check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("your place is confirmed")).to_be_visible()

    page.goto("/registrations")
    expect(page.get_by_text("Takes part: Online.")).to_be_visible()
    page.get_by_role("button", name="Take part in person instead").click()
    expect(page.get_by_text("No place is left in person: you keep taking part online. Nothing was changed.")) \
        .to_be_visible()
    expect(page.get_by_text("Takes part: Online.")).to_be_visible()
