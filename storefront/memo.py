"""A small bounded memo: the caches of browsing, deals and revalidated ETags keep their entries with it."""
from __future__ import annotations

from collections import OrderedDict


def remember(cache: OrderedDict, key, value, size: int = 512):
    """Keep `value` under `key` in `cache`; past `size` entries the oldest written goes. Returns `value`.

    Each step is one dict operation, so threads sharing the cache leave it whole.
    """
    cache.pop(key, None)
    cache[key] = value
    if len(cache) > size:
        cache.popitem(last=False)
    return value
