"""Text no database can store, and text that shows nothing, in every form and address."""
import pytest
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db

SIGNUP = {"full_name": "Nasrin Farhadi", "email": "nasrin@example.org",
          "password": "a long enough secret", "confirm": "a long enough secret"}
UNSTORABLE = "This text contains characters that cannot be stored."
PROFILE = {"full_name": "Ana Lima", "organisation": "", "job_title": "", "country": "", "stakeholder_group": "",
           "locale": "en", "timezone": ""}


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b", "\x7f\x0b"])
def test_control_characters_are_refused_on_their_field_and_the_rest_is_kept(client, bad):
    response = client.submit("/account/signup", SIGNUP | {"full_name": f"Nasrin{bad}Farhadi"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="full_name-error">{UNSTORABLE}' in page
    assert 'value="nasrin@example.org"' in page
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_control_characters_in_an_e_mail_address_do_not_reach_the_database(client):
    for url in ("/account/login", "/account/password/forgot"):
        response = client.submit(url, {"email": "nasrin\x00@example.org", "password": "x"})
        assert response.status_code == 400, url
        assert UNSTORABLE in response.get_data(as_text=True)


def test_tabs_and_line_breaks_are_ordinary_text(client, make_user, login):
    user = make_user()
    login(user)

    response = client.submit("/account/profile", PROFILE | {"full_name": "Ana\tLima",
                                                             "organisation": "Casa\r\nBrasil"})

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).organisation == "Casa\r\nBrasil"


def test_profile_refuses_a_nul_in_the_organisation(client, make_user, login):
    user = make_user(organisation="UNESCO")
    login(user)

    response = client.submit("/account/profile", PROFILE | {"organisation": "Casa\x00Brasil"})

    assert response.status_code == 400
    assert f'id="organisation-error">{UNSTORABLE}' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).organisation == "UNESCO"


@pytest.mark.parametrize("path", ["/admin/users?q=%00", "/admin/users?role=%01", "/admin/users?q%00=x",
                                  "/no/such%00page"])
def test_control_characters_in_an_address_are_a_bad_request(client, make_user, login, path):
    login(make_user(roles=("administrator",)))

    response = client.get(path)

    assert response.status_code == 400
    assert "Bad request" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["\u200b", "\u200c\u200d", "\u2060 \ufeff", " \u200b\u00a0"])
def test_a_name_made_only_of_invisible_characters_is_no_name(client, name):
    response = client.submit("/account/signup", SIGNUP | {"full_name": name})

    assert response.status_code == 400
    assert "Enter your name." in response.get_data(as_text=True)


def test_invisible_characters_are_trimmed_from_the_ends_but_kept_inside(client):
    # The zero-width non-joiner inside a Persian name is part of how it is written.
    client.submit("/account/signup", SIGNUP | {"full_name": "\u200bنسرین\u200cدخت فرهادی\ufeff"})

    assert db.session.scalar(select(User.full_name)) == "نسرین\u200cدخت فرهادی"


def test_direction_overrides_are_refused_on_the_field(client):
    response = client.submit("/account/signup", {"full_name": "Bob\u202eevil", "email": "bob@example.org",
                                                 "password": "a long enough secret",
                                                 "confirm": "a long enough secret"})

    assert response.status_code == 400
    assert "invisible characters that reverse its direction" in response.get_data(as_text=True)


def test_a_failed_submit_names_the_error_count_in_the_title_and_focuses_the_summary(client):
    response = client.submit("/account/signup", SIGNUP | {"full_name": "", "email": "not an address"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>2 errors – " in page
    summary = page[page.index('class="error-summary"') - 5:].split(">")[0]
    assert "autofocus" in summary and 'tabindex="-1"' in summary

    french = client.submit("/account/signup", SIGNUP | {"full_name": ""}, headers={"Accept-Language": "fr"})
    assert "<title>1 erreur – " in french.get_data(as_text=True)


def test_required_fields_say_so_and_carry_required(client):
    page = client.get("/account/signup").get_data(as_text=True)

    assert '<label for="full_name">Full name</label> <span class="required-mark" aria-hidden="true">(required)' in page
    name_input = next(tag for tag in page.split("<input")[1:] if 'name="full_name"' in tag).split(">")[0]
    assert " required" in name_input


def test_a_checkbox_hint_is_on_the_page_under_the_id_the_box_points_to(client, make_event, make_session, login):
    from datetime import datetime

    event = make_event()
    session = make_session(event, datetime(2027, 3, 27, 10, 0))
    login(event.team[0].user)

    page = client.get(f"/events/{event.slug}/manage/sessions/{session.id}/edit").get_data(as_text=True)

    box = next(tag for tag in page.split("<input")[1:] if 'name="takes_attendance"' in tag).split(">")[0]
    assert 'aria-describedby="takes_attendance-hint"' in box
    assert 'id="takes_attendance-hint"' in page
