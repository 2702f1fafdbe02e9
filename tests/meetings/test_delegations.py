"""Delegations: the organiser names focal points, a focal point nominates members and sends credentials, a member
completes their registration through their personal link, the organiser accepts the credentials and approves."""
from datetime import timedelta
import io
import re

from PIL import Image
import pytest
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from core.pdf import html_to_pdf
from meetings.settings import settings_for
from meetings.models import Delegation, FocalPoint, MeetingSettings, Nomination
from registration.categories import NOMINATION, ParticipantCategory
from registration.models import Registration, RegistrationSettings
from tests.conftest import link_in, page_text

FORM = {"full_name": "Wanjiru Kamau", "organisation": "Kenya", "job_title": "Minister",
        "stakeholder_group": "government", "country": "KE", "consent": "y"}


@pytest.fixture
def meeting(make_event):
    """An event in approval mode (registrations wait for the organisers) with the Member State category."""
    def make(**settings):
        event = make_event(title="Conference of Parties")
        settings.setdefault("mode", "approval")
        db.session.add(RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at, **settings))
        db.session.add(ParticipantCategory(event_id=event.id, key="member_state", name="Member State delegate",
                                           admission=NOMINATION, badge_label="Member State"))
        db.session.commit()
        return event

    return make


@pytest.fixture
def pdf(app):
    return html_to_pdf("<!doctype html><html><body><h1>Credentials</h1><p>The delegation of Kenya.</p></body></html>")


def manage_url(event):
    return f"/events/{event.slug}/manage/delegations"


def name_focal_point(client, event, email="fp@kenya.example", country="KE", **fields):
    category = db.session.scalar(select(ParticipantCategory.id).where(ParticipantCategory.event_id == event.id))
    data = {"focal-kind": "party", "focal-country": country, "focal-category_id": str(category or ""),
            "focal-full_name": "Focal Point", "focal-email": email, "focal-name_focal_point": "Name"}
    data.update({f"focal-{name}": value for name, value in fields.items()})
    return client.submit(manage_url(event), data)


def nominate(client, delegation_id, email, full_name="A Member", role="delegate", **fields):
    url = f"/delegations/{delegation_id}"
    return client.submit(url, {"member-role": role, "member-full_name": full_name, "member-email": email,
                               "member-honorific": fields.get("honorific", ""),
                               "member-function": fields.get("function", ""), "member-add_member": "Nominate"})


def upload_credentials(client, delegation_id, data: bytes, filename="credentials.pdf"):
    url = f"/delegations/{delegation_id}"
    return client.post(url, data={"csrf_token": client.csrf_token(url), "credentials-upload_credentials": "Send",
                                  "credentials-letter": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def log_out(client):
    client.submit("/account/logout", form_url="/")


@pytest.fixture
def kenya(client, meeting, make_user, login, smtp_server):
    """An event, Kenya's delegation, and its focal point logged in through their link."""
    event = meeting()
    organiser = event.team[0].user
    login(organiser)
    assert name_focal_point(client, event).status_code == 302
    log_out(client)
    focal = make_user(email="fp@kenya.example", full_name="Focal Point")
    login(focal)
    response = client.get(link_in(smtp_server.last_to("fp@kenya.example"), "/delegations/join/"))
    delegation = db.session.scalar(select(Delegation))
    assert response.headers["Location"].endswith(f"/delegations/{delegation.id}")
    return event, delegation, focal, organiser


def test_organiser_names_a_focal_point_who_follows_the_link(kenya, client, smtp_server):
    event, delegation, focal, organiser = kenya
    mail = smtp_server.last_to("fp@kenya.example")
    assert mail["Subject"] == "Nominate your delegation to Conference of Parties"
    assert delegation.country == "KE" and delegation.category.key == "member_state"
    point = db.session.scalar(select(FocalPoint))
    assert point.user_id == focal.id and point.accepted_at is not None
    page = page_text(client.get("/delegations").get_data(as_text=True))
    assert "Kenya" in page and "Conference of Parties" in page
    home = page_text(client.get("/").get_data(as_text=True))
    assert "Delegations you nominate" in home and "Delegation of Kenya · Conference of Parties" in home
    assert "Delegation of Kenya" in page_text(client.get(f"/delegations/{delegation.id}").get_data(as_text=True))


def test_the_whole_way_from_nomination_to_confirmed(kenya, client, make_user, login, smtp_server, pdf):
    event, delegation, focal, organiser = kenya
    response = nominate(client, delegation.id, "Head@Kenya.example", "Wanjiru Kamau", role="head",
                        honorific="H.E. Ms", function="Minister of Culture")
    assert response.status_code == 302
    nominate(client, delegation.id, "second@kenya.example", "Otieno Odhiambo")
    assert upload_credentials(client, delegation.id, pdf).status_code == 302
    mail = smtp_server.last_to("head@kenya.example")
    assert mail["Subject"] == "Complete your registration for Conference of Parties"
    link = link_in(mail, "/nominations/")
    log_out(client)

    member = make_user(email="head@kenya.example", full_name="")
    login(member)
    form = client.get(link).get_data(as_text=True)
    assert 'value="Wanjiru Kamau"' in form and 'value="Minister of Culture"' in form and 'value="Kenya"' in form
    assert re.search(r'<option selected value="government"', form) and re.search(r'<option selected value="KE"', form)
    assert client.submit(link, FORM).status_code == 302
    registration = db.session.scalar(select(Registration).where(Registration.email == "head@kenya.example"))
    assert registration.status == "pending" and registration.source == "nomination"
    assert registration.honorific == "H.E. Ms" and registration.category.key == "member_state"
    assert db.session.scalar(select(Nomination).where(Nomination.email == "head@kenya.example")).registration_id \
        == registration.id
    log_out(client)

    login(organiser)
    page = page_text(client.get(manage_url(event)).get_data(as_text=True))
    assert "H.E. Ms Wanjiru Kamau" in page and "Pending approval" in page
    assert "Link sent" in page  # the second member has not completed their registration
    download = client.get(f"{manage_url(event)}/{delegation.id}/credentials.pdf")
    assert download.status_code == 200 and download.data == pdf and "no-store" in download.headers["Cache-Control"]
    refused = client.submit(f"{manage_url(event)}/{delegation.id}/approve", form_url=manage_url(event))
    assert refused.status_code == 302
    assert db.session.get(Delegation, delegation.id).approved_at is None  # the credentials come first
    client.submit(f"{manage_url(event)}/{delegation.id}/credentials", {"accept": "Accept"}, form_url=manage_url(event))
    client.submit(f"{manage_url(event)}/{delegation.id}/approve", form_url=manage_url(event))
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).approved_at is not None
    assert db.session.get(Registration, registration.id).status == "confirmed"
    assert smtp_server.last_to("head@kenya.example")["Subject"] == "Your place at Conference of Parties is confirmed"
    log_out(client)

    # A member who completes their registration after the approval is approved then.
    second = make_user(email="second@kenya.example")
    login(second)
    client.submit(link_in(smtp_server.last_to("second@kenya.example"), "/nominations/"), FORM)
    assert db.session.scalar(select(Registration.status).where(Registration.email == "second@kenya.example")) \
        == "confirmed"


def test_a_member_of_a_nomination_category_waits_for_approval_in_an_open_event(client, meeting, make_user, login,
                                                                              smtp_server):
    event = meeting(mode="open")
    login(event.team[0].user)
    name_focal_point(client, event)
    log_out(client)
    focal = make_user(email="fp@kenya.example")
    login(focal)
    client.get(link_in(smtp_server.last_to("fp@kenya.example"), "/delegations/join/"))
    nominate(client, db.session.scalar(select(Delegation.id)), "member@kenya.example")
    log_out(client)
    login(make_user(email="member@kenya.example"))
    client.submit(link_in(smtp_server.last_to("member@kenya.example"), "/nominations/"), FORM)
    assert db.session.scalar(select(Registration.status)) == "pending"


def test_credentials_refused_with_a_reason_told_to_the_focal_points(kenya, client, login, smtp_server, pdf):
    event, delegation, focal, organiser = kenya
    upload_credentials(client, delegation.id, pdf)
    log_out(client)
    login(organiser)
    url = f"{manage_url(event)}/{delegation.id}/credentials"
    client.submit(url, {"refuse": "Refuse", "reason": ""}, form_url=manage_url(event))
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).credentials_status == "received"  # a refusal needs a reason
    client.submit(url, {"refuse": "Refuse", "reason": "The letter is not signed by the Minister."},
                  form_url=manage_url(event))
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).credentials_status == "refused"
    mail = smtp_server.last_to("fp@kenya.example")
    assert "not accepted" in mail["Subject"] and "not signed by the Minister" in mail.get_body(("plain",)).get_content()


def test_a_new_letter_replaces_the_old_one_whose_file_is_deleted(kenya, client, app, pdf):
    event, delegation, focal, organiser = kenya
    upload_credentials(client, delegation.id, pdf)
    first = db.session.get(Delegation, delegation.id).credentials
    upload_credentials(client, delegation.id, pdf)
    db.session.expire_all()
    second = db.session.get(Delegation, delegation.id).credentials
    folder = app.config["UPLOAD_FOLDER"] + "/credentials"
    import os
    assert first != second and os.listdir(folder) == [second]


@pytest.mark.parametrize("data, filename, message", [
    (None, "scan.pdf", "not a PDF"),  # a PNG renamed .pdf
    (b"", "empty.pdf", "This file is empty"),
    ("javascript", "letter.pdf", "run or open"),
])
def test_credentials_that_are_not_a_clean_pdf_are_refused(kenya, client, pdf, data, filename, message):
    event, delegation, focal, organiser = kenya
    if data is None:
        picture = io.BytesIO()
        Image.new("RGB", (40, 40), (10, 20, 30)).save(picture, "PNG")
        data = picture.getvalue()
    elif data == "javascript":
        from pypdf import PdfWriter
        from pypdf.actions import JavaScript
        writer = PdfWriter(clone_from=io.BytesIO(pdf))
        writer.add_open_action(JavaScript("app.alert('hello');"))
        output = io.BytesIO()
        writer.write(output)
        data = output.getvalue()
    response = upload_credentials(client, delegation.id, data, filename)
    assert response.status_code == 400 and message in page_text(response.get_data(as_text=True))
    assert db.session.get(Delegation, delegation.id).credentials is None


def test_a_focal_point_cannot_touch_another_delegation(kenya, client, make_user, login, smtp_server):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example")
    kenyan = db.session.scalar(select(Nomination))
    log_out(client)
    login(organiser)
    name_focal_point(client, event, email="fp@colombia.example", country="CO")
    log_out(client)
    login(make_user(email="fp@colombia.example"))
    client.get(link_in(smtp_server.last_to("fp@colombia.example"), "/delegations/join/"))
    assert client.get(f"/delegations/{delegation.id}").status_code == 404
    response = nominate(client, delegation.id, "intruder@colombia.example")
    assert response.status_code == 404
    for action in ("withdraw", "resend"):
        url = f"/delegations/{delegation.id}/members/{kenyan.id}/{action}"
        assert client.post(url, data={"csrf_token": client.csrf_token("/delegations")}).status_code == 404
    colombia = db.session.scalar(select(Delegation).where(Delegation.country == "CO"))
    # Kenya's member named under Colombia's own address: still not theirs.
    url = f"/delegations/{colombia.id}/members/{kenyan.id}/withdraw"
    assert client.post(url, data={"csrf_token": client.csrf_token("/delegations")}).status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 1
    assert db.session.get(Nomination, kenyan.id).withdrawn_at is None
    assert client.get(f"{manage_url(event)}").status_code == 403  # nor the organisers' page


def test_after_the_deadline_the_focal_point_cannot_add_replace_or_withdraw(kenya, client, login):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example")
    member = db.session.scalar(select(Nomination))
    db.session.add(MeetingSettings(event_id=event.id, nominations_close_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    response = nominate(client, delegation.id, "late@kenya.example")
    assert response.status_code == 400 and "Nominations for this event closed on" in page_text(
        response.get_data(as_text=True))
    response = client.submit(f"/delegations/{delegation.id}/members/{member.id}/replace",
                             {"role": "delegate", "full_name": "Late", "email": "late@kenya.example"})
    assert response.status_code == 400 and "closed on" in response.get_data(as_text=True)
    client.submit(f"/delegations/{delegation.id}/members/{member.id}/withdraw",
                  form_url=f"/delegations/{delegation.id}")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 1
    assert db.session.get(Nomination, member.id).withdrawn_at is None


def test_the_organiser_sets_the_deadline_on_the_venues_clocks(meeting, client, login):
    event = meeting()
    login(event.team[0].user)
    response = client.submit(manage_url(event), {"deadline-nominations_close_at": "2027-03-20T18:00",
                                                 "deadline-save_deadline": "Save"})
    assert response.status_code == 302
    settings = db.session.get(MeetingSettings, event.id)
    assert settings.nominations_close_at.isoformat().startswith("2027-03-20T17:00")  # Paris is UTC+1 in March
    assert 'value="2027-03-20T18:00"' in client.get(manage_url(event)).get_data(as_text=True)
    bad = client.submit(manage_url(event), {"deadline-nominations_close_at": "20/03/2027",
                                            "deadline-save_deadline": "Save"})
    assert bad.status_code == 400 and "Enter a date and a time" in bad.get_data(as_text=True)


@pytest.mark.parametrize("email, message", [
    ("member@kenya.example", "already a member of this delegation"),
    ("MEMBER@Kenya.example ", "already a member of this delegation"),
    ("registered@example.org", "already registered for this event"),
    ("colombian@colombia.example", "already nominated by another delegation"),
    ("not an address", "Enter a valid e-mail address"),
])
def test_a_member_who_cannot_be_nominated(kenya, client, make_user, login, email, message):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example")
    other = Delegation(event_id=event.id, country="CO")
    other.members.append(Nomination(email="colombian@colombia.example", full_name="C", code_hash="x" * 64))
    registered = make_user(email="registered@example.org")
    db.session.add_all([other, Registration(event_id=event.id, email=registered.email, full_name="R",
                                            user_id=registered.id, status="confirmed")])
    db.session.commit()
    response = nominate(client, delegation.id, email, "Second Person")
    assert response.status_code == 400
    page = page_text(response.get_data(as_text=True))
    assert message in page and 'value="Second Person"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 2


def test_replacing_a_member_withdraws_them_and_cancels_their_registration(kenya, client, make_user, login,
                                                                         smtp_server):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "first@kenya.example", "First")
    log_out(client)
    login(make_user(email="first@kenya.example"))
    old_link = link_in(smtp_server.last_to("first@kenya.example"), "/nominations/")
    client.submit(old_link, FORM)
    log_out(client)
    login(focal)
    first = db.session.scalar(select(Nomination))
    response = client.submit(f"/delegations/{delegation.id}/members/{first.id}/replace",
                             {"role": "delegate", "full_name": "Second", "email": "second@kenya.example"})
    assert response.status_code == 302
    db.session.expire_all()
    first = db.session.get(Nomination, first.id)
    second = db.session.scalar(select(Nomination).where(Nomination.email == "second@kenya.example"))
    assert first.withdrawn_at is not None and first.replaced_by_id == second.id
    assert first.registration.status == "cancelled"
    page = page_text(client.get(f"/delegations/{delegation.id}").get_data(as_text=True))
    assert "Withdrawn" in page and "Link sent" in page
    log_out(client)
    login(db.session.scalar(select(User).where(User.email == "first@kenya.example")))
    withdrawn = client.get(old_link)
    assert withdrawn.status_code == 403 and "withdrawn this nomination" in page_text(withdrawn.get_data(as_text=True))


def test_links_that_do_not_work(kenya, client, make_user, login, smtp_server):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example")
    link = link_in(smtp_server.last_to("member@kenya.example"), "/nominations/")
    focal_link = link_in(smtp_server.last_to("fp@kenya.example"), "/delegations/join/")
    log_out(client)

    # Not logged in: asked to log in or sign up, and brought back to the link.
    page = client.get(link)
    assert page.status_code == 401 and "next=" in page.get_data(as_text=True)
    # Someone else's account.
    login(make_user(email="someone@else.example"))
    wrong = client.get(link)
    assert wrong.status_code == 403 and "it was sent to m…@kenya.example" in page_text(wrong.get_data(as_text=True))
    assert client.get(focal_link).status_code == 403  # bound to the focal point's account already
    # An altered code.
    altered = link[:-1] + ("A" if link[-1] != "A" else "B")
    assert client.get(altered).status_code == 404
    assert client.get("/nominations/" + "é" * 5).status_code == 404
    log_out(client)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0

    # A revoked focal point: the link and the pages stop working.
    login(organiser)
    point = db.session.scalar(select(FocalPoint))
    client.submit(f"{manage_url(event)}/focal-points/{point.id}/revoke", form_url=manage_url(event))
    log_out(client)
    login(focal)
    revoked = client.get(focal_link)
    assert revoked.status_code == 403 and "withdrawn this focal point" in page_text(revoked.get_data(as_text=True))
    assert client.get(f"/delegations/{delegation.id}").status_code == 404
    assert nominate(client, delegation.id, "late@kenya.example").status_code == 404


def test_a_focal_point_link_opened_by_another_account_says_whose_it_is(client, meeting, make_user, login,
                                                                       smtp_server):
    event = meeting()
    login(event.team[0].user)
    name_focal_point(client, event)
    log_out(client)
    login(make_user(email="colleague@kenya.example"))
    response = client.get(link_in(smtp_server.last_to("fp@kenya.example"), "/delegations/join/"))
    assert response.status_code == 403 and "f…@kenya.example" in page_text(response.get_data(as_text=True))
    assert db.session.scalar(select(FocalPoint.user_id)) is None


def test_resending_a_focal_points_link_replaces_it(kenya, client, login, smtp_server):
    event, delegation, focal, organiser = kenya
    first = link_in(smtp_server.last_to("fp@kenya.example"), "/delegations/join/")
    log_out(client)
    login(organiser)
    point = db.session.scalar(select(FocalPoint))
    client.submit(f"{manage_url(event)}/focal-points/{point.id}/resend", form_url=manage_url(event))
    second = link_in(smtp_server.last_to("fp@kenya.example"), "/delegations/join/")
    log_out(client)
    login(focal)
    assert first != second and client.get(first).status_code == 404 and client.get(second).status_code == 302


def test_naming_a_focal_point_twice_or_without_a_party_is_refused(meeting, client, login, smtp_server):
    event = meeting()
    login(event.team[0].user)
    name_focal_point(client, event)
    again = name_focal_point(client, event, email="FP@kenya.example")
    assert again.status_code == 400 and "already a focal point" in page_text(again.get_data(as_text=True))
    missing = name_focal_point(client, event, country="")
    assert missing.status_code == 400 and "Choose the Party" in page_text(missing.get_data(as_text=True))
    bad = name_focal_point(client, event, email="nope")
    assert bad.status_code == 400 and "Enter a valid e-mail address" in page_text(bad.get_data(as_text=True))
    foreign = name_focal_point(client, event, country="XX")
    assert foreign.status_code == 400
    # A second focal point for the same Party joins the same delegation; an organisation gets its own.
    assert name_focal_point(client, event, email="deputy@kenya.example").status_code == 302
    assert name_focal_point(client, event, email="fp@au.example", kind="organisation",
                            organisation="African Union").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Delegation)) == 2
    assert db.session.scalar(select(func.count()).select_from(FocalPoint)) == 3


def test_another_events_organiser_cannot_see_the_delegations(kenya, client, make_user, make_event, login, pdf):
    event, delegation, focal, organiser = kenya
    upload_credentials(client, delegation.id, pdf)
    log_out(client)
    other = make_event()
    login(other.team[0].user)
    assert client.get(manage_url(event)).status_code == 403
    assert client.get(f"{manage_url(event)}/{delegation.id}/credentials.pdf").status_code == 403
    # Their own event's address with this delegation's id: 404, nothing approved.
    assert client.get(f"{manage_url(other)}/{delegation.id}/credentials.pdf").status_code == 404
    response = client.submit(f"{manage_url(other)}/{delegation.id}/approve", form_url=manage_url(other))
    assert response.status_code == 404 and db.session.get(Delegation, delegation.id).approved_at is None


def test_the_visa_letter_box_leads_on_after_registering(kenya, client, make_user, login, smtp_server):
    event, delegation, focal, organiser = kenya
    settings_for(event).offers_visa_letters = True
    db.session.commit()
    nominate(client, delegation.id, "member@kenya.example")
    log_out(client)
    login(make_user(email="member@kenya.example"))
    link = link_in(smtp_server.last_to("member@kenya.example"), "/nominations/")
    assert "needs_visa_letter" in client.get(link).get_data(as_text=True)
    response = client.submit(link, {**FORM, "needs_visa_letter": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/events/{event.slug}/visa-letter")


def test_no_visa_letter_box_where_the_event_offers_no_letters(kenya, client, make_user, login, smtp_server):
    # Setting a nominations deadline makes the event's meeting settings; it must not turn letters on.
    event, delegation, focal, organiser = kenya
    settings_for(event).nominations_close_at = None
    db.session.commit()
    nominate(client, delegation.id, "member@kenya.example")
    log_out(client)
    login(make_user(email="member@kenya.example"))
    page = client.get(link_in(smtp_server.last_to("member@kenya.example"), "/nominations/")).get_data(as_text=True)
    assert "needs_visa_letter" not in page


def test_the_registration_nav_leads_to_delegations(client, make_event, login):
    event = make_event()
    login(event.team[0].user)
    page = client.get(f"/events/{event.slug}/manage/participants").get_data(as_text=True)
    assert f'href="/events/{event.slug}/manage/delegations"' in page


def test_the_delegations_page_reads_in_a_few_queries(kenya, client, login, make_user, count_queries):
    event, delegation, focal, organiser = kenya
    for number in range(6):
        nominate(client, delegation.id, f"member{number}@kenya.example")
    log_out(client)
    login(organiser)
    client.get(manage_url(event))
    with count_queries() as counter:
        assert client.get(manage_url(event)).status_code == 200
    few = counter.count
    for number in range(6, 12):
        db.session.add(Nomination(delegation_id=delegation.id, email=f"member{number}@kenya.example",
                                  full_name="M", code_hash=f"{number:064d}"))
    db.session.commit()
    client.get(manage_url(event))
    with count_queries() as counter:
        client.get(manage_url(event))
    assert counter.count == few


def test_the_organiser_may_still_withdraw_a_member_after_the_deadline(kenya, client, login, make_user, smtp_server):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example")
    log_out(client)
    login(make_user(email="member@kenya.example"))
    client.submit(link_in(smtp_server.last_to("member@kenya.example"), "/nominations/"), FORM)
    log_out(client)
    db.session.add(MeetingSettings(event_id=event.id, nominations_close_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    member = db.session.scalar(select(Nomination))
    login(organiser)
    response = client.submit(f"{manage_url(event)}/{delegation.id}/members/{member.id}/withdraw",
                             form_url=manage_url(event))
    assert response.status_code == 302
    db.session.expire_all()
    member = db.session.get(Nomination, member.id)
    assert member.withdrawn_at is not None and member.registration.status == "cancelled"
    assert "Withdrawn" in page_text(client.get(manage_url(event)).get_data(as_text=True))


def test_a_members_link_sent_again_replaces_the_old_one(kenya, client, make_user, login, smtp_server):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example")
    first = link_in(smtp_server.last_to("member@kenya.example"), "/nominations/")
    member = db.session.scalar(select(Nomination))
    client.submit(f"/delegations/{delegation.id}/members/{member.id}/resend", form_url=f"/delegations/{delegation.id}")
    second = link_in(smtp_server.last_to("member@kenya.example"), "/nominations/")
    log_out(client)
    login(make_user(email="member@kenya.example"))
    assert first != second and client.get(first).status_code == 404 and client.get(second).status_code == 200


def test_an_organisation_has_its_own_delegation_and_its_members_their_organisation(meeting, client, make_user, login,
                                                                                   smtp_server):
    event = meeting()
    login(event.team[0].user)
    name_focal_point(client, event, email="fp@au.example", kind="organisation", organisation="African Union")
    log_out(client)
    login(make_user(email="fp@au.example"))
    client.get(link_in(smtp_server.last_to("fp@au.example"), "/delegations/join/"))
    delegation = db.session.scalar(select(Delegation))
    assert delegation.country is None and delegation.organisation == "African Union"
    nominate(client, delegation.id, "envoy@au.example", function="Special envoy")
    log_out(client)
    login(make_user(email="envoy@au.example"))
    form = client.get(link_in(smtp_server.last_to("envoy@au.example"), "/nominations/")).get_data(as_text=True)
    assert 'value="African Union"' in form and 'value="Special envoy"' in form


def test_a_members_link_once_registration_closed_says_so_and_saves_nothing(kenya, client, make_user, login,
                                                                          smtp_server):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example")
    log_out(client)
    settings = db.session.get(RegistrationSettings, event.id)
    settings.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    login(make_user(email="member@kenya.example"))
    link = link_in(smtp_server.last_to("member@kenya.example"), "/nominations/")
    response = client.submit(link, FORM, form_url="/")
    assert response.status_code == 409 and "Registration closed on" in page_text(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_links_are_written_in_the_recipients_language(meeting, client, make_user, login, smtp_server):
    event = meeting()
    make_user(email="fp@senegal.example", locale="fr")
    login(event.team[0].user)
    name_focal_point(client, event, email="fp@senegal.example", country="SN")
    html = smtp_server.last_to("fp@senegal.example").get_body(("html",)).get_content()
    assert '<html lang="fr"' in html and "Sénégal" in html  # the Party named in French too


def test_an_organisations_category_is_chosen_and_a_partys_defaults_to_the_nomination_one(meeting, client, login):
    event = meeting()
    db.session.add(ParticipantCategory(event_id=event.id, key="igo", name="Intergovernmental organisation",
                                       position=5))
    db.session.commit()
    login(event.team[0].user)
    form = client.get(manage_url(event)).get_data(as_text=True)
    assert not re.search(r"<option selected value=\"\d+\"", form)  # nothing chosen in advance
    unchosen = name_focal_point(client, event, email="fp@au.example", kind="organisation",
                                organisation="African Union", category_id="")
    assert unchosen.status_code == 400
    assert "Choose the participant category of the organisation's members" in page_text(
        unchosen.get_data(as_text=True))
    assert 'value="African Union"' in unchosen.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Delegation)) == 0
    igo = db.session.scalar(select(ParticipantCategory.id).where(ParticipantCategory.key == "igo"))
    assert name_focal_point(client, event, email="fp@au.example", kind="organisation", organisation="African Union",
                            category_id=str(igo)).status_code == 302
    assert name_focal_point(client, event, category_id="").status_code == 302
    categories = {delegation.organisation or delegation.country: delegation.category.key
                  for delegation in db.session.scalars(select(Delegation))}
    assert categories == {"African Union": "igo", "KE": "member_state"}
    page = page_text(client.get(manage_url(event)).get_data(as_text=True))
    assert "African Union · Intergovernmental organisation" in page


def test_the_reason_for_refusing_credentials_is_kept_and_shown_to_both(kenya, client, login, pdf):
    event, delegation, focal, organiser = kenya
    upload_credentials(client, delegation.id, pdf)
    log_out(client)
    login(organiser)
    client.submit(f"{manage_url(event)}/{delegation.id}/credentials",
                  {"refuse": "Refuse", "reason": "The letter is not signed by the Minister."},
                  form_url=manage_url(event))
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).credentials_note == "The letter is not signed by the Minister."
    page = client.get(manage_url(event)).get_data(as_text=True)
    assert "Reason for the refusal: The letter is not signed by the Minister." in page_text(page)
    assert re.search(r"<textarea[^>]*>The letter is not signed by the Minister.</textarea>", page)
    log_out(client)
    login(focal)
    page = page_text(client.get(f"/delegations/{delegation.id}").get_data(as_text=True))
    assert "Credentials refused" in page and "The letter is not signed by the Minister." in page
    # A new letter: the reason, about the old one, is gone.
    upload_credentials(client, delegation.id, pdf)
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).credentials_note == ""
    assert "not signed" not in page_text(client.get(f"/delegations/{delegation.id}").get_data(as_text=True))


def test_a_second_head_of_delegation_is_refused_unless_they_replace_the_head(kenya, client):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "head@kenya.example", "Wanjiru Kamau", role="head")
    nominate(client, delegation.id, "delegate@kenya.example", "Otieno Odhiambo")
    second = nominate(client, delegation.id, "other@kenya.example", "Second Head", role="head")
    assert second.status_code == 400
    assert "Kenya already has a head of delegation, Wanjiru Kamau: replace them or choose another role." in page_text(
        second.get_data(as_text=True))
    assert 'value="Second Head"' in second.get_data(as_text=True)
    head, delegate = db.session.scalars(select(Nomination).order_by(Nomination.id)).all()
    # Nor by replacing someone else with a head.
    response = client.submit(f"/delegations/{delegation.id}/members/{delegate.id}/replace",
                             {"role": "head", "full_name": "Second Head", "email": "other@kenya.example"})
    assert response.status_code == 400 and "already has a head of delegation" in page_text(
        response.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 2
    # Replacing the head with a new head is the way.
    response = client.submit(f"/delegations/{delegation.id}/members/{head.id}/replace",
                             {"role": "head", "full_name": "New Head", "email": "new@kenya.example"})
    assert response.status_code == 302
    heads = db.session.scalars(select(Nomination.full_name).where(Nomination.role == "head",
                                                                  Nomination.withdrawn_at.is_(None))).all()
    assert heads == ["New Head"]


def test_a_member_reads_who_nominated_them_and_in_what_role(kenya, client, make_user, login, smtp_server):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "head@kenya.example", "Wanjiru Kamau", role="head")
    mail = smtp_server.last_to("head@kenya.example")
    sentence = "Kenya's focal point nominated you to its delegation to Conference of Parties: head of delegation."
    assert sentence in " ".join(mail.get_body(("plain",)).get_content().split())
    assert sentence in page_text(mail.get_body(("html",)).get_content())
    log_out(client)
    login(make_user(email="head@kenya.example"))
    page = page_text(client.get(link_in(mail, "/nominations/")).get_data(as_text=True))
    assert "Kenya's focal point nominated you: head of delegation." in page
    assert "of the delegation of" not in page


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_the_deadline_reads_as_the_sites_other_deadlines(kenya, client, smtp_server, locale):
    event, delegation, focal, organiser = kenya
    focal.locale = locale
    settings_for(event).nominations_close_at = utcnow().replace(year=2099, month=3, day=20, hour=17, minute=0,
                                                                  second=0, microsecond=0)  # 18:00 in Paris
    db.session.commit()
    page = page_text(client.get(f"/delegations/{delegation.id}").get_data(as_text=True))
    assert "(Europe/Paris)" in page  # the zone by its name, as the site's other deadlines, e-mails and pages
    assert ":00:00" not in page and "+0100" not in page and "CET" not in page
    if locale == "en":
        assert "You can add, replace and withdraw members until 20 Mar 2099, 18:00 (Europe/Paris)." in page


def test_the_focal_points_invitation_gives_the_deadline_without_seconds(meeting, client, login, smtp_server):
    event = meeting()
    settings_for(event).nominations_close_at = utcnow().replace(year=2099, month=3, day=20, hour=17, minute=0,
                                                                  second=0, microsecond=0)
    db.session.commit()
    login(event.team[0].user)
    name_focal_point(client, event)
    text = " ".join(smtp_server.last_to("fp@kenya.example").get_body(("plain",)).get_content().split())
    assert "Nominations close on 20 Mar 2099, 18:00 (Europe/Paris)." in text


def test_withdrawing_a_member_asks_first(kenya, client, login, make_user):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example", "Otieno Odhiambo")
    nominate(client, delegation.id, "second@kenya.example", "Second Member")
    member, second = db.session.scalars(select(Nomination).order_by(Nomination.id)).all()
    url = f"/delegations/{delegation.id}/members/{member.id}/withdraw"
    page = client.get(f"/delegations/{delegation.id}").get_data(as_text=True)
    assert f'href="{url}"' in page  # a link to the question, not a button that withdraws at once
    question = client.get(url)
    text = page_text(question.get_data(as_text=True))
    assert question.status_code == 200 and "Withdraw Otieno Odhiambo from the delegation of Kenya?" in text
    assert "No, keep them" in text
    db.session.expire_all()
    assert db.session.get(Nomination, member.id).withdrawn_at is None  # asking changes nothing
    assert client.submit(url, form_url=url).status_code == 302  # "Yes, withdraw" posts to the same address
    db.session.expire_all()
    assert db.session.get(Nomination, member.id).withdrawn_at is not None
    assert client.get(url).status_code == 302  # withdrawn already: back to the delegation

    # The organisers' link asks too.
    log_out(client)
    login(organiser)
    organiser_url = f"{manage_url(event)}/{delegation.id}/members/{second.id}/withdraw"
    assert f'href="{organiser_url}"' in client.get(manage_url(event)).get_data(as_text=True)
    text = page_text(client.get(organiser_url).get_data(as_text=True))
    assert "Withdraw Second Member from the delegation of Kenya?" in text and "Yes, withdraw Second Member" in text
    db.session.expire_all()
    assert db.session.get(Nomination, second.id).withdrawn_at is None
    client.submit(organiser_url, form_url=organiser_url)
    db.session.expire_all()
    assert db.session.get(Nomination, second.id).withdrawn_at is not None
    # Someone else's delegation: not found.
    log_out(client)
    login(make_user(email="stranger@example.org"))
    assert client.get(url).status_code == 404


def test_after_the_deadline_the_focal_point_is_not_asked_to_withdraw(kenya, client):
    event, delegation, focal, organiser = kenya
    nominate(client, delegation.id, "member@kenya.example")
    member = db.session.scalar(select(Nomination))
    settings_for(event).nominations_close_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    response = client.get(f"/delegations/{delegation.id}/members/{member.id}/withdraw", follow_redirects=True)
    assert "Nominations for this event closed on" in page_text(response.get_data(as_text=True))
    assert db.session.get(Nomination, member.id).withdrawn_at is None


def test_only_states_may_be_parties_named_as_the_un_names_them(meeting, client, login):
    event = meeting()
    login(event.team[0].user)
    page = client.get(manage_url(event)).get_data(as_text=True)
    assert '<option value="VN">Viet Nam</option>' in page and '<option value="PS">State of Palestine</option>' in page
    assert '<option value="VA">Holy See</option>' in page and '<option value="KR">Republic of Korea</option>' in page
    for territory in ("TW", "HK", "AQ", "IC", "EA", "DG", "XX"):
        assert f'value="{territory}"' not in page
        refused = name_focal_point(client, event, email=f"fp@{territory.lower()}.example", country=territory)
        text = page_text(refused.get_data(as_text=True))
        assert refused.status_code == 400 and "only States may be Parties" in text
        assert 'value="Focal Point"' in refused.get_data(as_text=True)  # what they typed is kept
    assert db.session.scalar(select(func.count()).select_from(Delegation)) == 0
    assert name_focal_point(client, event, email="fp@palestine.example", country="PS").status_code == 302
