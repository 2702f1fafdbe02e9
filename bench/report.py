"""docs/benchmarks.md from one run of bench/run: the machine, wrk's figures as ratios to hello, the
in-process timings and the query counts, each held against PRODUCT.md's quality bars; then badges and
check-in (one badge PDF, a batch of 1,000, the check-in API under wrk); then the registration benchmark
(the rush on PostgreSQL, its checks, the participant list and the CSV export).

`python -m bench.report WORK_DIR BIG_SLUG SMALL_SLUG WRK_COMMAND HELLO_DURATION WORKERS REG_WORKERS` prints
the Markdown; bench/run writes it to the file.
"""
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
import json
import os
from pathlib import Path
import platform
import re
import statistics
import subprocess
import sys

from bench.report_section import Reports

#: PRODUCT.md, "Quality bars".
PAGE_RATIO = 0.40
FEED_BUILD_MS = 50
BADGE_MS = 150
BATCH_BADGES, BATCH_SECONDS, BATCH_PROCESSES = 1000, 20, 2

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
UNITS_BYTES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


@dataclass
class WrkRun:
    requests_per_second: float
    requests: int
    latency_avg_ms: float
    latency_p50_ms: float | None
    latency_p99_ms: float | None
    #: Answers that were neither 2xx nor 3xx, and socket errors (connect, read, write, timeout).
    bad_answers: int
    socket_errors: int
    bytes_per_answer: float


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * UNITS_MS[match[2]]


def parse_wrk(text: str) -> WrkRun:
    def find(pattern: str) -> re.Match | None:
        return re.search(pattern, text, re.MULTILINE)

    total = find(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read")
    rate = find(r"^Requests/sec:\s+([\d.]+)")
    if rate is None:
        raise ValueError(f"wrk printed no Requests/sec:\n{text}")
    p50 = find(r"^\s+50(?:\.0+)?%\s+(\S+)")
    p99 = find(r"^\s+99(?:\.0+)?%\s+(\S+)")
    errors = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    bad = find(r"Non-2xx or 3xx responses: (\d+)")
    return WrkRun(requests_per_second=float(rate[1]), requests=int(total[1]),
                  latency_avg_ms=_ms(find(r"^\s+Latency\s+(\S+)")[1]),
                  latency_p50_ms=_ms(p50[1]) if p50 else None, latency_p99_ms=_ms(p99[1]) if p99 else None,
                  bad_answers=int(bad[1]) if bad else 0,
                  socket_errors=sum(int(count) for count in errors.groups()) if errors else 0,
                  bytes_per_answer=float(total[2]) * UNITS_BYTES[total[3]] / max(int(total[1]), 1))


def _run(*command: str) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except OSError:
        return "unknown"
    return (result.stdout or result.stderr).strip()


def _code() -> str:
    """The commit measured, and whether the working tree differed from it (others edit it meanwhile)."""
    commit = _run("git", "rev-parse", "--short", "HEAD")
    changed = [line for line in _run("git", "status", "--porcelain", "--untracked-files=no").splitlines() if line]
    return f"commit {commit}" + (f", with uncommitted changes in {len(changed)} files" if changed else "")


def machine(database: str, workers: str) -> list[tuple[str, str]]:
    model = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    memory = next((line.split() for line in _run("free", "-h").splitlines() if line.startswith("Mem:")), None)
    return [
        ("CPUs (`nproc`)", _run("nproc")),
        ("CPU model", model[1].strip() if model else platform.processor() or "unknown"),
        ("Memory (`free -h`)", f"{memory[1]} total, {memory[6]} available" if memory and len(memory) > 6 else "unknown"),
        ("Load average before the run", os.environ.get("BENCH_LOADAVG", "unknown")),
        ("System", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Flask", metadata.version("flask")),
        ("gunicorn", f"{metadata.version('gunicorn')}, {workers} sync workers"),
        ("wrk", _run("wrk", "--version").splitlines()[0].split(" [")[0] if _run("wrk", "--version") else "unknown"),
        ("Database", database),
        ("Code", _code()),
    ]


def _fmt_ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


#: The Convene URLs in the order bench/run loads them; hello-<i> runs before URL i and hello-<i+1> after it.
#: (run, path given the big and small slugs, what it is, bar as a share of hello's requests/s or None)
URLS = [
    ("list", "/events/", "event list, page 1 of 202 upcoming events", PAGE_RATIO),
    ("event-5", "/events/{small}/", "event page, 5 sessions", PAGE_RATIO),
    ("event", "/events/{big}/", "event page, 500 sessions", PAGE_RATIO),
    ("programme", "/events/{big}/programme", "programme, 500 sessions", PAGE_RATIO),
    ("feed", "/events/{big}/calendar.ics", "feed, 500 sessions", None),
    ("feed-304", "/events/{big}/calendar.ics", "same feed, `If-None-Match` its ETag", None),
]


def _kib(size: float) -> str:
    return f"{size / 1024**2:,.1f} MiB" if size >= 1024**2 else f"{size / 1024:,.0f} KiB"


def _load(work: Path, name: str):
    return json.loads((work / name).read_text())


@dataclass
class Registration:
    """What the registration benchmark left in the work folder (see bench/run)."""

    data: dict
    rush: dict
    hellos: list[dict]
    wrk_hello: WrkRun
    results: dict

    @classmethod
    def read(cls, work: Path) -> "Registration":
        return cls(data=_load(work, "registration-data.json"), rush=_load(work, "reg-rush.json"),
                   hellos=[_load(work, f"reg-hello-{index}.json") for index in (0, 1)],
                   wrk_hello=parse_wrk((work / "reg-wrk-hello.txt").read_text()),
                   results=_load(work, "registration.json"))

    @property
    def checks(self) -> list[dict]:
        return self.results["rush"]["checks"]

    @property
    def checks_passed(self) -> bool:
        return all(check["passed"] for check in self.checks)

    @property
    def constant_queries(self) -> dict[str, bool]:
        return {page: sizes["big"]["queries"] == sizes["small"]["queries"]
                for page, sizes in self.results["list"].items()}

    @property
    def export_streams(self) -> bool:
        """Streamed, the memory stops growing once the first batches of rows are read: the peak after
        half the rows is the peak at the end (10% allowed for the allocator's noise). Held whole, the
        second half would add at least its text, half the body."""
        big = self.results["export"]["big"]
        return big["peak_bytes"] <= 1.1 * big["peak_bytes_half"]

    def bars(self) -> list[str]:
        rows = self.data["big"]["rows"]
        big, small = self.results["export"]["big"], self.results["export"]["small"]
        failed = [check["what"] for check in self.checks if not check["passed"]]
        return [
            f"- No overbooking on PostgreSQL with {self.rush['clients']} clients registering at once, every "
            f"submission a definite answer, its mail queued: {_verdict(self.checks_passed)}"
            + (" (see Registration, checks)." if not failed else " — **FAIL: " + "; ".join(failed) + "**."),
            f"- Constant query count on the participant list, 50 or {rows:,} registrations: "
            f"{_verdict(all(self.constant_queries.values()))}.",
            f"- The CSV export streams, its memory does not grow with the rows: {_verdict(self.export_streams)} "
            f"(peak {_kib(big['peak_bytes_half'])} after half of {rows:,} rows, {_kib(big['peak_bytes'])} "
            f"after all of them, for a body of {_kib(big['bytes'])}; {_kib(small['peak_bytes'])} for 50 rows).",
        ]

    def section(self, workers: str) -> list[str]:
        data, rush, results = self.data, self.rush, self.results
        hello = statistics.fmean(run["per_second"] for run in self.hellos)
        activity = rush.get("activity")
        statuses = results["rush"]["statuses"]
        lines = [
            "## Registration",
            "",
            "Issue 4's \"Speed\" section: registration submissions per second and their latency on PostgreSQL "
            "under gunicorn with 4 workers and 32 concurrent clients, the confirmed registrations checked against "
            "the capacity afterwards; the participant list and the CSV export of an event with "
            f"{data['big']['rows']:,} registrations. On PostgreSQL whatever database the rest of the run used.",
            "",
            "| | |",
            "|---|---|",
            f"| Database | {results['database']}, a throwaway database on the local server, dropped after the run |",
            f"| Server | gunicorn, {workers} sync workers, `run:app`; mail goes out from a thread after the answer, "
            "as in production (no SMTP server: the outbox keeps it) |",
            f"| Clients | {rush['clients']} threads of `bench/register_load.py`, each with its own connection (sync "
            "workers close it after every answer, so each request opens a new one) and a cookie jar per person |",
            f"| The rush | one event with {data['rush']['capacity']:,} places, open; {data['rush']['users']:,} people "
            "with an account, each submitting the registration form once |",
            f"| What is timed | the `POST /events/{data['rush']['slug']}/register` only: before the clock starts, "
            f"every person logged in and opened the form for its CSRF token (that took {rush['setup_seconds']:.0f} s); then "
            "all clients start together and each submits the form for its people one after the other, as a browser "
            "posts it (multipart, the badge photo left empty); the clock runs from sending the request to the end of "
            "the answer |",
            "",
            "### The rush",
            "",
            "| What | Answers | Per second | p50 | p95 | p99 | Max |",
            "|---|--:|--:|--:|--:|--:|--:|",
            f"| Registrations, `POST …/register` | {rush['answered']:,} in {rush['seconds']:.1f} s | "
            f"**{rush['per_second']:,.1f}** | {_fmt_ms(rush['p50_ms'])} | **{_fmt_ms(rush['p95_ms'])}** | "
            f"{_fmt_ms(rush['p99_ms'])} | {_fmt_ms(rush['max_ms'])} |",
            *(f"| hello, `GET /`, same clients, {when} the rush | {run['requests']:,} in {run['seconds']:.0f} s | "
              f"{run['per_second']:,.0f} | {_fmt_ms(run['p50_ms'])} | {_fmt_ms(run['p95_ms'])} | "
              f"{_fmt_ms(run['p99_ms'])} | {_fmt_ms(run['max_ms'])} |"
              for when, run in zip(("before", "after"), self.hellos)),
            f"| hello with `wrk -t2 -c{rush['clients']}`, for scale | {self.wrk_hello.requests:,} | "
            f"{self.wrk_hello.requests_per_second:,.0f} | | | {_fmt_ms(self.wrk_hello.latency_p99_ms)} | |",
            "",
            f"Registrations ran at **{rush['per_second'] / hello:.1%} of hello's requests/s** with the same clients "
            f"(hello {hello:,.0f}/s, the mean of before and after). wrk, lighter on the CPU than these Python "
            f"clients, got {self.wrk_hello.requests_per_second:,.0f}/s from the same hello server; registrations are "
            f"{rush['per_second'] / self.wrk_hello.requests_per_second:.1%} of that.",
        ]
        single = results["alone"]
        lines += [
            "",
            f"Alone, in process through Flask's test client (no server, nobody else registering; "
            f"{single['runs'] - 1} people one after the other on the full event, after one warm-up), a registration "
            f"takes {_fmt_ms(single['post_median_ms'])} and holds the event's registration lock for "
            f"{_fmt_ms(single['lock_median_ms'])} of it (median; from the `UPDATE` of its settings row to the "
            "commit). The registrations of one event pass that lock one at a time, so however many workers serve "
            f"it, one event cannot take more than about {1000 / single['lock_median_ms']:,.0f} registrations a "
            f"second on this machine; the rush reached {rush['per_second']:,.1f}, its workers sharing the two cores "
            "with the clients and PostgreSQL.",
        ]
        if activity:
            lines += [
                "",
                f"What held the rush up, from `pg_stat_activity` sampled every 50 ms ({activity['samples']:,} "
                f"samples): on average {activity['running']:.1f} of the server's database connections were running "
                f"a statement, {activity['waiting_for_lock']:.1f} of them waiting for a lock — the event's "
                "registration lock (`registration/places.py`), which a registration takes first and holds until "
                "the commit so that places are counted one registration after the other. Someone was waiting for "
                f"it in {activity['contended_share']:.0%} of the samples; in "
                f"{activity['holder_between_statements_share']:.0%} of those, the worker holding it was between two "
                "statements: working in Python (or waiting for a CPU) with the lock held, not waiting for the "
                "database.",
            ]
        if rush["errors"] or rush["examples"]:
            lines += ["", "**Unexpected answers:** " + "; ".join(
                [f"{count} × {name}" for name, count in rush["errors"].items()] + rush["examples"]) + "."]

        lines += [
            "",
            "### Checks after the rush",
            "",
            "What the database holds for the event once every client is done "
            f"({', '.join(f'{status} {count:,}' for status, count in sorted(statuses.items()))}; "
            f"{results['rush']['mails']:,} e-mails queued to these people).",
            "",
            "| Check | Found | Result |",
            "|---|---|---|",
            *(f"| {check['what']} | {check['found']} | {'passed' if check['passed'] else '**FAILED**'} |"
              for check in self.checks),
        ]
        if not self.checks_passed:
            lines += ["", "**FAIL: the rush broke an integrity rule (above). Figures of a broken rush mean nothing.**"]

        big, small = data["big"], data["small"]
        export = results["export"]
        lines += [
            "",
            f"### The participant list and the CSV export, {big['rows']:,} registrations",
            "",
            f"One event with {big['rows']:,} registrations inserted in bulk ("
            + ", ".join(f"{status} {count:,}" for status, count in big["statuses"].items())
            + "; names in Latin, Arabic, Chinese, Japanese and Cyrillic scripts; 20 countries, 7 stakeholder "
            "groups), and one with 50 made the same way. In process through Flask's test client, logged in as the "
            "events' organiser; median of the runs after one warm-up request. Queries counted with a "
            "`before_cursor_execute` listener, as above.",
            "",
            f"| Page | 50 registrations | {big['rows']:,} registrations | Queries (50 / {big['rows']:,}) | Constant |",
            "|---|--:|--:|--:|---|",
        ]
        for page, sizes in results["list"].items():
            lines.append(f"| {page}: `{sizes['big']['path'].replace(big['slug'], '…')}` | "
                         f"{_fmt_ms(sizes['small']['median_ms'])} | {_fmt_ms(sizes['big']['median_ms'])} | "
                         f"{sizes['small']['queries']} / {sizes['big']['queries']} | "
                         f"{'yes' if self.constant_queries[page] else '**no**'} |")
        lines += [
            "",
            f"| CSV export, `{export['big']['path'].replace(big['slug'], '…')}` | 50 rows | {big['rows']:,} rows |",
            "|---|--:|--:|",
            f"| Whole body, median of {export['big']['runs']} | {_fmt_ms(export['small']['median_ms'])} | "
            f"{_fmt_ms(export['big']['median_ms'])} |",
            f"| Rows written per second | {export['small']['rows'] / export['small']['median_ms'] * 1000:,.0f} | "
            f"{export['big']['rows'] / export['big']['median_ms'] * 1000:,.0f} |",
            f"| Size | {_kib(export['small']['bytes'])} | {_kib(export['big']['bytes'])} |",
            f"| Peak Python memory, streaming, after half the rows | "
            f"{_kib(export['small']['peak_bytes_half'])} | {_kib(export['big']['peak_bytes_half'])} |",
            f"| Peak Python memory, streaming, after all the rows | {_kib(export['small']['peak_bytes'])} | "
            f"{_kib(export['big']['peak_bytes'])} |",
            "",
            "The memory is measured in a separate pass with `tracemalloc` (which slows Python down), reading the "
            "streamed answer chunk by chunk as a server sends it (`buffered=False`), from the request to the last "
            "chunk; it counts what Python allocates, not the database driver's own buffers. "
            + (f"The export streams: the second half of the rows adds no memory to the first, so "
               f"{big['rows']:,} rows need what {big['rows'] // 2:,} need. They do need "
               f"{export['big']['peak_bytes'] / export['small']['peak_bytes']:.0f}× the memory of 50 rows: "
               "the rows are read in batches (`yield_per`), and a batch of a few hundred rows is held at once."
               if self.export_streams else
               "**The peak grows during the second half of the rows: the export does not stream.**"),
        ]
        return lines


def _answers(text: str) -> dict[str, int]:
    """What bench/checkin.lua counted, from its line after wrk's summary: `Check-in answers: ok 1234, already 5`."""
    line = re.search(r"^Check-in answers: (.*)$", text, re.MULTILINE)
    if line is None:
        raise ValueError(f"bench/checkin.lua printed no answers:\n{text}")
    pairs = [part.rsplit(" ", 1) for part in line[1].split(", ") if part]
    return {name: int(count) for name, count in pairs}


@dataclass
class Badges:
    """What the badge and check-in benchmarks left in the work folder (see bench/run)."""

    data: dict
    results: dict
    checkin: WrkRun
    answers: dict[str, int]
    warmup_answers: dict[str, int]
    hellos: list[WrkRun]

    @classmethod
    def read(cls, work: Path) -> "Badges":
        measured = (work / "checkin-measured.txt").read_text()
        return cls(data=_load(work, "badge-data.json"), results=_load(work, "badges.json"),
                   checkin=parse_wrk(measured), answers=_answers(measured),
                   warmup_answers=_answers((work / "checkin-warmup.txt").read_text()),
                   hellos=[parse_wrk((work / f"wrk-hello-checkin-{index}.txt").read_text()) for index in (0, 1)])

    @property
    def batches(self) -> dict[int, dict]:
        return {run["processes"]: run for run in self.results["batch"]}

    @property
    def missing_pages(self) -> list[str]:
        """Batches whose PDF has not one page per badge of the event (each badge is one A6 page)."""
        expected = self.data["badges"]["badges"]
        return [f"{run['pages']:,} pages for {expected:,} badges on {run['processes']} process"
                + ("es" if run["processes"] > 1 else "")
                for run in self.results["batch"] if not run["pages"] == run["badges"] == expected]

    @property
    def checkin_failures(self) -> list[str]:
        """Scans under load without one of the two answers a valid badge gets: "ok" or "already"."""
        failures = [f"{count:,} answered “{name}”" for name, count in self.answers.items()
                    if name not in ("ok", "already")]
        if self.checkin.socket_errors:
            failures.append(f"{self.checkin.socket_errors:,} socket errors (connect, read, write, timeout)")
        if not self.answers.get("ok"):
            failures.append("none answered “ok”")
        recorded = self.results["checkins"]
        if recorded["rows"] < self.answers_ok:
            failures.append(f"{self.answers_ok:,} answered “ok”, but {recorded['rows']:,} check-ins were recorded")
        if recorded["people"] != recorded["rows"]:
            failures.append(f"{recorded['rows']:,} standing check-ins for {recorded['people']:,} people")
        return failures

    @property
    def answers_ok(self) -> int:
        """Every "ok" the server gave: the check before the load, the warm-up's and the measured run's."""
        return 1 + self.warmup_answers.get("ok", 0) + self.answers.get("ok", 0)

    def bars(self) -> list[str]:
        single, call = self.results["single"]["request"], self.results["single"]["call"]
        both, one = self.batches[BATCH_PROCESSES], self.batches[1]
        lines = [
            f"- Single badge PDF ≤ {BADGE_MS} ms: {_verdict(single['median_ms'] <= BADGE_MS)} (median "
            f"{_fmt_ms(single['median_ms'])} from request to bytes, p95 {_fmt_ms(single['p95_ms'])}; "
            f"`badge_pdf()` alone {_fmt_ms(call['median_ms'])}).",
        ]
        figures = (f"{both['seconds']:.1f} s on {BATCH_PROCESSES} processes, {one['seconds']:.1f} s on 1, "
                   f"{both['pages']:,} pages")
        if both["badges"] == BATCH_BADGES:
            line = (f"- {BATCH_BADGES:,} badges ≤ {BATCH_SECONDS} s using both cores: "
                    f"{_verdict(both['seconds'] <= BATCH_SECONDS)} ({figures})")
        else:
            line = (f"- {BATCH_BADGES:,} badges ≤ {BATCH_SECONDS} s using both cores: not judged, this run printed "
                    f"{both['badges']:,} (`BENCH_BADGES`) ({figures})")
        missing = self.missing_pages
        lines.append(line + (" — **FAIL: " + "; ".join(missing) + "**." if missing else "."))
        return lines

    def section(self, database: str, wrk_command: str, hello_duration: str, workers: str) -> list[str]:
        data, results = self.data, self.results
        badges, door = data["badges"], data["door"]
        single, call = results["single"]["request"], results["single"]["call"]
        hello = statistics.fmean(run.requests_per_second for run in self.hellos)
        checkin = self.checkin
        lines = [
            "## Badges and check-in",
            "",
            "Issue 5's benchmarks, on the database and the Convene server of the public pages above "
            f"({database}; gunicorn, {workers} sync workers), with two events added once the public pages were "
            f"done: one with {badges['badges']:,} confirmed registrations, whose badges make the batch, and one "
            f"with {door['people']:,} for the check-in load; each registration inserted in bulk with an "
            "account. The batch's names are written in several scripts, as bench/people.py gives them ("
            + ", ".join(f"{script} {count:,}" for script, count in badges["scripts"].items())
            + "; the rest plain Latin). No photos and no logo: the default badge design, A6, one badge a page.",
            "",
            "### One badge",
            "",
            f"In process, {single['runs']} runs after one warm-up. The request goes through Flask's test client as "
            "the participant who owns the badge, logged in through the log-in form (no server, no network), and is "
            f"timed from the request to the last byte of the answer ({_kib(single['bytes'])}, {single['pages']} "
            f"page, {single['queries']} SQL queries). The call is `badge_pdf(registration)` alone inside "
            "`app.test_request_context()`, each run from an empty SQLAlchemy session.",
            "",
            "| What | Runs | Min | Median | p95 | Max | Aim |",
            "|---|--:|--:|--:|--:|--:|---|",
            f"| `GET {single['path']}` | {single['runs']} | {_fmt_ms(single['min_ms'])} | "
            f"**{_fmt_ms(single['median_ms'])}** | {_fmt_ms(single['p95_ms'])} | {_fmt_ms(single['max_ms'])} | "
            f"≤ {BADGE_MS} ms: " + ("met" if single["median_ms"] <= BADGE_MS else "**not met**") + " |",
            f"| `badge_pdf(registration)` | {call['runs']} | {_fmt_ms(call['min_ms'])} | "
            f"{_fmt_ms(call['median_ms'])} | {_fmt_ms(call['p95_ms'])} | {_fmt_ms(call['max_ms'])} | |",
            "",
            f"### {badges['badges']:,} badges in one batch",
            "",
            "`all_badges_pdf(event, registrations)` in an application context, as the \"Print all badges\" job "
            f"calls it, with every confirmed registration of the event (loaded before the clock starts), once with "
            f"`PDF_PROCESSES={BATCH_PROCESSES}` and once with 1, one after the other, on a machine with "
            f"{results['cores']} CPUs. Each part's HTML (templates and QR codes) is built in the calling process and "
            "handed to a worker process at once, so building the next part overlaps with rendering the ones before: "
            "*HTML* is the time spent building, *Rendering* the time from the start until the last part is rendered "
            "(worker start included, HTML included), *Joining* the time to join the parts into one PDF. The pages "
            "of the result are counted with pypdf.",
            "",
            "| Processes | Wall time | Badges/s | HTML | Rendering | Joining | Parts | Pages | Size | Aim |",
            "|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        ]
        for processes, run in self.batches.items():
            if processes == BATCH_PROCESSES and run["badges"] == BATCH_BADGES:
                aim = f"≤ {BATCH_SECONDS} s: " + ("met" if run["seconds"] <= BATCH_SECONDS else "**not met**")
            else:
                aim = "for comparison" if processes != BATCH_PROCESSES else f"not judged ({run['badges']:,} badges)"
            lines.append(f"| {processes} | **{run['seconds']:.1f} s** | {run['badges'] / run['seconds']:,.1f} | "
                         f"{run['html_seconds']:.1f} s | {run['render_seconds']:.1f} s | {run['join_seconds']:.1f} s | "
                         f"{run['parts']} | {run['pages']:,} | {_kib(run['bytes'])} | {aim} |")
        both, one = self.batches[BATCH_PROCESSES], self.batches[1]
        lines += [
            "",
            f"On {BATCH_PROCESSES} processes the batch took {both['seconds'] / one['seconds']:.0%} of the time it took "
            f"on 1 ({one['seconds'] / both['seconds']:.2f}× as fast); building the HTML, on the calling process's core "
            f"while the workers render, took {both['html_seconds'] / both['seconds']:.0%} of it.",
        ]
        if self.missing_pages:
            lines += ["", "**FAIL: a batch PDF has not one page per badge: " + "; ".join(self.missing_pages) + ".**"]

        lines += [
            "",
            "### Check-in API",
            "",
            f"`POST /api/v1/checkin` with the event's device token (`Authorization: Bearer …`, so neither log-in nor "
            f"CSRF token), loaded with `{wrk_command} -s bench/checkin.lua` after a short warm-up on "
            f"{door['warmup_codes']:,} people of its own. Each request carries the JSON `{{\"code\": …}}` of another "
            "person's signed badge code, made with `registration.codes.make_code` under the server's `SECRET_KEY`: "
            f"the {door['codes']:,} other people of the door event in turn, each wrk thread its share, so that a "
            "person's first scan answers \"ok\" and, only if a thread runs out of people and starts over, "
            "\"already\". Every answer is counted by its `result` in the script. Before the load, the server "
            "answered one code \"ok\", the same again \"already\", and that code with its signature altered "
            f"\"invalid\". Hello was loaded for {hello_duration} before and after, under the same server settings, "
            "and the check-in is compared with the mean of the two.",
            "",
            "| URL | Requests/s | Hello around it | % of hello | Latency avg | p50 | p99 | Answers |",
            "|---|--:|--:|--:|--:|--:|--:|---|",
            f"| `POST /api/v1/checkin` | **{checkin.requests_per_second:,.1f}** | {hello:,.0f} | "
            f"**{checkin.requests_per_second / hello:.1%}** | {_fmt_ms(checkin.latency_avg_ms)} | "
            f"{_fmt_ms(checkin.latency_p50_ms)} | {_fmt_ms(checkin.latency_p99_ms)} | "
            + ", ".join(f"{name} {count:,}" for name, count in sorted(self.answers.items())) + " |",
            "",
        ]
        recorded = results["checkins"]
        lines.append(
            f"Afterwards the database held {recorded['rows']:,} standing check-ins for the door event, of "
            f"{recorded['people']:,} people, for {self.answers_ok:,} answers \"ok\" (the check before the load, the "
            f"warm-up's {self.warmup_answers.get('ok', 0):,} and the measured run's {self.answers.get('ok', 0):,}); "
            "a few more check-ins than answers are requests still in flight when wrk stopped counting.")
        failures = self.checkin_failures
        if failures:
            lines += ["", "**FAIL: not every scan of a valid badge answered “ok” or “already”: "
                      + "; ".join(failures) + ".**"]
        return lines


def report(work: Path, big: str, small: str, wrk_command: str, hello_duration: str, workers: str,
           reg_workers: str) -> str:
    results = json.loads((work / "inprocess.json").read_text())
    registration = Registration.read(work)
    badges = Badges.read(work)
    reports = Reports.read(work)
    runs = {path.stem.removeprefix("wrk-"): parse_wrk(path.read_text()) for path in work.glob("wrk-*.txt")}
    hellos = [runs[f"hello-{index}"].requests_per_second for index in range(len(URLS) + 1)]
    timings, queries, per_request = results["timings"], results["queries"], results["per_request"]
    feed_ms = timings["feed"]["median_ms"]

    rows = []
    for index, (name, path, what, bar) in enumerate(URLS):
        hello = (hellos[index] + hellos[index + 1]) / 2
        rows.append((name, path.format(big=big, small=small), what, bar, runs[name], hello,
                     runs[name].requests_per_second / hello))
    pages = [(name, ratio >= bar) for name, _, _, bar, _, _, ratio in rows if bar]
    # wrk cannot tell 200 from 304; a 304 is the one answer without the feed's 450 KB body.
    answers_304 = runs["feed-304"].bad_answers == 0 and runs["feed-304"].bytes_per_answer < 2048
    constant = {page: counts["small"] == counts["big"] for page, counts in queries.items()}
    public = [f"hello-{index}" for index in range(len(URLS) + 1)] + [name for name, *_ in URLS]
    errors = [(name, runs[name]) for name in public if runs[name].bad_answers or runs[name].socket_errors]

    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run`: run it again rather than editing this file.",
        "",
        "The benchmarks build a throwaway database (a 500-session conference over the night European clocks go "
        "forward, a 5-session event, 200 other events), serve Convene and a bare Flask \"hello\" app under the "
        "same gunicorn settings on 127.0.0.1, load each URL with wrk after a short warm-up, time the feed and the "
        "printed programme in process, and count SQL queries per page. The machine is shared and noisy, and wrk "
        "runs on the same two cores as the servers, so absolute figures move from run to run: **what matters is "
        "each figure as a ratio to hello in the same run**, which is how PRODUCT.md's quality bars are stated. "
        "Hello is loaded before and after every URL, and each URL is compared with the mean of the two. No test "
        "holds a time limit; speed is judged here only. Then badges and check-in: one participant's badge PDF and a "
        "batch of 1,000 badges on both cores and on one, in process, and the check-in API under wrk with a device "
        "token, against hello. The last section, Registration, runs on PostgreSQL: a rush of registrations under "
        "gunicorn, its outcome checked, and the participant list and CSV export of 50,000 registrations. Then, "
        "on SQLite and on PostgreSQL, an event's dashboard and its downloads for 50,000 registrations, in process.",
        "",
        "## How to run",
        "",
        "```",
        "bench/run                                                      # SQLite, in a temporary folder",
        "BENCH_DATABASE_URL=postgresql://localhost/empty_db bench/run   # or an empty PostgreSQL database",
        "BENCH_POSTGRES_URL=postgresql://me@db-host/postgres bench/run  # the registration part's server",
        "BENCH_REG_USERS=300 BENCH_REG_CAPACITY=20 BENCH_EXPORT_ROWS=5000 bench/run   # a smaller try",
        "BENCH_BADGES=200 BENCH_CHECKIN_PEOPLE=1000 bench/run           # smaller badge and check-in parts",
        "bench/run report                                               # only the reports part, rewriting its section",
        "BENCH_REPORT_ROWS=5000 BENCH_REPORT_RESPONSES=1500 bench/run report   # a smaller try of it",
        "```",
        "",
        "It needs the virtualenv that `./dev test` or `./dev run` creates, and wrk (installed with apt-get when run "
        "as root). The registration part also needs a PostgreSQL server whatever `BENCH_DATABASE_URL` says: "
        "`BENCH_POSTGRES_URL` is an administrative URL on it (default "
        "`postgresql://postgres@127.0.0.1:5432/postgres`) whose user may create databases; the run creates a "
        "database of its own there, named `convene_bench_reg_…`, and drops it at the end however the run ends. "
        "The run stops at once with a message if that server does not answer. The sizes default to the issue's: "
        "3,000 people registering for 200 places (`BENCH_REG_USERS`, `BENCH_REG_CAPACITY`) and 50,000 "
        "registrations in the exported event (`BENCH_EXPORT_ROWS`), 1,000 badges in the batch (`BENCH_BADGES`) "
        "and 5,000 people whose badges are scanned at the door (`BENCH_CHECKIN_PEOPLE`). "
        f"It took {os.environ.get('BENCH_SECONDS', '?')} s this time, sends traffic only to 127.0.0.1, stops its "
        "servers, removes its files and overwrites this file. A PostgreSQL database given in `BENCH_DATABASE_URL` "
        "is left filled.",
        "",
        "## The machine",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; bench/run took {os.environ.get('BENCH_SECONDS', '?')} s.",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in machine(results["database"], workers)),
        "",
        "## Quality bars",
        "",
        f"- Public pages at ≥ {PAGE_RATIO:.0%} of hello's requests/s: {_verdict(all(met for _, met in pages))} ("
        + "; ".join(f"{what} {ratio:.1%}" for _, _, what, bar, _, _, ratio in rows if bar) + ").",
        f"- Feed of 500 sessions built in ≤ {FEED_BUILD_MS} ms: {_verdict(feed_ms <= FEED_BUILD_MS)} (median "
        f"{feed_ms:.1f} ms in process, loading the programme included).",
        f"- 304 on an unchanged feed: {_verdict(answers_304)} (checked before the load; under load no answer was "
        f"an error and they averaged {runs['feed-304'].bytes_per_answer:,.0f} bytes, headers included).",
        f"- Constant query count per page, 5 or 500 sessions: {_verdict(all(constant.values()))}"
        + ("." if all(constant.values())
           else " (" + ", ".join(page for page, same in constant.items() if not same) + " grow with the programme)."),
        *badges.bars(),
        *registration.bars(),
        *(reports.bars() if reports else []),
        "",
        "## Requests per second",
        "",
        f"gunicorn with {workers} sync workers; each Convene URL loaded with `{wrk_command}`, hello for "
        f"{hello_duration} before and after each. Hello ranged from {min(hellos):,.0f} to {max(hellos):,.0f} "
        f"requests/s during the run. \"In process\" is the median time of one request through Flask's test client, "
        f"without server or network (hello: {per_request['hello']['median_ms']:.2f} ms).",
        "",
        "| URL | What | Requests/s | Hello around it | % of hello | Latency avg | p99 | In process | Bar |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for name, path, what, bar, run, hello, ratio in rows:
        if bar:
            verdict = f"≥ {bar:.0%}: " + ("met" if ratio >= bar else "**not met**")
        elif name == "feed":
            verdict = f"build ≤ {FEED_BUILD_MS} ms: " + ("met" if feed_ms <= FEED_BUILD_MS else "**not met**")
        else:
            verdict = "304: " + ("met" if answers_304 else "**not met**")
        lines.append(f"| `{path}` | {what} | {run.requests_per_second:,.1f} | {hello:,.0f} | {ratio:.1%} | "
                     f"{_fmt_ms(run.latency_avg_ms)} | {_fmt_ms(run.latency_p99_ms)} | "
                     f"{_fmt_ms(per_request[name]['median_ms'])} | {verdict} |")
    if errors:
        lines += ["", "**Some answers under load were errors:** " + ", ".join(
            f"{name}: {run.bad_answers} not 2xx or 3xx, {run.socket_errors} socket errors (connect, read, write, timeout)" for name, run in errors) + "."]

    lines += [
        "",
        "## In process",
        "",
        "`time.perf_counter` around the call, no server, inside `app.test_request_context()`; each run starts "
        "from an empty SQLAlchemy session, as a request does.",
        "",
        "| What | Runs | Min | Median | Bar |",
        "|---|--:|--:|--:|---|",
    ]
    for key, what, bar in [
        ("feed", f"Feed of 500 sessions ({timings['feed_bytes'] / 1024:.0f} KiB): "
                 "`event_calendar(event, programme(event), link=…)`",
         f"≤ {FEED_BUILD_MS} ms: " + ("met" if feed_ms <= FEED_BUILD_MS else "**not met**")),
        ("programme_query", "… of which loading the programme: `programme(event)`", ""),
        ("calendar_only", "… of which writing the calendar: `event_calendar(…)` on loaded sessions", ""),
        ("pdf", "Printed programme of 500 sessions: `programme_pdf(event, programme(event))`", "none set"),
    ]:
        timing = timings[key]
        lines.append(f"| {what} | {timing['runs']} | {_fmt_ms(timing['min_ms'])} | {_fmt_ms(timing['median_ms'])} "
                     f"| {bar} |")

    lines += [
        "",
        "## SQL queries per page",
        "",
        "Counted with a `before_cursor_execute` listener on the engine, for an anonymous visitor through the "
        "Flask test client, after one warm-up request per URL.",
        "",
        "| Page | 5 sessions | 500 sessions | Constant |",
        "|---|--:|--:|---|",
        *(f"| {page} | {counts['small']} | {counts['big']} | {'yes' if constant[page] else '**no**'} |"
          for page, counts in queries.items()),
        "",
        *badges.section(results["database"], wrk_command, hello_duration, workers),
        "",
        *registration.section(reg_workers),
        "",
        *(reports.section() + [""] if reports else []),
    ]
    return "\n".join(lines)


def main(args: list[str]) -> None:
    work, big, small, wrk_command, hello_duration, workers, reg_workers = args
    sys.stdout.write(report(Path(work), big, small, wrk_command, hello_duration, workers, reg_workers))


if __name__ == "__main__":
    main(sys.argv[1:])
