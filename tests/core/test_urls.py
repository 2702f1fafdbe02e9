"""Links we mail out, and what we accept in the addresses we receive."""
import pytest

from config import _env_list
from core.urls import external_url
from tests.conftest import CSRF_INPUT, link_in, text_of


def test_mailed_links_use_base_url_never_a_forged_host(app, client, make_user, smtp_server):
    app.config["BASE_URL"] = "https://convene.example.org"
    user = make_user()

    forged = "http://evil.example"  # the Host header of both requests (and so the domain of the cookie)
    token = CSRF_INPUT.search(client.get("/account/password/forgot", base_url=forged).get_data(as_text=True))[1]
    client.post("/account/password/forgot", data={"email": user.email, "csrf_token": token}, base_url=forged)

    text = text_of(smtp_server.last_to(user.email))
    assert "evil.example" not in text
    assert "https://convene.example.org" + link_in(smtp_server.last_to(user.email), "/account/password/reset/") in text


def test_without_base_url_links_follow_the_request_for_development(app, client, make_user, smtp_server):
    user = make_user()

    client.submit("/account/password/forgot", {"email": user.email})

    assert "http://localhost/account/password/reset/" in text_of(smtp_server.last_to(user.email))


def test_base_url_may_have_a_path_and_needs_no_request(app):
    app.config["BASE_URL"] = "https://events.example.org/convene"

    assert external_url("accounts.login", next="/x") == "https://events.example.org/convene/account/login?next=/x"


def test_trusted_hosts_refuse_any_other_host(app, client):
    app.config["TRUSTED_HOSTS"] = ["convene.example.org"]

    assert client.get("/", headers={"Host": "convene.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_trusted_hosts_come_from_a_comma_separated_variable(monkeypatch):
    monkeypatch.setenv("TRUSTED_HOSTS", "convene.example.org, .convene.example.org,")

    assert _env_list("TRUSTED_HOSTS") == ["convene.example.org", ".convene.example.org"]


@pytest.mark.parametrize("path", ["/admin/users/3000000000", "/admin/users/99999999999999999999",
                                  "/admin/mail/9223372036854775808"])
def test_ids_too_large_for_the_database_are_not_found(client, make_user, login, path):
    login(make_user(roles=("administrator",)))

    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/admin/users?page=999999999999999999999", "/admin/mail?page=9223372036854775808",
                                  "/admin/users?page=-3", "/admin/mail?page=two"])
def test_any_page_number_gives_a_page(client, make_user, login, path):
    login(make_user(roles=("administrator",)))

    assert client.get(path).status_code == 200
