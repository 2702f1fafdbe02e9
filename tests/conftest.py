"""Shared fixtures: the app on a fresh database, a client that fills in CSRF tokens, people, real SMTP.

The whole suite runs on SQLite, or on PostgreSQL when TEST_DB_BACKEND=postgresql and
TEST_DATABASE_URL points at a server (a fresh database is created for the run and dropped after).
The schema is built by the migrations, never by create_all, so every run tests them too.
"""
from email import message_from_bytes, policy
import os
import re
import socket
import threading
import uuid

from aiosmtpd.controller import Controller
from flask.globals import _cv_app
from flask.testing import FlaskClient
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestConfig, database_url

IN_CI = os.environ.get("CI") == "true"
PG_URL = database_url(os.environ.get("TEST_DATABASE_URL"))
BACKEND = os.environ.get("TEST_DB_BACKEND", "sqlite")


def unavailable(reason: str):
    """Skip on a developer's machine; in CI a missing PostgreSQL or browser is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test may not be skipped)")
    pytest.skip(reason)


def create_pg_database(prefix: str) -> str:
    """A new empty PostgreSQL database on the TEST_DATABASE_URL server; returns its URL."""
    if not PG_URL:
        unavailable("TEST_DATABASE_URL is not set: no PostgreSQL to test against")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # the server is down or refuses us
        unavailable(f"PostgreSQL at TEST_DATABASE_URL is not reachable: {error}")
    finally:
        admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def release_database():
    """Give back every connection of the current app, so none is left for the garbage collector."""
    from core.extensions import db

    db.session.remove()
    db.engine.dispose()


def make_config(url: str, **overrides):
    return type("RunTestConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, **overrides})


def pytest_collection_modifyitems(config, items):
    # PostgreSQL-only tests run in the PostgreSQL pass; the SQLite pass leaves them to it.
    if BACKEND != "postgresql" and PG_URL:
        kept = [item for item in items if "pg_only" not in item.keywords]
        config.hook.pytest_deselected(items=[item for item in items if "pg_only" in item.keywords])
        items[:] = kept


@pytest.fixture(scope="session")
def database_url_for_run(tmp_path_factory):
    if BACKEND == "postgresql":
        url = create_pg_database("convene_test")
        yield url
        drop_pg_database(url)
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "convene.db")


@pytest.fixture(scope="session")
def migrated_database(database_url_for_run, tmp_path_factory):
    from flask_migrate import upgrade

    from factory import create_app

    app = create_app(make_config(database_url_for_run))
    with app.app_context():
        upgrade()
        release_database()
    return database_url_for_run


@pytest.fixture
def app(migrated_database, tmp_path):
    from core.cache import forget_everything
    from core.extensions import db
    from factory import create_app

    forget_everything()  # remembered pages are keyed by row ids, which a cleaned database hands out again

    app = create_app(make_config(migrated_database, UPLOAD_FOLDER=str(tmp_path / "uploads")),
                     instance_path=str(tmp_path / "instance"))
    app.test_client_class = FormClient  # every client a test makes, not only the `client` fixture
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        release_database()


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class FormClient(FlaskClient):
    """The test client, plus `submit`: fetch the page's CSRF token, then post the form like a browser.

    Each request gets its own application context, as in production. Without this, requests made
    inside a test's app context would share its `g` (the logged-in user, the page language) and
    its database session.
    """

    def open(self, *args, **kwargs):
        # Read streamed answers whole before the context is given back, as a browser would by the end.
        kwargs.setdefault("buffered", True)
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)

    def csrf_token(self, url: str = "/") -> str | None:
        page = self.get(url).get_data(as_text=True)
        match = CSRF_INPUT.search(page)
        return match.group(1) if match else None

    def submit(self, url: str, data: dict | None = None, form_url: str | None = None, **kwargs):
        """Post like a browser: with the token of the page the form is on, if it has one."""
        data = dict(data or {})
        token = self.csrf_token(form_url or url)
        if token:
            data.setdefault("csrf_token", token)
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = FormClient
    return app.test_client()


PASSWORD = "correct horse battery"


@pytest.fixture
def make_user(app):
    from accounts.models import User, UserRole
    from accounts.services import hash_password
    from core.extensions import db
    from core.models import utcnow

    counter = iter(range(1, 10_000))

    def make(email=None, password=PASSWORD, roles=("participant",), confirmed=True, **fields):
        number = next(counter)
        user = User(
            email=email or f"person{number}@example.org",
            password_hash=hash_password(password),
            full_name=fields.pop("full_name", f"Person {number}"),
            email_confirmed_at=utcnow() if confirmed else None,
            **fields,
        )
        user.roles = [UserRole(role=role) for role in roles]
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    def do_login(user, password=PASSWORD):
        response = client.submit("/account/login", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login


class MailCatcher:
    def __init__(self):
        self.messages = []
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.received.set()
        return "250 OK"

    def last_to(self, address: str):
        matches = [m for m in self.messages if m["To"] == address]
        assert matches, f"no mail to {address}; got {[m['To'] for m in self.messages]}"
        return matches[-1]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on localhost that the app sends to; `.messages` holds what arrived."""
    catcher = MailCatcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield catcher
    controller.stop()


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in a mail's text that starts with `path_prefix`."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s]*)", text_of(message))
    assert match, f"no {path_prefix} link in: {text_of(message)}"
    return match.group(1)


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Tests read the .mo files; compile them from the .po sources so they are never stale.

    Under pytest-xdist every worker runs this: the first compiles under a lock, and the others, waiting on
    it, find the .mo files newer than their sources and leave them alone, so none is rewritten while another
    worker reads it.
    """
    import fcntl
    import glob
    import hashlib
    import tempfile

    from babel.messages.frontend import CommandLineInterface

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folder = os.path.join(root, "translations")
    lock_path = os.path.join(tempfile.gettempdir(), f"convene-catalogues-{hashlib.sha1(folder.encode()).hexdigest()[:12]}")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sources = glob.glob(os.path.join(folder, "*", "LC_MESSAGES", "messages.po"))
        if any(not os.path.exists(po[:-2] + "mo") or os.path.getmtime(po[:-2] + "mo") < os.path.getmtime(po)
               for po in sources):
            CommandLineInterface().run(["pybabel", "-q", "compile", "-d", folder])


@pytest.fixture
def make_event(app, make_user):
    """An event with its organiser team; times are given on the venue's clocks (naive, in `zone`)."""
    from datetime import datetime, timedelta

    from core.times import to_utc
    from events.models import Event, EventOrganiser, PUBLISHED
    from events.services import touch
    from core.extensions import db
    from core.models import utcnow
    from core.regions import region_of

    counter = iter(range(1, 10_000))

    def make(kind="conference", status=PUBLISHED, visibility="public", zone="Europe/Paris",
             start=datetime(2027, 3, 27, 9, 0), end=None, team=None, **fields):
        number = next(counter)
        end = end or start + timedelta(days=2, hours=9)
        organisers = team if team is not None else [make_user(roles=("organiser", "participant"))]
        event = Event(
            slug=fields.pop("slug", f"event-{number}"), kind=kind, title=fields.pop("title", f"Event {number}"),
            timezone=zone, starts_at=to_utc(start, zone), ends_at=to_utc(end, zone), status=status,
            visibility=visibility, details=fields.pop("details", {}), working_languages=fields.pop("languages", ["en"]),
            venue_name=fields.pop("venue_name", "UNESCO Headquarters"),
            team=[EventOrganiser(user_id=user.id) for user in organisers], **fields)
        event.region = region_of(event.country)
        if status != "draft":
            event.first_published_at = utcnow()
        touch(event)
        db.session.add(event)
        db.session.commit()
        return event

    return make


def open_event(make_event, **settings):
    """An event from `make_event` taking registrations (open until it starts, unless `closes_at` says)."""
    from core.extensions import db
    from registration.models import RegistrationSettings

    event = make_event()
    settings.setdefault("closes_at", event.starts_at)
    db.session.add(RegistrationSettings(event_id=event.id, is_open=True, **settings))
    db.session.commit()
    return event


def registration_of(user, event):
    """The person's registration for the event as the database holds it now."""
    from sqlalchemy import select

    from core.extensions import db
    from registration.models import Registration

    db.session.expire_all()
    return db.session.scalar(select(Registration).where(Registration.user_id == user.id,
                                                        Registration.event_id == event.id))


@pytest.fixture
def make_session(app):
    """A session of `event` starting at a local (naive) time on the venue's clocks."""
    from datetime import timedelta

    from core.extensions import db
    from core.times import to_utc
    from events.models import Session, SessionSpeaker

    def make(event, start, minutes=60, room=None, track=None, speakers=(), **fields):
        session = Session(event=event, title=fields.pop("title", "A session"),
                          starts_at=to_utc(start, event.timezone),
                          ends_at=to_utc(start + timedelta(minutes=minutes), event.timezone), room=room, track=track,
                          speaker_links=[SessionSpeaker(speaker=speaker, position=index)
                                         for index, speaker in enumerate(speakers)], **fields)
        db.session.add(session)
        db.session.commit()
        return session

    return make


@pytest.fixture
def count_queries(app):
    from core.diagnostics import QueryCounter
    from core.extensions import db

    return lambda: QueryCounter(db.engine)


def page_text(html: str) -> str:
    """The page as a person reads it: tags removed, spaces folded."""
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" –", "–").replace("– ", "–")


#: Tests that use Redis take its database 15, each with a queue of its own.
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_queue(app):
    """Jobs go to a queue of this test's own on the local Redis."""
    import uuid

    from redis import Redis
    from redis.exceptions import ConnectionError

    try:
        Redis.from_url(REDIS_URL).ping()
    except ConnectionError:
        unavailable("no Redis on 127.0.0.1:6379")
    from core import jobs

    app.config.update(REDIS_URL=REDIS_URL, JOB_RUNNER="rq", JOB_QUEUE=f"convene-test-{uuid.uuid4().hex}")
    yield jobs.queue()
    jobs.queue().delete(delete_jobs=True)
