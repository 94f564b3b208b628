"""`flask --app app search reindex`: rebuild the search index from the database."""
import time

import click
from flask.cli import AppGroup

from . import services
from .lexicon import LANGUAGES

search_cli = AppGroup("search", help="Search index commands.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild every language's search index from the database."""
    started = time.perf_counter()
    with click.progressbar(length=len(LANGUAGES), label="Indexing languages") as bar:
        count = services.reindex(progress=lambda language: bar.update(1))
    click.echo(f"Indexed {count} products in {len(LANGUAGES)} languages in {time.perf_counter() - started:.1f} s.")
