"""Other systems read events as JSON; calendar apps poll feeds (and get 304 when nothing changed)."""
from datetime import datetime

import vobject

from core.extensions import db
from events.models import Room, Speaker


def test_api_lists_public_events_with_filters_and_pages(client, make_event):
    make_event(title="Paris forum", country="FR")
    make_event(title="Dakar workshop", kind="workshop", country="SN")
    make_event(title="Draft", status="draft")
    make_event(title="Private", visibility="private")

    everything = client.get("/api/v1/events").get_json()
    africa = client.get("/api/v1/events?region=africa").get_json()
    paged = client.get("/api/v1/events?per_page=1").get_json()

    assert sorted(event["title"] for event in everything["events"]) == ["Dakar workshop", "Paris forum"]
    assert [event["title"] for event in africa["events"]] == ["Dakar workshop"]
    assert paged["total"] == 2 and paged["pages"] == 2 and "page=2" in paged["next"]
    event = everything["events"][0]
    assert event["local_starts_at"].endswith("+01:00") and event["starts_at"].endswith("+00:00")
    assert event["calendar_url"].endswith(f"/events/{event['slug']}/calendar.ics")


def test_api_event_has_its_programme(client, make_event, make_session):
    event = make_event(slug="forum-2027")
    room, speaker = Room(name="Room I"), Speaker(name="طارق حداد", affiliation="Amman Design Week", country="JO")
    event.rooms, event.speakers = [room], [speaker]
    db.session.commit()
    make_session(event, datetime(2027, 3, 29, 9, 30), room=room, speakers=[speaker], title="Design and policy")

    response = client.get("/api/v1/events/forum-2027")

    data = response.get_json()
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    session = data["sessions"][0]
    assert session["title"] == "Design and policy" and session["room"] == "Room I"
    assert session["local_starts_at"] == "2027-03-29T09:30:00+02:00"  # summer time by then
    assert session["speakers"] == [{"id": speaker.id, "name": "طارق حداد", "affiliation": "Amman Design Week",
                                    "country": "JO", "role": "speaker"}]


def test_api_errors_are_json_and_hide_drafts(client, make_event):
    make_event(slug="secret", status="draft")

    assert client.get("/api/v1/events/secret").status_code == 404
    assert client.get("/api/v1/events/secret").get_json() == {"error": "Page not found"}
    bad = client.get("/api/v1/events?start=soon&kind=party")
    assert bad.status_code == 400
    assert set(bad.get_json()["fields"]) == {"start", "kind"}


def test_unchanged_feed_answers_304_and_a_change_gives_a_new_version(client, make_event, make_session, login):
    event = make_event()
    session = make_session(event, datetime(2027, 3, 28, 10))
    url = f"/events/{event.slug}/calendar.ics"

    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304

    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/sessions/{session.id}/cancel", form_url=f"/events/{event.slug}/manage")

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    assert "STATUS:CANCELLED" in again.get_data(as_text=True)


def test_all_events_feed_follows_the_filters_and_leaves_out_drafts(client, make_event):
    make_event(title="Forum in Paris", country="FR")
    make_event(title="Fair in Dakar", kind="knowledge_fair", country="SN")
    make_event(title="Draft plans", status="draft")

    everything = vobject.readOne(client.get("/events/calendar.ics").get_data(as_text=True))
    fairs = vobject.readOne(client.get("/events/calendar.ics?kind=knowledge_fair").get_data(as_text=True))

    assert sorted(v.summary.value for v in everything.vevent_list) == ["Fair in Dakar", "Forum in Paris"]
    assert [v.summary.value for v in fairs.vevent_list] == ["Fair in Dakar"]


def test_pages_offer_webcal_google_and_outlook_subscriptions(client, make_event):
    event = make_event(slug="forum-2027")

    page = client.get("/events/forum-2027/").get_data(as_text=True)
    listing = client.get("/events/?kind=conference").get_data(as_text=True)

    assert 'href="webcal://localhost/events/forum-2027/calendar.ics"' in page
    assert "calendar.google.com/calendar/render?cid=webcal" in page
    assert "outlook.live.com/calendar/0/addfromweb" in page
    assert "webcal://localhost/events/calendar.ics?kind=conference" in listing
    assert event.uid  # the feed's UID is the stored one (see test_ical)


def test_programme_pdf_is_served(client, make_event, make_session):
    event = make_event(title="Forum PDF")
    make_session(event, datetime(2027, 3, 28, 10), title="Printed session")

    response = client.get(f"/events/{event.slug}/programme.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert client.get(f"/events/{event.slug}/programme.pdf",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_programme_pdf_is_built_once_per_version_and_rebuilt_after_a_change(client, make_event, make_session,
                                                                            monkeypatch, login):
    import events.views

    event = make_event()
    session = make_session(event, datetime(2027, 3, 28, 10), title="First title")
    builds = []
    real = events.views.programme_pdf
    monkeypatch.setattr(events.views, "programme_pdf", lambda *args: builds.append(1) or real(*args))

    first = client.get(f"/events/{event.slug}/programme.pdf").data
    second = client.get(f"/events/{event.slug}/programme.pdf").data
    login(event.team[0].user)
    client.submit(f"/events/{event.slug}/manage/sessions/{session.id}/cancel", form_url=f"/events/{event.slug}/manage")
    third = client.get(f"/events/{event.slug}/programme.pdf").data

    assert first == second and third != first
    assert len(builds) == 2


def test_add_to_google_repeats_a_community_of_practice(client, make_event):
    event = make_event(kind="community_of_practice", start=datetime(2027, 1, 12, 14), end=datetime(2027, 1, 12, 15),
                       details={"policy_area": "Statistics", "frequency": "MONTHLY", "interval": 1, "count": 6})

    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)

    assert "recur=RRULE%3AFREQ%3DMONTHLY%3BINTERVAL%3D1%3BCOUNT%3D6" in page


def test_the_all_events_feed_says_filtered_only_when_it_is(client, make_event):
    make_event(title="Forum in Paris")

    everything = vobject.readOne(client.get("/events/calendar.ics").get_data(as_text=True))
    fairs = vobject.readOne(client.get("/events/calendar.ics?kind=knowledge_fair").get_data(as_text=True))

    assert everything.x_wr_calname.value == "Convene events"
    assert fairs.x_wr_calname.value == "Convene events (filtered)"


def _vary(response) -> set[str]:
    return {value.strip().lower() for value in response.headers.get("Vary", "").split(",") if value.strip()}


def test_a_feed_has_one_version_per_language_and_says_what_it_varies_on(app, client, make_event):
    make_event(title="Forum in Paris")
    url = "/events/calendar.ics"

    english = client.get(url, headers={"Accept-Language": "en"})
    french = client.get(url, headers={"Accept-Language": "fr"})
    # A French reader holding the English copy is not told it is current.
    french_again = client.get(url, headers={"Accept-Language": "fr", "If-None-Match": english.headers["ETag"]})
    cookie_reader = app.test_client()
    cookie_reader.post("/language", data={"locale": "fr"})
    by_cookie = cookie_reader.get(url, headers={"If-None-Match": english.headers["ETag"]})

    assert "X-WR-CALNAME:Convene events" in english.get_data(as_text=True)
    assert "X-WR-CALNAME:Événements Convene" in french.get_data(as_text=True)
    assert english.headers["ETag"] != french.headers["ETag"]
    assert french_again.status_code == 200 and "Événements Convene" in french_again.get_data(as_text=True)
    assert by_cookie.status_code == 200 and by_cookie.headers["ETag"] == french.headers["ETag"]
    assert client.get(url, headers={"Accept-Language": "fr", "If-None-Match": french.headers["ETag"]}).status_code \
        == 304
    for response in (english, french, by_cookie):
        assert {"accept-language", "cookie"} <= _vary(response)


def test_every_feed_and_the_printed_programme_name_the_language_they_vary_on(client, make_event, make_session):
    event = make_event()
    session = make_session(event, datetime(2027, 3, 28, 10))

    for url in (f"/events/{event.slug}/calendar.ics", f"/events/{event.slug}/sessions/{session.id}/calendar.ics",
                f"/events/{event.slug}/programme.pdf", f"/events/{event.slug}/", "/events/"):
        english = client.get(url, headers={"Accept-Language": "en"})
        french = client.get(url, headers={"Accept-Language": "fr", "If-None-Match": english.headers.get("ETag", "x")})
        assert french.status_code == 200, url
        assert {"accept-language", "cookie"} <= _vary(english), url


def test_the_json_api_says_it_varies_by_language(client, make_event):
    make_event(slug="forum-2027", kind="workshop")

    english = client.get("/api/v1/events/forum-2027", headers={"Accept-Language": "en"})
    french = client.get("/api/v1/events/forum-2027", headers={"Accept-Language": "fr"})
    listing = client.get("/api/v1/events", headers={"Accept-Language": "fr"})

    assert english.get_json()["kind_label"] == "Workshop" and french.get_json()["kind_label"] == "Atelier"
    for response in (english, french, listing):
        assert {"accept-language", "cookie"} <= _vary(response)


def test_a_draft_seen_by_its_organiser_is_never_cached_as_public(client, make_event, make_session, login):
    event = make_event(status="draft")
    session = make_session(event, datetime(2027, 3, 28, 10))
    login(event.team[0].user)

    for url in (f"/events/{event.slug}/calendar.ics", f"/events/{event.slug}/sessions/{session.id}/calendar.ics",
                f"/events/{event.slug}/programme.pdf"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]



def test_past_the_last_page_previous_leads_to_the_last_page(client, make_event, make_user, login):
    # ?page=999 of 2 pages offered "previous: page 998", as empty as 999; so did the pages' pager.
    from urllib.parse import parse_qs, urlsplit

    from core.extensions import db
    from core.mail import OutboxMessage

    for number in range(3):
        make_event(title=f"Forum {number}")
    for number in range(60):
        db.session.add(OutboxMessage(recipient=f"p{number}@example.org", subject="Hello", body_text="…"))
    db.session.commit()

    beyond = client.get("/api/v1/events?per_page=2&page=999").get_json()
    first = client.get("/api/v1/events?per_page=2").get_json()

    assert beyond["events"] == [] and beyond["next"] is None
    assert parse_qs(urlsplit(beyond["prev"]).query) == {"per_page": ["2"], "page": ["2"]}
    assert first["prev"] is None
    login(make_user(roles=("administrator",)))
    assert 'rel="prev" href="/admin/mail?page=2"' in client.get("/admin/mail?page=999").get_data(as_text=True)
