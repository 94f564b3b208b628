"""Settings classes: `create_app()` picks one by name (ENCORE_CONFIG, production when unset) or takes one directly."""
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def database_url(url: str | None) -> str:
    """`url` for SQLAlchemy: PostgreSQL URLs as hosting providers write them (postgres://, postgresql://) use psycopg 3."""
    scheme, separator, rest = (url or "").partition("://")
    if separator and scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return url or ""


class Config:
    """Defaults shared by every environment."""

    BRAND_NAME = os.environ.get("ENCORE_BRAND_NAME", "Encore")
    # NOTE: the brand's legal entity shown on the legal notice page; an operator sets the real one.
    # Production must be given one (32+ random characters); development keeps a random one in instance/secret_key.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Where shoppers reach the shop ("https://shop.example"): every absolute URL in pages and e-mails is
    # built on it, never on the request's Host header (a forged Host would point a reset link elsewhere).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    # Host names the shop answers to (comma-separated); other Host headers get a 400. Unset: PUBLIC_URL's host.
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None
    # How many proxies in front of the app add X-Forwarded-For/-Proto. 0: none, and those headers are ignored
    # (anyone can send them); N: the client is the address the Nth proxy from us saw.
    TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "0")
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL")) or f"sqlite:///{ROOT / 'instance' / 'encore.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"timeout": 15}} if SQLALCHEMY_DATABASE_URI.startswith("sqlite") else {}
    MARKETS_FILE = ROOT / "config" / "markets.toml"
    COMMERCE_FILE = ROOT / "config" / "commerce.toml"
    # Sellers' quality scores: smoothing, weights and the thresholds that warn, pause and suspend.
    QUALITY_FILE = ROOT / "config" / "quality.toml"
    PAYMENT_PROVIDER = "sandbox"
    # Signs the payment provider's webhook events; production must be given one.
    PAYMENT_WEBHOOK_SECRET = os.environ.get("PAYMENT_WEBHOOK_SECRET")
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(ROOT / "instance" / "search"))
    # The job queue (storefront/jobs): empty = a SQLite file in the instance folder; redis://… across machines.
    JOBS_URL = os.environ.get("JOBS_URL", "")
    # An authorization no order uses is voided after this long (funds are not held for abandoned checkouts).
    ABANDONED_AUTHORIZATION_HOURS = float(os.environ.get("ABANDONED_AUTHORIZATION_HOURS", "24"))
    # A seller accepts or refuses each new order line within this many hours, or it is cancelled and refunded.
    SELLER_ACCEPT_HOURS = float(os.environ.get("SELLER_ACCEPT_HOURS", "24"))
    BABEL_DEFAULT_LOCALE = "en"
    # Compiled catalogs (`flask --app app i18n compile`); storefront overrides (LOCALE_DIR/markets) are
    # layered on the language by storefront.i18n.layers.
    LOCALE_DIR = os.environ.get("LOCALE_DIR", str(ROOT / "instance" / "locale"))
    # Seller applications' documents, under random names: private files, never served as static ones.
    APPLICATION_FILES_DIR = os.environ.get("APPLICATION_FILES_DIR", str(ROOT / "instance" / "applications"))
    # Inspection photos, the same way: random names, served only to staff and the inspected seller's team.
    INSPECTION_FILES_DIR = os.environ.get("INSPECTION_FILES_DIR", str(ROOT / "instance" / "inspections"))
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
    # Where rate limits count, shared by every worker and node: redis://… for Redis; unset: the app's database.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN_IP = "20 per minute;100 per hour"  # sign-in attempts per address, right or wrong
    RATELIMIT_LOGIN_ACCOUNT = "10 per 15 minutes"  # wrong passwords per account; a password reset clears them
    RATELIMIT_RESET = "5 per minute;20 per hour"  # reset requests per address
    RATELIMIT_RESET_ACCOUNT = "3 per 15 minutes"  # reset e-mails per account (no flood in its owner's inbox)
    RATELIMIT_SIGNUP = "5 per minute;30 per hour"  # sign-ups per address (each sends an e-mail)
    RATELIMIT_APPLY = "10 per hour;20 per day"  # application attempts per address (each may carry 25 MB, sends an e-mail)
    RATELIMIT_API = os.environ.get("RATELIMIT_API", "120 per minute;3000 per hour")  # seller API calls per token
    # Failed authentications (unknown or revoked tokens) per address: past it, the address waits, whatever token it sends.
    RATELIMIT_API_FAILED = os.environ.get("RATELIMIT_API_FAILED", "20 per minute;100 per hour")
    # How long the seller API keeps an Idempotency-Key's answer; a periodic job deletes older ones.
    API_IDEMPOTENCY_HOURS = float(os.environ.get("API_IDEMPOTENCY_HOURS", "24"))
    # E-mail goes out through Flask-Mailman (storefront/mail.py): "smtp" sends, "outbox" writes a file per
    # message in instance/outbox/ (MAIL_FILE_PATH); tests use "locmem"; any Flask-Mailman backend name works.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "outbox")
    MAIL_FILE_PATH = os.environ.get("MAIL_FILE_PATH")  # the outbox folder; unset: instance/outbox
    # The outbox never sends anything, so production refuses it unless told this is on purpose.
    MAIL_OUTBOX_IN_PRODUCTION = os.environ.get("MAIL_OUTBOX_IN_PRODUCTION") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "Encore <hello@encore.invalid>")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    PASSWORD_HASHING: dict = {}  # argon2-cffi's PasswordHasher parameters: its defaults (RFC 9106's low-memory choice)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None  # with MAIL_PASSWORD: the relay's login
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS") == "1"  # STARTTLS on MAIL_PORT (usually 587)
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL") == "1"  # TLS from the first byte (usually 465)
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))  # seconds before a silent relay counts as down
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Registers the reference route that bench/pages.py compares pages against.
    BENCH_ROUTES = bool(os.environ.get("ENCORE_BENCH_ROUTES"))
    # How many deals the home page shows.
    HOME_DEALS = 8
    # Anonymous storefront pages (storefront/caching.py): how long a shared cache (CDN, reverse proxy) may
    # serve one without asking (s-maxage), then how long it may serve it stale while it revalidates.
    SHARED_CACHE_SECONDS = int(os.environ.get("ENCORE_SHARED_CACHE_SECONDS", "60"))
    SHARED_CACHE_STALE_SECONDS = int(os.environ.get("ENCORE_SHARED_CACHE_STALE_SECONDS", "300"))
    # A revalidation of a page this worker rendered less than this ago is a 304 without rendering (0: never).
    REVALIDATE_SECONDS = float(os.environ.get("ENCORE_REVALIDATE_SECONDS", "2"))


class Development(Config):
    DEBUG = True
    PSEUDO_MARKET = "en-xa"
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"
    TRUSTED_HOSTS = Config.TRUSTED_HOSTS or ["127.0.0.1", "localhost"]
    PAYMENT_WEBHOOK_SECRET = os.environ.get("PAYMENT_WEBHOOK_SECRET", "development-webhook-secret")
    REMEMBER_COOKIE_SECURE = False
    SESSION_COOKIE_SECURE = False


class Production(Config):
    pass


class Test(Config):
    TESTING = True
    # Passwords hashed cheaply: the suite makes and signs in a thousand accounts (0.1–0.4 s each at the defaults).
    PASSWORD_HASHING = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}
    REVALIDATE_SECONDS = 0  # tests change data and revalidate at once; test_caching turns it on
    PSEUDO_MARKET = "en-xa"
    REMEMBER_COOKIE_SECURE = False
    # The whole suite signs in and up from 127.0.0.1; the tests of these limits set the defaults back.
    RATELIMIT_LOGIN_IP = "1000 per minute"
    RATELIMIT_SIGNUP = "1000 per minute"
    RATELIMIT_APPLY = "1000 per minute"
    RATELIMIT_API = "1000 per minute"
    RATELIMIT_API_FAILED = "1000 per minute"
    SECRET_KEY = "test-only-not-secret"
    PUBLIC_URL = "http://localhost"  # what Flask's test client requests
    TRUSTED_HOSTS = ["localhost", "127.0.0.1"]  # the test client, and e2e live servers on a loopback port
    PAYMENT_WEBHOOK_SECRET = "test-webhook-secret"
    JOBS_URL = "memory://"  # tests run the jobs in-process (Jobs.run_pending)
    MAIL_BACKEND = "locmem"  # sent messages are kept in app.extensions["mailman"].outbox
    SESSION_COOKIE_SECURE = False
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL")) or "sqlite:///:memory:"
    SQLALCHEMY_ENGINE_OPTIONS = {}


CONFIGS = {"development": Development, "production": Production, "test": Test}

# Values published in this repository (or obvious ones): a production secret must be none of them.
KNOWN_SECRETS = {"dev-only-not-secret", "test-only-not-secret", "sandbox-webhook-secret", "development-webhook-secret",
                 "test-webhook-secret", "bench", "secret", "changeme", "change-me"}
MIN_SECRET_LENGTH = 32
# Mail backends that keep the messages (a folder, memory, the console) instead of sending them.
UNSENT_MAIL_BACKENDS = {"outbox", "file", "locmem", "console", "dummy"}
NEW_SECRET = (f"a random value of {MIN_SECRET_LENGTH}+ characters "
              "(python3 -c 'import secrets; print(secrets.token_hex(32))')")
PROVIDER_SECRET = "the webhook signing secret your payment provider gives you"


class ConfigError(RuntimeError):
    """The app cannot start with these settings; the message says what to fix, one line per problem."""


def named(name: str | None) -> type[Config]:
    """The settings class ENCORE_CONFIG names: production unless development or test is asked for."""
    if not name:
        return Production
    if name not in CONFIGS:
        raise ConfigError(f"ENCORE_CONFIG={name!r} is not a configuration: use one of {', '.join(CONFIGS)} "
                          "(unset means production).")
    return CONFIGS[name]


def problems(config, production: bool) -> list[str]:
    """What stops these settings from serving, one line per problem naming the variable and the fix."""
    found = []
    url = config.get("PUBLIC_URL") or ""
    parts = urlsplit(url)
    if not url:
        found.append("PUBLIC_URL is not set: set it to where shoppers reach the shop, e.g. https://shop.example.")
    elif (parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") or parts.query
          or parts.fragment or parts.username):
        found.append(f"PUBLIC_URL={url!r} is not http(s)://host: set it to where shoppers reach the shop, "
                     "e.g. https://shop.example, with no path.")
    if not re.fullmatch(r"[0-9]+", str(config.get("TRUSTED_PROXIES", 0)).strip()):
        found.append(f"TRUSTED_PROXIES={config['TRUSTED_PROXIES']!r} is not a whole number: set it to how many "
                     "proxies stand in front of the app (0 for none).")
    if config.get("MAIL_USE_TLS") and config.get("MAIL_USE_SSL"):
        found.append("MAIL_USE_SSL and MAIL_USE_TLS are both set: set one (STARTTLS, usually port 587, or TLS "
                     "from the start, usually port 465).")
    if production:
        found += _secret("SECRET_KEY", config.get("SECRET_KEY"), NEW_SECRET, MIN_SECRET_LENGTH)
        found += _secret("PAYMENT_WEBHOOK_SECRET", config.get("PAYMENT_WEBHOOK_SECRET"), PROVIDER_SECRET)
        backend = config.get("MAIL_BACKEND")
        if backend in UNSENT_MAIL_BACKENDS and not config.get("MAIL_OUTBOX_IN_PRODUCTION"):
            found.append(f"MAIL_BACKEND is {backend!r} (e-mails are never sent): set MAIL_BACKEND=smtp and MAIL_SERVER, "
                         "or MAIL_OUTBOX_IN_PRODUCTION=1 to keep the outbox.")
    return found


def _secret(name: str, value: str | None, fix: str, min_length: int = 1) -> list[str]:
    """A line when the secret is missing, published or too short."""
    if not value:
        return [f"{name} is not set: set it to {fix}."]
    if value in KNOWN_SECRETS:
        return [f"{name} is a published default: set it to {fix}."]
    if len(value) < min_length:
        return [f"{name} is shorter than {min_length} characters: set it to {fix}."]
    return []


def prepare(config, production: bool) -> None:
    """Check the settings (a ConfigError lists every problem) and fill in what they imply."""
    found = problems(config, production)
    if found:
        where = ("in production (on a development machine, set ENCORE_CONFIG=development)" if production
                 else "with these settings")
        raise ConfigError(f"Encore cannot start {where}:\n" + "\n".join(f"  {line}" for line in found))
    config["PUBLIC_URL"] = config["PUBLIC_URL"].rstrip("/")
    config["TRUSTED_PROXIES"] = int(config["TRUSTED_PROXIES"])
    if not config.get("TRUSTED_HOSTS"):
        config["TRUSTED_HOSTS"] = [urlsplit(config["PUBLIC_URL"]).hostname]
