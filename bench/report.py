"""docs/benchmarks.md from one run of bench/run: the machine, wrk's figures as ratios to hello, the
in-process timings and the query counts, each held against PRODUCT.md's quality bars.

`python -m bench.report WORK_DIR BIG_SLUG SMALL_SLUG WRK_COMMAND HELLO_DURATION WORKERS` prints the Markdown;
bench/run writes it to the file.
"""
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
import json
import os
from pathlib import Path
import platform
import re
import subprocess
import sys

#: PRODUCT.md, "Quality bars".
PAGE_RATIO = 0.40
FEED_BUILD_MS = 50

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
UNITS_BYTES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


@dataclass
class WrkRun:
    requests_per_second: float
    requests: int
    latency_avg_ms: float
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
    p99 = find(r"^\s+99(?:\.0+)?%\s+(\S+)")
    errors = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    bad = find(r"Non-2xx or 3xx responses: (\d+)")
    return WrkRun(requests_per_second=float(rate[1]), requests=int(total[1]),
                  latency_avg_ms=_ms(find(r"^\s+Latency\s+(\S+)")[1]),
                  latency_p99_ms=_ms(p99[1]) if p99 else None, bad_answers=int(bad[1]) if bad else 0,
                  socket_errors=sum(int(count) for count in errors.groups()) if errors else 0,
                  bytes_per_answer=float(total[2]) * UNITS_BYTES[total[3]] / max(int(total[1]), 1))


def _run(*command: str) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except OSError:
        return "unknown"
    return (result.stdout or result.stderr).strip()


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


def report(work: Path, big: str, small: str, wrk_command: str, hello_duration: str, workers: str) -> str:
    results = json.loads((work / "inprocess.json").read_text())
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
    errors = [(name, run) for name, run in runs.items() if run.bad_answers or run.socket_errors]

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
        "holds a time limit; speed is judged here only.",
        "",
        "## How to run",
        "",
        "```",
        "bench/run                                                      # SQLite, in a temporary folder",
        "BENCH_DATABASE_URL=postgresql://localhost/empty_db bench/run   # or an empty PostgreSQL database",
        "```",
        "",
        "It needs the virtualenv that `./dev test` or `./dev run` creates, and wrk (installed with apt-get when run "
        "as root). It takes about two and a half minutes, sends traffic only to 127.0.0.1, stops its servers, "
        "removes its files and overwrites this file. A PostgreSQL database given to it is left filled.",
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
    ]
    return "\n".join(lines)


def main(args: list[str]) -> None:
    work, big, small, wrk_command, hello_duration, workers = args
    sys.stdout.write(report(Path(work), big, small, wrk_command, hello_duration, workers))


if __name__ == "__main__":
    main(sys.argv[1:])
