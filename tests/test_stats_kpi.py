"""The three rates on hand-built items whose rates are known (tests/stats_support.kpi_world), with the edge cases:
a reply on the deadline day, one day late, an approved extension, re-handling after 不满意 (open, answered again,
overdue), 会办 and 参阅 items, a contact recorded after the reply, items without feedback, a co-signer's rating."""
from __future__ import annotations

import pytest

from services import proposal_queries as q
from services import stats
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
    from extensions import db

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
    from extensions import db
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
    assert sum(r["total"] for r in rows.values()) == 17
    leaders = {r.key: r for r in stats.by_leader(f, world.office)}
    # 王振华 is in charge of 大气环境处 and leads N13 of 水生态环境处: an item may count under two leaders.
    assert leaders[world.leader.id]["total"] == 15
    assert leaders[world.leader_b.id]["total"] == 2
