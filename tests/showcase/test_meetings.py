"""Meetings at booths: the booth opens slots, a visitor asks for a free one, the booth answers, both
sides get the e-mails (with the calendar invitation once accepted). A slot is never held twice."""
from datetime import UTC, datetime, timedelta
import re

from flask_login import AnonymousUserMixin
from flask import render_template
from icalendar import Calendar
import pytest
from sqlalchemy import func, insert, select

from core.extensions import db
from core.mail import OutboxMessage
from showcase import meetings
from showcase.models import (ACCEPTED, CANCELLED, DECLINED, DRAFTING, REQUESTED, FairSettings, MeetingRequest,
                             MeetingSlot)
from tests.conftest import link_in, page_text, text_of
from tests.showcase.fair import beneficiary_booth, make_booth, make_fair, make_organisation

DAY = "2027-06-14"  # the fair's first day (Paris, UTC+2): it opens at 09:00 and closes on the 15th at 18:00


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def fair(make_event):
    return make_fair(make_event, title="Knowledge Fair on the Creative Economy")


@pytest.fixture
def booth_and_people(fair, make_user):
    """The booth (public), its owner and one staff member."""
    staff = make_user(email="rudo@hub.example.org", full_name="Rudo Chikomo", locale="fr")
    owner, booth = beneficiary_booth(make_user, fair, staff=(staff,))
    return booth, owner, staff


@pytest.fixture
def booth(booth_and_people):
    return booth_and_people[0]


@pytest.fixture
def owner(booth_and_people):
    return booth_and_people[1]


@pytest.fixture
def visitor(make_user):
    return make_user(email="donor@foundation.example.org", full_name="Ingrid Solberg")


def add_slots(booth, *local_starts, minutes=20):
    """Slots at these wall-clock times of the fair's first day (14 June, Paris = UTC+2)."""
    slots = []
    for hour, minute in local_starts:
        starts = utc(2027, 6, 14, hour - 2, minute)
        slots.append(MeetingSlot(booth_id=booth.id, starts_at=starts, ends_at=starts + timedelta(minutes=minutes)))
    db.session.add_all(slots)
    db.session.commit()
    return slots


def slots_of(booth) -> list[MeetingSlot]:
    db.session.expire_all()
    return db.session.scalars(select(MeetingSlot).where(MeetingSlot.booth_id == booth.id)
                              .order_by(MeetingSlot.starts_at)).all()


def requests_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MeetingRequest))


def mail_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def open_slots(client, booth, day=DAY, starts="10:00", ends="11:00"):
    return client.submit(f"/showcase/booths/{booth.id}/meetings/slots",
                         {"slots-day": day, "slots-starts": starts, "slots-ends": ends},
                         form_url=f"/showcase/booths/{booth.id}/meetings")


def ask(client, booth, slot, message="We fund music training in southern Africa: could we talk?"):
    url = f"/events/{booth.event.slug}/showcase/{booth.id}/meetings"
    return client.submit(url, {"meeting-slot": str(slot.id), "meeting-message": message})


def answer(client, booth, meeting, action):
    return client.submit(f"/showcase/booths/{booth.id}/meetings/{meeting.id}/{action}",
                         form_url=f"/showcase/booths/{booth.id}/meetings")


def request_of(visitor) -> MeetingRequest:
    db.session.expire_all()
    return db.session.scalars(select(MeetingRequest).where(MeetingRequest.user_id == visitor.id)
                              .order_by(MeetingRequest.id.desc())).first()


def calendar_in(message) -> Calendar:
    [part] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    content = part.get_content()
    return Calendar.from_ical(content if isinstance(content, bytes) else content.encode())


def has_calendar(message) -> bool:
    return any(part.get_content_type() == "text/calendar" for part in message.iter_attachments())


# --- Opening and removing slots -------------------------------------------------------------------------

def test_a_booth_opens_slots_of_the_fairs_length_on_the_venues_clock(client, login, booth, owner):
    login(owner)

    response = open_slots(client, booth, starts="10:00", ends="11:00")

    assert response.status_code == 302
    slots = slots_of(booth)
    assert [slot.starts_at for slot in slots] == [utc(2027, 6, 14, 8, 0), utc(2027, 6, 14, 8, 20),
                                                  utc(2027, 6, 14, 8, 40)]
    assert all(slot.ends_at - slot.starts_at == timedelta(minutes=20) for slot in slots)
    page = page_text(client.get(f"/showcase/booths/{booth.id}/meetings").get_data(as_text=True))
    assert "3 meeting slots opened." in page
    assert "10:00–10:20 Free" in page and "10:40–11:00 Free" in page
    assert "(Europe/Paris)" in page


def test_opening_the_same_hours_again_keeps_the_slots_without_doubling_them(client, login, booth, owner):
    login(owner)
    open_slots(client, booth, starts="10:00", ends="11:00")

    again = open_slots(client, booth, starts="10:00", ends="11:00")
    wider = open_slots(client, booth, starts="10:30", ends="12:00")  # 10:30 and 10:50 overlap the open ones

    assert again.status_code == wider.status_code == 302
    assert [slot.starts_at.hour * 60 + slot.starts_at.minute for slot in slots_of(booth)] == \
        [8 * 60, 8 * 60 + 20, 8 * 60 + 40, 9 * 60 + 10, 9 * 60 + 30]
    page = page_text(client.get(f"/showcase/booths/{booth.id}/meetings").get_data(as_text=True))
    assert "2 slots in these hours were open already" in page


def test_slots_follow_the_length_the_organisers_set(client, login, booth, owner, fair):
    db.session.add(FairSettings(event_id=fair.id, meeting_minutes=30))
    db.session.commit()
    login(owner)

    open_slots(client, booth, starts="14:00", ends="15:15")

    assert [(slot.starts_at, slot.ends_at - slot.starts_at) for slot in slots_of(booth)] == [
        (utc(2027, 6, 14, 12, 0), timedelta(minutes=30)), (utc(2027, 6, 14, 12, 30), timedelta(minutes=30))]


@pytest.mark.parametrize("day, starts, ends, message", [
    (DAY, "11:00", "10:00", "The end must be after the start."),
    (DAY, "10:00", "10:00", "The end must be after the start."),
    ("2027-06-20", "10:00", "11:00", "Choose one of the options in the list."),
    ("tomorrow", "10:00", "11:00", "Choose one of the options in the list."),
    (DAY, "ten o'clock", "11:00", "Enter a time on the venue's clock, like 09:30."),
    (DAY, "10:00", "25:00", "Enter a time on the venue's clock, like 09:30."),
    (DAY, "", "11:00", "Give the time the first meeting starts."),
    (DAY, "08:00", "10:00", "The fair opens at"),
    ("2027-06-15", "17:00", "19:00", "The fair closes at"),
    (DAY, "10:00", "10:10", "A meeting lasts 20 minutes"),
])
def test_bad_hours_are_refused_at_the_field_and_nothing_is_stored(client, login, booth, owner, day, starts, ends,
                                                                 message):
    login(owner)

    response = open_slots(client, booth, day=day, starts=starts, ends=ends)

    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page_text(body)
    assert slots_of(booth) == []
    if starts:
        assert f'value="{starts}"'.replace("'", "&#39;") in body  # what was typed is kept


def test_the_service_refuses_a_day_outside_the_fair(app, booth):
    from datetime import date, time

    with app.test_request_context():
        with pytest.raises(meetings.MeetingRefused) as refusal:
            meetings.open_slots(booth, date(2027, 6, 16), time(10), time(11))

    assert refusal.value.field == "day" and slots_of(booth) == []


def test_a_free_slot_can_be_removed_but_not_one_a_visitor_holds(client, login, booth, owner, visitor):
    free, held = add_slots(booth, (10, 0), (10, 20))
    db.session.add(MeetingRequest(slot_id=held.id, user_id=visitor.id, status=REQUESTED))
    db.session.commit()
    login(owner)

    removed = client.submit(f"/showcase/booths/{booth.id}/meetings/slots/{free.id}/remove",
                            form_url=f"/showcase/booths/{booth.id}/meetings")
    kept = client.submit(f"/showcase/booths/{booth.id}/meetings/slots/{held.id}/remove",
                         form_url=f"/showcase/booths/{booth.id}/meetings")

    assert removed.status_code == kept.status_code == 302
    assert [slot.id for slot in slots_of(booth)] == [held.id]
    page = page_text(client.get(f"/showcase/booths/{booth.id}/meetings").get_data(as_text=True))
    assert "A visitor has asked for this time" in page


# --- A visitor's request ----------------------------------------------------------------------------------

def test_a_visitor_asks_for_a_free_slot_and_the_booths_people_are_mailed(client, login, booth_and_people, visitor,
                                                                         smtp_server):
    booth, owner, staff = booth_and_people
    slot, _ = add_slots(booth, (10, 0), (10, 20))
    login(visitor)
    url = f"/events/{booth.event.slug}/showcase/{booth.id}/meetings"
    form_page = page_text(client.get(url).get_data(as_text=True))
    assert "Choose a time" in form_page and "10:00–10:20" in form_page and "10:20–10:40" in form_page

    response = ask(client, booth, slot)

    assert response.status_code == 302
    meeting = request_of(visitor)
    assert (meeting.slot_id, meeting.status) == (slot.id, REQUESTED)
    assert meeting.message.startswith("We fund music training")
    for person in (owner, staff):
        mail = smtp_server.last_to(person.email)
        assert "Ingrid Solberg" in mail["Subject"]
        assert link_in(mail, f"/showcase/booths/{booth.id}")
        assert "We fund music training" in text_of(mail) and "donor@foundation.example.org" in text_of(mail)
        assert not has_calendar(mail)
    assert not [m for m in smtp_server.messages if m["To"] == visitor.email]
    status = page_text(client.get(url).get_data(as_text=True))
    assert "Waiting for an answer" in status and "Choose a time" not in status


def test_accepting_mails_both_sides_an_invitation_at_the_slots_time(client, login, booth_and_people, visitor,
                                                                    smtp_server):
    booth, owner, staff = booth_and_people
    [slot] = add_slots(booth, (15, 40))
    login(visitor)
    ask(client, booth, slot)
    meeting = request_of(visitor)
    client.submit("/account/logout", form_url="/")
    login(staff)

    response = answer(client, booth, meeting, "accept")

    assert response.status_code == 302
    assert request_of(visitor).status == ACCEPTED
    uids = set()
    for person in (visitor, owner, staff):
        mail = smtp_server.last_to(person.email)
        calendar = calendar_in(mail)
        assert str(calendar["METHOD"]) == "REQUEST"
        [vevent] = calendar.walk("VEVENT")
        assert vevent.decoded("DTSTART") == slot.starts_at == utc(2027, 6, 14, 13, 40)
        assert vevent.decoded("DTEND") == slot.ends_at
        assert int(vevent["SEQUENCE"]) == 0 and str(vevent["STATUS"]) == "CONFIRMED"
        attendees = {str(address).lower() for address in vevent.get("ATTENDEE")}
        assert f"mailto:{person.email}" in attendees
        uids.add(str(vevent["UID"]))
    assert len(uids) == 1  # the same meeting in every calendar
    visitor_copy = calendar_in(smtp_server.last_to(visitor.email)).walk("VEVENT")[0]
    assert "mailto:rudo@hub.example.org" not in {str(a).lower() for a in visitor_copy.get("ATTENDEE")}
    assert "confirmed" in smtp_server.last_to(visitor.email)["Subject"]
    assert "Monday, 14 June 2027, 15:40–16:00 (Europe/Paris)" in " ".join(
        text_of(smtp_server.last_to(visitor.email)).split())  # on the venue's clock

    client.submit("/account/logout", form_url="/")
    login(visitor)
    client.submit(f"/showcase/meetings/{meeting.id}/cancel", form_url="/showcase/meetings")

    cancellation = calendar_in(smtp_server.last_to(owner.email))
    [vevent] = cancellation.walk("VEVENT")
    assert str(cancellation["METHOD"]) == "CANCEL" and int(vevent["SEQUENCE"]) == 1
    assert str(vevent["UID"]) in uids and str(vevent["STATUS"]) == "CANCELLED"
    assert "cancelled the meeting" in text_of(smtp_server.last_to(owner.email))
    assert str(calendar_in(smtp_server.last_to(visitor.email))["METHOD"]) == "CANCEL"


def test_a_taken_slot_is_refused_with_a_message_and_nothing_stored(client, login, booth, visitor, make_user,
                                                                   smtp_server):
    [slot] = add_slots(booth, (10, 0))
    db.session.add(MeetingRequest(slot_id=slot.id, user_id=make_user().id, status=ACCEPTED))
    db.session.commit()
    before = mail_count()
    login(visitor)

    response = ask(client, booth, slot)

    assert response.status_code == 409
    assert "Someone asked for this time a moment ago: choose another." in page_text(response.get_data(as_text=True))
    assert requests_count() == 1 and request_of(visitor) is None and mail_count() == before


def test_two_requests_racing_for_one_slot_the_unique_index_refuses_the_second(app, booth, visitor, make_user,
                                                                              monkeypatch):
    [slot] = add_slots(booth, (10, 0))
    rival = make_user()
    before = mail_count()
    # The rival's request is written on another connection after our check found the slot free.
    with db.engine.begin() as connection:
        connection.execute(insert(MeetingRequest.__table__).values(
            slot_id=slot.id, user_id=rival.id, status=REQUESTED, message="",
            created_at=datetime.now(UTC), updated_at=datetime.now(UTC)))
    monkeypatch.setattr(meetings, "_is_taken", lambda slot_id: False)

    with app.test_request_context():
        with pytest.raises(meetings.MeetingRefused) as refusal:
            meetings.request_meeting(booth, slot.id, visitor, "Hello")

    assert refusal.value.field == "slot" and "Someone asked for this time" in refusal.value.message
    db.session.expire_all()
    assert db.session.scalars(select(MeetingRequest.user_id)).all() == [rival.id]
    assert mail_count() == before


def test_the_database_holds_one_live_request_per_slot_however_many_answered_ones(app, booth, visitor, make_user):
    from sqlalchemy.exc import IntegrityError

    [slot] = add_slots(booth, (10, 0))
    db.session.add_all([MeetingRequest(slot_id=slot.id, user_id=make_user().id, status=DECLINED),
                        MeetingRequest(slot_id=slot.id, user_id=make_user().id, status=CANCELLED),
                        MeetingRequest(slot_id=slot.id, user_id=visitor.id, status=REQUESTED)])
    db.session.commit()

    db.session.add(MeetingRequest(slot_id=slot.id, user_id=make_user().id, status=ACCEPTED))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_second_live_request_at_the_same_booth_is_refused(client, login, booth, visitor):
    first, second = add_slots(booth, (10, 0), (11, 0))
    login(visitor)
    ask(client, booth, first)

    response = ask(client, booth, second)

    assert response.status_code == 409
    assert "You have asked this booth for a meeting already" in page_text(response.get_data(as_text=True))
    assert requests_count() == 1


def test_meetings_at_the_same_time_at_two_booths_are_refused(client, login, fair, booth, visitor, make_user):
    other_owner = make_user(roles=("beneficiary", "participant"), email="lucia@cine.example.org")
    other = make_booth(fair, make_organisation(other_owner, name="Cine Andino", country="PE",
                                               region="latin_america_caribbean"))
    [here] = add_slots(booth, (10, 0))
    [there] = add_slots(other, (10, 10))  # 10:10–10:30 overlaps 10:00–10:20
    [later] = add_slots(other, (10, 20))  # 10:20–10:40 does not
    login(visitor)
    ask(client, booth, here)

    clash = ask(client, other, there)
    fine = ask(client, other, later)

    assert clash.status_code == 409
    assert "You have a meeting at Harare Creative Hub Trust at that time (10:00)" in \
        page_text(clash.get_data(as_text=True))
    assert fine.status_code == 302
    assert requests_count() == 2


def test_a_message_over_1000_characters_is_refused_and_kept(client, login, booth, visitor):
    [slot] = add_slots(booth, (10, 0))
    login(visitor)

    response = ask(client, booth, slot, message="Long story. " * 100)

    assert response.status_code == 400 and "At most 1000 characters." in response.get_data(as_text=True)
    assert "Long story. Long story." in response.get_data(as_text=True)
    assert requests_count() == 0


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999", "1 OR 1=1"])
def test_a_slot_that_is_not_in_the_list_is_refused(client, login, booth, visitor, value):
    add_slots(booth, (10, 0))
    login(visitor)

    response = client.submit(f"/events/{booth.event.slug}/showcase/{booth.id}/meetings", {"meeting-slot": value})

    assert response.status_code == 400
    assert "Choose one of the times in the list." in response.get_data(as_text=True)
    assert requests_count() == 0


def test_a_slot_of_another_booth_is_refused(client, login, fair, booth, visitor, make_user):
    other = make_booth(fair, make_organisation(make_user(), name="Cine Andino"))
    [theirs] = add_slots(other, (10, 0))
    login(visitor)

    response = ask(client, booth, theirs)

    assert response.status_code == 409 and "Choose one of the times in the list." in response.get_data(as_text=True)
    assert requests_count() == 0


def test_the_booths_own_people_cannot_book_their_booth(client, login, booth, owner):
    [slot] = add_slots(booth, (10, 0))
    login(owner)

    response = ask(client, booth, slot)

    assert response.status_code == 409 and "your own organisation" in response.get_data(as_text=True)
    assert requests_count() == 0


def test_a_visitor_must_have_confirmed_their_address(client, login, booth, make_user):
    [slot] = add_slots(booth, (10, 0))
    login(make_user(confirmed=False))

    response = ask(client, booth, slot)

    assert response.status_code == 409 and "Confirm your e-mail address first" in response.get_data(as_text=True)
    assert requests_count() == 0


def test_visitors_who_are_not_logged_in_are_asked_to_log_in(app, client, booth):
    add_slots(booth, (10, 0))

    response = client.get(f"/events/{booth.event.slug}/showcase/{booth.id}/meetings")
    with app.test_request_context(f"/events/{booth.event.slug}/showcase/{booth.id}"):
        partial = render_template("showcase/_meeting_request.html",
                                  **meetings.public_page_context(booth, AnonymousUserMixin()))

    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert "Log in to request a meeting" in partial and "csrf_token" not in partial and "10:00" not in partial


# --- The booth's answer and the visitor's cancellation ------------------------------------------------------

def test_declining_tells_the_visitor_and_frees_the_slot(client, login, booth, owner, visitor, make_user,
                                                        smtp_server):
    [slot] = add_slots(booth, (10, 0))
    login(visitor)
    ask(client, booth, slot)
    meeting = request_of(visitor)
    client.submit("/account/logout", form_url="/")
    login(owner)

    answer(client, booth, meeting, "decline")

    assert request_of(visitor).status == DECLINED
    mail = smtp_server.last_to(visitor.email)
    assert "cannot meet you" in mail["Subject"] and not has_calendar(mail)
    assert "Free" in page_text(client.get(f"/showcase/booths/{booth.id}/meetings").get_data(as_text=True))
    client.submit("/account/logout", form_url="/")
    second = make_user(email="partner@agency.example.org")
    login(second)
    assert ask(client, booth, slot).status_code == 302
    assert request_of(second).status == REQUESTED


def test_calling_off_an_accepted_meeting_sends_the_cancellation(client, login, booth, owner, visitor,
                                                                smtp_server):
    [slot] = add_slots(booth, (10, 0))
    login(visitor)
    ask(client, booth, slot)
    meeting = request_of(visitor)
    client.submit("/account/logout", form_url="/")
    login(owner)
    answer(client, booth, meeting, "accept")

    answer(client, booth, meeting, "decline")

    mail = smtp_server.last_to(visitor.email)
    assert "called off" in mail["Subject"]
    calendar = calendar_in(mail)
    assert str(calendar["METHOD"]) == "CANCEL" and int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert str(calendar_in(smtp_server.last_to(owner.email))["METHOD"]) == "CANCEL"
    assert request_of(visitor).status == DECLINED


def test_answering_twice_is_refused_with_a_message(client, login, booth, owner, visitor):
    [slot] = add_slots(booth, (10, 0))
    db.session.add(MeetingRequest(slot_id=slot.id, user_id=visitor.id, status=DECLINED))
    db.session.commit()
    meeting = request_of(visitor)
    login(owner)

    answer(client, booth, meeting, "accept")

    assert request_of(visitor).status == DECLINED
    page = page_text(client.get(f"/showcase/booths/{booth.id}/meetings").get_data(as_text=True))
    assert "This request has been declined already." in page


def test_a_visitor_cancels_and_sees_it_under_my_meetings(client, login, booth_and_people, visitor, smtp_server):
    booth, owner, staff = booth_and_people
    [slot] = add_slots(booth, (10, 0))
    login(visitor)
    ask(client, booth, slot)
    meeting = request_of(visitor)
    listed = page_text(client.get("/showcase/meetings").get_data(as_text=True))
    assert "Harare Creative Hub Trust" in listed and "Waiting for an answer" in listed

    response = client.submit(f"/showcase/meetings/{meeting.id}/cancel", form_url="/showcase/meetings")

    assert response.status_code == 302 and request_of(visitor).status == CANCELLED
    assert "cancelled their meeting request" in text_of(smtp_server.last_to(owner.email))
    assert "Cancelled by you" in page_text(client.get("/showcase/meetings").get_data(as_text=True))
    assert [free.id for free in meetings.free_slots(booth)] == [slot.id]  # the time is free again


# --- Who may do what -------------------------------------------------------------------------------------

def test_another_booths_people_cannot_answer_this_booths_requests(client, login, fair, booth, visitor, make_user):
    [slot] = add_slots(booth, (10, 0))
    db.session.add(MeetingRequest(slot_id=slot.id, user_id=visitor.id, status=REQUESTED))
    db.session.commit()
    meeting = request_of(visitor)
    stranger = make_user(roles=("beneficiary", "participant"))
    theirs = make_booth(fair, make_organisation(stranger, name="Cine Andino"))
    login(stranger)

    through_their_booth = answer(client, theirs, meeting, "accept")
    through_this_booth = answer(client, booth, meeting, "accept")
    removing = client.submit(f"/showcase/booths/{theirs.id}/meetings/slots/{slot.id}/remove", form_url="/")

    assert through_their_booth.status_code == through_this_booth.status_code == removing.status_code == 404
    assert request_of(visitor).status == REQUESTED and len(slots_of(booth)) == 1


def test_nobody_cancels_another_visitors_request(client, login, booth, visitor, make_user):
    [slot] = add_slots(booth, (10, 0))
    db.session.add(MeetingRequest(slot_id=slot.id, user_id=visitor.id, status=REQUESTED))
    db.session.commit()
    login(make_user())

    response = client.submit(f"/showcase/meetings/{request_of(visitor).id}/cancel", form_url="/")

    assert response.status_code == 404 and request_of(visitor).status == REQUESTED


def test_a_booth_that_is_not_public_or_of_another_fair_takes_no_request(client, login, fair, make_event, make_user,
                                                                        visitor):
    drafting = make_booth(fair, make_organisation(make_user(), name="Draft Org"), status=DRAFTING)
    [slot] = add_slots(drafting, (10, 0))
    other_fair = make_fair(make_event, title="Another fair")
    public = make_booth(fair, make_organisation(make_user(), name="Public Org"))
    [public_slot] = add_slots(public, (10, 0))
    login(visitor)

    not_public = client.submit(f"/events/{fair.slug}/showcase/{drafting.id}/meetings",
                               {"meeting-slot": str(slot.id)}, form_url="/")
    wrong_fair = client.submit(f"/events/{other_fair.slug}/showcase/{public.id}/meetings",
                               {"meeting-slot": str(public_slot.id)}, form_url="/")

    assert not_public.status_code == wrong_fair.status_code == 404
    assert requests_count() == 0


def test_a_draft_fairs_booths_take_no_request(client, login, make_event, make_user, visitor):
    draft = make_fair(make_event, status="draft")
    booth = make_booth(draft, make_organisation(make_user()))
    [slot] = add_slots(booth, (10, 0))
    login(visitor)

    assert ask(client, booth, slot).status_code == 404


def test_a_fair_that_is_over_refuses_requests_and_new_slots(client, login, make_event, make_user, visitor):
    past = make_fair(make_event, start=datetime(2024, 6, 14, 9, 0), end=datetime(2024, 6, 15, 18, 0))
    owner, booth = beneficiary_booth(make_user, past)
    starts = utc(2024, 6, 14, 8, 0)
    slot = MeetingSlot(booth_id=booth.id, starts_at=starts, ends_at=starts + timedelta(minutes=20))
    db.session.add(slot)
    db.session.commit()
    login(visitor)

    response = ask(client, booth, slot)

    assert response.status_code == 409
    assert "The fair is over: meetings can no longer be requested." in page_text(response.get_data(as_text=True))
    assert requests_count() == 0
    client.submit("/account/logout", form_url="/")
    login(owner)
    refused = open_slots(client, booth, day="2024-06-14")
    assert refused.status_code == 400 and "The fair is over" in refused.get_data(as_text=True)
    assert len(slots_of(booth)) == 1


# --- Pages that stay fast -------------------------------------------------------------------------------

def _fill(booth, count, make_user):
    starts = utc(2027, 6, 14, 7, 0)
    slots = [MeetingSlot(booth_id=booth.id, starts_at=starts + timedelta(minutes=20 * n),
                         ends_at=starts + timedelta(minutes=20 * (n + 1))) for n in range(count)]
    db.session.add_all(slots)
    db.session.commit()
    # A third of the slots asked for, half of those accepted: every kind of row the page draws.
    for n, slot in enumerate(slots[::3]):
        db.session.add(MeetingRequest(slot_id=slot.id, user_id=make_user().id, message="Hello",
                                      status=ACCEPTED if n % 2 else REQUESTED))
    db.session.commit()


def test_the_booths_meetings_take_the_same_queries_for_3_slots_or_30(client, login, fair, make_user,
                                                                     count_queries):
    counts = []
    for number, count in enumerate((3, 30)):
        owner, booth = beneficiary_booth(make_user, fair, email=f"owner{number}@example.org",
                                         name=f"Organisation {number}")
        _fill(booth, count, make_user)
        login(owner)
        client.get(f"/showcase/booths/{booth.id}/meetings")  # warm: the first request loads what every page does
        with count_queries() as counter:
            page = client.get(f"/showcase/booths/{booth.id}/meetings")
        assert page.status_code == 200
        assert page_text(page.get_data(as_text=True)).count("Free") == count - len(range(0, count, 3))
        counts.append(counter.count)
        client.submit("/account/logout", form_url="/")

    assert counts[0] == counts[1]


def test_the_visitors_pages_take_the_same_queries_for_3_slots_or_30(client, login, fair, make_user, visitor,
                                                                    count_queries):
    counts = []
    login(visitor)
    for number, count in enumerate((3, 30)):
        _, booth = beneficiary_booth(make_user, fair, email=f"owner{number}@example.org", name=f"Organisation {number}")
        _fill(booth, count, make_user)
        url = f"/events/{fair.slug}/showcase/{booth.id}/meetings"
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)

    assert counts[0] == counts[1]


def test_a_meeting_whose_time_has_passed_can_no_longer_be_cancelled_or_called_off(booth, owner, visitor):
    [slot] = add_slots(booth, (10, 0))
    meeting = meetings.request_meeting(booth, slot.id, visitor)
    meetings.accept(meeting)
    after = slot.ends_at + timedelta(hours=1)

    for change in (lambda: meetings.cancel(meeting, now=after), lambda: meetings.decline(meeting, owner, now=after)):
        with pytest.raises(meetings.MeetingRefused, match="has passed"):
            change()

    assert request_of(visitor).status == ACCEPTED


def test_slots_on_the_nights_the_clocks_change_follow_the_clocks(client, login, make_event, make_user):
    autumn = make_fair(make_event, title="Autumn fair", start=datetime(2027, 10, 30, 9), end=datetime(2027, 10, 31, 18))
    spring = make_fair(make_event, title="Spring fair", start=datetime(2027, 3, 27, 9), end=datetime(2027, 3, 28, 18))
    owner, booth = beneficiary_booth(make_user, autumn)
    spring_booth = make_booth(spring, booth.organisation)
    login(owner)

    # From 02:00 to 03:00 on 31 October 2027 in Paris lasts two hours: the clocks go back at 03:00 CEST.
    assert open_slots(client, booth, day="2027-10-31", starts="02:00", ends="03:00").status_code == 302
    refused = open_slots(client, spring_booth, day="2027-03-28", starts="02:30", ends="04:00")

    starts = [slot.starts_at for slot in slots_of(booth)]
    assert starts[0] == utc(2027, 10, 31, 0, 0) and starts[-1] == utc(2027, 10, 31, 1, 40) and len(starts) == 6
    assert "This time does not exist in Europe/Paris: that night the clocks go forward from 02:00 to 03:00." \
        in page_text(refused.get_data(as_text=True))
    assert slots_of(spring_booth) == []


def test_times_that_clash_with_the_visitors_meetings_are_offered_as_unavailable(client, fair, booth, visitor,
                                                                                 make_user, login):
    # The page offered them and refused only after submitting.
    other_owner = make_user(roles=("beneficiary", "participant"), email="owner@other.example.org")
    other = make_booth(fair, make_organisation(other_owner, name="Société des Éditeurs de Tunis", country="TN",
                                               region="arab_states"))
    [held] = add_slots(other, (10, 0))
    clashing, free = add_slots(booth, (10, 10), (11, 0))
    login(visitor)
    ask(client, other, held)

    html = client.get(f"/events/{fair.slug}/showcase/{booth.id}").get_data(as_text=True)

    radios = {int(value): "disabled" in tag for tag, value in
              ((tag, re.search(r'value="(\d+)"', tag).group(1)) for tag in re.findall(r'<input type="radio"[^>]*>', html))}
    assert radios == {clashing.id: True, free.id: False}
    text = page_text(html)
    assert "Unavailable: you have a meeting at Société des Éditeurs de Tunis then" in text, text[text.find("Choose a time"):][:400]
    response = ask(client, booth, clashing)  # the server still refuses it
    assert "You have a meeting at" in page_text(response.get_data(as_text=True)) or requests_count() == 1


def test_a_meeting_time_is_joined_as_arabic_writes_it(client, login, booth_and_people, visitor, smtp_server):
    # "9 يونيو 2027, 10:00 ص–…": the page and the HTML e-mail joined day and time with a Latin comma.
    booth, owner, staff = booth_and_people
    [slot] = add_slots(booth, (10, 0))
    owner.locale = "ar"
    db.session.commit()
    login(visitor)
    ask(client, booth, slot)
    page = client.get("/showcase/meetings?lang=ar").get_data(as_text=True)
    html_mail = smtp_server.last_to(owner.email).get_body(preferencelist=("html",)).get_content()
    for text in (page, html_mail):
        assert "2027, " not in text and "2027، " in text


def test_a_meeting_accepted_for_someone_whose_language_is_no_longer_offered_is_sent_in_english(
        client, login, booth_and_people, visitor, smtp_server):
    booth, owner, staff = booth_and_people
    visitor.locale = "xx"  # a language the site spoke once
    db.session.commit()
    [slot] = add_slots(booth, (15, 40))
    login(visitor)
    ask(client, booth, slot)
    client.submit("/account/logout", form_url="/")
    login(staff)

    response = answer(client, booth, request_of(visitor), "accept")

    assert response.status_code == 302 and request_of(visitor).status == ACCEPTED
    vevent = calendar_in(smtp_server.last_to(visitor.email)).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]).startswith("Meeting: ")
