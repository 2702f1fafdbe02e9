"""The public Materials page of an event: every material the reader may see, searched and filtered by session,
speaker, track and language with a plain GET form (bookmarkable, no JavaScript); linked from the event page."""
from datetime import datetime

import pytest

from core.extensions import db
from events.models import ProgrammeMaterial, Speaker, Track
from tests.conftest import PASSWORD, page_text


@pytest.fixture
def event_with_materials(make_event, make_session):
    event = make_event(slug="bangkok", start=datetime(2025, 5, 12, 9, 0), zone="Asia/Bangkok")
    policy = Track(event=event, name="Policy", translations={})
    amina, kofi = Speaker(event=event, name="Amina Diallo"), Speaker(event=event, name="Kofi Mensah")
    db.session.add_all([policy, amina, kofi])
    db.session.commit()
    statistics = make_session(event, datetime(2025, 5, 12, 10, 0), title="Cultural statistics", speakers=[amina],
                              track=policy)
    surveys = make_session(event, datetime(2025, 5, 12, 14, 0), title="Household surveys", speakers=[kofi])
    for session, title, language, visibility in (
            (statistics, "Framework for cultural statistics", "en", "public"),
            (statistics, "Cadre statistique", "fr", "public"),
            (surveys, "Survey questionnaire", "en", "public"),
            (surveys, "Participants' dataset", "en", "registered"),
            (surveys, "Unchecked upload", "en", "hidden"),
            (None, "Workshop report", "en", "public")):
        db.session.add(ProgrammeMaterial(event_id=event.id, session_id=session.id if session else None, kind="link",
                                         title=title, language=language, url="https://example.org/" + title[:4],
                                         visibility=visibility, translations={}))
    db.session.commit()
    return event, statistics, surveys, amina, kofi, policy


def listed(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return page_text(response.get_data(as_text=True))


def test_visitors_see_every_public_material_and_filter_it_with_addresses_to_bookmark(client, event_with_materials):
    event, statistics, surveys, amina, kofi, policy = event_with_materials
    base = f"/events/{event.slug}/materials"

    page = listed(client, base)
    assert "4 materials" in page
    assert "Participants' dataset" not in page and "Unchecked upload" not in page

    assert "Survey questionnaire" in listed(client, f"{base}?session={surveys.id}") and \
        "Cadre statistique" not in listed(client, f"{base}?session={surveys.id}")
    by_speaker = listed(client, f"{base}?speaker={amina.id}")
    assert "Framework for cultural statistics" in by_speaker and "Survey questionnaire" not in by_speaker
    assert "2 materials" in listed(client, f"{base}?track={policy.id}")
    french = listed(client, f"{base}?language=fr")
    assert "1 material" in french and "Cadre statistique" in french
    searched = listed(client, f"{base}?q=kofi")  # a speaker's name finds their session's materials
    assert "Survey questionnaire" in searched and "Framework" not in searched
    assert "No material matches these filters." in listed(client, f"{base}?q=nothing+like+this")


def test_a_filter_that_makes_no_sense_is_explained_not_a_500(client, event_with_materials):
    event = event_with_materials[0]
    response = client.get(f"/events/{event.slug}/materials?session=999999&language=xx")
    assert response.status_code == 400
    assert "Choose one of the options in the list." in page_text(response.get_data(as_text=True))


def test_the_event_page_leads_to_the_materials_after_the_event(client, event_with_materials):
    event = event_with_materials[0]
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Slides, documents and recordings of the event" in page_text(page)
    assert f'href="/events/{event.slug}/materials"' in page


def test_an_event_without_visible_materials_says_so(client, make_event):
    event = make_event(slug="empty")
    page = listed(client, f"/events/{event.slug}/materials")
    assert "No materials yet." in page
    assert "Slides, documents and recordings of the event" not in listed(client, f"/events/{event.slug}/")


def test_the_page_remembered_for_visitors_changes_when_a_material_is_published(client, event_with_materials, login):
    event, _, surveys, *_ = event_with_materials
    base = f"/events/{event.slug}/materials"
    assert "Unchecked upload" not in listed(client, base)
    hidden = db.session.query(ProgrammeMaterial).filter_by(title="Unchecked upload").one()
    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/materials/{hidden.id}/publish", {},
                  form_url=f"/events/{event.slug}/manage/materials")
    client.submit("/account/logout", form_url="/")

    assert "Unchecked upload" in listed(client, base)


def test_a_draft_events_materials_are_not_found_by_visitors(client, make_event):
    event = make_event(slug="draft-one", status="draft")
    assert client.get(f"/events/{event.slug}/materials").status_code == 404


@pytest.mark.parametrize("path", ["materials", "programme", "sessions/{session}", "manage/materials"])
def test_pages_listing_materials_read_the_same_number_of_queries_however_many_there_are(
        app, make_event, make_session, count_queries, path):
    def queries_with(count: int) -> int:
        event = make_event()
        speakers = [Speaker(event=event, name=f"Speaker {n}") for n in range(count)]
        db.session.add_all(speakers)
        db.session.commit()
        sessions = [make_session(event, datetime(2027, 3, 27, 9 + n, 0), title=f"Session {n}", speakers=[speaker])
                    for n, speaker in enumerate(speakers)]
        for n, session in enumerate(sessions):
            db.session.add(ProgrammeMaterial(event_id=event.id, session_id=session.id, kind="link",
                                             title=f"Material {n}", url="https://example.org", visibility="public",
                                             speaker_id=speakers[n].id, translations={}))
        db.session.commit()
        client = app.test_client()  # as an organiser, who sees every material and no page remembered for visitors
        client.submit("/account/login", {"email": event.team[0].user.email, "password": PASSWORD})
        url = f"/events/{event.slug}/" + path.format(session=sessions[0].id)
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    assert queries_with(2) == queries_with(7)
