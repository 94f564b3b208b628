"""Which settings start the app: production refuses missing or published secrets, one line each."""
import pytest

from config.settings import CONFIGS, ConfigError, Development, Production, Test, named, prepare, problems

READY = {
    "SECRET_KEY": "k" * 40,
    "PAYMENT_WEBHOOK_SECRET": "whsec_live_value",
    "PUBLIC_URL": "https://shop.example/",
    "TRUSTED_HOSTS": None,
    "TRUSTED_PROXIES": "0",
    "MAIL_BACKEND": "smtp",
    "MAIL_OUTBOX_IN_PRODUCTION": False,
    "MAIL_USE_TLS": True,
}


def settings_of(cls) -> dict:
    return {name: getattr(cls, name) for name in dir(cls) if name.isupper()}


def test_no_name_means_production():
    assert named(None) is Production and named("") is Production


def test_an_unknown_name_is_refused_with_the_valid_ones():
    with pytest.raises(ConfigError, match=r"'staging'.*development, production, test"):
        named("staging")


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_each_valid_name_picks_its_class(name):
    assert named(name) is CONFIGS[name]


def test_production_ready_settings_have_no_problem():
    assert problems(READY, production=True) == []


def test_production_with_nothing_set_names_each_missing_value_on_its_own_line():
    found = problems({"TRUSTED_PROXIES": "0", "MAIL_BACKEND": "outbox"}, production=True)
    assert [line.split()[0] for line in found] == ["PUBLIC_URL", "SECRET_KEY", "PAYMENT_WEBHOOK_SECRET", "MAIL_BACKEND"]
    assert all("set" in line for line in found)  # each line says what to do


@pytest.mark.parametrize(("name", "value", "says"), [
    ("SECRET_KEY", None, "SECRET_KEY is not set"),
    ("SECRET_KEY", "dev-only-not-secret", "SECRET_KEY is a published default"),
    ("SECRET_KEY", "short-but-random-9f2c", "SECRET_KEY is shorter than 32 characters"),
    ("PAYMENT_WEBHOOK_SECRET", "", "PAYMENT_WEBHOOK_SECRET is not set"),
    ("PAYMENT_WEBHOOK_SECRET", "sandbox-webhook-secret", "PAYMENT_WEBHOOK_SECRET is a published default"),
    ("PUBLIC_URL", "", "PUBLIC_URL is not set"),
    ("PUBLIC_URL", "shop.example", "PUBLIC_URL='shop.example' is not http(s)://host"),
    ("PUBLIC_URL", "ftp://shop.example", "is not http(s)://host"),
    ("PUBLIC_URL", "https://shop.example/shop", "is not http(s)://host"),
    ("PUBLIC_URL", "https://", "is not http(s)://host"),
    ("MAIL_BACKEND", "outbox", "MAIL_BACKEND is 'outbox'"),
    ("MAIL_BACKEND", "locmem", "MAIL_BACKEND is 'locmem' (e-mails are never sent)"),
    ("MAIL_USE_SSL", True, "MAIL_USE_SSL and MAIL_USE_TLS are both set"),
    ("TRUSTED_PROXIES", "two", "TRUSTED_PROXIES='two' is not a whole number"),
])
def test_each_missing_or_unsafe_value_is_one_line_naming_it(name, value, says):
    found = problems({**READY, name: value}, production=True)
    assert len(found) == 1 and found[0].startswith(name) and says in found[0], found


def test_the_outbox_is_allowed_in_production_when_said_so():
    assert problems({**READY, "MAIL_BACKEND": "outbox", "MAIL_OUTBOX_IN_PRODUCTION": True}, production=True) == []


@pytest.mark.parametrize("cls", [Development, Test])
def test_development_and_test_have_local_values_for_everything(cls):
    assert problems(settings_of(cls), production=False) == []
    assert settings_of(cls)["PAYMENT_WEBHOOK_SECRET"] and settings_of(cls)["PUBLIC_URL"].startswith("http://")


def test_test_settings_serve_the_test_client_and_loopback_live_servers():
    assert Test.PUBLIC_URL == "http://localhost" and {"localhost", "127.0.0.1"} <= set(Test.TRUSTED_HOSTS)


def test_a_refusal_lists_every_problem_in_one_error():
    with pytest.raises(ConfigError) as refused:
        prepare({"TRUSTED_PROXIES": "0", "MAIL_BACKEND": "outbox"}, production=True)
    lines = str(refused.value).splitlines()
    assert len(lines) == 5 and [line.split()[0] for line in lines[1:]] == [
        "PUBLIC_URL", "SECRET_KEY", "PAYMENT_WEBHOOK_SECRET", "MAIL_BACKEND"]


def test_trusted_hosts_default_to_the_public_urls_host():
    config = dict(READY)
    prepare(config, production=True)
    assert config["PUBLIC_URL"] == "https://shop.example" and config["TRUSTED_HOSTS"] == ["shop.example"]
    assert config["TRUSTED_PROXIES"] == 0


def test_trusted_hosts_when_set_are_kept():
    config = {**READY, "TRUSTED_HOSTS": ["shop.example", "www.shop.example"], "TRUSTED_PROXIES": "1"}
    prepare(config, production=True)
    assert config["TRUSTED_HOSTS"] == ["shop.example", "www.shop.example"] and config["TRUSTED_PROXIES"] == 1
