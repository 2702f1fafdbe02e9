"""The main pages of every role, on the demo data: what the validator, axe-core and the phone-width test
look at (issue 14, items 16 and 22). The demo has something on every one of them."""
from pathlib import Path

from flask import url_for
from sqlalchemy import select

from tests.conftest import unavailable

#: Where `./dev test` installs the npm packages of tools/package.json (the validator and axe-core).
NODE_MODULES = Path(__file__).resolve().parent.parent / "tools" / "node_modules"

#: The demo accounts' password (accounts/demo.py); each role's pages are visited as its demo account.
DEMO_PASSWORD = "convene-demo"
PARIS = "global-forum-cultural-policies-2027"
FAIR = "ifcd-knowledge-fair-2027"
NAIROBI = "deep-dive-music-policy-nairobi-2027"
BANGKOK = "regional-workshop-cultural-statistics-bangkok"


def node_tool(path: str) -> Path:
    """A file of an npm package that `./dev test` installs (tools/package.json)."""
    found = NODE_MODULES / path
    if not found.is_file():
        unavailable(f"{found} is missing: ./dev test installs it (npm ci in tools/)")
    return found


def visit_as(app, who):
    """A test client logged in as the demo account `who` (None: a visitor)."""
    client = app.test_client()
    if who:
        response = client.submit("/account/login", {"email": who, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"{who} could not log in"
    return client


def load_demo(app) -> None:
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output


def main_pages(app) -> dict[str | None, list[str]]:
    """Each demo account (None: a visitor) and the addresses of its main pages."""
    from accounts.models import User
    from core.extensions import db
    from core.mail import OutboxMessage
    from events import upload_links
    from events.models import Event
    from meetings.models import Delegation, VisaRequest
    from registration.models import Registration
    from showcase import fairs

    with app.test_request_context():
        paris = db.session.scalar(select(Event).where(Event.slug == PARIS))
        fair = db.session.scalar(select(Event).where(Event.slug == FAIR))
        booth = fairs.public_booths(fair)[0]
        beneficiary = db.session.scalar(select(User).where(User.email == "beneficiary@convene.example"))
        own_booth = fairs.booths_of_user(beneficiary)[0]
        registration = db.session.scalars(select(Registration).where(Registration.event_id == paris.id)
                                          .order_by(Registration.id)).first()
        participant = db.session.scalar(select(User).where(User.email == "participant@convene.example"))
        own_registration = db.session.scalar(select(Registration).where(Registration.event_id == paris.id,
                                                                        Registration.user_id == participant.id))
        session = next(s for s in paris.sessions if s.session_type != "break")
        message_id = db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
        kenya = db.session.scalar(select(Delegation).where(Delegation.event_id == paris.id, Delegation.country == "KE"))
        visa_request = db.session.scalars(select(VisaRequest).where(VisaRequest.event_id == paris.id)
                                          .order_by(VisaRequest.id)).first()
        # A speaker's personal upload page (Bangkok's links closed two weeks after the workshop).
        speaker_link = next(link for s in paris.sessions for link in s.speaker_links)
        upload_page = upload_links.upload_url(speaker_link).split("://", 1)[1]
        upload_page = upload_page[upload_page.index("/"):]
        return {
            None: [url_for("main.index"), url_for("events.list_events"), url_for("events.show_event", slug=PARIS),
                   url_for("events.show_programme", slug=PARIS),
                   url_for("events.show_session", slug=PARIS, session_id=session.id),
                   url_for("showcase.browse_booths", slug=FAIR),
                   url_for("showcase.show_booth", slug=FAIR, booth_id=booth.id),
                   url_for("meetings.public_participant_list", slug=PARIS),
                   url_for("events.event_materials", slug=BANGKOK), upload_page,
                   url_for("accounts.login"), url_for("accounts.signup")],
            "participant@convene.example": [
                url_for("main.index"), url_for("registration.my_registrations"),
                url_for("registration.register", slug=NAIROBI), url_for("registration.change_registration", registration_id=own_registration.id),
                url_for("accounts.profile")],
            "organiser@convene.example": [
                url_for("events.my_events"), url_for("events.manage_event", slug=PARIS),
                url_for("events.manage_programme", slug=PARIS),
                url_for("events.manage_materials", slug=BANGKOK),
                url_for("registration.participants", slug=PARIS),
                url_for("registration.participant", slug=PARIS, registration_id=registration.id),
                url_for("registration.manage_settings", slug=PARIS),
                url_for("registration.manage_questions", slug=PARIS),
                url_for("registration.manage_categories", slug=PARIS),
                url_for("registration.manage_seats", slug=PARIS),
                url_for("registration.manage_quotas", slug=PARIS),
                url_for("registration.manage_invitations", slug=PARIS),
                url_for("meetings.manage_delegations", slug=PARIS),
                url_for("meetings.manage_visa_settings", slug=PARIS), url_for("meetings.visa_requests", slug=PARIS),
                url_for("meetings.visa_request", slug=PARIS, request_id=visa_request.id),
                url_for("meetings.manage_participant_list", slug=PARIS),
                url_for("registration.add_participant", slug=PARIS),
                url_for("registration.import_participants", slug=PARIS),
                url_for("registration.edit_participant", slug=PARIS, registration_id=registration.id),
                url_for("registration.manage_badges", slug=PARIS),
                url_for("registration.manage_checkin", slug=PARIS),
                url_for("registration.manage_online", slug=BANGKOK),
                url_for("outcomes.manage_surveys", slug=BANGKOK),
                url_for("outcomes.event_report", slug=BANGKOK),
                url_for("showcase.manage_fair", slug=FAIR), url_for("showcase.moderation", slug=FAIR)],
            "checkin@convene.example": [url_for("registration.my_desks"),
                                        url_for("registration.checkin_desk", slug=PARIS),
                                        url_for("registration.register_walk_in", slug=PARIS)],
            "focal.kenya@convene.example": [url_for("meetings.my_delegations"),
                                            url_for("meetings.delegation", delegation_id=kenya.id)],
            "beneficiary@convene.example": [url_for("showcase.my_booths"), url_for("showcase.my_organisation"),
                                            url_for("showcase.edit_booth", booth_id=own_booth.id),
                                            url_for("showcase.scan_badges", booth_id=own_booth.id)],
            "admin@convene.example": [url_for("accounts.list_users"), url_for("main.mail_log"),
                                      url_for("main.show_mail", message_id=message_id)],
        }


def choose_language(page, code):
    """Choose the page language with the header's switcher (a Playwright page), as a person does: its
    form, sent as it is (on a phone the switcher sits behind the menu button). Logged in, this saves the
    choice to the profile too. From a page without the switcher (a check-in desk), from the home page."""
    if not page.locator("form.language-switcher").count():
        page.goto("/")
    with page.expect_navigation():
        page.evaluate("""code => {
            const form = document.querySelector('form.language-switcher');
            form.querySelector('select').value = code;
            form.submit();
        }""", code)


def log_in_as_demo(page, who):
    """Log a Playwright page in as the demo account `who`."""
    page.goto("/account/login")
    page.locator("#email").fill(who)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/account/login" not in url)
