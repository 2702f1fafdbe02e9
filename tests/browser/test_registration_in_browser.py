"""Register, get the e-mail, cancel, and take a place offered from the waiting list, in Chromium."""
from playwright.sync_api import expect
import pytest

from core.extensions import db
from registration.models import RegistrationSettings
from tests.browser.test_events_in_browser import log_in

pytestmark = pytest.mark.browser


def register_in(page, event, link="Register"):
    page.goto(f"/events/{event.slug}/")
    page.get_by_role("link", name=link).first.click()
    page.get_by_label("Stakeholder group").select_option("academia")
    page.get_by_label("Country").select_option("CN")
    page.get_by_label("Organisation").fill("Communication University of China")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()


def test_register_cancel_and_take_an_offered_place(page, make_event, make_user, smtp_server):
    event = make_event(title="Small workshop")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=1, offer_hours=48,
                                        closes_at=event.starts_at))
    db.session.commit()
    first = make_user(email="first@example.org", full_name="李静")
    second = make_user(email="second@example.org", full_name="Олена Коваленко")

    log_in(page, first)
    register_in(page, event)
    page.get_by_text("your place is confirmed").wait_for()
    assert "is confirmed" in smtp_server.last_to("first@example.org")["Subject"]
    page.get_by_role("button", name="Log out").click()

    # The event is full: its page says so before anyone fills in the form, and the list does too.
    page.goto("/events/")
    expect(page.get_by_text("Registering puts you on the waiting list.")).to_be_visible()
    page.get_by_role("link", name="Small workshop").click()
    expect(page.get_by_text("Full: all places are taken.")).to_be_visible()
    expect(page.get_by_role("link", name="Register", exact=True)).to_have_count(0)
    log_in(page, second)
    register_in(page, event, link="Join the waiting list")
    page.get_by_text("You are number 1 on the waiting list.", exact=True).wait_for()
    page.get_by_role("button", name="Log out").click()

    # The organiser's overview counts them, and each figure leads to the people it counts.
    log_in(page, event.team[0].user)
    page.goto(f"/events/{event.slug}/manage")
    figures = page.get_by_role("region", name="Figures")
    expect(figures.get_by_role("link", name="1 of 1 Places taken")).to_be_visible()
    figures.get_by_role("link", name="1 On the waiting list").click()
    page.wait_for_url("**/manage/participants?status=waitlisted")
    expect(page.get_by_role("cell", name="Олена Коваленко").or_(page.get_by_text("Олена Коваленко")).first).to_be_visible()
    expect(page.get_by_text("李静")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()

    log_in(page, first)
    page.get_by_role("link", name="My registrations").click()
    page.get_by_role("link", name="Cancel my registration").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    page.get_by_text("is cancelled").first.wait_for()
    page.get_by_role("button", name="Log out").click()

    assert "A place is free for you" in smtp_server.last_to("second@example.org")["Subject"]
    log_in(page, second)
    page.get_by_role("link", name="My registrations").click()
    page.get_by_role("button", name="Take the place").click()
    page.get_by_text("Your place at Small workshop is confirmed.").wait_for()
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()


def test_choose_a_session_answer_a_question_add_a_photo_then_change_sessions(page, make_event, make_session, make_user,
                                                                          smtp_server, tmp_path):
    import io
    from datetime import datetime

    from PIL import Image
    from sqlalchemy import select

    from registration.models import Registration, RegistrationQuestion, SessionPlaces

    event = make_event(title="Knowledge days")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    music = make_session(event, datetime(2027, 3, 27, 11), minutes=90, title="Workshop: music export")
    film = make_session(event, datetime(2027, 3, 27, 11, 30), minutes=90, title="Workshop: film funds")
    for session in (music, film):
        db.session.add(SessionPlaces(session_id=session.id, event_id=event.id, capacity=5))
    db.session.add(RegistrationQuestion(event_id=event.id, kind="yes_no", label="Do you need a visa letter?",
                                        is_required=True))
    db.session.commit()
    photo = tmp_path / "me.png"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 800), (30, 120, 200)).save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())
    person = make_user(email="ngozi@example.org", full_name="Ngozi Okonkwo")

    log_in(page, person)
    page.goto(f"/events/{event.slug}/register")
    page.get_by_label("Stakeholder group").select_option("media")
    page.get_by_label("Country").select_option("NG")
    page.get_by_label("Organisation").fill("Lagos Film Collective")
    page.get_by_label("Workshop: music export").check()
    page.get_by_label("Workshop: film funds").check()
    page.get_by_label("Photo for your badge").set_input_files(str(photo))
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    # Both workshops overlap, and the visa question was not answered: both said, nothing lost.
    page.get_by_text("take place at the same time: choose one.").first.wait_for()
    expect(page.get_by_text("Answer this question.").first).to_be_visible()
    assert page.get_by_label("Organisation").input_value() == "Lagos Film Collective"

    page.get_by_label("Workshop: film funds").uncheck()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Photo for your badge").set_input_files(str(photo))
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    page.get_by_text("your place is confirmed").wait_for()
    expect(page.get_by_text("Workshop: music export")).to_be_visible()
    expect(page.get_by_text("Seat confirmed")).to_be_visible()
    assert "Workshop: music export" in smtp_server.last_to("ngozi@example.org").get_body(("plain",)).get_content()

    page.get_by_role("link", name="Change my answers and sessions").click()
    # An image has no size until it has loaded: wait for it (under load, CI once looked too early).
    page.get_by_role("img", name="Your badge photo").wait_for(state="visible")
    page.get_by_label("Workshop: music export").uncheck()
    page.get_by_label("Workshop: film funds").check()
    page.get_by_role("button", name="Save my changes").click()
    page.get_by_text("Your changes are saved.").wait_for()
    db.session.expire_all()
    registration = db.session.scalar(select(Registration))
    assert [choice.session.title for choice in registration.choices] == ["Workshop: film funds"]
    assert registration.photo is not None


def test_from_the_register_button_sign_up_and_confirm_lead_back_to_the_registration_form(page, make_event,
                                                                                        smtp_server):
    from tests.conftest import link_in

    event = make_event(title="Workshop on the status of the artist")
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at))
    db.session.commit()

    page.goto(f"/events/{event.slug}/")
    page.get_by_role("link", name="Register").first.click()  # logged out: the log-in page
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Full name").fill("Aïssatou Diallo")
    page.get_by_label("Email").fill("aissatou@example.org")
    page.get_by_label("Password", exact=True).fill("a long enough secret")
    page.get_by_label("Repeat the password").fill("a long enough secret")
    page.get_by_role("button", name="Create account").click()

    page.get_by_role("heading", name="Confirm your e-mail address first").wait_for()
    assert page.url.endswith(f"/events/{event.slug}/register")

    page.goto(link_in(smtp_server.last_to("aissatou@example.org"), "/account/confirm/"))
    page.get_by_text("your e-mail address is confirmed").wait_for()
    assert page.url.endswith(f"/events/{event.slug}/register")
    page.get_by_label("Stakeholder group").select_option("civil_society")
    page.get_by_label("Country").select_option("SN")
    page.get_by_label("Organisation").fill("Association des artistes du Sénégal")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    page.get_by_text("your place is confirmed").wait_for()
