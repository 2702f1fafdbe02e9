from pathlib import Path
import re

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_carries_security_headers_and_a_strict_csp(client):
    response = client.get("/")

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite(client, make_user, login):
    response = login(make_user())

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_have_no_inline_script_or_style_and_load_nothing_from_the_internet():
    # The CSP forbids inline scripts and styles; e-mail templates are not pages, so they may style inline,
    # nor are the *_print.html documents that only WeasyPrint reads (a badge's size is computed per name).
    for path in list((ROOT / "templates").rglob("*.html")) + list((ROOT / "static").rglob("*.*")):
        if "email" in path.parts or path.name.endswith("_print.html"):
            continue
        text = path.read_text(errors="ignore")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\sstyle=", text), path
        assert not re.search(r"\son[a-z]+=", text), path
        urls = re.findall(r"https?://[^\s\"')]+", text)
        assert all(url.startswith("http://www.w3.org/") for url in urls), (path, urls)


def test_state_changes_need_a_csrf_token(client, make_user, login):
    user = make_user()
    login(user)

    for url, data in [("/language", {"locale": "fr"}), ("/account/profile", {"full_name": "X"}),
                      ("/account/confirm/resend", {}), ("/account/password/forgot", {"email": user.email})]:
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "Form expired" in response.get_data(as_text=True)


def test_permission_is_declared_on_every_view_that_needs_one(app):
    # A view behind a log-in carries `required_roles`, set by the one permission decorator.
    open_endpoints = {"static", "main.index", "main.set_language", "main.health", "accounts.signup",
                      "accounts.login", "accounts.confirm_email", "accounts.forgot_password",
                      "accounts.reset_password", "events.list_events", "events.list_calendar",
                      "events_api.list_events", "events_api.show_event", "registration.agenda",
                      "registration.verify_certificate", "meetings.verify_visa_letter",
                      # The personal link is the permission: it works without logging in, for its one person.
                      "outcomes.answer_survey", "outcomes.survey_thanks", "events.speaker_upload",
                      # Likewise a personal join link (registration.online); someone else logged in records nothing.
                      "registration.join", "registration.join_session"}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint not in open_endpoints:
            assert hasattr(view, "required_roles"), f"{rule.endpoint} declares no permission"
