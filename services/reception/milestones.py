"""Local petition milestones: due dates, the one definition of a milestone's state (Python and SQL), the
report by milestone and state, and the 工作台 panel.

A record assigned to a 处室 carries one row per active milestone, due ``days`` (working or calendar) days
after the reception, like the statutory clock (``rules.deadlines.petition_milestone_deadline``). Rows are
kept in step when a record is assigned or corrected, when the admin changes a milestone, and when the
working-day table changes. A row that is done keeps its due date.

States: an open row is red / yellow / green exactly as every other deadline (``warning_level`` and the
admin's yellow-days rule); a done row was done on time or late; a row left open when the record was
closed (办结 or 不予受理) is "missed". Cancelled records are not tracked.
"""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import url_for

from extensions import db
from models.org import Role
from models.milestones import PetitionMilestone, RecordMilestone
from models.reception import ReceptionRecord, visible_records
from rules import clock
from models import workcal
from rules.deadlines import petition_milestone_deadline, warning_level

# Report columns, in order, with their Chinese names.
STATES: dict[str, str] = {
    "green": "正常",
    "yellow": "临期",
    "red": "超期未完成",
    "done_on_time": "按时完成",
    "done_late": "超时完成",
    "missed": "办结时未完成",
}
# The colour each state is shown in (the same classes as every deadline).
STATE_LEVELS = {"green": "green", "yellow": "yellow", "red": "red", "done_on_time": "done", "done_late": "done", "missed": "none"}


def active_milestones() -> list[PetitionMilestone]:
    return list(db.session.scalars(
        sa.select(PetitionMilestone).where(PetitionMilestone.active).order_by(PetitionMilestone.sort_order, PetitionMilestone.id)
    ))


def _tracked(record: ReceptionRecord) -> bool:
    return record.department_id is not None and not record.cancelled


def sync_records(records, cal=None, milestones=None) -> int:
    """Give each tracked record a row per active milestone and (re)compute the due date of rows not yet done.
    Returns how many rows were added or moved."""
    records = [r for r in records if _tracked(r)]
    if not records:
        return 0
    cal = cal or workcal.calendar()
    milestones = active_milestones() if milestones is None else milestones
    if not milestones:
        return 0
    existing = {
        (row.record_id, row.milestone_id): row
        for row in db.session.scalars(sa.select(RecordMilestone).where(RecordMilestone.record_id.in_([r.id for r in records])))
    }
    touched = 0
    for record in records:
        for milestone in milestones:
            due = petition_milestone_deadline(record.received_on, milestone.days, milestone.working_days, cal)
            row = existing.get((record.id, milestone.id))
            if row is None:
                db.session.add(RecordMilestone(record_id=record.id, milestone_id=milestone.id, due_on=due))
                touched += 1
            elif row.done_on is None and row.due_on != due:
                row.due_on = due
                touched += 1
    return touched


def sync_record(record: ReceptionRecord, cal=None) -> int:
    if record.id is None:
        db.session.flush([record])
    return sync_records([record], cal)


def sync_open_records(cal=None) -> int:
    """Every open record assigned to a 处室 (after a milestone or the working-day table changed)."""
    records = db.session.scalars(
        sa.select(ReceptionRecord).where(
            ReceptionRecord.department_id.is_not(None), ReceptionRecord.finished_on.is_(None), ReceptionRecord.cancelled.is_(False)
        )
    ).all()
    return sync_records(records, cal)


# ---------------------------------------------------------------------------
# The one definition of a row's state
# ---------------------------------------------------------------------------


def state_of(row: RecordMilestone, record: ReceptionRecord, today: date, rules=None) -> str:
    """The state of one row (see ``STATES``); open rows are coloured by ``warning_level``."""
    if row.done_on is not None:
        return "done_on_time" if row.done_on <= row.due_on else "done_late"
    if record.finished_on is not None:
        return "missed"
    return warning_level(row.due_on, today, None, rules)


def state_case(today: date, yellow_days: int):
    """SQL twin of :func:`state_of` over ``RecordMilestone`` joined to its ``ReceptionRecord``."""
    m, r = RecordMilestone, ReceptionRecord
    return sa.case(
        (sa.and_(m.done_on.is_not(None), m.done_on <= m.due_on), "done_on_time"),
        (m.done_on.is_not(None), "done_late"),
        (r.finished_on.is_not(None), "missed"),
        (m.due_on < today, "red"),
        (m.due_on <= today + timedelta(days=yellow_days), "yellow"),
        else_="green",
    )


def records_clause(milestone_id: int, state: str, today: date, yellow_days: int):
    """Records (of a ``select(ReceptionRecord)``) whose row for the milestone is in ``state``: the list behind a count."""
    return sa.and_(
        ReceptionRecord.cancelled.is_(False),
        sa.exists().where(
            RecordMilestone.record_id == ReceptionRecord.id,
            RecordMilestone.milestone_id == milestone_id,
            state_case(today, yellow_days) == state,
        ),
    )


def report(user, today: date | None = None, yellow_days: int | None = None) -> dict[int, dict[str, int]]:
    """``{milestone_id: {state: number of records}}`` over the records ``user`` may see (one query)."""
    today = today or clock.today()
    yellow_days = workcal.rules().yellow_days if yellow_days is None else yellow_days
    visible_ids = visible_records(user).with_only_columns(ReceptionRecord.id)
    inner = (
        sa.select(RecordMilestone.milestone_id.label("milestone_id"), state_case(today, yellow_days).label("state"))
        .join(ReceptionRecord, ReceptionRecord.id == RecordMilestone.record_id)
        .where(ReceptionRecord.cancelled.is_(False), ReceptionRecord.id.in_(visible_ids))
        .subquery()
    )
    counts: dict[int, dict[str, int]] = {}
    for milestone_id, state, n in db.session.execute(
        sa.select(inner.c.milestone_id, inner.c.state, sa.func.count()).group_by(inner.c.milestone_id, inner.c.state)
    ):
        counts.setdefault(milestone_id, dict.fromkeys(STATES, 0))[state] = n
    return counts


def rows_for(record: ReceptionRecord, today: date, rules=None) -> list[tuple[RecordMilestone, str]]:
    """The record's rows of active milestones, in the milestones' order, with their states."""
    rows = db.session.scalars(
        sa.select(RecordMilestone)
        .join(RecordMilestone.milestone)
        .where(RecordMilestone.record_id == record.id, PetitionMilestone.active)
        .order_by(PetitionMilestone.sort_order, PetitionMilestone.id)
    ).all()
    return [(row, state_of(row, record, today, rules)) for row in rows]


def milestone_panels(user) -> list[dict]:
    """Red and yellow milestones of the records the user sees, each opening the records behind it."""
    if not user.has_role(Role.OFFICE, Role.LEADER, Role.HANDLER, Role.HEAD):
        return []
    milestones = active_milestones()
    if not milestones:
        return []
    counts = report(user)
    items = []
    for level in ("red", "yellow"):
        for m in milestones:
            n = counts.get(m.id, {}).get(level, 0)
            if n:
                items.append({
                    "label": f"办理节点“{m.name}”·{STATES[level] if level == 'red' else '临期'}",
                    "url": url_for("reception.records", milestone=m.id, mstate=level),
                    "count": n,
                    "level": level,
                })
    return [{"title": "信访办理节点", "items": items, "empty": "接访交办事项的办理节点均未超期、临期。"}]
