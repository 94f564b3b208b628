"""Settings classes: `create_app()` picks one by name (ENCORE_CONFIG) or takes one directly."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Config:
    """Defaults shared by every environment."""

    BRAND_NAME = os.environ.get("ENCORE_BRAND_NAME", "Encore")
    # NOTE: the brand's legal entity shown on the legal notice page; an operator sets the real one.
    BRAND_OPERATOR = os.environ.get("ENCORE_OPERATOR", "Encore Marketplace SAS (demo operator)")
    # Unset: create_app() keeps a random key in instance/secret_key (one machine); set it when scaling out.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Where shoppers reach the shop ("https://shop.example"): links in e-mails are built on it, never on
    # the Host header of the request that sent them (a forged Host would point a reset link elsewhere).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    # Host names the shop answers to (comma-separated); other Host headers get a 400. Empty: any.
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'encore.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"timeout": 15}} if SQLALCHEMY_DATABASE_URI.startswith("sqlite") else {}
    MARKETS_FILE = ROOT / "config" / "markets.toml"
    COMMERCE_FILE = ROOT / "config" / "commerce.toml"
    PAYMENT_PROVIDER = "sandbox"
    PAYMENT_WEBHOOK_SECRET = os.environ.get("PAYMENT_WEBHOOK_SECRET", "sandbox-webhook-secret")
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(ROOT / "instance" / "search"))
    BABEL_DEFAULT_LOCALE = "en"
    # Compiled catalogs (`flask --app app i18n compile`); storefront overrides (LOCALE_DIR/markets) are
    # layered on the language by storefront.i18n.layers.
    LOCALE_DIR = os.environ.get("LOCALE_DIR", str(ROOT / "instance" / "locale"))
    BABEL_TRANSLATION_DIRECTORIES = LOCALE_DIR
    # A pseudo-locale storefront (accented, longer, bracketed text) for spotting unwrapped strings; not in production.
    PSEUDO_MARKET = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    # Tokens are bound to the session, so they need no expiry (long-lived tabs keep working).
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute;50 per hour"  # per address and e-mail
    RATELIMIT_RESET = "5 per minute;20 per hour"  # per address
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "outbox")  # outbox | smtp
    MAIL_FROM = os.environ.get("MAIL_FROM", "Encore <hello@encore.invalid>")
    MAIL_SMTP_HOST = os.environ.get("MAIL_SMTP_HOST", "localhost")
    MAIL_SMTP_PORT = int(os.environ.get("MAIL_SMTP_PORT", "25"))
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Registers the reference route that bench/pages.py compares pages against.
    BENCH_ROUTES = bool(os.environ.get("ENCORE_BENCH_ROUTES"))
    # How many deals the home page shows.
    HOME_DEALS = 8


class Development(Config):
    DEBUG = True
    PSEUDO_MARKET = "en-xa"
    REMEMBER_COOKIE_SECURE = False
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SESSION_COOKIE_SECURE = False


class Production(Config):
    pass


class Test(Config):
    TESTING = True
    PSEUDO_MARKET = "en-xa"
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_LOGIN = "30 per minute"
    SECRET_KEY = "test-only-not-secret"
    SESSION_COOKIE_SECURE = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    SQLALCHEMY_ENGINE_OPTIONS = {}


CONFIGS = {"development": Development, "production": Production, "test": Test}
