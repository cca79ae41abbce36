"""Cached figures and their one invalidation rule.

The dashboard's figures are aggregates over every item of a year and take tens of milliseconds to compute, while
between two views of the page nothing usually changes. ``cached(name, key, compute)`` keeps a value per process
under ``key`` *and* the current value of a counter (``cache_generations``) that moves with every committed
change of the data the figures are made of:

* after each flush, a session that wrote to any table except those in ``UNRELATED_TABLES`` (logs, login
  attempts, reception and calendar data) is marked; bulk ``INSERT``/``UPDATE``/``DELETE`` through the session
  too;
* before it commits, a marked session adds one to the counter, in the same transaction — the counter and the
  data move together, for every process and every server sharing the database;
* a session with marked but uncommitted changes (it can see data nobody else sees yet) does not use the cache.

Over-marking is harmless (a login's ``last_login_at`` update moves the counter too: the next view computes again).

Reading the counter is one primary-key lookup. ``remember`` is the per-process store underneath (also used by the
calendar feed, whose key is a fingerprint of its content and needs no counter). Raw connection writes outside the session (there are none in the
app; the seeders of ``bench/`` write with Core and start with an empty cache) are not followed.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from models.settings import CacheGeneration

FIGURES = "figures"
UNRELATED_TABLES = frozenset({
    "cache_generations", "audit_entries", "login_attempts", "progress_notes",
    "reception_rules", "reception_rule_leaders", "reception_days", "reception_bookings", "reception_records",
    "reception_progress", "contact_points", "contact_visits", "leader_reminders", "calendar_feed_tokens",
})
CACHE_SIZE = 32
_MARK = "lianxin_figures_changed"
_lock = threading.Lock()


def _tables_of(objects) -> set[str]:
    return {getattr(type(obj), "__tablename__", "") for obj in objects}


@event.listens_for(Session, "after_flush")
def _mark_after_flush(session, flush_context) -> None:
    if (_tables_of(session.new) | _tables_of(session.dirty) | _tables_of(session.deleted)) - UNRELATED_TABLES:
        session.info[_MARK] = True


@event.listens_for(Session, "do_orm_execute")
def _mark_bulk(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is None or getattr(table, "name", None) not in UNRELATED_TABLES:
        state.session.info[_MARK] = True


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session) -> None:
    session.flush()  # the commit's own flush comes after this event: what it writes must be seen here
    if not session.info.pop(_MARK, False):
        return
    connection = session.connection()
    if not _exists(connection):
        return
    table = CacheGeneration.__table__
    # Through the connection: a session.execute() would mark the session again.
    bump = sa.update(table).where(table.c.name == FIGURES).values(value=table.c.value + 1)
    if connection.execute(bump).rowcount:
        return
    # No row yet (a fresh database: its first change adds it): add it, and if a concurrent transaction just did,
    # count on that row.
    try:
        with connection.begin_nested():
            connection.execute(sa.insert(table).values(name=FIGURES, value=1))
    except sa.exc.IntegrityError:
        connection.execute(bump)


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session, previous_transaction) -> None:
    session.info.pop(_MARK, None)


# Whether the table is there, per database: one whose migrations stop before 0008 has none — nothing is cached
# then, rather than every commit failing.
_present: dict[str, bool] = {}


def _exists(connection) -> bool:
    key = connection.engine.url.render_as_string(hide_password=True)
    if key not in _present:
        _present[key] = sa.inspect(connection).has_table(CacheGeneration.__tablename__)
    return _present[key]


def current(session, name: str = FIGURES) -> int:
    table = CacheGeneration.__table__
    return session.connection().execute(sa.select(table.c.value).where(table.c.name == name)).scalar() or 0


def cached(key: tuple, compute: Callable[[], object], name: str = FIGURES):
    """``compute()``, or what it gave for ``key`` since the data last changed (per process, the app's cache)."""
    from extensions import db

    session = db.session()
    if session.info.get(_MARK) or not _exists(session.connection()):
        return compute()
    return remember("lianxin_figure_cache", (name, current(session, name), *key), compute, CACHE_SIZE)


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
