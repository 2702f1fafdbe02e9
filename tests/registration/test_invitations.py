"""Invitation-only events: invitations one by one or from CSV (bad rows reported, nothing half imported),
personal single-use links, forged, reused and withdrawn codes."""
import io

import pytest
from sqlalchemy import func, select

from core.extensions import db
from registration.models import Invitation, Registration, RegistrationSettings
from tests.conftest import link_in, page_text
from tests.registration.test_register import FORM


@pytest.fixture
def invitation_only(make_event):
    def make(**fields):
        event = make_event(**fields)
        db.session.add(RegistrationSettings(event_id=event.id, is_open=True, mode="invitation", capacity=20,
                                            closes_at=event.starts_at))
        db.session.commit()
        return event

    return make


def invite(client, event, email, **fields):
    return client.submit(f"/events/{event.slug}/manage/registration/invitations",
                         {"email": email, "invite": "Send the invitation", **fields})


def upload(client, event, data: bytes, filename="people.csv"):
    url = f"/events/{event.slug}/manage/registration/invitations"
    return client.post(url, data={"csrf_token": client.csrf_token(url), "upload": "Import",
                                  "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def test_an_invitation_link_registers_once(client, invitation_only, make_user, login, smtp_server):
    event = invitation_only(title="Expert meeting on artistic freedom")
    guest = make_user(email="amina@example.org", full_name="", organisation="")
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Registration is by invitation" in page and f"/events/{event.slug}/register" not in page
    login(event.team[0].user)
    invite(client, event, "Amina@Example.org", full_name="Amina Diallo", organisation="Ministère de la Culture")
    client.submit("/account/logout", form_url="/")
    mail = smtp_server.last_to("amina@example.org")
    assert mail["Subject"] == "You are invited to Expert meeting on artistic freedom"
    link = link_in(mail, f"/events/{event.slug}/register")

    login(guest)
    form = client.get(link).get_data(as_text=True)
    assert 'value="Amina Diallo"' in form and 'value="Ministère de la Culture"' in form  # from the invitation
    client.submit(link, FORM)
    registration = db.session.scalar(select(Registration))
    assert registration.status == "confirmed"
    invitation = db.session.scalar(select(Invitation))
    assert invitation.used_at is not None and invitation.registration_id == registration.id
    client.submit(f"/registrations/{registration.id}/cancel", form_url="/registrations")
    assert client.get(link).status_code == 200  # the person who cancelled may come back with their own link
    client.submit("/account/logout", form_url="/")

    login(make_user())  # someone the link was forwarded to
    again = client.get(link)
    assert again.status_code == 403
    assert "This invitation is personal: it was sent to a…@example.org." in page_text(again.get_data(as_text=True))


@pytest.mark.parametrize("code, message", [
    ("", "Registration for this event is by invitation only: open the personal link in the e-mail"),
    ("?code=not-a-real-code", "This invitation link is not valid."),
    ("?code=" + "x" * 500, "This invitation link is not valid.")])
def test_forged_or_missing_codes_do_not_open_registration(client, invitation_only, make_user, login, code, message):
    event = invitation_only()
    login(make_user())

    for method in (client.get, lambda url: client.submit(url, FORM)):
        answer = method(f"/events/{event.slug}/register{code}")
        assert answer.status_code == 403
        assert message in page_text(answer.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_a_code_works_only_for_its_event_and_a_resent_one_replaces_it(client, invitation_only, make_user, login,
                                                                      smtp_server):
    event, other = invitation_only(), invitation_only()
    login(event.team[0].user)
    invite(client, event, "guest@example.org")
    first_link = link_in(smtp_server.last_to("guest@example.org"), f"/events/{event.slug}/register")
    invitation = db.session.scalar(select(Invitation))
    client.submit(f"/events/{event.slug}/manage/registration/invitations/{invitation.id}/resend",
                  form_url=f"/events/{event.slug}/manage/registration/invitations")
    second_link = link_in(smtp_server.last_to("guest@example.org"), f"/events/{event.slug}/register")
    client.submit("/account/logout", form_url="/")
    login(make_user(email="guest@example.org"))

    assert first_link != second_link and client.get(first_link).status_code == 403
    assert client.get(second_link.replace(event.slug, other.slug)).status_code == 403
    assert client.get(second_link).status_code == 200
    client.submit("/account/logout", form_url="/")
    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/registration/invitations/{invitation.id}/revoke",
                  form_url=f"/events/{event.slug}/manage/registration/invitations")
    client.submit("/account/logout", form_url="/")
    login(make_user())
    withdrawn = client.get(second_link)
    assert withdrawn.status_code == 403 and "withdrawn" in withdrawn.get_data(as_text=True)


def test_a_good_csv_invites_everyone_and_skips_those_already_invited(client, invitation_only, login, smtp_server):
    event = invitation_only()
    login(event.team[0].user)
    invite(client, event, "already@example.org")
    # As a French spreadsheet saves it: a byte-order mark, semicolons, French column titles.
    data = ("\ufeffNom;Courriel;Organisme\n"
            "Олена Коваленко;olena@example.org;Ukrainian Institute\n"
            "李静;li.jing@example.org;\n"
            ";\n"
            "Someone;ALREADY@example.org;\n").encode()

    answer = upload(client, event, data)

    assert answer.status_code == 302
    people = {i.email: i.full_name for i in db.session.scalars(select(Invitation))}
    assert people == {"already@example.org": "", "olena@example.org": "Олена Коваленко", "li.jing@example.org": "李静"}
    assert "You are invited" in smtp_server.last_to("olena@example.org")["Subject"]
    page = page_text(client.get(answer.headers["Location"]).get_data(as_text=True))
    assert "2 invitations sent." in page and "1 address was left out: already invited or registered." in page


def test_a_csv_with_bad_rows_imports_nothing_and_names_each_bad_row(client, invitation_only, login):
    event = invitation_only()
    login(event.team[0].user)
    data = ("email,full_name,organisation\n"
            "good@example.org,Good Person,Org\n"
            "not-an-address,Bad Address,Org\n"
            ",No Address,Org\n"
            "good@example.org,Twice,Org\n"
            "long@example.org," + "N" * 201 + ",Org\n"
            "extra@example.org,Extra,Org,surplus\n"
            "bidi@example.org,Bob\u202eevil,Org\n").encode()

    answer = upload(client, event, data)

    text = page_text(answer.get_data(as_text=True))
    assert answer.status_code == 400
    assert "6 rows need correcting. Nothing was imported" in text
    for line, problem in [(3, "“not-an-address” is not a valid e-mail address."),
                          (4, "The e-mail address is missing."),
                          (5, "good@example.org is already on line 2."),
                          (6, "A value in this row is longer than 200 characters."),
                          (7, "This row has more cells than the first line has columns."),
                          (8, "This row contains invisible control characters.")]:
        assert f"Line {line}: {problem}" in text
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    ("name;organisation\nAna;Org\n".encode(), "with one called “email”"),
    ("email\nana@example.org\n".encode("utf-16"), "not UTF-8 text"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "not UTF-8 text"),
    (b"email\n" + b"someone@example.org\n" * 5001, "more than 5000 rows"),
])
def test_a_file_that_is_no_usable_csv_is_refused_whole(client, invitation_only, login, data, message):
    event = invitation_only()
    login(event.team[0].user)

    answer = upload(client, event, data)

    assert answer.status_code == 400 and message in page_text(answer.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_another_events_organisers_cannot_see_or_send_invitations(client, invitation_only, make_user, login):
    event = invitation_only()
    login(make_user(roles=("organiser",)))

    assert client.get(f"/events/{event.slug}/manage/registration/invitations").status_code == 403
    assert invite(client, event, "x@example.org").status_code in (400, 403)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
