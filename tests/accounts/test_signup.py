import re

from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from core.mail import OutboxMessage
from tests.conftest import link_in, text_of

GOOD = {"full_name": "فاطمة الزهراء بنعلي", "email": "Fatima@Example.org",
        "password": "a long enough secret", "confirm": "a long enough secret"}


def user_count():
    return db.session.scalar(select(func.count()).select_from(User))


def test_sign_up_creates_a_participant_and_sends_a_confirmation_link(client, smtp_server):
    response = client.submit("/account/signup", GOOD)

    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "fatima@example.org"
    assert user.full_name == "فاطمة الزهراء بنعلي"  # stored exactly as typed
    assert user.role_names == {"participant"}
    assert not user.is_confirmed
    mail = smtp_server.last_to("fatima@example.org")
    assert "Confirm" in mail["Subject"]
    assert "فاطمة الزهراء بنعلي" in text_of(mail)
    # Signed in at once, with a reminder to confirm.
    profile = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not confirmed yet" in profile


def test_confirmation_link_confirms_the_address(client, smtp_server):
    client.submit("/account/signup", GOOD)
    link = link_in(smtp_server.last_to("fatima@example.org"), "/account/confirm/")

    response = client.get(link, follow_redirects=True)

    assert "your e-mail address is confirmed" in response.get_data(as_text=True)
    assert db.session.scalar(select(User)).is_confirmed


def test_taken_email_is_refused_whatever_its_case_and_the_form_keeps_what_was_typed(client, make_user):
    make_user(email="fatima@example.org")

    response = client.submit("/account/signup", GOOD | {"email": " FATIMA@example.org "})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "An account with this e-mail address already exists" in page
    assert 'value="فاطمة الزهراء بنعلي"' in page
    assert "a long enough secret" not in page  # passwords are never sent back
    assert user_count() == 1


def test_malformed_email_short_password_and_mismatch_are_explained_and_nothing_is_saved(client):
    cases = [
        ({"email": "not-an-address"}, "Enter a valid e-mail address"),
        ({"email": "someone@localhost"}, "Enter a valid e-mail address"),
        ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
        ({"confirm": "something else entirely"}, "The two passwords are not the same."),
        ({"full_name": "   "}, "Enter your name."),
        ({"full_name": "x" * 201}, "A name has at most 200 characters."),
    ]
    for change, message in cases:
        response = client.submit("/account/signup", GOOD | change)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, change
        assert message in page, change
        assert 'aria-invalid="true"' in page
        assert user_count() == 0
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_error_messages_are_tied_to_their_fields(client):
    page = client.submit("/account/signup", GOOD | {"email": "nope"}).get_data(as_text=True)

    assert 'id="email-error"' in page
    assert 'aria-describedby="email-error"' in page
    assert '<a href="#email">' in page  # the summary at the top links to the field


def test_sign_up_without_csrf_token_is_refused_and_saves_nothing(client):
    response = client.post("/account/signup", data=GOOD)

    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)
    assert user_count() == 0


def test_a_very_long_password_is_told_the_maximum(client):
    page = client.submit("/account/signup", GOOD | {"password": "x" * 5000, "confirm": "x" * 5000}).get_data(as_text=True)

    assert "Use at most 200 characters." in page
    assert "Use at least" not in page


def test_a_bad_link_offers_no_new_link_to_someone_already_confirmed(client, make_user, login, smtp_server):
    login(make_user(confirmed=True))

    page = client.get("/account/confirm/not-a-token").get_data(as_text=True)

    assert "Send a new confirmation link" not in page
    assert "Your address is already confirmed." in page


def test_asking_for_a_new_link_when_already_confirmed_says_so_and_sends_nothing(client, make_user, login,
                                                                              smtp_server):
    login(make_user(confirmed=True))

    page = client.submit("/account/confirm/resend", form_url="/account/profile", follow_redirects=True)

    text = page.get_data(as_text=True)
    assert "Your address is already confirmed." in text
    assert "We sent a new confirmation link" not in text
    assert smtp_server.messages == []


def test_a_bad_link_still_offers_a_new_link_to_someone_not_confirmed(client, make_user, login):
    login(make_user(confirmed=False))

    assert "Send a new confirmation link" in client.get("/account/confirm/not-a-token").get_data(as_text=True)


def test_following_someone_elses_link_says_whose_address_is_confirmed(client, make_user, login, smtp_server):
    client.submit("/account/signup", GOOD)
    link = link_in(smtp_server.last_to("fatima@example.org"), "/account/confirm/")
    client.submit("/account/logout", form_url="/")
    login(make_user(email="colleague@example.org"))

    page = client.get(link, follow_redirects=True).get_data(as_text=True)

    assert "The address fatima@example.org is confirmed." in page
    assert "your e-mail address is confirmed" not in page


def test_from_an_events_register_button_sign_up_and_the_confirmation_link_lead_back_to_its_form(
        app, client, smtp_server, make_event):
    from tests.conftest import open_event

    event = open_event(make_event)
    form_path = f"/events/{event.slug}/register"
    to_login = client.get(form_path)  # the Register button, logged out
    login_page = client.get(to_login.headers["Location"]).get_data(as_text=True)
    signup_path = re.search(r'href="(/account/signup\?next=[^"]+)"', login_page).group(1).replace("&amp;", "&")

    signed_up = client.submit(signup_path, GOOD, follow_redirects=True)
    page = signed_up.get_data(as_text=True)
    assert signed_up.request.path == form_path  # the registration's own page, saying what to do first
    assert "Confirm your e-mail address" in page and "fatima@example.org" in page

    link = link_in(smtp_server.last_to("fatima@example.org"), "/account/confirm/")
    confirmed = client.get(link, follow_redirects=True)
    assert confirmed.request.path == form_path
    assert "your e-mail address is confirmed" in confirmed.get_data(as_text=True)
    assert 'name="full_name"' in confirmed.get_data(as_text=True)  # the registration form itself


def test_a_confirmation_link_followed_on_another_device_logs_in_and_then_leads_to_the_form(
        app, client, smtp_server, make_event):
    from tests.conftest import open_event

    event = open_event(make_event)
    client.submit(f"/account/signup?next=/events/{event.slug}/register", GOOD)
    link = link_in(smtp_server.last_to("fatima@example.org"), "/account/confirm/")

    phone = app.test_client()
    answer = phone.get(link)
    assert answer.status_code == 302 and "/account/login" in answer.headers["Location"]
    logged_in = phone.submit(answer.headers["Location"], {"email": GOOD["email"], "password": GOOD["password"]})
    assert logged_in.headers["Location"] == f"/events/{event.slug}/register"


def test_next_never_leads_off_the_site(client, smtp_server):
    targets = ("https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)")
    for number, target in enumerate(targets):
        response = client.submit(f"/account/signup?next={target}", GOOD | {"email": f"x{number}@example.org"})
        client.post("/account/logout", data={"csrf_token": client.csrf_token("/account/profile")})
        assert response.headers["Location"] == "/account/profile", target


def test_the_headers_sign_up_and_log_in_links_keep_the_way_back(client):
    # From the log-in page on its way to a registration form, the header's "Sign up" went to a plain sign-up.
    page = client.get("/account/login?next=/events/forum/register").get_data(as_text=True)

    header = page[page.index("<header"):page.index("</header>")]
    assert 'href="/account/signup?next=/events/forum/register"' in header
    assert 'href="/account/login?next=/events/forum/register"' in header
