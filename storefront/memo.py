"""Small bounded memos: the caches of browsing, deals, revalidated ETags and the pages' catalog reads keep
their entries with them."""
from __future__ import annotations

import functools
import time
from collections import OrderedDict

from flask import current_app


def remember(cache: OrderedDict, key, value, size: int = 512):
    """Keep `value` under `key` in `cache`; past `size` entries the oldest written goes. Returns `value`.

    Each step is one dict operation, so threads sharing the cache leave it whole.
    """
    cache.pop(key, None)
    cache[key] = value
    if len(cache) > size:
        cache.popitem(last=False)
    return value


def app_memo(name: str) -> OrderedDict:
    """The app's memo called `name` (a memo is per app: two apps in one process, as in tests, never share one)."""
    return current_app.extensions.setdefault(f"memo:{name}", OrderedDict())


def for_revalidation(size: int = 512):
    """Memoise a read per app by its (positional, hashable) arguments for REVALIDATE_SECONDS.

    Invalidated by age alone: a copy at most as old as the one a revalidating visitor or a shared cache
    already keeps (`caching.py`), so every node shows a change within that time; 0, as in tests, keeps
    nothing. The result is shared between requests and threads: callers read it, never change it.
    """
    def decorate(function):
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def kept(*args):
            seconds = current_app.config["REVALIDATE_SECONDS"]
            if not seconds:
                return function(*args)
            memo = app_memo(name)
            now = time.monotonic()
            found = memo.get(args)
            if found is None or found[0] < now:
                found = remember(memo, args, (now + seconds, function(*args)), size)
            return found[1]

        return kept

    return decorate
