"""Timings without a server, and SQL queries per page: printed as JSON for bench/report.py.

Run as `python -m bench.inprocess [pdf runs]` against the database bench/data.py built. Each timed run
starts from an empty SQLAlchemy session, as a request does, so loading the programme costs what it
costs in a request.
"""
import json
import sqlite3
import statistics
import sys
from time import perf_counter


from bench.data import BIG_SLUG, SMALL_SLUG
from core.diagnostics import QueryCounter
from core.extensions import db
from events import ical, services
from events.programme import programme
from events.programme_pdf import programme_pdf
from events.links import page_link

FEED_RUNS = 20
#: What the query counts cover, for each of the two events: the pages and feeds a visitor opens.
PAGES = {"event page": "/events/{slug}/", "programme": "/events/{slug}/programme",
         "programme by room": "/events/{slug}/programme?view=room", "feed": "/events/{slug}/calendar.ics",
         "feed, unchanged (304)": "/events/{slug}/calendar.ics"}


def _timed(function, runs: int) -> dict:
    times = []
    for _ in range(runs):
        db.session.remove()
        event = services.find_event(BIG_SLUG)
        times.append(function(event))
    return {"runs": runs, "min_ms": min(times) * 1000, "median_ms": statistics.median(times) * 1000}


def _feed(event) -> float:
    started = perf_counter()
    ical.event_calendar(event, programme(event), link=page_link)
    return perf_counter() - started


def _programme_query(event) -> float:
    started = perf_counter()
    programme(event)
    return perf_counter() - started


def _calendar_only(event) -> float:
    sessions = programme(event)
    started = perf_counter()
    ical.event_calendar(event, sessions, link=page_link)
    return perf_counter() - started


def _pdf(event) -> float:
    started = perf_counter()
    programme_pdf(event, programme(event))
    return perf_counter() - started


def timings(app, pdf_runs: int) -> dict:
    with app.test_request_context("/", base_url="http://127.0.0.1:5000/"):
        event = services.find_event(BIG_SLUG)
        feed = ical.event_calendar(event, programme(event), link=page_link)
        return {
            "feed_bytes": len(feed),
            "sessions": len(event.sessions),
            "feed": _timed(_feed, FEED_RUNS),
            "programme_query": _timed(_programme_query, FEED_RUNS),
            "calendar_only": _timed(_calendar_only, FEED_RUNS),
            "pdf": _timed(_pdf, pdf_runs),
        }


def per_request(app) -> dict:
    """Milliseconds per request through the test client: the app's own cost, without server or network."""
    from bench.hello import app as hello_app

    urls = {"hello": (hello_app, "/", 200), "list": (app, "/events/", 200),
            "event-5": (app, f"/events/{SMALL_SLUG}/", 200), "event": (app, f"/events/{BIG_SLUG}/", 200),
            "programme": (app, f"/events/{BIG_SLUG}/programme", 200),
            "feed": (app, f"/events/{BIG_SLUG}/calendar.ics", 200),
            "feed-304": (app, f"/events/{BIG_SLUG}/calendar.ics", 304)}
    etag = app.test_client().get(urls["feed"][1]).headers["ETag"]
    result = {}
    for name, (target, path, expected) in urls.items():
        client = target.test_client()
        headers = {"If-None-Match": etag} if expected == 304 else {}
        client.get(path, headers=headers)
        times, deadline = [], perf_counter() + 1.5  # as many runs as fit, at least 10
        while len(times) < 10 or (perf_counter() < deadline and len(times) < 200):
            started = perf_counter()
            response = client.get(path, headers=headers)
            times.append(perf_counter() - started)
        if response.status_code != expected:
            raise SystemExit(f"{path} answered {response.status_code}, not {expected}")
        result[name] = {"runs": len(times), "min_ms": min(times) * 1000, "median_ms": statistics.median(times) * 1000}
    return result


def query_counts(app) -> dict:
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    counts: dict[str, dict[str, int]] = {}
    for name, pattern in PAGES.items():
        counts[name] = {}
        for label, slug in (("small", SMALL_SLUG), ("big", BIG_SLUG)):
            path = pattern.format(slug=slug)
            headers = {}
            if "304" in name:
                headers["If-None-Match"] = client.get(path).headers["ETag"]
            client.get(path, headers=headers)  # warm: the first request of a process loads more
            with QueryCounter(engine) as counter:
                response = client.get(path, headers=headers)
            expected = 304 if "304" in name else 200
            if response.status_code != expected:
                raise SystemExit(f"{path} answered {response.status_code}, not {expected}")
            counts[name][label] = counter.count
    with QueryCounter(engine) as counter:
        client.get("/events/")
    counts["event list (20 of 202 events)"] = {"small": counter.count, "big": counter.count}
    return counts


def database(app) -> str:
    with app.app_context(), db.engine.connect() as connection:
        dialect = connection.dialect
        if dialect.name == "sqlite":
            return f"SQLite {sqlite3.sqlite_version} (a file in a temporary folder)"
        name = {"postgresql": "PostgreSQL"}.get(dialect.name, dialect.name)
        return f"{name} {'.'.join(str(part) for part in dialect.server_version_info or ())}"


def main() -> None:
    from factory import create_app

    pdf_runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    app = create_app()
    result = {"database": database(app), "timings": timings(app, pdf_runs),
              "per_request": per_request(app), "queries": query_counts(app)}
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
