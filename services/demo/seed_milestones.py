"""Demo: the "1、2、4" local petition milestones and how the demo's reception records stand against them."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from extensions import db
from models.milestones import PetitionMilestone, RecordMilestone
from models.reception import ReceptionRecord
from rules import clock
from services.reception import milestones


def seed_milestones(context: dict) -> str:
    specs = context["story"].petition_milestones
    for i, spec in enumerate(specs):
        db.session.add(PetitionMilestone(name=spec["name"], days=spec["days"], working_days=spec["working_days"], sort_order=i + 1))
    db.session.flush()
    records = db.session.scalars(
        sa.select(ReceptionRecord).where(ReceptionRecord.department_id.is_not(None)).order_by(ReceptionRecord.received_on, ReceptionRecord.id)
    ).all()
    milestones.sync_records(records)
    db.session.flush()
    today = clock.today()
    rows = db.session.scalars(sa.select(RecordMilestone).join(RecordMilestone.milestone).order_by(RecordMilestone.record_id, PetitionMilestone.sort_order)).all()
    order = {r.id: k for k, r in enumerate(records)}
    by_id = {r.id: r for r in records}
    done = 0
    for row in rows:
        record, k, i = by_id[row.record_id], order[row.record_id], row.milestone.sort_order - 1
        last = min(today, record.finished_on or today)
        if record.finished_on is not None:
            if i == 2 and k % 4 == 3:
                continue  # closed without the written reply being recorded: "missed"
            # Closed records: most steps on time; some replied, or first contacted, a few days late.
            late = (i == 2 and k % 3 == 0) or (i == 0 and k % 5 == 2)
            on = row.due_on + timedelta(days=2 if i == 0 else 3) if late else record.received_on + timedelta(days=max(1, row.milestone.days - 3))
        elif i == 0 and k % 2 == 1:
            # Open records: every other petitioner was contacted in time; the site investigations are still to do.
            on = record.received_on + timedelta(days=max(1, row.milestone.days - 2))
        else:
            continue
        on = min(on, last)
        if on < record.received_on or on > today:
            continue
        row.done_on = on
        row.note = "已电话联系来访人，告知办理进度。" if i == 0 else ""
        done += 1
    return f"信访办理节点 {len(specs)} 个（“1、2、4”），已跟踪 {len({r.record_id for r in rows})} 件接访事项、已完成节点 {done} 个"
