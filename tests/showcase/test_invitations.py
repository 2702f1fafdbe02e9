"""Inviting IFCD beneficiaries to a knowledge fair (one by one or from CSV) and their accepting: a personal
link that works once, through account creation and the organisation's profile, to a booth being prepared."""
import io

import pytest
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from showcase.models import DRAFTING, INVITED, Booth
from tests.conftest import PASSWORD, link_in, page_text
from tests.showcase.fair import make_booth, make_fair, make_organisation
from tests.showcase.test_profile import ORGANISATION, PROJECT


@pytest.fixture
def fair(make_event):
    return make_fair(make_event, title="Knowledge Fair on the Creative Economy")


@pytest.fixture
def organiser(fair, login):
    user = db.session.get(User, fair.team[0].user_id)
    login(user)
    return user


def invite(client, fair, email, **fields):
    return client.submit(f"/events/{fair.slug}/fair", {"email": email, "invite": "Send the invitation", **fields})


def upload(client, fair, data: bytes):
    url = f"/events/{fair.slug}/fair"
    return client.post(url, data={"csrf_token": client.csrf_token(url), "upload": "Import",
                                  "file": (io.BytesIO(data), "beneficiaries.csv")}, content_type="multipart/form-data")


def booths_of(fair):
    db.session.expire_all()
    return db.session.scalars(select(Booth).where(Booth.event_id == fair.id).order_by(Booth.id)).all()


def test_an_invited_beneficiary_creates_its_account_and_organisation_then_accepts(app, client, fair, organiser,
                                                                                  smtp_server):
    invite(client, fair, "Awa@Sahel-Culture.example.org", organisation="Association Culturelle Sahel")
    mail = smtp_server.last_to("awa@sahel-culture.example.org")
    assert "Your booth at Knowledge Fair on the Creative Economy" in mail["Subject"]
    link = link_in(mail, "/showcase/invitations/")
    [booth] = booths_of(fair)
    assert booth.status == INVITED and booth.invited_name == "Association Culturelle Sahel"

    visitor = app.test_client()  # the beneficiary, on their own computer
    to_login = visitor.get(link)
    assert to_login.status_code == 302 and "/account/login" in to_login.location
    signup = visitor.get("/account/signup?" + to_login.location.split("?", 1)[1])
    assert signup.status_code == 200
    created = visitor.submit(f"/account/signup?next={link}", {
        "email": "awa@sahel-culture.example.org", "full_name": "Awa Ouédraogo", "password": PASSWORD,
        "confirm": PASSWORD, "accept_terms": "y", "consent": "y"})
    assert created.status_code == 302 and created.location.endswith(link), created.get_data(as_text=True)[:3000]

    page = page_text(visitor.get(link).get_data(as_text=True))
    assert "Step 1: your organisation" in page
    saved = visitor.submit(f"/showcase/organisation?next={link}", ORGANISATION)
    assert saved.location.endswith(link)
    visitor.submit("/showcase/organisation/projects/new", PROJECT)
    accepted = visitor.submit(link, {}, follow_redirects=True)

    assert "Welcome to Knowledge Fair on the Creative Economy" in accepted.get_data(as_text=True)
    [booth] = booths_of(fair)
    assert booth.status == DRAFTING and booth.organisation.name == "Association Culturelle Sahel"
    assert booth.project.code == "2019-1234"  # its only project, chosen for it
    user = db.session.scalar(select(User).where(User.email == "awa@sahel-culture.example.org"))
    assert user.has_role("beneficiary")
    again = visitor.get(link)
    assert again.status_code == 404 and "not valid" in page_text(again.get_data(as_text=True))


def test_an_invitation_is_personal_and_a_new_link_replaces_the_old(app, client, fair, organiser, make_user,
                                                                    smtp_server):
    invite(client, fair, "awa@sahel-culture.example.org")
    first = link_in(smtp_server.last_to("awa@sahel-culture.example.org"), "/showcase/invitations/")
    [booth] = booths_of(fair)
    client.submit(f"/events/{fair.slug}/fair/booths/{booth.id}/resend", {})
    second = link_in(smtp_server.last_to("awa@sahel-culture.example.org"), "/showcase/invitations/")
    someone_else = make_user(email="colleague@example.org")
    other = app.test_client()
    other.submit("/account/login", {"email": someone_else.email, "password": PASSWORD})

    assert other.get(first).status_code == 404
    refused = other.get(second)
    assert refused.status_code == 409 and "sent to a…@sahel-culture.example.org" in refused.get_data(as_text=True)
    assert booths_of(fair)[0].status == INVITED


def test_a_withdrawn_invitation_no_longer_opens(app, client, fair, organiser, make_user, smtp_server):
    invite(client, fair, "awa@sahel-culture.example.org")
    link = link_in(smtp_server.last_to("awa@sahel-culture.example.org"), "/showcase/invitations/")
    [booth] = booths_of(fair)
    client.submit(f"/events/{fair.slug}/fair/booths/{booth.id}/revoke", {})
    invited = make_user(email="awa@sahel-culture.example.org")
    other = app.test_client()
    other.submit("/account/login", {"email": invited.email, "password": PASSWORD})

    assert other.get(link).status_code == 404
    assert booths_of(fair)[0].revoked_at is not None


def test_an_organisation_with_a_booth_at_the_fair_cannot_take_a_second(app, client, fair, organiser, make_user,
                                                                       smtp_server):
    owner = make_user(email="awa@sahel-culture.example.org", roles=("beneficiary", "participant"))
    make_booth(fair, make_organisation(owner))
    booth = Booth(event_id=fair.id, invited_email=owner.email, status=INVITED)
    db.session.add(booth)
    db.session.commit()
    from showcase import invitations

    invitations._send(booth, fair)  # a second invitation to the same address, as if imported twice
    db.session.commit()
    link = link_in(smtp_server.last_to(owner.email), "/showcase/invitations/")
    other = app.test_client()
    other.submit("/account/login", {"email": owner.email, "password": PASSWORD})

    response = other.submit(link, {}, follow_redirects=True)

    assert "has a booth at this fair already" in page_text(response.get_data(as_text=True))
    assert [b.status for b in booths_of(fair)] == ["approved", INVITED]


def test_a_csv_invites_every_row_or_none(client, fair, organiser, smtp_server):
    bad = upload(client, fair, b"email,organisation\nawa@example.org,Sahel\nnot-an-address,X\n")
    assert bad.status_code == 400 and "Line 3" in page_text(bad.get_data(as_text=True))
    assert booths_of(fair) == []

    good = upload(client, fair, "email;organisation\nawa@example.org;Sahel\nlin@example.org;Hanoi Arts\n"
                  .encode("utf-8-sig"))
    assert good.status_code == 302
    assert sorted(b.invited_email for b in booths_of(fair)) == ["awa@example.org", "lin@example.org"]
    again = upload(client, fair, b"email\nawa@example.org\n")
    assert again.status_code == 302 and len(booths_of(fair)) == 2
    smtp_server.last_to("lin@example.org")


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty"), (b"name\nAwa\n", "one called"), (b"\x00\x01\x02", "not a CSV"),
    ("email\nawa@example.org\n".encode("utf-16"), "not UTF-8"),
])
def test_a_bad_csv_file_is_refused_whole(client, fair, organiser, data, message):
    response = upload(client, fair, data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert booths_of(fair) == []


def test_bad_invitation_input_is_refused_and_kept(client, fair, organiser):
    response = invite(client, fair, "awa@", organisation="Sahel")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter a valid e-mail address" in body and 'value="Sahel"' in body
    assert booths_of(fair) == []


def test_only_the_fair_s_organisers_manage_it_and_only_for_a_fair(app, client, make_event, fair, make_user, login):
    login(make_user())
    assert client.get(f"/events/{fair.slug}/fair").status_code == 403
    conference = make_event(kind="conference")
    organiser = app.test_client()
    organiser.submit("/account/login", {"email": db.session.get(User, conference.team[0].user_id).email,
                                        "password": PASSWORD})
    assert organiser.get(f"/events/{conference.slug}/fair").status_code == 404
    assert organiser.get(f"/events/{fair.slug}/fair").status_code == 403


@pytest.mark.pg_only
def test_one_invitation_accepted_twice_at_the_same_moment_gives_one_booth_to_one_organisation(app, fair, make_user,
                                                                                               smtp_server):
    from concurrent.futures import ThreadPoolExecutor
    import threading

    from showcase import invitations
    from showcase.models import Organisation

    user = make_user(email="awa@sahel-culture.example.org", roles=("beneficiary", "participant"))
    organisations = [make_organisation(user, name="Sahel A").id, make_organisation(user, name="Sahel B").id]
    invitations.invite(fair, [{"email": user.email, "organisation": "Sahel"}], by=None)
    code = link_in(smtp_server.last_to(user.email), "/showcase/invitations/").rstrip("/").rsplit("/", 1)[1]
    both_checked = threading.Barrier(2)

    def accept(organisation_id):  # two tabs, each for one of the person's organisations
        with app.app_context():
            try:
                person = db.session.get(User, user.id)
                booth = invitations.booth_for_code(code, person)
                both_checked.wait()
                invitations.accept(booth, person, db.session.get(Organisation, organisation_id))
                return "accepted"
            except invitations.InvitationProblem as problem:
                return problem.state
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(accept, organisations))

    assert sorted(answers) == ["accepted", "used"]
    [booth] = booths_of(fair)
    assert booth.organisation_id == organisations[answers.index("accepted")]
