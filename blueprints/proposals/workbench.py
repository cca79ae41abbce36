"""The 工作台 panels of proposal work: what the office, a 处室 and a leader have to do now (one query each)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from extensions import db
from models.org import Role
from models.proposals import ANSWERING_ROLES, OPEN_STATES, Commitment, ExtensionRequest, Proposal, Reply
from services import proposal_queries as q
from services import workcal
from services.workbench import provider


def _count(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _counts(where, **conditions) -> dict[str, int]:
    row = db.session.execute(sa.select(*(_count(c).label(k) for k, c in conditions.items())).select_from(Proposal).where(where)).one()
    return dict(row._mapping)


def _signed_waiting():
    return sa.exists().where(Reply.proposal_id == Proposal.id, Reply.round == Proposal.round, Reply.state == "signed")


def _items(spec) -> list[dict]:
    return [
        {"label": label, "url": url, "count": count, "level": level}
        for label, url, count, level in spec
        if count
    ]


@provider
def proposal_panels(user) -> list[dict]:
    panels: list[dict] = []
    yellow_days = workcal.rules().yellow_days
    index = lambda **kw: url_for("proposals.index", **kw)  # noqa: E731
    if user.is_office:
        # Every count is of items in progress or awaiting feedback: only those are read (not ten years of closed
        # ones), and the pending extensions are counted on their own table.
        c = _counts(
            Proposal.state.in_((*OPEN_STATES, "replied")),
            unassigned=sa.and_(Proposal.state == "assigned", Proposal.lead_department_id.is_(None)),
            returns=Proposal.state == "return_requested",
            review=Proposal.state == "office_review",
            to_send=sa.and_(Proposal.state == "awaiting_signoff", _signed_waiting()),
            feedback=sa.and_(Proposal.state == "replied", Proposal.bureau_role.in_(ANSWERING_ROLES)),
            red=q.level_clause("red", yellow_days),
            yellow=q.level_clause("yellow", yellow_days),
        )
        c["extensions"] = db.session.scalar(
            sa.select(sa.func.count(sa.distinct(ExtensionRequest.proposal_id))).where(ExtensionRequest.state == "pending"))
        open_commitments = db.session.scalar(sa.select(sa.func.count(Commitment.id)).where(Commitment.done_on.is_(None)))
        panels.append({
            "title": "建议提案 · 办公室待办",
            "items": _items([
                ("待四定交办", index(state="unassigned"), c["unassigned"], "yellow"),
                ("退回申请待决定", index(state="return_requested"), c["returns"], "yellow"),
                ("延期申请待审批", index(state="extension"), c["extensions"], "yellow"),
                ("答复稿待办公室审核", index(state="office_review"), c["review"], "green"),
                ("已签发待登记发出", index(state="to_send"), c["to_send"], "green"),
                ("已答复待录入反馈", index(state="feedback"), c["feedback"], None),
                ("超期未答复", index(level="red"), c["red"], "red"),
                ("临期（7日内）", index(level="yellow"), c["yellow"], "yellow"),
                ("承诺事项未完成", url_for("proposals.commitments"), open_commitments, None),
            ]),
            "empty": "暂无待办的建议提案。新交办的清单请从“建议提案 → 导入交办清单”导入。",
        })
    if user.is_department_staff:
        # The inbox's own counts, so a count here is the count on the group page it opens.
        from .views_list import inbox_counts, inbox_items

        c = {**_counts(
            inbox_items(user),  # red and yellow are open items only: the inbox's items are where they can be
            red=q.level_clause("red", yellow_days),
            yellow=q.level_clause("yellow", yellow_days),
        ), **{key: 0 for key in ("urged", "sign", "review", "work")}, **inbox_counts(user)}
        inbox = url_for("proposals.inbox")
        # The list it opens is the items list filtered the same way (visible to the user and moved earlier).
        c["moved"] = db.session.scalar(sa.select(sa.func.count(Proposal.id)).where(q.visible_to(user), q.moved_earlier_clause()))
        panels.append({
            "title": f"建议提案 · {user.department.name}待办",
            "items": _items([
                ("办公室催办未确认", url_for("proposals.inbox", group="urged"), c["urged"], "red"),
                ("期限因节假日安排调整提前", index(state="moved_earlier"), c["moved"], "red"),
                ("待签收", url_for("proposals.inbox", group="sign"), c["sign"], "yellow"),
                ("待处室负责人审核", url_for("proposals.inbox", group="review"), c["review"] if user.has_role(Role.HEAD) else 0, "yellow"),
                ("办理中", url_for("proposals.inbox", group="work"), c["work"], "green"),
                ("超期", inbox, c["red"], "red"),
                ("临期（7日内）", inbox, c["yellow"], "yellow"),
            ]),
            "empty": "本处室暂无在办的建议提案。",
        })
    if user.is_leader:
        c = _counts(
            sa.and_(q.mine_clause(user), Proposal.is_open),  # every count below is of items in progress
            sign=sa.and_(Proposal.state == "awaiting_signoff", Proposal.responsible_leader_id == user.id,
                         sa.exists().where(Reply.proposal_id == Proposal.id, Reply.round == Proposal.round, Reply.state == "awaiting_signoff")),
            key=sa.and_(Proposal.is_key.is_(True), Proposal.leading_leader_id == user.id, Proposal.is_open),
            red=q.level_clause("red", yellow_days),
            yellow=q.level_clause("yellow", yellow_days),
        )
        panels.append({
            "title": "建议提案 · 我分管的件",
            "items": _items([
                ("待我签发", index(state="awaiting_signoff", scope="mine"), c["sign"], "yellow"),
                ("我领办的重点件（在办）", index(key="1", scope="mine", state="open"), c["key"], "green"),
                ("超期未答复", index(level="red", scope="mine"), c["red"], "red"),
                ("临期（7日内）", index(level="yellow", scope="mine"), c["yellow"], "yellow"),
            ]),
            "empty": "分管的建议提案暂无需要您处理的事项。",
        })
    return panels
