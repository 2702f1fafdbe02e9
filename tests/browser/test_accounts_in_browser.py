"""A person signs up, confirms, logs out and in, and switches language, in a real browser."""
from playwright.sync_api import expect
import pytest

from tests.conftest import link_in

pytestmark = pytest.mark.browser


def test_sign_up_confirm_log_in_and_switch_language(page, smtp_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Full name").fill("Айгерим Сейткали")
    page.get_by_label("Email").fill("aigerim@example.org")
    page.get_by_label("Password", exact=True).fill("a long enough secret")
    page.get_by_label("Repeat the password").fill("a long enough secret")
    page.get_by_role("button", name="Create account").click()

    page.get_by_text("We sent a link to aigerim@example.org").wait_for()
    expect(page.get_by_text("not confirmed yet")).to_be_visible()

    page.goto(link_in(smtp_server.last_to("aigerim@example.org"), "/account/confirm/"))
    page.get_by_text("your e-mail address is confirmed").wait_for()
    expect(page.get_by_text("confirmed", exact=True)).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    page.get_by_text("You are logged out.").wait_for()

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Email").fill("aigerim@example.org")
    page.get_by_label("Password").fill("a long enough secret")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("You are logged in.").wait_for()
    expect(page.get_by_role("link", name="Айгерим Сейткали")).to_be_visible()

    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    page.get_by_role("button", name="Se déconnecter").wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
    # Logged in, the home page greets the person (in French now) rather than introducing Convene.
    assert page.get_by_role("heading", level=1).inner_text() == "Bon retour parmi nous, Айгерим Сейткали."


def test_wrong_password_message_is_tied_to_the_field_and_keyboard_reaches_the_content(page, make_user):
    user = make_user()
    page.goto("/account/login")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")

    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    password = page.get_by_label("Password")
    page.get_by_text("That e-mail address and password do not match an account.").first.wait_for()
    assert password.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Email").input_value() == user.email
    assert password.input_value() == ""


def test_french_browser_gets_french_on_first_visit(chromium, live_server):
    context = chromium.new_context(base_url=live_server, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == "fr"
        expect(page.get_by_role("navigation", name="Compte").get_by_role("link", name="Se connecter")).to_be_visible()
    finally:
        context.close()
