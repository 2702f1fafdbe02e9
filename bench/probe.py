"""One request for bench/run: `python -m bench.probe URL [HEADER: value]` GETs URL and prints the status
and the ETag.

With `--wait`, it retries for up to 30 s while the server is still starting. With `--json BODY`, it
POSTs BODY as JSON instead, and prints the status and the answer's "result" (the check-in API's).
Only 127.0.0.1 is accepted: the benchmarks never send traffic anywhere else.
"""
import json
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit


def _local(url: str) -> None:
    if urlsplit(url).hostname != "127.0.0.1":
        raise SystemExit(f"bench.probe: {url} is not on 127.0.0.1")


def probe(url: str, headers: dict) -> tuple[int, str]:
    _local(url)
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("ETag", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("ETag", "")


def post_json(url: str, body: str, headers: dict) -> tuple[int, str]:
    _local(url)
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, answer = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, answer = error.code, error.read()
    try:
        result = json.loads(answer).get("result") or "-"
    except (ValueError, AttributeError):
        result = "-"
    return status, result


def main(args: list[str]) -> None:
    wait = "--wait" in args
    args = [arg for arg in args if arg != "--wait"]
    body = None
    if "--json" in args:
        at = args.index("--json")
        body, args = args[at + 1], args[:at] + args[at + 2:]
    url, *header = args
    headers = dict([header[0].split(": ", 1)]) if header else {}
    deadline = time.monotonic() + 30
    while True:
        try:
            status, detail = probe(url, headers) if body is None else post_json(url, body, headers)
            break
        except OSError:
            if not wait or time.monotonic() > deadline:
                raise SystemExit(f"bench.probe: nothing answers at {url}")
            time.sleep(0.2)
    print(status, detail)


if __name__ == "__main__":
    main(sys.argv[1:])
