"""`make run` with nothing set: local values, kept in the instance folder, each said on start-up."""
import stat

from config.local import instance_secret, provide


def test_a_local_run_fills_in_what_production_needs_and_says_so_once_per_value(tmp_path):
    environ = {"PORT": "5077"}
    said = provide(environ, tmp_path)
    assert len(environ["SECRET_KEY"]) >= 32 and len(environ["PAYMENT_WEBHOOK_SECRET"]) >= 32
    assert environ["PUBLIC_URL"] == "http://127.0.0.1:5077" and environ["MAIL_OUTBOX_IN_PRODUCTION"] == "1"
    assert len(said) == 4 and all(line.startswith("make run: ") and "real deployment" in line for line in said)
    assert "make run: using a local PUBLIC_URL http://127.0.0.1:5077 (set PUBLIC_URL for a real deployment)" in said


def test_local_secrets_are_private_files_that_survive_a_restart(tmp_path):
    first, second = provide({}, tmp_path), {}
    provide(second, tmp_path)
    assert second["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()
    for name in ("secret_key", "webhook_secret"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert first and instance_secret(tmp_path / "secret_key") == second["SECRET_KEY"]


def test_a_local_run_keeps_every_value_that_is_set(tmp_path):
    environ = {"SECRET_KEY": "s" * 40, "PAYMENT_WEBHOOK_SECRET": "whsec", "PUBLIC_URL": "https://shop.example",
               "MAIL_BACKEND": "smtp"}
    before = dict(environ)
    assert provide(environ, tmp_path) == [] and environ == before and not list(tmp_path.iterdir())


def test_the_public_url_defaults_to_port_5000(tmp_path):
    environ = {}
    provide(environ, tmp_path)
    assert environ["PUBLIC_URL"] == "http://127.0.0.1:5000"
