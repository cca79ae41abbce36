"""The working-day calendar and deadline rules as the admin has set them.

``calendar()`` reads the ``workday_entries`` table (cached for the request). While the table is
still empty (a fresh install before anyone filled it) the ``chinesecalendar`` package is used
directly, so deadlines are right from the first day. Years after the last one in the table, up to
``PREDICT_AHEAD`` years after today, are predicted from the holiday regulation (marked 预测) until
the admin enters the year's notice. ``calendar_changed()`` runs the callbacks
features register with ``on_calendar_change`` to recompute what depends on the table.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Callable

import sqlalchemy as sa
from flask import g, has_app_context

from extensions import db
from models.settings import Setting, WorkdayEntry, WorkdayYear
from services.deadlines import DeadlineRules
from services import clock
from services.workdays import WorkdayCalendar, package_entries, package_known_years, predict_year, FIRST_PREDICTABLE_YEAR

RULES_KEY = "deadline_rules"
# How far ahead a year not in the table is predicted (deadlines and reception days run into next year).
PREDICT_AHEAD = 2
# WorkdayYear.source / WorkdayEntry.source of a predicted year.
PREDICTED = "predicted"
_CALLBACKS: list[Callable[[], object]] = []


def on_calendar_change(fn: Callable[[], object]) -> Callable[[], object]:
    """Register ``fn()`` to run (in the same transaction) after the working-day table changes."""
    _CALLBACKS.append(fn)
    return fn


@lru_cache(maxsize=1)
def _package_calendar() -> WorkdayCalendar:
    """The package's own table (immutable for the life of the process)."""
    return WorkdayCalendar.from_package()


def _load_both() -> tuple[WorkdayCalendar, DeadlineRules]:
    """The working-day table (the years it covers and their exceptions) and the deadline rules, in one query:
    most pages need both, and every query counts on a busy page."""
    def null(type_):
        return sa.cast(sa.null(), type_)

    json_type = Setting.__table__.c.value.type
    stmt = sa.union_all(
        sa.select(WorkdayYear.year.label("year"), null(sa.Date).label("day"), WorkdayYear.source.label("kind"), null(json_type).label("rules")),
        sa.select(null(sa.Integer), WorkdayEntry.day, WorkdayEntry.kind, null(json_type)),
        sa.select(null(sa.Integer), null(sa.Date), null(sa.String), Setting.value).where(Setting.key == RULES_KEY),
    )
    rows = db.session.execute(stmt).all()
    years = [r.year for r in rows if r.year is not None]
    stored = next((r.rules for r in rows if r.year is None and r.day is None), None)
    loaded_rules = DeadlineRules.from_mapping(stored)
    horizon = range(clock.today().year - 1, clock.today().year + PREDICT_AHEAD + 1)
    if not years:
        return _package_calendar().with_predictions(y for y in horizon if y > max(_package_calendar().known_years, default=0)), loaded_rules
    predicted = [r.year for r in rows if r.year is not None and r.kind == PREDICTED]
    cal = WorkdayCalendar.from_entries([(r.day, r.kind) for r in rows if r.day is not None], years, predicted)
    return cal.with_predictions(y for y in horizon if y > max(years)), loaded_rules


def _load_calendar() -> WorkdayCalendar:
    return _load_both()[0]


def calendar() -> WorkdayCalendar:
    if has_app_context():
        cached = g.get("_lx_calendar")
        if cached is None:
            cached, loaded_rules = _load_both()
            g._lx_calendar = cached
            if g.get("_lx_rules") is None:
                g._lx_rules = loaded_rules
        return cached
    return _load_calendar()


def rules() -> DeadlineRules:
    if has_app_context() and g.get("_lx_rules") is not None:
        return g._lx_rules
    if has_app_context() and g.get("_lx_calendar") is None:
        # First of the two this request: load both at once.
        g._lx_calendar, g._lx_rules = _load_both()
        return g._lx_rules
    row = db.session.get(Setting, RULES_KEY)
    loaded = DeadlineRules.from_mapping(row.value if row else None)
    if has_app_context():
        g._lx_rules = loaded
    return loaded


def save_rules(values: dict) -> tuple[DeadlineRules, dict]:
    """Store new rules; returns them and the ``{field: [old, new]}`` changes."""
    old = rules().as_dict()
    new_rules = DeadlineRules.from_mapping({**old, **values})
    row = db.session.get(Setting, RULES_KEY)
    if row is None:
        row = Setting(key=RULES_KEY, value={})
        db.session.add(row)
    row.value = new_rules.as_dict()
    if has_app_context():
        g.pop("_lx_rules", None)
    changes = {k: [old[k], v] for k, v in new_rules.as_dict().items() if old.get(k) != v}
    return new_rules, changes


def invalidate() -> None:
    if has_app_context():
        g.pop("_lx_calendar", None)
        g.pop("_lx_rules", None)


def calendar_changed() -> None:
    """Call after editing the table: drops the cache and recomputes dependent deadlines."""
    db.session.flush()
    invalidate()
    for fn in _CALLBACKS:
        fn()


def replace_year(year: int, rows, source: str) -> int:
    """Replace the entries of ``year`` that came from a source (package, prediction, notice, import) by
    ``rows`` of ``(date, kind, name)``; entries typed in by hand stay. Returns the number written."""
    in_year = WorkdayEntry.day.between(date(year, 1, 1), date(year, 12, 31))
    manual = set(db.session.scalars(sa.select(WorkdayEntry.day).where(WorkdayEntry.source == "manual", in_year)))
    db.session.execute(sa.delete(WorkdayEntry).where(WorkdayEntry.source != "manual", in_year))
    written = 0
    for day, kind, name in rows:
        if day not in manual and day.year == year:
            db.session.add(WorkdayEntry(day=day, kind=kind, name=(name or "")[:32], source=source))
            written += 1
    row = db.session.get(WorkdayYear, year)
    if row is None:
        db.session.add(WorkdayYear(year=year, source=source))
    else:
        row.source, row.filled_at = source, clock.utcnow()
    return written


def fill_year(year: int) -> int | None:
    """Replace the package-sourced (or predicted) entries of ``year`` from ``chinesecalendar`` (manual entries stay).

    Returns the number of entries written, or None when the package does not know the year.
    """
    rows = package_entries(year)
    if not rows:
        return None
    return replace_year(year, rows, "package")


def ensure_year(year: int) -> None:
    """Before a day of ``year`` is edited by hand: a year not yet in the table is written into it, from the
    package or else predicted (marked 预测), so that one manual day does not stand for the whole year."""
    if db.session.get(WorkdayYear, year) is not None:
        return
    if fill_year(year) is None and year >= FIRST_PREDICTABLE_YEAR:
        replace_year(year, predict_year(year), PREDICTED)


def fill_known_years(years=None) -> dict[int, int]:
    """Fill every year the package knows (or the given ones); returns {year: entries}."""
    done = {}
    for year in years or package_known_years():
        count = fill_year(year)
        if count is not None:
            done[year] = count
    return done
