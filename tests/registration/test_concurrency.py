"""No overbooking, ever: many registrations at once on PostgreSQL, each on its own connection."""
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.cookiejar import CookieJar
import threading
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from core.extensions import db
from core.models import utcnow
from factory import create_app
from tests.conftest import create_pg_database, drop_pg_database, make_config, release_database

pytestmark = pytest.mark.pg_only

CAPACITY, PEOPLE = 5, 40


@contextmanager
def rush_database(tmp_path, prefix: str, submitters: int):
    """An app on a new PostgreSQL database with a connection for every submitter (each also sends its
    mail after the commit), like many workers; the database is dropped afterwards."""
    url = create_pg_database(prefix)
    app = create_app(make_config(url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 2 * submitters + 10, "max_overflow": 0}),
                     instance_path=str(tmp_path))
    try:
        with app.app_context():
            upgrade()
            release_database()
        yield app
    finally:
        with app.app_context():
            release_database()
        drop_pg_database(url)


def open_workshop(slug: str, capacity: int):
    """A one-day workshop taking registrations for a month, added to the session and flushed."""
    from core.times import to_utc
    from events.models import PUBLISHED, Event
    from registration.models import RegistrationSettings

    event = Event(slug=slug, kind="workshop", title="Popular workshop", timezone="Europe/Paris",
                  starts_at=to_utc(datetime(2027, 6, 1, 9), "Europe/Paris"),
                  ends_at=to_utc(datetime(2027, 6, 1, 17), "Europe/Paris"), status=PUBLISHED, details={},
                  working_languages=[])
    db.session.add(event)
    db.session.flush()
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, capacity=capacity,
                                        closes_at=utcnow() + timedelta(days=30)))
    return event


def test_simultaneous_registrations_never_overbook(tmp_path):
    from accounts.models import User, UserRole
    from events.models import Event
    from registration import services
    from registration.models import Registration

    with rush_database(tmp_path, "convene_rush", PEOPLE + 4) as app:
        with app.app_context():
            event = open_workshop("rush", CAPACITY)
            users = [User(email=f"p{n}@example.org", password_hash="x", full_name=f"Person {n}",
                          roles=[UserRole(role="participant")]) for n in range(PEOPLE)]
            db.session.add_all(users)
            db.session.commit()
            event_id, user_ids = event.id, [user.id for user in users]
            release_database()

        start = threading.Barrier(PEOPLE + 4)

        def submit(user_id):
            with app.app_context():
                try:
                    start.wait()
                    user, event = db.session.get(User, user_id), db.session.get(Event, event_id)
                    registration = services.register(event, user, {"full_name": user.full_name,
                                                                   "organisation": "Org"})
                    return registration.status
                except services.AlreadyRegistered:
                    return "duplicate"
                finally:
                    db.session.remove()

        # Every person once, and four of them a second time at the same moment (a double click).
        with ThreadPoolExecutor(max_workers=PEOPLE + 4) as pool:
            answers = list(pool.map(submit, user_ids + user_ids[:4]))

        with app.app_context():
            rows = db.session.execute(select(Registration.status, func.count()).where(
                Registration.event_id == event_id).group_by(Registration.status)).all()
            emails = db.session.scalars(select(Registration.email)).all()
            release_database()

        assert len(answers) == PEOPLE + 4  # every submission got a definite answer
        assert answers.count("confirmed") == CAPACITY
        assert answers.count("waitlisted") == PEOPLE - CAPACITY
        assert answers.count("duplicate") == 4
        assert dict(rows) == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY}
        assert len(emails) == len(set(emails)) == PEOPLE


SEATS, TAKERS = 3, 30


def test_simultaneous_session_choices_never_overbook_a_session(tmp_path):
    from accounts.models import User, UserRole
    from core.times import to_utc
    from events.models import PUBLISHED, Event, Session
    from registration import services
    from registration.models import CONFIRMED, Registration, RegistrationSettings, SessionChoice, SessionPlaces

    with rush_database(tmp_path, "convene_seats", TAKERS) as app:
        with app.app_context():
            starts = to_utc(datetime(2027, 6, 1, 9), "Europe/Paris")
            event = Event(slug="seats", kind="conference", title="Conference", timezone="Europe/Paris",
                          starts_at=starts, ends_at=starts + timedelta(hours=8), status=PUBLISHED, details={},
                          working_languages=[])
            visit = Session(event=event, title="Site visit", starts_at=starts + timedelta(hours=2),
                            ends_at=starts + timedelta(hours=4))
            db.session.add_all([event, visit])
            db.session.flush()
            db.session.add(RegistrationSettings(event_id=event.id, is_open=True,
                                                closes_at=utcnow() + timedelta(days=9)))
            db.session.add(SessionPlaces(session_id=visit.id, event_id=event.id, capacity=SEATS))
            users = [User(email=f"t{n}@example.org", password_hash="x", full_name=f"Taker {n}",
                          roles=[UserRole(role="participant")]) for n in range(TAKERS)]
            db.session.add_all(users)
            db.session.commit()
            for user in users:
                services.register(event, user, {"full_name": user.full_name, "organisation": "Org"})
            registration_ids = db.session.scalars(select(Registration.id)).all()
            visit_id = visit.id
            release_database()

        start = threading.Barrier(TAKERS)

        def choose(registration_id):
            with app.app_context():
                try:
                    registration = db.session.get(Registration, registration_id)
                    start.wait()
                    services.update(registration, {}, {visit_id}, by=None)
                    return db.session.get(Registration, registration_id).choices[0].status
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(max_workers=TAKERS) as pool:
            answers = list(pool.map(choose, registration_ids))

        with app.app_context():
            seated = db.session.scalar(select(func.count()).select_from(SessionChoice).where(
                SessionChoice.status == CONFIRMED))
            release_database()

        assert answers.count("confirmed") == seated == SEATS
        assert answers.count("waitlisted") == TAKERS - SEATS


COMEBACKS = 5


@contextmanager
def serving(app):
    """The app behind a real HTTP server on localhost, answering each request in its own thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


class Browser:
    """One person's browser: its own cookies, forms posted with the token of the page they are on."""

    def __init__(self, base: str):
        self.base, self.opener = base, build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect())

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def token(self, path: str) -> str:
        from tests.conftest import CSRF_INPUT

        return CSRF_INPUT.search(self.get(path)).group(1)

    def post(self, path: str, data: dict) -> int:
        try:
            with self.opener.open(self.base + path, urlencode(data).encode()) as response:
                return response.status
        except HTTPError as error:
            return error.code


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer itself: the test reads its status


def test_register_again_clicked_twice_registers_once(tmp_path):
    """People who cancelled register again, each submitting the form twice at the same moment over
    HTTP: each comes back once (one history line, one e-mail), and nobody who got a place back is
    moved to the waiting list by their own second click."""
    from accounts.models import User, UserRole
    from accounts.services import hash_password
    from core.mail import OutboxMessage
    from registration.models import CANCELLED, CONFIRMED, Registration, RegistrationChange
    from tests.conftest import PASSWORD

    with rush_database(tmp_path, "convene_again", 2 * COMEBACKS) as app:
        with app.app_context():
            # Ten places: five taken by others, five given back by the people who now come back.
            event = open_workshop("again", 2 * COMEBACKS)
            password = hash_password(PASSWORD)
            people = [User(email=f"back{n}@example.org", password_hash=password, full_name=f"Back {n}",
                           email_confirmed_at=utcnow(), roles=[UserRole(role="participant")])
                      for n in range(COMEBACKS)]
            db.session.add_all(people)
            db.session.flush()
            for n in range(COMEBACKS):
                db.session.add(Registration(event_id=event.id, email=f"other{n}@example.org", full_name="Other",
                                            status=CONFIRMED, history=[], choices=[]))
                db.session.add(Registration(event_id=event.id, email=people[n].email, user_id=people[n].id,
                                            full_name=people[n].full_name, status=CANCELLED, history=[],
                                            choices=[]))
            db.session.commit()
            emails = [person.email for person in people]
            mails_before = db.session.scalar(select(func.count()).select_from(OutboxMessage))
            release_database()

        form = {"full_name": "Back again", "organisation": "Org", "stakeholder_group": "civil_society",
                "country": "FR", "consent": "y"}
        with serving(app) as base:
            browsers = []
            for email in emails:
                browser = Browser(base)
                assert browser.post("/account/login", {"email": email, "password": PASSWORD,
                                                       "csrf_token": browser.token("/account/login")}) == 302
                browsers.append((browser, browser.token("/events/again/register")))
            start = threading.Barrier(2 * COMEBACKS)

            def submit(browser_and_token):
                browser, token = browser_and_token
                start.wait()
                return browser.post("/events/again/register", {**form, "csrf_token": token})

            with ThreadPoolExecutor(max_workers=2 * COMEBACKS) as pool:
                answers = list(pool.map(submit, browsers + browsers))

        with app.app_context():
            statuses = dict(db.session.execute(select(Registration.email, Registration.status)).all())
            comebacks = db.session.execute(select(Registration.email, func.count()).join(RegistrationChange).where(
                RegistrationChange.to_status != CANCELLED).group_by(Registration.email)).all()
            mails = db.session.execute(select(OutboxMessage.recipient, func.count()).group_by(
                OutboxMessage.recipient)).all()
            mails_after = db.session.scalar(select(func.count()).select_from(OutboxMessage))
            release_database()

        assert answers == [302] * (2 * COMEBACKS)  # each click answered: registered, or already registered
        assert [statuses[email] for email in emails] == [CONFIRMED] * COMEBACKS  # nobody pushed to the waiting list
        assert dict(comebacks) == {email: 1 for email in emails}  # one line in each history
        assert dict(mails) == {email: 1 for email in emails} and mails_after - mails_before == COMEBACKS
