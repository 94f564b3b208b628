"""Command-line entry points: `flask --app app seed`, `flask --app app search reindex`, `flask --app app mail preview`."""
from __future__ import annotations

import time

import click
from flask import Flask, current_app

from .accounts.cli import users_cli
from .demo.history import seed_history
from .demo.seed import SCALES, seed
from .i18n.cli import i18n_cli
from .mail_preview import mail_cli
from .search.cli import search_cli


@click.command("seed")
@click.option("--scale", type=click.Choice(list(SCALES)), default="demo", show_default=True,
              help="demo: the real-device demo catalog; bench: a larger synthetic catalog for benchmarks.")
def seed_command(scale: str) -> None:
    """Fill an empty database with the catalog; a database with products is left as it is."""
    started = time.perf_counter()
    said = {}  # step → when its last line was printed

    def progress(step: str, done: int, total: int) -> None:
        """A line per step and second at most, and one when the step is done."""
        now = time.perf_counter()
        if done == total or step not in said or now - said[step] >= 1:
            said[step] = now
            click.echo(f"  {step} {done}/{total}{'' if done == total else '…'}  ({now - started:.0f} s)")

    report = seed(current_app.extensions["markets"], scale, progress)
    if report.skipped:
        click.echo(f"Catalog already present ({report.products} products): nothing to do.")
        return
    if scale == "demo":
        lines = seed_history(current_app.extensions["markets"])
        click.echo(f"  30 days of order history: {lines} order lines, quality scored  ({time.perf_counter() - started:.0f} s)")
    click.echo(
        f"Seeded {report.products} products, {report.variants} variants, {report.sellers} sellers, "
        f"{report.offers} offers, {report.offer_prices} offer prices "
        f"in {time.perf_counter() - started:.1f} s."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(search_cli)
    app.cli.add_command(i18n_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(users_cli)
