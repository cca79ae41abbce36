"""Problems found on a contact-point visit (联系点问题), each handed to a 处室 as a tracked task.

The path: 待交办 (found, no 处室 yet) → 办理中 (a 处室 and a deadline; progress notes) → 待领导审阅 (the 处室
reports it solved) → 已解决 (the point's leader accepts), or back to 办理中 when the leader does not.
A problem counts as *solved* only once the leader has accepted it.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import db
from models import audit
from rules.clock import utcnow
from rules.errors import Refused

from .org import Department, Role, User
from .reception import ContactPoint, ContactVisit, NoteMixin

PROBLEM_STATUS_LABELS = {
    "new": "待交办",
    "assigned": "办理中",
    "closed": "待领导审阅",
    "solved": "已解决",
}
# States in which the problem is still being worked on (it runs against its deadline).
PROBLEM_OPEN_STATES = ("new", "assigned")


class PointProblem(db.Model):
    __tablename__ = "point_problems"
    audit_type = "point_problem"

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(sa.ForeignKey("contact_points.id"), index=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("contact_visits.id"), index=True)
    description: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default="new", index=True)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    deadline: Mapped[date | None]
    assigned_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    closure: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed_on: Mapped[date | None]
    review_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    point: Mapped[ContactPoint] = relationship(lazy="joined")
    visit: Mapped[ContactVisit] = relationship()
    department: Mapped[Department | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()
    notes: Mapped[list["PointProblemNote"]] = relationship(
        back_populates="problem", order_by="PointProblemNote.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return f"联系点问题 #{self.id}"

    @property
    def status_label(self) -> str:
        return PROBLEM_STATUS_LABELS[self.status]

    @hybrid_property
    def is_open(self) -> bool:
        return self.status in PROBLEM_OPEN_STATES

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        return cls.status.in_(PROBLEM_OPEN_STATES)

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < today

    @classmethod
    def overdue_clause(cls, today: date):
        """SQL twin of :meth:`is_overdue`."""
        return sa.and_(cls.is_open, cls.deadline.is_not(None), cls.deadline < today)

    # -- who may do what ----------------------------------------------------------------

    def _is_dept_user(self, user) -> bool:
        return self.department_id is not None and user.department_id == self.department_id and user.has_role(Role.HANDLER, Role.HEAD)

    def _is_point_leader(self, user) -> bool:
        return user.has_role(Role.LEADER) and self.point.leader_id == user.id

    def can(self, user, action: str = "view") -> bool:
        """view: the office, the point's leader, the assigned 处室. manage (assign): the office and the leader.
        respond (progress, report solved): the assigned 处室 and the office. review: the point's leader."""
        if not getattr(user, "is_authenticated", False):
            return False
        office = user.has_role(Role.OFFICE)
        if action == "view":
            return office or self._is_point_leader(user) or self._is_dept_user(user)
        if action == "manage":
            return office or self._is_point_leader(user)
        if action == "respond":
            return office or self._is_dept_user(user)
        if action == "review":
            return self._is_point_leader(user)
        return False

    # -- verbs ---------------------------------------------------------------------------

    @classmethod
    def found_on(cls, visit: ContactVisit, description: str, user) -> "PointProblem":
        """A problem found on a visit that took place."""
        if visit.status.value != "done":
            raise Refused("请先登记走访情况，再登记走访中发现的问题。")
        description = (description or "").strip()
        if not description:
            raise Refused("请填写发现的问题。")
        problem = cls(point=visit.point, point_id=visit.point_id, visit=visit, description=description, status="new", created_by=user)
        db.session.add(problem)
        db.session.flush()
        audit.record("create", problem, summary=f"登记{visit.point.name}走访（{visit.visit_date:%Y-%m-%d}）发现的问题：{description[:100]}")
        return problem

    def assign(self, department: Department, deadline: date, today: date) -> None:
        """Hand the problem to a 处室 with a deadline (again, to another 处室, while it is not yet reported solved)."""
        if not self.is_open:
            raise Refused(f"该问题{self.status_label}，不能再交办。")
        if deadline is None:
            raise Refused("请填写办理期限。")
        if deadline < today:
            raise Refused("办理期限不能早于今天。")
        old = self.department.name if self.department else ""
        self.department = department
        self.department_id = department.id
        self.deadline = deadline
        self.assigned_on = today
        self.status = "assigned"
        audit.record(
            "assign", self, summary=f"交办{department.name}，办理期限 {deadline:%Y-%m-%d}",
            changes={"department_id": [old, department.name], **audit.diff(self, fields={"deadline"})},
        )

    def add_progress(self, text: str, user) -> "PointProblemNote":
        if self.status != "assigned":
            raise Refused("交办处室后、报告解决前才能记录办理进展。")
        text = (text or "").strip()
        if not text:
            raise Refused("请填写办理进展。")
        note = PointProblemNote(problem=self, user=user, text=text)
        db.session.add(note)
        audit.record("progress", self, summary=f"办理进展：{text[:200]}")
        return note

    def close(self, closure: str, on: date, today: date) -> None:
        """The 处室 reports the problem solved; the point's leader reviews it."""
        if self.status != "assigned":
            raise Refused("只有交办处室办理中的问题可以报告解决。")
        closure = (closure or "").strip()
        if not closure:
            raise Refused("请填写解决情况。")
        if on > today or (self.assigned_on and on < self.assigned_on):
            raise Refused("解决日期须在交办日期之后、今天或之前。")
        self.closure = closure
        self.closed_on = on
        self.status = "closed"
        audit.record("report_solved", self, summary=f"报告已解决（{on:%Y-%m-%d}）：{closure[:200]}", changes=audit.diff(self, fields={"status", "closed_on"}))

    def review(self, accept: bool, note: str, today: date) -> None:
        """The point's leader accepts the closure (已解决) or sends it back to the 处室 (办理中)."""
        if self.status != "closed":
            raise Refused("处室报告解决后才能审阅。")
        note = (note or "").strip()
        if not accept and not note:
            raise Refused("退回重办须说明理由。")
        self.review_note = note
        self.reviewed_on = today
        if accept:
            self.status = "solved"
            audit.record("problem_review", self, summary="领导审阅：认可，问题已解决" + (f"。{note}" if note else ""))
        else:
            self.status = "assigned"
            self.closed_on = None
            audit.record("problem_review", self, summary=f"领导审阅：退回重办。{note}")


class PointProblemNote(NoteMixin, db.Model):
    """A progress note on a contact-point problem."""

    __tablename__ = "point_problem_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(sa.ForeignKey("point_problems.id", ondelete="CASCADE"), index=True)

    problem: Mapped[PointProblem] = relationship(back_populates="notes")


def visible_problems(user):
    """SQL twin of ``PointProblem.can(user, "view")``."""
    stmt = sa.select(PointProblem)
    if not getattr(user, "is_authenticated", False):
        return stmt.where(sa.false())
    if user.has_role(Role.OFFICE):
        return stmt
    conditions = []
    if user.has_role(Role.LEADER):
        conditions.append(PointProblem.point_id.in_(sa.select(ContactPoint.id).where(ContactPoint.leader_id == user.id)))
    if user.department_id is not None and user.has_role(Role.HANDLER, Role.HEAD):
        conditions.append(PointProblem.department_id == user.department_id)
    return stmt.where(sa.or_(*conditions) if conditions else sa.false())
