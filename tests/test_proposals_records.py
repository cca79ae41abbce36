"""The item's records: the 四定 entry, extensions before the deadline, the original deadline beside the extended one (issue 12)."""
from __future__ import annotations

from datetime import date

from extensions import db
from services import audit
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
