"""The job queue (Huey): work that runs outside a request, retried until done.

The queue lives where `JOBS_URL` says: a SQLite file in the instance folder by default (no server;
every process of one machine shares it), `redis://…` for several machines, `memory://` for tests, which
run the jobs in-process with `run_pending()`. The jobs themselves are registered by `storefront.jobs`
(the top layer); a domain queues one by name, `enqueue("settle_order", order.id)`, knowing only this module.
Every job is idempotent: running one twice does the work once.
"""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

log = logging.getLogger(__name__)


def make_queue(url: str, instance_path: str) -> Huey:
    """The Huey instance for `JOBS_URL` (empty: a SQLite file in the instance folder)."""
    if url.startswith("memory://"):
        return MemoryHuey("encore", utc=True)
    if url.startswith(("redis://", "rediss://")):
        return RedisHuey("encore", url=url, utc=True)
    path = url.removeprefix("sqlite:///") if url else str(Path(instance_path) / "jobs.db")
    return SqliteHuey("encore", filename=path, utc=True)


class Jobs:
    """One app's queue and its tasks, each run inside that app's context."""

    def __init__(self, app: Flask):
        self.app = app
        self.queue = make_queue(app.config["JOBS_URL"], app.instance_path)
        self.tasks = {}

    def task(self, fn, **options):
        """Register `fn` as a job (Huey's retries, retry_delay, retry_backoff … in `options`)."""
        self.tasks[fn.__name__] = self.queue.task(name=fn.__name__, **options)(self._in_app(fn))
        return fn

    def periodic(self, fn, schedule):
        """Register `fn` to run on `schedule` (huey's `crontab(...)`), by the one consumer, never every web worker."""
        self.tasks[fn.__name__] = self.queue.periodic_task(schedule, name=fn.__name__)(self._in_app(fn))
        return fn

    def _in_app(self, fn):
        app = self.app

        def run(*args, **kwargs):
            if has_app_context():  # in-process (tests): the caller's app
                return fn(*args, **kwargs)
            with app.app_context():
                return fn(*args, **kwargs)

        run.__name__ = fn.__name__
        return run

    def run_pending(self, limit: int = 1000, at: datetime | None = None) -> int:
        """Run the queued jobs (and those whose retry is due, now or at `at`, UTC) here and now; how many ran.
        For tests and `flask jobs run`."""
        ran = 0
        for task in self.queue.read_schedule(at):
            self.queue.enqueue(task)
        while ran < limit and (task := self.queue.dequeue()) is not None:
            self.queue.execute(task, at)
            ran += 1
        return ran


def enqueue(name: str, *args) -> bool:
    """Queue the job `name`; a queue that cannot take it is logged and said by False (the periodic sweeps
    pick the work up, or the caller does it now)."""
    try:
        current_app.extensions["jobs"].tasks[name](*args)
        return True
    except Exception:
        log.exception("could not queue job %s", name)
        return False


def init_app(app: Flask) -> None:
    app.extensions["jobs"] = Jobs(app)
