from concurrent.futures import ThreadPoolExecutor
import threading

import pytest

from tests.conftest import PASSWORD, link_in


def ask_for_reset(client, email):
    return client.submit("/account/password/forgot", {"email": email}, follow_redirects=True)


def test_reset_link_sets_a_new_password_once(client, make_user, smtp_server):
    user = make_user(email="olena@example.org", full_name="Олена Коваленко")

    page = ask_for_reset(client, "Olena@Example.org").get_data(as_text=True)
    assert "a link to reset its password is on its way" in page
    mail = smtp_server.last_to("olena@example.org")
    link = link_in(mail, "/account/password/reset/")

    response = client.submit(link, {"password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 302

    bad_old = client.submit("/account/login", {"email": user.email, "password": PASSWORD})
    assert bad_old.status_code == 400
    good_new = client.submit("/account/login", {"email": user.email, "password": "a brand new secret"})
    assert good_new.status_code == 302

    # The same link does not work twice.
    reused = client.get(link)
    assert reused.status_code == 400
    assert "not valid or has already been used" in reused.get_data(as_text=True)


def test_unknown_address_gets_the_same_answer_and_no_mail(client, smtp_server):
    page = ask_for_reset(client, "nobody@example.org").get_data(as_text=True)

    assert "a link to reset its password is on its way" in page
    assert smtp_server.messages == []


def test_malformed_address_is_explained(client):
    response = client.submit("/account/password/forgot", {"email": "nobody at example"})

    assert response.status_code == 400
    assert "Enter a valid e-mail address" in response.get_data(as_text=True)
    assert 'value="nobody at example"' in response.get_data(as_text=True)


def test_tampered_and_expired_links_are_refused_with_a_clear_message(app, client, make_user, smtp_server):
    make_user(email="li@example.org")
    ask_for_reset(client, "li@example.org")
    link = link_in(smtp_server.last_to("li@example.org"), "/account/password/reset/")

    tampered = client.get(link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB"))
    assert tampered.status_code == 400
    assert "not valid" in tampered.get_data(as_text=True)

    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    expired = client.get(link)
    assert expired.status_code == 400
    assert "This reset link has expired" in expired.get_data(as_text=True)
    # Posting a new password through an expired link changes nothing.
    response = client.submit(link, {"password": "a brand new secret", "confirm": "a brand new secret"},
                             form_url="/account/password/forgot")
    assert response.status_code == 400
    app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert client.submit("/account/login", {"email": "li@example.org", "password": PASSWORD}).status_code == 302


def test_new_password_is_checked(client, make_user, smtp_server):
    make_user(email="li@example.org")
    ask_for_reset(client, "li@example.org")
    link = link_in(smtp_server.last_to("li@example.org"), "/account/password/reset/")

    response = client.submit(link, {"password": "short", "confirm": "short"})

    assert response.status_code == 400
    assert "Use at least 10 characters." in response.get_data(as_text=True)


def test_confirmation_link_for_an_old_address_or_tampered_or_expired_is_refused(app, client, make_user, smtp_server):
    client.submit("/account/signup", {"full_name": "Kwame Mensah", "email": "kwame@example.org",
                                      "password": "a long enough secret", "confirm": "a long enough secret"})
    link = link_in(smtp_server.last_to("kwame@example.org"), "/account/confirm/")

    tampered = client.get(link.replace("/confirm/", "/confirm/x"))
    assert tampered.status_code == 400
    assert "This confirmation link is not valid" in tampered.get_data(as_text=True)

    app.config["EMAIL_CONFIRM_MAX_AGE"] = -1
    expired = client.get(link)
    assert expired.status_code == 400
    assert "This confirmation link has expired" in expired.get_data(as_text=True)
    # A logged-in person is offered a new link right there.
    assert "Send a new confirmation link" in expired.get_data(as_text=True)


def test_the_reset_link_carries_nothing_of_the_password_hash(app, client, make_user, smtp_server):
    from itsdangerous import URLSafeTimedSerializer

    user = make_user(email="olena@example.org")
    ask_for_reset(client, user.email)
    token = link_in(smtp_server.last_to(user.email), "/account/password/reset/").rsplit("/", 1)[1]

    _, payload = URLSafeTimedSerializer("any key").loads_unsafe(token)  # what anyone holding the link can read
    stored = user.password_hash
    assert not any(stored[start:start + 8] in str(payload) for start in range(len(stored) - 8))


@pytest.mark.pg_only
def test_a_reset_link_submitted_twice_at_the_same_moment_sets_one_password(app, make_user, smtp_server, monkeypatch):
    from accounts import services

    user = make_user(email="olena@example.org")
    ask_for_reset(app.test_client(), user.email)
    link = link_in(smtp_server.last_to(user.email), "/account/password/reset/")
    # Both submissions have read the account and found the link good before either writes.
    both_checked, hash_password = threading.Barrier(2), services.hash_password

    def hash_once_both_have_checked(password):
        both_checked.wait()
        return hash_password(password)

    monkeypatch.setattr(services, "hash_password", hash_once_both_have_checked)

    def submit(password):
        client = app.test_client()
        token = client.csrf_token(link)
        return client.post(link, data={"csrf_token": token, "password": password, "confirm": password})

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(submit, ["first new secret", "second new secret"]))

    assert sorted(answer.status_code for answer in answers) == [302, 400]
    refused = next(answer for answer in answers if answer.status_code == 400)
    assert "not valid or has already been used" in refused.get_data(as_text=True)
    winner = "first new secret" if answers[0].status_code == 302 else "second new secret"
    loser = "second new secret" if winner == "first new secret" else "first new secret"
    login = app.test_client()
    assert login.submit("/account/login", {"email": user.email, "password": winner}).status_code == 302
    assert app.test_client().submit("/account/login", {"email": user.email, "password": loser}).status_code == 400
