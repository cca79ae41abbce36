"""The list (filters, active search, batch selection), the 处室 inbox and the commitments ledger."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, request
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from extensions import db
from models.org import Role
from models.proposals import CohandlingOpinion, Commitment, ExtensionRequest, Proposal, ProposalDepartment, Reply, Urge
from models.proposals_vocabulary import OPEN_STATES, PROPOSAL_KIND_LABELS, STATE_LABELS
from services.proposals import queries as q
from models import workcal
from web.access import require
from web.render import render

from . import bp
from .forms import department_choices, leader_choices

FILTER_KEYS = ("q", "kind", "year", "session", "state", "department", "leader", "level", "key", "scope")
STATE_FILTERS = {
    "open": "未答复（全部在办）",
    "unassigned": "待四定",
    **{k: v for k, v in STATE_LABELS.items()},
    "feedback": "已答复·征询中",
    "extension": "延期申请待审批",
    "to_send": "已签发待发出",
    "to_sign": "待我签发",
    "moved_earlier": f"期限因节假日安排调整提前（{q.MOVED_EARLIER_DAYS}日内）",
}
# Labels state the rule as the admin set it: ``{yellow_days}`` etc. are filled from ``workcal.rules()`` (see ``_stated``).
LEVEL_FILTERS = {"red": "超期", "yellow": "临期（{yellow_days}日内）", "warn": "超期或临期"}


def list_options():
    """Eager loads for a row of the list: a fixed number of queries whatever the page size."""
    return (
        joinedload(Proposal.lead_department),
        joinedload(Proposal.responsible_leader),
        selectinload(Proposal.proposers),
        selectinload(Proposal.co_links).joinedload(ProposalDepartment.department),
        selectinload(Proposal.replies),
        selectinload(Proposal.urges),
    )


def items_in_order(ids: list[int]) -> list[Proposal]:
    """The items with these ids, with a list row's eager loads, in the order of ``ids``."""
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(sa.select(Proposal).where(Proposal.id.in_(ids)).options(*list_options()))}
    return [found[i] for i in ids if i in found]


def urgency_order():
    """Open items first, the nearest deadline first (red, then yellow, then green); then the rest, latest first."""
    open_ = Proposal.state.in_(OPEN_STATES)
    return (
        sa.case((open_, 0), else_=1),
        sa.case((open_, Proposal.effective_deadline)).asc().nulls_last(),
        sa.func.coalesce(Proposal.closed_on, Proposal.replied_on).desc().nulls_last(),
        Proposal.id.desc(),
    )


def read_filters() -> dict:
    return {k: (request.args.get(k) or "").strip() for k in FILTER_KEYS}


def state_clause(state: str, user) -> sa.ColumnElement[bool] | None:
    """The list's ``state`` filter — also what each 工作台 badge counts (same clause, same number)."""
    if state == "open":
        return Proposal.is_open
    if state == "unassigned":
        return sa.and_(Proposal.state == "assigned", Proposal.lead_department_id.is_(None))
    if state == "feedback":
        return q.awaiting_feedback_clause()
    if state == "extension":
        return sa.exists().where(ExtensionRequest.proposal_id == Proposal.id, ExtensionRequest.state == "pending")
    if state == "to_send":
        return sa.and_(
            Proposal.state == "awaiting_signoff",
            sa.exists().where(Reply.proposal_id == Proposal.id, Reply.round == Proposal.round, Reply.state == "signed"),
        )
    if state == "to_sign":
        return q.to_sign_clause(user)
    if state == "moved_earlier":
        return q.moved_earlier_clause()
    if state in STATE_LABELS:
        return Proposal.state == state
    return None


def filter_clause(f: dict, user) -> sa.ColumnElement[bool]:
    """The list's filters (``FILTER_KEYS``, missing ones ignored) as one clause."""
    get = lambda key: (f.get(key) or "").strip()  # noqa: E731
    clauses = []
    if get("q"):
        clauses.append(q.quick_search_clause(get("q")))
    if get("kind") in PROPOSAL_KIND_LABELS:
        clauses.append(Proposal.kind == get("kind"))
    if get("year").isdigit():
        clauses.append(Proposal.year == int(get("year")))
    if get("session"):
        clauses.append(Proposal.session_name == get("session"))
    state = state_clause(get("state"), user)
    if state is not None:
        clauses.append(state)
    if get("department").isdigit():
        clauses.append(q.involves_departments([int(get("department"))]))
    if get("leader").isdigit():
        clauses.append(q.leader_items_clause(int(get("leader"))))
    if get("level") in LEVEL_FILTERS:
        clauses.append(q.level_clause(get("level"), workcal.rules().yellow_days))
    if get("key") == "1":
        clauses.append(Proposal.is_key.is_(True))
    elif get("key") == "led":
        clauses.append(q.led_by_clause(user))
    if get("scope") == "mine":
        clauses.append(q.mine_clause(user))
    return sa.and_(sa.true(), *clauses)


def apply_filters(stmt, f: dict, user):
    return stmt.where(filter_clause(f, user))


@bp.get("/")
@require()
def index():
    f = read_filters()
    page = max(request.args.get("page", 1, type=int), 1)
    visible = q.visible_to(current_user)
    # Sort and count only ids (narrow rows: a deep page sorts thousands of them), then load the page's items.
    ids = apply_filters(sa.select(Proposal.id).where(visible), f, current_user).order_by(*urgency_order())
    pagination = db.paginate(ids, page=page, per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    pagination.items = items_in_order(pagination.items)
    sessions = db.session.execute(
        sa.select(Proposal.year, Proposal.session_name).where(visible).distinct().order_by(Proposal.year.desc(), Proposal.session_name)
    ).all()
    selected = set(request.args.getlist("ids", type=int))
    select_all = request.args.get("select") == "all"
    return render(
        "proposals/index.html",
        block="results",
        pagination=pagination,
        filters=f,
        args={k: v for k, v in f.items() if v},
        years=sorted({y for y, _ in sessions}, reverse=True),
        sessions=[s for _, s in sessions if s],
        departments=department_choices(blank=None),
        leaders=leader_choices()[1:],
        state_filters=STATE_FILTERS,
        level_filters={k: _stated(v) for k, v in LEVEL_FILTERS.items()},
        kind_labels=PROPOSAL_KIND_LABELS,
        selected=selected,
        select_all=select_all,
        can_batch=current_user.is_office,
    )


def _stated(text: str) -> str:
    """``text`` with the deadline rules it names (``{yellow_days}``…) as the admin set them."""
    return text.format(**workcal.rules().as_dict())


INBOX_GROUPS = (
    ("urged", "办公室催办", "办公室催办的件，请尽快办理并点“已知悉”。"),
    ("sign", "待签收", "签收后开始办理；不属于本处室的，请在交办后 {return_window_workdays} 个工作日内申请退回。"),
    ("review", "待处室负责人审核", "处室负责人审核答复稿后报办公室。"),
    ("work", "办理中", "与代表/委员沟通、记录进展、起草答复。"),
    ("opinion", "会办件：待提交会办意见", "本处室为会办处室，请在会办期限内向主办处室提交意见。"),
    ("returning", "申请退回中", "等待办公室决定。"),
    ("waiting", "已报送，等待办公室审核或领导签发", ""),
)


INBOX_SHOWN = 15  # rows per group on the inbox; the rest are a click away (the whole group, page by page)


def inbox_group(dept_id: int) -> sa.ColumnElement:
    """Which ``INBOX_GROUPS`` key an open item is in for this 处室 (NULL: nothing for it to do), in SQL, so that
    grouping and counting need no item loaded. The lead 处室's groups come first; an item it leads is never
    also a co-handling task."""
    lead = Proposal.lead_department_id == dept_id
    urged = sa.exists().where(
        Urge.proposal_id == Proposal.id, Urge.department_id == Proposal.lead_department_id, Urge.acknowledged_at.is_(None))
    co_handling = sa.exists().where(ProposalDepartment.proposal_id == Proposal.id, ProposalDepartment.department_id == dept_id)
    opinion_given = sa.exists().where(
        CohandlingOpinion.proposal_id == Proposal.id, CohandlingOpinion.department_id == dept_id,
        CohandlingOpinion.round == Proposal.round)
    return sa.case(
        (sa.and_(lead, Proposal.state.in_(OPEN_STATES), urged), "urged"),
        (sa.and_(lead, Proposal.state == "assigned"), "sign"),
        (sa.and_(lead, Proposal.state == "dept_review"), "review"),
        (sa.and_(lead, Proposal.state.in_(("in_progress", "rehandling"))), "work"),
        (sa.and_(lead, Proposal.state == "return_requested"), "returning"),
        (sa.and_(lead, Proposal.state.in_(("office_review", "awaiting_signoff"))), "waiting"),
        (sa.and_(
            sa.or_(Proposal.lead_department_id.is_(None), Proposal.lead_department_id != dept_id),
            Proposal.state.in_(("assigned", "in_progress", "dept_review", "rehandling")), co_handling, sa.not_(opinion_given),
        ), "opinion"),
        else_=sa.null(),
    )


def inbox_items(user) -> sa.ColumnElement[bool]:
    """The open items the inbox of ``user``'s 处室 is made of."""
    return sa.and_(q.visible_to(user), q.involves_departments([user.department_id]), Proposal.state.in_(OPEN_STATES))


def inbox_counts(user) -> dict[str, int]:
    """How many items each inbox group holds (the group evaluated once per open item, counted in SQL)."""
    groups = sa.select(inbox_group(user.department_id).label("g")).where(inbox_items(user)).subquery()
    # NULL (nothing to do) is a group here and dropped afterwards: a ``g IS NOT NULL`` condition would be pushed
    # into the scan by PostgreSQL and cost it 80 ms instead of 6 at 50,000 items.
    counts = db.session.execute(sa.select(groups.c.g, sa.func.count()).group_by(groups.c.g)).all()
    return {key: n for key, n in counts if key is not None}


@bp.get("/inbox")
@require(Role.HANDLER, Role.HEAD)
def inbox():
    """The 处室's items, most urgent first (red, yellow, green), grouped by what is to be done: the most urgent
    ``INBOX_SHOWN`` of each group, or (``?group=key``) one whole group, page by page."""
    dept_id = current_user.department_id
    group = inbox_group(dept_id)
    mine = inbox_items(current_user)
    group_specs = [(key, title, _stated(hint)) for key, title, hint in INBOX_GROUPS]
    specs = {key: (title, hint) for key, title, hint in group_specs}
    shown_group = request.args.get("group")
    if shown_group in specs:
        ids = sa.select(Proposal.id).where(mine, group == shown_group).order_by(*urgency_order())
        pagination = db.paginate(ids, page=max(request.args.get("page", 1, type=int), 1),
                                 per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
        pagination.items = items_in_order(pagination.items)
        return render("proposals/inbox_group.html", key=shown_group, title=specs[shown_group][0], hint=specs[shown_group][1],
                      pagination=pagination)
    # Every open item's group, in urgency order: ids only; then the rows shown, loaded in one go.
    rows = db.session.execute(sa.select(Proposal.id, group).where(mine).order_by(*urgency_order())).all()
    ids: dict[str, list[int]] = {key: [] for key in specs}
    for pid, key in rows:
        if key:
            ids[key].append(pid)
    loaded = {p.id: p for p in items_in_order([i for key in ids for i in ids[key][:INBOX_SHOWN]])}
    groups = {key: [loaded[i] for i in found[:INBOX_SHOWN] if i in loaded] for key, found in ids.items()}
    counts = {key: len(found) for key, found in ids.items()}
    commitments = db.session.scalars(
        sa.select(Commitment)
        .join(Proposal, Proposal.id == Commitment.proposal_id)
        .where(Proposal.lead_department_id == dept_id, Commitment.done_on.is_(None))
        .options(joinedload(Commitment.proposal))
        .order_by(Commitment.due_on.asc().nulls_last(), Commitment.id)
    ).all()
    return render("proposals/inbox.html", groups=groups, counts=counts, group_specs=group_specs, commitments=commitments,
                  total=len(rows), shown=INBOX_SHOWN)


def commitments_query(user, status: str = "open"):
    """答复承诺事项台账 as ``user`` sees it (``status``: open, done or all) — the page and the 工作台's badge."""
    stmt = (
        sa.select(Commitment)
        .join(Proposal, Proposal.id == Commitment.proposal_id)
        .where(q.visible_to(user), Proposal.state.not_in(("withdrawn", "merged")))
    )
    if status == "open":
        stmt = stmt.where(Commitment.done_on.is_(None))
    elif status == "done":
        stmt = stmt.where(Commitment.done_on.is_not(None))
    return stmt


@bp.get("/commitments")
@require()
def commitments():
    """答复承诺事项台账: promises of B/C answers until they are done (回头看)."""
    status = request.args.get("status") or "open"
    stmt = (
        commitments_query(current_user, status)
        .options(joinedload(Commitment.proposal).joinedload(Proposal.lead_department))
        .order_by(Commitment.done_on.is_not(None), Commitment.due_on.asc().nulls_last(), Commitment.id)
    )
    rows = db.session.scalars(stmt).all()
    return render("proposals/commitments.html", rows=rows, shown=status)
