"""Statistics of items: the three rates, what they can hide, and the lists behind every figure.

Every figure is a *clause* on ``Proposal`` and its row of facts (``FIGURES[key].clause``). The dashboard counts
them with ``count(*) FILTER (WHERE clause)`` in a fixed handful of GROUP BY queries; the list behind a figure is
``figure_query(key, filters, user)`` — ``select(Proposal)`` joined to its facts ``.where(base, clause)``. Same
clause, same base: a figure and its list cannot disagree.

The facts themselves (replied on time, contacted before the reply, the lead proposer's rating, answered,
the class, commitments) are defined once in ``models.facts`` and kept per item in ``proposal_facts``, in the
same transaction as every change that moves them; figures and lists read that row (overdue and yellow compare
its stored deadline with today). This module only combines them.

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
* **见面率** = 主办/分办 items answered with at least one *face-to-face* contact (见面座谈, 走访, 调研 —
  座谈/面商/现场) dated on or before the day the (latest) reply was sent ÷ 主办/分办 items answered
  (沟通率's denominator).
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
from types import SimpleNamespace
from typing import Callable

import sqlalchemy as sa

from extensions import db
from models.org import Department, Role, User, UserRole
from models.facts import ProposalFacts as PF
from models.proposals import Proposal
from models.proposals_vocabulary import (
    ANSWERING_ROLES,
    CONTACT_METHOD_LABELS,
    FACE_TO_FACE_METHODS,
    OPEN_STATES,
    PROPOSAL_KIND_LABELS,
    STATE_LABELS,
)
from rules import clock
from models import workcal
from services.proposals import queries as q

ENDED_ELSEWHERE = ("withdrawn", "merged")
FACE_TO_FACE_TEXT = "、".join(CONTACT_METHOD_LABELS[m] for m in FACE_TO_FACE_METHODS)  # “见面座谈、走访、调研”, for the sentences that define 见面率


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
    # With a 届次: only its items raised in ``year`` (the summary report's rows by 届次 within a year).
    session_in_year: bool = False

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
            kind=args.get("kind") if args.get("kind") in PROPOSAL_KIND_LABELS else "all",
            department="none" if department == "none" else _int("department"),
            leader=_int("leader"),
            month=month if _valid_month(month) else "",
            session_in_year=args.get("in_year") == "1",
        )
        if user is not None and "department" not in args and "leader" not in args:
            f.department, f.leader = default_scope(user)
        return f

    def args(self, **override) -> dict:
        """Query-string arguments (for links), without empty values."""
        values = {
            "year": "all" if self.year == 0 else self.year, "session": self.session or None, "kind": None if self.kind == "all" else self.kind,
            "department": self.department, "leader": self.leader, "month": self.month or None,
            "in_year": 1 if self.session_in_year and self.session and self.year else None,
        }
        values.update(override)
        return {k: v for k, v in values.items() if v not in (None, "")}

    @property
    def period_label(self) -> str:
        if self.session:
            return f"{self.year}年{self.session}" if self.session_in_year and self.year else self.session
        return f"{self.year}年" if self.year else "全部年度"

    @property
    def kind_label(self) -> str:
        return PROPOSAL_KIND_LABELS.get(self.kind, "建议和提案")


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


def base_clause(f: Filters, user) -> sa.ColumnElement[bool]:
    """The items a dashboard is about: visible to ``user``, in the period, type and scope."""
    clauses = [q.visible_to(user)]
    if f.session:
        clauses.append(Proposal.session_name == f.session)
        if f.session_in_year and f.year:
            clauses.append(Proposal.year == f.year)
    elif f.year:
        clauses.append(Proposal.year == f.year)
    if f.kind in PROPOSAL_KIND_LABELS:
        clauses.append(Proposal.kind == f.kind)
    if f.department == "none":
        clauses.append(Proposal.lead_department_id.is_(None))
    elif f.department:
        clauses.append(q.department_items_clause(f.department))
    if f.leader:
        clauses.append(q.leader_items_clause(f.leader))
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


def item_facts(ctx: Ctx) -> dict[str, sa.ColumnElement]:
    """The facts of an item that every figure is made of: the item's own columns and its row of ``proposal_facts``
    (``models.facts``: kept in step with every change, each fact defined once there). Lists join that row
    (``figure_query``); counting groups over it. What depends on today compares a stored date with today."""
    return {
        "state": Proposal.state,
        "role": Proposal.bureau_role,
        "is_key": Proposal.is_key,
        "has_department": Proposal.lead_department_id.is_not(None),
        "answered": PF.answered,
        "on_time": PF.on_time,
        "overdue": q.overdue_clause(ctx.today, PF.effective_deadline),
        "yellow": q.level_clause("yellow", ctx.yellow_days, ctx.today, PF.effective_deadline),
        "contacted": PF.contacted,
        "met": PF.met,
        "lead_result": PF.lead_result,
        "lead_attitude": PF.lead_attitude,
        "latest_class": PF.latest_class,
        "round": Proposal.round,
        "has_commit": PF.has_commit,
        "extended": PF.extended,
        "commit_open": PF.commit_open,
        "commit_late": PF.commit_open_due < ctx.today,
    }


def with_facts(stmt: sa.Select) -> sa.Select:
    """``stmt`` (on ``Proposal``) joined to each item's row of facts, which figure clauses read."""
    return stmt.join(PF, PF.proposal_id == Proposal.id)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    # (ctx, F) -> a boolean clause, F holding the item facts (``item_facts``) as attributes.
    rule: Callable[[Ctx, SimpleNamespace], sa.ColumnElement[bool]]
    note: str = ""

    def clause(self, ctx: Ctx) -> sa.ColumnElement[bool]:
        """The figure as a clause on ``Proposal``: the list behind it."""
        return self.rule(ctx, SimpleNamespace(**item_facts(ctx)))


SATISFIED = ("satisfied", "basically")


def _answering(F):
    return F.role.in_(ANSWERING_ROLES)


def _counted(F):
    return F.state.not_in(ENDED_ELSEWHERE)


def _answered_answering(ctx, F):
    return sa.and_(F.answered, _answering(F))


def _rated(ctx, F):
    return sa.and_(_answering(F), _counted(F), F.lead_result.is_not(None))


def _rated_as(fact, values):
    return lambda ctx, F: sa.and_(_rated(ctx, F), getattr(F, fact).in_(values))


def _class(letter):
    return lambda ctx, F: sa.and_(_answering(F), _counted(F), (F.latest_class == letter) if letter else F.latest_class.is_not(None))


def _state(state, extra=None):
    return lambda ctx, F: sa.and_(F.state == state, extra(F)) if extra else F.state == state


_FIGURES = [
    Figure("total", "件数", lambda ctx, F: sa.true()),
    Figure("key", "重点件", lambda ctx, F: F.is_key),
    # 沟通率
    Figure("comm_den", "已答复的主办/分办件", _answered_answering, "沟通率的分母"),
    Figure("comm_num", "答复前已与代表/委员沟通", lambda ctx, F: sa.and_(_answered_answering(ctx, F), F.contacted), "沟通率的分子"),
    Figure("comm_missing", "答复前未沟通", lambda ctx, F: sa.and_(_answered_answering(ctx, F), sa.not_(F.contacted))),
    # 见面率 (counted like 沟通率: the same denominator)
    Figure("meet_num", "答复前已与代表/委员见面", lambda ctx, F: sa.and_(_answered_answering(ctx, F), F.met), "见面率的分子"),
    Figure("meet_missing", "答复前未见面", lambda ctx, F: sa.and_(_answered_answering(ctx, F), sa.not_(F.met))),
    # 按时办结率
    Figure("ontime_den", "已答复件 + 超期未答复件", lambda ctx, F: sa.or_(F.answered, F.overdue), "按时办结率的分母"),
    Figure("ontime_num", "按期答复", lambda ctx, F: sa.and_(F.answered, F.on_time), "按时办结率的分子"),
    Figure("late_replied", "逾期答复", lambda ctx, F: sa.and_(F.answered, sa.not_(F.on_time))),
    Figure("answered", "已答复（含办结）", lambda ctx, F: F.answered),
    Figure("overdue", "超期未答复", lambda ctx, F: F.overdue),
    Figure("yellow", "临期（黄色预警）", lambda ctx, F: F.yellow),
    Figure("open_ok", "在办未超期", lambda ctx, F: sa.and_(F.state.in_(OPEN_STATES), sa.not_(F.overdue))),
    # 满意率
    Figure("sat_den", "领衔代表/第一提案人已反馈", _rated, "满意率的分母"),
    Figure("sat_num", "满意或基本满意", _rated_as("lead_result", SATISFIED), "满意率的分子"),
    Figure("sat_only", "满意", _rated_as("lead_result", ("satisfied",))),
    Figure("sat_basic", "基本满意", _rated_as("lead_result", ("basically",))),
    Figure("unsatisfied", "不满意", _rated_as("lead_result", ("unsatisfied",))),
    Figure("att_num", "办理态度满意或基本满意", _rated_as("lead_attitude", SATISFIED)),
    Figure("awaiting_feedback", "已答复待反馈", lambda ctx, F: sa.and_(F.state == "replied", _answering(F))),
    # What the rates can hide
    Figure("class_any", "已答复并分类", _class(None)),
    *[Figure(f"class_{c}", f"{c}类", _class(c)) for c in "ABCD"],
    Figure("commit_open", "B/C类承诺未完成", lambda ctx, F: sa.and_(_counted(F), F.commit_open)),
    Figure("commit_late", "承诺逾期未完成", lambda ctx, F: sa.and_(_counted(F), F.commit_late)),
    Figure("commit_any", "有B/C类承诺事项", lambda ctx, F: sa.and_(_counted(F), F.has_commit)),
    Figure("commit_done", "B/C类承诺已全部完成", lambda ctx, F: sa.and_(_counted(F), F.has_commit, sa.not_(F.commit_open))),
    # The summary report (办理工作总结)
    *[Figure(f"role_{r}", label, lambda ctx, F, roles=roles: F.role.in_(roles)) for r, label, roles in (
        ("answering", "主办/分办件", ANSWERING_ROLES), ("co", "会办/协办件", ("co",)), ("reference", "参阅件", ("reference",)))],
    Figure("extended", "经批准延期", lambda ctx, F: sa.and_(_counted(F), F.extended)),
    Figure("rehandled", "重新办理过", lambda ctx, F: sa.and_(_counted(F), F.round > 1)),
    # States (a partition of the items: they add up to 件数)
    Figure("state_unassigned", "待四定", _state("assigned", lambda F: sa.not_(F.has_department))),
    Figure("state_assigned", "待签收", _state("assigned", lambda F: F.has_department)),
    *[Figure(f"state_{s}", "已答复·征询中" if s == "replied" else label, _state(s)) for s, label in STATE_LABELS.items() if s != "assigned"],
    Figure("ended", "撤回或并案", lambda ctx, F: F.state.in_(ENDED_ELSEWHERE)),
]
FIGURES: dict[str, Figure] = {f.key: f for f in _FIGURES}
STATE_FIGURES = ["state_unassigned", "state_assigned"] + [f"state_{s}" for s in STATE_LABELS if s != "assigned"]
CLASS_FIGURES = [f"class_{c}" for c in "ABCD"]
# Figures of each breakdown row (by 处室, by leader).
ROW_FIGURES = [
    "total", "comm_num", "comm_den", "meet_num", "ontime_num", "ontime_den", "sat_num", "sat_den", "sat_only", "att_num",
    "overdue", "yellow", "awaiting_feedback", "commit_open", "class_A", "class_any",
]
# The chart of items per month, stacked by what became of them.
MONTH_BUCKETS = [
    ("overdue", "超期未答复"), ("open_ok", "在办未超期"), ("state_replied", "已答复·征询中"), ("state_closed", "办结"), ("ended", "撤回或并案"),
]
MONTH_FACTS = ("state", "overdue")  # all the buckets need


def context() -> Ctx:
    return Ctx(today=clock.today(), yellow_days=workcal.rules().yellow_days)


def figure_clause(key: str, ctx: Ctx | None = None) -> sa.ColumnElement[bool]:
    return FIGURES[key].clause(ctx or context())


def figure_query(key: str, f: Filters, user, ctx: Ctx | None = None) -> sa.Select:
    """The items behind a figure: the dashboard counts this, the list shows it."""
    return with_facts(sa.select(Proposal)).where(base_clause(f, user), figure_clause(key, ctx))


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
    def meet(self) -> Rate:
        """见面率: its denominator is 沟通率's."""
        return self.rate("meet_num", "comm_den")

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


def _facts(f: Filters, user, ctx: Ctx, names=None):
    """One row per item in scope (the item joined to its row of facts), its facts (``names``: only these) as
    columns, and what the groupings need — a MATERIALIZED CTE: the scope's clauses run once per statement,
    whatever number of figures and groupings read it."""
    facts = item_facts(ctx)
    return (
        with_facts(sa.select(
            Proposal.id.label("pid"), Proposal.lead_department_id.label("department_id"),
            Proposal.responsible_leader_id.label("responsible_id"), Proposal.leading_leader_id.label("leading_id"),
            Proposal.assigned_on.label("assigned_on"),
            *(expr.label(name) for name, expr in facts.items() if names is None or name in names),
        ))
        .where(base_clause(f, user))
        .cte("item_facts")
        .prefix_with("MATERIALIZED")
    )


def _facts_of(sub, ctx) -> SimpleNamespace:
    return SimpleNamespace(**{name: sub.c[name] for name in item_facts(ctx) if name in sub.c})


def _columns(keys, ctx, sub):
    F = _facts_of(sub, ctx)
    return [sa.func.count().filter(FIGURES[k].rule(ctx, F)).label(f"f{i}") for i, k in enumerate(keys)]


def _values(row, keys, offset: int) -> dict[str, int]:
    return {k: int(row[offset + i] or 0) for i, k in enumerate(keys)}


def without_jit() -> None:
    """PostgreSQL's JIT compiles these aggregate queries (their estimated cost is high because of the per-item
    subqueries) for longer than they take to run: switch it off for the rest of this transaction."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL jit = off"))


def count(f: Filters, user, keys=None, ctx: Ctx | None = None) -> Counts:
    """All ``keys`` (default: every figure) for the scope, in one query."""
    ctx = ctx or context()
    keys = list(keys or FIGURES)
    sub = _facts(f, user, ctx)
    without_jit()
    row = db.session.execute(sa.select(*_columns(keys, ctx, sub)).select_from(sub)).one()
    return Counts(_values(row, keys, 0))


def count_by(f: Filters, user, keys, *columns, ctx: Ctx | None = None) -> list[tuple[tuple, Counts]]:
    """``keys`` per value of ``columns`` of ``Proposal`` (e.g. type and 届次), in one grouped query over the
    items' facts: [((values…), Counts)], ordered by the columns."""
    ctx = ctx or context()
    keys = list(keys)
    sub = _facts(f, user, ctx)
    groups = sa.select(Proposal.id.label("pid"), *(c.label(f"g{i}") for i, c in enumerate(columns))).subquery()
    group_cols = [groups.c[f"g{i}"] for i in range(len(columns))]
    stmt = (
        sa.select(*group_cols, *_columns(keys, ctx, sub)).select_from(sub).join(groups, groups.c.pid == sub.c.pid)
        .group_by(*group_cols).order_by(*group_cols)
    )
    without_jit()
    n = len(columns)
    return [(tuple(r[:n]), Counts(_values(r, keys, n))) for r in db.session.execute(stmt)]


def breakdown(f: Filters, user, keys=ROW_FIGURES, ctx: Ctx | None = None, *, departments: bool = True,
              leaders: bool = True) -> tuple[list[Counts], list[Counts]]:
    """Rows per lead 处室 (one for items not yet assigned) and per leader (``q.leader_items_clause``: an item may
    count under several leaders) — one statement, the items' facts computed once."""
    ctx = ctx or context()
    keys = list(keys)
    sub = _facts(f, user, ctx)
    parts = []
    if departments:
        parts.append(
            sa.select(
                sa.literal("d").label("g"), sub.c.department_id.label("k"), Department.name.label("name"), sa.literal("").label("title"),
                Department.sort_order.label("sort"), *_columns(keys, ctx, sub),
            )
            .select_from(sub)
            .outerjoin(Department, Department.id == sub.c.department_id)
            .group_by(sub.c.department_id, Department.name, Department.sort_order)
        )
    if leaders:
        people = (
            sa.select(User.id, User.name, User.title).join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.LEADER).subquery("leaders")
        )
        parts.append(
            sa.select(
                sa.literal("l").label("g"), people.c.id.label("k"), people.c.name.label("name"), people.c.title.label("title"),
                sa.literal(0).label("sort"), *_columns(keys, ctx, sub),
            )
            .select_from(sub)
            .join(people, q.leader_match(people.c.id, sub.c.responsible_id, sub.c.leading_id, sub.c.department_id))
            .group_by(people.c.id, people.c.name, people.c.title)
        )
    if not parts:
        return [], []
    without_jit()
    stmt = parts[0] if len(parts) == 1 else sa.union_all(*parts)
    dept_rows, leader_rows = [], []
    for r in db.session.execute(stmt):
        if r[0] == "d":
            dept_rows.append((r[1] is None, r[4] or 0, r[2] or "", Counts(
                _values(r, keys, 5), key=r[1] if r[1] is not None else "none", label=r[2] or "（未四定）")))
        else:
            leader_rows.append((r[1], Counts(_values(r, keys, 5), key=r[1], label=f"{r[3]}{r[2]}" if r[3] else r[2])))
    dept_rows.sort(key=lambda x: x[:3])
    leader_rows.sort(key=lambda x: x[0])
    return [x[-1] for x in dept_rows], [x[-1] for x in leader_rows]


def by_department(f: Filters, user, keys=ROW_FIGURES, ctx: Ctx | None = None) -> list[Counts]:
    """One row per lead 处室 (and one for items not yet assigned), in the 处室's order."""
    return breakdown(f, user, keys, ctx, leaders=False)[0]


def by_leader(f: Filters, user, keys=ROW_FIGURES, ctx: Ctx | None = None) -> list[Counts]:
    """One row per leader an item counts under: an item may count under several."""
    return breakdown(f, user, keys, ctx, departments=False)[1]


def total_of(rows: list[Counts]) -> Counts:
    """The sum of rows that partition the items (each item has one lead 处室 or none)."""
    total = Counts({})
    for row in rows:
        for key, n in row.values.items():
            total.values[key] = total.values.get(key, 0) + n
    return total


def by_month(f: Filters, user, ctx: Ctx | None = None) -> list[dict]:
    """Items per 交办 month, split into ``MONTH_BUCKETS`` (one query). Months without items in between are kept."""
    ctx = ctx or context()
    sub = _facts(f, user, ctx, names=MONTH_FACTS)
    F = _facts_of(sub, ctx)
    bucket = sa.case(*[(FIGURES[k].rule(ctx, F), k) for k, _ in MONTH_BUCKETS], else_="other")
    # Grouped over a subquery: PostgreSQL would not match a GROUP BY expression that has bound parameters.
    inner = sa.select(
        sa.extract("year", sub.c.assigned_on).label("y"), sa.extract("month", sub.c.assigned_on).label("m"), bucket.label("b")
    ).subquery()
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
    """Everything the dashboard shows, computed on each request: a GROUP BY over the items' rows of facts."""
    return compute_dashboard(f, user)


def compute_dashboard(f: Filters, user) -> dict:
    """Everything the dashboard shows, in a fixed number of queries whatever the number of items: the 处室 and
    leader rows in one statement (the totals are the sum of the 处室 rows, which partition the items), the months in another."""
    ctx = context()
    departments, leaders = breakdown(f, user, keys=list(FIGURES), ctx=ctx, leaders=user.is_office and not f.leader)
    totals = total_of(departments)
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
