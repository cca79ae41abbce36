"""Reception records (接访记录) across models: registering one (with its 交办 and local milestones) and
correcting one (its petition clock and milestones follow the reception date)."""
from __future__ import annotations

from extensions import db
from models import audit
from models.org import Department, User
from models.reception import PETITION_CATEGORIES, ReceptionBooking, ReceptionDay, ReceptionRecord, RecordKind
from rules import clock
from rules.errors import Refused
from services.reception import milestones
from services.reception import schedule


def register(user: User, values: dict, *, day: ReceptionDay | None, booking: ReceptionBooking | None,
             department_id: int | None) -> ReceptionRecord:
    """A new record by ``user`` (``values``: kind, leader_id, received_on, starts_at, …), audited, and assigned
    to the 处室 ``department_id`` when one is given."""
    leader = db.session.get(User, values.get("leader_id"))
    if leader is None or not leader.is_leader:
        raise Refused("请选择接访领导", field="leader_id")
    record = ReceptionRecord(created_by=user)
    record.day = day if values.get("kind") == RecordKind.ONSITE else None
    record.booking = booking
    for key, value in values.items():
        setattr(record, key, value)
    db.session.add(record)
    audit.record("create", record, summary=f"登记{record.kind.label}：{record.visitors or '（来访人待补）'}，{leader.name}")
    if department_id:
        department = db.session.get(Department, department_id)
        record.assign(department, clock.today(), schedule.working_calendar(), schedule.deadline_rules())
        milestones.sync_record(record)
    return record


def correct(record: ReceptionRecord, values: dict) -> bool:
    """Correct a record's registration; its deadlines follow the reception date. Audited when something changed,
    which it answers."""
    for key, value in values.items():
        setattr(record, key, value)
    changes = audit.diff(record)
    if "category" in changes:  # the timeline reads 噪声 → 大气, not noise → air
        changes["category"] = [PETITION_CATEGORIES.get(v or "", "未分类") for v in changes["category"]]
    # A corrected reception date moves the petition clock with it.
    record.recompute_deadlines(schedule.working_calendar(), schedule.deadline_rules())
    milestones.sync_record(record)  # local milestones count from the reception date too
    if changes:
        audit.record("update", record, summary=f"修改{record.kind.label}记录", changes=changes)
    return bool(changes)
