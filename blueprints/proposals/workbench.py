"""The 工作台 panels of proposal work: what the office, a 处室 and a leader have to do now.

Every badge is a list filter (``views_list.filter_clause``) counted in one query per panel; its link opens the
list with the same filter, so a badge and its list cannot disagree (tests/test_badges.py opens every one).
"My items" are ``proposal_queries.mine_clause`` for every role.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from extensions import db
from models.org import Role
from models.proposals import Proposal
from models.proposals_vocabulary import OPEN_STATES
from services.proposals import queries as q
from models import workcal

from .views_list import commitments_query, filter_clause, inbox_counts


def _count(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _badges(user, where, spec) -> list[dict]:
    """``spec``: (label, list filters, colour). One SELECT counts every badge's filter over ``where``
    (which each filter implies: it only spares reading the ended items)."""
    row = db.session.execute(
        sa.select(*(_count(filter_clause(args, user)).label(f"c{i}") for i, (_, args, _) in enumerate(spec)))
        .select_from(Proposal).where(q.visible_to(user), where)
    ).one()
    return [
        {"label": label, "url": url_for("proposals.index", **args), "count": count, "level": level}
        for (label, args, level), count in zip(spec, row) if count
    ]


def proposal_panels(user) -> list[dict]:
    panels: list[dict] = []
    yellow_days = workcal.rules().yellow_days
    if user.is_office:
        # Every filter below is of items in progress or awaiting feedback: only those are read, not ten years of closed ones.
        items = _badges(user, Proposal.state.in_((*OPEN_STATES, "replied")), [
            ("待四定交办", {"state": "unassigned"}, "yellow"),
            ("退回申请待决定", {"state": "return_requested"}, "yellow"),
            ("答复稿待办公室审核", {"state": "office_review"}, "green"),
            ("已签发待登记发出", {"state": "to_send"}, "green"),
            ("已答复待录入反馈", {"state": "feedback"}, None),
            ("超期未答复", {"level": "red"}, "red"),
            (f"临期（{yellow_days}日内）", {"level": "yellow"}, "yellow"),
        ])
        # A pending extension may outlive the states above (the reply can go out before the office decides).
        items[2:2] = _badges(user, sa.true(), [("延期申请待审批", {"state": "extension"}, "yellow")])
        open_commitments = db.session.scalar(sa.select(sa.func.count()).select_from(commitments_query(user, "open").subquery()))
        if open_commitments:
            items.append({"label": "承诺事项未完成", "url": url_for("proposals.commitments", status="open"), "count": open_commitments,
                          "level": None})
        panels.append({
            "title": "建议提案 · 办公室待办",
            "items": items,
            "empty": "暂无待办的建议提案。新交办的清单请从“建议提案 → 导入交办清单”导入。",
        })
    if user.is_department_staff:
        # The inbox's own counts, so a count here is the count on the group page it opens.
        c = {key: 0 for key in ("urged", "sign", "review", "work")} | inbox_counts(user)
        groups = [
            {"label": label, "url": url_for("proposals.inbox", group=key), "count": c[key], "level": level}
            for label, key, level in (("办公室催办未确认", "urged", "red"), ("待签收", "sign", "yellow"),
                                      ("待处室负责人审核", "review", "yellow"), ("办理中", "work", "green"))
            if c[key] and (key != "review" or user.has_role(Role.HEAD))
        ]
        panels.append({
            "title": f"建议提案 · {user.department.name}待办",
            "items": groups + _badges(user, Proposal.state.in_(OPEN_STATES), [
                ("期限因节假日安排调整提前", {"state": "moved_earlier", "scope": "mine"}, "red"),
                ("超期", {"level": "red", "scope": "mine"}, "red"),
                (f"临期（{yellow_days}日内）", {"level": "yellow", "scope": "mine"}, "yellow"),
            ]),
            "empty": "本处室暂无在办的建议提案。",
        })
    if user.is_leader:
        panels.append({
            "title": "建议提案 · 我分管的件",
            "items": _badges(user, Proposal.state.in_(OPEN_STATES), [
                ("待我签发", {"state": "to_sign"}, "yellow"),
                ("我领办的重点件（在办）", {"key": "led", "state": "open"}, "green"),
                ("超期未答复", {"level": "red", "scope": "mine"}, "red"),
                (f"临期（{yellow_days}日内）", {"level": "yellow", "scope": "mine"}, "yellow"),
            ]),
            "empty": "分管的建议提案暂无需要您处理的事项。",
        })
    return panels
