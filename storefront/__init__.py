"""Encore storefront: the application factory."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config.settings import CONFIGS, Config

from . import assets, cli, errors, mail, safety
from .catalog import templating as catalog_templating
from .i18n import jokes, layers, translate
from .extensions import (SessionInterface, babel, csrf, db, htmx as htmx_ext, limiter, login_manager, migrate,
                         skip_unneeded_limit_check)
from .markets import routing, shells
from .markets.registry import MarketRegistry
from .payments.sandbox import SandboxProvider
from .search import sync as search_sync

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | str | None = None) -> Flask:
    """Build the app: config → extensions → market routing → htmx hooks → blueprints → CLI."""
    app = Flask(__name__, root_path=str(ROOT), instance_relative_config=True)
    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("ENCORE_CONFIG", "development")]
    app.config.from_object(config)
    Path(app.instance_path).mkdir(exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path) / "secret_key")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=routing.current_locale)
    layers.init_app(app, babel)
    app.session_interface = SessionInterface()
    csrf.init_app(app)
    htmx_ext.init_app(app)
    # `current_user` as a template global (a proxy, looked up when a template reads it) rather than
    # Flask-Login's context processor, which loads the user for every template, partials included.
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    limiter.init_app(app)
    mail.init_app(app)
    app.extensions["payment_providers"] = {"sandbox": SandboxProvider()}

    routing.init_app(app, MarketRegistry.from_toml(app.config["MARKETS_FILE"], app.config["PSEUDO_MARKET"]))
    shells.init_app(app)
    translate.init_app(app)
    jokes.init_app(app)
    catalog_templating.init_app(app)
    search_sync.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    safety.init_app(app)

    from .accounts.views import bp as accounts_bp
    from .cart.views import bp as cart_bp
    from .catalog.views import bp as catalog_bp
    from .checkout.views import bp as checkout_bp
    from .home.views import bp as home_bp
    from .legal.views import bp as legal_bp
    from .markets.views import bp as markets_bp
    from .orders.views import bp as orders_bp
    from .payments.sandbox import bp as sandbox_bp
    from .payments.views import bp as payments_bp
    from .search.views import bp as search_bp
    from .site.views import bp as site_bp

    for blueprint in (markets_bp, site_bp, home_bp, catalog_bp, search_bp, cart_bp, accounts_bp, checkout_bp,
                      orders_bp, payments_bp, sandbox_bp, legal_bp):
        app.register_blueprint(blueprint)

    if app.config["BENCH_ROUTES"]:
        from .site.bench import bp as bench_bp

        app.register_blueprint(bench_bp)
    cli.init_app(app)
    skip_unneeded_limit_check(app, limiter)
    return app


def instance_secret(path: Path) -> str:
    """A random secret kept in the instance folder, created on first use."""
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # WAL lets readers run while one writer commits; foreign keys are off by default in SQLite.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
