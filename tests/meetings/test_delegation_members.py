"""A delegation's members: the category they register in stays while the delegation does (removed, its members
met an error page on SQLite, or registered in none, unapproved, on PostgreSQL), they are asked its questions
only, and a withdrawal that comes while their form is saved leaves nothing registered."""
from sqlalchemy import select

from core.extensions import db
from registration.categories import ParticipantCategory
from tests.conftest import link_in
from tests.meetings.test_delegations import kenya, log_out, meeting, nominate  # noqa: F401 (fixtures)


def test_a_category_a_delegation_uses_is_not_removed(kenya, client, login, make_user, smtp_server):  # noqa: F811
    event, delegation, _, organiser = kenya
    category = db.session.scalar(select(ParticipantCategory))
    category_id, slug, delegation_id = category.id, event.slug, delegation.id
    nominate(client, delegation_id, "member@kenya.example", "Otieno Odhiambo")
    log_out(client)
    login(organiser)

    answer = client.submit(f"/events/{slug}/manage/categories/{category_id}/remove",
                           form_url=f"/events/{slug}/manage/categories", follow_redirects=True)

    assert "Delegations nominate their members in this category (Kenya)" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ParticipantCategory, category_id) is not None


def test_a_member_is_asked_their_categorys_questions_and_no_others(kenya, client, login, make_user,  # noqa: F811
                                                                     smtp_server):
    from registration.models import Registration, RegistrationQuestion

    event, delegation, _, _ = kenya
    member_state = db.session.scalar(select(ParticipantCategory))
    expert = ParticipantCategory(event_id=event.id, key="expert", name="Expert", admission="open")
    db.session.add(expert)
    db.session.flush()
    mandate = RegistrationQuestion(event_id=event.id, label="Your mandate", kind="text", is_required=True,
                                   category_ids=[member_state.id])
    expertise = RegistrationQuestion(event_id=event.id, label="Your field of expertise", kind="text",
                                     category_ids=[expert.id])
    db.session.add_all([mandate, expertise])
    db.session.commit()
    mandate_id = mandate.id
    nominate(client, delegation.id, "member@kenya.example", "Otieno Odhiambo")
    log_out(client)
    login(make_user(email="member@kenya.example"))
    link = link_in(smtp_server.last_to("member@kenya.example"), "/nominations/")
    form = {"full_name": "Otieno Odhiambo", "organisation": "Kenya", "job_title": "Adviser",
            "stakeholder_group": "government", "country": "KE", "consent": "y"}

    page = client.get(link).get_data(as_text=True)
    assert "Your mandate" in page and "Your field of expertise" not in page
    unanswered = client.submit(link, form)
    assert unanswered.status_code == 400 and "Answer this question." in unanswered.get_data(as_text=True)
    assert client.submit(link, {**form, f"q_{mandate_id}": "Full powers"}).status_code == 302

    registration = db.session.scalar(select(Registration).where(Registration.email == "member@kenya.example"))
    assert registration.answers == {str(mandate_id): "Full powers"}


def test_a_member_withdrawn_while_their_form_is_being_saved_is_not_registered(kenya, client, login,  # noqa: F811
                                                                               make_user, smtp_server, monkeypatch):
    """The focal point withdraws them after the page checked the link, before the registration is saved."""
    from core.models import utcnow
    from meetings import nominations
    from meetings.models import Nomination
    from registration.models import Registration

    _, delegation, _, _ = kenya
    nominate(client, delegation.id, "member@kenya.example", "Otieno Odhiambo")
    log_out(client)
    login(make_user(email="member@kenya.example"))
    link = link_in(smtp_server.last_to("member@kenya.example"), "/nominations/")
    register = nominations.registration_services.register

    def withdrawn_meanwhile(*args, **kwargs):
        db.session.scalar(select(Nomination)).withdrawn_at = utcnow()
        db.session.commit()
        return register(*args, **kwargs)

    monkeypatch.setattr(nominations.registration_services, "register", withdrawn_meanwhile)
    form = {"full_name": "Otieno Odhiambo", "organisation": "Kenya", "job_title": "Adviser",
            "stakeholder_group": "government", "country": "KE", "consent": "y"}

    answer = client.submit(link, form)

    assert answer.status_code == 403 and "withdrawn this nomination" in answer.get_data(as_text=True)
    assert db.session.scalar(select(Registration).where(Registration.email == "member@kenya.example")) is None


def test_a_member_registered_while_the_withdrawal_is_being_saved_is_cancelled(app, kenya, client, make_user,  # noqa: F811
                                                                              smtp_server):
    """The focal point's page read the member as "link sent"; the member's registration is saved in another
    request before the withdrawal is: it is cancelled with it, not left standing without its delegation."""
    from meetings import delegations, nominations
    from meetings.models import Nomination
    from registration.models import Registration

    _, delegation, focal, _ = kenya
    nominate(client, delegation.id, "member@kenya.example", "Otieno Odhiambo")
    member = make_user(email="member@kenya.example")
    member_id = member.id
    nomination = db.session.scalar(select(Nomination))
    assert nomination.registration is None  # as the focal point's request read it
    with app.app_context():  # the member's request, on its own connection
        from accounts.models import User

        other = db.session.get(Nomination, nomination.id)
        nominations.complete_registration(other, db.session.get(User, member_id),
                                          {"full_name": "Otieno Odhiambo", "organisation": "Kenya"})
        db.session.remove()

    delegations.withdraw_member(nomination, by=focal)

    db.session.expire_all()
    registration = db.session.scalar(select(Registration).where(Registration.email == "member@kenya.example"))
    assert registration.status == "cancelled"
