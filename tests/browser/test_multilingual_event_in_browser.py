"""An organiser writes an event in English and French in the real form; a visitor in each language reads
their version, in Chromium."""
from playwright.sync_api import expect
import pytest

from tests.browser.test_events_in_browser import log_in

pytestmark = pytest.mark.browser


def test_an_event_written_in_two_languages_reads_in_each(page, chromium, live_server, make_user):
    organiser = make_user(roles=("organiser", "participant"))
    log_in(page, organiser)
    page.goto("/events/new/conference")
    assert page.get_by_label("First language").input_value() == "en"  # the organiser's page language
    page.get_by_label("French", exact=True).check()
    page.get_by_label("Title", exact=True).fill("Forum on cultural policies")
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_label("Starts").fill("2027-03-27T09:00")
    page.get_by_label("Ends").fill("2027-03-29T18:00")
    page.get_by_label("Venue", exact=True).fill("UNESCO Headquarters")
    page.get_by_role("button", name="Save event").click()
    page.get_by_text("The event is saved as a draft.").wait_for()
    # The French texts are not written yet: the organiser is told at once.
    expect(page.get_by_text("Not written in French yet: Title.")).to_be_visible()

    page.get_by_role("link", name="Details", exact=True).click()
    french = page.get_by_role("group", name="In French")
    title = french.get_by_label("Title")
    assert title.get_attribute("lang") == "fr"
    title.fill("Forum sur les politiques culturelles")
    french.get_by_label("Summary").fill("Trois jours d'échanges.")
    page.get_by_role("button", name="Save event").click()
    page.get_by_text("The event is saved.").wait_for()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The event is published.").wait_for()
    address = page.get_by_role("link", name="View the public page").get_attribute("href")

    for locale, heading in (("fr-FR", "Forum sur les politiques culturelles"), ("en-GB", "Forum on cultural policies")):
        visitor = chromium.new_context(base_url=live_server, locale=locale)
        visit = visitor.new_page()
        visit.goto(address)
        assert visit.get_by_role("heading", level=1).inner_text() == heading, locale
        visitor.close()


def test_the_forms_in_several_languages_have_no_serious_accessibility_problem(chromium, live_server, make_user,
                                                                              make_event):
    from core.extensions import db
    from events.models import Room
    from tests.main_pages import node_tool

    organiser = make_user(roles=("organiser", "participant"))
    event = make_event(title="Dialogue", languages=["fr", "ar", "en"], team=[organiser])
    event.rooms.append(Room(name="Salle I", translations={"ar": {"name": "القاعة ١"}}))
    db.session.commit()
    axe = node_tool("axe-core/axe.min.js").read_text()
    # The pages forbid inline scripts (Content-Security-Policy); axe is the test's, not the page's.
    context = chromium.new_context(base_url=live_server, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    log_in(page, organiser)
    problems = []
    for path in (f"/events/{event.slug}/manage/edit", f"/events/{event.slug}/manage/sessions/new",
                 f"/events/{event.slug}/manage/rooms", f"/events/{event.slug}/manage/rooms/{event.rooms[0].id}"):
        page.goto(path)
        assert page.locator(".language-version [dir=rtl]").count() >= 1, path
        page.add_script_tag(content=axe)
        found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        problems += [f"{path}: {v['id']} ({v['impact']}): {v['help']}" for v in found
                     if v["impact"] in ("serious", "critical")]
    context.close()
    assert not problems, "\n".join(problems)
