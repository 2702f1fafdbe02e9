"""The report benchmark (issue 7), in process: an event's dashboard and its CSV, XLSX and PDF downloads for
the event bench/report_data.py built with 50,000 registrations and for its small twin, with the SQL they
send; against two yardsticks timed in the same process, since the machine is shared and noisy: the bare
hello app, and the organiser's participant list of the same event (issue 4's benchmark page).

Run as `python -m bench.report_inprocess DATA_JSON` (what bench/report_data.py printed) against the database
it built; prints JSON for bench/report.py.

The organiser logs in through the real log-in form; every page is requested through Flask's test client,
outside any application context of ours, so each request has its own database session, as under gunicorn.
"""
import json
import math
import statistics
import sys
from time import perf_counter, process_time

from sqlalchemy import event as sa_event

from bench.inprocess import database
from bench.registration_inprocess import logged_in_client
from core.extensions import db

#: Timed runs after the warm-up, per kind of request.
RUNS = {"dashboard": 20, "build": 20, "participants": 10, "csv": 7, "xlsx": 5, "pdf": 3}
WARM_UP = 2
#: The downloads of the dashboard (Part D of issue 7), by endpoint: timed when the app serves them.
EXPORTS = {"csv": ("outcomes.report_csv", "/events/{slug}/report.csv"),
           "xlsx": ("outcomes.report_xlsx", "/events/{slug}/report.xlsx"),
           "pdf": ("outcomes.report_pdf", "/events/{slug}/report.pdf")}
DASHBOARD = "/events/{slug}/report"
PARTICIPANTS = "/events/{slug}/manage/participants"


class SqlClock:
    """Statements sent and the time spent in the driver's execute, from the engine's events."""

    def __init__(self, engine):
        self.engine, self.count, self.seconds, self._started = engine, 0, 0.0, None

    def _before(self, *args):
        self._started = perf_counter()

    def _after(self, *args):
        self.count += 1
        self.seconds += perf_counter() - self._started

    def __enter__(self):
        sa_event.listen(self.engine, "before_cursor_execute", self._before)
        sa_event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc):
        sa_event.remove(self.engine, "before_cursor_execute", self._before)
        sa_event.remove(self.engine, "after_cursor_execute", self._after)


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank: with 20 runs, the second slowest."""
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def summary(times: list[float], **extra) -> dict:
    return {"runs": len(times), "min_ms": min(times) * 1000, "median_ms": statistics.median(times) * 1000,
            "p95_ms": p95(times) * 1000, "max_ms": max(times) * 1000, **extra}


def _fetch(client, path: str) -> bytes:
    response = client.get(path)
    body = response.get_data()  # a streamed answer (the CSV) is read to its end here
    if response.status_code != 200:
        raise SystemExit(f"bench.report_inprocess: {path} answered {response.status_code}, not 200")
    return body


def timed(client, engine, path: str, runs: int, warm_up: int = WARM_UP) -> dict:
    """`runs` requests after the warm-up, each with its SQL counted and clocked; the last answer's size.

    Also the CPU time of this process (`process_time`): what the request cost here, whatever else the shared
    machine ran meanwhile; on SQLite that includes the database's work, on PostgreSQL not the server's."""
    for _ in range(warm_up):
        _fetch(client, path)
    times, cpu, sql, counts = [], [], [], set()
    for _ in range(runs):
        with SqlClock(engine) as clock:
            started, started_cpu = perf_counter(), process_time()
            body = _fetch(client, path)
            times.append(perf_counter() - started)
            cpu.append(process_time() - started_cpu)
        sql.append(clock.seconds)
        counts.add(clock.count)
    return summary(times, path=path, bytes=len(body), queries=max(counts), queries_vary=len(counts) > 1,
                   sql_median_ms=statistics.median(sql) * 1000, cpu_median_ms=statistics.median(cpu) * 1000), body


def build_only(app, slug: str, runs: int) -> dict:
    """`event_report(event)` alone, the queries and the tables and charts without the page around them,
    each run from an empty SQLAlchemy session as a request starts."""
    from events.models import Event
    from outcomes.dashboard import event_report

    times = []
    with app.test_request_context("/"):
        for number in range(WARM_UP + runs):
            db.session.remove()
            event = db.session.query(Event).filter_by(slug=slug).one()
            started = perf_counter()
            report = event_report(event)
            if number >= WARM_UP:
                times.append(perf_counter() - started)
        sections, tables = len(report.sections), len(report.tables())
        rows = sum(len(table.rows) for table in report.tables())
        db.session.remove()
    return summary(times, sections=sections, tables=tables, rows=rows)


def hello() -> dict:
    from bench.hello import app as hello_app

    client = hello_app.test_client()
    client.get("/")
    times, deadline = [], perf_counter() + 1.5  # as many runs as fit, at least 50
    while len(times) < 50 or (perf_counter() < deadline and len(times) < 1000):
        started = perf_counter()
        client.get("/").get_data()
        times.append(perf_counter() - started)
    return summary(times)


def measure(app, client, engine, slug: str, first: bool) -> dict:
    """Everything timed for one event. The PDF of the big one is not warmed up (the small one's warmed the
    fonts and templates): rendering it takes long enough that one more run would cost minutes."""
    result = {}
    result["dashboard"], page = timed(client, engine, DASHBOARD.format(slug=slug), RUNS["dashboard"])
    text = page.decode()
    result["dashboard"].update(charts=text.count("<svg"), table_rows=text.count("<tr"))
    result["build"] = build_only(app, slug, RUNS["build"])
    result["participants"], _ = timed(client, engine, PARTICIPANTS.format(slug=slug), RUNS["participants"])
    for name, (endpoint, pattern) in EXPORTS.items():
        if endpoint in app.view_functions:
            warm_up = WARM_UP if first or name != "pdf" else 0
            result[name], _ = timed(client, engine, pattern.format(slug=slug), RUNS[name], warm_up)
            result[name]["warm_up"] = warm_up
    return result


def main(args: list[str]) -> None:
    from factory import create_app

    data = json.loads(open(args[0]).read())
    app = create_app()
    with app.app_context():
        engine = db.engine
    if "outcomes.event_report" not in app.view_functions:
        raise SystemExit("bench.report_inprocess: the app has no outcomes.event_report page to time.")
    client = logged_in_client(app, data["organiser"])
    result = {"database": database(app), "hello": hello(),
              # The small one first: what a first request of the process loads is loaded then.
              "small": measure(app, client, engine, data["small"]["slug"], first=True),
              "big": measure(app, client, engine, data["big"]["slug"], first=False), "hello_after": hello()}
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
