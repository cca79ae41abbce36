"""The 工作台: panels each feature contributes for the current user.

A panel function is ``fn(user) -> list[dict]``; each dict has ``title``, ``items`` (label, url, count, level)
and optionally ``empty`` (the text shown when there is nothing to do). ``create_app`` lists the panel functions,
in display order, with ``use_panels``: some live in blueprints (they build URLs of their views), which this
layer may not import.
"""
from __future__ import annotations

from typing import Callable

PANELS: tuple[Callable, ...] = ()


def use_panels(*panels: Callable) -> None:
    """The workbench's panel functions, in display order (``create_app`` calls this; it replaces the list)."""
    global PANELS
    PANELS = panels


def workbench_for(user) -> list[dict]:
    panels: list[dict] = []
    for fn in PANELS:
        panels.extend(fn(user))
    return panels
