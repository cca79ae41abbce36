"""The office's work across items: registering by hand, the 交办会's batch 四定, urging in bulk."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from extensions import db
from models import workcal
from models.proposals import Proposal, find_registered, register
from models.proposals_vocabulary import PROPOSAL_KIND_LABELS
from rules.errors import Refused
from services.proposals import queries as q


def register_by_hand(user, values: dict, proposers: list[dict]) -> Proposal:
    """A new item typed in by the office; refused when its kind, session and number are already registered."""
    other = find_registered(values["kind"], values["session_name"], values["number"])
    if other is not None:
        raise Refused(f"{PROPOSAL_KIND_LABELS[other.kind]}{other.session_name}第{other.number}号已登记，不能重复登记", field="number")
    return register(user, values, proposers, via="手工登记")


def assign_all(user, items: list[Proposal], **assignment) -> list[Proposal]:
    """The same 四定 for every item, all or none: the first refusal names its item and refuses the lot."""
    for p in items:
        try:
            p.assign(user, **assignment)
        except Refused as exc:
            raise Refused(f"{p}：{exc.message} 本次批量交办未保存任何一件。") from exc
    return items


def urge_due(user, note: str) -> int:
    """催办 every overdue and nearly due item at once, one urge per item and day; how many were urged."""
    items = db.session.scalars(
        sa.select(Proposal)
        .where(q.level_clause("warn", workcal.rules().yellow_days), Proposal.lead_department_id.is_not(None))
        .options(selectinload(Proposal.urges), selectinload(Proposal.replies))
    ).all()
    urged = [p for p in items if p.allows("urge", user, once_a_day=True)]  # not twice a day
    for p in urged:
        p.urge(user, note, once_a_day=True)
    return len(urged)
