"""Helpers for the buy-box tests: what the refresh job was queued with, and running the queue."""
from datetime import datetime, timedelta

JOB = "refresh_buy_boxes"


def refresh_jobs(app) -> list:
    """The argument of each queued buy-box refresh job: a list of product ids, or None for "all"."""
    return [task.args[0] for task in app.extensions["jobs"].queue.pending() if task.name == JOB]


def run_jobs(app, later: timedelta = timedelta(0)) -> int:
    """Run what is queued, and the retries due `later` from now (as if that much time had passed)."""
    jobs = app.extensions["jobs"]
    if later:
        for task in jobs.queue.read_schedule(datetime.utcnow() + later):
            task.eta = None  # due now
            jobs.queue.enqueue(task)
    return jobs.run_pending()
