"""The demo shows check-in and certificates: a finished workshop with people checked in, and the set-up
of the events still to come."""
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from events.models import Event, Session
from registration import certificates, desk_access
from registration.models import BadgeDesign, Certificate, CheckIn, CheckinDevice, CheckinStaff, Registration
from tests.conftest import page_text

BANGKOK = "regional-workshop-cultural-statistics-bangkok"


def _count(model, *criteria) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*criteria))


def test_demo_has_a_finished_workshop_with_check_ins_attendance_and_certificates(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0

    event = db.session.scalar(select(Event).where(Event.slug == BANGKOK))
    assert event.ends_at < utcnow()
    registrations = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    assert 15 <= len(registrations) <= 25 and {r.status for r in registrations} == {"confirmed"}
    # At the desk (the online participants' attendance, drawn from their joins, is test_online_demo's).
    door = db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id, CheckIn.session_id.is_(None),
                                                    CheckIn.undone_at.is_(None), ~CheckIn.is_recorded_afterwards,
                                                    ~CheckIn.is_online)).all()
    days_of = {}
    for row in door:
        days_of.setdefault(row.registration_id, set()).add(row.day)
        assert row.at.astimezone(event.zone).date() == row.day  # written on the day it happened
    assert len(days_of) < len(registrations)  # some never came
    assert {len(days) for days in days_of.values()} == {1, 2}  # most both days, some one
    attended = db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id, CheckIn.session_id.is_not(None),
                                                        CheckIn.undone_at.is_(None), ~CheckIn.is_online)).all()
    assert {row.session.title for row in attended} == {s.title for s in event.sessions if s.takes_attendance}
    assert len([s for s in event.sessions if s.takes_attendance]) == 2
    for row in attended:  # someone at a session was at the event that day
        assert row.day in days_of[row.registration_id]
    assert _count(CheckIn, CheckIn.event_id == event.id, CheckIn.undone_at.is_not(None)) == 1
    staff = db.session.scalar(select(User).where(User.email == "checkin@convene.example"))
    assert {row.by_user_id for row in door + attended} == {staff.id}

    # One day was recorded after the fact by the organiser, the day after the workshop, under their name.
    [afterwards] = db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id,
                                                            CheckIn.is_recorded_afterwards)).all()
    assert afterwards.by.email == "organiser@convene.example" and afterwards.at > event.ends_at
    assert afterwards.registration_id in days_of and afterwards.day not in days_of[afterwards.registration_id]
    # The desk's scanner token expired after the workshop.
    [device] = db.session.scalars(select(CheckinDevice).where(CheckinDevice.event_id == event.id)).all()
    assert desk_access.is_expired(device)

    # A few took part online (a hybrid workshop): attendance online, never scanned, and certificates too.
    online = {r.id for r in registrations if r.participation == "online"}
    assert 1 <= len(online) <= 5 and not online & set(days_of)
    online_rows = db.session.scalars(select(CheckIn).where(CheckIn.event_id == event.id, CheckIn.is_online)).all()
    assert {row.registration_id for row in online_rows} == online and {row.by_user_id for row in online_rows} == {None}
    issued = db.session.scalars(select(Certificate).where(Certificate.event_id == event.id)).all()
    online = set(db.session.scalars(select(CheckIn.registration_id).where(CheckIn.event_id == event.id,
                                                                          CheckIn.is_online)))
    assert online and not online & set(days_of)
    assert {c.registration_id for c in issued} == set(days_of) | online
    assert db.session.get(BadgeDesign, event.id).signatory_name
    names = {c.full_name for c in issued}
    assert {"فاطمة الزهراء بنعلي", "李静", "Олена Коваленко"} <= names
    mine = next(c for c in issued if c.registration.email == "participant@convene.example")
    assert mine.sessions and mine.minutes > 0
    page = client.get(f"/certificates/{certificates.format_code(mine.code)}")
    assert page.status_code == 200 and mine.full_name in page_text(page.get_data(as_text=True))

    # Logged in, the participant finds the certificate among their registrations.
    assert client.submit("/account/login", {"email": "participant@convene.example",
                                            "password": "convene-demo"}).status_code == 302
    mine_page = client.get("/registrations").get_data(as_text=True)
    assert f"/registrations/{mine.registration_id}/certificate.pdf" in mine_page

    # Running the demo again adds nothing.
    before = [_count(model) for model in (Registration, CheckIn, Certificate, CheckinStaff, BadgeDesign)]
    result = runner.invoke(args=["demo-data"])
    assert "0 registrations, 0 check-ins and 0 certificates created" in result.output
    assert [_count(model) for model in (Registration, CheckIn, Certificate, CheckinStaff, BadgeDesign)] == before


def test_demo_sets_check_in_up_for_the_events_to_come(app):
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0

    staff = db.session.scalar(select(User).where(User.email == "checkin@convene.example"))
    slugs = set(db.session.scalars(select(Event.slug).join(CheckinStaff, CheckinStaff.event_id == Event.id)
                                   .where(CheckinStaff.user_id == staff.id)))
    assert {"global-forum-cultural-policies-2027", "workshop-status-of-the-artist-dakar"} <= slugs
    conference = db.session.scalar(select(Event).where(Event.slug == "global-forum-cultural-policies-2027"))
    design = db.session.get(BadgeDesign, conference.id)
    assert design.layout == "a6" and design.colours == {}
    taking = db.session.scalars(select(Session).where(Session.event_id == conference.id, Session.takes_attendance))
    assert {session.session_type for session in taking} == {"workshop"}
    assert _count(Session, Session.event_id == conference.id, Session.takes_attendance) == 2


def test_demo_shows_a_full_event_places_left_and_the_overview_figures(app, client, login):
    from tests.events.test_manage import _figures

    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0

    dakar = page_text(client.get("/events/workshop-status-of-the-artist-dakar/").get_data(as_text=True))
    assert "Full: all places are taken." in dakar and "Join the waiting list" in dakar
    paris = "/events/global-forum-cultural-policies-2027"
    # 300 places in the room: 8 people registered (2 of them take part online: a hybrid conference with unlimited
    # online places), 3 walk-ins, 1 added by an organiser, Kenya's 2 approved delegates.
    assert "In person: 288 places left." in page_text(client.get(f"{paris}/").get_data(as_text=True))
    listing = page_text(client.get("/events/").get_data(as_text=True))
    assert "Full Registering puts you on the waiting list." in listing and "In person: 288 places left." in listing

    organiser = db.session.scalar(select(User).where(User.email == "organiser@convene.example"))
    organiser.locale = "en"  # the demo organiser reads French
    db.session.commit()
    login(organiser, password="convene-demo")
    figures = _figures(client.get(f"{paris}/manage").get_data(as_text=True))
    assert figures["Places taken in person"][0] == "12 of 300" and figures["Places taken online"][0] == "2"
    figures = _figures(client.get("/events/workshop-status-of-the-artist-dakar/manage").get_data(as_text=True))
    assert figures["Places taken"][0] == "3 of 3" and figures["On the waiting list"][0] == "2"
    assert figures["Places offered, waiting for an answer"][0] == "1"
