"""Encore storefront: the application factory."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from config import settings
from config.local import instance_secret

from . import assets, caching, cli, errors, jobs, mail, queue, safety, staff, urls
from .admin import reference
from .care import models as care_models  # noqa: F401  (its tables are known before any view imports them)
from .catalog import templating as catalog_templating
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .i18n import jokes, layers, translate
from .markets import routing, shells
from .markets.registry import MarketRegistry
from .offers import sync as offers_sync
from .payments.sandbox import SandboxProvider
from .quality import models as quality_models  # noqa: F401  (its table is known before any view imports it)
from .quality import sync as quality_sync
from .search import sync as search_sync

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[settings.Config] | str | None = None) -> Flask:
    """Build the app: config → extensions → market routing → htmx hooks → blueprints → CLI."""
    app = Flask(__name__, root_path=str(ROOT), instance_relative_config=True)
    load_settings(app, config)
    if proxies := app.config["TRUSTED_PROXIES"]:
        # The client's address and scheme come from as many X-Forwarded-* hops as there are trusted proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=routing.current_locale)
    layers.init_app(app, babel)
    csrf.init_app(app)
    # `current_user` as a template global (a proxy, looked up when a template reads it) rather than
    # Flask-Login's context processor, which loads the user for every template, partials included.
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    limiter.init_app(app)
    mail.init_app(app)
    app.extensions["payment_providers"] = {"sandbox": SandboxProvider()}

    urls.init_app(app)
    routing.init_app(app, MarketRegistry.from_toml(app.config["MARKETS_FILE"], app.config["PSEUDO_MARKET"]))
    shells.init_app(app)
    translate.init_app(app)
    jokes.init_app(app)
    catalog_templating.init_app(app)
    search_sync.init_app(app)
    offers_sync.init_app(app)
    quality_sync.init_app(app)
    queue.init_app(app)
    jobs.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    safety.init_app(app)
    caching.init_app(app)

    from .accounts.views import bp as accounts_bp
    from .admin.applications import bp as applications_bp
    from .admin.inspections import bp as admin_inspections_bp
    from .admin.payouts import bp as admin_payouts_bp
    from .admin.returns import bp as admin_returns_bp
    from .admin.sellers import bp as admin_sellers_bp
    from .admin.views import bp as admin_bp
    from .api.views import bp as api_bp
    from .care.views import bp as care_bp
    from .cart.views import bp as cart_bp
    from .catalog.views import bp as catalog_bp
    from .checkout.views import bp as checkout_bp
    from .home.views import bp as home_bp
    from .legal.views import bp as legal_bp
    from .markets.views import bp as markets_bp
    from .orders.views import bp as orders_bp
    from .payments.sandbox import bp as sandbox_bp
    from .payments.views import bp as payments_bp
    from .portal.apply import bp as apply_bp
    from .portal.feed import bp as portal_feed_bp
    from .portal.inspections import bp as portal_inspections_bp
    from .portal.listings import bp as listings_bp
    from .portal.orders import bp as portal_orders_bp
    from .portal.payouts import bp as portal_payouts_bp
    from .portal.quality import bp as portal_quality_bp
    from .portal.returns import bp as portal_returns_bp
    from .portal.team import bp as team_bp
    from .portal.tokens import bp as tokens_bp
    from .portal.views import bp as portal_bp
    from .search.views import bp as search_bp
    from .sellers.views import bp as sellers_bp
    from .site.views import bp as site_bp

    for blueprint in (markets_bp, site_bp, home_bp, catalog_bp, sellers_bp, search_bp, cart_bp, accounts_bp, checkout_bp,
                      orders_bp, payments_bp, sandbox_bp, legal_bp, portal_bp, listings_bp, portal_feed_bp,
                      portal_orders_bp, admin_bp, apply_bp, team_bp, applications_bp,
                      admin_sellers_bp, portal_payouts_bp, admin_payouts_bp, admin_inspections_bp,
                      portal_inspections_bp, tokens_bp, api_bp, portal_quality_bp, care_bp, portal_returns_bp,
                      admin_returns_bp):
        app.register_blueprint(blueprint)
    staff.init_app(app)
    reference.init_app(app)

    if app.config["BENCH_ROUTES"]:
        from .site.bench import bp as bench_bp

        app.register_blueprint(bench_bp)
    cli.init_app(app)
    return app


def load_settings(app: Flask, config: type[settings.Config] | str | None) -> None:
    """The settings class given or named (ENCORE_CONFIG), checked: production refuses to start without its secrets."""
    if config is None or isinstance(config, str):
        config = settings.named(os.environ.get("ENCORE_CONFIG") if config is None else config)
    app.config.from_object(config)
    # Anything but an explicit development or test run is production.
    settings.prepare(app.config, production=not issubclass(config, (settings.Development, settings.Test)))
    Path(app.instance_path).mkdir(exist_ok=True)
    if not app.config.get("SECRET_KEY"):  # development: one machine, so a key kept on its disk will do
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path) / "secret_key")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # WAL lets readers run while one writer commits; foreign keys are off by default in SQLite.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
