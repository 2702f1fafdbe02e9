"""An organiser adds the meeting categories and a question for experts; a participant registers as an
expert, and the question appears once the category is chosen — in Chromium."""
from playwright.sync_api import expect
import pytest

from core.extensions import db
from registration.models import RegistrationSettings
from tests.browser.test_events_in_browser import log_in
from tests.conftest import registration_of

pytestmark = pytest.mark.browser


def test_organiser_sets_categories_and_a_participant_registers_in_one(page, make_event, make_user):
    event = make_event(title="Conference of Parties")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, offer_hours=48, closes_at=event.starts_at))
    db.session.commit()

    log_in(page, event.team[0].user)
    page.goto(f"/events/{event.slug}/manage/categories")
    page.get_by_role("button", name="Add the meeting categories").click()
    page.get_by_text("9 meeting categories are added.").wait_for()
    expect(page.get_by_role("link", name="Member State delegate")).to_be_visible()
    page.get_by_role("link", name="Questions").click()
    page.get_by_label("Question", exact=True).fill("Your field of expertise")
    page.get_by_label("An answer is required").check()
    page.get_by_role("group", name="Asked only of these categories").get_by_label("Expert").check()
    page.get_by_role("button", name="Save the question").click()
    page.get_by_text("Only for: Expert").wait_for()
    page.get_by_role("button", name="Log out").click()

    person = make_user(full_name="Kofi Osei")
    log_in(page, person)
    page.goto(f"/events/{event.slug}/register")
    question = page.get_by_label("Your field of expertise")
    assert question.is_hidden()  # no category chosen yet
    category = page.get_by_label("Category", exact=True)
    expect(category.locator("option", has_text="Member State delegate")).to_have_count(0)  # nomination only
    category.select_option(label="Civil society / NGO")
    assert question.is_hidden()
    category.select_option(label="Expert")
    question.wait_for(state="visible")
    question.fill("Cultural statistics")
    page.get_by_label("Title", exact=True).fill("Dr")
    page.get_by_label("Show my name on the public list of participants").check()
    page.get_by_label("Stakeholder group").select_option("academia")
    page.get_by_label("Country").select_option("GH")
    page.get_by_label("Organisation").fill("University of Ghana")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    page.get_by_text("the organisers approve each registration").wait_for()

    registration = registration_of(person, event)
    assert (registration.status, registration.category.key, registration.honorific) == ("pending", "expert", "Dr")
    assert list(registration.answers.values()) == ["Cultural statistics"]
    assert registration.listing_consent_at is not None
