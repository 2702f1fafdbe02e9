"""After the rush: what the database holds, checked; one registration alone, with the time it holds the
event's lock; then the participant list and the CSV export of an event with 50,000 registrations,
timed in process. Prints JSON for bench/report.py.

Run as `python -m bench.registration_inprocess RUSH_JSON` (RUSH_JSON: what bench/register_load.py
printed) against the database bench/registration_data.py built.

The organiser is logged in through the real log-in form; every page is requested through Flask's
test client, outside any application context of ours, so each request has its own database session
as under gunicorn.
"""
import io
import json
import statistics
import sys
from time import perf_counter
import tracemalloc

from sqlalchemy import distinct, event, func, select

from bench.inprocess import database
from bench.people import PASSWORD, rush_email, typed
from bench.register_load import CSRF_INPUT
from bench.registration_data import BIG_LIST_SLUG, ORGANISER_EMAIL, RUSH_SLUG, SMALL_LIST_SLUG, add_people
from core.diagnostics import QueryCounter
from core.extensions import db
from core.mail import OutboxMessage
from events.models import Event
from registration.models import CONFIRMED, WAITLISTED, Registration, RegistrationSettings

PAGE_RUNS, EXPORT_RUNS = 7, 3
#: People registering alone after the rush (the first is a warm-up).
SINGLE = 11
#: The organiser's list, as the views are opened: page 1, then a search within a status (the search
#: has no index to use: every registration of the event is read).
LIST_PAGES = {
    "page 1 of everyone": "/events/{slug}/manage/participants",
    "search “коваленко”, waiting list only": "/events/{slug}/manage/participants?q=коваленко&status=waitlisted",
}
EXPORT = "/events/{slug}/manage/participants.csv"


def rush_checks(app, rush: dict) -> dict:
    """The rush's outcome: never overbooked, every accepted submission counted once."""
    with app.app_context():
        rush_event = db.session.scalar(select(Event).where(Event.slug == RUSH_SLUG))
        capacity = db.session.get(RegistrationSettings, rush_event.id).capacity
        of_event = select(Registration).where(Registration.event_id == rush_event.id).subquery()
        statuses = dict(db.session.execute(select(of_event.c.status, func.count()).group_by(of_event.c.status)).all())
        rows, emails = db.session.execute(select(func.count(), func.count(distinct(of_event.c.email)))).one()
        mails = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.recipient.in_(
            select(of_event.c.email))))
    accepted = rush["answers"].get("302 /registrations", 0)
    confirmed, waitlisted = statuses.get(CONFIRMED, 0), statuses.get(WAITLISTED, 0)
    return {
        "capacity": capacity, "statuses": statuses, "rows": rows, "emails": emails, "mails": mails,
        "checks": [
            {"what": "every submission answered 302 to /registrations", "passed": rush["unexpected"] == 0,
             "found": f"{accepted:,} of {rush['submissions']:,}"},
            {"what": "confirmed registrations = capacity", "passed": confirmed == capacity,
             "found": f"{confirmed:,} confirmed, {capacity:,} places"},
            {"what": "confirmed + waiting list = submissions", "passed": confirmed + waitlisted == rush["submissions"],
             "found": f"{confirmed:,} + {waitlisted:,} = {confirmed + waitlisted:,}, "
                      f"{rush['submissions']:,} submitted"},
            {"what": "no other status", "passed": set(statuses) <= {CONFIRMED, WAITLISTED},
             "found": ", ".join(f"{status} {count:,}" for status, count in sorted(statuses.items()))},
            {"what": "no e-mail address registered twice", "passed": rows == emails,
             "found": f"{rows:,} registrations, {emails:,} addresses"},
            {"what": "one e-mail queued per registration", "passed": mails == rows,
             "found": f"{mails:,} e-mails, {rows:,} registrations"},
        ],
    }


def logged_in_client(app, email: str = ORGANISER_EMAIL):
    client = app.test_client()
    page = client.get("/account/login").get_data(as_text=True)
    response = client.post("/account/login", data={"email": email, "password": PASSWORD,
                                                    "csrf_token": CSRF_INPUT.search(page)[1]})
    if response.status_code != 302:
        raise SystemExit(f"bench.registration_inprocess: the log-in of {email} answered {response.status_code}")
    return client


class LockClock:
    """How long each transaction held an event's registration lock: from the UPDATE of its settings row
    (registration/places.py) to the commit, read from the engine's events with the app untouched."""

    def __init__(self, engine):
        self.engine, self.held, self._since = engine, [], None

    def _statement(self, connection, cursor, statement, *args):
        if self._since is None and statement.lstrip().upper().startswith("UPDATE REGISTRATION_SETTINGS"):
            self._since = perf_counter()

    def _commit(self, connection):
        if self._since is not None:
            self.held.append(perf_counter() - self._since)
        self._since = None

    def _rollback(self, connection):
        self._since = None

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "rollback", self._rollback)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)


def alone(app, rush: dict) -> dict:
    """The rush's registration without the rush: SINGLE more people, one after the other, on the now
    full event (the waiting list, as most of the rush). The time the lock is held bounds the rush: the
    registrations of one event pass it one at a time."""
    with app.app_context():
        add_people(rush["users"], SINGLE)
        db.session.commit()
        engine = db.engine
    posts = []
    with LockClock(engine) as clock:
        for number in range(rush["users"], rush["users"] + SINGLE):
            client = logged_in_client(app, rush_email(number))
            token = CSRF_INPUT.search(_get(client, f"/events/{RUSH_SLUG}/register").decode())[1]
            started = perf_counter()
            response = client.post(f"/events/{RUSH_SLUG}/register", data={
                **typed(number), "consent": "y", "csrf_token": token, "photo": (io.BytesIO(b""), "")})
            posts.append(perf_counter() - started)
            if response.status_code != 302:
                raise SystemExit(f"bench.registration_inprocess: a registration answered {response.status_code}")
    return {"runs": SINGLE, "post_median_ms": statistics.median(posts[1:]) * 1000,
            "lock_median_ms": statistics.median(clock.held[1:]) * 1000, "locks": len(clock.held)}


def _get(client, path: str) -> bytes:
    response = client.get(path)
    body = response.get_data()
    if response.status_code != 200:
        raise SystemExit(f"bench.registration_inprocess: {path} answered {response.status_code}, not 200")
    return body


def _median(client, path: str, runs: int, warm: bool = True) -> tuple[dict, bytes]:
    """The timings of `runs` requests, and the last answer's body."""
    if warm:
        _get(client, path)  # the first request of a process loads templates and more
    times = []
    for _ in range(runs):
        started = perf_counter()
        body = _get(client, path)
        times.append(perf_counter() - started)
    return {"runs": runs, "min_ms": min(times) * 1000, "median_ms": statistics.median(times) * 1000,
            "bytes": len(body)}, body


def list_pages(app, client) -> dict:
    with app.app_context():
        engine = db.engine
    result = {}
    for name, pattern in LIST_PAGES.items():
        result[name] = {}
        for label, slug in (("big", BIG_LIST_SLUG), ("small", SMALL_LIST_SLUG)):
            path = pattern.format(slug=slug)
            timing, _ = _median(client, path, PAGE_RUNS)
            with QueryCounter(engine) as counter:
                _get(client, path)
            result[name][label] = {**timing, "queries": counter.count, "path": path}
    return result


def _streamed_peaks(client, path: str, rows: int) -> dict:
    """Read the export chunk by chunk as a server would send it, noting the peak of traced memory after
    half the rows and at the end: streamed, the second half costs no more memory than the first did."""
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    response = client.get(path, buffered=False)
    size, lines, at_half = 0, 0, None
    try:
        for chunk in response.response:
            size, lines = size + len(chunk), lines + chunk.count(b"\r\n")
            if at_half is None and lines > rows // 2:  # the header line, then half the rows
                at_half = tracemalloc.get_traced_memory()[1] - before
    finally:
        response.close()
    peak = tracemalloc.get_traced_memory()[1] - before
    return {"streamed_bytes": size, "peak_bytes_half": at_half, "peak_bytes": peak}


def export(app, client) -> dict:
    result = {}
    # The small one first, warmed: what a first export loads is loaded then, not on the big one's clock.
    for label, slug in (("small", SMALL_LIST_SLUG), ("big", BIG_LIST_SLUG)):
        path = EXPORT.format(slug=slug)
        timing, body = _median(client, path, EXPORT_RUNS, warm=label == "small")
        rows = body.decode("utf-8-sig").count("\r\n") - 1  # the header line
        result[label] = {**timing, "rows": rows, "path": path}
    # Traced separately: tracemalloc slows Python down several times, so it must not touch the timings.
    tracemalloc.start()
    try:
        for label in ("small", "big"):
            result[label].update(_streamed_peaks(client, result[label]["path"], result[label]["rows"]))
    finally:
        tracemalloc.stop()
    return result


def main(args: list[str]) -> None:
    from factory import create_app

    rush = json.loads(open(args[0]).read())
    app = create_app()
    client = logged_in_client(app)
    # The checks first: the registrations made alone join the same event.
    result = {"database": database(app), "rush": rush_checks(app, rush), "alone": alone(app, rush),
              "list": list_pages(app, client), "export": export(app, client)}
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
