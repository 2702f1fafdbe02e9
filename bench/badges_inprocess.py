"""Badge PDFs timed in process: one participant's badge from request to bytes, and the bare call; then
every badge of the badge event in one batch, on PDF_PROCESSES=2 and on 1; then what the check-in load
left in the database. Prints JSON for bench/report.py.

Run as `python -m bench.badges_inprocess BADGE_DATA_JSON [RUNS]` (what bench/badge_data.py printed;
RUNS single badges after a warm-up, 30 by default) against the database it filled.

The participant is logged in through the real log-in form and their badge is requested through Flask's
test client, outside any application context of ours, as under gunicorn. The batch is rendered as the
"Print all badges" job renders it: `all_badges_pdf` in an application context, its parts in processes
started for it; its pages are counted in the result with pypdf.
"""
# Only the standard library up here, the rest inside the functions: the batch's worker processes start by
# importing this module again (multiprocessing's "spawn" re-imports __main__), and should pay what the
# app's own workers pay (core.pdf, WeasyPrint), not a second of Flask, SQLAlchemy and every package more.
import io
import json
import os
import statistics
import sys
from time import perf_counter
from unittest import mock

SINGLE_RUNS = 30
#: The batch on both cores (the aim's figure), then on one for comparison.
BATCH_PROCESSES = (2, 1)


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _timing(times: list[float]) -> dict:
    from bench.register_load import percentiles

    cuts = percentiles(times)
    return {"runs": len(times), "min_ms": min(times) * 1000, "median_ms": statistics.median(times) * 1000,
            "p95_ms": cuts["p95_ms"], "max_ms": cuts["max_ms"]}


def own_badge(app, participant: dict, runs: int) -> dict:
    """`GET /registrations/<id>/badge.pdf` for its owner: the first request warms up, `runs` are timed."""
    from bench.registration_inprocess import logged_in_client
    from core.diagnostics import QueryCounter
    from core.extensions import db

    client = logged_in_client(app, participant["email"])
    path = f"/registrations/{participant['registration_id']}/badge.pdf"
    times = []
    for run in range(runs + 1):
        started = perf_counter()
        response = client.get(path)
        body = response.get_data()
        if run:
            times.append(perf_counter() - started)
        if response.status_code != 200 or response.mimetype != "application/pdf":
            raise SystemExit(f"bench.badges_inprocess: {path} answered {response.status_code} {response.mimetype}")
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as counter:
        client.get(path)
    return {**_timing(times), "path": path, "bytes": len(body), "pages": _pages(body), "queries": counter.count}


def badge_call(app, registration_id: int, runs: int) -> dict:
    """`badge_pdf(registration)` alone, each run from an empty session as a request starts (loading the
    event and its badge design is part of the call)."""
    from core.extensions import db
    from registration import badges
    from registration.models import Registration

    times = []
    with app.test_request_context("/"):
        for run in range(runs + 1):
            db.session.remove()
            registration = db.session.get(Registration, registration_id)
            started = perf_counter()
            badges.badge_pdf(registration)
            if run:
                times.append(perf_counter() - started)
    return _timing(times)


def batch(app, event_id: int, processes: int) -> dict:
    """Every confirmed badge of the event in one PDF, and where the time went: building the parts' HTML
    (QR codes included) in this process, part by part while the workers render the parts before (so it
    overlaps); until the last part is rendered in `processes` processes; joining them into one document."""
    from core.extensions import db
    from events.models import Event
    from registration import badges

    app.config["PDF_PROCESSES"] = processes
    with app.app_context():
        event = db.session.get(Event, event_id)
        registrations = list(db.session.scalars(badges.confirmed(event_id)))
        marks = {}
        render = badges.parts_to_pdf

        def handed_over(parts, count, **kwargs):
            # Parts are made one by one while the workers render the ones before: time the making.
            marks["parts"], marks["html"] = count, 0.0

            def timed():
                for part in parts_of(parts):
                    yield part

            def parts_of(source):
                iterator = iter(source)
                while True:
                    began = perf_counter()
                    try:
                        part = next(iterator)
                    except StopIteration:
                        return
                    marks["html"] += perf_counter() - began
                    yield part

            return render(timed(), count, **kwargs)

        def progress(done):
            marks["rendered"], marks["done"] = perf_counter(), done

        with mock.patch.object(badges, "parts_to_pdf", handed_over):
            started = perf_counter()
            data = badges.all_badges_pdf(event, registrations, progress=progress)
            finished = perf_counter()
    return {"processes": processes, "badges": len(registrations), "seconds": finished - started,
            "html_seconds": marks["html"], "render_seconds": marks["rendered"] - started,
            "join_seconds": finished - marks["rendered"], "parts": marks["parts"], "progress": marks["done"],
            "pages": _pages(data), "bytes": len(data)}


def checkins(app, door: dict) -> dict:
    """What the check-in load left: standing check-ins of the door event, and the people they are for."""
    from sqlalchemy import distinct, func, select

    from core.extensions import db
    from registration.models import CheckIn

    with app.app_context():
        standing = select(CheckIn).where(CheckIn.event_id == door["event_id"], CheckIn.undone_at.is_(None)).subquery()
        rows, people = db.session.execute(select(func.count(), func.count(distinct(standing.c.registration_id)))).one()
    return {"rows": rows, "people": people}


def main(args: list[str]) -> None:
    from factory import create_app

    data = json.loads(open(args[0]).read())
    runs = int(args[1]) if len(args) > 1 else SINGLE_RUNS
    app = create_app()
    participant = data["badges"]["participant"]
    result = {"cores": os.cpu_count(), "checkins": checkins(app, data["door"]),
              "single": {"request": own_badge(app, participant, runs),
                         "call": badge_call(app, participant["registration_id"], runs)},
              "batch": [batch(app, data["badges"]["event_id"], processes) for processes in BATCH_PROCESSES]}
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
