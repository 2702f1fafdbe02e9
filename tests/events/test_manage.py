"""What an organiser does: create, edit, publish, cancel, build the programme, team, copies."""
from datetime import datetime

from sqlalchemy import func, select
import vobject

from core.extensions import db
from events.models import Event, Room, Session, Speaker
from tests.conftest import page_text

FORUM = {"title": "Forum on Cultural Policies", "slug": "", "summary": "Three days of exchange.",
         "description": "Plenaries and **panels**.", "timezone": "Europe/Paris",
         "starts_at": "2027-03-27T09:00", "ends_at": "2027-03-29T18:00", "venue_name": "UNESCO Headquarters",
         "venue_address": "7 place de Fontenoy, Paris", "country": "FR", "online_url": "",
         "working_languages": ["en", "fr"], "goals": ["governance"], "sdgs": ["16"], "visibility": "public"}


def event_count():
    return db.session.scalar(select(func.count()).select_from(Event))


def parse_feed(response):
    return vobject.readOne(response.get_data(as_text=True))


def vevents(calendar):
    return [component for component in calendar.components() if component.name == "VEVENT"]


def test_organiser_creates_a_draft_then_publishes_it(client, make_user, login):
    organiser = make_user(roles=("organiser", "participant"))
    login(organiser)

    response = client.submit("/events/new/conference", FORUM)

    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert event.slug == "forum-on-cultural-policies-2027" and event.status == "draft"
    assert event.starts_at.isoformat() == "2027-03-27T08:00:00+00:00"  # 09:00 in Paris in winter time
    assert event.ends_at.isoformat() == "2027-03-29T16:00:00+00:00"  # 18:00 in Paris in summer time
    assert event.region == "europe_north_america" and event.goal_keys == ["governance"] and event.sdg_numbers == [16]
    assert [member.user_id for member in event.team] == [organiser.id]
    assert "Forum on Cultural Policies" not in client.get("/events/").get_data(as_text=True)

    client.submit(f"/events/{event.slug}/manage/status", {"action": "publish"}, form_url=f"/events/{event.slug}/manage")

    assert "Forum on Cultural Policies" in client.get("/events/").get_data(as_text=True)


def test_bad_event_input_is_explained_and_nothing_is_saved(client, make_user, make_event, login):
    make_event(slug="taken-address")
    login(make_user(roles=("organiser",)))
    cases = [
        ({"ends_at": "2027-03-26T09:00"}, "The end must be after the start."),
        ({"timezone": "Mars/Olympus_Mons"}, "Choose one of the options in the list."),
        ({"slug": "taken-address"}, "Another event already uses this address."),
        ({"slug": "Not a slug!"}, "Use lower-case letters, digits and hyphens only"),
        ({"slug": "new"}, "This address is reserved."),
        ({"starts_at": "2027-03-28T02:30"}, "This time does not exist in Europe/Paris"),
        ({"starts_at": "yesterday"}, "Enter a date and a time, like 2027-03-27 09:30."),
        ({"venue_name": "", "online_url": ""}, "Give the venue: people come in person."),
        ({"online_url": "javascript:alert(1)"}, "Enter a web address starting with https://."),
        ({"title": ""}, "Give the event a title."),
        ({"title": "x" * 201}, "At most 200 characters."),
        ({"sdgs": ["99"]}, "Choose one of the options in the list."),
    ]
    before = event_count()
    for change, message in cases:
        response = client.submit("/events/new/conference", FORUM | change)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, change
        assert message in page, change
        assert "Three days of exchange." in page  # what was typed is kept
        assert event_count() == before


def test_kind_details_are_asked_for_and_required(client, make_user, login):
    login(make_user(roles=("organiser",)))

    missing = client.submit("/events/new/deep_dive", FORUM)
    assert missing.status_code == 400
    assert "Host country" in missing.get_data(as_text=True)

    response = client.submit("/events/new/deep_dive", FORUM | {
        "timezone": "Africa/Nairobi", "detail_host_country": "KE", "detail_co_host": "Kenya Copyright Board",
        "detail_participating_countries": ["UG", "TZ"]})
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert event.details == {"host_country": "KE", "co_host": "Kenya Copyright Board",
                             "participating_countries": ["UG", "TZ"]}
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    # States go by their United Nations names (core.un_members).
    assert "Kenya Copyright Board" in page and "Uganda and United Republic of Tanzania" in page


def test_community_of_practice_repeats_in_the_calendar(client, make_user, login):
    login(make_user(roles=("organiser",)))
    client.submit("/events/new/community_of_practice", FORUM | {
        "starts_at": "2027-01-12T14:00", "ends_at": "2027-01-12T15:30", "venue_name": "",
        "online_url": "https://meet.example.org/cop", "detail_policy_area": "Statistics",
        "detail_frequency": "MONTHLY", "detail_interval": "1", "detail_count": "6"})
    event = db.session.scalar(select(Event))
    client.submit(f"/events/{event.slug}/manage/status", {"action": "publish"}, form_url=f"/events/{event.slug}/manage")

    calendar = parse_feed(client.get(f"/events/{event.slug}/calendar.ics"))

    meetings = list(vevents(calendar)[0].getrruleset())
    assert len(meetings) == 6
    assert {meeting.hour for meeting in meetings} == {14}  # 14:00 in Paris before and after the March change
    assert "6 meetings" in client.get(f"/events/{event.slug}/").get_data(as_text=True)


def test_editing_an_event_raises_its_sequence_and_cancelling_reaches_the_feed(client, make_event, login):
    event = make_event()
    login(event.team[0].user)
    first = vevents(parse_feed(client.get("/events/calendar.ics")))[0]

    form = client.get(f"/events/{event.slug}/manage/edit").get_data(as_text=True)
    assert 'value="2027-03-27T09:00"' in form
    client.submit(f"/events/{event.slug}/manage/edit", FORUM | {"slug": event.slug, "venue_name": "Room XII"})
    second = vevents(parse_feed(client.get("/events/calendar.ics")))[0]
    client.submit(f"/events/{event.slug}/manage/status", {"action": "cancel"}, form_url=f"/events/{event.slug}/manage")
    third = vevents(parse_feed(client.get("/events/calendar.ics")))[0]

    assert first.uid.value == second.uid.value == third.uid.value
    assert int(first.sequence.value) < int(second.sequence.value) < int(third.sequence.value)
    assert "Room XII" in second.location.value
    assert third.status.value == "CANCELLED"
    assert "This event is cancelled." in client.get(f"/events/{event.slug}/").get_data(as_text=True)


def session_form(**changes):
    return {"title": "Panel on data", "session_type": "panel", "starts_at": "2027-03-28T10:00",
            "ends_at": "2027-03-28T11:00", "room": "None", "track": "None", "description": ""} | changes


def test_sessions_are_added_and_clashes_are_warned_about(client, make_event, login):
    event = make_event()
    room = Room(name="Room II", position=0)
    speaker = Speaker(name="Олена Коваленко")
    event.rooms, event.speakers = [room], [speaker]
    db.session.commit()
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/sessions/new"

    first = client.submit(url, session_form(room=str(room.id), speakers=[str(speaker.id)]), follow_redirects=True)
    assert "is saved" in first.get_data(as_text=True) and "Check:" not in first.get_data(as_text=True)
    second = client.submit(url, session_form(title="Clashing talk", starts_at="2027-03-28T10:30",
                                             ends_at="2027-03-28T11:30", room=str(room.id),
                                             speakers=[str(speaker.id)]), follow_redirects=True)

    page = page_text(second.get_data(as_text=True))
    assert "Room II is also booked for “Panel on data” at this time." in page
    assert "Олена Коваленко is also in “Panel on data” at this time." in page
    assert db.session.scalar(select(func.count()).select_from(Session)) == 2  # a warning, not a refusal
    programme = page_text(client.get(f"/events/{event.slug}/manage/programme").get_data(as_text=True))
    assert "2 sessions need checking" in programme


def test_bad_session_input_is_explained(client, make_event, login):
    event = make_event()
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/sessions/new"
    cases = [
        ({"starts_at": "2027-04-02T10:00", "ends_at": "2027-04-02T11:00"}, "The session must be within the event"),
        ({"ends_at": "2027-03-28T09:00"}, "The end must be after the start."),
        ({"room": "12345"}, "Choose one of the options in the list."),
        ({"room": "abc"}, "Choose one of the options in the list."),
        ({"title": ""}, "Give the session a title."),
    ]
    for change, message in cases:
        response = client.submit(url, session_form(**change))
        assert response.status_code == 400, change
        assert message in response.get_data(as_text=True), change
    assert db.session.scalar(select(func.count()).select_from(Session)) == 0


def test_a_time_the_clocks_show_twice_is_asked_about_and_the_chosen_one_is_stored(client, make_event, login):
    # The clocks go back in Paris at 03:00 on 31 October 2027: 02:30 happens at 00:30 and at 01:30 UTC.
    event = make_event(start=datetime(2027, 10, 30, 9), end=datetime(2027, 11, 1, 18))
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/sessions/new"
    night = session_form(title="Night watch", starts_at="2027-10-31T02:30", ends_at="2027-10-31T04:00")

    asked = client.submit(url, night)

    page = page_text(asked.get_data(as_text=True))
    assert asked.status_code == 400
    assert ("02:30 happens twice that night: before the clocks go back (CEST, UTC+2) or after (CET, UTC+1)? "
            "Choose one under the time.") in page
    assert "Before the clocks go back (CEST, UTC+2)" in page and "After the clocks go back (CET, UTC+1)" in page
    assert 'value="2027-10-31T02:30"' in asked.get_data(as_text=True) and "Night watch" in asked.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Session)) == 0

    assert client.submit(url, night | {"starts_at-fold": "1"}).status_code == 302
    session = db.session.scalar(select(Session))
    assert session.starts_at.isoformat() == "2027-10-31T01:30:00+00:00"  # the second 02:30, in winter time
    assert session.ends_at.isoformat() == "2027-10-31T03:00:00+00:00"

    # Shown again with the choice made, and saved unchanged it stays the second 02:30.
    edit_url = f"/events/{event.slug}/manage/sessions/{session.id}/edit"
    form = client.get(edit_url).get_data(as_text=True)
    assert 'name="starts_at-fold" id="starts_at-fold-1" value="1" checked' in form
    assert client.submit(edit_url, night | {"title": "Night watch II", "starts_at-fold": "1"}).status_code == 302
    db.session.refresh(session)
    assert session.title == "Night watch II" and session.starts_at.isoformat() == "2027-10-31T01:30:00+00:00"
    assert client.submit(edit_url, night | {"starts_at-fold": "0"}).status_code == 302
    db.session.refresh(session)
    assert session.starts_at.isoformat() == "2027-10-31T00:30:00+00:00"


def test_a_time_the_clocks_skip_says_which_hour_they_skip(client, make_event, login):
    event = make_event()
    login(event.team[0].user)

    refused = client.submit(f"/events/{event.slug}/manage/sessions/new", session_form(starts_at="2027-03-28T02:30"))

    assert refused.status_code == 400
    assert ("This time does not exist in Europe/Paris: that night the clocks go forward from 02:00 to 03:00."
            in page_text(refused.get_data(as_text=True)))
    assert db.session.scalar(select(func.count()).select_from(Session)) == 0


def test_changed_and_cancelled_sessions_reach_subscribed_calendars(client, make_event, make_session, login):
    event = make_event()
    session = make_session(event, datetime(2027, 3, 28, 10), title="Opening")
    login(event.team[0].user)
    feed = f"/events/{event.slug}/calendar.ics"
    before = vevents(parse_feed(client.get(feed)))[0]

    client.submit(f"/events/{event.slug}/manage/sessions/{session.id}/edit",
                  session_form(title="Opening plenary", starts_at="2027-03-28T11:00", ends_at="2027-03-28T12:00"))
    moved = vevents(parse_feed(client.get(feed)))[0]
    client.submit(f"/events/{event.slug}/manage/sessions/{session.id}/cancel", form_url=f"/events/{event.slug}/manage")
    cancelled = vevents(parse_feed(client.get(feed)))[0]

    assert before.uid.value == moved.uid.value == cancelled.uid.value
    assert int(before.sequence.value) < int(moved.sequence.value) < int(cancelled.sequence.value)
    assert moved.summary.value == "Opening plenary" and moved.dtstart.value.hour == 11
    assert cancelled.status.value == "CANCELLED"

    # A published event's session is never deleted: calendars would not learn it is gone.
    client.submit(f"/events/{event.slug}/manage/sessions/{session.id}/delete", form_url=f"/events/{event.slug}/manage")
    assert db.session.get(Session, session.id) is not None


def test_sessions_of_a_never_published_draft_can_be_deleted(client, make_event, make_session, login):
    event = make_event(status="draft")
    session = make_session(event, datetime(2027, 3, 28, 10))
    login(event.team[0].user)

    client.submit(f"/events/{event.slug}/manage/sessions/{session.id}/delete", form_url=f"/events/{event.slug}/manage")

    assert db.session.scalar(select(func.count()).select_from(Session)) == 0


def test_team_members_manage_and_others_cannot(client, make_event, make_user, login):
    event = make_event()
    colleague = make_user(email="colleague@example.org", roles=("participant",))
    outsider = make_user(roles=("organiser",))
    login(event.team[0].user)

    unknown = client.submit(f"/events/{event.slug}/manage/team", {"email": "ghost@example.org"})
    assert "No Convene account uses this address." in unknown.get_data(as_text=True)
    client.submit(f"/events/{event.slug}/manage/team", {"email": "Colleague@example.org"})
    client.submit(f"/events/{event.slug}/manage/team/{event.team[0].user_id}/remove",
                  form_url=f"/events/{event.slug}/manage/team")
    client.submit("/account/logout", form_url="/")

    login(colleague)
    assert client.get(f"/events/{event.slug}/manage/edit").status_code == 200
    last = client.submit(f"/events/{event.slug}/manage/team/{colleague.id}/remove",
                         form_url=f"/events/{event.slug}/manage/team", follow_redirects=True)
    assert "An event needs at least one organiser." in last.get_data(as_text=True)
    client.submit("/account/logout", form_url="/")

    login(outsider)
    assert client.get(f"/events/{event.slug}/manage/edit").status_code == 403
    assert client.post(f"/events/{event.slug}/manage/status", data={"action": "cancel"}).status_code in (400, 403)
    assert db.session.get(Event, event.id).status == "published"


def test_participants_cannot_create_events(client, make_user, login):
    login(make_user(roles=("participant",)))

    assert client.get("/events/new").status_code == 403
    assert client.post("/events/new/conference", data=FORUM).status_code in (400, 403)
    assert event_count() == 0


def test_duplicating_last_years_event_keeps_local_times_across_daylight_saving(client, make_event, make_session,
                                                                                 login):
    # 2026-10-24 is summer time in Paris; a year later, 2027-10-30 falls after the October change.
    event = make_event(title="Autumn forum", start=datetime(2026, 10, 24, 9), end=datetime(2026, 10, 25, 17),
                       slug="autumn-forum-2026")
    room = Room(name="Room I", position=0)
    event.rooms = [room]
    db.session.commit()
    make_session(event, datetime(2026, 10, 24, 9, 30), room=room, title="Kept session")
    make_session(event, datetime(2026, 10, 25, 9, 30), title="Cancelled session", status="cancelled")
    login(event.team[0].user)

    response = client.submit(f"/events/{event.slug}/manage/duplicate",
                             {"title": "Autumn forum 2027", "slug": "autumn-forum-2027", "first_day": "2027-10-30"})

    assert response.status_code == 302
    copy = db.session.scalar(select(Event).where(Event.slug == "autumn-forum-2027"))
    assert copy.status == "draft" and copy.uid != event.uid
    assert [s.title for s in copy.sessions] == ["Kept session"]
    local = copy.sessions[0].starts_at.astimezone(copy.zone)
    assert (local.date().isoformat(), local.hour, local.minute) == ("2027-10-30", 9, 30)
    assert copy.sessions[0].room.name == "Room I" and copy.sessions[0].room.event_id == copy.id
    assert copy.sessions[0].uid != event.sessions[0].uid


def test_speakers_rooms_and_tracks_are_managed_and_another_events_are_out_of_reach(client, make_event, login):
    event, other = make_event(), make_event()
    foreign = Speaker(name="Not yours")
    other.speakers = [foreign]
    other.rooms = [Room(name="Their room")]
    db.session.commit()
    login(event.team[0].user)
    base = f"/events/{event.slug}/manage"

    added = client.submit(f"{base}/speakers", {"name": "Mele Tupou", "affiliation": "Pacific Arts Alliance",
                                               "country": "TO", "bio": ""}, follow_redirects=True)
    assert "Mele Tupou is added." in added.get_data(as_text=True)
    speaker = db.session.scalar(select(Speaker).where(Speaker.event_id == event.id))
    client.submit(f"{base}/speakers/{speaker.id}", {"name": "Mele Tupou", "affiliation": "Pacific Arts Alliance",
                                                    "country": "FJ", "bio": "Curator."})
    db.session.expire_all()
    assert db.session.get(Speaker, speaker.id).country == "FJ"
    empty = client.submit(f"{base}/speakers", {"name": "  "})
    assert empty.status_code == 400 and "Give the person's name." in empty.get_data(as_text=True)

    client.submit(f"{base}/rooms", {"room-name": "Room II", "room-capacity": "300", "room-add_room": "1"})
    again = client.submit(f"{base}/rooms", {"room-name": "room ii", "room-add_room": "1"})
    assert "This event already has a room with this name." in again.get_data(as_text=True)
    bad_seats = client.submit(f"{base}/rooms", {"room-name": "Room III", "room-capacity": "-4", "room-add_room": "1"})
    assert bad_seats.status_code == 400 and "Give a whole number from 1 to 100000." in bad_seats.get_data(as_text=True)
    client.submit(f"{base}/rooms", {"track-name": "Artistic freedom", "track-add_track": "1"})
    db.session.expire_all()
    assert [room.name for room in db.session.get(Event, event.id).rooms] == ["Room II"]
    assert [track.name for track in db.session.get(Event, event.id).tracks] == ["Artistic freedom"]

    # Ids of another event's rows answer 404, and change nothing there.
    assert client.get(f"{base}/speakers/{foreign.id}").status_code == 404
    assert client.submit(f"{base}/speakers/{foreign.id}/delete", form_url=base).status_code == 404
    assert client.submit(f"{base}/rooms/{other.rooms[0].id}/delete", form_url=base).status_code == 404
    assert db.session.get(Speaker, foreign.id) is not None


def test_a_published_event_keeps_its_address(client, make_event, login):
    event = make_event(slug="forum-2027")
    login(event.team[0].user)

    response = client.submit("/events/forum-2027/manage/edit", FORUM | {"slug": "forum-renamed"})

    assert response.status_code == 400
    assert "A published event keeps its address" in response.get_data(as_text=True)
    assert client.get("/events/forum-2027/calendar.ics").status_code == 200


def test_a_published_event_is_cancelled_not_hidden(client, make_event, login):
    event = make_event(slug="forum-2027")
    login(event.team[0].user)

    back = client.submit("/events/forum-2027/manage/status", {"action": "unpublish"},
                         form_url="/events/forum-2027/manage", follow_redirects=True)
    private = client.submit("/events/forum-2027/manage/edit", FORUM | {"slug": "forum-2027", "visibility": "private"})

    assert "cannot go back to draft" in back.get_data(as_text=True)
    assert private.status_code == 400 and "cannot become private" in private.get_data(as_text=True)
    assert db.session.get(Event, event.id).status == "published"
    assert client.get("/events/forum-2027/calendar.ics").status_code == 200


def test_years_far_off_are_refused_everywhere(client, make_event, login):
    event = make_event()
    login(event.team[0].user)

    for url, data in [("/events/new/conference", FORUM | {"starts_at": "0001-01-01T00:30"}),
                      ("/events/new/conference", FORUM | {"ends_at": "9999-12-31T20:00"}),
                      (f"/events/{event.slug}/manage/sessions/new", session_form(starts_at="0001-01-01T00:00")),
                      (f"/events/{event.slug}/manage/duplicate", {"title": "Copy", "slug": "copy-9999",
                                                                  "first_day": "9999-12-30"})]:
        response = client.submit(url, data)
        assert response.status_code == 400, url
        assert "Enter a year between 1970 and 2200." in response.get_data(as_text=True), url
    for url in ("/events/?end=9999-12-31", "/api/v1/events?start=0001-01-01", "/events/calendar.ics?end=9999-12-31"):
        assert client.get(url).status_code == 400, url


def test_changing_the_time_zone_keeps_sessions_on_the_programme_times(client, make_event, make_session, login):
    event = make_event(slug="forum-2027")
    session = make_session(event, datetime(2027, 3, 28, 9, 30))
    login(event.team[0].user)

    client.submit("/events/forum-2027/manage/edit", FORUM | {"slug": "forum-2027", "timezone": "America/New_York"})

    db.session.expire_all()
    moved = db.session.get(Session, session.id)
    local = moved.starts_at.astimezone(moved.event.zone)
    assert (local.hour, local.minute) == (9, 30) and moved.sequence == 1
    assert str(moved.event.zone) == "America/New_York"


def test_renaming_a_speaker_reaches_calendars(client, make_event, make_session, login):
    event = make_event(slug="forum-2027")
    speaker = Speaker(name="Old name")
    event.speakers = [speaker]
    db.session.commit()
    make_session(event, datetime(2027, 3, 28, 10), speakers=[speaker])
    login(event.team[0].user)
    before = vevents(parse_feed(client.get("/events/forum-2027/calendar.ics")))[0]

    client.submit(f"/events/forum-2027/manage/speakers/{speaker.id}", {"name": "New name", "country": ""})

    after = vevents(parse_feed(client.get("/events/forum-2027/calendar.ics")))[0]
    assert "New name" in after.description.value
    assert int(after.sequence.value) > int(before.sequence.value)


def test_copy_rolls_the_year_forward_and_co_organisers_find_their_events(client, make_event, make_user, login):
    event = make_event(title="Review Conf 2027", slug="review-conf-2027")
    colleague = make_user(email="colleague@example.org", roles=("participant",))
    login(event.team[0].user)

    form = client.get("/events/review-conf-2027/manage/duplicate").get_data(as_text=True)
    assert 'value="Review Conf 2028"' in form and 'value="review-conf-2028"' in form
    client.submit("/events/review-conf-2027/manage/team", {"email": "colleague@example.org"})
    client.submit("/account/logout", form_url="/")

    login(colleague)
    mine = client.get("/events/manage")
    assert mine.status_code == 200 and "Review Conf 2027" in mine.get_data(as_text=True)
    assert "Create an event" not in mine.get_data(as_text=True)
    assert 'href="/events/manage"' in client.get("/").get_data(as_text=True)


def test_one_clear_message_per_mistake_in_kind_details_and_links(client, make_user, login):
    login(make_user(roles=("organiser",)))

    response = client.submit("/events/new/community_of_practice", FORUM | {
        "detail_policy_area": "Statistics", "detail_frequency": "MONTHLY", "detail_count": "abc",
        "online_url": "ftp://files.example.org"})

    page = response.get_data(as_text=True)
    assert page.count("Give a whole number from 1 to 200.") == 2  # on the field and in the summary
    assert page.count("Enter a web address starting with https://.") == 2
    assert "This field is required." not in page


def test_slugs_from_titles_keep_words_apart(client, make_user, login):
    login(make_user(roles=("organiser",)))

    client.submit("/events/new/dialogue", FORUM | {"title": "Dakar–Montréal dialogue"})

    assert db.session.scalar(select(Event.slug)) == "dakar-montreal-dialogue-2027"


def test_printed_programme_of_a_cancelled_event_says_so(client, make_event, make_session):
    import subprocess

    event = make_event(status="cancelled")
    make_session(event, datetime(2027, 3, 28, 10))

    pdf = client.get(f"/events/{event.slug}/programme.pdf").data
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()

    assert "This event is cancelled." in text


def test_removing_a_room_or_track_keeps_its_sessions_and_tells_calendars(client, make_event, make_session, login):
    from events.models import Track

    event = make_event()
    room, track = Room(name="Room II"), Track(name="Governance")
    event.rooms, event.tracks = [room], [track]
    db.session.commit()
    session = make_session(event, datetime(2027, 3, 28, 10), room=room, track=track)
    login(event.team[0].user)
    base = f"/events/{event.slug}/manage"

    client.submit(f"{base}/rooms/{room.id}/delete", form_url=base)
    client.submit(f"{base}/tracks/{track.id}/delete", form_url=base)

    db.session.expire_all()
    kept = db.session.get(Session, session.id)
    assert kept.room is None and kept.track is None and kept.sequence == 2


def _registering_event(make_event, capacity, mode="open", **fields):
    from datetime import timedelta

    from core.models import utcnow
    from registration.models import RegistrationSettings

    event = make_event(**fields)
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity, offer_hours=48, mode=mode,
                                        closes_at=utcnow() + timedelta(days=30)))
    db.session.commit()
    return event


def _register(event, person):
    from registration import services

    return services.register(event, person, {"full_name": person.full_name, "organisation": "Org",
                                             "stakeholder_group": "media", "country": "KE"})


def _figures(page: str) -> dict:
    """{label: (value as read, link or None)} of the overview's figures."""
    import re

    return {label.strip(): (" ".join(value.split()), link or None) for link, value, label in re.findall(
        r'<li[^>]*>(?:<a href="([^"]*)">|<div>)\s*<span class="figure-value">(.*?)</span>\s*'
        r'<span class="figure-label">(.*?)</span>', page.replace("&amp;", "&"), re.S)}


def test_the_overview_shows_the_registration_figures_each_linking_to_its_page(client, make_event, make_user, login):
    from core.mail import OutboxMessage
    from registration import services

    event = _registering_event(make_event, capacity=2)
    people = [make_user() for _ in range(4)]
    registrations = [_register(event, person) for person in people]
    services.cancel(registrations[0], people[0])  # the first waiting is offered the freed place
    db.session.add(OutboxMessage(recipient=people[1].email, subject="Your registration", body_text="…",
                                 status="failed"))
    db.session.add(OutboxMessage(recipient="someone.else@example.org", subject="Other", body_text="…",
                                 status="failed"))
    db.session.commit()
    login(event.team[0].user)

    page = client.get(f"/events/{event.slug}/manage").get_data(as_text=True)
    figures = _figures(page)
    assert figures["Places taken"] == ("2 of 2", f"/events/{event.slug}/manage/participants?status=confirmed")
    assert figures["On the waiting list"] == ("1", f"/events/{event.slug}/manage/participants?status=waitlisted")
    assert figures["Places offered, waiting for an answer"] == (
        "1", f"/events/{event.slug}/manage/participants?status=offered")
    assert figures["Checked in today"] == ("0", f"/events/{event.slug}/manage/checkin")
    assert figures["E-mails to participants that failed"] == ("1", None)  # the mail log is the administrators'
    assert "Waiting for approval" not in figures  # an open event approves nobody
    text = page_text(page)
    assert "Badges are not printed yet (1 person confirmed)." in text


def test_the_overview_lists_what_is_left_to_do(client, make_event, make_user, login):
    event = _registering_event(make_event, capacity=10, mode="approval", status="draft")
    for _ in range(3):
        _register(event, make_user())
    login(event.team[0].user)

    page = client.get(f"/events/{event.slug}/manage").get_data(as_text=True)
    assert _figures(page)["Waiting for approval"] == ("3", f"/events/{event.slug}/manage/participants?status=pending")
    text = page_text(page)
    assert "To do" in text
    assert "The event is still a draft: publish it when its details are right." in text
    assert "Decide on 3 registrations waiting for approval." in text
    assert "The programme is empty: add its sessions." in text
    assert f'href="/events/{event.slug}/manage/participants?status=pending">Decide on 3' in page

    over = _registering_event(make_event, capacity=10, start=datetime(2026, 5, 12, 9), end=datetime(2026, 5, 13, 17),
                              team=[event.team[0].user])
    text = page_text(client.get(f"/events/{over.slug}/manage").get_data(as_text=True))
    assert "The event is over and its feedback survey is not turned on" in text
    assert "Registration is not set up" in page_text(client.get(
        f"/events/{make_event(team=[event.team[0].user]).slug}/manage").get_data(as_text=True))


def test_a_fairs_overview_counts_the_booths_waiting_for_review(client, make_event, make_user, login):
    from tests.showcase.fair import beneficiary_booth, make_fair

    fair = make_fair(make_event)
    beneficiary_booth(make_user, fair, status="submitted")
    beneficiary_booth(make_user, fair, email="other@hub.example.org", name="Lima Sound Lab")
    login(fair.team[0].user)

    page = client.get(f"/events/{fair.slug}/manage").get_data(as_text=True)
    assert _figures(page)["Booths waiting for review"] == ("1", f"/events/{fair.slug}/fair/moderation")
    assert "Review 1 booth waiting for approval." in page_text(page)
    # Events that are not fairs have no booths to count.
    assert "Booths waiting for review" not in client.get(
        f"/events/{make_event(team=[fair.team[0].user]).slug}/manage").get_data(as_text=True)


def test_query_count_of_the_overview_does_not_grow_with_the_registrations(client, make_event, make_user, login,
                                                                          count_queries):
    team = [make_user(roles=("organiser",))]
    login(team[0])

    def queries_with(registrations: int) -> int:
        event = _registering_event(make_event, capacity=registrations // 2, mode="open", team=team)
        for _ in range(registrations):
            _register(event, make_user())
        client.get(f"/events/{event.slug}/manage")
        with count_queries() as counter:
            assert client.get(f"/events/{event.slug}/manage").status_code == 200
        return counter.count

    assert queries_with(4) == queries_with(30)


def test_rooms_and_tracks_are_renamed_with_the_same_checks_and_calendars_follow(client, make_event, make_session,
                                                                                login):
    from events.models import Track

    event = make_event()
    other = make_event()
    event.rooms = [Room(name="Room II", capacity=300, position=0), Room(name="Room IV", position=1)]
    event.tracks = [Track(name="Policy")]
    other.rooms = [Room(name="Their room")]
    db.session.commit()
    session = make_session(event, datetime(2027, 3, 27, 11), room=event.rooms[0])
    sequence = session.sequence
    login(event.team[0].user)
    base = f"/events/{event.slug}/manage"
    assert f'href="{base}/rooms/{event.rooms[0].id}"' in client.get(f"{base}/rooms").get_data(as_text=True)

    for data, message in [({"room-name": "room iv", "room-capacity": "10"},
                           "This event already has a room with this name."),
                          ({"room-name": "", "room-capacity": "10"}, "Give the room a name."),
                          ({"room-name": "Salle II", "room-capacity": "0"}, "from 1 to 100000")]:
        answer = client.submit(f"{base}/rooms/{event.rooms[0].id}", data)
        assert answer.status_code == 400 and message in page_text(answer.get_data(as_text=True)), data
    client.submit(f"{base}/rooms/{event.rooms[0].id}", {"room-name": "Salle II", "room-capacity": "250"})
    client.submit(f"{base}/tracks/{event.tracks[0].id}", {"track-name": "Governance"})
    db.session.expire_all()
    assert (event.rooms[0].name, event.rooms[0].capacity, event.tracks[0].name) == ("Salle II", 250, "Governance")
    assert db.session.get(Session, session.id).sequence == sequence + 1  # its calendar entry names the room
    assert "Salle II" in parse_feed(client.get(f"/events/{event.slug}/calendar.ics")).vevent.location.value
    # Another event's room is not reached through this one's address.
    assert client.submit(f"{base}/rooms/{other.rooms[0].id}", {"room-name": "Mine"}).status_code == 404
    db.session.expire_all()
    assert other.rooms[0].name == "Their room"
