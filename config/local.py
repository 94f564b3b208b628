"""Local values for `make run` on a machine where nothing is set: production settings, one machine, said aloud.

gunicorn.conf.py calls `provide()` when ENCORE_LOCAL_RUN=1 (the Makefile's `run` sets it), before any worker
loads the app, so the workers inherit what it fills in.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path

INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def instance_secret(path: Path) -> str:
    """A random secret kept in `path` (readable by its owner only), created on first use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    secret = secrets.token_hex(32)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret)
    return secret


def provide(environ: MutableMapping[str, str], instance: Path = INSTANCE) -> list[str]:
    """Fill in `environ` what production needs and a local run lacks; one line per value provided."""
    said = []
    for name, file in (("SECRET_KEY", "secret_key"), ("PAYMENT_WEBHOOK_SECRET", "webhook_secret")):
        if not environ.get(name):
            environ[name] = instance_secret(instance / file)
            said.append(f"make run: using a local {name} kept in instance/{file} (set {name} for a real deployment)")
    if not environ.get("PUBLIC_URL"):
        environ["PUBLIC_URL"] = f"http://127.0.0.1:{environ.get('PORT') or 5000}"
        said.append(f"make run: using a local PUBLIC_URL {environ['PUBLIC_URL']} "
                    "(set PUBLIC_URL for a real deployment)")
    if environ.get("MAIL_BACKEND", "outbox") == "outbox" and environ.get("MAIL_OUTBOX_IN_PRODUCTION") != "1":
        environ["MAIL_OUTBOX_IN_PRODUCTION"] = "1"
        said.append("make run: e-mails are written to instance/outbox/, not sent "
                    "(set MAIL_BACKEND=smtp and MAIL_SERVER for a real deployment)")
    return said
