"""The one job runner: work that should not hold up the request that caused it.

Two kinds of work go through it. Fire-and-forget work (sending the outbox) is `submit()`ted. Long work
a person waits for (printing a thousand badges) is `start()`ed: it gets a Job row whose progress the
page polls, and what it produces is kept as a file under the uploads, served by the view of the
package that owns it (which checks who may have it).

Where the work runs: with JOB_RUNNER=rq (the default when REDIS_URL is set), on RQ workers (`flask jobs worker`), so a
restart of the web processes loses nothing; several hosts can share the queue when they share the
UPLOAD_FOLDER the results are kept in. Otherwise in a small thread pool inside the web process (the
embedded shape); in tests, inline, so that what a job did is visible when the request returns. Every
job runs in a fresh application context, and so with its own database session.

Job functions report progress with `progress(job, ...)`, which commits: they are written so that what
they committed before a failure stands (badges: nothing; certificates: those issued so far).
"""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
import importlib
import logging
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, update
from sqlalchemy.orm import Mapped, mapped_column

from core import uploads
from core.extensions import db
from core.models import UTCDateTime, utcnow
from core.signals import job_stuck

log = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
JOB_STATUSES = {QUEUED: _l("Waiting to start"), RUNNING: _l("Running"), DONE: _l("Done"), FAILED: _l("Failed")}
#: What jobs produce is kept in this upload folder.
RESULTS = "jobs"
#: A job not finished after this long is taken for dead (its process was stopped): a new one may start.
GIVE_UP_AFTER = timedelta(hours=2)
#: A queued job no RQ worker has taken after this long means no worker is running: the administrators are told.
WORKER_SILENT_AFTER = timedelta(minutes=2)


class Job(db.Model):
    """Long work someone waits for: what it is, how far it got, and the file it produced."""

    __tablename__ = "jobs"

    #: Random: the address of a job's progress tells nothing about other jobs.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: secrets.token_hex(16))
    #: "package.module:function", called as function(job, *args).
    function: Mapped[str] = mapped_column(String(200))
    args: Mapped[list] = mapped_column(JSON, default=list)
    #: What the job is about, for the pages that list it: "badges:event:12".
    subject: Mapped[str] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    #: Stored name of the file produced, under RESULTS.
    result: Mapped[str | None] = mapped_column(String(64))
    #: Why it failed, for the log and the organiser (never a traceback).
    error: Mapped[str] = mapped_column(Text, default="")
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the administrators were told that no worker took it (once per job).
    stuck_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def percent(self) -> int:
        if self.status == DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (DONE, FAILED)

    @property
    def is_waiting_for_worker(self) -> bool:
        """Queued for RQ workers and not taken for a while: no worker is running."""
        return (self.status == QUEUED and current_app.config["JOB_RUNNER"] == "rq"
                and self.created_at < utcnow() - WORKER_SILENT_AFTER)

    @property
    def is_stale(self) -> bool:
        return not self.is_finished and self.created_at < utcnow() - GIVE_UP_AFTER


def progress(job: Job, done: int, total: int | None = None) -> None:
    """Record how far `job` got. Commits, so that the polling page sees it (and the job's work so far)."""
    job.done = done
    if total is not None:
        job.total = total
    db.session.commit()


def keep(job: Job, data: bytes, extension: str) -> None:
    """Keep the file `job` produced (written in full before it is visible). Only the latest file of a
    subject is kept: printing an event's badges again replaces the earlier print."""
    forget_results(job.subject, keeping=job.id)
    job.result = uploads.store(data, RESULTS, extension)


def forget_results(subject: str, keeping: str | None = None) -> None:
    """Delete the files of `subject`'s jobs (once the transaction commits): they may name people."""
    for earlier in db.session.scalars(db.select(Job).where(Job.subject == subject, Job.id != keeping,
                                                           Job.result.is_not(None))):
        uploads.delete_after_commit(RESULTS, earlier.result)
        earlier.result = None


def _run(app, fn, args, kwargs):
    with app.app_context():
        try:
            return fn(*args, **kwargs)
        except Exception:  # a job's failure must never reach the request that queued it
            log.exception("job %s failed", getattr(fn, "__name__", fn))
            return None


def submit(fn, *args, **kwargs):
    """Run fn(*args, **kwargs) soon, in this process, and forget about it."""
    global _executor
    app = current_app._get_current_object()
    if app.config["JOB_RUNNER"] == "inline":
        return _run(app, fn, args, kwargs)
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="convene-job")
    _executor.submit(_run, app, fn, args, kwargs)
    return None


class QueueUnavailable(Exception):
    """The job could not be queued (Redis is down): it is marked failed."""


def start(function: str, *args, subject: str, user=None) -> Job:
    """Queue `function` ("package.module:name", called as name(job, *args)) and return its Job; while
    a job of the same subject is unfinished, that one is returned instead (a double click prints once).

    Commits the session (the worker reads the job from the database). QueueUnavailable if Redis is down.
    """
    running = latest(subject)
    if running is not None and not running.is_finished and not running.is_stale and running.function == function:
        return running
    job = Job(function=function, args=list(args), subject=subject,
              created_by_user_id=getattr(user, "id", None))
    db.session.add(job)
    db.session.commit()
    if current_app.config["JOB_RUNNER"] == "rq":
        try:
            queue().enqueue("core.jobs.perform_queued", job.id, job_timeout=int(GIVE_UP_AFTER.total_seconds()),
                            result_ttl=0, failure_ttl=86400)
        except Exception as error:  # redis.exceptions.ConnectionError and the like
            log.exception("could not queue job %s", job.id)
            job.status, job.error, job.finished_at = FAILED, f"queue unavailable: {error}"[:500], utcnow()
            db.session.commit()
            raise QueueUnavailable() from error
    else:
        submit(perform, job.id)
        if current_app.config["JOB_RUNNER"] == "inline":
            db.session.refresh(job)  # it ran in a session of its own: show the caller how it ended
    return job


def queue():
    from redis import Redis
    from rq import Queue

    return Queue(current_app.config["JOB_QUEUE"], connection=Redis.from_url(current_app.config["REDIS_URL"]))


def perform_queued(job_id: str) -> None:
    """What an RQ worker runs: `perform` in an application context of its own, so that no two jobs
    share a database session or a request's cached values (the worker holds one context for all)."""
    _run(current_app._get_current_object(), perform, (job_id,), {})


def perform(job_id: str) -> None:
    """Run one queued job (in a worker, a thread or inline) and record how it ended."""
    # Taken in one statement: of two workers handed the same job, one gets it.
    taken = db.session.execute(update(Job).where(Job.id == job_id, Job.status == QUEUED)
                               .values(status=RUNNING)).rowcount
    db.session.commit()
    job = db.session.get(Job, job_id)
    if not taken or job is None:
        return  # gone, or already taken by another worker
    module, _, name = job.function.partition(":")
    try:
        getattr(importlib.import_module(module), name)(job, *job.args)
    except Exception as error:
        log.exception("job %s (%s) failed", job.id, job.function)
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status, job.error = FAILED, f"{type(error).__name__}: {error}"[:500]
    else:
        job.status = DONE
    job.finished_at = utcnow()
    db.session.commit()


def report_if_stuck(job: Job | None) -> None:
    """Tell the administrators (through `core.signals.job_stuck`, once per job) that `job` waits for a worker
    that is not running. Called by the pages that show a job; commits when it tells."""
    if job is None or not job.is_waiting_for_worker or job.stuck_reported_at is not None:
        return
    told = db.session.execute(update(Job).where(Job.id == job.id, Job.stuck_reported_at.is_(None))
                              .values(stuck_reported_at=utcnow()).execution_options(synchronize_session=False))
    if told.rowcount:  # of two pages polling at once, one tells
        log.warning("job %s (%s) has waited since %s for an RQ worker: is `flask jobs worker` running?",
                    job.id, job.function, job.created_at)
        job_stuck.send(current_app._get_current_object(), job=job)
    db.session.commit()


def waiting_for_worker() -> int:
    """How many jobs are waiting for a worker that is not running (for the administrators' pages)."""
    if current_app.config["JOB_RUNNER"] != "rq":
        return 0
    return db.session.scalar(db.select(db.func.count()).select_from(Job).where(
        Job.status == QUEUED, Job.created_at < utcnow() - WORKER_SILENT_AFTER))


def latest(subject: str) -> Job | None:
    return db.session.scalars(db.select(Job).where(Job.subject == subject).order_by(Job.created_at.desc())).first()


def find(job_id: str, subject: str) -> Job | None:
    """The job `job_id` if it is about `subject`: a job's address never reaches another event's file."""
    job = db.session.get(Job, job_id) if isinstance(job_id, str) and len(job_id) == 32 else None
    return job if job is not None and job.subject == subject else None


def result_path(job: Job):
    return uploads.path_of(RESULTS, job.result) if job.result else None
