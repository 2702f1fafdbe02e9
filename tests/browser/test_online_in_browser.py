"""Issue 17 in a real browser: a person registers online for a hybrid event, then clicks "Join online" on My
registrations; the join is recorded and Chromium is sent on to the session's room; after the event the
organiser issues the certificates, and the participant's certificate (read by pdftotext) lists that session."""
from datetime import datetime, timedelta
import subprocess
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from events.models import HYBRID
from registration.models import OnlineJoin, Registration, RegistrationSettings
from tests.browser.test_events_in_browser import log_in
from tests.registration.onsite import on_day
from tests.registration.test_badges import organiser_of

pytestmark = pytest.mark.browser


def test_joining_online_is_recorded_redirects_and_earns_a_certificate(page, live_server, make_event, make_session,
                                                                     make_user, tmp_path):
    # The room stands in for a meeting service: a page of the live server, so that Chromium can follow.
    room = f"{live_server}/events/?meeting-room=panel"
    zone = _daytime_zone()
    event = make_event(title="Global Forum on Cultural Policies", start=on_day(0, zone=zone),
                       end=on_day(23, 59, zone=zone), zone=zone, attendance_mode=HYBRID,
                       online_url=f"{live_server}/events/?meeting-room=plenary")
    panel = make_session(event, on_day(0, zone=zone), minutes=1, title="Panel on artistic freedom", online_url=room)
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=40, online_capacity=None,
                                        offer_hours=48, closes_at=event.ends_at))
    db.session.commit()
    participant = make_user(email="lan@example.org", full_name="Nguyễn Thị Lan")

    # The hybrid event's form asks how the person takes part: online.
    log_in(page, participant)
    page.goto(f"/events/{event.slug}/")
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("Stakeholder group").select_option("civil_society")
    page.get_by_label("Country").select_option("VN")
    page.get_by_label("Organisation").fill("Hanoi Music Network")
    page.get_by_label("Online", exact=True).check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("your place is confirmed")).to_be_visible()
    registration = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).one()
    assert registration.participation == "online"

    page.get_by_role("link", name="My registrations").click()
    join = page.get_by_role("link", name="Join online: Panel on artistic freedom")
    expect(join).to_have_attribute("href", f"{live_server}/join/{_code(registration)}/sessions/{panel.id}")
    join.click()

    expect(page).to_have_url(room)
    db.session.expire_all()
    [row] = db.session.scalars(select(OnlineJoin)).all()
    assert (row.registration_id, row.session_id, row.times) == (registration.id, panel.id, 1)

    # The event ends (earlier today, on the venue's clocks); the organisers issue the certificates.
    event.ends_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page.get_by_role("button", name="Log out").click()
    organiser = organiser_of(event)
    log_in(page, organiser)
    page.goto(f"/events/{event.slug}/manage/certificates")
    page.get_by_role("button", name="Issue the certificates").click()
    expect(page.get_by_text("1 certificate issued.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, participant)
    page.get_by_role("link", name="My registrations").click()
    link = page.get_by_role("link", name="My certificate of attendance (PDF)")
    expect(link).to_be_visible()
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(page.request.get(link.get_attribute("href")).body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Nguyễn Thị Lan" in text and "Panel on artistic freedom" in text


def _daytime_zone() -> str:
    """A zone where it is day now, so that the event can start at midnight and end a second ago, both today."""
    return next(zone for zone in ("Europe/Paris", "Asia/Bangkok", "America/New_York", "Pacific/Auckland")
                if 2 <= datetime.now(ZoneInfo(zone)).hour <= 21)


def _code(registration) -> str:
    from registration.online import join_code

    return join_code(registration)
