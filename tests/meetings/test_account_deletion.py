"""A visa officer, a focal point or a delegation's member who deletes their account: what they held goes with
it, even where the database does not cascade (SQLite) and a later account is given the same id."""
from sqlalchemy import select

from core.extensions import db
from meetings.models import FocalPoint, Nomination, VisaOfficer
from tests.conftest import PASSWORD, link_in
from tests.meetings.test_delegations import kenya, log_out, meeting, nominate  # noqa: F401 (fixtures)
from tests.meetings.visa_helpers import PASSPORT, asked, visa_event


def delete_account(client):
    answer = client.submit("/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert answer.status_code == 302


def test_a_deleted_visa_officers_place_goes_with_their_account(client, make_event, make_user, login):
    event = visa_event(make_event)
    asked(event, make_user())
    officer = make_user(email="officer@example.org")
    db.session.add(VisaOfficer(event_id=event.id, user_id=officer.id))
    db.session.commit()
    officer_id, slug = officer.id, event.slug
    login(officer)
    delete_account(client)

    db.session.expunge_all()  # the test's copy of the deleted account and its roles
    assert db.session.scalar(select(VisaOfficer).where(VisaOfficer.user_id == officer_id)) is None
    newcomer = make_user(email="newcomer@example.org")  # SQLite gives them the deleted account's id
    login(newcomer)
    page = client.get(f"/events/{slug}/manage/visa-letters")
    assert page.status_code in (403, 404) and PASSPORT not in page.get_data(as_text=True)


def test_a_deleted_focal_points_delegation_is_nobody_elses(kenya, client, make_user, login):  # noqa: F811
    _, delegation, _, _ = kenya
    delegation_id = delegation.id
    delete_account(client)
    db.session.expunge_all()  # the test's copy of the deleted account and its roles

    point = db.session.scalar(select(FocalPoint))
    assert point.user_id is None and point.revoked_at is not None
    newcomer = make_user(email="newcomer@example.org")
    login(newcomer)
    assert client.get(f"/delegations/{delegation_id}").status_code == 404
    assert "Kenya" not in client.get("/delegations").get_data(as_text=True)


def test_a_deleted_members_nomination_forgets_them(kenya, client, make_user, login, smtp_server):  # noqa: F811
    _, delegation, focal, _ = kenya
    nominate(client, delegation.id, "member@kenya.example", "Otieno Odhiambo", function="Adviser on heritage")
    log_out(client)
    member = make_user(email="member@kenya.example", full_name="Otieno Odhiambo")
    login(member)
    form = {"full_name": "Otieno Odhiambo", "organisation": "Kenya", "job_title": "Adviser",
            "stakeholder_group": "government", "country": "KE", "consent": "y"}
    assert client.submit(link_in(smtp_server.last_to("member@kenya.example"), "/nominations/"), form) \
        .status_code == 302
    delete_account(client)

    nomination = db.session.scalar(select(Nomination))
    assert nomination.withdrawn_at is not None
    assert "Otieno" not in nomination.full_name and "member@kenya.example" != nomination.email
    assert nomination.function == ""
    log_out(client)
    login(focal)
    page = client.get(f"/delegations/{delegation.id}").get_data(as_text=True)
    assert "Otieno" not in page and "member@kenya.example" not in page


def test_the_own_data_download_tells_the_nominations_and_delegations(kenya, client, make_user, login,  # noqa: F811
                                                                      smtp_server):
    _, delegation, _, _ = kenya
    nominate(client, delegation.id, "member@kenya.example", "Otieno Odhiambo", role="head",
             function="Adviser on heritage")
    export = client.get("/account/data.json").get_json()
    assert [(point["delegation"], point["email"]) for point in export["focal_point_of"]] == \
        [("Kenya", "fp@kenya.example")]

    log_out(client)
    login(make_user(email="member@kenya.example"))
    export = client.get("/account/data.json").get_json()
    [nomination] = export["delegation_nominations"]
    assert nomination["delegation"] == "Kenya" and nomination["role"] == "head"
    assert nomination["full_name"] == "Otieno Odhiambo" and nomination["function"] == "Adviser on heritage"


def test_what_a_deleted_account_decided_no_longer_names_its_id(client, make_event, make_user, login):
    """A later account given the same id (SQLite) would otherwise be the one who approved or nominated."""
    from meetings import visas
    from meetings.models import Delegation, VisaRequest

    event = visa_event(make_event)
    visa = asked(event, make_user())
    officer = make_user(email="officer@example.org")
    db.session.add(VisaOfficer(event_id=event.id, user_id=officer.id))
    delegation = Delegation(event_id=event.id, country="KE", organisation="", approved_by_user_id=officer.id)
    db.session.add(delegation)
    db.session.flush()
    db.session.add(Nomination(delegation_id=delegation.id, email="m@kenya.example", full_name="M", code_hash="x" * 64,
                              nominated_by_user_id=officer.id))
    db.session.commit()
    visas.approve(event, [visa.id], by=officer)
    visa_id, delegation_id = visa.id, delegation.id
    login(officer)
    delete_account(client)

    db.session.expunge_all()
    assert db.session.get(VisaRequest, visa_id).decided_by_user_id is None
    assert db.session.get(Delegation, delegation_id).approved_by_user_id is None
    assert db.session.scalar(select(Nomination)).nominated_by_user_id is None
