from tests.conftest import PASSWORD


def test_log_in_and_out(client, make_user):
    user = make_user(full_name="Ana Lúcia Ferreira")

    response = client.submit("/account/login", {"email": user.email.upper(), "password": PASSWORD},
                             follow_redirects=True)
    assert "You are logged in." in response.get_data(as_text=True)
    assert "Ana Lúcia Ferreira" in client.get("/").get_data(as_text=True)

    response = client.submit("/account/logout", form_url="/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You are logged out." in page
    assert client.get("/account/profile").status_code == 302


def test_wrong_password_says_so_and_keeps_the_email(client, make_user):
    user = make_user()

    response = client.submit("/account/login", {"email": user.email, "password": "not the password"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "That e-mail address and password do not match an account." in page
    assert f'value="{user.email}"' in page
    assert "not the password" not in page


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    response = client.submit("/account/login", {"email": "nobody@example.org", "password": "whatever it is"})

    assert "That e-mail address and password do not match an account." in response.get_data(as_text=True)


def test_deactivated_account_cannot_log_in(client, make_user):
    user = make_user(active=False)

    response = client.submit("/account/login", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 400


def test_logout_is_a_post_with_csrf(client, make_user, login):
    login(make_user())

    assert client.get("/account/logout").status_code == 405
    assert client.post("/account/logout").status_code == 400  # no CSRF token
    assert client.get("/account/profile").status_code == 200  # still logged in


def test_next_parameter_only_leads_to_this_site(client, make_user):
    user = make_user()

    inside = client.submit("/account/login?next=/account/profile", {"email": user.email, "password": PASSWORD},
                           form_url="/account/login")
    client.submit("/account/logout", form_url="/")
    outside = client.submit("/account/login?next=https://evil.example/", {"email": user.email, "password": PASSWORD},
                            form_url="/account/login")

    assert inside.headers["Location"] == "/account/profile"
    assert outside.headers["Location"] == "/"
