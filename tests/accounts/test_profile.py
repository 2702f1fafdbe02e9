from accounts.models import User
from core.extensions import db
from tests.conftest import PASSWORD

PROFILE = {"full_name": "李静", "organisation": "Communication University of China", "job_title": "Professor",
           "country": "CN", "stakeholder_group": "academia", "locale": "en", "timezone": "Asia/Shanghai"}


def test_profile_is_saved(client, make_user, login):
    user = make_user()
    login(user)

    response = client.submit("/account/profile", PROFILE, follow_redirects=True)

    assert "Your profile is saved." in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.full_name, saved.country, saved.stakeholder_group, saved.timezone) == \
        ("李静", "CN", "academia", "Asia/Shanghai")


def test_profile_shows_country_names_in_the_page_language(client, make_user, login):
    login(make_user(locale="fr"))

    page = client.get("/account/profile").get_data(as_text=True)

    assert '<option value="DE">Allemagne</option>' in page
    assert "Côte d’Ivoire" in page


def test_bad_profile_values_are_refused_and_the_rest_is_kept(client, make_user, login):
    user = make_user(full_name="Before")
    login(user)

    response = client.submit("/account/profile", PROFILE | {"country": "XX", "timezone": "Mars/Olympus"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("country", "timezone"):
        assert f'<p class="error" id="{field}-error">Choose one of the options in the list.</p>' in page
    assert 'value="Communication University of China"' in page
    db.session.expire_all()
    assert db.session.get(User, user.id).full_name == "Before"


def test_change_password_needs_the_current_one(client, make_user, login):
    user = make_user()
    login(user)

    wrong = client.submit("/account/password", {"current_password": "not it at all", "password": "another secret!",
                                                "confirm": "another secret!"})
    assert wrong.status_code == 400
    assert "That is not your current password." in wrong.get_data(as_text=True)

    right = client.submit("/account/password", {"current_password": PASSWORD, "password": "another secret!",
                                                 "confirm": "another secret!"})
    assert right.status_code == 302
    assert client.get("/account/profile").status_code == 200  # this browser stays signed in


def test_changing_the_password_signs_out_other_browsers(app, client, make_user, login):
    user = make_user()
    login(user)
    other = app.test_client()
    other.submit("/account/login", {"email": user.email, "password": PASSWORD})
    assert other.get("/account/profile").status_code == 200

    client.submit("/account/password", {"current_password": PASSWORD, "password": "another secret!",
                                        "confirm": "another secret!"})

    assert other.get("/account/profile").status_code == 302


def test_profile_needs_login(client):
    response = client.get("/account/profile")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")
