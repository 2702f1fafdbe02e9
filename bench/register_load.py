"""The load generator of the registration benchmark: many clients at once, each a thread with its own
HTTP connection, and a cookie jar per person. Prints JSON for bench/report.py.

    python -m bench.register_load register BASE_URL SLUG --users N --clients C [--watch DATABASE_URL]
    python -m bench.register_load get URL --clients C --seconds S

`register`: the rush. First, untimed, each client logs its share of the USERS people in
(`POST /account/login`) and opens the registration form once per person for its CSRF token. Then all
clients start together and submit the form for each of their people, one after the other, as a
browser posts it; only these POSTs are timed. Each must answer 302 to /registrations, whether the
place is confirmed or the person joins the waiting list (the database is checked afterwards by
bench/registration_inprocess.py: "already registered" answers 302 too).

With --watch, a thread samples PostgreSQL's pg_stat_activity every 50 ms during the rush: how many
of the server's connections were running a statement, how many were waiting for a lock (the event's
registration lock, see registration/places.py), and whether the one holding it was running a
statement or between two (in Python). It tells what holds a rush up: the lock, and what happens
while it is held.

`get`: the same clients GET one URL in a loop for S seconds after a warm-up: the yardstick (hello)
under the same server settings, measured by the same client code.

wrk would be lighter on the CPU, but a registration needs a session and a CSRF token per person;
the same Python client for both figures keeps the ratio fair (bench/run adds wrk's hello for scale).
Gunicorn's sync workers close the connection after every answer, so every request opens a new TCP
connection (http.client reconnects by itself), for hello as for Convene.
"""
import argparse
from collections import Counter
import http.client
from http.cookies import SimpleCookie
import json
import re
import statistics
import sys
import threading
from time import perf_counter
from urllib.parse import urlencode, urlsplit
import uuid

from bench.people import PASSWORD, rush_email, typed

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
#: Timed answers of an unexpected kind kept as examples for the report (status and Location or body).
EXAMPLES = 5


class Person:
    """One person's cookies: the session Flask signs, with the log-in and the CSRF secret in it."""

    def __init__(self, number: int):
        self.number, self.email, self.cookies, self.token = number, rush_email(number), {}, None

    def header(self) -> dict:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())} if self.cookies else {}

    def remember(self, response: http.client.HTTPResponse) -> None:
        for line in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(line).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)


class Client:
    """One connection, reused for every request of one thread."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        if parts.hostname != "127.0.0.1":
            raise SystemExit(f"bench.register_load: {base} is not on 127.0.0.1")
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

    def send(self, method: str, path: str, person: Person | None = None, form: dict | None = None,
             multipart: bool = False):
        headers = person.header() if person else {}
        body = None
        if form is not None and multipart:
            body, headers["Content-Type"] = _multipart(form)
        elif form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a new connection
            raise
        if person is not None:
            person.remember(response)
        return response, data


def _multipart(form: dict) -> tuple[bytes, str]:
    """The form as a browser posts one with a file input (the registration form's badge photo): a list
    value is ticked boxes, one part each; the file input left empty is an empty part with no file name."""
    boundary = f"----bench{uuid.uuid4().hex}"
    parts = [f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}'
             for name, values in form.items() for value in (values if isinstance(values, list) else [values])]
    parts.append('Content-Disposition: form-data; name="photo"; filename=""\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n")
    body = "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--\r\n"
    return body.encode(), f"multipart/form-data; boundary={boundary}"


def percentiles(latencies: list[float]) -> dict:
    if len(latencies) < 2:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "p99_ms": cuts[98] * 1000,
            "max_ms": max(latencies) * 1000}


def _log_in(client: Client, person: Person, slug: str) -> None:
    response, page = client.send("GET", "/account/login", person)
    token = CSRF_INPUT.search(page.decode())
    response, _ = client.send("POST", "/account/login", person,
                              {"email": person.email, "password": PASSWORD, "csrf_token": token and token[1]})
    if response.status != 302:
        raise RuntimeError(f"log-in of {person.email} answered {response.status}, not 302")
    response, page = client.send("GET", f"/events/{slug}/register", person)
    token = CSRF_INPUT.search(page.decode())
    if response.status != 200 or token is None:
        raise RuntimeError(f"the form for {person.email} answered {response.status}{'' if token else ', no token'}")
    person.token = token[1]


#: One sample of the benchmark database's other connections: how many run a statement, how many of
#: those wait for a lock, how many hold a lock someone waits for, and how many of these holders are
#: between two statements of their transaction (the app is working in Python, or waiting for a CPU).
ACTIVITY = """
WITH here AS (SELECT pid, state, wait_event_type FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid()),
     holders AS (SELECT DISTINCT unnest(pg_blocking_pids(pid)) AS pid FROM here WHERE wait_event_type = 'Lock')
SELECT count(*) FILTER (WHERE state = 'active'),
       count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'),
       (SELECT count(*) FROM holders),
       (SELECT count(*) FROM holders JOIN here USING (pid) WHERE here.state = 'idle in transaction')
FROM here
"""


def _watch(database_url: str, stop: threading.Event, samples: list) -> None:
    import psycopg  # the app's driver, from the same virtualenv; only the watcher needs it

    with psycopg.connect(database_url, autocommit=True) as connection:
        while not stop.wait(0.05):
            samples.append(connection.execute(ACTIVITY).fetchone())


def register(base: str, slug: str, users: int, clients: int, watch: str | None = None) -> dict:
    Client(base)  # refuses anything but 127.0.0.1 before a thread starts
    shares = [[Person(number) for number in range(first, users, clients)] for first in range(clients)]
    ready, go = threading.Barrier(clients + 1), threading.Barrier(clients + 1)
    results: list[dict] = [{} for _ in range(clients)]

    def run(index: int) -> None:
        client, result = Client(base), results[index]
        result.update(latencies=[], answers=Counter(), examples=[], errors=Counter())
        try:
            for person in shares[index]:
                _log_in(client, person, slug)
        except Exception as error:  # reported, and the rush does not start
            result["setup_error"] = f"{type(error).__name__}: {error}"
        ready.wait()
        go.wait()
        if "setup_error" in result or any("setup_error" in other for other in results):
            return
        result["started"] = perf_counter()
        for person in shares[index]:
            started = perf_counter()
            try:
                response, body = client.send("POST", f"/events/{slug}/register", person,
                                             {**typed(person.number), "consent": "y", "csrf_token": person.token},
                                             multipart=True)
            except (OSError, http.client.HTTPException) as error:
                result["errors"][type(error).__name__] += 1
                continue
            result["latencies"].append(perf_counter() - started)
            location = urlsplit(response.headers.get("Location", "")).path
            answer = f"{response.status} {location}" if response.status in (301, 302, 303) else str(response.status)
            result["answers"][answer] += 1
            if answer != "302 /registrations" and len(result["examples"]) < EXAMPLES // clients + 1:
                result["examples"].append(f"{person.email}: {answer} {body[:200].decode(errors='replace')!r}")
        result["finished"] = perf_counter()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(clients)]
    setup_started = perf_counter()
    for thread in threads:
        thread.start()
    ready.wait()  # everyone logged in (or failed to)
    setup_seconds = perf_counter() - setup_started
    stop, samples = threading.Event(), []
    watcher = threading.Thread(target=_watch, args=(watch, stop, samples)) if watch else None
    if watcher:
        watcher.start()
    go.wait()
    for thread in threads:
        thread.join()
    if watcher:
        stop.set()
        watcher.join()

    setup_errors = [result["setup_error"] for result in results if "setup_error" in result]
    if setup_errors:
        raise SystemExit(f"bench.register_load: logging the people in failed: {setup_errors[0]}")
    latencies = [value for result in results for value in result["latencies"]]
    answers = sum((result["answers"] for result in results), Counter())
    errors = sum((result["errors"] for result in results), Counter())
    seconds = max(result["finished"] for result in results) - min(result["started"] for result in results)
    submitted = len(latencies) + sum(errors.values())
    return {"users": users, "clients": clients, "setup_seconds": setup_seconds, "submissions": submitted,
            "answered": len(latencies), "seconds": seconds, "per_second": len(latencies) / seconds,
            **percentiles(latencies), "mean_ms": statistics.fmean(latencies) * 1000 if latencies else None,
            "answers": dict(answers), "unexpected": submitted - answers["302 /registrations"],
            "errors": dict(errors),
            "examples": [example for result in results for example in result["examples"]][:EXAMPLES],
            "activity": _activity(samples)}


def _activity(samples: list[tuple]) -> dict | None:
    if not samples:
        return None
    contended = [sample for sample in samples if sample[2]]
    return {"samples": len(samples), "running": statistics.fmean(sample[0] for sample in samples),
            "waiting_for_lock": statistics.fmean(sample[1] for sample in samples),
            "contended_share": len(contended) / len(samples),
            "holder_between_statements_share": sum(sample[3] > 0 for sample in contended) / max(len(contended), 1)}


def get(url: str, clients: int, seconds: float, warmup: float) -> dict:
    Client(url)
    path = urlsplit(url).path or "/"
    started = perf_counter()
    measure_from, until = started + warmup, started + warmup + seconds
    results: list[dict] = [{} for _ in range(clients)]

    def run(index: int) -> None:
        client, result = Client(url), results[index]
        result.update(latencies=[], bad=0, errors=Counter())
        while (now := perf_counter()) < until:
            try:
                response, _ = client.send("GET", path)
            except (OSError, http.client.HTTPException) as error:
                if now >= measure_from:
                    result["errors"][type(error).__name__] += 1
                continue
            if now >= measure_from:  # requests that started in the measured window
                result["latencies"].append(perf_counter() - now)
                result["bad"] += response.status != 200

    threads = [threading.Thread(target=run, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [value for result in results for value in result["latencies"]]
    return {"clients": clients, "seconds": seconds, "requests": len(latencies),
            "per_second": len(latencies) / seconds, **percentiles(latencies),
            "mean_ms": statistics.fmean(latencies) * 1000 if latencies else None,
            "unexpected": sum(result["bad"] for result in results),
            "errors": dict(sum((result["errors"] for result in results), Counter()))}


def main(args: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.register_load")
    commands = parser.add_subparsers(dest="command", required=True)
    rush = commands.add_parser("register")
    rush.add_argument("base")
    rush.add_argument("slug")
    rush.add_argument("--users", type=int, required=True)
    rush.add_argument("--clients", type=int, default=32)
    rush.add_argument("--watch", metavar="DATABASE_URL", help="sample pg_stat_activity of this database meanwhile")
    yardstick = commands.add_parser("get")
    yardstick.add_argument("url")
    yardstick.add_argument("--clients", type=int, default=32)
    yardstick.add_argument("--seconds", type=float, default=10)
    yardstick.add_argument("--warmup", type=float, default=1)
    options = parser.parse_args(args)
    if options.command == "register":
        result = register(options.base, options.slug, options.users, options.clients, options.watch)
    else:
        result = get(options.url, options.clients, options.seconds, options.warmup)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
