"""Events, sessions, rooms and tracks written in several languages: the organiser's forms, and what each
visitor reads on the page, in the calendar feed and in the API."""
from sqlalchemy import select

from core.extensions import db
from core.multilingual import set_translations, translated, translations_of
from events.models import Event, Room, Session
from tests.conftest import page_text
from tests.events.test_manage import FORUM

FRENCH = {"title__fr": "Forum sur les politiques culturelles", "summary__fr": "Trois jours d'échanges.",
          "description__fr": "Des plénières et des **panels**."}


def _organiser(make_user, login):
    organiser = make_user(roles=("organiser", "participant"))
    login(organiser)
    return organiser


def test_organiser_writes_an_event_in_english_and_french_and_each_visitor_reads_their_own(
        app, client, make_user, login):
    _organiser(make_user, login)
    response = client.submit("/events/new/conference", FORUM | {"first_language": "en"} | FRENCH)
    assert response.status_code == 302, page_text(response.get_data(as_text=True))
    event = db.session.scalar(select(Event))
    assert event.working_languages == ["en", "fr"] and event.title == "Forum on Cultural Policies"
    assert translations_of(event, "title") == {"en": "Forum on Cultural Policies",
                                               "fr": "Forum sur les politiques culturelles"}
    # The edit form shows each language's texts in its own fields, typed in its language.
    form = client.get(f"/events/{event.slug}/manage/edit").get_data(as_text=True)
    assert 'name="title__fr"' in form and "Forum sur les politiques culturelles" in form
    assert 'lang="fr"' in form
    client.submit(f"/events/{event.slug}/manage/status", {"action": "publish"},
                  form_url=f"/events/{event.slug}/manage")
    client.get("/account/logout")

    french = client.get(f"/events/{event.slug}/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = client.get(f"/events/{event.slug}/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>Forum sur les politiques culturelles</h1>" in french
    assert "<h1>Forum on Cultural Policies</h1>" in english


def test_a_missing_translation_is_saved_and_named(client, make_user, make_event, login):
    organiser = _organiser(make_user, login)
    event = make_event(title="Forum", languages=["en", "fr"], team=[organiser], summary="About")
    data = FORUM | {"title": "Forum", "first_language": "en", "title__fr": "", "summary__fr": "À propos",
                    "description__fr": ""}

    response = client.submit(f"/events/{event.slug}/manage/edit", data, follow_redirects=True)

    page = page_text(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Not written in French yet: Title and Description. Its readers get English instead." in page
    db.session.expire_all()
    assert translated(event, "summary", "fr") == "À propos"


def test_an_event_needs_its_first_language(client, make_user, login):
    _organiser(make_user, login)
    response = client.submit("/events/new/conference", FORUM | {"first_language": "", "working_languages": []})
    page = page_text(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Choose the event's first language: every event is written in at least one." in page
    assert "Three days of exchange." in page
    unknown = client.submit("/events/new/conference", FORUM | {"first_language": "xx"})
    assert unknown.status_code == 400
    assert "Choose one of the options in the list." in page_text(unknown.get_data(as_text=True))
    assert "not written in xx" not in page_text(unknown.get_data(as_text=True))


def test_making_another_language_first_moves_the_texts_and_needs_its_title(client, make_user, make_event, login):
    organiser = _organiser(make_user, login)
    event = make_event(title="Forum", summary="About", languages=["en", "fr"], team=[organiser])
    url = f"/events/{event.slug}/manage/edit"
    base = FORUM | {"title": "Forum", "summary": "About", "description": "", "slug": event.slug,
                    "working_languages": ["en", "fr"]}

    refused = client.submit(url, base | {"first_language": "fr", "title__fr": "", "summary__fr": "À propos"})
    page = page_text(refused.get_data(as_text=True))
    assert refused.status_code == 400
    assert "The title is not written in French yet: write it in French below, then make French the first language." in page
    assert "À propos" in page  # what was typed is kept
    db.session.refresh(event)
    assert event.working_languages == ["en", "fr"]

    saved = client.submit(url, base | {"first_language": "fr", "title__fr": "Le Forum", "summary__fr": "À propos"})
    assert saved.status_code == 302
    db.session.refresh(event)
    assert event.working_languages == ["fr", "en"]
    assert (event.title, event.summary) == ("Le Forum", "À propos")  # the columns hold the first language
    assert translations_of(event, "title") == {"fr": "Le Forum", "en": "Forum"}


def test_direction_controls_are_refused_in_a_translation(client, make_user, make_event, login):
    organiser = _organiser(make_user, login)
    event = make_event(title="Forum", languages=["en", "ar"], team=[organiser])
    data = FORUM | {"title": "Forum", "slug": event.slug, "first_language": "en", "working_languages": ["en", "ar"],
                    "title__ar": "منتدى\u202e"}
    response = client.submit(f"/events/{event.slug}/manage/edit", data)
    assert response.status_code == 400
    db.session.refresh(event)
    assert translations_of(event, "title")["ar"] == ""


def test_a_copy_keeps_the_translations(client, make_user, make_event, make_session, login):
    from datetime import datetime
    organiser = _organiser(make_user, login)
    event = make_event(title="Forum 2027", languages=["en", "fr"], team=[organiser])
    set_translations(event, "title", {"fr": "Forum 2027 (fr)"})
    set_translations(event, "summary", {"fr": "Résumé"})
    room = Room(name="Room I", translations={"fr": {"name": "Salle I"}})
    event.rooms.append(room)
    db.session.commit()
    session = make_session(event, datetime(2027, 3, 27, 10, 0), room=room, title="Opening")
    set_translations(session, "title", {"fr": "Ouverture"})
    db.session.commit()

    response = client.submit(f"/events/{event.slug}/manage/duplicate",
                             {"title": "Forum 2028", "slug": "forum-2028", "first_day": "2028-03-27"})

    assert response.status_code == 302
    copy = db.session.scalar(select(Event).where(Event.slug == "forum-2028"))
    assert translated(copy, "title", "fr") == "Forum 2028 (fr)"
    assert translated(copy, "summary", "fr") == "Résumé"
    assert translated(copy.rooms[0], "name", "fr") == "Salle I"
    assert translated(copy.sessions[0], "title", "fr") == "Ouverture"


def test_sessions_rooms_and_tracks_are_written_in_each_language(client, make_user, make_event, login):
    organiser = _organiser(make_user, login)
    event = make_event(title="Forum", languages=["en", "fr"], team=[organiser])
    base = f"/events/{event.slug}/manage"

    client.submit(f"{base}/rooms", {"room-name": "Room I", "room-name__fr": "Salle I", "room-add_room": "1"})
    client.submit(f"{base}/rooms", {"track-name": "Governance", "track-name__fr": "", "track-add_track": "1"})
    taken = client.submit(f"{base}/rooms", {"room-name": "Room II", "room-name__fr": "salle i", "room-add_room": "1"})
    assert taken.status_code == 400
    assert "This event already has a room with this name in French." in page_text(taken.get_data(as_text=True))
    db.session.expire_all()
    room, track = event.rooms[0], event.tracks[0]
    assert [r.name for r in event.rooms] == ["Room I"] and translated(room, "name", "fr") == "Salle I"
    assert translated(track, "name", "fr").language == "en"  # not written: French readers get English

    response = client.submit(f"{base}/sessions/new", {
        "title": "Opening", "title__fr": "Ouverture", "description": "Welcome.", "description__fr": "",
        "session_type": "plenary", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-27T11:00",
        "room": str(room.id), "track": str(track.id)}, form_url=f"{base}/sessions/new", follow_redirects=True)
    assert "Not written in French yet: Description." in page_text(response.get_data(as_text=True))
    session = db.session.scalar(select(Session))
    assert translated(session, "title", "fr") == "Ouverture"
    form = client.get(f"{base}/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'name="title__fr"' in form and "Ouverture" in form
    edit = client.get(f"{base}/rooms/{room.id}").get_data(as_text=True)
    assert "Salle I" in edit


def _forum_in_two_languages(make_event, make_session):
    from datetime import datetime
    event = make_event(title="Cultural policies forum", slug="forum-2027", summary="Three days.",
                       languages=["en", "fr"])
    set_translations(event, "title", {"fr": "Forum des politiques culturelles"})
    set_translations(event, "summary", {"fr": "Trois jours."})
    room = Room(name="Room I", translations={"fr": {"name": "Salle I"}})
    event.rooms.append(room)
    db.session.commit()
    session = make_session(event, datetime(2027, 3, 27, 10, 0), room=room, title="Opening",
                           description="Welcome.")
    set_translations(session, "title", {"fr": "Ouverture"})
    db.session.commit()
    return event


def test_the_all_events_feed_is_in_the_visitors_language_with_its_own_etag(client, make_event, make_session):
    _forum_in_two_languages(make_event, make_session)

    french = client.get("/events/calendar.ics", headers={"Accept-Language": "fr"})
    english = client.get("/events/calendar.ics", headers={"Accept-Language": "en"})

    assert "SUMMARY;LANGUAGE=fr:Forum des politiques culturelles" in french.get_data(as_text=True)
    assert "Trois jours." in french.get_data(as_text=True)
    assert "SUMMARY;LANGUAGE=en:Cultural policies forum" in english.get_data(as_text=True)
    assert french.headers["ETag"] != english.headers["ETag"]
    programme = client.get("/events/forum-2027/calendar.ics", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "SUMMARY;LANGUAGE=fr:Ouverture" in programme and "LOCATION:Salle I" in programme


def test_the_api_answers_in_the_requested_language_and_says_which(client, make_event, make_session):
    _forum_in_two_languages(make_event, make_session)

    french = client.get("/api/v1/events/forum-2027", headers={"Accept-Language": "fr"})
    english = client.get("/api/v1/events/forum-2027", headers={"Accept-Language": "en"})

    answer = french.get_json()
    assert answer["title"] == "Forum des politiques culturelles" and answer["language"]["title"] == "fr"
    assert answer["description"] == "" and answer["language"]["description"] == "en"  # written in no language
    assert answer["rooms"][0] == {"id": answer["rooms"][0]["id"], "name": "Salle I", "language": {"name": "fr"},
                                  "capacity": None}
    session = answer["sessions"][0]
    assert (session["title"], session["room"]) == ("Ouverture", "Salle I")
    assert (session["description"], session["language"]["description"]) == ("Welcome.", "en")
    assert english.get_json()["title"] == "Cultural policies forum"
    assert english.get_json()["language"]["title"] == "en"
    assert french.headers["ETag"] != english.headers["ETag"]
    again = client.get("/api/v1/events/forum-2027", headers={"Accept-Language": "fr",
                                                             "If-None-Match": french.headers["ETag"]})
    assert again.status_code == 304
    listed = client.get("/api/v1/events", headers={"Accept-Language": "fr"}).get_json()["events"][0]
    assert listed["title"] == "Forum des politiques culturelles"


def test_the_api_gives_every_language_on_request(client, make_event, make_session):
    _forum_in_two_languages(make_event, make_session)

    response = client.get("/api/v1/events/forum-2027?translations=all")
    answer = response.get_json()

    assert answer["title"] == {"en": "Cultural policies forum", "fr": "Forum des politiques culturelles"}
    assert answer["description"] == {} and "language" not in answer
    assert answer["sessions"][0]["title"] == {"en": "Opening", "fr": "Ouverture"}
    assert answer["sessions"][0]["room"] == {"en": "Room I", "fr": "Salle I"}
    assert response.headers["ETag"] != client.get("/api/v1/events/forum-2027").headers["ETag"]
    bad = client.get("/api/v1/events/forum-2027?translations=some")
    assert bad.status_code == 400 and "translations" in bad.get_json()["fields"]
    assert client.get("/api/v1/events?translations=all").get_json()["events"][0]["title"]["fr"] == \
        "Forum des politiques culturelles"


def test_a_language_the_event_does_not_have_gets_the_first_language_marked(app, client, make_event):
    event = make_event(title="Cultural policies forum", languages=["en", "fr"])
    set_translations(event, "title", {"fr": "Forum des politiques culturelles"})
    db.session.commit()
    app.config["LANGUAGES"] = app.config["LANGUAGES"] | {"es": "Español"}

    spanish = client.get(f"/events/{event.slug}/", headers={"Accept-Language": "es"}).get_data(as_text=True)

    assert '<html lang="es"' in spanish
    assert '<h1><span lang="en">Cultural policies forum</span></h1>' in spanish


def test_a_right_to_left_title_on_a_left_to_right_page_and_back(app, client, make_event):
    arabic_only = make_event(title="حوار السياسات الثقافية", languages=["ar", "fr"])
    french_only = make_event(title="Dialogue", languages=["fr", "ar"])
    app.config["LANGUAGES"] = app.config["LANGUAGES"] | {"ar": "العربية"}

    english_page = client.get(f"/events/{arabic_only.slug}/", headers={"Accept-Language": "en"})
    assert '<h1><span lang="ar" dir="rtl">حوار السياسات الثقافية</span></h1>' in english_page.get_data(as_text=True)
    arabic_page = client.get(f"/events/{french_only.slug}/", headers={"Accept-Language": "ar"})
    assert '<h1><span lang="fr" dir="ltr">Dialogue</span></h1>' in arabic_page.get_data(as_text=True)
    api = client.get(f"/api/v1/events/{french_only.slug}", headers={"Accept-Language": "en"}).get_json()
    assert api["language"]["title"] == "fr"


def test_the_public_list_finds_an_event_by_its_title_in_any_language(client, make_event):
    event = make_event(title="Cultural policies forum", languages=["en", "fr", "ar"])
    set_translations(event, "title", {"fr": "Forum des politiques culturelles", "ar": "منتدى السياسات الثقافية"})
    db.session.commit()
    make_event(title="Another gathering")

    for words in ("politiques culturelles", "منتدى السياسات"):
        page = client.get("/events/", query_string={"q": words}).get_data(as_text=True)
        assert f"/events/{event.slug}/" in page, words
        assert "Another gathering" not in page, words


def test_the_rooms_page_keeps_the_ids_of_its_two_forms_apart(client, make_user, make_event, login):
    import re
    organiser = _organiser(make_user, login)
    event = make_event(title="Forum", languages=["en", "fr"], team=[organiser])
    page = client.get(f"/events/{event.slug}/manage/rooms").get_data(as_text=True)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert "room-language-fr" in ids and "track-language-fr" in ids
    assert len(ids) == len(set(ids))


def test_an_english_session_on_an_arabic_page(app, client, make_event, make_session):
    """Its description is marked English (it read ".Speakers share…" right to left), a speaker's bio, in no
    known language, takes its own direction, and its time is joined as Arabic writes it ("2027، 10:00")."""
    from datetime import datetime

    from events.models import Speaker

    event = make_event(title="Forum", languages=["en", "fr"])
    speaker = Speaker(event=event, name="Amina Diallo", bio="Amina Diallo works at UNESCO.")
    db.session.add(speaker)
    session = make_session(event, datetime(2027, 3, 27, 10, 0), title="Opening", description="Welcome.",
                           speakers=[speaker])
    page = client.get(f"/events/{event.slug}/sessions/{session.id}?lang=ar").get_data(as_text=True)

    assert '<section class="prose" lang="en" dir="ltr"><p>Welcome.</p>' in page
    assert '<p dir="auto">Amina Diallo works at UNESCO.</p>' in page
    assert "2027, " not in page and "2027، " in page


def test_a_session_description_in_another_language_is_marked_with_it(client, make_event, make_session):
    from datetime import datetime

    event = make_event(title="Cultural policies forum", languages=["en", "fr"])
    session = make_session(event, datetime(2027, 3, 28, 10), title="Opening", description="Welcome **words**.")
    set_translations(session, "title", {"fr": "Ouverture"})
    db.session.commit()

    french = client.get(f"/events/{event.slug}/sessions/{session.id}",
                        headers={"Accept-Language": "fr"}).get_data(as_text=True)

    assert '<section class="prose" lang="en">' in french  # read in English on a French page: said so


def test_making_another_language_first_keeps_every_sessions_rooms_and_tracks_text_in_its_language(
        client, make_user, make_event, make_session, login):
    from datetime import datetime

    from events.models import Track

    organiser = _organiser(make_user, login)
    event = make_event(title="Forum", summary="About", languages=["en", "fr"], team=[organiser])
    room = Room(event=event, name="Main hall", translations={"fr": {"name": "Grande salle"}})
    track = Track(event=event, name="Film", translations={})
    db.session.add_all([room, track])
    db.session.commit()
    session = make_session(event, datetime(2027, 3, 28, 10), title="Opening", room=room, track=track,
                           translations={"fr": {"title": "Ouverture"}})
    url = f"/events/{event.slug}/manage/edit"
    saved = client.submit(url, FORUM | {"title": "Forum", "summary": "About", "description": "", "slug": event.slug,
                                        "working_languages": ["en", "fr"], "first_language": "fr",
                                        "title__fr": "Le Forum", "summary__fr": "À propos"})
    assert saved.status_code == 302
    db.session.expire_all()

    assert translations_of(session, "title") == {"fr": "Ouverture", "en": "Opening"}
    assert translations_of(room, "name") == {"fr": "Grande salle", "en": "Main hall"}
    assert (translated(track, "name", "en"), translated(track, "name", "en").language) == ("Film", "en")
    page = f"/events/{event.slug}/sessions/{session.id}"
    english = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Opening" in english and 'lang="fr">Opening' not in english
    assert "Ouverture" in client.get(page, headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_making_another_language_first_moves_the_questions_notice_survey_and_pitches_too(
        client, make_user, make_event, login):
    from outcomes.models import SurveyQuestion
    from outcomes.surveys import survey_of
    from registration.models import RegistrationQuestion, RegistrationSettings
    from tests.showcase.fair import beneficiary_booth

    organiser = _organiser(make_user, login)
    event = make_event(title="Forum", summary="About", languages=["en", "fr"], team=[organiser])
    settings = RegistrationSettings(event_id=event.id, is_open=True, closes_at=event.starts_at,
                                    privacy_notice="We keep it.", translations={"fr": {"privacy_notice": "Gardé."}})
    question = RegistrationQuestion(event_id=event.id, kind="single", label="Sector", options=["Music", "Film"],
                                    translations={"fr": {"label": "Secteur", "options": ["Musique", "Cinéma"]}})
    survey_question = SurveyQuestion(survey=survey_of(event, "feedback", create=True), kind="text", label="Ideas?",
                                     position=20, translations={"fr": {"label": "Des idées ?"}})
    db.session.add_all([settings, question, survey_question])
    db.session.commit()
    _owner, booth = beneficiary_booth(make_user, event)
    booth.pitch = booth.approved_pitch = "We make films."
    booth.translations = {"fr": {"pitch": "Nous faisons des films.", "approved_pitch": "Nous faisons des films."}}
    db.session.commit()

    saved = client.submit(f"/events/{event.slug}/manage/edit",
                          FORUM | {"title": "Forum", "summary": "About", "description": "", "slug": event.slug,
                                   "working_languages": ["en", "fr"], "first_language": "fr",
                                   "title__fr": "Le Forum", "summary__fr": "À propos"})
    assert saved.status_code == 302
    db.session.expire_all()

    assert translations_of(settings, "privacy_notice") == {"fr": "Gardé.", "en": "We keep it."}
    assert translations_of(question, "label") == {"fr": "Secteur", "en": "Sector"}
    # Options stay as they are: answers are stored by the first language's option, position by position.
    assert question.options == ["Music", "Film"]
    assert translations_of(survey_question, "label") == {"fr": "Des idées ?", "en": "Ideas?"}
    assert translations_of(booth, "approved_pitch") == {"fr": "Nous faisons des films.", "en": "We make films."}


def test_an_event_without_working_languages_is_edited_as_written_in_the_sites_language(
        client, make_user, make_event, login):
    import re

    organiser = _organiser(make_user, login)
    event = make_event(title="Forum", summary="About", team=[organiser])
    event.working_languages = []  # older rows: the texts read as the site's default language (English)
    db.session.commit()

    form = client.get(f"/events/{event.slug}/manage/edit", headers={"Accept-Language": "fr"}).get_data(as_text=True)

    # The organiser's page is French, but the texts in the form's first fields are English, and say so.
    first = re.search(r'<select[^>]*name="first_language".*?</select>', form, re.S).group(0)
    assert re.search(r'<option selected value="en">', first), first
    assert 'name="title__fr"' not in form


def test_a_language_no_longer_worked_in_is_not_searched(client, make_event):
    event = make_event(title="Cultural policies forum", languages=["en", "fr"])
    set_translations(event, "title", {"fr": "Forum des politiques culturelles"})
    db.session.commit()
    event.working_languages = ["en"]  # nobody reads the French title any more
    db.session.commit()

    page = client.get("/events/", query_string={"q": "politiques culturelles"}).get_data(as_text=True)

    assert f"/events/{event.slug}/" not in page


def test_each_language_version_is_typed_in_its_own_direction_on_the_page(client, make_user, make_event, login):
    # The form macro gave every text box dir="auto", which overrode the Arabic version's dir="rtl".
    import re

    organiser = _organiser(make_user, login)
    event = make_event(title="Dialogue", languages=["fr", "ar"], team=[organiser])
    page = client.get(f"/events/{event.slug}/manage/edit").get_data(as_text=True)

    arabic = re.search(r'<input[^>]*name="title__ar"[^>]*>', page).group(0)
    french = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    assert 'dir="rtl"' in arabic and 'lang="ar"' in arabic
    assert 'dir="ltr"' in french and 'lang="fr"' in french
