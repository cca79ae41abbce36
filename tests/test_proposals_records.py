"""The item's records: the 四定 entry, extensions before the deadline, the original deadline beside the extended one (issue 12)."""
from __future__ import annotations

from datetime import date

from extensions import db
from models import audit
from tests.factories import make_proposal
from tests.test_proposals_scenario import fresh, on

FOUR_FIXES = {"responsible_leader_id", "lead_department", "co_departments", "requirements", "statutory_deadline",
              "internal_deadline", "cohandling_deadline"}


def _assign_entry(p):
    return next(e for e in audit.entries_for("proposal", p.id) if e.action in ("assign", "update_assignment", "reassign"))


def test_every_four_fixes_entry_records_all_four_old_to_new(client, world, as_user):
    single = make_proposal("2001")
    batch = [make_proposal(n) for n in ("2002", "2003", "2004")]
    with on("2026-03-20"):
        office = as_user("office")
        response = office.post(f"/proposals/{single.id}/assign", data={
            "version": single.version, "lead_department_id": world.air.id, "responsible_leader_id": world.leader.id,
            "co_department_ids": [world.water.id], "requirements": "答复前须与代表见面", "internal_deadline": "2026-06-01",
            "bureau_role": "lead", "leading_leader_id": 0})
        assert response.status_code in (200, 303)
        response = office.post("/proposals/batch-assign", data={
            "ids": [p.id for p in batch], "lead_department_id": world.air.id, "responsible_leader_id": world.leader.id,
            "requirements": "答复前须与代表见面沟通", "internal_deadline": "2026-06-05"})
        assert response.status_code == 303
    for p in [single, *batch]:
        entry = _assign_entry(fresh(p))
        assert FOUR_FIXES <= set(entry.changes), (p.number, entry.changes)
        assert entry.changes["responsible_leader_id"] == [None, "王振华"]
        assert entry.changes["lead_department"] == [None, "大气环境处"]
        assert entry.changes["statutory_deadline"][1] == "2026-06-18"
    assert _assign_entry(fresh(single)).changes["internal_deadline"] == [None, "2026-06-01"]
    assert _assign_entry(fresh(single)).changes["co_departments"] == ["（无）", "水生态环境处"]
    assert _assign_entry(fresh(batch[0])).changes["requirements"] == [None, "答复前须与代表见面沟通"]

    # A later change of one 定 still records the other three, unchanged, old → new.
    p = fresh(single)
    p.assign(world.office, lead_department=world.air, responsible_leader=world.leader_b, co_departments=[world.water],
             requirements="答复前须与代表见面", internal_deadline=date(2026, 6, 1), cohandling_deadline=p.cohandling_deadline)
    db.session.commit()
    last = [e for e in audit.entries_for("proposal", p.id) if e.action == "update_assignment"][-1]
    assert FOUR_FIXES <= set(last.changes)
    assert last.changes["responsible_leader_id"] == ["王振华", "刘文清"]
    assert last.changes["lead_department"] == ["大气环境处", "大气环境处"]


# -- extensions before the deadline; 超期说明 -------------------------------------------------------


def _ontime(office):
    from services.stats import figures as stats

    return stats.count(stats.Filters(year=2026), office).ontime.text


def test_an_extension_asked_for_after_the_deadline_is_refused_and_does_not_rescue_the_rate(client, world, as_user):
    from tests.stats_support import d, item

    # 交办 2026-01-05: due 2026-04-07. One item answered on time, two still open.
    item("9001", dept=world.air, leader=world.leader, state="replied", assigned_on=d(1, 5), statutory=d(4, 7), replied_on=d(4, 1),
         replies=[(1, d(4, 1), "A")])
    late = item("9002", dept=world.air, leader=world.leader, assigned_on=d(1, 5), statutory=d(4, 7))
    timely = item("9003", dept=world.air, leader=world.leader, assigned_on=d(1, 5), statutory=d(4, 7))
    db.session.commit()
    with on("2026-04-07"):  # the deadline day: still in time
        handler = as_user("handler_a")
        handler.post(f"/proposals/{timely.id}/extension", data={"ext-until": "2026-05-29", "ext-reason": "需会同多部门调研",
                                                                   "version": timely.version})
        assert fresh(timely).pending_extension is not None
    with on("2026-04-08"):  # one day overdue
        assert _ontime(world.office) == "33.3%（1/3）"
        handler = as_user("handler_a")
        page = handler.get(f"/proposals/{late.id}").get_data(as_text=True)
        assert "提交延期申请" not in page and "不能再申请延期" in page and "填写超期说明" in page
        response = handler.post(f"/proposals/{late.id}/extension", data={
            "ext-until": "2026-05-29", "ext-reason": "需会同多部门调研", "version": late.version}, follow_redirects=True)
        assert "延期须在期限届满前申请" in response.get_data(as_text=True)
        assert fresh(late).extension_requests == []
        # The request made in time is approved after the deadline: that one counts.
        office = as_user("office")
        ext = fresh(timely).pending_extension
        assert office.post(f"/proposals/extensions/{ext.id}/decide", data={
            "de-decision": "approve", "version": fresh(timely).version}).status_code == 303
        assert fresh(timely).effective_deadline == date(2026, 5, 29)
        # 按时办结率: the late item stays overdue (1 on time of 1 answered + 1 overdue).
        assert _ontime(world.office) == "50.0%（1/2）"

        handler = as_user("handler_a")
        handler.post(f"/proposals/{late.id}/overdue-note", data={"od-text": "待省发展改革委会签意见", "version": fresh(late).version})
        assert fresh(late).overdue_note == "待省发展改革委会签意见"
        assert "超期说明：</strong>待省发展改革委会签意见" in handler.get(f"/proposals/{late.id}").get_data(as_text=True)
        assert _ontime(world.office) == "50.0%（1/2）"


def test_a_request_made_after_the_deadline_cannot_be_approved(world):
    from models.proposals import ExtensionRequest
    from rules.errors import Refused
    from tests.stats_support import d, item

    late = item("9004", dept=world.air, leader=world.leader, assigned_on=d(1, 5), statutory=d(4, 7))
    # As an older version of the app let it be filed: a day after the deadline.
    late.extension_requests.append(ExtensionRequest(department_id=world.air.id, reason="调研", requested_until=d(5, 29),
                                                    original_deadline=d(4, 7), requested_on=d(4, 8)))
    db.session.commit()
    with on("2026-04-09"):
        try:
            late.decide_extension(world.office, late.pending_extension, approve=True)
        except Refused as exc:
            assert "已超过办理期限" in exc.message
        else:
            raise AssertionError("approved a request made after the deadline")
        assert late.extended_deadline is None and late.is_overdue


def test_the_item_page_the_rate_list_and_the_ledger_show_the_original_deadline_beside_the_extended_one(client, world, as_user):
    import io

    from openpyxl import load_workbook

    from tests.stats_support import d, item

    p = item("9005", dept=world.air, leader=world.leader, state="replied", assigned_on=d(1, 5), statutory=d(4, 7), extended=d(5, 29),
             replied_on=d(5, 20), replies=[(1, d(5, 20), "A")])
    db.session.commit()
    with on("2026-06-01"):
        office = as_user("office")
        page = office.get(f"/proposals/{p.id}").get_data(as_text=True)
        assert "2026-05-29（原期限 2026-04-07）" in page
        listing = office.get("/dashboard/items?figure=ontime_num&year=2026").get_data(as_text=True)
        assert "共 1 件" in listing and "已延期，原期限 2026-04-07" in listing
        book = load_workbook(io.BytesIO(office.get("/dashboard/export/ledger.xlsx?year=2026").data))
        ws = book.active
        header = [c.value for c in ws[1]]
        row = next(r for r in ws.iter_rows(values_only=True) if "9005" in r)
        values = dict(zip(header, row))
        assert (str(values["法定期限"])[:10], str(values["延期后期限"])[:10]) == ("2026-04-07", "2026-05-29")
        assert "超期说明" in header
