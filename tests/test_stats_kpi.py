"""The three rates on hand-built items whose rates are known (tests/stats_support.kpi_world), with the edge cases:
a reply on the deadline day, one day late, an approved extension, re-handling after 不满意 (open, answered again,
overdue), 会办 and 参阅 items, a contact recorded after the reply, items without feedback, a co-signer's rating."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from extensions import db
from services.proposals import queries as q
from services.stats import figures as stats
from tests.factories import make_proposal
from tests.stats_support import EXPECTED_2026, TODAY, frozen, kpi_world


@pytest.fixture
def kpi(app, world):
    with frozen(TODAY):
        yield kpi_world(world)


def counts(user, **filters):
    return stats.count(stats.Filters(**{"year": 2026, **filters}), user)


def test_the_bureau_figures_for_2026_are_the_ones_worked_out_by_hand(kpi, world):
    c = counts(world.office)
    got = {k: c[k] for k in EXPECTED_2026}
    assert got == EXPECTED_2026


def test_the_three_rates_read_as_the_office_reports_them(kpi, world):
    c = counts(world.office)
    assert c.comm.text == "75.0%（6/8）"
    assert c.ontime.text == "72.7%（8/11）"
    assert c.sat.text == "75.0%（6/8）"
    assert c.sat_only.text == "50.0%（4/8）"
    assert c.attitude.text == "75.0%（6/8）"
    assert c.class_a.text == "50.0%（5/10）"


def test_states_partition_the_items(kpi, world):
    c = counts(world.office)
    assert sum(c[k] for k in stats.STATE_FIGURES) == c["total"]


def _ids(key, user, **filters):
    f = stats.Filters(**{"year": 2026, **filters})
    return {p.number for p in db.session.scalars(stats.figure_query(key, f, user))}


def test_reply_on_the_deadline_day_is_on_time_and_one_day_late_is_not(kpi, world):
    on_time = _ids("ontime_num", world.office)
    assert "N01" in on_time and "N02" not in on_time
    assert _ids("late_replied", world.office) == {"N02"}


def test_an_approved_extension_moves_the_deadline(kpi, world):
    assert "N03" in _ids("ontime_num", world.office)


def test_a_contact_recorded_after_the_reply_does_not_count_but_one_on_the_reply_day_does(kpi, world):
    comm = _ids("comm_num", world.office)
    assert "N04" not in comm and "N13" in comm
    assert _ids("comm_missing", world.office) == {"N04", "N14"}


def test_the_meeting_rate_counts_face_to_face_contacts_before_the_reply(kpi, world):
    """见面座谈 (N01) and a round-2 调研 (N06) count; a 走访 after the reply (N04), 视频 and 电话 do not."""
    assert _ids("meet_num", world.office) == {"N01", "N06"}
    assert "N04" in _ids("meet_missing", world.office) and "N13" in _ids("meet_missing", world.office)
    c = counts(world.office)
    assert c.meet.text == "25.0%（2/8）"
    assert c.meet.den_key == "comm_den"  # beside 沟通率, over the same items
    assert _ids("meet_num", world.office) <= _ids("comm_num", world.office)


def test_cohandling_and_reference_items_are_left_out_of_the_communication_rate(kpi, world):
    den = _ids("comm_den", world.office)
    assert "N08" not in den and "N09" not in den
    # 会办 counts for timeliness with its own deadline; 参阅 nowhere.
    assert "N08" in _ids("ontime_num", world.office)
    assert "N09" not in _ids("ontime_den", world.office)


def test_rehandling_counts_on_the_latest_round(kpi, world):
    # Open re-handling round before its deadline: not answered, not overdue, still 不满意.
    assert "N05" not in _ids("ontime_den", world.office) | _ids("comm_den", world.office)
    assert "N05" in _ids("unsatisfied", world.office)
    # Answered again in time: on time, and the new 满意 counts; its latest class is A.
    assert "N06" in _ids("ontime_num", world.office) and "N06" in _ids("sat_only", world.office)
    assert "N06" in _ids("class_A", world.office)
    # Re-handling past its deadline without a new reply: overdue.
    assert "N07" in _ids("overdue", world.office) and "N07" in _ids("ontime_den", world.office)
    assert "N07" not in _ids("ontime_num", world.office)


def test_only_the_lead_proposers_rating_counts(kpi, world):
    assert "N13" in _ids("sat_only", world.office)  # a co-signer's 不满意 does not spoil it
    assert "N14" not in _ids("sat_den", world.office)  # a co-signer's 满意 does not make it rated
    assert _ids("awaiting_feedback", world.office) == {"N04", "N14"}


def test_withdrawn_items_count_in_no_rate(kpi, world):
    for key in ("comm_den", "ontime_den", "sat_den", "class_any", "commit_open"):
        assert "N15" not in _ids(key, world.office)
    assert _ids("ended", world.office) == {"N15"}


def test_period_and_type(kpi, world):
    assert counts(world.office, year=2025)["total"] == 1
    assert counts(world.office, year=2025).ontime.text == "0.0%（0/1）"
    assert counts(world.office, kind="npc")["total"] == 16
    assert counts(world.office, kind="cppcc")["total"] == 1
    assert counts(world.office, year=None, session="省政协十三届四次会议")["total"] == 1
    assert counts(world.office, year=0)["total"] == 18  # every year


def test_a_rate_with_nothing_to_count_shows_a_dash(kpi, world):
    c = counts(world.office, year=2024)
    assert c.comm.text == "—（0/0）" and c.comm.value is None


def test_lead_satisfied_clause_and_the_dashboard_agree(kpi, world):
    """The proposal list's ``lead_satisfied_clause`` and the dashboard's ``lead_rating_clause`` are one fact."""
    from models.proposals import Proposal

    for results in (("satisfied", "basically"), ("satisfied",), ("unsatisfied",)):
        a = set(db.session.scalars(db.select(Proposal.number).where(q.lead_satisfied_clause(results))))
        b = set(db.session.scalars(db.select(Proposal.number).where(q.lead_rating_clause("result", results))))
        assert a == b


def test_by_department_and_by_leader(kpi, world):
    f = stats.Filters(year=2026)
    rows = {r.label: r for r in stats.by_department(f, world.office)}
    assert rows["大气环境处"]["total"] == 14 and rows["水生态环境处"]["total"] == 2 and rows["（未四定）"]["total"] == 1
    assert rows["大气环境处"].comm.text == "83.3%（5/6）"
    assert rows["水生态环境处"].comm.text == "50.0%（1/2）"
    assert rows["大气环境处"].meet.text == "33.3%（2/6）" and rows["水生态环境处"].meet.text == "0.0%（0/2）"
    assert sum(r["total"] for r in rows.values()) == 17
    leaders = {r.key: r for r in stats.by_leader(f, world.office)}
    # 王振华 is in charge of 大气环境处 and leads N13 of 水生态环境处: an item may count under two leaders.
    assert leaders[world.leader.id]["total"] == 15
    assert leaders[world.leader_b.id]["total"] == 2
    assert leaders[world.leader.id].meet.text == "28.6%（2/7）"


def _answer(p, world, day, result_class="A", doc_no="江南环函〔2026〕1号"):
    """The 处室 drafts, the head approves, the office passes, the leader signs, the office sends — all on ``day``."""
    with frozen(day):
        p.save_draft(world.handler_a, body="答复正文", result_class=result_class, contact_person="周立伟", contact_phone="0571-87654321",
                     doc_no=doc_no, commitment_text="年底前完成整治" if result_class in "BC" else "", commitment_due_on=date(2026, 12, 31))
        p.submit_draft(world.handler_a)
        p.approve_draft(world.head_a)
        p.pass_draft(world.office)
        p.sign_off(world.leader)
        p.mark_sent(world.office, day)
        db.session.commit()


def test_the_rates_follow_an_item_walked_through_the_verbs(app, world):
    """1037 is assigned, contacted, answered on its deadline day, rated 不满意, re-handled, answered again late,
    then rated 满意 — the figures follow at every step."""
    def figures(day):
        with frozen(day):
            c = counts(world.office)
        return {k: c[k] for k in ("comm_num", "comm_den", "ontime_num", "ontime_den", "sat_num", "sat_den", "overdue",
                                  "awaiting_feedback", "state_rehandling", "class_B", "commit_open")}

    with frozen(date(2026, 3, 18)):
        p = make_proposal("1037", lead=world.air, leader=world.leader, assigned_on=date(2026, 3, 18))
        p.sign_for(world.handler_a)
        db.session.commit()
    deadline = p.statutory_deadline
    with frozen(date(2026, 4, 2)):
        p.add_contact(world.handler_a, stage="before", method="meeting", contact_on=date(2026, 4, 2), participants="周立伟；顾振宇代表",
                      leader_present=True, deputy_said="希望加快监测站建设")
        db.session.commit()
    _answer(p, world, deadline, "B")
    assert figures(deadline) == {"comm_num": 1, "comm_den": 1, "ontime_num": 1, "ontime_den": 1, "sat_num": 0, "sat_den": 0,
                                 "overdue": 0, "awaiting_feedback": 1, "state_rehandling": 0, "class_B": 1, "commit_open": 1}
    # 不满意: a second round starts, with a one-month deadline.
    with frozen(date(2026, 6, 25)):
        p.record_feedback(world.office, p.lead_proposer, met=True, attitude="basically", result="unsatisfied", words="进度太慢",
                          channel="receipt", received_on=date(2026, 6, 25))
        db.session.commit()
    assert p.state == "rehandling" and p.rehandle_deadline
    step = figures(date(2026, 6, 26))
    assert step["state_rehandling"] == 1 and step["ontime_den"] == 0 and step["comm_den"] == 0
    assert (step["sat_num"], step["sat_den"]) == (0, 1)
    # The re-handling deadline passes without a new reply: overdue.
    late = p.rehandle_deadline
    step = figures(late + timedelta(days=1))
    assert step["overdue"] == 1 and (step["ontime_num"], step["ontime_den"]) == (0, 1)
    # Answered again two days late, after a new meeting; then 满意.
    with frozen(late + timedelta(days=1)):
        p.add_contact(world.handler_a, stage="during", method="visit", contact_on=late + timedelta(days=1), participants="周立伟",
                      leader_present=False, deputy_said="认可整改方案")
        db.session.commit()
    _answer(p, world, late + timedelta(days=2), "A", doc_no="江南环函〔2026〕2号")
    step = figures(late + timedelta(days=2))
    assert (step["ontime_num"], step["ontime_den"]) == (0, 1) and (step["comm_num"], step["comm_den"]) == (1, 1)
    assert step["class_B"] == 0 and step["awaiting_feedback"] == 1
    assert (step["sat_num"], step["sat_den"]) == (0, 1)  # still the 不满意 until the new rating comes
    with frozen(late + timedelta(days=10)):
        p.record_feedback(world.office, p.lead_proposer, met=True, attitude="satisfied", result="satisfied", words="",
                          channel="phone", received_on=late + timedelta(days=10))
        db.session.commit()
    step = figures(late + timedelta(days=10))
    assert p.state == "closed" and (step["sat_num"], step["sat_den"]) == (1, 1) and step["awaiting_feedback"] == 0
