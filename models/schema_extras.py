"""Database objects the ORM metadata does not describe (e.g. full-text indexes).

Migrations create them in production; tests call ``install`` after ``create_all``.
Feature modules append installers to ``INSTALLERS``.
"""
from __future__ import annotations

from typing import Callable

INSTALLERS: list[Callable] = []


def install(engine) -> None:
    for fn in INSTALLERS:
        fn(engine)

# Tables created outside the ORM metadata (ignored when comparing migrations with the models).
EXTRA_TABLES: set[str] = set()
EXTRA_TABLE_PREFIXES: tuple[str, ...] = ()
