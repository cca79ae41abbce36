"""The 工作台: panels each feature contributes for the current user.

A provider is ``fn(user) -> list[dict]``; each dict has ``title``, ``items`` (label, url, count, level)
and optionally ``empty`` (the text shown when there is nothing to do).
"""
from __future__ import annotations

from typing import Callable

PROVIDERS: list[Callable] = []


def provider(fn: Callable) -> Callable:
    PROVIDERS.append(fn)
    return fn


def workbench_for(user) -> list[dict]:
    panels: list[dict] = []
    for fn in PROVIDERS:
        panels.extend(fn(user))
    return panels
