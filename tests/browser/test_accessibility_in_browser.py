"""The main pages of every role in a real Chromium, in English and in Arabic (right to left): axe-core finds
no serious or critical violation, and nothing scrolls sideways on a 320-pixel-wide phone or at 1280 pixels
(issue 14, items 16 and 22; issue 15)."""
from playwright.sync_api import expect
import pytest

from tests.conftest import PASSWORD
from tests.main_pages import choose_language, load_demo, log_in_as_demo, main_pages, node_tool

pytestmark = pytest.mark.browser

#: What makes a page unusable for someone: axe's "serious" and "critical" impacts.
BLOCKING = ("serious", "critical")
#: English, and Arabic for the right-to-left layout.
LANGUAGES = ("en", "ar")


def visit_every_main_page(chromium, live_server, app, check, language="en", **context_options):
    """Open each role's main pages in `language`, in a fresh browser context per role; `check(page, label)`
    returns the problems found on the page, and all of them are listed at the end."""
    load_demo(app)
    problems = []
    for who, paths in main_pages(app).items():
        context = chromium.new_context(base_url=live_server, locale="en-GB", **context_options)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if who:
            log_in_as_demo(page, who)
        if language != "en":
            choose_language(page, language)
        for path in paths:
            response = page.goto(path)
            label = f"{path} as {who or 'a visitor'} in {language}"
            assert response.status == 200, f"{label}: {response.status}"
            problems += [f"{label}: {problem}" for problem in check(page, label)]
        context.close()
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_serious_violation_on_the_main_pages_of_every_role(chromium, live_server, app, language):
    axe = node_tool("axe-core/axe.min.js").read_text()

    def violations(page, label):
        page.add_script_tag(content=axe)
        found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}×, first: {v['nodes'][0]['html'][:160]}"
                for v in found if v["impact"] in BLOCKING]

    # The pages forbid inline scripts (Content-Security-Policy); axe is the test's, not the page's.
    problems = visit_every_main_page(chromium, live_server, app, violations, language, bypass_csp=True)

    assert not problems, f"{len(problems)} serious or critical axe violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [320, 1280])
def test_no_main_page_scrolls_sideways_on_a_phone_or_a_laptop(chromium, live_server, app, language, width):
    def too_wide(page, label):
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll <= inner:
            return []
        widest = page.evaluate("""() => {
            const inner = window.innerWidth;
            // Sticking out past either edge: the right one on an English page, the left one on an Arabic page.
            const over = [...document.querySelectorAll('body *')].filter(e => (e.getBoundingClientRect().right > inner
                || e.getBoundingClientRect().left < 0) && !e.closest('.table-scroll'));
            const outermost = over.filter(e => !over.includes(e.parentElement));
            return outermost.slice(0, 3).map(e => e.outerHTML.slice(0, 120));
        }""")
        return [f"{scroll} px wide in a {inner} px window; too wide: {widest}"]

    problems = visit_every_main_page(chromium, live_server, app, too_wide, language,
                                     viewport={"width": width, "height": 640})

    assert not problems, f"{len(problems)} pages scroll sideways at {width} px:\n" + "\n".join(problems)


def log_in_with_password(page, user):
    page.goto("/account/login")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/account/login" not in url)


EVERY_ROLE = ("participant", "organiser", "checkin_staff", "beneficiary", "administrator")


def test_on_a_phone_the_header_folds_behind_a_menu_button(page, make_user, make_event):
    user = make_user(roles=EVERY_ROLE)
    make_event(team=[user])
    page.set_viewport_size({"width": 320, "height": 640})
    log_in_with_password(page, user)
    page.goto("/checkin")

    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.locator(".site-header").bounding_box()["height"] < 70
    expect(page.get_by_role("link", name="My events")).to_be_hidden()

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    page.get_by_role("link", name="My events").click()
    page.wait_for_url("**/events/manage")
    current = page.locator(".main-nav [aria-current=page]")
    assert current.count() == 1 and current.inner_text() == "My events"


def test_the_navigation_of_someone_with_every_role_fits_one_line_at_1280_pixels_in_french(page, make_user,
                                                                                         make_event):
    user = make_user(roles=EVERY_ROLE, locale="fr", full_name="Marie-Hélène Dubois-Lefebvre")
    make_event(team=[user])
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in_with_password(page, user)
    page.goto("/events/manage")

    expect(page.locator(".menu-button")).to_be_hidden()
    tops = page.locator(".main-nav li").evaluate_all("items => items.map(item => item.getBoundingClientRect().top)")
    assert len(tops) == 9 and len(set(tops)) == 1, tops


def test_the_47_languages_take_a_few_tab_stops_and_are_found_by_name(chromium, live_server, make_event, make_user):
    from core.extensions import db
    from registration.models import RegistrationSettings

    event = make_event()
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at,
                                        fields={"languages": "required"}))
    db.session.commit()
    user = make_user()
    stops = "els => els.filter(e => e.offsetParent !== null && !e.disabled).length"
    for javascript in (False, True):
        context = chromium.new_context(base_url=live_server, locale="en-GB", java_script_enabled=javascript)
        page = context.new_page()
        log_in_with_password(page, user)
        page.goto(f"/events/{event.slug}/register")
        languages = page.get_by_role("group", name="Languages spoken")
        focusable = languages.locator("input, button").evaluate_all(stops)
        if not javascript:
            assert focusable == 47  # the whole list, as before
            context.close()
            continue
        assert focusable == 2  # the finder and "Show the whole list"

        languages.get_by_label("Find a language").fill("swa")
        expect(languages.get_by_text("Matching choices: 1")).to_be_visible()
        languages.get_by_label("Swahili").check()
        languages.get_by_label("Find a language").fill("")
        expect(languages.get_by_label("Swahili")).to_be_visible()  # a ticked box stays in sight
        assert languages.locator("input, button").evaluate_all(stops) == 3

        languages.get_by_role("button", name="Show the whole list").click()
        assert languages.locator("input[type=checkbox]").evaluate_all(stops) == 47
        languages.get_by_role("button", name="Hide the whole list").click()  # the button says what it does next
        assert languages.locator("input[type=checkbox]").evaluate_all(stops) == 1  # Swahili, ticked
        context.close()
