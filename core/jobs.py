"""The one job runner: work that should not hold up the request that caused it.

In the embedded shape jobs run in a small thread pool inside the web process; tests run them
inline so that what a job does is visible when the request returns. Every job runs in a fresh
application context, and so with its own database session.
"""
from concurrent.futures import ThreadPoolExecutor
import logging

from flask import current_app

log = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None


def _run(app, fn, args, kwargs):
    with app.app_context():
        try:
            return fn(*args, **kwargs)
        except Exception:  # a job's failure must never reach the request that queued it
            log.exception("job %s failed", getattr(fn, "__name__", fn))
            return None


def submit(fn, *args, **kwargs):
    global _executor
    app = current_app._get_current_object()
    if app.config["JOB_RUNNER"] == "inline":
        return _run(app, fn, args, kwargs)
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="convene-job")
    _executor.submit(_run, app, fn, args, kwargs)
    return None
