from html.parser import HTMLParser

import pytest


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
