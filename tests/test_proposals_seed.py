"""seed-demo: about 60 items in every state, with full timelines, for each role's pages."""
from __future__ import annotations

from collections import Counter

from extensions import db
from models.audit import AuditEntry
from models.org import User
from models.proposals import Commitment, Feedback, Proposal, ProposalMeeting
from services import demo
from rules import clock
from tests.conftest import login
from tests.test_facts import assert_in_step


def test_seed_demo_walks_every_demo_item_into_its_stage(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "建议提案 60 件" in result.output
    items = db.session.scalars(db.select(Proposal)).all()
    story = demo.load(clock.today())
    assert Counter(p.state for p in items) == Counter(s["stage"] for s in story.proposals)
    by_key = {(p.kind, p.session_name, p.number): p for p in items}
    for spec in story.proposals:
        p = by_key[(spec["kind"], spec["session_name"], spec["number"])]
        assert p.lead_department.name == spec["lead_dept"] and len(p.contacts) == len(spec["contacts"]), spec["ref"]
        if spec["replied_on"]:
            assert str(p.replied_on) == spec["replied_on"] if spec["stage"] != "rehandling" else p.round == 2
    # Timelines carry the story's dates, not the day the demo was generated.
    first = by_key[("npc", "省十四届人大三次会议", "0216")]
    entries = db.session.scalars(db.select(AuditEntry).filter_by(object_type="proposal", object_id=first.id).order_by(AuditEntry.id)).all()
    assert entries[0].at.year == 2025 and [e.action for e in entries][:3] == ["create", "assign", "sign_for"]
    assert db.session.scalar(db.select(db.func.count(Feedback.id))) > 20
    assert db.session.scalar(db.select(db.func.count(Commitment.id)).where(Commitment.done_on.is_(None))) > 3
    leader = db.session.scalars(db.select(User).filter_by(username="leader")).one()
    assert db.session.scalar(db.select(db.func.count(ProposalMeeting.id)).where(ProposalMeeting.leader_id == leader.id)) >= 2
    # The seeders work through the verbs: every item's row of statistics facts followed them.
    assert_in_step()

    # Every page of every role answers, and dept and dept2 see different items.
    login(client, "office", "demo-2026")
    for p in items:
        page = client.get(f"/proposals/{p.id}")
        assert page.status_code == 200 and p.title in page.get_data(as_text=True) and f"第{p.number}号" in page.get_data(as_text=True), p
    listed = client.get("/proposals/?year=").get_data(as_text=True)
    assert f"共 {len(items)} 件" in listed
    seen = {}
    for username in ("dept", "dept2"):
        client.post("/logout")
        login(client, username, "demo-2026")
        inbox = client.get("/proposals/inbox")
        assert inbox.status_code == 200
        seen[username] = inbox.get_data(as_text=True)
    assert "大气环境处" in seen["dept"] and "水生态环境处" in seen["dept2"] and seen["dept"] != seen["dept2"]
    client.post("/logout")
    login(client, "leader", "demo-2026")
    assert "待我签发" in client.get("/").get_data(as_text=True)
    charge = set(leader.charge_department_ids)
    # "Mine" (issue 12): items whose lead 处室 is in their charge, or that they are responsible for or lead.
    mine = [p for p in items if leader.id in (p.responsible_leader_id, p.leading_leader_id)
            or p.lead_department_id in charge]
    page = client.get("/proposals/?scope=mine&year=").get_data(as_text=True)
    assert mine and f"共 {len(mine)} 件" in page
