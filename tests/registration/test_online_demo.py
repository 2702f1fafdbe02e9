"""The demo of online participation: the community of practice online with past monthly meetings whose joins and
certificates are there, Bangkok's online participants with theirs, and the Paris sessions' rooms and languages."""
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from events.models import HYBRID, ONLINE, Event
from registration import certificates
from registration.models import Certificate, CheckIn, OnlineJoin, Registration
from tests.conftest import page_text
from tests.main_pages import BANGKOK, DEMO_PASSWORD, PARIS, load_demo

COMMUNITY = "community-of-practice-cultural-statistics"


def _event(slug) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def test_the_demo_has_online_meetings_with_joins_and_certificates(app, client):
    load_demo(app)

    assert _event(COMMUNITY).attendance_mode == ONLINE
    for slug in (f"{COMMUNITY}-2026-10", f"{COMMUNITY}-2026-11"):
        meeting = _event(slug)
        assert meeting.attendance_mode == ONLINE and len(meeting.sessions) == 2
        assert meeting.team[0].user.email == "organiser@convene.example"
        people = db.session.scalars(select(Registration).where(Registration.event_id == meeting.id)).all()
        joined = set(db.session.scalars(select(OnlineJoin.registration_id).where(OnlineJoin.event_id == meeting.id)))
        issued = {c.registration_id: c for c in db.session.scalars(
            select(Certificate).where(Certificate.event_id == meeting.id))}
        assert len(people) == 7 and len(joined) == 6 and set(issued) == joined
        for certificate in issued.values():
            assert certificate.sessions  # the sessions joined
    november = _event(f"{COMMUNITY}-2026-11")
    first = next(c for c in db.session.scalars(select(Certificate).where(Certificate.event_id == november.id))
                 if c.registration.email == "participant@convene.example")
    assert [item["title"] for item in first.sessions] == [
        "Country presentation: Kenya's survey of the creative economy", "Open discussion: data on artists' incomes"]

    bangkok = _event(BANGKOK)
    assert bangkok.attendance_mode == HYBRID
    online_people = db.session.scalars(select(Registration).where(Registration.event_id == bangkok.id,
                                                                  Registration.participation == ONLINE)).all()
    assert {person.email for person in online_people} == {"kwame.mensah@convene.example",
                                                           "soren.ostergaard@convene.example"}
    for person in online_people:
        certificate = certificates.certificate_of(person)
        assert certificate is not None and certificate.sessions
        assert db.session.scalar(select(func.count()).select_from(CheckIn).where(
            CheckIn.registration_id == person.id, CheckIn.is_online)) >= 2

    paris = _event(PARIS)
    assert paris.attendance_mode == HYBRID
    plenaries = [s for s in paris.sessions if s.session_type == "plenary"]
    assert plenaries and all(s.languages == ["en", "fr", "es", "ar"] and s.online_url for s in plenaries)
    assert all(s.online_url == "" for s in paris.sessions if s.session_type == "break")

    # The organiser reads who joined the November meeting.
    organiser = db.session.scalar(select(User).where(User.email == "organiser@convene.example"))
    organiser.locale = "en"
    db.session.commit()
    client.submit("/account/login", {"email": organiser.email, "password": DEMO_PASSWORD})
    page = page_text(client.get(f"/events/{november.slug}/manage/online").get_data(as_text=True))
    assert "10 Nov 2026: 6 people joined, 6 attended online" in page

    # Running the demo again adds nothing.
    before = [db.session.scalar(select(func.count()).select_from(model)) for model in (OnlineJoin, CheckIn, Certificate)]
    load_demo(app)
    assert [db.session.scalar(select(func.count()).select_from(model))
            for model in (OnlineJoin, CheckIn, Certificate)] == before
