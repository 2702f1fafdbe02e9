"""A live Convene server in a thread and a real headless Chromium (Debian's package) to drive it."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import unavailable

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if not path:
        unavailable("no chromium on this machine (the test command installs Debian's chromium package)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("playwright is not installed (requirements-dev.txt)")
    # A page is given as long to show what a test expects as to find what it clicks: the tests run beside
    # another pass on a loaded machine, where the 5 s default was once too short.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def new_page(chromium, live_server, locale: str = "en-GB"):
    """A page in a browser context of its own: a second person (a visitor, a speaker) beside the first."""
    context = chromium.new_context(base_url=live_server, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def page(chromium, live_server):
    page = new_page(chromium, live_server)
    yield page
    page.context.close()
