"""`flask --app app i18n extract | update | compile | status | check | pseudo` — the translators' tools."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from . import catalogs, jokes, layers

i18n_cli = AppGroup("i18n", help="Translation catalogs: extract, update, compile, status, check, pseudo.")


def _markets():
    return list(current_app.extensions["markets"])


@i18n_cli.command("extract")
def extract_command():
    """Collect every wrapped string into translations/messages.pot and jokes.pot."""
    catalogs.extract()
    click.echo("Wrote translations/messages.pot and translations/jokes.pot.")


@i18n_cli.command("update")
def update_command():
    """Extract, then merge into every language catalog and every storefront's joke catalog."""
    catalogs.extract()
    markets = _markets()
    catalogs.update(sorted({m.language for m in markets} - {"en"}), [m.locale for m in markets])
    click.echo("Catalogs updated. New entries are empty: translate them, then run `i18n check`.")


@i18n_cli.command("compile")
def compile_command():
    """Compile every catalog (msgfmt + check's markup gate), swapped in whole; a broken one keeps the last good set."""
    problems = catalogs.compile_all(catalogs.SOURCE, Path(current_app.config["LOCALE_DIR"]))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo("Nothing was replaced: the last good catalogs stay in use.", err=True)
        sys.exit(1)
    jokes.forget()
    layers.forget(current_app.extensions["babel"].instance)
    click.echo(f"Compiled into {current_app.config['LOCALE_DIR']}.")


@i18n_cli.command("status")
def status_command():
    """A table per storefront: translated, fuzzy, untranslated, jokes missing."""
    source = catalogs.SOURCE
    click.echo(f"{'storefront':11} {'language':9} {'done':>6}  {'':20} {'fuzzy':>5} {'todo':>5} {'jokes missing':>13}")
    for market in _markets():
        if market.language == "en":
            ui = catalogs.Stats(translated=1)
        else:
            po = source / market.language / "LC_MESSAGES" / "messages.po"
            ui = catalogs.stats(po) if po.exists() else catalogs.Stats(untranslated=1)
        jokes_po = source / "jokes" / market.locale / "LC_MESSAGES" / "jokes.po"
        joke_stats = catalogs.stats(jokes_po) if jokes_po.exists() else None
        missing = (joke_stats.fuzzy + joke_stats.untranslated) if joke_stats else "all"
        bar = "█" * round(ui.percent / 5) + "░" * (20 - round(ui.percent / 5))
        click.echo(f"{market.code:11} {market.language:9} {ui.percent:5.1f}%  {bar} {ui.fuzzy:5} {ui.untranslated:5} {missing!s:>13}")


@i18n_cli.command("check")
def check_command():
    """Run the CI gates; print file:line for each problem; exit 1 if any."""
    problems = catalogs.check(_markets())
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{len(problems)} problem(s)." if problems else "All catalogs pass.")
    sys.exit(1 if problems else 0)


@i18n_cli.command("pseudo")
def pseudo_command():
    """Write the pseudo-locale catalogs (accented, ~35 % longer, bracketed) next to the compiled ones."""
    catalogs.write_pseudo_catalogs(catalogs.SOURCE, Path(current_app.config["LOCALE_DIR"]))
    click.echo(f"Pseudo-locale written; compile, then browse /{current_app.config['PSEUDO_MARKET']}/ in development.")
