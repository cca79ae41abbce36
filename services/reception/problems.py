"""Contact-point problems handed to 处室 (联系点问题): the one query per figure that the workbench counts, the
problem list and each leader's year (蹲点调研) use alike, and the 工作台 panels.

A figure is a condition (:func:`clause`) on the problems the user may see (``visible_problems``); a count is
that query counted, and the list it opens is that query listed — so "共 N 件" on the list is the count.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from extensions import db
from models.org import Role, User
from models.point_problems import PROBLEM_STATUS_LABELS, PointProblem, visible_problems
from models.reception import ContactPoint, ContactVisit, VisitStatus, visible_points
from rules import clock
from services.reception import schedule as reception_rules

P = PointProblem
FIGURES = {
    "all": "全部问题",
    "new": "待交办",
    "assigned": "办理中",
    "overdue": "超期未解决",
    "closed": "待领导审阅",
    "solved": "已解决",
}


@dataclass(frozen=True)
class Scope:
    """Which problems: of one point, of one leader's points, of one year's points (any may be None)."""

    point_id: int | None = None
    leader_id: int | None = None
    year: int | None = None


def clause(key: str, today: date | None = None) -> sa.ColumnElement[bool]:
    today = today or clock.today()
    if key == "all":
        return sa.true()
    if key == "overdue":
        return P.overdue_clause(today)
    if key in PROBLEM_STATUS_LABELS:
        return P.status == key
    raise KeyError(key)


def _scoped(user, scope: Scope) -> sa.Select:
    stmt = visible_problems(user)
    if scope.point_id:
        stmt = stmt.where(P.point_id == scope.point_id)
    if scope.leader_id or scope.year:
        points = sa.select(ContactPoint.id)
        if scope.leader_id:
            points = points.where(ContactPoint.leader_id == scope.leader_id)
        if scope.year:
            points = points.where(ContactPoint.year == scope.year)
        stmt = stmt.where(P.point_id.in_(points))
    return stmt


def problem_query(user, key: str = "all", scope: Scope = Scope()) -> sa.Select:
    """The problems behind one figure: open ones by deadline first, then the newest."""
    return _scoped(user, scope).where(clause(key)).options(selectinload(P.visit)).order_by(
        sa.case((P.is_open, 0), else_=1),
        P.deadline.is_(None), P.deadline, P.id.desc(),
    )


def counts(user, keys=tuple(FIGURES), scope: Scope = Scope()) -> dict[str, int]:
    """Several figures in one query over the same problems the lists show."""
    columns = [sa.func.coalesce(sa.func.sum(sa.case((clause(k), 1), else_=0)), 0).label(k) for k in keys]
    row = db.session.execute(_scoped(user, scope).with_only_columns(*columns)).one()
    return {k: int(v) for k, v in row._mapping.items()}


# -- each leader's year (蹲点调研) ------------------------------------------------------------------


@dataclass
class LeaderYear:
    leader: User
    year: int
    points: list[ContactPoint]
    cells: dict  # point id → quarter cells (visits done / planned against the target)
    quarters: list[tuple[int, int]]  # per quarter: (visits done, visits required) over all the points
    visits: list[ContactVisit]
    figures: dict[str, int]
    problems: list[PointProblem]

    @property
    def visits_done(self) -> int:
        return sum(done for done, _ in self.quarters)

    @property
    def visits_required(self) -> int:
        return sum(required for _, required in self.quarters)


def leader_year(user, leader: User, year: int) -> LeaderYear:
    """A leader's contact points of a year: visits per quarter against the target, problems found and solved."""
    points = db.session.scalars(
        visible_points(user).where(ContactPoint.leader_id == leader.id, ContactPoint.year == year, ContactPoint.active).order_by(ContactPoint.id)
    ).all()
    cells = reception_rules.quarterly_progress(points, clock.today())
    quarters = [(sum(cells[p.id][q].done for p in points), sum(p.visits_per_quarter for p in points)) for q in range(4)]
    visits = db.session.scalars(
        sa.select(ContactVisit).where(ContactVisit.point_id.in_([p.id for p in points]), ContactVisit.status == VisitStatus.DONE)
        .order_by(ContactVisit.visit_date)
    ).all() if points else []
    scope = Scope(leader_id=leader.id, year=year)
    return LeaderYear(leader, year, points, cells, quarters, visits, counts(user, scope=scope),
                      db.session.scalars(problem_query(user, "all", scope)).all())


# -- 工作台 ---------------------------------------------------------------------------------------


def _item(label: str, key: str, count: int, level: str | None) -> dict:
    return {"label": label, "url": url_for("reception.problems", status=key), "count": count, "level": level}


def problem_panels(user) -> list[dict]:
    """One panel per role: what is waiting for this user, each count opening the list that states it."""
    if user.is_office:
        spec = [("联系点问题·待交办处室", "new", None), ("联系点问题·超期未解决", "overdue", "red"), ("联系点问题·待领导审阅", "closed", None)]
        title = "联系点问题"
    elif user.has_role(Role.LEADER):
        spec = [("待我审阅（处室已报告解决）", "closed", "yellow"), ("待交办处室", "new", "yellow"), ("超期未解决", "overdue", "red"),
                ("办理中", "assigned", "green")]
        title = "我的联系点问题"
    elif user.is_department_staff:
        spec = [("超期未解决", "overdue", "red"), ("办理中", "assigned", "green")]
        title = f"联系点问题 · {user.department.name}"
    else:
        return []
    c = counts(user, [key for _, key, _ in spec])
    items = [_item(label, key, c[key], level) for label, key, level in spec if c[key]]
    return [{"title": title, "items": items, "empty": "暂无待办的联系点问题。"}]
