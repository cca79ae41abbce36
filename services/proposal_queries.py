"""One definition of each fact about items, as SQL, for lists, the inbox, the 工作台 and statistics.

``visible_to(user)`` is the SQL twin of ``Proposal.can(user, "view")`` (a test checks they agree).
Every function returns a boolean clause for ``select(Proposal).where(...)``.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from models.org import leader_departments
from models.proposals import (
    ANSWERING_ROLES,
    KIND_LABELS,
    OPEN_STATES,
    RESULT_CLASS_LABELS,
    ROLE_LABELS,
    SATISFACTION_LABELS,
    STATE_LABELS,
    FACE_TO_FACE_METHODS,
    ContactRecord,
    Feedback,
    Proposal,
    ProposalDepartment,
    Proposer,
)
from services import clock, search
from services.deadlines import LEVEL_LABELS, warning_level

__all__ = [
    "visible_to", "involves_departments", "mine_clause", "leader_items_clause", "department_items_clause", "to_sign_clause",
    "led_by_clause", "overdue_clause", "level_clause", "contacted_before_reply_clause", "met_before_reply_clause",
    "replied_on_time_clause", "lead_satisfied_clause", "search_clause", "warning_level", "STATE_LABELS", "KIND_LABELS",
    "ROLE_LABELS", "RESULT_CLASS_LABELS", "SATISFACTION_LABELS", "LEVEL_LABELS",
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


def leader_items_clause(leader_id: int) -> sa.ColumnElement[bool]:
    """A leader's items: the lead 处室 is in their charge (分管), or they are 定领导 or 领办领导."""
    in_charge = sa.exists().where(
        leader_departments.c.user_id == leader_id, leader_departments.c.department_id == Proposal.lead_department_id)
    return sa.or_(Proposal.responsible_leader_id == leader_id, Proposal.leading_leader_id == leader_id, in_charge)


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


def overdue_clause(today=None) -> sa.ColumnElement[bool]:
    """Open (not yet answered or ended) and past the effective deadline."""
    today = today or clock.today()
    return sa.and_(Proposal.state.in_(OPEN_STATES), Proposal.effective_deadline < today)


def level_clause(level: str, yellow_days: int, today=None) -> sa.ColumnElement[bool]:
    """The SQL form of ``services.deadlines.warning_level`` for open items: red, yellow or green."""
    today = today or clock.today()
    deadline = Proposal.effective_deadline
    open_ = Proposal.state.in_(OPEN_STATES)
    if level == "red":
        return overdue_clause(today)
    if level == "yellow":
        return sa.and_(open_, deadline >= today, deadline <= today + timedelta(days=yellow_days))
    if level == "green":
        return sa.and_(open_, deadline > today + timedelta(days=yellow_days))
    if level == "warn":  # yellow or red
        return sa.and_(open_, deadline <= today + timedelta(days=yellow_days))
    raise ValueError(level)


def contacted_before_reply_clause() -> sa.ColumnElement[bool]:
    """沟通率's numerator: a 主办/分办 item with a contact recorded on or before the day its reply was sent."""
    return sa.and_(
        Proposal.bureau_role.in_(ANSWERING_ROLES),
        Proposal.replied_on.is_not(None),
        sa.exists().where(ContactRecord.proposal_id == Proposal.id, ContactRecord.contact_on <= Proposal.replied_on),
    )


def met_before_reply_clause() -> sa.ColumnElement[bool]:
    """见面率's numerator: like ``contacted_before_reply_clause``, but the contact was face to face
    (``FACE_TO_FACE_METHODS``: 座谈/面商, 走访, 现场调研)."""
    return sa.and_(
        Proposal.bureau_role.in_(ANSWERING_ROLES),
        Proposal.replied_on.is_not(None),
        sa.exists().where(
            ContactRecord.proposal_id == Proposal.id, ContactRecord.contact_on <= Proposal.replied_on,
            ContactRecord.method.in_(FACE_TO_FACE_METHODS),
        ),
    )


def replied_on_time_clause() -> sa.ColumnElement[bool]:
    """按时办结率's numerator: replied on or before the effective deadline."""
    return sa.and_(Proposal.replied_on.is_not(None), Proposal.replied_on <= Proposal.effective_deadline)


def lead_satisfied_clause(results=("satisfied", "basically")) -> sa.ColumnElement[bool]:
    """满意率's numerator: the lead proposer rated the result of the latest answered round as one of ``results``."""
    latest_round = sa.select(sa.func.max(Feedback.round)).where(Feedback.proposal_id == Proposal.id).correlate(Proposal).scalar_subquery()
    return sa.exists(
        sa.select(Feedback.id)
        .join(Proposer, Proposer.id == Feedback.proposer_id)
        .where(Feedback.proposal_id == Proposal.id, Proposer.is_lead.is_(True), Feedback.result.in_(results), Feedback.round == latest_round)
        .correlate(Proposal)
    )


def search_clause(q: str) -> sa.ColumnElement[bool]:
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
# Each item counts once, in the state of its latest round (see services/stats.py for the rules).


def answered_clause() -> sa.ColumnElement[bool]:
    """The latest round's answer has been sent: 已答复 (征询中) or 办结 with a reply date.
    An item in a re-handling round is not answered until its new reply goes out; 参阅 items
    (closed without a reply), withdrawn and merged items are never “answered”."""
    return sa.and_(Proposal.replied_on.is_not(None), Proposal.state.in_(("replied", "closed")))


def awaiting_feedback_clause() -> sa.ColumnElement[bool]:
    """已答复·征询中: a 主办/分办 answer has gone out and the lead proposer has not rated it yet
    (the SQL twin of ``Proposal.awaiting_feedback``)."""
    return sa.and_(Proposal.state == "replied", Proposal.bureau_role.in_(ANSWERING_ROLES))


def lead_rating_value(column: str = "result") -> sa.ScalarSelect:
    """The lead proposer's rating (``result`` or ``attitude``) of the item's latest rated round — NULL when the
    lead proposer has not rated that round. The round is the one ``lead_satisfied_clause`` reads."""
    latest_round = sa.select(sa.func.max(Feedback.round)).where(Feedback.proposal_id == Proposal.id).correlate(Proposal).scalar_subquery()
    return (
        sa.select(sa.func.max(getattr(Feedback, column)))
        .join(Proposer, Proposer.id == Feedback.proposer_id)
        .where(Feedback.proposal_id == Proposal.id, Proposer.is_lead.is_(True), Feedback.round == latest_round)
        .correlate(Proposal)
        .scalar_subquery()
    )


def lead_rating_clause(column: str = "result", values=None) -> sa.ColumnElement[bool]:
    """The lead proposer rated the item's latest rated round with ``column`` among ``values`` (any rating when
    ``values`` is None). ``lead_satisfied_clause(r)`` is ``lead_rating_clause("result", r)`` (a test checks)."""
    value = lead_rating_value(column)
    return value.is_not(None) if values is None else value.in_(tuple(values))


def latest_reply_value(column: str = "result_class") -> sa.ScalarSelect:
    """A column (``result_class``, ``doc_no``, ``sent_on`` …) of the latest reply sent (highest round); NULL when none was sent."""
    from models.proposals import Reply

    latest_sent = (
        sa.select(sa.func.max(Reply.round)).where(Reply.proposal_id == Proposal.id, Reply.state == "sent")
        .correlate(Proposal).scalar_subquery()
    )
    return (
        sa.select(sa.func.max(getattr(Reply, column)))
        .where(Reply.proposal_id == Proposal.id, Reply.state == "sent", Reply.round == latest_sent)
        .correlate(Proposal)
        .scalar_subquery()
    )


def latest_reply_class_value() -> sa.ScalarSelect:
    """The result class (A/B/C/D) of the latest reply sent; NULL when none was sent or it has none."""
    return latest_reply_value("result_class")


def has_commitments_clause() -> sa.ColumnElement[bool]:
    """The item has B/C commitments on the ledger (done or not)."""
    from models.proposals import Commitment

    return sa.exists(sa.select(Commitment.id).where(Commitment.proposal_id == Proposal.id).correlate(Proposal))


def extension_approved_clause() -> sa.ColumnElement[bool]:
    """An extension of the item was approved (in any round)."""
    from models.proposals import ExtensionRequest

    return sa.exists(
        sa.select(ExtensionRequest.id).where(ExtensionRequest.proposal_id == Proposal.id, ExtensionRequest.state == "approved")
        .correlate(Proposal)
    )


def open_commitments_clause(late_only: bool = False, today=None) -> sa.ColumnElement[bool]:
    """The item has a B/C commitment not yet done (``late_only``: one already past its due date)."""
    from models.proposals import Commitment

    conditions = [Commitment.proposal_id == Proposal.id, Commitment.done_on.is_(None)]
    if late_only:
        conditions.append(Commitment.due_on < (today or clock.today()))
    return sa.exists(sa.select(Commitment.id).where(*conditions).correlate(Proposal))
