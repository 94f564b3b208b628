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
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'encore.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"timeout": 15}} if SQLALCHEMY_DATABASE_URI.startswith("sqlite") else {}
    MARKETS_FILE = ROOT / "config" / "markets.toml"
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(ROOT / "instance" / "search"))
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Registers the reference route that bench/pages.py compares pages against.
    BENCH_ROUTES = bool(os.environ.get("ENCORE_BENCH_ROUTES"))
    # How many deals the home page shows.
    HOME_DEALS = 8


class Development(Config):
    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SESSION_COOKIE_SECURE = False


class Production(Config):
    pass


class Test(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SESSION_COOKIE_SECURE = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    SQLALCHEMY_ENGINE_OPTIONS = {}


CONFIGS = {"development": Development, "production": Production, "test": Test}
