"""Safe to deploy: production refuses to start half-configured, answers only its own host, and builds every
link on PUBLIC_URL; the client's address comes from a configured number of trusted proxies."""
import re
import uuid

import pytest
from flask import request

from config.settings import ConfigError, Development, Production, Test
from storefront import create_app
from storefront.accounts import services as accounts
from tests.mailbox import sent_mail

PASSWORD = "correct horse battery"


class Ready(Production):
    """Production with every secret and URL it needs."""

    SECRET_KEY = "k" * 40
    PAYMENT_WEBHOOK_SECRET = "whsec_live_value"
    PUBLIC_URL = "https://shop.example"
    TRUSTED_HOSTS = None
    TRUSTED_PROXIES = "0"
    MAIL_BACKEND = "smtp"
    MAIL_OUTBOX_IN_PRODUCTION = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SQLALCHEMY_ENGINE_OPTIONS = {}


def refusal(config) -> list[str]:
    """The lines of the error create_app() raises for `config`."""
    with pytest.raises(ConfigError) as refused:
        create_app(config)
    return str(refused.value).splitlines()


def test_without_a_config_name_the_app_is_production_and_refuses_to_start_without_its_secrets(monkeypatch):
    monkeypatch.delenv("ENCORE_CONFIG", raising=False)
    for name in ("SECRET_KEY", "PAYMENT_WEBHOOK_SECRET", "PUBLIC_URL"):
        monkeypatch.setattr(Production, name, None)
    monkeypatch.setattr(Production, "MAIL_BACKEND", "outbox")
    monkeypatch.setattr(Production, "MAIL_OUTBOX_IN_PRODUCTION", False)
    lines = refusal(None)
    assert "in production" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == ["PUBLIC_URL", "SECRET_KEY", "PAYMENT_WEBHOOK_SECRET",
                                                      "MAIL_BACKEND"]


@pytest.mark.parametrize(("name", "value", "says"), [
    ("SECRET_KEY", None, "SECRET_KEY is not set"),
    ("SECRET_KEY", "dev-only-not-secret", "SECRET_KEY is a published default"),
    ("SECRET_KEY", "too-short", "SECRET_KEY is shorter than 32 characters"),
    ("PAYMENT_WEBHOOK_SECRET", None, "PAYMENT_WEBHOOK_SECRET is not set"),
    ("PAYMENT_WEBHOOK_SECRET", "sandbox-webhook-secret", "PAYMENT_WEBHOOK_SECRET is a published default"),
    ("PUBLIC_URL", "", "PUBLIC_URL is not set"),
    ("PUBLIC_URL", "shop.example", "PUBLIC_URL='shop.example' is not http(s)://host"),
    ("MAIL_BACKEND", "outbox", "MAIL_BACKEND is 'outbox'"),
])
def test_production_names_each_missing_or_default_value_on_its_own_line(name, value, says):
    lines = refusal(type("Missing", (Ready,), {name: value}))
    assert len(lines) == 2 and lines[1].strip().startswith(says), lines


def test_an_unknown_config_name_is_refused_with_the_valid_ones(monkeypatch):
    monkeypatch.setenv("ENCORE_CONFIG", "staging")
    with pytest.raises(ConfigError, match=r"ENCORE_CONFIG='staging'.*one of development, production, test"):
        create_app()


def test_production_with_everything_set_starts_without_debug_and_answers_only_its_host():
    app = create_app(Ready)
    assert not app.debug and not app.testing and app.config["PSEUDO_MARKET"] is None
    client = app.test_client()
    assert client.get("/healthz", base_url="https://shop.example").status_code == 200
    assert client.get("/healthz", base_url="https://evil.example").status_code == 400


def test_development_starts_with_nothing_set():
    class Fresh(Development):
        SECRET_KEY = None  # kept in instance/secret_key, as `make dev` does
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        SQLALCHEMY_ENGINE_OPTIONS = {}

    app = create_app(Fresh)
    assert app.debug and len(app.secret_key) >= 32 and app.config["PAYMENT_WEBHOOK_SECRET"]
    assert app.config["PUBLIC_URL"].startswith("http://127.0.0.1:")
    assert app.test_client().get("/healthz", base_url="http://localhost:5000").status_code == 200


def client_seen_by(trusted_proxies: int) -> str:
    """The address and scheme the app sees for a request relayed by two proxies (the outer one ends TLS)."""

    class Proxied(Test):
        TRUSTED_PROXIES = trusted_proxies
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Proxied)
    app.add_url_rule("/_seen", "seen", lambda: f"{request.remote_addr} {request.scheme}")
    response = app.test_client().get("/_seen", environ_base={"REMOTE_ADDR": "10.0.0.2"}, headers={
        "X-Forwarded-For": "203.0.113.7, 10.0.0.1", "X-Forwarded-Proto": "https, http"})
    return response.get_data(as_text=True)


def test_without_trusted_proxies_forwarded_headers_are_ignored():
    assert client_seen_by(0) == "10.0.0.2 http"


def test_with_one_trusted_proxy_the_client_is_the_last_hop_it_saw():
    assert client_seen_by(1) == "10.0.0.1 http"


def test_with_two_trusted_proxies_the_client_is_the_address_the_outer_one_saw():
    assert client_seen_by(2) == "203.0.113.7 https"


@pytest.mark.parametrize(("host", "status"), [("localhost", 200), ("127.0.0.1:8123", 200), ("evil.example", 400),
                                              ("localhost.evil.example", 400)])
def test_only_trusted_hosts_are_answered(client, host, status):
    assert client.get("/en-gb/", headers={"Host": host}).status_code == status


def reset_requester(app):
    """A client with its own address (clear of other tests' rate limits) and a user whose password to reset."""
    address = f"reset-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_user(address, PASSWORD)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    return client, address


def test_a_reset_request_naming_a_forged_host_is_refused_and_mails_nothing(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # so the refusal can only be the host's
    client, address = reset_requester(app)
    before = len(sent_mail(app))
    refused = client.post("/en-gb/account/reset", data={"email": address}, base_url="http://evil.example")
    assert refused.status_code == 400
    assert len(sent_mail(app)) == before
    assert client.post("/en-gb/account/reset", data={"email": address}).status_code == 200
    assert len(sent_mail(app)) == before + 1


def test_a_reset_link_is_on_the_public_url_even_when_the_forged_host_is_trusted(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://shop.example")
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["localhost", "evil.example"])
    client, address = reset_requester(app)
    forged = "http://evil.example"
    html = client.get("/en-gb/account/reset", base_url=forged).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    sent = client.post("/en-gb/account/reset", data={"email": address, "csrf_token": token}, base_url=forged)
    assert sent.status_code == 200
    body = next(m for m in reversed(sent_mail(app)) if address in m.to[0]).body
    assert re.search(r"^https://shop\.example/en-gb/account/reset/\S+$", body, re.M) and "evil.example" not in body
