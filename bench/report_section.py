"""The reports part of docs/benchmarks.md (issue 7): an event's dashboard and its downloads for 50,000
registrations, on SQLite and on PostgreSQL, from what bench/report_data.py and bench/report_inprocess.py
left in the work folder (report-data-<database>.json, report-<database>.json).

bench/report.py puts `Reports.bars()` among the quality bars and `Reports.section()` at the end of the file.
`bench/run report` runs this part alone: `python -m bench.report_section WORK_DIR FILE` then rewrites this
section of FILE, and its lines among the quality bars, leaving the rest of the file as the last full run
wrote it.
"""
from dataclasses import dataclass
from datetime import UTC, datetime
import json
import os
from pathlib import Path
import re
import sys

#: The issue: "an event with 50,000 registrations renders its dashboard in well under a second". Well under:
#: half a second at the median, and under the second for 19 requests in 20.
DASHBOARD_MEDIAN_MS, DASHBOARD_P95_MS = 500, 1000
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
DOWNLOADS = {"csv": "CSV, `…/report.csv`", "xlsx": "XLSX, `…/report.xlsx`", "pdf": "PDF report, `…/report.pdf`"}
TITLE = "## Reports: the event dashboard and its downloads"
#: How this part's lines among the quality bars start, so that a run of this part alone can replace them.
BAR_PREFIX = "- Event dashboard"


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 10_000:
        return f"{value / 1000:,.1f} s"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _kib(size: float) -> str:
    return f"{size / 1024**2:,.1f} MiB" if size >= 1024**2 else f"{size / 1024:,.0f} KiB"


def _machine() -> list[tuple[str, str]]:
    """The machine as the rest of the file describes it, less what this part does not use (servers, wrk)."""
    from bench.report import machine  # which imports this module

    return [(name, value) for name, value in machine("", "") if name.split()[0] in
            ("CPUs", "CPU", "Memory", "System", "Python", "Flask", "Code")]


def _verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


@dataclass
class Reports:
    """What the report benchmark left in the work folder, per database."""

    data: dict
    results: dict

    @classmethod
    def read(cls, work: Path) -> "Reports | None":
        data, results = {}, {}
        for key in DATABASES:
            if (work / f"report-{key}.json").exists():
                data[key] = json.loads((work / f"report-data-{key}.json").read_text())
                results[key] = json.loads((work / f"report-{key}.json").read_text())
        return cls(data, results) if results else None

    def _met(self, key: str) -> bool:
        dashboard = self.results[key]["big"]["dashboard"]
        return dashboard["median_ms"] <= DASHBOARD_MEDIAN_MS and dashboard["p95_ms"] < DASHBOARD_P95_MS

    def _constant(self, key: str) -> dict[str, bool]:
        sizes = self.results[key]
        return {name: timing["queries"] == sizes["small"][name]["queries"] and not timing["queries_vary"]
                for name, timing in sizes["big"].items() if "queries" in timing}

    def bars(self) -> list[str]:
        rows = max(data["big"]["rows"] for data in self.data.values())
        figures = "; ".join(
            f"{DATABASES[key]} median {_ms(result['big']['dashboard']['median_ms'])}, "
            f"p95 {_ms(result['big']['dashboard']['p95_ms'])}" for key, result in self.results.items())
        constant = all(all(self._constant(key).values()) for key in self.results)
        return [
            f"{BAR_PREFIX} of an event with {rows:,} registrations well under a second (median ≤ "
            f"{DASHBOARD_MEDIAN_MS} ms, p95 < {DASHBOARD_P95_MS / 1000:.0f} s, in process): "
            f"{_verdict(all(self._met(key) for key in self.results))} ({figures}).",
            f"{BAR_PREFIX} and its downloads send as many queries for 50 registrations as for {rows:,}: "
            f"{_verdict(constant)}.",
        ]

    def section(self) -> list[str]:
        first = next(iter(self.data.values()))
        big, small = first["big"], first["small"]
        lines = [
            TITLE,
            "",
            "Issue 7's benchmark: *an event with 50,000 registrations renders its dashboard in well under a "
            f"second*. One finished three-day event with {big['rows']:,} registrations made over the three months "
            "before it ("
            + ", ".join(f"{status} {count:,}" for status, count in big["statuses"].items())
            + f"; 7 stakeholder groups, {big['countries']} countries of every region and a few not given, "
            f"genders), {big['checkins']:,} check-ins of {big['attended']:,} people at the door on its three days and "
            f"at its six sessions taking attendance, and a feedback survey sent to those {big['invited']:,}, "
            f"{big['responses']:,} of whom answered its seven outcome questions and a choice question "
            f"({big['answers']:,} answers, {big['comments']:,} of them with a comment); and a small twin made the "
            f"same way with {small['rows']} registrations and {small['responses']} answers. All inserted in bulk by "
            "`bench/report_data.py`, in a database of its own on each of SQLite (a file) and PostgreSQL (a "
            "throwaway database on the server of the registration part, dropped at the end).",
            "",
            "Timed in process by `bench/report_inprocess.py`: Flask's test client, logged in as the events' "
            "organiser through the log-in form, each request with a database session of its own as under "
            "gunicorn; warm-up requests first, then the runs (median and p95 by nearest rank: with 20 runs, the "
            "second slowest). *SQL* is the time spent in the driver's `execute`, from the engine's events; *CPU "
            "here* the CPU time of the timing process (`time.process_time`), which other jobs on the machine do not "
            "inflate: on SQLite it includes the database's work, on PostgreSQL not the server's (and SQLite hands "
            "over the rows of a query read in the order of an index one by one, after `execute` returns: *SQL* "
            "misses that part of its work there, *CPU here* does not). The "
            "machine is shared and noisy, so each figure is also given as a ratio to two yardsticks timed in the "
            "same process: the bare hello app, and the participant list of the same event (page 1, issue 4's "
            "benchmark page).",
            "",
            "| | |",
            "|---|---|",
            f"| Run on | {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, in {os.environ.get('BENCH_REPORT_SECONDS', '?')} s "
            "(`bench/run report` runs this part alone) |",
            f"| Load average before it | {os.environ.get('BENCH_REPORT_LOADAVG', 'unknown')} |",
            "| Databases | " + "; ".join(result["database"] for result in self.results.values()) + " |",
            *(f"| {name} | {value} |" for name, value in _machine()),
        ]
        lines += [
            "",
            "### The dashboard, `/events/…/report`",
            "",
            "| Database | Registrations | Median | p95 | Min | Max | SQL (median) | CPU here (median) | Queries "
            "| × participant list | × hello | Page |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for key, result in self.results.items():
            hello = (result["hello"]["median_ms"] + result["hello_after"]["median_ms"]) / 2
            for size in ("small", "big"):
                page, listed = result[size]["dashboard"], result[size]["participants"]
                rows = self.data[key][size]["rows"]
                median = f"**{_ms(page['median_ms'])}**" if size == "big" else _ms(page["median_ms"])
                lines.append(
                    f"| {DATABASES[key]} | {rows:,} | {median} | {_ms(page['p95_ms'])} | {_ms(page['min_ms'])} | "
                    f"{_ms(page['max_ms'])} | {_ms(page['sql_median_ms'])} | {_ms(page.get('cpu_median_ms'))} | "
                    f"{page['queries']} | "
                    f"{page['median_ms'] / listed['median_ms']:.1f} | {page['median_ms'] / hello:,.0f} | "
                    f"{_kib(page['bytes'])}, {page['charts']} charts, {page['table_rows']:,} table rows |")
        for key in self.results:
            met = self._met(key)
            lines += ["", f"{DATABASES[key]}: the dashboard of {self.data[key]['big']['rows']:,} registrations "
                      f"{'is' if met else 'is not'} well under a second (median ≤ {DASHBOARD_MEDIAN_MS} ms and p95 < "
                      f"{DASHBOARD_P95_MS / 1000:.0f} s): {_verdict(met)}."]
        lines += [
            "",
            "Where the time goes: `outcomes.dashboard.event_report(event)` alone (the queries, the tables and the "
            "charts, without the page around them), in `app.test_request_context()`, each run from an empty "
            "SQLAlchemy session.",
            "",
            "| Database | Registrations | Median | p95 | Sections | Tables | Table rows |",
            "|---|--:|--:|--:|--:|--:|--:|",
        ]
        for key, result in self.results.items():
            for size in ("small", "big"):
                build = result[size]["build"]
                lines.append(f"| {DATABASES[key]} | {self.data[key][size]['rows']:,} | {_ms(build['median_ms'])} | "
                             f"{_ms(build['p95_ms'])} | {build['sections']} | {build['tables']} | {build['rows']:,} |")
        lines += self._downloads()
        lines += [
            "",
            "### Yardsticks, in the same processes",
            "",
            "| What | " + " | ".join(f"{DATABASES[key]} median" for key in self.results) + " |",
            "|---|" + "--:|" * len(self.results),
            "| hello, `GET /` of `bench/hello.py` (before / after) | " + " | ".join(
                f"{_ms(result['hello']['median_ms'])} / {_ms(result['hello_after']['median_ms'])}"
                for result in self.results.values()) + " |",
        ]
        for size in ("small", "big"):
            lines.append(f"| participant list, page 1, {self.data[next(iter(self.data))][size]['rows']:,} "
                         "registrations | " + " | ".join(
                             f"{_ms(result[size]['participants']['median_ms'])} "
                             f"({result[size]['participants']['queries']} queries)"
                             for result in self.results.values()) + " |")
        varying = [f"{DATABASES[key]}: {name}" for key, constant in ((key, self._constant(key)) for key in self.results)
                   for name, same in constant.items() if not same]
        lines += ["", "Queries per request: " + (
            "the same for 50 registrations as for 50,000, on every page and download, on each database."
            if not varying else "**they grow with the registrations** (" + ", ".join(varying) + ").")]
        return lines

    def _downloads(self) -> list[str]:
        names = [name for name in DOWNLOADS if any(name in result["big"] for result in self.results.values())]
        if not names:
            return ["", "### Downloads", "", "The app served no download of the report (`outcomes.report_csv`, "
                    "`…_xlsx`, `…_pdf`): nothing to time."]
        lines = [
            "",
            "### Downloads of the dashboard",
            "",
            "The same report as the page, as a file. Runs after warm-up requests, except the big event's PDF: "
            "the small event's warmed its fonts and templates, and one more run would cost minutes.",
            "",
            "| Download | Database | Median, 50 | Median, 50,000 | p95, 50,000 | SQL, 50,000 | Queries | Size, 50,000 "
            "| × participant list |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for name in names:
            for key, result in self.results.items():
                if name not in result["big"]:
                    continue
                timing, few = result["big"][name], result["small"][name]
                lines.append(
                    f"| {DOWNLOADS[name]} | {DATABASES[key]} | {_ms(few['median_ms'])} | "
                    f"**{_ms(timing['median_ms'])}** | {_ms(timing['p95_ms'])} ({timing['runs']} runs) | "
                    f"{_ms(timing['sql_median_ms'])} | "
                    f"{few['queries']} / {timing['queries']} | {_kib(timing['bytes'])} | "
                    f"{timing['median_ms'] / result['big']['participants']['median_ms']:.1f} |")
        return lines


def rewrite(path: Path, reports: Reports) -> str:
    """FILE with this part's section and quality bars replaced (or added at the end of each)."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    section = "\n".join(reports.section()) + "\n"
    start = text.find(TITLE + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = re.search(r"^## ", text[start + len(TITLE):], re.MULTILINE)
        end = start + len(TITLE) + following.start() if following else len(text)
        text = text[:start] + section + ("\n" if following else "") + text[end:]
    bars = re.search(r"^## Quality bars\n\n((?:- .*\n)*)", text, re.MULTILINE)
    if bars:
        kept = [line for line in bars[1].splitlines() if not line.startswith(BAR_PREFIX)]
        text = text[:bars.start(1)] + "\n".join(kept + reports.bars()) + "\n" + text[bars.end(1):]
    return text


def main(args: list[str]) -> None:
    work, target = Path(args[0]), Path(args[1])
    reports = Reports.read(work)
    if reports is None:
        raise SystemExit(f"bench.report_section: no report-*.json in {work}")
    target.write_text(rewrite(target, reports))


if __name__ == "__main__":
    main(sys.argv[1:])
