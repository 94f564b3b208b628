"""`flask --app app users create EMAIL --role ROLE [--seller SLUG]`: how an operator makes the first admin."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from ..sellers import services as sellers
from . import services
from .models import STAFF_ROLES

users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(STAFF_ROLES), required=True, help="What the account may do.")
@click.option("--seller", "seller_slug", help="The refurbisher a seller account works for (its slug).")
@click.option("--name", default="", help="The person's name.")
@click.option("--language", default="en", show_default=True, help="The language of their staff pages.")
def create_command(email: str, role: str, seller_slug: str | None, name: str, language: str) -> None:
    """Create a staff account. The password is asked for, or read from the first line of stdin when piped."""
    if language not in current_app.extensions["markets"].languages():
        raise click.BadParameter(f"not one of the shop's languages ({', '.join(current_app.extensions['markets'].languages())})",
                                 param_hint="--language")
    if not services.is_email(email):
        raise click.BadParameter(f"{email!r} is not an e-mail address", param_hint="EMAIL")
    seller = None
    if role == "seller":
        if not seller_slug:
            raise click.UsageError("A seller account needs --seller SLUG: the refurbisher it works for.")
        seller = sellers.find_by_slug(seller_slug)
        if seller is None:
            raise click.BadParameter(f"no refurbisher {seller_slug!r}", param_hint="--seller")
    elif seller_slug:
        raise click.UsageError("--seller is only for seller accounts.")
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < services.MIN_PASSWORD:
        raise click.UsageError(f"The password needs at least {services.MIN_PASSWORD} characters.")
    try:
        user = services.create_staff(email, password, role, seller.id if seller else None, name, language)
    except services.AccountError:
        raise click.UsageError(f"{email} already has an account.") from None
    click.echo(f"Created {user.email} ({role}{f', for {seller.name}' if seller else ''}).")
