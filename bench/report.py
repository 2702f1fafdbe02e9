"""docs/benchmarks.md from one run of bench/run: the machine, wrk's figures as ratios to hello, the
in-process timings and the query counts, each held against PRODUCT.md's quality bars.

`python -m bench.report WORK_DIR SLUG WRK_ARGS WORKERS` prints the Markdown; bench/run writes it to the file.
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
    percentile = {match[1]: _ms(match[2]) for match in re.finditer(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", text, re.M)}
    errors = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    bad = find(r"Non-2xx or 3xx responses: (\d+)")
    return WrkRun(requests_per_second=float(rate[1]), requests=int(total[1]),
                  latency_avg_ms=_ms(find(r"^\s+Latency\s+(\S+)")[1]), latency_p50_ms=percentile.get("50"),
                  latency_p99_ms=percentile.get("99"), bad_answers=int(bad[1]) if bad else 0,
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


def report(work: Path, slug: str, wrk_args: str, workers: str) -> str:
    results = json.loads((work / "inprocess.json").read_text())
    runs = {path.stem.removeprefix("wrk-"): parse_wrk(path.read_text()) for path in work.glob("wrk-*.txt")}
    hello_runs = [runs["hello-1"], runs["hello-2"]]
    hello = sum(run.requests_per_second for run in hello_runs) / len(hello_runs)
    drift = abs(hello_runs[1].requests_per_second / hello_runs[0].requests_per_second - 1)
    timings, queries = results["timings"], results["queries"]
    feed_ms = timings["feed"]["median_ms"]

    #: (run, URL shown, what it is, bar as a ratio to hello or None)
    urls = [
        ("list", "/events/", "event list, page 1 of 202 upcoming events", PAGE_RATIO),
        ("event", f"/events/{slug}/", "event page, 500 sessions", PAGE_RATIO),
        ("programme", f"/events/{slug}/programme", "programme, 500 sessions", PAGE_RATIO),
        ("feed", f"/events/{slug}/calendar.ics", f"feed, 500 sessions ({timings['feed_bytes'] / 1024:.0f} KiB)", None),
        ("feed-304", f"/events/{slug}/calendar.ics", "same feed with If-None-Match (304)", None),
    ]
    pages_met = {name: runs[name].requests_per_second / hello >= bar for name, _, _, bar in urls if bar}
    clean = all(run.bad_answers == 0 and run.socket_errors == 0 for run in runs.values())
    # wrk cannot tell 200 from 304; a 304 is the one answer without the feed's 450 KB body.
    answers_304 = runs["feed-304"].bad_answers == 0 and runs["feed-304"].bytes_per_answer < 2048
    constant = {page: counts["small"] == counts["big"] for page, counts in queries.items()}

    lines = [
        "# Benchmarks",
        "",
        "Generated by `bench/run`; do not edit by hand, run it again.",
        "",
        "The benchmarks build a throwaway database (a 500-session conference over the night clocks go forward, "
        "a 5-session event and 200 other events), serve Convene and a bare Flask \"hello\" app under the same "
        "gunicorn settings on 127.0.0.1, load each URL with wrk for a few seconds after a short warm-up, and time "
        "the feed and the printed programme in process. The machine is shared and noisy, and wrk runs on the same "
        "two cores as the servers, so absolute figures move from run to run: **what matters is each figure as a "
        "ratio to hello in the same run**, which is how PRODUCT.md's quality bars are stated. No test holds a "
        "time limit; these figures are the only place speed is judged.",
        "",
        "## How to run",
        "",
        "```",
        "bench/run                                                # SQLite, in a temporary folder",
        "BENCH_DATABASE_URL=postgresql://localhost/empty_db bench/run   # or an empty PostgreSQL database",
        "```",
        "",
        "It needs the virtualenv that `./dev test` or `./dev run` creates, and `wrk` (installed with apt-get when "
        "run as root). It takes about three minutes, stops its servers and removes its files when done, and "
        "overwrites this file.",
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
        f"- Public pages at ≥ {PAGE_RATIO:.0%} of hello's requests/s: "
        + _verdict(all(pages_met.values()))
        + " (" + ", ".join(f"{name} {runs[name].requests_per_second / hello:.0%}" for name in pages_met) + ").",
        f"- Feed of 500 sessions built in ≤ {FEED_BUILD_MS} ms: {_verdict(feed_ms <= FEED_BUILD_MS)} "
        f"(median {feed_ms:.1f} ms, loading the programme included; see below).",
        f"- 304 on an unchanged feed: {_verdict(answers_304)} (checked before the load; under load every answer "
        f"was 2xx or 3xx and averaged {runs['feed-304'].bytes_per_answer:,.0f} bytes, headers included).",
        "- Constant query count per page, 5 or 500 sessions: " + _verdict(all(constant.values()))
        + ("." if all(constant.values())
           else " (" + ", ".join(page for page, same in constant.items() if not same) + " grow with the programme)."),
        "",
        "## Requests per second",
        "",
        f"gunicorn, {workers} sync workers, each URL loaded with `wrk {wrk_args} --latency` after a 2 s warm-up. "
        f"Hello ran first and last: {hello_runs[0].requests_per_second:,.0f} and "
        f"{hello_runs[1].requests_per_second:,.0f} requests/s ({drift:.0%} apart); the ratios use their mean, "
        f"{hello:,.0f}.",
        "",
        "| URL | What | Requests/s | % of hello | Latency avg | p50 | p99 | Bar |",
        "|---|---|--:|--:|--:|--:|--:|---|",
        f"| `/` (hello) | bare Flask app | {hello:,.0f} | 100% | {_fmt_ms(hello_runs[0].latency_avg_ms)} | "
        f"{_fmt_ms(hello_runs[0].latency_p50_ms)} | {_fmt_ms(hello_runs[0].latency_p99_ms)} | |",
    ]
    for name, url, what, bar in urls:
        run = runs[name]
        ratio = run.requests_per_second / hello
        if bar:
            verdict = f"≥ {bar:.0%}: {'met' if ratio >= bar else '**not met**'}"
        elif name == "feed":
            verdict = f"build ≤ {FEED_BUILD_MS} ms (in process, below)"
        else:
            verdict = "304: met" if answers_304 else "304: **not met**"
        lines.append(f"| `{url}` | {what} | {run.requests_per_second:,.1f} | {ratio:.1%} | "
                     f"{_fmt_ms(run.latency_avg_ms)} | {_fmt_ms(run.latency_p50_ms)} | {_fmt_ms(run.latency_p99_ms)} "
                     f"| {verdict} |")
    if not clean:
        lines += ["", "**Some answers under load were errors:** "
                  + ", ".join(f"{name}: {run.bad_answers} non-2xx/3xx, {run.socket_errors} socket errors"
                              for name, run in runs.items() if run.bad_answers or run.socket_errors) + "."]

    lines += [
        "",
        "## In process",
        "",
        "No server: `time.perf_counter` around the call inside `app.test_request_context()`, each run from an "
        "empty SQLAlchemy session as in a request.",
        "",
        "| What | Runs | Min | Median | Bar |",
        "|---|--:|--:|--:|---|",
    ]
    rows = [
        ("feed", "Feed of 500 sessions: `event_calendar(event, programme(event), link=…)`",
         f"≤ {FEED_BUILD_MS} ms: {'met' if feed_ms <= FEED_BUILD_MS else '**not met**'}"),
        ("programme_query", "… of which loading the programme: `programme(event)`", ""),
        ("calendar_only", "… of which writing the calendar: `event_calendar(…)` on loaded sessions", ""),
        ("pdf", "Printed programme of 500 sessions: `programme_pdf(event, programme(event))`", "none set"),
    ]
    for key, what, bar in rows:
        timing = timings[key]
        lines.append(f"| {what} | {timing['runs']} | {_fmt_ms(timing['min_ms'])} | {_fmt_ms(timing['median_ms'])} "
                     f"| {bar} |")

    lines += [
        "",
        "## SQL queries per page",
        "",
        "Counted with a `before_cursor_execute` listener on the engine, anonymous visitor, Flask test client, "
        "after one warm-up request per URL.",
        "",
        "| Page | 5 sessions | 500 sessions | Constant |",
        "|---|--:|--:|---|",
        *(f"| {page} | {counts['small']} | {counts['big']} | {'yes' if constant[page] else '**no**'} |"
          for page, counts in queries.items()),
        "",
    ]
    return "\n".join(lines)


def main(args: list[str]) -> None:
    work, slug, wrk_args, workers = args
    sys.stdout.write(report(Path(work), slug, wrk_args, workers))


if __name__ == "__main__":
    main(sys.argv[1:])
