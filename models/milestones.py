"""Local petition milestones (信访办理节点): stricter steps a bureau sets beside the statutory clock, such as
"1、2、4" — contact the petitioner within 1 week, investigate on site within 2 weeks, reply within 4 weeks.

The admin defines the milestones; every reception record assigned to a 处室 gets one row per active
milestone with its due date (counted from the day of the reception), marked done with a date by the 处室.
How a row is coloured and counted is defined once, in ``services.reception.milestones``.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import db
from models import audit
from rules.clock import utcnow
from rules.errors import Refused

from .org import User
from .reception import ReceptionRecord


class PetitionMilestone(db.Model):
    """One local milestone: a name and a number of working or calendar days from the reception."""

    __tablename__ = "petition_milestones"
    audit_type = "petition_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(50))
    days: Mapped[int]
    working_days: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name

    @property
    def period_label(self) -> str:
        """"7 日内" / "5 个工作日内" (rendered from the stored rule)."""
        return f"{self.days} 个工作日内" if self.working_days else f"{self.days} 日内"

    @classmethod
    def create(cls, **values) -> "PetitionMilestone":
        """A new milestone (name, days, working_days, sort_order, active), audited."""
        milestone = cls(**values)
        db.session.add(milestone)
        audit.record("create", milestone, summary=f"新建信访办理节点“{milestone.name}”：{milestone.period_label}")
        db.session.flush()
        return milestone

    def edit(self, **values) -> bool:
        """Change the milestone's rule; audited when something changed, which it answers."""
        for key, value in values.items():
            setattr(self, key, value)
        changes = audit.diff(self)
        if changes:
            audit.record("update", self, summary=f"修改信访办理节点“{self.name}”", changes=changes)
            db.session.flush()
        return bool(changes)


class RecordMilestone(db.Model):
    """A reception record against one milestone: its due date and, once done, the date it was done."""

    __tablename__ = "record_milestones"
    __table_args__ = (
        sa.UniqueConstraint("record_id", "milestone_id", name="uq_record_milestones_record_milestone"),
        sa.Index("ix_record_milestones_milestone_due", "milestone_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("reception_records.id", ondelete="CASCADE"), index=True)
    milestone_id: Mapped[int] = mapped_column(sa.ForeignKey("petition_milestones.id", ondelete="CASCADE"))
    due_on: Mapped[date]
    done_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    done_at: Mapped[datetime | None]

    record: Mapped[ReceptionRecord] = relationship()
    milestone: Mapped[PetitionMilestone] = relationship(lazy="joined")
    done_by: Mapped[User | None] = relationship()

    def can(self, user, action: str = "view") -> bool:
        """As its record: whoever sees the record sees it; whoever responds for the record marks it done."""
        return self.record.can(user, "view" if action == "view" else "respond")

    def mark_done(self, on: date, note: str, today: date, user) -> None:
        """The 处室 (or the office) records that the step was done on ``on``."""
        record = self.record
        if record.cancelled:
            raise Refused("该记录已取消。")
        if self.done_on is not None:
            raise Refused(f"“{self.milestone.name}”已于 {self.done_on:%Y-%m-%d} 完成。")
        if on is None or on < record.received_on or on > today:
            raise Refused("完成日期须在接访日期之后、今天或之前。")
        self.done_on = on
        self.note = (note or "").strip()
        self.done_by = user
        self.done_at = utcnow()
        late = "（超过节点期限）" if on > self.due_on else ""
        audit.record(
            "milestone_done",
            record,
            summary=f"完成办理节点“{self.milestone.name}”（{on:%Y-%m-%d}，节点期限 {self.due_on:%Y-%m-%d}）{late}"
            + (f"。{self.note}" if self.note else ""),
            changes={"milestone_done_on": [None, on]},
        )
