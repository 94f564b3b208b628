"""The marketplace's commercial rules (config/commerce.toml): commissions, fees, sales tax, the protection plan.

Read per app and again whenever the file changes, so a commission or tax change needs no restart.
"""
from __future__ import annotations

import tomllib
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from flask import current_app


def watched_toml(config_key: str) -> dict:
    """The TOML file named by `config_key`, parsed. Memo per app, invalidated by a change of the file's modification
    time, size or inode (a file replaced whole, as deployment tools write it, is seen even within one clock tick)."""
    path = Path(current_app.config[config_key])
    status = path.stat()
    stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
    memo = current_app.extensions.get(config_key)
    if memo is None or memo[0] != stamp:
        with open(path, "rb") as fh:
            memo = current_app.extensions[config_key] = (stamp, tomllib.load(fh))
    return memo[1]


def commerce() -> dict:
    """The rules in force (config/commerce.toml)."""
    return watched_toml("COMMERCE_FILE")


def protection_price(unit_price: int, rate_bps: int, digits: int) -> int:
    """The protection plan for one device: a share of its price, rounded up to a whole currency unit."""
    unit = 10 ** digits
    raw = Decimal(unit_price) * rate_bps / 10000 / unit
    return int(raw.quantize(Decimal(1), ROUND_CEILING)) * unit
