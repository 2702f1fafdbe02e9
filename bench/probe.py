"""One GET for bench/run: `python -m bench.probe URL [HEADER: value]` prints the status and the ETag.

With `--wait`, it retries for up to 30 s while the server is still starting. Only 127.0.0.1 is
accepted: the benchmarks never send traffic anywhere else.
"""
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit


def probe(url: str, headers: dict) -> tuple[int, str]:
    if urlsplit(url).hostname != "127.0.0.1":
        raise SystemExit(f"bench.probe: {url} is not on 127.0.0.1")
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("ETag", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("ETag", "")


def main(args: list[str]) -> None:
    wait = "--wait" in args
    url, *header = [arg for arg in args if arg != "--wait"]
    headers = dict([header[0].split(": ", 1)]) if header else {}
    deadline = time.monotonic() + 30
    while True:
        try:
            status, etag = probe(url, headers)
            break
        except OSError:
            if not wait or time.monotonic() > deadline:
                raise SystemExit(f"bench.probe: nothing answers at {url}")
            time.sleep(0.2)
    print(status, etag)


if __name__ == "__main__":
    main(sys.argv[1:])
