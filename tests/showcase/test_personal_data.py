"""A visitor's own data download names what the showcase holds about them, and deleting the account leaves
no booth with their details."""
from sqlalchemy import func, select

from core.extensions import db
from registration.codes import badge_code
from showcase import leads, meetings
from showcase.models import Bookmark, Lead, MeetingRequest
from tests.registration.onsite import confirmed
from tests.showcase.fair import beneficiary_booth, make_fair

from datetime import date, time


def test_the_data_download_lists_bookmarks_meetings_and_leads_and_deletion_removes_them(client, login, make_user,
                                                                                       make_event):
    fair = make_fair(make_event, title="IFCD Knowledge Fair")
    owner, booth = beneficiary_booth(make_user, fair, name="Kenya Film Makers Guild", country="KE")
    visitor = make_user(email="ingrid@foundation.example.org", full_name="Ingrid Solberg")
    registration = confirmed(fair, visitor)
    registration.exhibitor_consent_at = registration.created_at
    db.session.add(Bookmark(user_id=visitor.id, booth_id=booth.id))
    db.session.commit()
    meetings.open_slots(booth, date(2027, 6, 14), time(10, 0), time(11, 0))
    meetings.request_meeting(booth, meetings.free_slots(booth)[0].id, visitor, "About distribution")
    leads.scan(booth, badge_code(registration), owner)
    login(visitor)

    data = client.get("/account/data.json").get_json()

    assert data["bookmarks"] == [{"fair": "IFCD Knowledge Fair", "booth": "Kenya Film Makers Guild",
                                  "at": data["bookmarks"][0]["at"]}]
    assert [(m["booth"], m["status"], m["message"]) for m in data["meeting_requests"]] == [
        ("Kenya Film Makers Guild", "requested", "About distribution")]
    assert [lead["details"]["full_name"] for lead in data["booth_leads"]] == ["Ingrid Solberg"]

    response = client.submit("/account/delete", {"password": "correct horse battery", "confirm": "y"})

    assert response.status_code == 302
    for model in (Bookmark, MeetingRequest, Lead):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model


def test_the_only_owner_of_an_organisation_with_a_booth_cannot_just_delete_the_account(client, login, make_user,
                                                                                        make_event):
    fair = make_fair(make_event, title="IFCD Knowledge Fair")
    owner, booth = beneficiary_booth(make_user, fair, name="Kenya Film Makers Guild", country="KE")
    login(owner)

    response = client.submit("/account/delete", {"password": "correct horse battery", "confirm": "y"})

    assert response.status_code == 400
    assert "only owner of “Kenya Film Makers Guild”" in response.get_data(as_text=True)
    assert db.session.get(type(owner), owner.id) is not None


def test_the_data_download_names_the_fair_in_the_readers_language(client, login, make_user, make_event):
    from core.multilingual import set_translations

    fair = make_fair(make_event, title="IFCD Knowledge Fair")
    fair.working_languages = ["en", "fr"]
    set_translations(fair, "title", {"fr": "Foire aux connaissances du FIDC"})
    owner, booth = beneficiary_booth(make_user, fair, name="Kenya Film Makers Guild", country="KE")
    visitor = make_user(email="ingrid@foundation.example.org", full_name="Ingrid Solberg", locale="fr")
    db.session.add(Bookmark(user_id=visitor.id, booth_id=booth.id))
    db.session.commit()
    meetings.open_slots(booth, date(2027, 6, 14), time(10, 0), time(11, 0))
    meetings.request_meeting(booth, meetings.free_slots(booth)[0].id, visitor, "About distribution")
    login(visitor)

    data = client.get("/account/data.json").get_json()

    assert [item["fair"] for item in data["bookmarks"] + data["meeting_requests"]] == [
        "Foire aux connaissances du FIDC"] * 2
