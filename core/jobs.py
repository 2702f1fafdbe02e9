"""The one job runner: work that should not hold up the request that caused it.

Two kinds of work go through it. Fire-and-forget work (sending the outbox) is `submit()`ted. Long work
a person waits for (printing a thousand badges) is `start()`ed: it gets a Job row whose progress the
page polls, and what it produces is kept as a file under the uploads, served by the view of the
package that owns it (which checks who may have it).

Where the work runs: with REDIS_URL set, on an RQ worker (`flask jobs worker`), so a restart of the
web processes loses nothing and several hosts share the queue; without, in a small thread pool inside
the web process (the embedded shape); in tests, inline, so that what a job did is visible when the
request returns. Every job runs in a fresh application context, and so with its own database session.
"""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
import importlib
import logging
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core import uploads
from core.extensions import db
from core.models import UTCDateTime, utcnow

log = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
JOB_STATUSES = {QUEUED: _l("Waiting to start"), RUNNING: _l("Running"), DONE: _l("Done"), FAILED: _l("Failed")}
#: What jobs produce is kept in this upload folder.
RESULTS = "jobs"
#: The RQ queue Convene's jobs go to.
QUEUE = "convene"


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

    @property
    def percent(self) -> int:
        if self.status == DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (DONE, FAILED)

    def progress(self, done: int, total: int | None = None) -> None:
        """Record how far the job got; committed at once so that the polling page sees it."""
        self.done = done
        if total is not None:
            self.total = total
        db.session.commit()

    def keep(self, data: bytes, extension: str) -> None:
        """Keep the file the job produced (written in full before it is visible). Only the latest file
        of a subject is kept: printing an event's badges again replaces the earlier print."""
        for earlier in db.session.scalars(db.select(Job).where(Job.subject == self.subject, Job.id != self.id,
                                                               Job.result.is_not(None))):
            uploads.delete_after_commit(RESULTS, earlier.result)
            earlier.result = None
        self.result = uploads.store(data, RESULTS, extension)


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


def start(function: str, *args, subject: str, user=None) -> Job:
    """Queue `function` ("package.module:name", called as name(job, *args)) and return its Job.

    Commits the session (the worker reads the job from the database).
    """
    job = Job(function=function, args=list(args), subject=subject,
              created_by_user_id=getattr(user, "id", None))
    db.session.add(job)
    db.session.commit()
    if current_app.config.get("REDIS_URL") and current_app.config["JOB_RUNNER"] != "inline":
        queue().enqueue("core.jobs.perform", job.id, job_timeout=3600, result_ttl=0, failure_ttl=86400)
    else:
        submit(perform, job.id)
        if current_app.config["JOB_RUNNER"] == "inline":
            db.session.refresh(job)  # it ran in a session of its own: show the caller how it ended
    return job


def queue():
    from redis import Redis
    from rq import Queue

    return Queue(current_app.config.get("JOB_QUEUE") or QUEUE, connection=Redis.from_url(current_app.config["REDIS_URL"]))


def perform(job_id: str) -> None:
    """Run one queued job (in a worker, a thread or inline) and record how it ended."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != QUEUED:
        return  # gone, or already taken by another worker
    job.status = RUNNING
    db.session.commit()
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


def latest(subject: str) -> Job | None:
    return db.session.scalars(db.select(Job).where(Job.subject == subject).order_by(Job.created_at.desc())).first()


def find(job_id: str, subject: str) -> Job | None:
    """The job `job_id` if it is about `subject`: a job's address never reaches another event's file."""
    job = db.session.get(Job, job_id) if isinstance(job_id, str) and len(job_id) == 32 else None
    return job if job is not None and job.subject == subject else None


def result_path(job: Job):
    return uploads.path_of(RESULTS, job.result) if job.result else None
