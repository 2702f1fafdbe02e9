from html.parser import HTMLParser
import json
import shutil
import subprocess
import urllib.parse

import pytest

from tests.conftest import unavailable
from tests.main_pages import load_demo, main_pages, node_tool, visit_as


class FormAudit(HTMLParser):
    """Collect the form controls and the labels of a page, and its landmarks."""

    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.landmarks, self.ids = [], set(), set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks.add(tag)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            self.controls.append(attrs)


def audit(html):
    parser = FormAudit()
    parser.feed(html)
    return parser


#: Pages that send a signed-in person elsewhere.
ANONYMOUS_ONLY = {"/account/login", "/account/signup"}
FORM_PAGES = ["/", "/account/login", "/account/signup", "/account/password/forgot", "/account/profile",
              "/account/password", "/admin/users"]


@pytest.mark.parametrize("path", FORM_PAGES)
def test_every_form_field_has_a_label_and_the_page_has_landmarks(client, make_user, login, path):
    if path not in ANONYMOUS_ONLY:
        login(make_user(roles=("administrator",)))
    page = client.get(path).get_data(as_text=True)
    found = audit(page)

    assert found.controls, "expected a form on this page"
    for control in found.controls:
        assert control.get("id") in found.labels, f"unlabelled {control}"
    assert {"main", "header", "footer", "nav"} <= found.landmarks
    assert 'class="skip-link" href="#content"' in page and "content" in found.ids


def test_unexpected_error_shows_the_500_page_without_details(app, client):
    @app.get("/explode-for-test")
    def explode():
        raise RuntimeError("secret internals")

    response = client.get("/explode-for-test", headers={"Accept-Language": "fr"})

    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Une erreur inattendue" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_static_assets_are_served_locally(client):
    page = client.get("/").get_data(as_text=True)

    assert '/static/css/convene.css' in page
    with client.get("/static/css/convene.css") as css:
        assert css.status_code == 200 and "margin-inline" in css.get_data(as_text=True)


def test_stylesheet_uses_logical_properties_only():
    from pathlib import Path
    import re

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "convene.css").read_text()
    physical = re.findall(r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|"
                          r"text-align:\s*(left|right)|float:\s*(left|right)", css)
    assert physical == []


def _home_of(client, login, person) -> str:
    login(person)
    return client.get("/").get_data(as_text=True)


def test_the_home_page_of_someone_logged_in_shows_their_own_things(client, make_user, make_event, login):
    from datetime import datetime, timedelta

    from core.extensions import db
    from core.models import utcnow
    from registration import services
    from registration.models import CheckinStaff, RegistrationSettings
    from showcase.models import OrganisationMember
    from tests.conftest import page_text
    from tests.showcase.fair import beneficiary_booth, make_fair

    person = make_user(full_name="Amina Diallo", roles=("participant", "checkin_staff", "beneficiary"))
    coming = make_event(title="Dakar workshop")
    over = make_event(title="Bangkok workshop", start=datetime(2026, 11, 17, 9), end=datetime(2026, 11, 18, 17))
    for event in (coming, over):
        db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=utcnow() + timedelta(days=9)))
    db.session.commit()
    for event in (coming, over):
        services.register(event, person, {"full_name": "Amina Diallo", "organisation": "Org",
                                          "stakeholder_group": "media", "country": "SN"})
    organised = make_event(title="Forum on music", team=[person], status="draft")
    desk = make_event(title="Paris conference")
    db.session.add(CheckinStaff(event_id=desk.id, user_id=person.id))
    db.session.commit()
    fair = make_fair(make_event, title="IFCD fair")
    booth = beneficiary_booth(make_user, fair)[1]
    db.session.add(OrganisationMember(organisation_id=booth.organisation_id, user_id=person.id, role="staff"))
    db.session.commit()

    html = _home_of(client, login, person)
    page = page_text(html)
    assert "Welcome back, Amina Diallo." in page
    assert "Eight instruments of knowledge exchange" not in page  # the introduction is for visitors
    assert "Your registrations Dakar workshop" in page and "Confirmed" in page
    assert "Bangkok workshop" not in page  # over
    assert "Events you organise Forum on music" in page and "Draft" in page
    assert "Check-in desks you staff Check-in desk: Paris conference" in page
    assert "Booths you run IFCD fair" in page
    for link in (f"/events/{coming.slug}/", f"/events/{organised.slug}/manage", f"/events/{desk.slug}/checkin",
                 f"/showcase/booths/{booth.id}"):
        assert f'href="{link}"' in html, link


def test_the_home_page_keeps_the_introduction_for_visitors_and_guides_newcomers(client, make_user, login):
    from tests.conftest import page_text

    visitor = page_text(client.get("/").get_data(as_text=True))
    assert "Eight instruments of knowledge exchange" in visitor and "Create an account" in visitor
    page = page_text(_home_of(client, login, make_user()))
    assert "You are not registered for any event to come. Browse the events" in page
    assert "Events you organise" not in page and "Booths you run" not in page and "Check-in desks" not in page


def test_query_count_of_the_home_page_does_not_grow_with_what_the_person_has(client, make_user, make_event, login,
                                                                           count_queries):
    from datetime import timedelta

    from core.extensions import db
    from core.models import utcnow
    from registration import services
    from registration.models import CheckinStaff, RegistrationSettings

    def queries_with(count: int) -> int:
        person = make_user(roles=("participant", "checkin_staff"))
        for _ in range(count):
            event = make_event(team=[person])
            db.session.add(RegistrationSettings(event_id=event.id, is_open=True,
                                                closes_at=utcnow() + timedelta(days=9)))
            db.session.add(CheckinStaff(event_id=event.id, user_id=person.id))
            db.session.commit()
            services.register(event, person, {"full_name": "X", "organisation": "Org", "stakeholder_group": "media",
                                              "country": "SN"})
        login(person)
        client.get("/")
        with count_queries() as counter:
            assert client.get("/").status_code == 200
        client.submit("/account/logout", form_url="/")
        return counter.count

    assert queries_with(1) == queries_with(8)


def test_the_main_pages_of_every_role_are_valid_html(app, tmp_path):
    """The W3C validator (vnu) finds no error on any role's main pages: one run over all of them, as
    starting Java is slow."""
    jar = node_tool("vnu-jar/build/dist/vnu.jar")
    java = shutil.which("java")
    if not java:
        unavailable("no java on this machine (./dev test installs Debian's default-jre-headless)")
    load_demo(app)
    pages = {}
    for who, paths in main_pages(app).items():
        client = visit_as(app, who)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, f"{path} as {who or 'a visitor'}: {response.status_code}"
            file = tmp_path / f"page{len(pages):03}.html"
            file.write_bytes(response.get_data())
            pages[file.as_uri()] = f"{path} as {who or 'a visitor'}"

    result = subprocess.run([java, "-jar", str(jar), "--format", "json", "--errors-only", *(
        urllib.parse.urlparse(uri).path for uri in pages)], capture_output=True, text=True)

    messages = json.loads(result.stderr)["messages"]
    assert messages or result.returncode == 0, result.stderr
    problems = {}  # the same error repeated down a page is listed once, with how often
    for message in messages:
        page = pages.get(message.get("url", "").replace("file:/", "file:///", 1), message.get("url"))
        where = f"{page}: {message['message']}"
        problems.setdefault(where, []).append(f"line {message.get('lastLine')}: "
                                              f"{(message.get('extract') or '').strip()[:160]}")
    assert not problems, f"the validator found {len(messages)} errors:\n" + "\n".join(
        f"{where} ({len(lines)}×; first at {lines[0]})" for where, lines in sorted(problems.items()))


def test_bytes_remembered_in_one_language_are_never_given_in_another(app):
    from flask_babel import refresh

    from core.cache import forget_everything, remembered

    forget_everything()
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        refresh()  # the tests' app context outlives a request: forget the language it chose
        french = remembered(("feed", 1), lambda: "Événements".encode())
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()
        english = remembered(("feed", 1), lambda: b"Events")

    assert french == "Événements".encode() and english == b"Events"
