"""What a visitor sees: the list and its filters, an event, its programme, a session."""
from datetime import UTC, datetime

import pytest

from core.extensions import db
from events.models import EventGoal, EventSdg, Room, Speaker, Track
from tests.conftest import page_text


def titles(page: str, names) -> list[str]:
    return [name for name in names if name in page]


def test_list_shows_published_public_events_only(client, make_event):
    make_event(title="Published forum")
    make_event(title="Draft forum", status="draft")
    make_event(title="Private forum", visibility="private")
    make_event(title="Unlisted forum", visibility="unlisted")
    make_event(title="Cancelled forum", status="cancelled")
    make_event(title="Past forum", start=datetime(2020, 1, 10, 9), end=datetime(2020, 1, 11, 17))

    page = client.get("/events/").get_data(as_text=True)

    names = ["Published forum", "Draft forum", "Private forum", "Unlisted forum", "Cancelled forum", "Past forum"]
    assert titles(page, names) == ["Published forum", "Cancelled forum"]
    assert "Past forum" in client.get("/events/?past=y").get_data(as_text=True)


def test_list_filters_by_kind_region_country_goal_sdg_text_and_dates(client, make_event):
    fair = make_event(kind="knowledge_fair", title="Fair in Dakar", country="SN",
                      start=datetime(2027, 6, 1, 9), end=datetime(2027, 6, 2, 17), summary="Booths of music projects")
    fair.goals = [EventGoal(goal="mobility")]
    fair.sdgs = [EventSdg(sdg=8)]
    make_event(kind="conference", title="Forum in Paris", country="FR", start=datetime(2027, 3, 27, 9))
    make_event(kind="workshop", title="Workshop in Amman", country="JO", start=datetime(2027, 9, 1, 9))
    db.session.commit()
    names = ["Fair in Dakar", "Forum in Paris", "Workshop in Amman"]

    def shown(query):
        return titles(client.get(f"/events/?{query}").get_data(as_text=True), names)

    assert shown("kind=knowledge_fair") == ["Fair in Dakar"]
    assert shown("region=arab_states") == ["Workshop in Amman"]
    assert shown("country=FR") == ["Forum in Paris"]
    assert shown("goal=mobility") == ["Fair in Dakar"]
    assert shown("sdg=8") == ["Fair in Dakar"]
    assert shown("q=MUSIC") == ["Fair in Dakar"]
    assert shown("start=2027-05-01&end=2027-08-31") == ["Fair in Dakar"]
    assert shown("region=africa&kind=conference") == []


def test_bad_filters_say_so_and_keep_what_was_typed(client, make_event):
    response = client.get("/events/?start=31/02/2027&country=ZZ&q=forum")

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose one of the options in the list." in page
    assert "Enter a date, like 2027-03-27." in page
    assert 'value="forum"' in page
    assert client.get("/events/calendar.ics?start=nonsense").status_code == 400


def test_event_page_shows_times_on_the_venues_clocks_across_daylight_saving(client, make_event, make_session):
    event = make_event(start=datetime(2027, 3, 27, 9), end=datetime(2027, 3, 29, 18))
    make_session(event, datetime(2027, 3, 27, 9, 30), title="Before the change")
    make_session(event, datetime(2027, 3, 29, 9, 30), title="After the change")

    page = page_text(client.get(f"/events/{event.slug}/").get_data(as_text=True)).replace("\u202f", " ")

    assert page.count("09:30–10:30") == 2
    assert "Saturday, 27 March 2027" in page and "Monday, 29 March 2027" in page
    assert "Europe/Paris" in page


def test_event_page_in_french(client, make_event, make_session):
    event = make_event(start=datetime(2027, 3, 27, 9), end=datetime(2027, 3, 29, 18))
    make_session(event, datetime(2027, 3, 29, 14, 0))

    page = page_text(client.get(f"/events/{event.slug}/", headers={"Accept-Language": "fr"}).get_data(as_text=True))

    assert "lundi 29 mars 2027" in page
    assert "14:00–15:00" in page


def test_drafts_and_private_events_are_404_to_outsiders_and_previewed_by_their_team(client, make_event, make_user,
                                                                                     login):
    draft = make_event(status="draft", title="Secret plans")
    private = make_event(visibility="private", title="Closed meeting")
    unlisted = make_event(visibility="unlisted", title="By invitation")

    for event in (draft, private):
        for path in ("/", "/programme", "/calendar.ics", "/programme.pdf", "/manage"):
            assert client.get(f"/events/{event.slug}{path}").status_code == 404, path
    assert client.get(f"/events/{unlisted.slug}/").status_code == 200

    login(make_user(roles=("organiser",)))  # an organiser, but not of this event
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    assert client.get(f"/events/{unlisted.slug}/manage").status_code == 403

    client.submit("/account/logout", form_url="/")
    login(draft.team[0].user)
    page = client.get(f"/events/{draft.slug}/").get_data(as_text=True)
    assert "Preview: this draft is visible only to its organisers." in page


def test_description_markdown_cannot_inject_script(client, make_event):
    event = make_event(description="**Hello** <script>alert('x')</script> [click](javascript:alert(1)) "
                                   "<img src=x onerror=alert(1)>")

    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)

    assert "<strong>Hello</strong>" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    assert "<img src=x" not in page


def test_programme_by_day_room_and_track(client, make_event, make_session):
    event = make_event()
    main, side = Room(name="Main hall", position=0), Room(name="Side room", position=1)
    track = Track(name="Artistic freedom")
    event.rooms, event.tracks = [main, side], [track]
    db.session.commit()
    make_session(event, datetime(2027, 3, 27, 10), room=side, title="Side talk")
    make_session(event, datetime(2027, 3, 27, 10), room=main, track=track, title="Main talk")

    by_room = client.get(f"/events/{event.slug}/programme?view=room").get_data(as_text=True)
    by_track = client.get(f"/events/{event.slug}/programme?view=track").get_data(as_text=True)

    assert by_room.index("Main hall") < by_room.index("Main talk") < by_room.index("Side room") < \
        by_room.index("Side talk")
    assert by_track.index("Artistic freedom") < by_track.index("Main talk") < by_track.index("Other sessions") < \
        by_track.index("Side talk")


def test_session_page_and_a_session_of_another_event(client, make_event, make_session):
    event, other = make_event(), make_event()
    speaker = Speaker(event=event, name="李静", affiliation="Communication University of China", country="CN")
    db.session.add(speaker)
    session = make_session(event, datetime(2027, 3, 28, 15), speakers=[speaker], title="Data for policy")

    page = client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True)
    assert "Data for policy" in page and "李静" in page and "China" in page
    assert "calendar.google.com" in page and "outlook.live.com" in page
    assert client.get(f"/events/{other.slug}/sessions/{session.id}").status_code == 404
    assert client.get(f"/events/{event.slug}/sessions/99999").status_code == 404


@pytest.mark.parametrize("path", ["/", "/programme", "/programme?view=room", "/programme?view=track",
                                  "/calendar.ics"])
def test_query_count_does_not_grow_with_the_programme(client, make_event, make_session, count_queries, path):
    def queries_for(sessions: int) -> int:
        event = make_event()
        rooms = [Room(name=f"Room {n}", position=n) for n in range(4)]
        speakers = [Speaker(name=f"Speaker {n}") for n in range(6)]
        event.rooms, event.speakers, event.tracks = rooms, speakers, [Track(name="Track")]
        db.session.commit()
        for n in range(sessions):
            make_session(event, datetime(2027, 3, 27 + n % 3, 9 + n % 8), room=rooms[n % 4],
                         track=event.tracks[0], speakers=speakers[n % 5:n % 5 + 2], title=f"Session {n}")
        client.get(f"/events/{event.slug}{path}")  # warm up the session cookie and caches
        with count_queries() as counter:
            assert client.get(f"/events/{event.slug}{path}").status_code == 200
        return counter.count

    assert queries_for(5) == queries_for(60)


@pytest.mark.parametrize("path", ["/events/", "/events/calendar.ics", "/api/v1/events"])
def test_query_count_of_lists_does_not_grow_with_the_number_of_events(client, make_event, make_user, count_queries,
                                                                      path):
    team = [make_user(roles=("organiser",))]

    def queries_with(events: int) -> int:
        for _ in range(events):
            event = make_event(team=team, country="FR")
            event.speakers = [Speaker(name="Someone")]
            event.goals = [EventGoal(goal="rights")]
        db.session.commit()
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    assert queries_with(2) == queries_with(15)


def test_session_links_in_feeds_are_the_session_pages(app, make_event, make_session):
    from core.urls import external_url
    from events.links import page_link

    event = make_event(slug="forum")
    session = make_session(event, datetime(2027, 3, 28, 10))

    with app.test_request_context("/"):
        assert page_link(session) == external_url("events.show_session", slug="forum", session_id=session.id)
        assert page_link(event) == external_url("events.show_event", slug="forum")


def test_remembered_public_pages_follow_changes_and_never_mix_visitors(app, client, make_event, make_session, login):
    event = make_event(title="First title")
    make_session(event, datetime(2027, 3, 28, 10), title="Opening")
    url = f"/events/{event.slug}/"
    visitor = app.test_client()

    assert "First title" in visitor.get(url).get_data(as_text=True)
    login(event.team[0].user)
    organiser_page = client.get(url).get_data(as_text=True)
    assert "Manage this event" in organiser_page  # not the page remembered for visitors
    client.submit(f"/events/{event.slug}/manage/edit", {
        "title": "Second title", "slug": event.slug, "timezone": "Europe/Paris", "starts_at": "2027-03-27T09:00",
        "ends_at": "2027-03-29T18:00", "venue_name": "UNESCO", "visibility": "public", "country": ""})

    page = visitor.get(url).get_data(as_text=True)
    assert "Second title" in page and "First title" not in page
    assert "Manage this event" not in page and "csrf_token" not in page
    assert "Programme" in visitor.get(url, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="fr"' in visitor.get(url, headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_visitors_change_their_language_without_a_token_but_logged_in_people_need_one(client, make_user, login):
    assert client.post("/language", data={"locale": "fr", "next": "/events/"}).status_code == 302
    assert 'lang="fr"' in client.get("/events/").get_data(as_text=True)

    login(make_user())
    assert client.post("/language", data={"locale": "en"}).status_code == 400


def test_a_page_remembered_while_public_is_not_sent_once_the_event_is_hidden(app, make_event, make_session):
    event = make_event(title="Soon hidden")
    make_session(event, datetime(2027, 3, 28, 10))
    visitor = app.test_client()
    for path in ("/", "/programme"):
        assert visitor.get(f"/events/{event.slug}{path}").status_code == 200

    # Organisers cannot hide a published event (see test_manage), but the page memory must not rely on it.
    event.visibility = "private"
    db.session.commit()

    for path in ("/", "/programme"):
        assert visitor.get(f"/events/{event.slug}{path}").status_code == 404


def test_search_ignores_accents_and_case_and_reads_the_venue(client, make_event):
    make_event(title="Expert visit in Bogotá", venue_address="Carrera 8, Bogotá")
    make_event(title="Deep dive on music", venue_name="Kenya National Theatre", venue_address="Nairobi")
    make_event(title="100% culture")

    def shown(q):
        page = client.get("/events/", query_string={"q": q}).get_data(as_text=True)
        return [title for title in ("Expert visit in Bogotá", "Deep dive on music", "100% culture") if title in page]

    assert shown("BOGOTA") == ["Expert visit in Bogotá"]
    assert shown("nairobi") == ["Deep dive on music"]
    assert shown("100%") == ["100% culture"]
    assert shown("%") == ["100% culture"]
    assert shown("music kenya") == ["Deep dive on music"]


def test_feeds_say_their_charset_once_and_hidden_pages_ask_not_to_be_indexed(client, make_event):
    listed, unlisted = make_event(), make_event(visibility="unlisted")

    assert client.get(f"/events/{listed.slug}/calendar.ics").headers["Content-Type"] == \
        "text/calendar; charset=utf-8"
    assert 'name="robots" content="noindex"' in client.get(f"/events/{unlisted.slug}/").get_data(as_text=True)
    assert 'name="robots"' not in client.get(f"/events/{listed.slug}/").get_data(as_text=True)


def test_programme_by_track_says_which_day(client, make_event, make_session):
    event = make_event()
    event.tracks = [Track(name="Governance")]
    db.session.commit()
    make_session(event, datetime(2027, 3, 27, 11), track=event.tracks[0])
    make_session(event, datetime(2027, 3, 29, 11), track=event.tracks[0])

    page = page_text(client.get(f"/events/{event.slug}/programme?view=track").get_data(as_text=True))

    assert "Sat 27 Mar" in page and "Mon 29 Mar" in page


def test_a_forged_host_does_not_reach_other_visitors(app, make_event):
    event = make_event()
    visitor = app.test_client()

    visitor.get(f"/events/{event.slug}/", headers={"Host": "evil.example"})
    page = visitor.get(f"/events/{event.slug}/").get_data(as_text=True)

    assert "evil.example" not in page


def _taking_registrations(make_event, capacity, **settings):
    from datetime import timedelta

    from core.models import utcnow
    from registration.models import RegistrationSettings

    event = make_event(**settings.pop("event", {}))
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity, offer_hours=48,
                                        closes_at=utcnow() + timedelta(days=30), **settings))
    db.session.commit()
    return event


def _sign_up(event, person):
    from registration import services

    return services.register(event, person, {"full_name": person.full_name, "organisation": "Org",
                                             "stakeholder_group": "media", "country": "SN"}).status


def test_a_full_event_says_so_and_that_registering_means_the_waiting_list(client, make_event, make_user):
    event = _taking_registrations(make_event, capacity=2, event={"title": "Dakar workshop"})
    other = _taking_registrations(make_event, capacity=50, event={"title": "Open forum"})
    assert [_sign_up(event, make_user()) for _ in range(2)] == ["confirmed", "confirmed"]

    page = page_text(client.get(f"/events/{event.slug}/").get_data(as_text=True))
    assert "Full: all places are taken." in page and "waiting list" in page
    assert "Join the waiting list" in page and "Register " not in page
    listing = page_text(client.get("/events/").get_data(as_text=True))
    assert "Dakar workshop" in listing and listing.count("Full") == 1
    assert "Full" not in page_text(client.get(f"/events/{other.slug}/").get_data(as_text=True))
    # Without the organisers' choice, no count of places is shown.
    assert "places left" not in listing


def test_places_left_are_shown_when_the_organisers_choose_and_follow_each_registration(client, make_event, make_user):
    event = _taking_registrations(make_event, capacity=3, show_places_left=True)
    assert "3 places left." in page_text(client.get(f"/events/{event.slug}/").get_data(as_text=True))
    assert "3 places left." in page_text(client.get("/events/").get_data(as_text=True))

    _sign_up(event, make_user())
    _sign_up(event, make_user())
    # The pages remembered for visitors are renewed by the registrations, not only by the event's changes.
    assert "1 place left." in page_text(client.get(f"/events/{event.slug}/").get_data(as_text=True))
    assert "1 place left." in page_text(client.get("/events/").get_data(as_text=True))
    _sign_up(event, make_user())
    page = page_text(client.get(f"/events/{event.slug}/").get_data(as_text=True))
    assert "Full: all places are taken." in page and "place left" not in page


def test_the_organiser_chooses_to_show_places_left(client, make_event, login):
    from registration.models import RegistrationSettings

    event = _taking_registrations(make_event, capacity=20)
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/registration"
    assert "Show how many places are left" in client.get(url).get_data(as_text=True)
    client.submit(url, {"is_open": "y", "mode": "open", "capacity": "20", "offer_hours": "48",
                        "show_places_left": "y"})
    db.session.expire_all()
    assert db.session.get(RegistrationSettings, event.id).show_places_left
    assert "20 places left." in page_text(client.get(f"/events/{event.slug}/").get_data(as_text=True))


def test_query_count_of_the_list_does_not_grow_with_events_taking_registrations(client, make_event, make_user,
                                                                                count_queries):
    team = [make_user(roles=("organiser",))]

    def queries_with(events: int) -> int:
        for number in range(events):
            event = _taking_registrations(make_event, capacity=1, show_places_left=bool(number % 2),
                                          event={"team": team})
            _sign_up(event, make_user())
        with count_queries() as counter:
            assert client.get("/events/?kind=conference").status_code == 200
        return counter.count

    assert queries_with(2) == queries_with(12)


def test_a_full_session_says_so_in_the_programme_and_on_its_page(client, make_event, make_session, make_user):
    from registration import services
    from registration.models import SessionPlaces

    event = _taking_registrations(make_event, capacity=50)
    small = make_session(event, datetime(2027, 3, 27, 11), title="Designing cultural statistics")
    large = make_session(event, datetime(2027, 3, 27, 14), title="Fair trade in cultural goods")
    db.session.add_all([SessionPlaces(session_id=small.id, event_id=event.id, capacity=1),
                        SessionPlaces(session_id=large.id, event_id=event.id, capacity=40)])
    db.session.commit()
    person = make_user()
    services.register(event, person, {"full_name": person.full_name, "organisation": "Org",
                                      "stakeholder_group": "media", "country": "SN"}, {small.id})

    for path in ("/", "/programme"):
        page = page_text(client.get(f"/events/{event.slug}{path}").get_data(as_text=True))
        assert page.count("Full Choosing it when you register puts you on its waiting list.") == 1, path
    page = page_text(client.get(f"/events/{event.slug}/sessions/{small.id}").get_data(as_text=True))
    assert "Full Choosing it when you register puts you on its waiting list." in page
    assert "Full" not in page_text(client.get(f"/events/{event.slug}/sessions/{large.id}").get_data(as_text=True))
    services.save_settings(event, {"show_places_left": True})
    assert "40 seats left." in page_text(client.get(f"/events/{event.slug}/sessions/{large.id}").get_data(as_text=True))


@pytest.mark.parametrize("language, expected", [("en", "18 Nov 2026, 17:00"), ("fr", "18 nov. 2026, 17:00")])
def test_short_times_keep_the_month_in_words(app, make_event, language, expected):
    # English's short style was all digits ("11/18/26, 5:00 PM"): 11/12/26 is two different days on either
    # side of the Atlantic. Survey e-mails, meeting messages and lead lists use it.
    from flask_babel import force_locale

    from events.formatting import local_datetime

    event = make_event(zone="Asia/Bangkok")
    with app.test_request_context(), force_locale(language):
        assert local_datetime(datetime(2026, 11, 18, 10, 0, tzinfo=UTC), event, "short") == expected
