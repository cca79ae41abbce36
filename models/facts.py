"""Each item's facts, kept in one narrow row (``proposal_facts``) so that the statistics count them with a GROUP BY
instead of recomputing them from every contact, reply, rating and commitment on each request.

``FACT_EXPRESSIONS`` is the one definition of each fact, as SQL over an item and its records. A row is written by
``refresh(connection, ids)`` — the same INSERT … SELECT of those expressions for one item or for all
(``rebuild``) — and ``follow_changes`` (registered in ``create_app``) calls it after every flush that touched
what a fact is made of, in the same transaction: an item's own columns (state, reply date, role, round, deadlines),
its contact records, replies, ratings, proposers (who leads), commitments and extension requests.

What depends on today (overdue, yellow, a commitment now late) is not stored: the row keeps the dates
(``effective_deadline``, ``commit_open_due``) and the statistics compare them with today in SQL.

Rows written with Core outside the session (the bench seeder) are not followed: ``flask --app app rebuild-facts``
(or ``rebuild``) fills the table again.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from extensions import db
from models.proposals import Commitment, ContactRecord, ExtensionRequest, Feedback, Proposal, Proposer, Reply
from models.proposals_vocabulary import ANSWERING_ROLES, FACE_TO_FACE_METHODS


class ProposalFacts(db.Model):
    """One row per item: the facts the dashboard's figures and their lists are made of (see ``FACT_EXPRESSIONS``)."""

    __tablename__ = "proposal_facts"

    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    effective_deadline: Mapped[date | None]
    answered: Mapped[bool | None]
    on_time: Mapped[bool | None]
    contacted: Mapped[bool | None]
    met: Mapped[bool | None]
    lead_result: Mapped[str | None] = mapped_column(sa.String(16))
    lead_attitude: Mapped[str | None] = mapped_column(sa.String(16))
    latest_class: Mapped[str | None] = mapped_column(sa.String(1))
    has_commit: Mapped[bool | None]
    commit_open: Mapped[bool | None]
    commit_open_due: Mapped[date | None]
    extended: Mapped[bool | None]


# ---------------------------------------------------------------------------
# The facts, each defined once, as SQL on ``Proposal`` (correlated to its records)


def answered_clause() -> sa.ColumnElement[bool]:
    """The latest round's answer has been sent: 已答复 (征询中) or 办结 with a reply date.
    An item in a re-handling round is not answered until its new reply goes out; 参阅 items
    (closed without a reply), withdrawn and merged items are never “answered”."""
    return sa.and_(Proposal.replied_on.is_not(None), Proposal.state.in_(("replied", "closed")))


def replied_on_time_clause() -> sa.ColumnElement[bool]:
    """按时办结率's numerator: replied on or before the effective deadline (NULL without a deadline)."""
    return sa.and_(Proposal.replied_on.is_not(None), Proposal.replied_on <= Proposal.effective_deadline)


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


def _latest_rated_round() -> sa.ScalarSelect:
    return sa.select(sa.func.max(Feedback.round)).where(Feedback.proposal_id == Proposal.id).correlate(Proposal).scalar_subquery()


def lead_satisfied_clause(results=("satisfied", "basically")) -> sa.ColumnElement[bool]:
    """满意率's numerator: the lead proposer rated the result of the latest answered round as one of ``results``."""
    return sa.exists(
        sa.select(Feedback.id)
        .join(Proposer, Proposer.id == Feedback.proposer_id)
        .where(Feedback.proposal_id == Proposal.id, Proposer.is_lead.is_(True), Feedback.result.in_(results),
               Feedback.round == _latest_rated_round())
        .correlate(Proposal)
    )


def lead_rating_value(column: str = "result") -> sa.ScalarSelect:
    """The lead proposer's rating (``result`` or ``attitude``) of the item's latest rated round — NULL when the
    lead proposer has not rated that round. The round is the one ``lead_satisfied_clause`` reads."""
    return (
        sa.select(sa.func.max(getattr(Feedback, column)))
        .join(Proposer, Proposer.id == Feedback.proposer_id)
        .where(Feedback.proposal_id == Proposal.id, Proposer.is_lead.is_(True), Feedback.round == _latest_rated_round())
        .correlate(Proposal)
        .scalar_subquery()
    )


def latest_reply_value(column: str = "result_class") -> sa.ScalarSelect:
    """A column (``result_class``, ``doc_no``, ``sent_on`` …) of the latest reply sent (highest round); NULL when none was sent."""
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


def has_commitments_clause() -> sa.ColumnElement[bool]:
    """The item has B/C commitments on the ledger (done or not)."""
    return sa.exists(sa.select(Commitment.id).where(Commitment.proposal_id == Proposal.id).correlate(Proposal))


def open_commitments_clause() -> sa.ColumnElement[bool]:
    """The item has a B/C commitment not yet done."""
    return sa.exists(sa.select(Commitment.id).where(Commitment.proposal_id == Proposal.id, Commitment.done_on.is_(None)).correlate(Proposal))


def open_commitment_due_value() -> sa.ScalarSelect:
    """The earliest due date of the item's commitments not yet done (one is late when this is before today)."""
    return (
        sa.select(sa.func.min(Commitment.due_on)).where(Commitment.proposal_id == Proposal.id, Commitment.done_on.is_(None))
        .correlate(Proposal).scalar_subquery()
    )


def extension_approved_clause() -> sa.ColumnElement[bool]:
    """An extension of the item was approved (in any round)."""
    return sa.exists(
        sa.select(ExtensionRequest.id).where(ExtensionRequest.proposal_id == Proposal.id, ExtensionRequest.state == "approved")
        .correlate(Proposal)
    )


def fact_expressions() -> dict[str, sa.ColumnElement]:
    """Each column of ``proposal_facts`` as SQL on ``Proposal``: what ``refresh`` writes and a rebuild compares."""
    return {
        "effective_deadline": Proposal.effective_deadline,
        "answered": answered_clause(),
        "on_time": replied_on_time_clause(),
        "contacted": contacted_before_reply_clause(),
        "met": met_before_reply_clause(),
        "lead_result": lead_rating_value("result"),
        "lead_attitude": lead_rating_value("attitude"),
        "latest_class": latest_reply_value("result_class"),
        "has_commit": has_commitments_clause(),
        "commit_open": open_commitments_clause(),
        "commit_open_due": open_commitment_due_value(),
        "extended": extension_approved_clause(),
    }


def computed(where=None) -> sa.Select:
    """The facts as computed now from the records, one row per item (``where``: only these items)."""
    exprs = fact_expressions()
    stmt = sa.select(Proposal.id.label("proposal_id"), *(e.label(name) for name, e in exprs.items()))
    return stmt if where is None else stmt.where(where)


# ---------------------------------------------------------------------------
# Writing the rows

CHUNK = 500


def refresh(connection, ids) -> None:
    """Write the rows of items ``ids`` again from their records (an item gone leaves no row).

    The items' rows in ``proposals`` are locked first (PostgreSQL; SQLite has one writer at a time): a concurrent
    transaction changing the same item's records waits here until this one commits, then computes from what it
    committed — without the lock both would compute from their own snapshot and the later would insert a row
    the earlier one has just written (or keep a row that misses the other's change). ``FOR NO KEY UPDATE``: rows
    added meanwhile under the item (a note, an audit entry) do not wait for it."""
    table = ProposalFacts.__table__
    ids = sorted({i for i in ids if i is not None})
    columns = ["proposal_id", *fact_expressions()]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        connection.execute(sa.select(Proposal.id).where(Proposal.id.in_(chunk)).order_by(Proposal.id).with_for_update(key_share=True))
        connection.execute(sa.delete(table).where(table.c.proposal_id.in_(chunk)))
        connection.execute(sa.insert(table).from_select(columns, computed(Proposal.id.in_(chunk))))


def rebuild(connection) -> int:
    """Every item's row again, from scratch. Returns the number of rows."""
    table = ProposalFacts.__table__
    connection.execute(sa.delete(table))
    connection.execute(sa.insert(table).from_select(["proposal_id", *fact_expressions()], computed()))
    return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


# What moves a fact: these columns of the item, and any change to these records of it.
PROPOSAL_INPUTS = ("state", "replied_on", "bureau_role", "round", "statutory_deadline", "rehandle_deadline", "extended_deadline")
RECORD_INPUTS = (ContactRecord, Reply, Feedback, Proposer, Commitment, ExtensionRequest)


def _changed(obj, names) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[n].history.has_changes() for n in names)


def touched(session) -> set[int]:
    """The items whose facts this flush may have moved (``session.new/dirty/deleted`` still hold the flush's objects)."""
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Proposal):
            if obj in session.new or obj in session.deleted or _changed(obj, PROPOSAL_INPUTS):
                ids.add(obj.id)
        elif isinstance(obj, RECORD_INPUTS):
            if obj in session.dirty and not session.is_modified(obj, include_collections=False):
                continue
            history = sa.inspect(obj).attrs.proposal_id.history
            ids |= {obj.proposal_id, *(history.deleted or ())}
    ids.discard(None)
    return ids


def _after_flush(session, flush_context) -> None:
    ids = touched(session)
    if ids:
        refresh(session.connection(), ids)


def follow_changes() -> None:
    """Keep ``proposal_facts`` in step with every ORM flush, in the flush's transaction (called by ``create_app``)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
