"""Deadlines with a frozen clock, across the 2026 Spring Festival and its make-up working Saturdays (调休)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from extensions import db
from models.proposals import Proposal
from models import audit
from models import workcal
from rules.workdays import package_known_years, predict_year
from services.proposals import queries as q
from tests.factories import make_proposal
from tests.test_proposals_scenario import fresh, on


def test_a_statutory_deadline_on_a_spring_festival_day_moves_to_the_first_working_day(world):
    # 16 Nov 2025 + 3 months = 16 Feb 2026, the second day of the Spring Festival break (15–23 Feb): Tue 24 Feb.
    p = make_proposal("0101", assigned_on=date(2025, 11, 16))
    assert p.statutory_deadline == date(2026, 2, 24)
    # 14 Feb 2026 is a Saturday but a make-up working day: the deadline stays on it.
    assert make_proposal("0102", assigned_on=date(2025, 11, 14)).statutory_deadline == date(2026, 2, 14)
    # A CPPCC proposal has its own rule (3 months by default), a co-handled item the one-month opinion rule.
    assert make_proposal("0103", kind="cppcc", assigned_on=date(2025, 11, 16)).statutory_deadline == date(2026, 2, 24)
    assert make_proposal("0104", bureau_role="co", assigned_on=date(2026, 1, 15)).statutory_deadline == date(2026, 2, 24)
    assert make_proposal("0105", bureau_role="reference").statutory_deadline is None


def test_the_return_window_counts_five_working_days_across_the_festival(client, world, as_user):
    with on("2026-02-11"):
        p = make_proposal("0201", assigned_on=date(2026, 2, 11), lead=world.air, leader=world.leader)
        # Thu 12, Fri 13, Sat 14 (调休), then the break, Tue 24, Wed 25.
        assert p.return_window_end() == date(2026, 2, 25)
    with on("2026-02-26"):
        dept = as_user("handler_a")
        response = dept.post(f"/proposals/{p.id}/return-request", data={"version": fresh(p).version, "rr-reason": "不属于本处室", "rr-suggested_department_id": world.water.id}, follow_redirects=True)
        assert "已超过期限" in response.get_data(as_text=True)
        assert fresh(p).state == "assigned"
    with on("2026-02-25"):
        dept = as_user("handler_a")
        dept.post(f"/proposals/{p.id}/return-request", data={"version": fresh(p).version, "rr-reason": "属水环境管理职责", "rr-suggested_department_id": world.water.id})
        assert fresh(p).state == "return_requested"


@pytest.mark.parametrize(
    "today, level, label",
    [("2026-02-16", "green", "剩 8 天"), ("2026-02-17", "yellow", "剩 7 天"), ("2026-02-24", "yellow", "今天到期"), ("2026-02-25", "red", "超期 1 天")],
)
def test_the_colour_of_a_deadline_and_the_list_filter_agree(client, world, as_user, today, level, label):
    p = make_proposal("0301", assigned_on=date(2025, 11, 16), lead=world.air, leader=world.leader)
    assert p.statutory_deadline == date(2026, 2, 24)
    with on(today):
        assert fresh(p).deadline_level == level
        rules = workcal.rules()
        for name in ("green", "yellow", "red"):
            found = db.session.scalar(db.select(db.func.count(Proposal.id)).where(q.level_clause(name, rules.yellow_days)))
            assert found == (1 if name == level else 0), name
        assert fresh(p).is_overdue == (level == "red")
        assert db.session.scalar(db.select(db.func.count(Proposal.id)).where(Proposal.is_overdue)) == (1 if level == "red" else 0)
        page = as_user("handler_a").get("/proposals/inbox").get_data(as_text=True)
        assert f"badge-level-{level}" in page and label in page


def test_a_rehandling_round_gets_one_month_from_the_rating_rolled_past_the_festival(world):
    with on("2026-01-05"):
        p = make_proposal("0401", assigned_on=date(2025, 10, 20), lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        p.add_contact(world.handler_a, stage="before", method="phone", contact_on=date(2026, 1, 5), participants="周立伟", leader_present=False, deputy_said="")
        p.save_draft(world.handler_a, body="答复", result_class="A", contact_person="周立伟", contact_phone="1", doc_no="江南环函〔2026〕2号")
        for step, who in (("submit_draft", world.handler_a), ("approve_draft", world.head_a), ("pass_draft", world.office), ("sign_off", world.leader)):
            getattr(p, step)(who)
        p.mark_sent(world.office, date(2026, 1, 5))
    with on("2026-01-20"):
        p.record_feedback(world.office, p.lead_proposer, met=True, attitude="satisfied", result="unsatisfied", words="", channel="phone", received_on=date(2026, 1, 20))
        db.session.commit()
        # 20 Feb is inside the break: 24 Feb. The earlier statutory deadline stays stored and shown.
        assert (p.round, p.rehandle_deadline, p.effective_deadline, p.statutory_deadline) == (2, date(2026, 2, 24), date(2026, 2, 24), date(2026, 1, 20))


def test_editing_the_holiday_table_recomputes_open_items_but_not_manual_or_answered_ones(client, world, as_user):
    with on("2026-03-01"):
        admin = as_user("admin")
        admin.post("/admin/workdays/fill", data={"year": "2026"})
        open_item = make_proposal("0501", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
        manual = make_proposal("0502", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
        manual.assign(world.office, lead_department=world.air, responsible_leader=world.leader,
                      statutory_deadline=date(2026, 6, 30), override_reason="交办机构同意延后")
        ended = make_proposal("0503", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
        ended.withdraw(world.office, "代表撤回")
        db.session.commit()
        assert open_item.statutory_deadline == date(2026, 6, 18)

        # A provincial decision makes 18 June a day off.
        admin = as_user("admin")
        response = admin.post("/admin/workdays", data={"day": "2026-06-18", "kind": "holiday", "name": "地方调整"})
        assert response.status_code == 303
        # 19 June is the Dragon Boat Festival, then a weekend: Monday 22 June.
        assert fresh(open_item).statutory_deadline == date(2026, 6, 22)
        assert fresh(manual).statutory_deadline == date(2026, 6, 30)
        assert fresh(ended).statutory_deadline == date(2026, 6, 18)
        entry = [e for e in audit.entries_for("proposal", open_item.id) if e.action == "deadline_recompute"][0]
        assert entry.changes["statutory_deadline"] == ["2026-06-18", "2026-06-22"]


def test_changing_the_statutory_deadline_needs_a_reason_and_is_audited(client, world, as_user):
    p = make_proposal("0601", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
    office = as_user("office")
    data = {"version": p.version, "lead_department_id": world.air.id, "responsible_leader_id": world.leader.id, "bureau_role": "lead",
            "statutory_override": "2026-06-30"}
    response = office.post(f"/proposals/{p.id}/assign", data=data)
    assert response.status_code == 422 and "调整法定期限须填写理由" in response.get_data(as_text=True)
    assert fresh(p).statutory_deadline == date(2026, 6, 18)
    response = office.post(f"/proposals/{p.id}/assign", data={**data, "override_reason": "交办机构同意延后"})
    assert response.status_code == 303
    p = fresh(p)
    assert (p.statutory_deadline, p.statutory_overridden) == (date(2026, 6, 30), True)
    entry = [e for e in audit.entries_for("proposal", p.id) if e.action == "deadline_override"][0]
    assert "交办机构同意延后" in entry.summary and entry.changes["statutory_deadline"] == ["2026-06-18", "2026-06-30"]
    page = office.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "人工调整" in page and "规则为 2026-06-18" in page


def test_a_year_not_yet_published_is_predicted_and_says_so(client, world, as_user):
    # The first year the holiday package does not know (not a fixed year: an upgrade adds years).
    year = package_known_years()[-1] + 1
    p = make_proposal("0701", assigned_on=date(year - 1, 10, 20), lead=world.air, leader=world.leader)
    days_off = {d for d, _kind, _name in predict_year(year)}
    expected = date(year, 1, 20)
    while expected.weekday() >= 5 or expected in days_off:
        expected += timedelta(days=1)
    assert p.statutory_deadline == expected
    page = as_user("office").get(f"/proposals/{p.id}").get_data(as_text=True)
    assert f"{year} 年节假日按法定节假日预测，调休安排公布后可能调整" in page


def test_an_extension_is_asked_for_approved_and_shown_beside_the_original(client, world, as_user):
    with on("2026-05-20"):
        p = make_proposal("0801", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
        dept = as_user("handler_a")
        dept.post(f"/proposals/{p.id}/sign-for", data={"version": p.version})
        # Beyond the six-month maximum (18 Sep 2026) is refused.
        response = dept.post(f"/proposals/{p.id}/extension", data={"version": fresh(p).version, "ext-until": "2026-10-08", "ext-reason": "需跨部门调研"}, follow_redirects=True)
        assert "不能晚于规定的最长期限 2026-09-18" in response.get_data(as_text=True)
        dept.post(f"/proposals/{p.id}/extension", data={"version": fresh(p).version, "ext-until": "2026-08-18", "ext-reason": "需跨部门调研"})
        p = fresh(p)
        assert p.pending_extension and p.effective_deadline == date(2026, 6, 18)
        office = as_user("office")
        office.post(f"/proposals/extensions/{p.pending_extension.id}/decide", data={"de-decision": "approve", "version": p.version})
        p = fresh(p)
        assert (p.extended_deadline, p.effective_deadline, p.statutory_deadline) == (date(2026, 8, 18), date(2026, 8, 18), date(2026, 6, 18))
        page = office.get(f"/proposals/{p.id}").get_data(as_text=True)
        assert "延期至" in page and 'lx-deadline-old">2026-06-18' in page and "已同意" in page


def test_an_extension_refused_keeps_the_deadline_and_needs_a_reason(client, world, as_user):
    with on("2026-05-20"):
        p = make_proposal("0802", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        req = p.request_extension(world.handler_a, until=date(2026, 7, 18), reason="调研")
        db.session.commit()
        office = as_user("office")
        response = office.post(f"/proposals/extensions/{req.id}/decide", data={"version": fresh(p).version, "de-decision": "refuse"}, follow_redirects=True)
        assert "不同意延期须说明理由" in response.get_data(as_text=True)
        office.post(f"/proposals/extensions/{req.id}/decide", data={"version": fresh(p).version, "de-decision": "refuse", "de-note": "请按期办理"})
        p = fresh(p)
        assert p.extended_deadline is None and p.extension_requests[0].state == "refused"


def test_a_batch_assignment_keeps_a_deadline_set_by_hand(client, world, as_user):
    p = make_proposal("0901", assigned_on=date(2026, 3, 18))
    p.assign(world.office, lead_department=world.water, responsible_leader=world.leader_b,
             statutory_deadline=date(2026, 6, 30), override_reason="交办机构同意延后")
    db.session.commit()
    as_user("office").post("/proposals/batch-assign", data={"ids": [p.id], "lead_department_id": world.air.id, "responsible_leader_id": world.leader.id})
    p = fresh(p)
    assert (p.lead_department_id, p.statutory_deadline, p.statutory_overridden) == (world.air.id, date(2026, 6, 30), True)
