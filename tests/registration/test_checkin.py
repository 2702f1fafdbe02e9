"""The check-in API and desk: every scan gets one definite answer, and no code can be forged."""
from datetime import datetime
import json
from zoneinfo import ZoneInfo
import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from registration import checkin, codes, desk_access, organising
from registration.codes import badge_code
from registration.models import PENDING, WAITLISTED, CheckIn, CheckinStaff, PracticeScan, SessionPlaces
from tests.conftest import page_text
from tests.registration.onsite import api, confirmed, on_day, under_way


@pytest.fixture
def desk(client, make_user, make_event, login):
    """An event under way (today is its first day), a member of its check-in staff logged in, and one
    confirmed participant."""
    event = under_way(make_event)
    staff = make_user(full_name="Desk Person", roles=("checkin_staff", "participant"))
    desk_access.add_staff(event, staff)
    login(staff)
    person = confirmed(event, make_user(full_name="Aminata Diallo"), organisation="Arts Council Senegal")
    return event, staff, person


def scan(client, event, code, **extra):
    response = api(client, {"event": event.slug, "code": code, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def standing(registration):
    return db.session.scalars(select(CheckIn).where(CheckIn.registration_id == registration.id,
                                                    CheckIn.undone_at.is_(None))).all()


def test_a_scan_checks_the_person_in_and_a_second_scan_says_when_and_by_whom(client, desk):
    event, staff, person = desk

    first = scan(client, event, badge_code(person))
    again = scan(client, event, badge_code(person))

    assert first["result"] == "ok" and first["label"] == "Checked in"
    assert first["registration"]["name"] == "Aminata Diallo"
    assert first["registration"]["organisation"] == "Arts Council Senegal"
    assert first["registration"]["category_label"] == "Government agency or body"
    today = on_day(0).date().isoformat()
    assert first["counts"] == {"checked_in": 1, "expected": 1, "day": today, "is_event_day": True,
                               "is_practice": False}
    assert again["result"] == "already"
    assert again["checkin"]["id"] == first["checkin"]["id"] and again["checkin"]["by"] == "Desk Person"
    assert again["counts"]["checked_in"] == 1
    [record] = standing(person)  # the double scan recorded nothing more
    assert record.by_user_id == staff.id and record.day.isoformat() == today


def test_a_code_typed_in_lower_case_with_spaces_is_read(client, desk):
    event, staff, person = desk

    assert scan(client, event, f"  {badge_code(person).lower()}\n")["result"] == "ok"


def test_changing_any_single_character_of_a_code_makes_it_invalid(client, desk):
    event, staff, person = desk
    code = badge_code(person)

    for position, char in enumerate(code):
        for replacement in {"A", "7", "-"} - {char}:
            altered = code[:position] + replacement + code[position + 1:]
            answer = scan(client, event, altered)
            assert answer["result"] == "invalid", altered
            assert answer["registration"] is None
    assert standing(person) == []


def test_a_forged_signature_is_told_apart_from_an_unreadable_code(client, desk):
    event, staff, person = desk
    # Well formed, pointing at a real registration, but not signed with the server's key.
    forged = f"CV1-{event.id}-{person.id}-1-AAAAAAAAAAAAAAAA"

    answer = scan(client, event, forged)

    assert answer["result"] == "invalid" and "altered" in answer["reason"]
    assert "not a Convene badge code" in scan(client, event, "hello world")["reason"]


@pytest.mark.parametrize("text", ["", " ", "CV1-1-2-1", "CV1-1-2-1-ABC", "x" * 5000, "CV1-0-0-0-AAAAAAAAAAAAAAAA",
                                  "CV1-99999999999-1-1-AAAAAAAAAAAAAAAA", "\x00\x01", "ÉÀ-漢字"])
def test_truncated_random_and_strange_codes_are_invalid(client, desk, text):
    event, staff, person = desk

    answer = scan(client, event, text)

    assert answer["result"] == "invalid" and answer["reason"]


def test_a_request_without_a_code_is_answered_in_json(client, desk):
    event, staff, person = desk

    for body in ({"event": event.slug}, {"event": event.slug, "code": 12}, {"event": event.slug, "code": None}):
        response = api(client, body)
        assert response.status_code == 400 and "code" in response.get_json()["error"]
    not_json = client.post("/api/v1/checkin", data="code=x", headers={"X-CSRFToken": client.csrf_token("/")})
    assert not_json.status_code == 400 and "JSON" in not_json.get_json()["error"]


def test_a_code_from_another_event_is_the_wrong_event(client, desk, make_event):
    event, staff, person = desk
    other = make_event(title="Another event")
    stranger = confirmed(other)

    answer = scan(client, event, badge_code(stranger))

    assert answer["result"] == "wrong_event" and answer["registration"] is None  # nothing about the other event
    assert standing(stranger) == []


def test_a_cancelled_registration_is_refused_even_if_registered_again(client, desk):
    event, staff, person = desk
    old_code = badge_code(person)
    organising.cancel_for(event, [person], by=staff, reason="")

    assert scan(client, event, old_code)["result"] == "cancelled"
    person.status = "confirmed"  # registered again later: the old badge is not theirs any more
    db.session.commit()
    again = scan(client, event, old_code)
    assert again["result"] == "invalid" and "replaced" in again["reason"]
    assert scan(client, event, badge_code(person))["result"] == "ok"


def test_a_reissued_badge_makes_the_old_one_fail(client, desk):
    event, staff, person = desk
    old_code = badge_code(person)
    organising.reissue_badge(person, by=staff)

    assert scan(client, event, old_code)["result"] == "invalid"
    assert scan(client, event, badge_code(person))["result"] == "ok"


@pytest.mark.parametrize("status", [PENDING, WAITLISTED, "rejected"])
def test_people_without_a_confirmed_place_are_not_let_in(client, desk, status):
    event, staff, person = desk
    waiting = confirmed(event, status=status)

    answer = scan(client, event, badge_code(waiting))

    assert answer["result"] == "not_confirmed" and answer["registration"]["id"] == waiting.id
    assert standing(waiting) == []


def test_a_session_records_the_session_and_the_day(client, desk, make_session):
    event, staff, person = desk
    session = make_session(event, on_day(14), title="Data workshop", takes_attendance=True)

    answer = scan(client, event, badge_code(person), session=session.id)

    assert answer["result"] == "ok" and answer["checkin"]["session"] == session.id
    assert answer["counts"]["checked_in"] == 1
    assert sorted((record.session_id or 0) for record in standing(person)) == [0, session.id]
    assert scan(client, event, badge_code(person))["result"] == "already"  # the door knows they came


def test_a_session_with_seats_lets_in_only_those_with_a_seat(client, desk, make_session):
    event, staff, person = desk
    session = make_session(event, on_day(14), takes_attendance=True)
    db.session.add(SessionPlaces(session_id=session.id, event_id=event.id, capacity=10))
    db.session.commit()

    answer = scan(client, event, badge_code(person), session=session.id)

    assert answer["result"] == "not_confirmed" and "seat" in answer["reason"]


def test_a_session_that_takes_no_attendance_or_of_another_event_is_refused(client, desk, make_session, make_event):
    event, staff, person = desk
    plain = make_session(event, on_day(14))
    elsewhere = make_session(make_event(), datetime(2027, 3, 27, 14, 0), takes_attendance=True)

    for session_id in (plain.id, elsewhere.id, 999999, "abc"):
        response = api(client, {"event": event.slug, "code": badge_code(person), "session": session_id})
        assert response.status_code == 404 and "session" in response.get_json()["error"]
    assert standing(person) == []


def test_undo_takes_back_a_mistaken_check_in_and_keeps_the_record(client, desk):
    event, staff, person = desk
    first = scan(client, event, badge_code(person))

    response = api(client, {"event": event.slug, "checkin": first["checkin"]["id"]}, url="/api/v1/checkin/undo")

    assert response.status_code == 200 and response.get_json()["counts"]["checked_in"] == 0
    assert standing(person) == []
    assert db.session.get(CheckIn, first["checkin"]["id"]).undone_by_user_id == staff.id
    assert api(client, {"event": event.slug, "checkin": first["checkin"]["id"]},
               url="/api/v1/checkin/undo").status_code == 404  # already undone
    assert scan(client, event, badge_code(person))["result"] == "ok"  # and they can be checked in again


def test_found_by_name_and_checked_in_without_a_badge(client, desk):
    event, staff, person = desk

    found = client.get(f"/api/v1/checkin/search?event={event.slug}&q=diallo").get_json()["registrations"]
    answer = api(client, {"event": event.slug, "registration": found[0]["id"]}).get_json()

    assert [item["name"] for item in found] == ["Aminata Diallo"] and found[0]["checkin"] is None
    assert answer["result"] == "ok"
    again = client.get(f"/api/v1/checkin/search?event={event.slug}&q=diallo").get_json()["registrations"]
    assert again[0]["checkin"]["id"] == answer["checkin"]["id"]
    assert client.get(found[0]["badge_url"]).mimetype == "application/pdf"  # printed on the spot


def test_staff_of_another_event_get_no_answer_about_this_one(client, make_user, make_event, login):
    event, other = make_event(), make_event()
    person = confirmed(event)
    outsider = make_user(roles=("checkin_staff", "participant"))
    desk_access.add_staff(other, outsider)
    login(outsider)

    response = api(client, {"event": event.slug, "code": badge_code(person)})
    search = client.get(f"/api/v1/checkin/search?event={event.slug}&q=guest")
    desk_page = client.get(f"/events/{event.slug}/checkin")

    assert response.status_code == 403 and "not check-in staff" in response.get_json()["error"]
    assert search.status_code == 403 and "registrations" not in search.get_json()
    assert desk_page.status_code == 403
    assert standing(person) == []


def test_without_log_in_or_csrf_token_nothing_is_checked_in(client, app, desk):
    event, staff, person = desk
    no_token = client.post("/api/v1/checkin", json={"event": event.slug, "code": badge_code(person)})
    assert no_token.status_code == 400 and "reload" in no_token.get_json()["error"]

    anonymous = app.test_client().post("/api/v1/checkin", json={"event": event.slug, "code": badge_code(person)})
    assert anonymous.status_code == 401 and "error" in anonymous.get_json()
    assert standing(person) == []


def test_an_unknown_event_is_a_json_404(client, desk):
    event, staff, person = desk

    response = api(client, {"event": "no-such-event", "code": badge_code(person)})

    assert response.status_code == 404 and response.get_json()["error"]


def test_a_device_token_checks_in_without_log_in_and_only_at_its_event(app, desk, make_event):
    event, staff, person = desk
    device, token = desk_access.issue_device(event, "Door B scanner", by=staff)
    scanner = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    answer = scanner.post("/api/v1/checkin", json={"code": badge_code(person)}, headers=headers).get_json()
    # The token stands for its event, whatever event the body names.
    other = make_event()
    elsewhere = confirmed(other)
    wrong = scanner.post("/api/v1/checkin", json={"code": badge_code(elsewhere), "event": other.slug},
                         headers=headers).get_json()

    assert answer["result"] == "ok" and answer["checkin"]["device"] == "Door B scanner"
    assert wrong["result"] == "wrong_event"
    assert db.session.get(CheckIn, answer["checkin"]["id"]).device_id == device.id
    desk_access.revoke_device(device)
    revoked = scanner.post("/api/v1/checkin", json={"code": badge_code(person)}, headers=headers)
    assert revoked.status_code == 401 and "revoked" in revoked.get_json()["error"]
    mistyped = scanner.post("/api/v1/checkin", json={"code": "x"}, headers={"Authorization": "Bearer nope"})
    assert mistyped.status_code == 401


def test_the_database_holds_one_standing_check_in_per_person_and_day(desk):
    # Two desks scanning the same badge at the same instant both pass the "already?" read; the
    # unique index keeps one.
    event, staff, person = desk
    day = checkin.event_day(event)
    db.session.add(CheckIn(event_id=event.id, registration_id=person.id, day=day))
    db.session.commit()
    db.session.add(CheckIn(event_id=event.id, registration_id=person.id, day=day))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(CheckIn(event_id=event.id, registration_id=person.id, day=day,
                           undone_at=datetime.now().astimezone()))
    db.session.commit()  # an undone one may sit beside the standing one


def test_the_desk_page_is_for_staff_and_organisers(client, app, make_user, make_event, login):
    event = make_event()
    anonymous = app.test_client().get(f"/events/{event.slug}/checkin")
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]

    participant = make_user()
    login(participant)
    assert client.get(f"/events/{event.slug}/checkin").status_code == 403
    db.session.add(CheckinStaff(event_id=event.id, user_id=participant.id))
    db.session.commit()
    page = client.get(f"/events/{event.slug}/checkin")
    assert page.status_code == 200 and "Scan a badge" in page.get_data(as_text=True)


def test_organisers_manage_staff_and_devices(client, make_user, make_event, login):
    organiser = make_user(roles=("organiser", "participant"))
    event = make_event(team=[organiser])
    helper = make_user(email="helper@example.org", full_name="Helper")
    login(organiser)
    page = f"/events/{event.slug}/manage/checkin"

    unknown = client.submit(page, {"staff-email": "nobody@example.org", "staff-submit": "1"})
    added = client.submit(page, {"staff-email": "Helper@Example.org", "staff-submit": "1"}, follow_redirects=True)
    device = client.submit(page, {"device-name": "Phone at door A", "device-submit": "1"})
    empty_name = client.submit(page, {"device-name": "  ", "device-submit": "1"})

    assert unknown.status_code == 400 and "Nobody has a Convene account" in unknown.get_data(as_text=True)
    assert "nobody@example.org" in unknown.get_data(as_text=True)  # what they typed is kept
    assert "Helper can now check people in" in added.get_data(as_text=True)
    assert desk_access.is_staff(event, helper)
    token = device.get_data(as_text=True).split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert desk_access.device_for(token).name == "Phone at door A"
    assert 'class="token-qr"' in device.get_data(as_text=True) and "/api/v1/checkin" in device.get_data(as_text=True)
    assert empty_name.status_code == 400 and "Name the device" in empty_name.get_data(as_text=True)
    assert client.get(f"/events/{event.slug}/checkin").status_code == 200  # organisers open the desk too


def test_codes_are_signed_with_the_secret_key(app):
    code = codes.make_code(3, 14, 1)
    assert codes.read_code(code) == codes.BadgeCode(3, 14, 1)
    app.secret_key = "another key"  # a copy of the code base with its own key cannot make our codes
    with pytest.raises(codes.InvalidCode):
        codes.read_code(code)


def test_organisers_see_attendance_per_day_and_session(client, make_user, make_event, make_session, login):
    organiser = make_user(roles=("organiser", "participant"))
    event = make_event(team=[organiser])
    workshop = make_session(event, datetime(2027, 3, 28, 14, 0), title="Data workshop", takes_attendance=True)
    people = [confirmed(event) for _ in range(3)]
    for person in people:
        db.session.add(CheckIn(event_id=event.id, registration_id=person.id, day=datetime(2027, 3, 27).date()))
    db.session.add(CheckIn(event_id=event.id, registration_id=people[0].id, day=datetime(2027, 3, 28).date()))
    db.session.add(CheckIn(event_id=event.id, registration_id=people[0].id, day=datetime(2027, 3, 28).date(),
                           session_id=workshop.id))
    db.session.add(CheckIn(event_id=event.id, registration_id=people[1].id, day=datetime(2027, 3, 28).date(),
                           undone_at=datetime.now().astimezone()))
    db.session.commit()
    login(organiser)

    text = page_text(client.get(f"/events/{event.slug}/manage/checkin").get_data(as_text=True))

    assert "Saturday, 27 March 2027 3" in text and "Sunday, 28 March 2027 1" in text
    assert "Data workshop · Sun 28 Mar 14:00 1" in text


@pytest.mark.parametrize("body", [{}, {"checkin": "1"}, {"checkin": None}, {"checkin": 10**12}, {"checkin": True},
                                  {"checkin": 10**30}])
def test_undoing_something_that_is_not_a_check_in_is_a_json_404(client, desk, body):
    event, staff, person = desk
    scan(client, event, badge_code(person))

    response = api(client, {"event": event.slug, **body}, url="/api/v1/checkin/undo")

    assert response.status_code == 404 and response.get_json()["error"]
    assert len(standing(person)) == 1


def test_a_check_in_of_another_events_registration_by_id_is_refused(client, desk, make_event):
    event, staff, person = desk
    elsewhere = confirmed(make_event())

    for registration in (elsewhere.id, "1", None, 10**12, True, 10**30):
        response = api(client, {"event": event.slug, "registration": registration})
        assert response.status_code == 404 and "no such registration" in response.get_json()["error"]
    assert standing(elsewhere) == []


def test_an_empty_search_finds_nobody_and_status_checks_its_session(client, desk, make_event, make_session):
    event, staff, person = desk
    elsewhere = make_session(make_event(), datetime(2027, 3, 27, 14, 0), takes_attendance=True)

    assert client.get(f"/api/v1/checkin/search?event={event.slug}&q=%20").get_json() == {"registrations": []}
    assert client.get(f"/api/v1/checkin/status?event={event.slug}").get_json()["counts"]["expected"] == 1
    assert client.get(f"/api/v1/checkin/status?event={event.slug}&session={elsewhere.id}").status_code == 404


def test_undoing_a_first_scan_at_a_session_undoes_the_day_it_made_too(client, desk, make_session):
    event, staff, person = desk
    session = make_session(event, on_day(14), takes_attendance=True)
    answer = scan(client, event, badge_code(person), session=session.id)
    assert len(answer["checkin"]["made"]) == 2

    api(client, {"event": event.slug, "checkin": answer["checkin"]["id"], "made": answer["checkin"]["made"]},
        url="/api/v1/checkin/undo")

    assert standing(person) == []
    # A scan at a session of someone already in for the day makes only the session's check-in.
    scan(client, event, badge_code(person))
    second = make_session(event, on_day(16), takes_attendance=True)
    later = scan(client, event, badge_code(person), session=second.id)
    api(client, {"event": event.slug, "checkin": later["checkin"]["id"], "made": later["checkin"]["made"]},
        url="/api/v1/checkin/undo")
    assert [record.session_id for record in standing(person)] == [None]


def test_a_cancelled_session_takes_no_check_ins(client, desk, make_session):
    event, staff, person = desk
    session = make_session(event, on_day(14), takes_attendance=True, status="cancelled")

    response = api(client, {"event": event.slug, "code": badge_code(person), "session": session.id})

    assert response.status_code == 404


@pytest.mark.parametrize("session", ["²", "١٢", "1e3", "-1", " 1"])
def test_a_session_written_in_other_digits_is_no_session(client, desk, session):
    event, staff, person = desk

    status = client.get("/api/v1/checkin/status", query_string={"event": event.slug, "session": session})
    posted = api(client, {"event": event.slug, "code": badge_code(person), "session": session})

    assert status.status_code == 404 and posted.status_code == 404
    assert standing(person) == []


@pytest.mark.parametrize("event_name", ["x\u0000y", "DROP TABLE", "a" * 5000, "é", "\ud800"])
def test_an_event_name_that_no_event_can_have_is_a_json_404(client, desk, event_name):
    event, staff, person = desk
    token = client.csrf_token("/")

    response = client.post("/api/v1/checkin", data=json.dumps({"event": event_name, "code": badge_code(person)}),
                           headers={"X-CSRFToken": token, "Content-Type": "application/json"})

    assert response.status_code in (400, 404) and response.get_json()["error"]


def test_json_nested_past_reason_is_refused_and_strangers_are_refused_before_it_is_read(client, app, desk):
    event, staff, person = desk
    deep = "[" * 100_000 + "]" * 100_000

    anonymous = app.test_client().post("/api/v1/checkin", data=deep, content_type="application/json")
    staff_call = client.post("/api/v1/checkin", data=deep, content_type="application/json",
                             headers={"X-CSRFToken": client.csrf_token("/")})

    assert anonymous.status_code == 401
    assert staff_call.status_code == 400 and "JSON object" in staff_call.get_json()["error"]


def test_a_draft_events_desk_and_api_answer_as_if_it_did_not_exist(client, app, make_user, make_event, login):
    draft = make_event(status="draft")
    person = confirmed(draft)
    login(make_user())

    assert app.test_client().get(f"/events/{draft.slug}/checkin").status_code == 404
    assert client.get(f"/events/{draft.slug}/checkin").status_code == 404
    response = api(client, {"event": draft.slug, "code": badge_code(person)})
    unknown = api(client, {"event": "no-such-event", "code": badge_code(person)})
    assert response.status_code == unknown.status_code == 404
    assert response.get_json() == unknown.get_json()


def test_an_event_ending_at_midnight_has_no_extra_day(make_event):
    event = make_event(start=datetime(2027, 3, 27, 9, 0), end=datetime(2027, 3, 29, 0, 0))
    paris = ZoneInfo("Europe/Paris")

    assert [day.isoformat() for day in checkin.event_days(event)] == ["2027-03-27", "2027-03-28"]
    assert checkin.event_day(event, now=datetime(2027, 3, 28, 23, 59, tzinfo=paris)).isoformat() == "2027-03-28"
    assert checkin.event_day(event, now=datetime(2027, 3, 29, 0, 1, tzinfo=paris)) is None
    assert checkin.event_day(event, now=datetime(2027, 3, 26, 23, 59, tzinfo=paris)) is None


def test_check_in_staff_find_their_desks_in_the_menu(client, make_user, make_event, login):
    make_event(title="Not mine")
    coming = make_event(title="Coming forum")
    over = make_event(title="Past workshop", start=datetime(2026, 11, 17, 9, 0))
    helper = make_user()  # a participant until an organiser adds them
    desk_access.add_staff(coming, helper)
    desk_access.add_staff(over, helper)
    login(helper)

    home = page_text(client.get("/").get_data(as_text=True))
    desks = page_text(client.get("/checkin").get_data(as_text=True))

    assert "Check-in" in home
    assert desks.index("Coming forum") < desks.index("Past workshop") and "Not mine" not in desks
    assert "Over" in desks


def test_search_at_a_session_shows_who_has_a_seat_and_who_came(client, desk, make_session):
    event, staff, person = desk
    session = make_session(event, on_day(14), takes_attendance=True)
    db.session.add(SessionPlaces(session_id=session.id, event_id=event.id, capacity=5))
    db.session.commit()
    scan(client, event, badge_code(person))  # at the door, not at the session

    found = client.get(f"/api/v1/checkin/search?event={event.slug}&q=diallo&session={session.id}").get_json()

    [row] = found["registrations"]
    assert row["has_seat"] is False and row["checkin"] is None  # the door check-in is not the session's


def test_organisers_confirm_before_a_badge_is_replaced_and_see_days_checked_in(client, make_user, make_event, login):
    organiser = make_user(roles=("organiser", "participant"))
    event = make_event(team=[organiser])
    person = confirmed(event, full_name="Lost Badge")
    old_code = badge_code(person)
    db.session.add(CheckIn(event_id=event.id, registration_id=person.id, day=datetime(2027, 3, 27).date()))
    db.session.commit()
    login(organiser)
    url = f"/events/{event.slug}/manage/participants/{person.id}/reissue-badge"

    asked = client.get(url)
    db.session.expire_all()
    assert "stops opening the door" in asked.get_data(as_text=True) and badge_code(person) == old_code
    client.submit(url, form_url=url)
    db.session.expire_all()
    assert badge_code(person) != old_code

    listing = client.get(f"/events/{event.slug}/manage/participants").get_data(as_text=True)
    assert "Days checked in" in listing
    assert re.search(r"Lost Badge.*?<td>Confirmed</td><td>1</td></tr>", listing, re.S)


@pytest.mark.parametrize("lookalike", ["ſ", "ı", "ﬀ", "ｓ", "Ａ"])
def test_a_character_outside_the_codes_alphabet_is_not_read_as_one_of_it(client, desk, lookalike):
    # str.upper() turns "ſ" into "S", "ı" into "I", "ﬀ" into "FF": the code would still pass.
    event, staff, person = desk
    code = badge_code(person)
    ascii_letters = [index for index, char in enumerate(code) if char.isalpha() and index > 3]

    for index in ascii_letters:
        altered = code[:index] + lookalike + code[index + 1:]
        assert scan(client, event, altered)["result"] == "invalid", altered
    assert standing(person) == []


def test_an_organiser_cannot_revoke_another_events_device_nor_be_told_they_did(client, make_user, make_event, login):
    paris_organiser = make_user(roles=("organiser", "participant"))
    paris, bangkok = make_event(team=[paris_organiser]), make_event()
    device, token = desk_access.issue_device(bangkok, "Bangkok door", by=None)
    login(paris_organiser)

    response = client.submit(f"/events/{paris.slug}/manage/checkin/devices/{device.id}/revoke",
                             form_url=f"/events/{paris.slug}/manage/checkin")

    assert response.status_code == 404
    assert "no longer works" not in client.get(f"/events/{paris.slug}/manage/checkin").get_data(as_text=True)
    assert desk_access.device_for(token) is not None  # nothing changed


def test_removing_someone_who_is_not_staff_of_this_event_is_refused(client, make_user, make_event, login):
    paris_organiser = make_user(roles=("organiser", "participant"))
    paris, bangkok = make_event(team=[paris_organiser]), make_event()
    helper = make_user()
    desk_access.add_staff(bangkok, helper)
    login(paris_organiser)

    response = client.submit(f"/events/{paris.slug}/manage/checkin/staff/{helper.id}/remove",
                             form_url=f"/events/{paris.slug}/manage/checkin")

    assert response.status_code == 404
    assert "Removed from the check-in staff" not in client.get(
        f"/events/{paris.slug}/manage/checkin").get_data(as_text=True)
    assert desk_access.is_staff(bangkok, helper)


@pytest.mark.parametrize("status", [PENDING, WAITLISTED, "rejected", "cancelled"])
def test_only_a_confirmed_place_has_a_badge_at_the_desk(client, desk, status):
    event, staff, person = desk
    other = confirmed(event, status=status, full_name="Aminata Sow")

    found = client.get(f"/api/v1/checkin/search?event={event.slug}&q=aminata").get_json()["registrations"]

    badge_urls = {row["name"]: row["badge_url"] for row in found}
    assert badge_urls["Aminata Sow"] is None and badge_urls["Aminata Diallo"]
    assert client.get(f"/events/{event.slug}/checkin/badges/{other.id}.pdf").status_code == 404
    assert client.get(f"/events/{event.slug}/checkin/badges/{person.id}.pdf").mimetype == "application/pdf"


def test_a_device_finds_people_by_name_but_not_by_e_mail_address(app, client, desk, make_user):
    event, staff, person = desk
    confirmed(event, make_user(email="k.tanaka@culture.example", full_name="Kenji Tanaka"))
    device, token = desk_access.issue_device(event, "Door B scanner", by=staff)
    scanner = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def names(query, caller=scanner, **kwargs):
        response = caller.get(f"/api/v1/checkin/search?q={query}&event={event.slug}", **kwargs)
        return [row["name"] for row in response.get_json()["registrations"]]

    assert names("tanaka", headers=headers) == ["Kenji Tanaka"]
    assert names("culture.example", headers=headers) == []  # a lost scanner does not list everyone
    assert names("example", headers=headers) == []
    assert names("arts council", headers=headers) == ["Aminata Diallo"]  # by organisation
    assert names("culture.example", caller=client) == ["Kenji Tanaka"]  # staff logged in at the desk may


def test_search_is_rate_limited_per_device_with_retry_after(app, desk):
    app.config["CHECKIN_SEARCH_LIMIT"] = "3 per minute"
    event, staff, person = desk
    device, token = desk_access.issue_device(event, "Door B scanner", by=staff)
    other_device, other_token = desk_access.issue_device(event, "Door C scanner", by=staff)
    scanner = app.test_client()

    answers = [scanner.get("/api/v1/checkin/search?q=diallo", headers={"Authorization": f"Bearer {token}"})
               for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0 and answers[-1].get_json()["error"]
    other = scanner.get("/api/v1/checkin/search?q=diallo", headers={"Authorization": f"Bearer {other_token}"})
    assert other.status_code == 200  # the limit is the device's own


def test_a_scan_on_a_day_that_is_not_the_events_records_nothing_and_says_so(client, make_user, make_event, login):
    # The Paris forum is in March 2027; the Bangkok workshop was over on 18 November 2026.
    paris = make_event(title="Paris forum", start=datetime(2027, 3, 27, 9, 0))
    bangkok = make_event(title="Bangkok workshop", zone="Asia/Bangkok", start=datetime(2026, 11, 17, 9, 0),
                         end=datetime(2026, 11, 18, 17, 0))
    staff = make_user(full_name="Desk Person")
    for event in (paris, bangkok):
        desk_access.add_staff(event, staff)
    login(staff)

    for event in (paris, bangkok):
        person = confirmed(event)
        by_badge = scan(client, event, badge_code(person))
        by_name = api(client, {"event": event.slug, "registration": person.id}).get_json()
        for answer in (by_badge, by_name):
            assert answer["result"] == "not_event_day" and answer["label"] == "Not a day of this event"
            assert "practice mode" in answer["reason"] and answer["checkin"] is None
        assert answer["counts"]["checked_in"] == 0 and answer["counts"]["is_event_day"] is False
        assert standing(person) == []
    assert db.session.query(CheckIn).count() == 0


def test_practice_scans_answer_like_the_desk_and_are_never_attendance(client, make_user, make_event, login):
    paris = make_event(title="Paris forum", start=datetime(2027, 3, 27, 9, 0))
    staff = make_user(full_name="Desk Person")
    desk_access.add_staff(paris, staff)
    login(staff)
    person, waiting = confirmed(paris), confirmed(paris, status=WAITLISTED)

    first = scan(client, paris, badge_code(person), practice=True)
    again = scan(client, paris, badge_code(person), practice=True)
    refused = scan(client, paris, badge_code(waiting), practice=True)
    forged = scan(client, paris, badge_code(person)[:-1] + "A", practice=True)
    status = client.get(f"/api/v1/checkin/status?event={paris.slug}&practice=true").get_json()

    assert first["result"] == "ok" and first["practice"] is True and first["label"] == "Practice: checked in"
    assert "not attendance" in first["reason"] and first["checkin"] is None  # nothing to undo
    assert again["result"] == "already" and again["label"] == "Practice: already scanned"
    assert refused["result"] == "not_confirmed" and forged["result"] == "invalid"
    assert status["counts"]["checked_in"] == 1 and status["counts"]["is_practice"] is True
    assert db.session.query(PracticeScan).count() == 1 and db.session.query(CheckIn).count() == 0
    # On the day, the desk still lets the person in: the practice left nothing behind.
    assert client.get(f"/api/v1/checkin/status?event={paris.slug}").get_json()["counts"]["checked_in"] == 0
    assert api(client, {"event": paris.slug, "code": badge_code(person), "practice": "yes"}).status_code == 400


def test_the_desk_says_when_today_is_not_a_day_of_the_event_and_offers_practice(client, make_user, make_event,
                                                                                 login):
    paris = make_event(title="Paris forum", start=datetime(2027, 3, 27, 9, 0))
    staff = make_user()
    desk_access.add_staff(paris, staff)
    login(staff)

    page = page_text(client.get(f"/events/{paris.slug}/checkin").get_data(as_text=True))
    practice = page_text(client.get(f"/events/{paris.slug}/checkin?practice=1").get_data(as_text=True))

    assert "Today is not a day of this event" in page and "Open the practice desk" in page
    assert "Practice mode" in practice and "never count for a certificate" in practice
    assert "Today is not a day of this event" not in practice


def test_a_device_token_expires_after_the_event_until_an_organiser_renews_it(app, client, make_user, make_event,
                                                                           login):
    organiser = make_user(roles=("organiser", "participant"))
    bangkok = make_event(title="Bangkok workshop", zone="Asia/Bangkok", start=datetime(2026, 11, 17, 9, 0),
                         end=datetime(2026, 11, 18, 17, 0), team=[organiser])
    person = confirmed(bangkok)
    device, token = desk_access.issue_device(bangkok, "Door A", by=organiser)
    device.created_at, device.renewed_until = datetime(2026, 11, 15, 9, 0).astimezone(), None  # made before it
    db.session.commit()
    scanner = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    expired = scanner.post("/api/v1/checkin", json={"code": badge_code(person)}, headers=headers)
    searched = scanner.get("/api/v1/checkin/search?q=guest", headers=headers)

    assert expired.status_code == searched.status_code == 401
    assert "expired on 20 Nov 2026" in expired.get_json()["error"] and "renew" in expired.get_json()["error"]
    login(organiser)
    page = page_text(client.get(f"/events/{bangkok.slug}/manage/checkin").get_data(as_text=True))
    assert "Expired on" in page
    renewed = client.submit(f"/events/{bangkok.slug}/manage/checkin/devices/{device.id}/renew",
                            form_url=f"/events/{bangkok.slug}/manage/checkin", follow_redirects=True)
    assert "works again until" in renewed.get_data(as_text=True)
    answer = scanner.post("/api/v1/checkin", json={"code": badge_code(person)}, headers=headers)
    assert answer.status_code == 200 and answer.get_json()["result"] == "not_event_day"  # still no attendance
    desk_access.revoke_device(device)
    assert client.submit(f"/events/{bangkok.slug}/manage/checkin/devices/{device.id}/renew",
                         form_url=f"/events/{bangkok.slug}/manage/checkin").status_code == 404
    late, late_token = desk_access.issue_device(bangkok, "Made after the event", by=organiser)
    assert desk_access.device_for(late_token) == late  # made on purpose after the event: it works for a while


def test_answers_of_the_check_in_api_are_kept_by_no_cache_and_follow_the_language(client, desk):
    event, staff, person = desk

    response = client.get(f"/api/v1/checkin/search?event={event.slug}&q=Aminata", headers={"Accept-Language": "fr"})

    assert response.get_json()["registrations"][0]["status_label"] == "Confirmée"
    assert response.headers["Cache-Control"] == "private, no-store"  # names of participants
    assert {"Accept-Language", "Cookie"} <= {value.strip() for value in response.headers["Vary"].split(",")}


def test_a_scan_at_a_session_held_on_another_day_records_nothing_and_says_so(client, desk, make_session):
    # The event is under way today and tomorrow; the data workshop is tomorrow afternoon. A desk left on
    # its tab today must not record people at a session that has not happened.
    event, staff, person = desk
    tomorrow = make_session(event, on_day(14, days=1), title="Data workshop", takes_attendance=True)

    answer = scan(client, event, badge_code(person), session=tomorrow.id)
    practice = scan(client, event, badge_code(person), session=tomorrow.id, practice=True)

    assert answer["result"] == "not_event_day" and answer["label"] == "Not a day of this session"
    assert "nothing was recorded" in answer["reason"] and answer["checkin"] is None
    assert standing(person) == []
    assert practice["result"] == "ok" and practice["practice"] is True  # practising for it is fine
    assert scan(client, event, badge_code(person))["result"] == "ok"  # at the door, today counts


def test_a_device_finds_a_name_even_when_many_addresses_match_the_words_first(app, desk):
    # At a large event, "mar" is in 160 addresses (omar…@) of people listed before "Zoe Martin": the
    # device must still find her by name, not stop after the first rows matched through addresses.
    event, staff, person = desk
    for number in range(160):
        confirmed(event, full_name=f"Aaron Person {number:03d}").email = f"omar{number}@example.org"
    db.session.commit()
    confirmed(event, full_name="Zoe Martin")
    device, token = desk_access.issue_device(event, "Door B scanner", by=staff)

    found = app.test_client().get("/api/v1/checkin/search?q=mar",
                                  headers={"Authorization": f"Bearer {token}"}).get_json()["registrations"]

    assert [row["name"] for row in found] == ["Zoe Martin"]


def test_a_device_cannot_list_everyone_by_checking_in_registration_numbers_one_by_one(app, desk):
    # {"registration": id} answers with the person's name and organisation: a lost scanner walking the
    # numbers (in practice mode, so nothing shows at the desk) is held to the search's allowance.
    app.config["CHECKIN_SEARCH_LIMIT"] = "3 per minute"
    event, staff, person = desk
    others = [confirmed(event) for _ in range(4)]
    device, token = desk_access.issue_device(event, "Door B scanner", by=staff)
    scanner = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    answers = [scanner.post("/api/v1/checkin", json={"registration": other.id, "practice": True}, headers=headers)
               for other in others]
    scanned = scanner.post("/api/v1/checkin", json={"code": badge_code(person)}, headers=headers)

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert "registration" not in answers[-1].get_json() and int(answers[-1].headers["Retry-After"]) > 0
    assert scanned.status_code == 200 and scanned.get_json()["result"] == "ok"  # scanning badges is never limited
    assert scanner.get("/api/v1/checkin/search?q=guest", headers=headers).status_code == 429  # one allowance


def test_a_device_cannot_undo_everyones_check_in_by_walking_the_numbers(app, desk):
    # Each undo answers with the person, and takes their attendance back: a lost scanner is held to the
    # search's allowance here too.
    app.config["CHECKIN_SEARCH_LIMIT"] = "3 per minute"
    event, staff, person = desk
    device, token = desk_access.issue_device(event, "Door B scanner", by=staff)
    scanner = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    records = [scanner.post("/api/v1/checkin", json={"code": badge_code(confirmed(event))}, headers=headers)
               .get_json()["checkin"]["id"] for _ in range(4)]

    answers = [scanner.post("/api/v1/checkin/undo", json={"checkin": record}, headers=headers) for record in records]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert db.session.get(CheckIn, records[-1]).undone_at is None


def test_the_organisers_check_in_page_reads_the_same_queries_however_many_staff_devices_and_records(
        client, make_user, make_event, login, count_queries):
    organiser = make_user(roles=("organiser", "participant"))
    event = make_event(team=[organiser], start=datetime(2026, 11, 17, 9, 0), end=datetime(2026, 11, 18, 17, 0),
                       zone="Asia/Bangkok")
    login(organiser)
    url = f"/events/{event.slug}/manage/checkin"

    def add(count):
        for number in range(count):
            desk_access.add_staff(event, make_user())
            desk_access.issue_device(event, f"Scanner {number}", by=organiser)
            person = confirmed(event)
            checkin.record_afterwards(event, person, datetime(2026, 11, 17).date(), None, organiser)

    add(2)
    with count_queries() as few:
        client.get(url)
    add(10)
    with count_queries() as many:
        assert client.get(url).status_code == 200

    assert few.count == many.count
