"""One definition of each fact about items, as SQL, for lists, the inbox, the 工作台 and statistics.

``visible_to(user)`` is the SQL twin of ``Proposal.can(user, "view")`` (a test checks they agree).
Every function returns a boolean clause for ``select(Proposal).where(...)``.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from models.org import leader_departments
from models.proposals import Proposal, ProposalDepartment, Proposer
from models.proposals_vocabulary import ANSWERING_ROLES, OPEN_STATES
from models.facts import (  # noqa: F401 - each fact's one definition, re-exported for lists and exports
    answered_clause,
    contacted_before_reply_clause,
    latest_reply_value,
    lead_rating_value,
    lead_satisfied_clause,
    replied_on_time_clause,
)
from services import search
from rules import clock

__all__ = [
    "visible_to", "involves_departments", "mine_clause", "leader_match", "leader_items_clause", "department_items_clause", "to_sign_clause",
    "led_by_clause", "overdue_clause", "level_clause", "contacted_before_reply_clause", "replied_on_time_clause",
    "lead_satisfied_clause", "quick_search_clause",
]


def involves_departments(department_ids) -> sa.ColumnElement[bool]:
    """The item's lead 处室 or one of its co-handling 处室 is among ``department_ids``."""
    ids = [i for i in department_ids if i is not None]
    if not ids:
        return sa.false()
    return sa.or_(
        Proposal.lead_department_id.in_(ids),
        sa.exists().where(ProposalDepartment.proposal_id == Proposal.id, ProposalDepartment.department_id.in_(ids)),
    )


def visible_to(user) -> sa.ColumnElement[bool]:
    """Items ``user`` may see: the office all; 处室 staff their 处室's (lead or co-handling); a leader those of
    the 处室 in their charge (lead or co-handling) and those they are responsible for or lead; anybody else none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return sa.false()
    if user.is_office:
        return sa.true()
    clauses = []
    if user.is_department_staff:
        clauses.append(involves_departments([user.department_id]))
    if user.is_leader:
        clauses += [
            Proposal.responsible_leader_id == user.id,
            Proposal.leading_leader_id == user.id,
            involves_departments(user.charge_department_ids),
        ]
    return sa.or_(*clauses) if clauses else sa.false()


def leader_match(leader_id, responsible_id, leading_id, department_id) -> sa.ColumnElement[bool]:
    """The one rule of “a leader's items”, over any columns (the statistics' GROUP BY joins leaders with it):
    the lead 处室 is in their charge (分管), or they are 定领导 or 领办领导."""
    in_charge = sa.exists().where(leader_departments.c.user_id == leader_id, leader_departments.c.department_id == department_id)
    return sa.or_(responsible_id == leader_id, leading_id == leader_id, in_charge)


def leader_items_clause(leader_id: int) -> sa.ColumnElement[bool]:
    """A leader's items (``leader_match`` on the item's own columns): the 工作台's “mine”, the list's 领导 filter and
    the statistics' leader scope."""
    return leader_match(leader_id, Proposal.responsible_leader_id, Proposal.leading_leader_id, Proposal.lead_department_id)


def department_items_clause(department_id: int) -> sa.ColumnElement[bool]:
    """A 处室's items: those it leads (主办处室 — the 处室 that answers). Co-handling tasks are in its inbox."""
    return Proposal.lead_department_id == department_id


def mine_clause(user) -> sa.ColumnElement[bool]:
    """“My items” — the one definition every 工作台 badge, panel, list (``scope=mine``), the statistics' default
    scope and their exports use: a leader's (``leader_items_clause``), a 处室 user's (``department_items_clause``)."""
    clauses = []
    if user.is_leader:
        clauses.append(leader_items_clause(user.id))
    if user.is_department_staff and user.department_id:
        clauses.append(department_items_clause(user.department_id))
    return sa.or_(*clauses) if clauses else sa.false()


def to_sign_clause(user) -> sa.ColumnElement[bool]:
    """待我签发: the reply of the current round waits for ``user``'s signature (they are the item's 定领导)."""
    from models.proposals import Reply

    return sa.and_(
        Proposal.state == "awaiting_signoff", Proposal.responsible_leader_id == user.id,
        sa.exists().where(Reply.proposal_id == Proposal.id, Reply.round == Proposal.round, Reply.state == "awaiting_signoff"),
    )


def led_by_clause(user) -> sa.ColumnElement[bool]:
    """我领办的重点件: key items ``user`` leads (领办)."""
    return sa.and_(Proposal.is_key.is_(True), Proposal.leading_leader_id == user.id)


# How long an earlier-moved deadline stays on the 处室's workbench.
MOVED_EARLIER_DAYS = 30


def moved_earlier_clause() -> sa.ColumnElement[bool]:
    """Open items whose deadline the holiday table moved earlier in the last ``MOVED_EARLIER_DAYS`` days."""
    from models.audit import AuditEntry

    since = clock.utcnow() - timedelta(days=MOVED_EARLIER_DAYS)
    return sa.and_(
        Proposal.is_open,
        sa.exists().where(
            AuditEntry.object_type == Proposal.audit_type, AuditEntry.object_id == Proposal.id,
            AuditEntry.action == "deadline_earlier", AuditEntry.at >= since,
        ),
    )


def overdue_clause(today=None, deadline=None) -> sa.ColumnElement[bool]:
    """Open (not yet answered or ended) and past the effective deadline (``deadline``: the column that holds it,
    by default ``Proposal.effective_deadline``; the statistics read the copy in ``proposal_facts``)."""
    today = today or clock.today()
    deadline = Proposal.effective_deadline if deadline is None else deadline
    return sa.and_(Proposal.state.in_(OPEN_STATES), deadline < today)


def level_clause(level: str, yellow_days: int, today=None, deadline=None) -> sa.ColumnElement[bool]:
    """The SQL form of ``rules.deadlines.warning_level`` for open items: red, yellow or green
    (``deadline`` as in ``overdue_clause``)."""
    today = today or clock.today()
    deadline = Proposal.effective_deadline if deadline is None else deadline
    open_ = Proposal.state.in_(OPEN_STATES)
    if level == "red":
        return overdue_clause(today, deadline)
    if level == "yellow":
        return sa.and_(open_, deadline >= today, deadline <= today + timedelta(days=yellow_days))
    if level == "green":
        return sa.and_(open_, deadline > today + timedelta(days=yellow_days))
    if level == "warn":  # yellow or red
        return sa.and_(open_, deadline <= today + timedelta(days=yellow_days))
    raise ValueError(level)


def quick_search_clause(q: str) -> sa.ColumnElement[bool]:
    """Active search over number, title and proposer names (``q`` is one substring, any letter case).

    With the grams index (``services.search``) the candidates are the items whose number, title and names
    have all of q's grams; the LIKE then only checks those (and their proposers, one probe each)."""
    like = f"%{q.strip()}%"
    candidates = search.name_candidates(q)
    if candidates is None:
        return sa.or_(
            Proposal.number.ilike(like),
            Proposal.title.ilike(like),
            # IN (one pass over the proposers) rather than EXISTS (a probe per item): the same rows, faster at scale.
            Proposal.id.in_(sa.select(Proposer.proposal_id).where(Proposer.name.ilike(like))),
        )
    return sa.and_(
        Proposal.id.in_(candidates),
        sa.or_(
            Proposal.number.ilike(like),
            Proposal.title.ilike(like),
            sa.exists().where(Proposer.proposal_id == Proposal.id, Proposer.name.ilike(like)),
        ),
    )


# -- Statistics (issue #4): facts the dashboard, its lists and the exports share -------------------
# Each item counts once, in the state of its latest round (see services/stats/figures.py for the rules).


def awaiting_feedback_clause() -> sa.ColumnElement[bool]:
    """已答复·征询中: a 主办/分办 answer has gone out and the lead proposer has not rated it yet
    (the SQL twin of ``Proposal.awaiting_feedback``): the list's ``state=feedback`` and the batch feedback entry."""
    return sa.and_(Proposal.state == "replied", Proposal.bureau_role.in_(ANSWERING_ROLES))


def lead_rating_clause(column: str = "result", values=None) -> sa.ColumnElement[bool]:
    """The lead proposer rated the item's latest rated round with ``column`` among ``values`` (any rating when
    ``values`` is None). ``lead_satisfied_clause(r)`` is ``lead_rating_clause("result", r)`` (a test checks)."""
    value = lead_rating_value(column)
    return value.is_not(None) if values is None else value.in_(tuple(values))


def latest_reply_class_value() -> sa.ScalarSelect:
    """The result class (A/B/C/D) of the latest reply sent; NULL when none was sent or it has none."""
    return latest_reply_value("result_class")
