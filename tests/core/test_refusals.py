"""Every POST address that names an object inside another (an event's session, a booth's lead, a person's
registration's seat) refuses an object of another parent: 403 or 404, no message claiming anything, and
not one row written, not even housekeeping.

Run on the demo data, as an administrator (the organiser of every event) who also speaks for every
booth's organisation and holds a registration: the only thing between them and the change is that the
object does not belong to the address.
"""
from datetime import datetime

from flask import url_for
import pytest
from sqlalchemy import select, text

from core.extensions import db
from events.models import Event, EventOrganiser, ProgrammeMaterial, Room, Session, SessionSpeaker, Speaker
from meetings import demo_delegations, demo_visas
from meetings.models import Delegation, FocalPoint, VisaOfficer, VisaRequest
from outcomes.models import Survey, SurveyQuestion
from registration.models import (CheckIn, CheckinDevice, CheckinStaff, Invitation, Quota, Registration,
                                 RegistrationQuestion)
from showcase.models import (OWNER, Booth, FloorZone, Lead, MaterialItem, MeetingRequest, MeetingSlot,
                             Organisation, OrganisationMember)
from registration import demo_categories, desk_access
from registration.categories import ParticipantCategory
from tests.showcase.fair import make_fair

PARIS_AND_BANGKOK = ("global-forum-cultural-policies-2027", "regional-workshop-cultural-statistics-bangkok")


# endpoint -> (a query of (object id, the id of its parent), URL values besides the two ids, parent kind).
# The parent kind is "event" (the slug), "booth" or "registration".
_EVENT_ROUTES = {
    "showcase.change_booth_invitation": (select(Booth.id, Booth.event_id), {"action": "resend"}),
    "showcase.assign_place": (select(Booth.id, Booth.event_id), {}),
    "showcase.edit_zone": (select(FloorZone.id, FloorZone.event_id), {}),
    "showcase.remove_zone": (select(FloorZone.id, FloorZone.event_id), {}),
    "showcase.decide_booth": (select(Booth.id, Booth.event_id), {}),
    "showcase.decide_item": (select(MaterialItem.id, Booth.event_id).join(Booth), {}),
    "events.delete_room_or_track": (select(Room.id, Room.event_id), {"what": "rooms"}),
    "events.edit_room_or_track": (select(Room.id, Room.event_id), {"what": "rooms"}),
    "registration.revoke_device": (select(CheckinDevice.id, CheckinDevice.event_id), {}),
    "registration.renew_device": (select(CheckinDevice.id, CheckinDevice.event_id), {}),
    "registration.undo_attendance": (select(CheckIn.id, Registration.event_id).join(Registration), {}),
    "registration.remove_staff": (select(CheckinStaff.user_id, CheckinStaff.event_id), {}),
    "registration.reissue_badge": (select(Registration.id, Registration.event_id), {}),
    "registration.edit_participant": (select(Registration.id, Registration.event_id), {}),
    "registration.switch_participant_participation": (select(Registration.id, Registration.event_id), {}),
    "registration.check_in_person": (select(Registration.id, Registration.event_id), {}),
    "registration.change_invitation": (select(Invitation.id, Invitation.event_id), {"action": "revoke"}),
    "registration.edit_question": (select(RegistrationQuestion.id, RegistrationQuestion.event_id), {}),
    "registration.change_question": (select(RegistrationQuestion.id, RegistrationQuestion.event_id),
                                     {"action": "remove"}),
    "registration.remove_quota": (select(Quota.id, Quota.event_id), {}),
    "registration.edit_category": (select(ParticipantCategory.id, ParticipantCategory.event_id), {}),
    "registration.change_category": (select(ParticipantCategory.id, ParticipantCategory.event_id),
                                     {"action": "remove"}),
    "registration.edit_quota": (select(Quota.id, Quota.event_id), {}),
    "events.change_session": (select(Session.id, Session.event_id), {"action": "cancel"}),
    "events.edit_session": (select(Session.id, Session.event_id), {}),
    "events.edit_speaker": (select(Speaker.id, Speaker.event_id), {}),
    "events.delete_speaker": (select(Speaker.id, Speaker.event_id), {}),
    "events.remove_organiser": (select(EventOrganiser.user_id, EventOrganiser.event_id), {}),
    "events.edit_material": (select(ProgrammeMaterial.id, ProgrammeMaterial.event_id), {}),
    "events.change_material_visibility": (select(ProgrammeMaterial.id, ProgrammeMaterial.event_id), {}),
    "events.publish_material": (select(ProgrammeMaterial.id, ProgrammeMaterial.event_id), {}),
    "events.move_material": (select(ProgrammeMaterial.id, ProgrammeMaterial.event_id), {"direction": "down"}),
    "events.delete_material": (select(ProgrammeMaterial.id, ProgrammeMaterial.event_id), {}),
    # Another event's session, with one of its own speakers.
    "events.speaker_upload_link": (select(Session.id, Session.event_id).join(SessionSpeaker),
                                   {"action": "replace", "speaker_id": 1}),
    # A speaker's link moved to another event's session: the signature does not hold, nothing is looked up.
    "events.speaker_upload": (select(Session.id, Session.event_id), {"token": "1-1-AAAAAAAAAAAAAAAA"}),
    "showcase.toggle_bookmark": (select(Booth.id, Booth.event_id), {}),
    "showcase.request_meeting": (select(Booth.id, Booth.event_id), {}),
    "outcomes.survey_question": (select(SurveyQuestion.id, Survey.event_id).join(Survey), {"kind": "feedback"}),
    "outcomes.move_survey_question": (select(SurveyQuestion.id, Survey.event_id).join(Survey),
                                      {"kind": "feedback", "direction": "down"}),
    "outcomes.delete_survey_question": (select(SurveyQuestion.id, Survey.event_id).join(Survey),
                                        {"kind": "feedback"}),
    "meetings.change_focal_point": (select(FocalPoint.id, Delegation.event_id).join(Delegation), {"action": "revoke"}),
    "meetings.decide_credentials": (select(Delegation.id, Delegation.event_id), {}),
    "meetings.approve_delegation": (select(Delegation.id, Delegation.event_id), {}),
    "meetings.withdraw_member": (select(Delegation.id, Delegation.event_id), {"nomination_id": 1}),
    "meetings.refuse_visa_request": (select(VisaRequest.id, VisaRequest.event_id), {}),
    "meetings.remove_visa_officer": (select(VisaOfficer.user_id, VisaOfficer.event_id), {}),
}
_BOOTH_ROUTES = {
    "showcase.edit_lead": select(Lead.id, Lead.booth_id),
    "showcase.forget_lead": select(Lead.id, Lead.booth_id),
    "showcase.edit_material": select(MaterialItem.id, MaterialItem.booth_id),
    "showcase.delete_material": select(MaterialItem.id, MaterialItem.booth_id),
    "showcase.accept_meeting": select(MeetingRequest.id, MeetingSlot.booth_id).join(MeetingSlot),
    "showcase.decline_meeting": select(MeetingRequest.id, MeetingSlot.booth_id).join(MeetingSlot),
    "showcase.remove_meeting_slot": select(MeetingSlot.id, MeetingSlot.booth_id),
}
_REGISTRATION_ROUTES = {
    "registration.answer_seat": (select(Session.id, Session.event_id), {"action": "accept"}),
}
#: The child id's name in each route (the first id after the parent's).
_CHILD_ARGUMENT = {
    "remove_staff": "user_id", "remove_organiser": "user_id", "delete_room_or_track": "item_id",
    "edit_room_or_track": "item_id",
}


def snapshot() -> dict[str, list]:
    """Every row of every table, as text: a refused request must leave all of them as they were."""
    db.session.expire_all()
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(text(f'SELECT * FROM "{table.name}"')).all()
        tables[table.name] = sorted(repr(tuple(row)) for row in rows)
    db.session.rollback()
    return tables


def changed_tables(before, after) -> list[str]:
    return [name for name in before if before[name] != after[name]]


@pytest.fixture
def world(app, make_user, make_event):
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    admin = make_user(roles=("administrator", "organiser", "beneficiary", "participant"))
    for organisation_id in db.session.scalars(select(Organisation.id)):
        db.session.add(OrganisationMember(organisation_id=organisation_id, user_id=admin.id, role=OWNER))
    # A second fair, so that a booth, a zone or a material item can be named under a fair that is not theirs.
    second_fair = make_fair(make_event, team=[admin], start=datetime(2027, 9, 1, 9, 0),
                            details={"booths_enabled": True})
    # The administrator's own registration, at an event with sessions.
    registration = db.session.scalars(select(Registration).join(Session, Session.event_id == Registration.event_id)
                                      .order_by(Registration.id)).first()
    registration.user_id = admin.id
    db.session.commit()
    for event in db.session.scalars(select(Event).where(Event.slug.in_(PARIS_AND_BANGKOK))):
        desk_access.issue_device(event, "Front door", admin)
    demo_categories.load()  # idempotent: the demo loader runs it too
    # The delegations (none at all if the demo loader does not run them yet; loading them twice adds nothing).
    paris = db.session.scalar(select(Event).where(Event.slug == PARIS_AND_BANGKOK[0]))
    list(demo_delegations.load(paris))
    list(demo_visas.load(paris))
    # Visa requests are shown to the event's visa officers only: the administrator is one everywhere, so that
    # a refusal comes from the object's parent, not from the role.
    for event_id in db.session.scalars(select(Event.id)):
        db.session.merge(VisaOfficer(event_id=event_id, user_id=admin.id))
    db.session.commit()
    # An event with nothing yet: whatever a page makes on first use (its surveys, its registration
    # settings) must not be made by a refused request.
    make_event(team=[admin], slug="nothing-yet")
    return admin, second_fair, registration


def _parent_and_child(pairs, parent_ids):
    """A parent (among `parent_ids`) and an object of another parent, preferring a parent that has objects
    of the same kind of its own (so that the route is one that works there)."""
    owners = {parent for _, parent in pairs}
    for parent in sorted(parent_ids, key=lambda parent: parent not in owners):
        child = _not_of(pairs, parent)
        if child is not None:
            return parent, child
    return None, None


def _not_of(pairs, parent):
    """An object that is not the parent's (a person may be in several events' teams: one not in this one's)."""
    its_own = {child for child, owner in pairs if owner == parent}
    return next((child for child, owner in pairs if child not in its_own), None)


def _cases(app, second_fair, registration):
    events = list(db.session.scalars(select(Event.id)))
    booths = list(db.session.scalars(select(Booth.id)))
    slugs = dict(db.session.execute(select(Event.id, Event.slug)).all())
    nothing_yet = db.session.scalar(select(Event.id).where(Event.slug == "nothing-yet"))
    fairs = {second_fair.id} | set(db.session.scalars(select(Event.id).where(Event.kind == "knowledge_fair")))
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or len(rule.arguments) < 2:
            continue
        endpoint = rule.endpoint
        name = endpoint.split(".")[1]
        parent_argument = ("slug" if "slug" in rule.arguments else "booth_id" if "booth_id" in rule.arguments
                           else "registration_id")
        child_argument = _CHILD_ARGUMENT.get(name) or next(
            (argument for argument in sorted(rule.arguments) if argument.endswith("_id")
             and argument != parent_argument), None)
        if child_argument is None:  # a page of the parent alone (a new survey question)
            continue
        if endpoint in _EVENT_ROUTES and "slug" in rule.arguments:
            query, values = _EVENT_ROUTES[endpoint]
            pairs = db.session.execute(query).all()
            candidates = [event for event in events if (event in fairs) == (endpoint.startswith("showcase."))]
            fresh = second_fair.id if endpoint.startswith("showcase.") else nothing_yet
            for parent in {_parent_and_child(pairs, candidates)[0], fresh}:
                child = _not_of(pairs, parent)
                yield _url(app, endpoint, parent, child, {**values, "slug": slugs.get(parent)}, child_argument)
            continue
        elif endpoint in _BOOTH_ROUTES:
            parent, child = _parent_and_child(db.session.execute(_BOOTH_ROUTES[endpoint]).all(), booths)
            values = {"booth_id": parent}
        elif endpoint in _REGISTRATION_ROUTES:
            query, values = _REGISTRATION_ROUTES[endpoint]
            others = [child for child, event in db.session.execute(query).all() if event != registration.event_id]
            parent, child = registration.id, others[0] if others else None
            values = {**values, "registration_id": registration.id}
        else:
            if child_argument and parent_argument in rule.arguments:
                yield endpoint, None  # a route this test does not know: it must be added above
            continue
        yield _url(app, endpoint, parent, child, values, child_argument)


def _url(app, endpoint, parent, child, values, child_argument):
    if parent is None or child is None:
        return endpoint, None
    with app.test_request_context():
        return endpoint, url_for(endpoint, **values, **{child_argument: child})


def _refusal_problems(client, url) -> list[str]:
    before = snapshot()
    token = client.csrf_token("/account/profile")
    response = client.post(url, data={"csrf_token": token})
    after = snapshot()
    problems = []
    if response.status_code not in (403, 404):
        problems.append(f"answered {response.status_code}")
    with client.session_transaction() as session:
        flashes = session.get("_flashes", [])
    page = response.get_data(as_text=True)
    if flashes or 'class="flash ' in page:
        problems.append(f"said {flashes or 'something in a flash message'}")
    if changed_tables(before, after):
        problems.append(f"wrote to {', '.join(changed_tables(before, after))}")
    return problems


def test_an_object_of_another_parent_is_refused_with_nothing_claimed_and_nothing_written(app, client, login,
                                                                                        world):
    admin, second_fair, registration = world
    login(admin)
    cases = list(_cases(app, second_fair, registration))
    assert len(cases) >= 30  # the test sees the routes it is meant to
    problems = {}
    for endpoint, url in cases:
        if url is None:
            problems[endpoint] = ["no example in the demo data, or the test does not know the route"]
        else:
            found = _refusal_problems(client, url)
            if found:
                problems[f"{endpoint} {url}"] = found

    assert not problems, "\n".join(f"{key}: {value}" for key, value in problems.items())
