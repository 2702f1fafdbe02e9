"""Arabic and Chinese in a real Chromium: a new person signs up, registers, finds their registration and
downloads their badge; Arabic pages are laid out right to left and nothing scrolls sideways; names typed
in another script, or with bidi control characters, do not reorder the page around them.

The steps find fields and buttons by their ids and addresses, not their words: the words are the
catalogues' (English until a language's catalogue arrives), the test is about layout and names.
"""
import os
from pathlib import Path
import subprocess
import unicodedata

import pytest

from core.bidi import balanced
from core.extensions import db
from registration.models import RegistrationSettings
from tests.conftest import PASSWORD, link_in
from tests.main_pages import choose_language

pytestmark = pytest.mark.browser

WIDTHS = (320, 1280)
#: Each language: the direction of its pages, its <html lang> (Babel's zh_Hans is zh-Hans in HTML), a name.
WALKS = {
    "ar": ("rtl", "ar", "فاطمة الزهراء"),
    "zh_Hans": ("ltr", "zh-Hans", "王小明"),
}


def log_in(page, email, password=PASSWORD):
    page.goto("/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/account/login" not in url)


def overflow(page) -> list[str]:
    """The widths at which the page scrolls sideways, with what sticks out."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            problems.append(f"{page.url} at {width} px: {scroll} px wide")
    page.set_viewport_size({"width": 1280, "height": 800})
    return problems


def assert_direction(page, direction, lang):
    html = page.locator("html")
    assert (html.get_attribute("dir"), html.get_attribute("lang").replace("_", "-")) == (direction, lang), page.url
    assert page.evaluate("getComputedStyle(document.body).direction") == direction


def shoot(page, name):
    """With CONVENE_SHOTS=<folder>, a screenshot of the page at each width, for a person to look at."""
    folder = os.environ.get("CONVENE_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def pdf_text(data: bytes, tmp_path) -> str:
    """pdftotext's reading, without its bidi embedding marks, presentation forms folded to letters (NFKC)."""
    path = tmp_path / "badge.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    text = "".join(char for char in text if char not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    return unicodedata.normalize("NFKC", " ".join(text.split()))


@pytest.mark.parametrize("language", sorted(WALKS))
def test_sign_up_register_and_download_the_badge(page, make_event, smtp_server, tmp_path, language):
    direction, lang, name = WALKS[language]
    event = make_event(title="Global Forum on Cultural Policies")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    db.session.commit()
    email = f"walk-{language.lower()}@example.org"
    problems = []

    page.goto("/")
    choose_language(page, language)
    assert_direction(page, direction, lang)
    problems += overflow(page)

    page.goto("/account/signup")
    assert_direction(page, direction, lang)
    page.locator("#full_name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#password").fill("a long enough secret")
    page.locator("#confirm").fill("a long enough secret")
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/account/signup" not in url)
    page.goto(link_in(smtp_server.last_to(email), "/account/confirm/"))
    assert_direction(page, direction, lang)
    problems += overflow(page)

    page.goto(f"/events/{event.slug}/")
    assert_direction(page, direction, lang)
    problems += overflow(page)
    page.goto(f"/events/{event.slug}/register")
    assert_direction(page, direction, lang)
    problems += overflow(page)
    page.locator("#stakeholder_group").select_option("government")
    page.locator("#country").select_option("EG" if language == "ar" else "CN")
    page.locator("#organisation").fill("وزارة الثقافة" if language == "ar" else "文化和旅游部")
    page.locator("#consent").check()
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/register" not in url)

    page.goto("/registrations")
    assert_direction(page, direction, lang)
    problems += overflow(page)
    card = page.locator("article.event-card").filter(has_text="Global Forum on Cultural Policies")
    badge = card.locator("a[href$='badge.pdf'], a[href*='/badge']").first
    response = page.request.get(badge.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert name in pdf_text(response.body(), tmp_path)

    # The header names the person, isolated: the name reads as typed, whatever the page's direction.
    account = page.locator(".account-nav bdi").first
    assert account.inner_text() == name
    assert not problems, "\n".join(problems)


def text_box(page, locator) -> dict:
    """Where the text of `locator` is drawn (its first line's box)."""
    return locator.evaluate("""element => {
        const range = document.createRange();
        range.selectNodeContents(element);
        const box = range.getClientRects()[0];
        return {left: box.left, right: box.right};
    }""")


@pytest.mark.parametrize("language, name, before", [
    # A name ending in RIGHT-TO-LEFT OVERRIDE, left open: without isolation the rest of the line (" · " and
    # the e-mail address) would be drawn backwards and swap places with the name.
    ("en", "Eve Mallory\u202e", "left"),
    ("en", "فاطمة الزهراء", "left"),  # an Arabic name on an English page
    ("ar", "John Smith", "right"),  # a Latin name on an Arabic page
    ("ar", "Ali \u202eBen\u202c Salah\u2067", "right"),  # unbalanced controls: an override closed, an isolate left open
])
def test_a_name_in_another_script_or_with_bidi_controls_keeps_its_place_on_the_line(page, make_event, make_user,
                                                                                     language, name, before):
    organiser = make_user(roles=("organiser", "participant"), full_name=name, email="eve@example.org")
    event = make_event(team=[organiser])
    log_in(page, organiser.email)
    choose_language(page, language)
    page.goto(f"/events/{event.slug}/manage/team")

    item = page.locator("main li").filter(has_text="eve@example.org").first
    person, address = item.locator("bdi").nth(0), item.locator("bdi").nth(1)
    assert person.inner_text() == balanced(name)  # what was left open is closed at its end (core.bidi)
    # The name comes first on the line: at its left on an English page, at its right on an Arabic one; the
    # address follows it, drawn left to right as typed.
    name_box, address_box = text_box(page, person), text_box(page, address)
    if before == "left":
        assert name_box["right"] <= address_box["left"]
    else:
        assert name_box["left"] >= address_box["right"]
    assert address.inner_text() == "eve@example.org"


def test_the_main_arabic_pages_read_from_the_right(chromium, live_server, app):
    """Home, an event, a registration form, My registrations, the check-in desk and a report with charts,
    in Arabic on the demo data: right to left, the header starting at the right, charts mirrored, nothing
    scrolling sideways. With CONVENE_SHOTS set, each page is also photographed at 320 and 1280 pixels."""
    from flask import url_for

    from tests.main_pages import BANGKOK, NAIROBI, PARIS, load_demo, log_in_as_demo

    load_demo(app)
    with app.test_request_context():
        pages = {None: [("home", url_for("main.index")), ("event", url_for("events.show_event", slug=PARIS)),
                        ("programme", url_for("events.show_programme", slug=PARIS))],
                 "participant@convene.example": [("register", url_for("registration.register", slug=NAIROBI)),
                                                 ("my-registrations", url_for("registration.my_registrations"))],
                 "checkin@convene.example": [("checkin-desk", url_for("registration.checkin_desk", slug=PARIS))],
                 "organiser@convene.example": [("dashboard", url_for("events.manage_event", slug=PARIS)),
                                               ("report", url_for("outcomes.event_report", slug=BANGKOK))]}
    problems = []
    for who, paths in pages.items():
        context = chromium.new_context(base_url=live_server, locale="en-GB", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        if who:
            log_in_as_demo(page, who)
        choose_language(page, "ar")
        for name, path in paths:
            assert page.goto(path).status == 200, path
            assert_direction(page, "rtl", "ar")
            # The header starts at the right: the site's name is right of the main navigation.
            brand, nav = page.locator(".site-header .brand").bounding_box(), page.locator(".main-nav").bounding_box()
            if nav and nav["width"]:
                assert brand["x"] > nav["x"], f"{path}: the header does not start at the right"
            charts = page.locator("svg.chart-svg")
            directions = set(charts.evaluate_all("svgs => svgs.map(svg => svg.getAttribute('direction'))"))
            assert directions <= {"rtl", "ltr"} and (not directions or "rtl" in directions), (path, directions)
            problems += overflow(page)
            shoot(page, f"ar-{name}")
        context.close()
    assert not problems, "\n".join(problems)


def test_the_arabic_check_in_desk_shows_latin_and_arabic_names_isolated(page, make_event, make_user):
    """The desk's script writes the names it finds: each in its own <bdi>, read as typed, the Arabic name at
    the right of its line and the Latin one too (the line starts at the right), followed by its organisation."""
    from registration import desk_access
    from tests.registration.onsite import confirmed, under_way

    event = under_way(make_event, title="Global Forum on Cultural Policies")
    for name, email, organisation in (("فاطمة الزهراء", "fatima@example.org", "Arts Council Senegal"),
                                      ("Fatima Zahra Benali", "benali@example.org", "وزارة الثقافة")):
        confirmed(event, make_user(email=email, full_name=name), organisation=organisation)
    staff = make_user(email="desk@example.org", full_name="Desk Person", roles=("checkin_staff", "participant"))
    desk_access.add_staff(event, staff)
    log_in(page, staff.email)
    choose_language(page, "ar")
    page.goto(f"/events/{event.slug}/checkin")
    assert_direction(page, "rtl", "ar")

    page.locator("#search-q").fill("fatima")
    page.keyboard.press("Enter")
    found = page.locator("#search-results li").filter(has=page.locator("strong bdi"))
    found.first.wait_for()
    names = found.locator("strong bdi").all_inner_texts()
    assert sorted(names) == sorted(["فاطمة الزهراء", "Fatima Zahra Benali"])
    for index in range(found.count()):
        item = found.nth(index)
        name_box = text_box(page, item.locator("strong bdi"))
        organisation_box = text_box(page, item.locator(":scope > bdi").first)
        assert name_box["left"] >= organisation_box["right"]  # the name first, at the right
    assert not overflow(page)
    shoot(page, "ar-checkin-desk-search")


def test_the_chinese_language_switcher_keeps_its_words_on_one_line(page, make_user):
    """Chinese breaks between any two characters: squeezed by the select, the switcher's label and button
    stood one character a line ("语 / 言", "更 / 改") in the header of a logged-in person at 1280 px."""
    person = make_user(email="wang@example.org", full_name="王小明")
    log_in(page, person.email)
    choose_language(page, "zh_Hans")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/registrations")
        if page.locator(".menu-button").is_visible():
            page.locator(".menu-button").click()
        lines = page.evaluate("""() => [...document.querySelectorAll('.language-switcher label, .language-switcher button')]
            .map(element => {
                const range = document.createRange();
                range.selectNodeContents(element);
                return [element.textContent.trim(), new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
            })""")
        assert lines and all(count == 1 for _, count in lines), (width, lines)
