"""Hand-built items for the statistics tests: each item is written as it would stand after its history,
so that the expected rates can be worked out by hand (see ``kpi_world``)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace

import time_machine

from extensions import db
from models.proposals import Commitment, ContactRecord, Feedback, Proposal, ProposalDepartment, Proposer, Reply

NPC = "省十四届人大四次会议"
CPPCC = "省政协十三届四次会议"
TODAY = date(2026, 8, 1)


def frozen(day: date = TODAY, hour: int = 10):
    """China local ``day`` at ``hour`` o'clock, frozen."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=timezone.utc), tick=False)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def item(
    number: str,
    *,
    dept=None,
    leader=None,
    leading=None,
    co=(),
    kind: str = "npc",
    year: int = 2026,
    role: str = "lead",
    state: str = "in_progress",
    assigned_on: date = date(2026, 2, 10),
    statutory: date | None = date(2026, 5, 10),
    extended: date | None = None,
    rehandle: date | None = None,
    replied_on: date | None = None,
    round_: int = 1,
    title: str | None = None,
    body: str = "",
    proposers=("顾振宇", "林静"),
    phones=(),
    contacts=(),
    replies=(),
    feedback=(),
    commitments=(),
) -> Proposal:
    """An item as it stands. ``contacts``: (day, round[, method — 电话 by default]); ``replies``: (round, sent_on or None, class);
    ``feedback``: (round, result, attitude, proposer index — 0 is the lead); ``commitments``: (due_on, done_on)."""
    p = Proposal(
        kind=kind, level="provincial", session_name=NPC if kind == "npc" else CPPCC, year=year, period="session",
        number=number, title=title or f"关于测试事项{number}的建议", body=body, bureau_role=role, assigned_on=assigned_on,
        lead_department_id=dept.id if dept else None, responsible_leader_id=leader.id if leader else None,
        leading_leader_id=leading.id if leading else None, is_key=leading is not None,
        statutory_deadline=statutory, extended_deadline=extended, rehandle_deadline=rehandle,
        state=state, round=round_, replied_on=replied_on, closed_on=replied_on if state == "closed" else None,
    )
    for i, name in enumerate(proposers):
        p.proposers.append(Proposer(name=name, is_lead=i == 0, order=i, delegation="临江代表团", phone=phones[i] if i < len(phones) else ""))
    for department in co:
        p.co_links.append(ProposalDepartment(department_id=department.id, role="co"))
    for day, rnd, *how in contacts:
        p.contacts.append(ContactRecord(round=rnd, stage="during", method=how[0] if how else "phone", contact_on=day, participants="承办人", deputy_said="代表表示理解"))
    for rnd, sent_on, cls in replies:
        p.replies.append(Reply(
            round=rnd, state="sent" if sent_on else "draft", sent_on=sent_on, result_class=cls, doc_no=f"江南环函〔2026〕{number}-{rnd}号",
            title=f"关于第{number}号建议的答复", body="答复正文。", contact_person="周立伟", contact_phone="0571-87654321",
        ))
    db.session.add(p)
    db.session.flush()
    for rnd, result, attitude, who in feedback:
        p.feedback.append(Feedback(
            proposer_id=p.proposers[who].id, round=rnd, met=True, attitude=attitude, result=result, channel="receipt",
            received_on=replied_on or assigned_on,
        ))
    sent = [r for r in p.replies if r.sent_on]
    for due, done in commitments:
        p.commitments.append(Commitment(reply_id=sent[0].id if sent else None, content=f"承诺事项（{number}）", due_on=due, done_on=done))
    db.session.flush()
    return p


def kpi_world(w) -> SimpleNamespace:
    """Eighteen items of which the rates are known (today is 2026-08-01). In 2026, for the whole bureau:

    沟通率 6/8, 见面率 2/8, 按时办结率 8/11, 满意率 6/8 (满意 4/8, 态度 6/8); A 5, B 3, C 1, D 1; overdue 2, yellow 1;
    awaiting feedback 2; open commitments 4 (2 late). See the comment on each item.
    """
    A, B, leader, leader_b = w.air, w.water, w.leader, w.leader_b
    k = SimpleNamespace()
    # Replied on the deadline day: on time. Met (见面座谈) before. 满意.
    k.on_deadline = item("N01", dept=A, leader=leader, state="closed", replied_on=d(5, 10), contacts=[(d(4, 1), 1, "meeting")],
                         replies=[(1, d(5, 10), "A")], feedback=[(1, "satisfied", "satisfied", 0)])
    # One day late. 基本满意. A B answer with an open commitment (not yet due).
    k.day_late = item("N02", dept=A, leader=leader, state="closed", replied_on=d(5, 11), contacts=[(d(4, 1), 1)],
                      replies=[(1, d(5, 11), "B")], feedback=[(1, "basically", "satisfied", 0)], commitments=[(d(12, 31), None)])
    # Approved extension to 6-30, replied 6-20: on time.
    k.extended = item("N03", dept=A, leader=leader, state="closed", extended=d(6, 30), replied_on=d(6, 20), contacts=[(d(6, 1), 1)],
                      replies=[(1, d(6, 20), "A")], feedback=[(1, "satisfied", "basically", 0)])
    # The only contact (a 走访) was recorded after the reply: not counted. Waiting for feedback. C with a late commitment.
    k.contact_after = item("N04", dept=A, leader=leader, state="replied", replied_on=d(5, 1), contacts=[(d(5, 5), 1, "visit")],
                           replies=[(1, d(5, 1), "C")], commitments=[(d(7, 1), None)])
    # 不满意 → re-handling, new deadline 8-20 not yet reached: neither answered nor overdue; counts as 不满意.
    k.rehandling = item("N05", dept=A, leader=leader, state="rehandling", round_=2, rehandle=d(8, 20), replied_on=d(5, 5),
                        contacts=[(d(4, 20), 1)], replies=[(1, d(5, 5), "D"), (2, None, None)],
                        feedback=[(1, "unsatisfied", "basically", 0)])
    # Re-handled and answered again on time (7-15 ≤ 7-20); the lead proposer is now 满意. Latest class A. Met (调研) in round 2.
    k.rehandled = item("N06", dept=A, leader=leader, state="closed", round_=2, rehandle=d(7, 20), replied_on=d(7, 15),
                       contacts=[(d(4, 10), 1), (d(7, 10), 2, "survey")], replies=[(1, d(5, 1), "B"), (2, d(7, 15), "A")],
                       feedback=[(1, "unsatisfied", "unsatisfied", 0), (2, "satisfied", "satisfied", 0)], commitments=[(d(7, 1), d(7, 1))])
    # Re-handling past its deadline (7-25) without a new reply: overdue, not on time; still 不满意.
    k.rehandle_overdue = item("N07", dept=A, leader=leader, state="rehandling", round_=2, rehandle=d(7, 25), replied_on=d(5, 1),
                              contacts=[(d(4, 25), 1)], replies=[(1, d(5, 1), "B"), (2, None, None)],
                              feedback=[(1, "unsatisfied", "unsatisfied", 0)], commitments=[(d(6, 30), None)])
    # 会办: opinion sent on time; left out of 沟通率 (no contact at all) and of 满意率.
    k.cohandling = item("N08", dept=A, leader=leader, role="co", state="closed", statutory=d(3, 10), replied_on=d(3, 5),
                        replies=[(1, d(3, 5), None)])
    # 参阅: no answer, no deadline: counts nowhere but in the totals.
    k.reference = item("N09", dept=A, leader=leader, role="reference", state="closed", statutory=None)
    # Open and past its deadline (red).
    k.overdue = item("N10", dept=A, leader=leader, statutory=d(7, 20))
    # Open, due in 4 days (yellow).
    k.yellow = item("N11", dept=A, leader=leader, statutory=d(8, 5))
    # Open, due in two months (green).
    k.green = item("N12", dept=A, leader=leader, statutory=d(10, 1))
    # Water: a contact (视频: not face to face) on the reply day counts; a co-signer's 不满意 does not count. Led (领办) by the air leader.
    k.water_ok = item("N13", dept=B, leader=leader_b, leading=leader, state="closed", replied_on=d(5, 2), contacts=[(d(5, 2), 1, "video")],
                      replies=[(1, d(5, 2), "A")], feedback=[(1, "satisfied", "satisfied", 0), (1, "unsatisfied", "unsatisfied", 1)])
    # 分办 without any contact; only a co-signer has answered: not in 满意率, still waiting for feedback. Air co-handles it.
    k.separate = item("N14", dept=B, leader=leader_b, co=[A], role="separate", state="replied", replied_on=d(5, 9),
                      replies=[(1, d(5, 9), "A")], feedback=[(1, "satisfied", "satisfied", 1)])
    # Withdrawn (its deadline passed): counts in no rate.
    k.withdrawn = item("N15", dept=A, leader=leader, state="withdrawn")
    # A CPPCC proposal: 基本满意 with the result, 不满意 with the attitude. B with an open commitment.
    k.cppcc = item("N16", kind="cppcc", dept=A, leader=leader, state="closed", replied_on=d(4, 1), contacts=[(d(3, 20), 1)],
                   replies=[(1, d(4, 1), "B")], feedback=[(1, "basically", "unsatisfied", 0)], commitments=[(d(9, 30), None)])
    # Not yet given its 四定.
    k.unassigned = item("N17", state="assigned", statutory=d(9, 1))
    # Last year's, replied late: outside 2026.
    k.last_year = item("N18", dept=A, leader=leader, year=2025, assigned_on=d(2, 10, 2025), statutory=d(5, 10, 2025), state="closed",
                       replied_on=d(6, 1, 2025), contacts=[(d(4, 1, 2025), 1)], replies=[(1, d(6, 1, 2025), "A")],
                       feedback=[(1, "satisfied", "satisfied", 0)])
    db.session.commit()
    return k


# What kpi_world gives for 2026, the whole bureau.
EXPECTED_2026 = {
    "total": 17, "comm_num": 6, "comm_den": 8, "comm_missing": 2, "meet_num": 2, "meet_missing": 6, "ontime_num": 8, "ontime_den": 11, "late_replied": 1,
    "answered": 9, "overdue": 2, "yellow": 1, "sat_num": 6, "sat_den": 8, "sat_only": 4, "sat_basic": 2, "unsatisfied": 2,
    "att_num": 6, "awaiting_feedback": 2, "class_A": 5, "class_B": 3, "class_C": 1, "class_D": 1, "class_any": 10,
    "commit_open": 4, "commit_late": 2, "state_closed": 8, "state_replied": 2, "state_rehandling": 2, "state_in_progress": 3,
    "state_withdrawn": 1, "state_unassigned": 1, "state_assigned": 0, "ended": 1, "key": 1,
}
