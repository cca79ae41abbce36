"""Statistics of items: the three rates, what they can hide, and the lists behind every figure.

Every figure is a *clause* on ``Proposal`` (``FIGURES[key].clause``). The dashboard counts them with
``count(*) FILTER (WHERE clause)`` in a fixed handful of GROUP BY queries; the list behind a figure is
``figure_query(key, filters, user)`` — ``select(Proposal).where(base, clause)``. Same clause, same
base: a figure and its list cannot disagree.

The facts themselves (overdue, replied on time, contacted before the reply, the lead proposer's rating,
answered) are defined once in ``services.proposal_queries``; this module only combines them.

How items count (the rules the office signs off on)
----------------------------------------------------
* **Period**: an item belongs to the 届次 (``session_name``) or the year (``year``) it was raised in.
* **Scope**: a 处室's figures count the items it leads (主办处室 — the 处室 that answers); a leader's
  figures count the items whose lead 处室 is in their charge, plus those they are responsible for (定领导)
  or lead (领办). Whatever the scope, only items the user may see (``visible_to``).
* **Each item counts once, in the state of its latest round.** After 不满意 the item is re-handled:
  while the new round is open it is *not* answered (it leaves 沟通率's and 按时办结率's “replied”
  until the new reply goes out — and enters 按时办结率 as overdue if the re-handling deadline passes
  first); once re-answered, the new reply's date is judged against the re-handling deadline (or its
  approved extension). For 满意率 the lead proposer's rating of the latest rated round counts, so a
  re-handled item counts as 不满意 until the lead proposer rates the new answer.
* **沟通率** = 主办/分办 items answered with at least one contact dated on or before the day the
  (latest) reply was sent ÷ 主办/分办 items answered. 会办 and 参阅 items are left out; a contact dated
  after the reply does not count.
* **按时办结率** = items answered on or before their effective deadline (approved extension, else the
  re-handling deadline, else the statutory one) ÷ (items answered + open items already past that deadline).
  A reply sent on the deadline day is on time. 会办 items count with their co-handling deadline
  (their opinion is their answer); 参阅 items have no deadline and never count. Withdrawn and merged
  items are left out.
* **满意率** = items whose lead proposer rated the result 满意 or 基本满意 ÷ 主办/分办 items the lead
  proposer has rated. Ratings of co-signers do not count. Shown beside it: 满意 alone and the
  attitude rating (态度满意率, 满意+基本满意).
* **A/B/C/D**: the class of the latest reply sent (主办/分办, not withdrawn/merged).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import sqlalchemy as sa

from extensions import db
from models.org import Department, User, leader_departments
from models.proposals import ANSWERING_ROLES, KIND_LABELS, OPEN_STATES, STATE_LABELS, Proposal
from services import clock, workcal
from services import proposal_queries as q

ENDED_ELSEWHERE = ("withdrawn", "merged")


# ---------------------------------------------------------------------------
# Filters: period, type, scope


@dataclass
class Filters:
    """What the figures are about. ``department`` is a 处室 id or ``"none"`` (not yet assigned)."""

    year: int | None = None  # 0: every year
    session: str = ""
    kind: str = "all"
    department: int | str | None = None
    leader: int | None = None
    month: str = ""  # YYYY-MM (交办 month), the chart's drill-down

    @classmethod
    def from_args(cls, args, user=None) -> "Filters":
        def _int(name):
            value = (args.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        department = (args.get("department") or "").strip()
        month = (args.get("month") or "").strip()
        f = cls(
            year=0 if args.get("year") == "all" else _int("year"),
            session=(args.get("session") or "").strip()[:64],
            kind=args.get("kind") if args.get("kind") in KIND_LABELS else "all",
            department="none" if department == "none" else _int("department"),
            leader=_int("leader"),
            month=month if _valid_month(month) else "",
        )
        if user is not None and "department" not in args and "leader" not in args:
            f.department, f.leader = default_scope(user)
        return f

    def args(self, **override) -> dict:
        """Query-string arguments (for links), without empty values."""
        values = {
            "year": "all" if self.year == 0 else self.year, "session": self.session or None, "kind": None if self.kind == "all" else self.kind,
            "department": self.department, "leader": self.leader, "month": self.month or None,
        }
        values.update(override)
        return {k: v for k, v in values.items() if v not in (None, "")}

    @property
    def period_label(self) -> str:
        if self.session:
            return self.session
        return f"{self.year}年" if self.year else "全部年度"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "建议和提案")


def _valid_month(text: str) -> bool:
    try:
        y, m = text.split("-")
        return len(y) == 4 and 1 <= int(m) <= 12 and 2000 <= int(y) <= 2100
    except ValueError:
        return False


def default_scope(user) -> tuple[int | None, int | None]:
    """The office sees the whole bureau; a leader their own items; 处室 staff their 处室's."""
    if user.is_office:
        return None, None
    if user.is_leader:
        return None, user.id
    if user.is_department_staff:
        return user.department_id, None
    return None, None


def leader_items_clause(leader_id: int) -> sa.ColumnElement[bool]:
    """A leader's items for statistics: lead 处室 in their charge, or they are 定领导 or 领办领导."""
    in_charge = sa.select(leader_departments.c.department_id).where(leader_departments.c.user_id == leader_id)
    return sa.or_(
        Proposal.responsible_leader_id == leader_id,
        Proposal.leading_leader_id == leader_id,
        Proposal.lead_department_id.in_(in_charge),
    )


def _leader_item_pairs():
    """(leader_id, proposal_id) for every leader an item counts under — the GROUP BY twin of ``leader_items_clause``."""
    return sa.union(
        sa.select(Proposal.responsible_leader_id.label("leader_id"), Proposal.id.label("pid")).where(Proposal.responsible_leader_id.is_not(None)),
        sa.select(Proposal.leading_leader_id.label("leader_id"), Proposal.id.label("pid")).where(Proposal.leading_leader_id.is_not(None)),
        sa.select(leader_departments.c.user_id.label("leader_id"), Proposal.id.label("pid")).join(
            leader_departments, leader_departments.c.department_id == Proposal.lead_department_id
        ),
    ).subquery("leader_items")


def base_clause(f: Filters, user) -> sa.ColumnElement[bool]:
    """The items a dashboard is about: visible to ``user``, in the period, type and scope."""
    clauses = [q.visible_to(user)]
    if f.session:
        clauses.append(Proposal.session_name == f.session)
    elif f.year:
        clauses.append(Proposal.year == f.year)
    if f.kind in KIND_LABELS:
        clauses.append(Proposal.kind == f.kind)
    if f.department == "none":
        clauses.append(Proposal.lead_department_id.is_(None))
    elif f.department:
        clauses.append(Proposal.lead_department_id == f.department)
    if f.leader:
        clauses.append(leader_items_clause(f.leader))
    if f.month:
        y, m = (int(x) for x in f.month.split("-"))
        start = date(y, m, 1)
        end = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        clauses.append(sa.and_(Proposal.assigned_on >= start, Proposal.assigned_on < end))
    return sa.and_(*clauses)


# ---------------------------------------------------------------------------
# Figures: one clause per figure


@dataclass(frozen=True)
class Ctx:
    today: date
    yellow_days: int


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    clause: Callable[[Ctx], sa.ColumnElement[bool]]
    note: str = ""


def _answered_answering(ctx):
    return sa.and_(q.answered_clause(), Proposal.bureau_role.in_(ANSWERING_ROLES))


def _rated(ctx):
    return sa.and_(Proposal.bureau_role.in_(ANSWERING_ROLES), Proposal.state.not_in(ENDED_ELSEWHERE), q.lead_rating_clause("result"))


def _rated_as(column, values):
    return lambda ctx: sa.and_(_rated(ctx), q.lead_rating_clause(column, values))


def _class(letter):
    return lambda ctx: sa.and_(
        Proposal.bureau_role.in_(ANSWERING_ROLES), Proposal.state.not_in(ENDED_ELSEWHERE), q.latest_reply_class_clause(letter)
    )


def _state(state, *extra):
    return lambda ctx: sa.and_(Proposal.state == state, *extra)


SATISFIED = ("satisfied", "basically")

_FIGURES = [
    Figure("total", "件数", lambda ctx: sa.true()),
    Figure("key", "重点件", lambda ctx: Proposal.is_key.is_(True)),
    # 沟通率
    Figure("comm_den", "已答复的主办/分办件", _answered_answering, "沟通率的分母"),
    Figure("comm_num", "答复前已与代表/委员沟通", lambda ctx: sa.and_(_answered_answering(ctx), q.contacted_before_reply_clause()), "沟通率的分子"),
    Figure("comm_missing", "答复前未沟通", lambda ctx: sa.and_(_answered_answering(ctx), sa.not_(q.contacted_before_reply_clause()))),
    # 按时办结率
    Figure("ontime_den", "已答复件 + 超期未答复件", lambda ctx: sa.or_(q.answered_clause(), q.overdue_clause(ctx.today)), "按时办结率的分母"),
    Figure("ontime_num", "按期答复", lambda ctx: sa.and_(q.answered_clause(), q.replied_on_time_clause()), "按时办结率的分子"),
    Figure("late_replied", "逾期答复", lambda ctx: sa.and_(q.answered_clause(), sa.not_(q.replied_on_time_clause()))),
    Figure("answered", "已答复（含办结）", lambda ctx: q.answered_clause()),
    Figure("overdue", "超期未答复", lambda ctx: q.overdue_clause(ctx.today)),
    Figure("yellow", "临期（黄色预警）", lambda ctx: q.level_clause("yellow", ctx.yellow_days, ctx.today)),
    Figure("open_ok", "在办未超期", lambda ctx: sa.and_(Proposal.state.in_(OPEN_STATES), sa.not_(q.overdue_clause(ctx.today)))),
    # 满意率
    Figure("sat_den", "领衔代表/第一提案人已反馈", _rated, "满意率的分母"),
    Figure("sat_num", "满意或基本满意", lambda ctx: sa.and_(_rated(ctx), q.lead_satisfied_clause(SATISFIED)), "满意率的分子"),
    Figure("sat_only", "满意", _rated_as("result", ("satisfied",))),
    Figure("sat_basic", "基本满意", _rated_as("result", ("basically",))),
    Figure("unsatisfied", "不满意", _rated_as("result", ("unsatisfied",))),
    Figure("att_num", "办理态度满意或基本满意", _rated_as("attitude", SATISFIED)),
    Figure("awaiting_feedback", "已答复待反馈", lambda ctx: q.awaiting_feedback_clause()),
    # What the rates can hide
    Figure("class_any", "已答复并分类", _class(None)),
    *[Figure(f"class_{c}", f"{c}类", _class(c)) for c in "ABCD"],
    Figure("commit_open", "B/C类承诺未完成", lambda ctx: sa.and_(Proposal.state.not_in(ENDED_ELSEWHERE), q.open_commitments_clause())),
    Figure("commit_late", "承诺逾期未完成", lambda ctx: sa.and_(Proposal.state.not_in(ENDED_ELSEWHERE), q.open_commitments_clause(True, ctx.today))),
    # States (a partition of the items: they add up to 件数)
    Figure("state_unassigned", "待四定", _state("assigned", Proposal.lead_department_id.is_(None))),
    Figure("state_assigned", "待签收", _state("assigned", Proposal.lead_department_id.is_not(None))),
    *[Figure(f"state_{s}", "已答复·征询中" if s == "replied" else label, _state(s)) for s, label in STATE_LABELS.items() if s != "assigned"],
    Figure("ended", "撤回或并案", lambda ctx: Proposal.state.in_(ENDED_ELSEWHERE)),
]
FIGURES: dict[str, Figure] = {f.key: f for f in _FIGURES}
STATE_FIGURES = ["state_unassigned", "state_assigned"] + [f"state_{s}" for s in STATE_LABELS if s != "assigned"]
CLASS_FIGURES = [f"class_{c}" for c in "ABCD"]
# Figures of each breakdown row (by 处室, by leader).
ROW_FIGURES = [
    "total", "comm_num", "comm_den", "ontime_num", "ontime_den", "sat_num", "sat_den", "sat_only", "att_num",
    "overdue", "yellow", "awaiting_feedback", "commit_open", "class_A", "class_any",
]
# The chart of items per month, stacked by what became of them.
MONTH_BUCKETS = [
    ("overdue", "超期未答复"), ("open_ok", "在办未超期"), ("state_replied", "已答复·征询中"), ("state_closed", "办结"), ("ended", "撤回或并案"),
]


def context() -> Ctx:
    return Ctx(today=clock.today(), yellow_days=workcal.rules().yellow_days)


def figure_clause(key: str, ctx: Ctx | None = None) -> sa.ColumnElement[bool]:
    return FIGURES[key].clause(ctx or context())


def figure_query(key: str, f: Filters, user, ctx: Ctx | None = None) -> sa.Select:
    """The items behind a figure: the dashboard counts this, the list shows it."""
    return sa.select(Proposal).where(base_clause(f, user), figure_clause(key, ctx))


# ---------------------------------------------------------------------------
# Counting


@dataclass
class Rate:
    num: int
    den: int
    num_key: str = ""
    den_key: str = ""

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else None

    @property
    def pct(self) -> str:
        """“96.2%”, “100%”, or “—” when nothing is counted."""
        if not self.den:
            return "—"
        v = self.num * 100 / self.den
        return "100%" if self.num == self.den else f"{v:.1f}%"

    @property
    def text(self) -> str:
        return f"{self.pct}（{self.num}/{self.den}）"

    @property
    def level(self) -> str:
        if not self.den:
            return "none"
        return "full" if self.num == self.den else ("high" if self.num * 100 >= 90 * self.den else "low")


@dataclass
class Counts:
    """Counts of figures for one group (the whole scope, a 处室, a leader)."""

    values: dict[str, int] = field(default_factory=dict)
    key: object = None
    label: str = ""

    def __getitem__(self, key: str) -> int:
        return self.values.get(key, 0)

    def rate(self, num: str, den: str) -> Rate:
        return Rate(self[num], self[den], num, den)

    @property
    def comm(self) -> Rate:
        return self.rate("comm_num", "comm_den")

    @property
    def ontime(self) -> Rate:
        return self.rate("ontime_num", "ontime_den")

    @property
    def sat(self) -> Rate:
        return self.rate("sat_num", "sat_den")

    @property
    def sat_only(self) -> Rate:
        return self.rate("sat_only", "sat_den")

    @property
    def attitude(self) -> Rate:
        return self.rate("att_num", "sat_den")

    @property
    def class_a(self) -> Rate:
        return self.rate("class_A", "class_any")


def _columns(keys, ctx):
    return [sa.func.count().filter(FIGURES[k].clause(ctx)).label(f"f{i}") for i, k in enumerate(keys)]


def _values(row, keys, offset: int) -> dict[str, int]:
    return {k: int(row[offset + i] or 0) for i, k in enumerate(keys)}


def count(f: Filters, user, keys=None, ctx: Ctx | None = None) -> Counts:
    """All ``keys`` (default: every figure) for the scope, in one query."""
    ctx = ctx or context()
    keys = list(keys or FIGURES)
    row = db.session.execute(sa.select(*_columns(keys, ctx)).select_from(Proposal).where(base_clause(f, user))).one()
    return Counts(_values(row, keys, 0))


def by_department(f: Filters, user, keys=ROW_FIGURES, ctx: Ctx | None = None) -> list[Counts]:
    """One row per lead 处室 (and one for items not yet assigned), in the 处室's order."""
    ctx = ctx or context()
    keys = list(keys)
    stmt = (
        sa.select(Proposal.lead_department_id, Department.name, Department.sort_order, *_columns(keys, ctx))
        .select_from(Proposal)
        .outerjoin(Department, Department.id == Proposal.lead_department_id)
        .where(base_clause(f, user))
        .group_by(Proposal.lead_department_id, Department.name, Department.sort_order)
        .order_by(Proposal.lead_department_id.is_(None), Department.sort_order, Department.name)
    )
    return [
        Counts(_values(r, keys, 3), key=r[0] if r[0] is not None else "none", label=r[1] or "（未四定）")
        for r in db.session.execute(stmt)
    ]


def by_leader(f: Filters, user, keys=ROW_FIGURES, ctx: Ctx | None = None) -> list[Counts]:
    """One row per leader an item counts under (``leader_items_clause``): an item may count under several."""
    ctx = ctx or context()
    keys = list(keys)
    pairs = _leader_item_pairs()
    stmt = (
        sa.select(pairs.c.leader_id, User.name, User.title, *_columns(keys, ctx))
        .select_from(Proposal)
        .join(pairs, pairs.c.pid == Proposal.id)
        .join(User, User.id == pairs.c.leader_id)
        .where(base_clause(f, user))
        .group_by(pairs.c.leader_id, User.name, User.title)
        .order_by(pairs.c.leader_id)
    )
    return [Counts(_values(r, keys, 3), key=r[0], label=f"{r[2]}{r[1]}" if r[2] else r[1]) for r in db.session.execute(stmt)]


def by_month(f: Filters, user, ctx: Ctx | None = None) -> list[dict]:
    """Items per 交办 month, split into ``MONTH_BUCKETS`` (one query). Months without items in between are kept."""
    ctx = ctx or context()
    bucket = sa.case(*[(FIGURES[k].clause(ctx), k) for k, _ in MONTH_BUCKETS], else_="other")
    # Grouped over a subquery: PostgreSQL would not match a GROUP BY expression that has bound parameters.
    inner = sa.select(
        sa.extract("year", Proposal.assigned_on).label("y"), sa.extract("month", Proposal.assigned_on).label("m"), bucket.label("b")
    ).where(base_clause(f, user)).subquery()
    stmt = sa.select(inner.c.y, inner.c.m, inner.c.b, sa.func.count()).group_by(inner.c.y, inner.c.m, inner.c.b)
    cells: dict[tuple[int, int], dict[str, int]] = {}
    for yy, mm, b, n in db.session.execute(stmt):
        cells.setdefault((int(yy), int(mm)), {})[b] = int(n)
    if not cells:
        return []
    first, last = min(cells), max(cells)
    months = []
    cur = first
    while cur <= last:
        counts = cells.get(cur, {})
        months.append({"month": f"{cur[0]}-{cur[1]:02d}", "label": f"{cur[1]}月" if first[0] == last[0] else f"{cur[0]}.{cur[1]}",
                       "counts": counts, "total": sum(counts.values())})
        cur = (cur[0] + 1, 1) if cur[1] == 12 else (cur[0], cur[1] + 1)
    return months


def period_options(user) -> dict:
    """Years and 届次 the user has items in (for the period selector)."""
    rows = db.session.execute(
        sa.select(Proposal.year, Proposal.session_name, Proposal.kind).where(q.visible_to(user)).distinct()
    ).all()
    years = sorted({r[0] for r in rows}, reverse=True)
    sessions = sorted({(r[0], r[1], r[2]) for r in rows if r[1]}, key=lambda r: (-r[0], r[2], r[1]))
    return {"years": years, "sessions": [{"name": s, "year": y, "kind": k} for y, s, k in sessions]}


def default_period(f: Filters, options: dict) -> Filters:
    """No period chosen: this year if there are items in it, else the latest year that has some."""
    if f.year is not None or f.session:
        return f
    this_year = clock.today().year
    years = options["years"]
    f.year = this_year if (this_year in years or not years) else years[0]
    return f


def dashboard(f: Filters, user) -> dict:
    """Everything the dashboard shows, in a fixed number of queries whatever the number of items."""
    ctx = context()
    totals = count(f, user, ctx=ctx)
    departments = by_department(f, user, ctx=ctx)
    leaders = by_leader(f, user, ctx=ctx) if user.is_office and not f.leader else []
    months = by_month(f, user, ctx=ctx)
    return {"totals": totals, "departments": departments, "leaders": leaders, "months": months, "ctx": ctx}


def scope_label(f: Filters) -> str:
    """“全厅”, a 处室's name or a leader's name, for headings."""
    if f.department == "none":
        return "未四定的件"
    if f.department:
        dept = db.session.get(Department, f.department)
        label = dept.name if dept else "（未知处室）"
    else:
        label = ""
    if f.leader:
        leader = db.session.get(User, f.leader)
        who = f"{leader.title}{leader.name}" if leader else "（未知领导）"
        label = f"{label} · {who}分管和负责的件" if label else f"{who}分管和负责的件"
    return label or "全厅"
