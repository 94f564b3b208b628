"""`flask --app app jobs worker | status | run`: the consumer, what waits, and a run by hand."""
from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from ..orders import services as orders
from .tasks import SETTLE_GRACE


@click.group("jobs")
def jobs_cli() -> None:
    """Background jobs (Huey)."""


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads running jobs.")
@with_appcontext
def worker(workers: int) -> None:
    """Run the consumer: queued jobs, their retries and the periodic sweeps, until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [jobs] %(levelname)s %(message)s")
    current_app.extensions["jobs"].queue.create_consumer(workers=workers, worker_type="thread").run()


@jobs_cli.command("status")
@with_appcontext
def status() -> None:
    """What waits: queued jobs, retries scheduled, orders whose follow-ups are late."""
    queue = current_app.extensions["jobs"].queue
    late = orders.unsettled(SETTLE_GRACE, limit=10_000)
    click.echo(f"queued: {queue.pending_count()}")
    click.echo(f"retries scheduled: {queue.scheduled_count()}")
    click.echo(f"orders with late follow-ups (capture, cart, e-mail): {len(late)}")
    if late:
        click.echo(f"oldest late order placed: {orders.placed_at(late[0]):%Y-%m-%d %H:%M:%S} UTC")


@jobs_cli.command("run")
@with_appcontext
def run() -> None:
    """Run what is queued now, then the sweeps, in this process (when no worker is running)."""
    jobs = current_app.extensions["jobs"]
    ran = jobs.run_pending()
    for sweep in ("settle_orders", "release_authorizations", "rebuild_buy_boxes"):
        jobs.tasks[sweep].call_local()
    click.echo(f"ran {ran} queued job(s) and the sweeps")
