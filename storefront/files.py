"""File helpers shared by derived-data builders (search index, compiled catalogs)."""
from __future__ import annotations

import shutil
from pathlib import Path


def swap_in(fresh: Path, target: Path) -> None:
    """Replace the folder `target` by `fresh` with two renames, so readers see the old or the new, whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
