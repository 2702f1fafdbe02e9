"""A beneficiary's organisation and IFCD projects: filled in once, kept across fairs, theirs alone."""
import pytest

from core.extensions import db
from showcase import services
from showcase.models import Organisation, Project
from tests.conftest import page_text

ORGANISATION = {"name": "Association Culturelle Sahel", "kind": "ngo", "country": "BF",
                "website": "https://sahel-culture.example.org", "contact_name": "Awa Ouédraogo",
                "contact_email": "awa@sahel-culture.example.org", "contact_phone": "+226 25 00 00 00"}
PROJECT = {"code": "2019-1234", "title": "Strengthening the music value chain in Burkina Faso",
           "funding_usd": "95000", "call_number": "10", "call_year": "2019", "starts_on": "2020-03-01",
           "ends_on": "2021-12-31", "countries": ["BF", "ML"], "domains": ["music"], "goals": ["development"],
           "sdgs": ["8"], "summary": "Training for music producers.", "expected_results": "", "achieved_results": ""}


@pytest.fixture
def beneficiary(client, make_user, login):
    user = make_user(roles=("beneficiary", "participant"), email="awa@sahel-culture.example.org")
    login(user)
    return user


def test_a_beneficiary_fills_in_its_organisation_and_a_project(client, beneficiary):
    saved = client.submit("/showcase/organisation", ORGANISATION, follow_redirects=True)
    added = client.submit("/showcase/organisation/projects/new", PROJECT, follow_redirects=True)

    assert "profile is saved" in saved.get_data(as_text=True)
    assert "The project is saved." in added.get_data(as_text=True)
    organisation = services.organisation_of(beneficiary)
    assert organisation.region == "africa" and organisation.kind == "ngo"
    [project] = organisation.projects
    assert (project.code, project.funding_usd, project.call_year) == ("2019-1234", 95000, 2019)
    assert project.countries == ["BF", "ML"] and project.sdgs == [8] and project.domains == ["music"]
    assert "2019-1234 · Strengthening the music value chain" in page_text(added.get_data(as_text=True))


@pytest.mark.parametrize("field, value, message", [
    ("code", "1234", "the year, a hyphen, the number"),
    ("code", "2019/1234", "the year, a hyphen, the number"),
    ("funding_usd", "-5", "between 1 and 10,000,000"),
    ("funding_usd", "95 000 USD", "whole US dollars, like 95000"),
    ("call_year", "twenty", "Give the year of the call"),
    ("call_year", "2005", "from 2010 to this year"),
    ("ends_on", "2019-01-01", "cannot end before it starts"),
    ("starts_on", "31/02/2020", "Enter a date"),
    ("countries", ["XX"], "Choose one of the options"),
    ("title", "", "Give the project's title"),
    ("title", "a" * 301, "At most 300 characters"),
    ("summary", "bad\x00text", "cannot be stored"),
])
def test_a_bad_project_is_refused_with_the_reason_and_nothing_saved(client, beneficiary, field, value, message):
    client.submit("/showcase/organisation", ORGANISATION)

    response = client.submit("/showcase/organisation/projects/new", dict(PROJECT, **{field: value}))

    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body
    assert "Strengthening the music value chain" in body or field == "title"  # what was typed is kept
    assert db.session.query(Project).count() == 0


@pytest.mark.parametrize("field, value, message", [
    ("website", "javascript:alert(1)", "starting with https://"),
    ("website", "sahel-culture.org", "starting with https://"),
    ("contact_email", "not-an-address", "valid e-mail address"),
    ("country", "", "Choose the country"),
    ("kind", "company", "Choose one of the options"),
])
def test_a_bad_organisation_is_refused_and_nothing_saved(client, beneficiary, field, value, message):
    response = client.submit("/showcase/organisation", dict(ORGANISATION, **{field: value}))

    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.query(Organisation).count() == 0


def test_a_project_id_is_used_once(client, beneficiary, make_user, app):
    client.submit("/showcase/organisation", ORGANISATION)
    client.submit("/showcase/organisation/projects/new", PROJECT)
    other = make_user(roles=("beneficiary",))
    second = app.test_client()
    second.submit("/account/login", {"email": other.email, "password": "correct horse battery"})
    second.submit("/showcase/organisation", dict(ORGANISATION, name="Other organisation"))

    response = second.submit("/showcase/organisation/projects/new", PROJECT)

    assert response.status_code == 400 and "project has this ID" in response.get_data(as_text=True)
    assert db.session.query(Project).count() == 1


def test_a_beneficiary_cannot_open_or_change_another_organisations_project(client, beneficiary, make_user, app):
    client.submit("/showcase/organisation", ORGANISATION)
    client.submit("/showcase/organisation/projects/new", PROJECT)
    project = db.session.query(Project).one()
    intruder = make_user(roles=("beneficiary",))
    other = app.test_client()
    other.submit("/account/login", {"email": intruder.email, "password": "correct horse battery"})
    other.submit("/showcase/organisation", dict(ORGANISATION, name="Intruders"))

    assert other.get(f"/showcase/organisation/projects/{project.id}").status_code == 404
    changed = other.post(f"/showcase/organisation/projects/{project.id}",
                         data=dict(PROJECT, title="Hijacked", csrf_token=other.csrf_token("/showcase/organisation")))
    assert changed.status_code == 404
    db.session.expire_all()
    assert db.session.get(Project, project.id).title == PROJECT["title"]


def test_the_profile_needs_a_log_in_and_a_project_needs_an_organisation(client, make_user, login, app):
    assert app.test_client().get("/showcase/organisation").status_code == 302  # to the log-in page
    login(make_user(roles=("beneficiary", "participant")))
    assert client.get("/showcase/organisation").status_code == 200
    response = client.get("/showcase/organisation/projects/new", follow_redirects=True)
    assert "Fill in your organisation first." in response.get_data(as_text=True)


def test_editing_a_project_keeps_its_values_and_changes_what_was_changed(client, beneficiary):
    client.submit("/showcase/organisation", ORGANISATION)
    client.submit("/showcase/organisation/projects/new", PROJECT)
    project = db.session.query(Project).one()
    page = client.get(f"/showcase/organisation/projects/{project.id}").get_data(as_text=True)
    assert 'value="2019-1234"' in page and 'value="95000"' in page

    client.submit(f"/showcase/organisation/projects/{project.id}",
                  dict(PROJECT, achieved_results="120 producers trained."))

    db.session.expire_all()
    assert db.session.get(Project, project.id).achieved_results == "120 producers trained."
    assert db.session.query(Project).count() == 1
