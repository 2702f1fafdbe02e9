"""Site-wide commands: `flask send-mail` (the outbox sender), `flask jobs worker` and `flask translations`."""
import os
import time

import click
from flask import current_app

from core import jobs
from core.mail import deliver_pending
from core.views import bp


@bp.cli.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, sending what falls due.")
@click.option("--interval", default=15.0, show_default=True, help="Seconds between passes with --loop.")
def send_mail(loop, interval):
    """Send the queued e-mails that are due (and retry failed ones)."""
    while True:
        count = deliver_pending()
        if count or not loop:
            click.echo(f"{count} message(s) sent or kept")
        if not loop:
            return
        time.sleep(interval)


@bp.cli.group("jobs")
def jobs_group():
    """Background jobs (printing all badges, issuing certificates)."""


@jobs_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def jobs_worker(burst):
    """Run queued jobs from Redis (REDIS_URL), one at a time; start one per host or more."""
    from rq import SimpleWorker

    if current_app.config["JOB_RUNNER"] != "rq" or not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set JOB_RUNNER=rq and REDIS_URL: otherwise jobs run inside the web process.")
    queue = jobs.queue()
    click.echo(f"Working on the queue {queue.name!r} at {current_app.config['REDIS_URL']}")
    # SimpleWorker runs each job in this process, inside this app context; a job that needs more cores
    # (badges) starts worker processes of its own.
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=False)


#: Where translatable strings live (never .venv or tests).
SOURCE_PATHS = ["factory.py", "config.py", "core", "accounts", "events", "registration", "meetings", "showcase", "outcomes", "templates"]


@bp.cli.group("translations")
def translations():
    """Keep the message catalogues in step with the code."""


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


def extract_messages(root: str, pot: str) -> None:
    """Write every translatable string under `root` into the template catalogue `pot`.

    The command below and the test that checks the catalogues both call this, so they read the same files.
    """
    # Babel skips folders starting with "_" unless told otherwise, and templates/_macros/ is full of
    # strings: ignore only hidden folders and Python's caches.
    _pybabel("extract", "-F", os.path.join(root, "babel.cfg"), "-k", "_l", "-k", "lazy_pgettext:1c,2", "--no-location", "--sort-output",
             "--ignore-dirs", ".* __pycache__", "--project", "Convene", "-o", pot,
             *[os.path.join(root, path) for path in SOURCE_PATHS])


@translations.command("update")
def update_translations():
    """Extract every translatable string and merge it into each language's catalogue."""
    root = current_app.root_path
    pot = os.path.join(root, "translations", "messages.pot")
    extract_messages(root, pot)
    _pybabel("update", "-i", pot, "-d", os.path.join(root, "translations"), "--no-fuzzy-matching", "--ignore-obsolete")
    click.echo("catalogues updated: now translate the new entries in translations/*/LC_MESSAGES/messages.po")


@translations.command("compile")
def compile_translations():
    """Compile the catalogues (.po) into the files the application reads (.mo)."""
    _pybabel("compile", "-d", os.path.join(current_app.root_path, "translations"), "--use-fuzzy")
