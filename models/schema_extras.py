"""Database objects the ORM metadata does not describe (e.g. full-text indexes).

Migrations create them in production; tests call ``install`` after ``create_all``.
``create_app`` lists each feature's ``SchemaExtra`` with ``use``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class SchemaExtra:
    install: Callable  # fn(engine): create the objects (when missing) and fill them
    tables: frozenset[str] = frozenset()  # tables created outside the ORM metadata
    prefixes: tuple[str, ...] = ()  # and tables named with these prefixes (e.g. FTS5's shadow tables)


INSTALLERS: tuple[Callable, ...] = ()
# Tables created outside the ORM metadata (ignored when comparing migrations with the models).
EXTRA_TABLES: frozenset[str] = frozenset()
EXTRA_TABLE_PREFIXES: tuple[str, ...] = ()


def use(*extras: SchemaExtra) -> None:
    """The objects outside the ORM metadata (``create_app`` calls this; a call replaces the list)."""
    global INSTALLERS, EXTRA_TABLES, EXTRA_TABLE_PREFIXES
    INSTALLERS = tuple(e.install for e in extras)
    EXTRA_TABLES = frozenset().union(*(e.tables for e in extras))
    EXTRA_TABLE_PREFIXES = tuple(p for e in extras for p in e.prefixes)


def install(engine) -> None:
    for fn in INSTALLERS:
        fn(engine)
