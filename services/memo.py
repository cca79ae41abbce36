"""A small per-process store of computed values, by key (least recently used dropped first).

The key must say everything the value is made of (the calendar feed's key is a fingerprint of its whole
content), so nothing has to be invalidated when data changes: a changed input is another key.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

from flask import current_app

_lock = threading.Lock()


def remember(store: str, key, compute: Callable[[], object], size: int):
    """``compute()``, kept under ``key`` in the app's per-process store ``store`` (the ``size`` most recently used)."""
    values: OrderedDict = current_app.extensions.setdefault(store, OrderedDict())
    with _lock:
        if key in values:
            values.move_to_end(key)
            return values[key]
    value = compute()
    with _lock:
        values[key] = value
        while len(values) > size:
            values.popitem(last=False)
    return value
