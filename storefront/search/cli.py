"""`flask --app app search reindex`: rebuild the search index from the database."""
import time

import click
from flask.cli import AppGroup

from . import index, services
from .lexicon import LANGUAGES

search_cli = AppGroup("search", help="Search index commands.")


@search_cli.command("reindex")
@click.option("--if-missing", is_flag=True, help="Only build when there is no index yet (start-up).")
def reindex_command(if_missing: bool) -> None:
    """Rebuild every language's search index from the database."""
    if if_missing and index.exists(services.index_root()):
        click.echo("Search index present.")
        return
    started = time.perf_counter()
    with click.progressbar(length=len(LANGUAGES), label="Indexing languages") as bar:
        count = services.reindex(progress=lambda language: bar.update(1))
    click.echo(f"Indexed {count} products in {len(LANGUAGES)} languages in {time.perf_counter() - started:.1f} s.")
