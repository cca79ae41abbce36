"""Re-handling (重新办理) is a new round: its own deadline, and its own contact with the deputy.

Decisions pinned here (DOMAIN.md: "Re-handling starts a new round with its own deadline; an earlier round's
extension does not carry over"; the office sends back a draft "where no contact with the deputy is recorded"):
- the round-1 extension stays in the history but no longer counts once the item is reopened;
- the office's contact check on a round-2 draft asks for a contact recorded in round 2 (round 1's do not count).
"""
from __future__ import annotations

from datetime import date

import pytest

from extensions import db
from models.proposals import Proposal
from rules.errors import Refused
from tests.factories import make_proposal
from tests.test_proposals_scenario import fresh, on


def _answer(p, world, sent_on: date, *, contact_on: date | None):
    """The 处室 drafts, its head approves, the office passes, the leader signs, the office sends."""
    if contact_on:
        p.add_contact(world.handler_a, stage="during", method="phone", contact_on=contact_on, participants="周立伟", leader_present=False, deputy_said="")
    p.save_draft(world.handler_a, body="答复", result_class="A", contact_person="周立伟", contact_phone="1", doc_no=f"江南环函〔2026〕{p.round}号")
    for step, who in (("submit_draft", world.handler_a), ("approve_draft", world.head_a), ("pass_draft", world.office), ("sign_off", world.leader)):
        getattr(p, step)(who)
    p.mark_sent(world.office, sent_on)


def _unsatisfied(p, world, day: date):
    p.record_feedback(world.office, p.lead_proposer, met=True, attitude="satisfied", result="unsatisfied", words="", channel="phone", received_on=day)


def _overdue_count() -> int:
    return db.session.scalar(db.select(db.func.count(Proposal.id)).where(Proposal.is_overdue))


def test_a_reopened_item_has_its_own_deadline_and_the_first_rounds_extension_does_not_carry_over(world):
    with on("2026-05-20"):
        p = make_proposal("1101", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        req = p.request_extension(world.handler_a, until=date(2026, 7, 20), reason="需跨部门调研")
        p.decide_extension(world.office, req, approve=True)
        db.session.commit()
        assert p.effective_deadline == date(2026, 7, 20)
    with on("2026-07-10"):
        _answer(p, world, date(2026, 7, 10), contact_on=date(2026, 7, 1))
        db.session.commit()
    # The deputy is not satisfied on 27 July, after the extended deadline of round 1 has passed.
    with on("2026-07-27"):
        _unsatisfied(p, world, date(2026, 7, 27))
        db.session.commit()
        p = fresh(p)
        # One month from the rating: 27 August 2026 (a Thursday).
        assert (p.round, p.state, p.rehandle_deadline) == (2, "rehandling", date(2026, 8, 27))
        assert p.effective_deadline == date(2026, 8, 27)
        assert p.extended_deadline is None
        assert not p.is_overdue and p.deadline_level == "green" and _overdue_count() == 0
        # The round-1 extension stays on record, as approved in round 1.
        assert [(r.round, r.state, r.requested_until) for r in p.extension_requests] == [(1, "approved", date(2026, 7, 20))]
    with on("2026-08-28"):
        assert fresh(p).is_overdue and _overdue_count() == 1


def test_the_office_needs_a_contact_recorded_in_the_current_round_before_passing_a_round_two_draft(client, world, as_user):
    with on("2026-04-10"):
        p = make_proposal("1102", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        _answer(p, world, date(2026, 4, 10), contact_on=date(2026, 4, 8))
        _unsatisfied(p, world, date(2026, 4, 10))
        db.session.commit()
        assert p.round == 2 and len(p.contacts) == 1
    with on("2026-04-20"):
        p = fresh(p)
        p.save_draft(world.handler_a, body="重新答复", result_class="A", contact_person="周立伟", contact_phone="1", doc_no="江南环函〔2026〕9号")
        p.submit_draft(world.handler_a)
        p.approve_draft(world.head_a)
        db.session.commit()
        # Round 1's call does not count for round 2: the office may not pass the draft, by the verb or the screen.
        with pytest.raises(Refused, match="尚无与代表/委员的沟通记录"):
            p.pass_draft(world.office)
        db.session.rollback()
        response = as_user("office").post(f"/proposals/{p.id}/draft/pass", data={"version": fresh(p).version}, follow_redirects=True)
        assert "尚无与代表/委员的沟通记录" in response.get_data(as_text=True)
        assert fresh(p).state == "office_review"
        # A contact recorded in round 2 lets it through.
        p = fresh(p)
        p.add_contact(world.handler_a, stage="after", method="meeting", contact_on=date(2026, 4, 18), participants="周立伟", leader_present=True, deputy_said="")
        p.pass_draft(world.office)
        db.session.commit()
        assert fresh(p).state == "awaiting_signoff"
        assert sorted(c.round for c in fresh(p).contacts) == [1, 2]
