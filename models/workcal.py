"""The working-day calendar and deadline rules as the admin has set them.

``calendar()`` reads the ``workday_entries`` table (cached for the request). While the table is
still empty (a fresh install before anyone filled it) the ``chinesecalendar`` package is used
directly, so deadlines are right from the first day. Years after the last one in the table, up to
``PREDICT_AHEAD`` years after today, are predicted from the holiday regulation (marked 预测) until
the admin enters the year's notice. ``calendar_changed()`` runs the callbacks
``create_app`` lists with ``on_calendar_change`` to recompute what depends on the table.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable

import sqlalchemy as sa
from flask import g, has_app_context

from extensions import db
from models import audit
from models.settings import Setting, WorkdayEntry, WorkdayYear
from rules.deadlines import DeadlineRules
from rules import clock
from rules.errors import Refused
from rules.workdays import DAY_KIND_LABELS, WorkdayCalendar, package_entries, package_known_years, predict_year, FIRST_PREDICTABLE_YEAR

RULES_KEY = "deadline_rules"
# How far ahead a year not in the table is predicted (deadlines and reception days run into next year).
PREDICT_AHEAD = 2
# WorkdayYear.source / WorkdayEntry.source of a predicted year.
PREDICTED = "predicted"
_CALLBACKS: tuple[Callable[[], object], ...] = ()


def on_calendar_change(*callbacks: Callable[[], object]) -> None:
    """What runs, in this order and in the same transaction, after the working-day table changes (``create_app``
    lists them: they live in the layers above; a call replaces the list)."""
    global _CALLBACKS
    _CALLBACKS = callbacks


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
    """Store new rules; returns them and the ``{field: [old, new]}`` changes. Refused when the longest term after
    an extension would be shorter than the normal term."""
    old = rules().as_dict()
    new_rules = DeadlineRules.from_mapping({**old, **values})
    if new_rules.npc_max_months < new_rules.npc_reply_months:
        raise Refused("延期后最长期限不能短于正常答复期限", field="npc_max_months")
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


HOLIDAY_CAUSE = "因节假日安排调整"
RULES_CAUSE = "因期限规则调整"


def load_fresh() -> WorkdayCalendar:
    """The table as stored now, bypassing the request's cache (taken before an edit, to compare)."""
    return _load_calendar()


def calendar_changed(before: WorkdayCalendar | None = None, cause: str = HOLIDAY_CAUSE) -> None:
    """Call after editing the table (or the rules): drops the cache and recomputes, in this transaction,
    everything computed from it. ``before`` is the table before the edit: a date that equals what the
    old table gave follows the new one; ``cause`` begins each timeline entry ("因节假日安排调整，期限由 A 改为 B")."""
    db.session.flush()
    invalidate()
    if has_app_context():
        g._lx_change = (before, cause)
    try:
        for fn in _CALLBACKS:
            fn()
    finally:
        if has_app_context():
            g.pop("_lx_change", None)


def current_change() -> tuple[WorkdayCalendar | None, str]:
    """For the callbacks: ``(table before the edit or None, cause)`` of the change being applied."""
    if has_app_context() and g.get("_lx_change"):
        return g._lx_change
    return None, HOLIDAY_CAUSE


def moved_text(cause: str, old: date, new: date, what: str = "") -> str:
    """The one sentence a recomputed date leaves on its item's timeline."""
    return f"{cause}，期限由 {old:%Y-%m-%d} 改为 {new:%Y-%m-%d}" + (f"（{what}）" if what else "")


def apply_schedule(year: int, rows, source: str) -> int:
    """Write a year's schedule read from the notice or a table: the year's entries are replaced (manual ones
    stay); days of a neighbouring year that it names (2026-12-31 in the 2027 notice) are set too."""
    written = replace_year(year, [r for r in rows if r[0].year == year], source)
    for day, kind, name in rows:
        if day.year == year:
            continue
        ensure_year(day.year)
        entry = db.session.get(WorkdayEntry, day)
        if entry is not None and entry.source == "manual":
            continue
        if entry is None:
            entry = WorkdayEntry(day=day)
            db.session.add(entry)
        entry.kind, entry.name, entry.source = kind, (name or "")[:32], source
        written += 1
    return written


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


def set_day(day: date, kind: str, name: str) -> None:
    """An admin sets one day by hand (a manual entry), audited."""
    ensure_year(day.year)
    entry = db.session.get(WorkdayEntry, day)
    old = (entry.kind, entry.name) if entry else None
    if entry is None:
        entry = WorkdayEntry(day=day)
        db.session.add(entry)
    entry.kind, entry.name, entry.source = kind, name, "manual"
    if db.session.get(WorkdayYear, day.year) is None:
        db.session.add(WorkdayYear(year=day.year, source="manual"))
    audit.record(
        "update" if old else "create",
        object_type="workday",
        summary=f"{day.isoformat()} 设为{DAY_KIND_LABELS[entry.kind]}{('（' + entry.name + '）') if entry.name else ''}",
        changes={"kind": [DAY_KIND_LABELS[old[0]] if old else None, DAY_KIND_LABELS[entry.kind]]},
    )


def import_package_year(year: int | None) -> int | None:
    """An admin imports ``year`` from ``chinesecalendar`` (audited, deadlines follow); None when it does not know it."""
    before = load_fresh()
    count = fill_year(year) if year else None
    if count is not None:
        audit.record("fill_workdays", object_type="workday", summary=f"从 chinesecalendar 导入 {year} 年节假日安排（{count} 条）")
        calendar_changed(before)
    return count


def delete_day(entry: WorkdayEntry, day_text: str) -> None:
    """An admin deletes one entry (the day counts Monday to Friday again), audited; deadlines follow."""
    before = load_fresh()
    db.session.delete(entry)
    audit.record("delete", object_type="workday", summary=f"删除 {day_text}（{DAY_KIND_LABELS.get(entry.kind, entry.kind)}），该日恢复按周一至周五计算")
    calendar_changed(before)


def apply_schedule_recorded(year: int, rows, source: str, summary: str) -> None:
    """``apply_schedule`` by an admin, audited with ``summary``."""
    apply_schedule(year, rows, source)
    audit.record("fill_workdays", object_type="workday", summary=summary)


def edit_rules(values: dict) -> dict:
    """An admin saves the deadline rules: audited when something changed (and deadlines follow); the changes."""
    _, changes = save_rules(values)
    if changes:
        audit.record("update_rules", object_type="settings", summary="修改期限规则", changes=changes)
        calendar_changed(cause=RULES_CAUSE)
    return changes


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


@dataclass
class PlannedMove:
    """One date that an edit of the table will move, as its timeline will say it."""

    object_type: str
    object_id: int | None
    label: str
    summary: str


def preview(apply: Callable[[], object], cause: str = HOLIDAY_CAUSE) -> list[PlannedMove]:
    """What an edit of the table would move: applies it and recomputes exactly as saving does, reads the
    timeline entries that wrote, then rolls the whole transaction back (call before anything else is pending)."""
    from models.audit import AuditEntry

    before = load_fresh()
    last = db.session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0
    try:
        apply()
        calendar_changed(before, cause)
        db.session.flush()
        entries = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.id > last, AuditEntry.object_id.is_not(None)).order_by(AuditEntry.id)
        ).all()
        moves = []
        for e in entries:
            if "期限由" in (e.summary or "") or e.action == "holiday_shift":
                target = _object(e.object_type, e.object_id)
                moves.append(PlannedMove(e.object_type, e.object_id, str(target) if target is not None else "", e.summary))
        return moves
    finally:
        db.session.rollback()
        invalidate()


def _object(object_type: str, object_id: int):
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "audit_type", None) == object_type or getattr(cls, "__tablename__", "").rstrip("s") == object_type:
            return db.session.get(cls, object_id)
    return None
