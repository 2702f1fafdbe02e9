"""A beneficiary prepares its booth (pitch, project) and sends it for review; organisers draw the floor plan,
give booths their places and set the fair's rules. Each booth is its organisation's alone."""
import pytest
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from showcase import fairs
from showcase.models import APPROVED, ASSIGNED, DRAFTING, STAFF, SUBMITTED, Booth, BoothPlace, FloorZone
from tests.conftest import PASSWORD, page_text
from tests.showcase.fair import beneficiary_booth, make_booth, make_fair, make_organisation


@pytest.fixture
def fair(make_event):
    return make_fair(make_event, title="Knowledge Fair on the Creative Economy")


def as_user(app, user):
    other = app.test_client()
    response = other.submit("/account/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return other


def reload(booth) -> Booth:
    db.session.expire_all()
    return db.session.get(Booth, booth.id)


def test_a_beneficiary_writes_its_pitch_and_sends_the_booth_for_review(app, fair, make_user):
    user, booth = beneficiary_booth(make_user, fair, status=DRAFTING)
    booth.pitch, booth.project_id = "", None
    db.session.commit()
    client = as_user(app, user)
    url = f"/showcase/booths/{booth.id}"

    early = client.submit(f"{url}/submit", {}, follow_redirects=True)
    assert "Write your pitch before" in page_text(early.get_data(as_text=True))
    project = booth.organisation.projects[0]
    saved = client.submit(url, {"project_id": str(project.id), "pitch": "Our studio trains sound engineers."},
                          follow_redirects=True)
    assert "The booth is saved." in saved.get_data(as_text=True)
    sent = client.submit(f"{url}/submit", {}, follow_redirects=True)

    assert "sent to the organisers for review" in page_text(sent.get_data(as_text=True))
    booth = reload(booth)
    assert booth.status == SUBMITTED and booth.pitch == "Our studio trains sound engineers."
    assert booth.approved_pitch == ""  # nothing public before an organiser approves it
    assert "Waiting for review" in page_text(client.get("/showcase/booths").get_data(as_text=True))


def test_a_changed_approved_pitch_waits_for_review_while_the_old_one_stays(app, fair, make_user):
    user, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    client = as_user(app, user)

    response = client.submit(f"/showcase/booths/{booth.id}", {"project_id": str(booth.project_id),
                                                              "pitch": "A new pitch."}, follow_redirects=True)

    assert "keep reading the approved pitch" in page_text(response.get_data(as_text=True))
    booth = reload(booth)
    assert booth.has_pitch_pending and booth.approved_pitch == "Come and hear our musicians."


@pytest.mark.parametrize("values, message", [
    ({"project_id": "0", "pitch": "x"}, "Choose the project your booth presents"),
    ({"project_id": "999999", "pitch": "x"}, "Choose one of the options"),
    ({"project_id": "PROJECT", "pitch": "x"}, "Choose one of the options"),
    ({"pitch": "a" * 3001}, "At most 3000 characters"),
    ({"pitch": "bad\x00text"}, "cannot be stored"),
])
def test_a_bad_booth_is_refused_with_the_reason_and_nothing_saved(app, fair, make_user, values, message):
    user, booth = beneficiary_booth(make_user, fair, status=DRAFTING)
    client = as_user(app, user)
    values = {"project_id": str(booth.project_id), **values}

    response = client.submit(f"/showcase/booths/{booth.id}", values)

    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert reload(booth).pitch == "Come and hear our musicians."


def test_a_booth_is_its_organisation_s_alone(app, fair, make_user):
    _, booth = beneficiary_booth(make_user, fair, status=DRAFTING)
    other, _ = beneficiary_booth(make_user, fair, email="lin@hanoi-arts.example.org", name="Hanoi Arts",
                                 country="VN", region="asia_pacific")
    client = as_user(app, other)

    assert client.get(f"/showcase/booths/{booth.id}").status_code == 404
    assert client.submit(f"/showcase/booths/{booth.id}", {"pitch": "Mine now"}).status_code == 404
    assert client.submit(f"/showcase/booths/{booth.id}/submit", {}).status_code == 404
    assert reload(booth).status == DRAFTING and reload(booth).pitch == "Come and hear our musicians."


def test_staff_see_the_booth_but_only_its_owner_changes_it(app, fair, make_user):
    owner = make_user(roles=("beneficiary", "participant"))
    staff = make_user(roles=("beneficiary", "participant"))
    booth = make_booth(fair, make_organisation(owner, staff=[staff]), status=DRAFTING)
    client = as_user(app, staff)

    assert "Come and hear our musicians." in client.get(f"/showcase/booths/{booth.id}").get_data(as_text=True)
    assert client.submit(f"/showcase/booths/{booth.id}", {"project_id": str(booth.project_id),
                                                          "pitch": "Changed"}).status_code == 404
    assert client.submit(f"/showcase/booths/{booth.id}/submit", {}).status_code == 404
    assert reload(booth).pitch == "Come and hear our musicians." and STAFF


@pytest.fixture
def organiser(app, fair):
    return as_user(app, db.session.get(User, fair.team[0].user_id))


def place(fair, number, code="A") -> BoothPlace:
    return db.session.scalar(select(BoothPlace).join(FloorZone).where(
        FloorZone.event_id == fair.id, FloorZone.code == code, BoothPlace.number == number))


def test_organisers_give_booths_their_places_once_each(fair, organiser, make_user):
    _, first = beneficiary_booth(make_user, fair, status=APPROVED)
    _, second = beneficiary_booth(make_user, fair, email="lin@hanoi-arts.example.org", name="Hanoi Arts",
                                  status=SUBMITTED)
    a3 = place(fair, 3)

    given = organiser.submit(f"/events/{fair.slug}/fair/booths/{first.id}/place", {f"b{first.id}-place_id": str(a3.id)},
                             follow_redirects=True)
    assert "is at A3" in page_text(given.get_data(as_text=True))
    assert (reload(first).status, reload(first).place.label) == (ASSIGNED, "A3")

    taken = organiser.submit(f"/events/{fair.slug}/fair/booths/{second.id}/place",
                             {f"b{second.id}-place_id": str(a3.id)}, follow_redirects=True)
    assert "not free any more" in page_text(taken.get_data(as_text=True))
    assert reload(second).place_id is None

    early = organiser.submit(f"/events/{fair.slug}/fair/booths/{second.id}/place",
                             {f"b{second.id}-place_id": str(place(fair, 4).id)})
    assert early.status_code == 302
    assert (reload(second).status, reload(second).place.label) == (SUBMITTED, "A4")  # keeps it until approved

    organiser.submit(f"/events/{fair.slug}/fair/booths/{first.id}/place", {f"b{first.id}-place_id": ""})
    assert (reload(first).status, reload(first).place_id) == (APPROVED, None)


def test_a_place_of_another_fair_cannot_be_given(fair, organiser, make_user, make_event):
    _, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    other = make_fair(make_event)

    response = organiser.submit(f"/events/{fair.slug}/fair/booths/{booth.id}/place",
                                {f"b{booth.id}-place_id": str(place(other, 1).id)}, follow_redirects=True)

    assert "not free any more" in page_text(response.get_data(as_text=True))
    assert reload(booth).place_id is None
    assert organiser.submit(f"/events/{other.slug}/fair/booths/{booth.id}/place", {}).status_code == 403


def test_organisers_draw_the_floor_plan_in_zones(fair, organiser, make_user):
    _, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    booth.place_id, booth.status = place(fair, 9).id, ASSIGNED
    db.session.commit()
    url = f"/events/{fair.slug}/fair/floor"

    added = organiser.submit(url, {"name": "Music aisle", "code": "mus", "places": "12", "columns": "6"},
                             follow_redirects=True)
    assert "The zone Music aisle is on the plan." in added.get_data(as_text=True)
    assert [(zone.code, len(zone.places)) for zone in fairs.zones_of(fair)] == [("A", 10), ("MUS", 12)]

    hall = fairs.zones_of(fair)[0]
    organiser.submit(f"{url}/{hall.id}", {"name": "Hall A", "places": "8", "columns": "4"})
    db.session.expire_all()
    assert len(fairs.zones_of(fair)[0].places) == 8
    assert (reload(booth).status, reload(booth).place_id) == (APPROVED, None)  # A9 is gone: the booth has no place

    organiser.submit(f"{url}/{hall.id}/remove", {})
    assert [zone.code for zone in fairs.zones_of(fair)] == ["MUS"]


@pytest.mark.parametrize("values, message", [
    ({"code": "A"}, "Another zone&#39;s places start with these letters"),
    ({"code": "A1"}, "one to three letters"),
    ({"code": ""}, "one to three letters"),
    ({"places": "0"}, "from 1 to 200"),
    ({"places": "many"}, "from 1 to 200"),
    ({"columns": "21"}, "from 1 to 20"),
    ({"name": ""}, "Give the zone a name"),
])
def test_a_bad_zone_is_refused_and_nothing_added(fair, organiser, values, message):
    values = {"name": "Music aisle", "code": "MUS", "places": "12", "columns": "6", **values}

    response = organiser.submit(f"/events/{fair.slug}/fair/floor", values)

    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body
    assert len(fairs.zones_of(fair)) == 1


def test_organisers_set_the_fair_s_rules(fair, organiser):
    response = organiser.submit(f"/events/{fair.slug}/fair/rules", {
        "material_kinds": ["image", "video"], "max_file_mb": "5", "max_booth_mb": "20", "max_items": "6",
        "lead_fields": ["organisation", "email"], "meeting_minutes": "30"}, follow_redirects=True)

    assert "The fair&#39;s rules are saved." in response.get_data(as_text=True)
    db.session.expire_all()
    settings = fairs.settings_of(fair)
    assert settings.material_kinds == ["image", "video"] and (settings.max_file_mb, settings.max_items) == (5, 6)
    assert settings.lead_fields == ["full_name", "organisation", "email"] and settings.meeting_minutes == 30


@pytest.mark.parametrize("values, message", [
    ({"material_kinds": []}, "Allow at least one kind of material"),
    ({"material_kinds": ["exe"]}, "Choose one of the options"),
    ({"max_file_mb": "0"}, "from 1 to 15"),
    ({"max_file_mb": "16"}, "from 1 to 15"),
    ({"max_booth_mb": "2", "max_file_mb": "5"}, "room for at least one file"),
    ({"lead_fields": ["password"]}, "Choose one of the options"),
    ({"meeting_minutes": "7"}, "Choose one of the options"),
])
def test_bad_rules_are_refused_and_the_old_ones_kept(fair, organiser, values, message):
    values = {"material_kinds": ["image"], "max_file_mb": "5", "max_booth_mb": "20", "max_items": "6",
              "lead_fields": ["organisation"], "meeting_minutes": "30", **values}

    response = organiser.submit(f"/events/{fair.slug}/fair/rules", values)

    assert response.status_code == 400 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert fairs.settings_of(fair).max_file_mb == 10  # the defaults: nothing was stored


def test_a_booth_sent_back_shows_the_organisers_reason(app, fair, make_user):
    from showcase import moderation

    user, booth = beneficiary_booth(make_user, fair, status=SUBMITTED)
    organiser = db.session.get(User, fair.team[0].user_id)
    moderation.decide_booth(booth, False, "Say which partners you are looking for.", organiser,
                            moderation.booth_version(booth))

    page = page_text(as_user(app, user).get(f"/showcase/booths/{booth.id}").get_data(as_text=True))

    assert "The organisers sent your booth back" in page and "Say which partners you are looking for." in page
    assert reload(booth).status == DRAFTING


def test_a_fair_s_page_leads_to_its_showcase_and_another_event_s_does_not(client, fair, make_event):
    conference = make_event(kind="conference")

    fair_page = client.get(f"/events/{fair.slug}/").get_data(as_text=True)
    other_page = client.get(f"/events/{conference.slug}/").get_data(as_text=True)

    assert f'href="/events/{fair.slug}/showcase"' in fair_page and "Browse the booths" in fair_page
    assert "Browse the booths" not in other_page


def test_changing_what_a_public_booth_presents_sends_it_back_for_review(app, fair, make_user, client):
    from showcase.models import Project

    user, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    other_project = Project(organisation_id=booth.organisation_id, code="2023-9999", title="A project never reviewed",
                            funding_usd=1000, call_year=2023, countries=["ZW"], domains=["music"], goals=[], sdgs=[])
    db.session.add(other_project)
    db.session.commit()
    owner = as_user(app, user)
    public_url = f"/events/{fair.slug}/showcase/{booth.id}"
    assert client.get(public_url).status_code == 200

    switched = owner.submit(f"/showcase/booths/{booth.id}", {"project_id": str(other_project.id),
                                                             "pitch": booth.pitch}, follow_redirects=True)

    assert "sent back to the organisers" in page_text(switched.get_data(as_text=True))
    assert reload(booth).status == SUBMITTED and client.get(public_url).status_code == 404
    assert "A project never reviewed" not in client.get(f"/events/{fair.slug}/showcase?q=never").get_data(as_text=True)


@pytest.mark.parametrize("url, values", [
    ("/showcase/organisation", {"name": "Renamed Trust", "kind": "ngo", "country": "ZW",
                                "website": "https://elsewhere.example.org"}),
    ("/showcase/organisation/projects/{project}", {"code": "2019-1001", "title": "Edited title", "funding_usd": "1",
                                                   "call_year": "2019", "domains": ["music"]}),
])
def test_editing_the_profile_of_a_public_booth_sends_it_back_for_review(app, fair, make_user, client, url, values):
    user, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    owner = as_user(app, user)

    response = owner.submit(url.format(project=booth.project_id), values)

    assert response.status_code == 302
    assert reload(booth).status == SUBMITTED
    assert client.get(f"/events/{fair.slug}/showcase/{booth.id}").status_code == 404


def test_saving_an_unchanged_profile_keeps_the_booth_public(app, fair, make_user):
    user, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    organisation = booth.organisation
    owner = as_user(app, user)

    owner.submit("/showcase/organisation", {"name": organisation.name, "kind": organisation.kind,
                                            "country": organisation.country, "website": organisation.website,
                                            "contact_name": organisation.contact_name,
                                            "contact_email": organisation.contact_email})

    assert reload(booth).status == APPROVED


def test_only_an_owner_or_an_invited_person_writes_an_organisation_profile(app, fair, make_user, client):
    owner = make_user(roles=("beneficiary", "participant"))
    staff = make_user(roles=("beneficiary", "participant"))
    booth = make_booth(fair, make_organisation(owner, staff=[staff]))
    participant = make_user()

    outsider = as_user(app, participant)
    assert outsider.get("/showcase/organisation").status_code == 403
    assert outsider.submit("/showcase/organisation/projects/new", {"code": "2019-1234"}).status_code == 403
    colleague = as_user(app, staff)
    assert colleague.get("/showcase/organisation").status_code == 403
    assert colleague.get(f"/showcase/organisation/projects/{booth.project_id}").status_code == 403

    db.session.add(Booth(event_id=fair.id, invited_email=participant.email, status="invited"))
    db.session.commit()
    assert outsider.get("/showcase/organisation").status_code == 200  # invited: they fill it in before accepting


def test_an_owner_adds_staff_who_work_the_booth_and_cannot_remove_the_last_owner(app, fair, make_user):
    from showcase.models import OrganisationMember

    user, booth = beneficiary_booth(make_user, fair, status=APPROVED)
    colleague = make_user(email="rudo@hub.example.org", full_name="Rudo Chikwanha")
    owner = as_user(app, user)

    nobody = owner.submit("/showcase/organisation/members", {"member-email": "ghost@example.org",
                                                            "member-role": "staff"})
    assert nobody.status_code == 400 and "Nobody has a Convene account" in nobody.get_data(as_text=True)
    added = owner.submit("/showcase/organisation/members", {"member-email": "Rudo@Hub.example.org",
                                                           "member-role": "staff"}, follow_redirects=True)
    assert "Rudo Chikwanha speaks for Harare Creative Hub Trust now." in added.get_data(as_text=True)
    again = owner.submit("/showcase/organisation/members", {"member-email": colleague.email, "member-role": "owner"})
    assert again.status_code == 400 and "speaks for your organisation already" in again.get_data(as_text=True)

    staff = as_user(app, colleague)
    assert staff.get(f"/showcase/booths/{booth.id}").status_code == 200
    assert staff.get(f"/showcase/booths/{booth.id}/scan").status_code == 200
    assert staff.get("/showcase/organisation").status_code == 403

    db.session.expire_all()
    [me] = [m for m in booth.organisation.members if m.user_id == user.id]
    refused = owner.submit(f"/showcase/organisation/members/{colleague.id}/remove", {}, follow_redirects=True)
    assert "no longer speaks for your organisation" in page_text(refused.get_data(as_text=True))
    assert staff.get(f"/showcase/booths/{booth.id}").status_code == 404
    from showcase import services

    with pytest.raises(services.MemberProblem):
        services.remove_member(db.session.get(OrganisationMember, (me.organisation_id, me.user_id)))
