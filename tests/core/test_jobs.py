"""The one job runner: in-process without Redis, on an RQ worker with it (a real Redis server)."""
import pytest

from core import jobs
from core.extensions import db


def counting_job(job, count):
    for number in range(1, count + 1):
        jobs.progress(job, number, count)
    jobs.keep(job, b"%PDF-1.7 made by a test job", "pdf")


def failing_job(job):
    jobs.progress(job, 1, 4)
    raise RuntimeError("the printer caught fire")


def test_inline_a_job_runs_before_start_returns_and_keeps_its_file(app):
    job = jobs.start("tests.core.test_jobs:counting_job", 3, subject="test:1")

    assert job.status == jobs.DONE and (job.done, job.total, job.percent) == (3, 3, 100)
    assert jobs.result_path(job).read_bytes().startswith(b"%PDF")
    assert jobs.latest("test:1").id == job.id
    assert jobs.find(job.id, "test:2") is None  # a job is only found through its own subject


def test_a_new_file_of_the_same_subject_replaces_the_earlier_one(app):
    first = jobs.start("tests.core.test_jobs:counting_job", 1, subject="test:1")
    earlier_file = jobs.result_path(first)
    second = jobs.start("tests.core.test_jobs:counting_job", 1, subject="test:1")
    other = jobs.start("tests.core.test_jobs:counting_job", 1, subject="test:2")

    db.session.expire_all()
    assert first.result is None and not earlier_file.exists()
    assert jobs.result_path(second) is not None and jobs.result_path(other) is not None


def test_a_failing_job_is_marked_failed_with_its_reason(app):
    job = jobs.start("tests.core.test_jobs:failing_job", subject="test:1")

    db.session.expire_all()
    assert job.status == jobs.FAILED and "printer caught fire" in job.error and job.result is None


def test_with_redis_a_job_waits_for_a_worker_then_runs_there(app, redis_queue):
    job = jobs.start("tests.core.test_jobs:counting_job", 5, subject="test:rq")

    assert job.status == jobs.QUEUED and redis_queue.count == 1
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert job.status == jobs.DONE and job.done == 5 and jobs.result_path(job) is not None
    assert redis_queue.count == 0


def test_a_job_is_run_once_even_if_queued_twice(app, redis_queue):
    job = jobs.start("tests.core.test_jobs:counting_job", 2, subject="test:rq")
    assert jobs.start("tests.core.test_jobs:counting_job", 2, subject="test:rq").id == job.id  # a double click
    redis_queue.enqueue("core.jobs.perform_queued", job.id)  # a retry by hand, or a second web process

    app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])

    db.session.expire_all()
    assert job.status == jobs.DONE and job.done == 2


def test_the_worker_refuses_to_start_without_redis(app):
    app.config.update(REDIS_URL=None, JOB_RUNNER="rq")

    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])

    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_with_redis_down_the_job_is_marked_failed_at_once(app):
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0", JOB_RUNNER="rq")  # nothing listens on port 1

    with pytest.raises(jobs.QueueUnavailable):
        jobs.start("tests.core.test_jobs:counting_job", 1, subject="test:down")

    job = jobs.latest("test:down")
    assert job.status == jobs.FAILED and "queue unavailable" in job.error


def test_a_job_left_unfinished_for_hours_no_longer_blocks_a_new_one(app):
    from datetime import timedelta

    from core.models import utcnow

    stuck = jobs.Job(function="tests.core.test_jobs:counting_job", args=[1], subject="test:stuck",
                     status=jobs.RUNNING, created_at=utcnow() - timedelta(hours=3))
    db.session.add(stuck)
    db.session.commit()

    fresh = jobs.start("tests.core.test_jobs:counting_job", 1, subject="test:stuck")

    assert fresh.id != stuck.id and fresh.status == jobs.DONE
