"""Side paths and the htmx components of the item page: return/adjust, 参阅 and 会办 items, withdrawal and
merging, 面商, co-handling opinions, draft checks, and the fragments the page swaps in place."""
from __future__ import annotations

import re
from datetime import date, datetime

from extensions import db
from models.proposals import Proposal, ProposalMeeting, ReturnRequest
from models import audit
from rules import clock
from tests.factories import make_proposal
from tests.test_proposals_scenario import fresh, on

HX = {"HX-Request": "true"}


def test_a_department_asks_to_return_the_office_approves_and_the_item_moves_with_its_history(client, world, as_user):
    with on("2026-03-19"):
        p = make_proposal("1001", lead=world.air, leader=world.leader, assigned_on=date(2026, 3, 18))
        dept = as_user("handler_a")
        response = dept.post(f"/proposals/{p.id}/return-request", data={
            "version": p.version, "rr-reason": "属于入河排污口管理，应由水生态环境处办理", "rr-suggested_department_id": world.water.id})
        assert response.status_code == 303 and fresh(p).state == "return_requested"
        office = as_user("office")
        page = office.get(f"/proposals/{p.id}").get_data(as_text=True)
        assert "大气环境处申请退回" in page and "属于入河排污口管理" in page
        req = fresh(p).pending_return
        office.post(f"/proposals/returns/{req.id}/decide", data={"dr-decision": "approve", "version": fresh(p).version})
        p = fresh(p)
        assert (p.state, p.lead_department_id, p.dispatched_on) == ("assigned", world.water.id, date(2026, 3, 19))
        assert db.session.get(ReturnRequest, req.id).state == "approved"
        assert "return_approved" in [e.action for e in audit.entries_for("proposal", p.id)]
        assert as_user("handler_a").get(f"/proposals/{p.id}").status_code == 404  # no longer theirs
        inbox = as_user("handler_b").get("/proposals/inbox").get_data(as_text=True)
        assert "待签收" in inbox and p.title in inbox
        page = as_user("office").get(f"/proposals/{p.id}").get_data(as_text=True)
        assert "退回申请记录" in page and "已同意" in page


def test_a_refused_return_stays_with_the_department_which_cannot_ask_again(client, world, as_user):
    with on("2026-03-19"):
        p = make_proposal("1002", lead=world.air, leader=world.leader, assigned_on=date(2026, 3, 18))
        req = p.request_return(world.handler_a, reason="不是我们的", suggested_department=world.water)
        db.session.commit()
        office = as_user("office")
        response = office.post(f"/proposals/returns/{req.id}/decide", data={"version": fresh(p).version, "dr-decision": "refuse"}, follow_redirects=True)
        assert "不同意退回须说明理由" in response.get_data(as_text=True)
        office.post(f"/proposals/returns/{req.id}/decide", data={"version": fresh(p).version, "dr-decision": "refuse", "dr-note": "大气污染物排放属本处职责"})
        p = fresh(p)
        assert (p.state, p.lead_department_id) == ("assigned", world.air.id)
        response = as_user("handler_a").post(f"/proposals/{p.id}/return-request", data={"version": fresh(p).version, "rr-reason": "再次申请", "rr-suggested_unit": "省水利厅"}, follow_redirects=True)
        assert "本处室的退回申请已被办公室拒绝，请签收办理" in response.get_data(as_text=True)


def test_a_reference_item_needs_no_answer_signing_for_it_ends_it(client, world, as_user):
    p = make_proposal("1003", lead=world.air, leader=world.leader, bureau_role="reference")
    page = as_user("handler_a").get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "参阅件无需答复" in page and "签收（参阅件阅知办结）" in page
    as_user("handler_a").post(f"/proposals/{p.id}/sign-for", data={"version": p.version})
    p = fresh(p)
    assert p.state == "closed" and p.deadline_level == "done"


def test_a_co_handled_item_ends_when_the_opinion_is_sent_to_the_outside_lead_unit(client, world, as_user):
    p = make_proposal("1004", lead=world.air, leader=world.leader, bureau_role="co")
    p.sign_for(world.handler_a)
    db.session.commit()
    dept = as_user("handler_a")
    page = dept.get(f"/proposals/{p.id}/draft").get_data(as_text=True)
    assert "关于省十四届人大四次会议第1004号代表建议的会办意见" in page and "省住房城乡建设厅：" in page
    dept.post(f"/proposals/{p.id}/draft", data={"draft-title": p.default_reply_title(), "draft-body": "我厅同意主办单位意见。", "draft-disclosure": "public",
                                                "draft-reply_version": "new"})
    dept.post(f"/proposals/{p.id}/draft/submit", data={"version": fresh(p).version})
    as_user("head_a").post(f"/proposals/{p.id}/draft/approve", data={"version": fresh(p).version})
    # No contact with the deputy is required of a co-handling unit.
    as_user("office").post(f"/proposals/{p.id}/draft/pass", data={"version": fresh(p).version})
    as_user("leader").post(f"/proposals/{p.id}/sign-off", data={"version": fresh(p).version})
    as_user("office").post(f"/proposals/{p.id}/sent", data={"version": fresh(p).version, "sent-sent_on": str(clock.today()), "sent-doc_no": "江南环函〔2026〕31号"})
    p = fresh(p)
    assert (p.state, p.replied_on) == ("closed", clock.today())
    assert "会办件、参阅件由主办单位征询" in as_user("office").post(
        f"/proposals/{p.id}/feedback", data={"fb-proposer_id": p.lead_proposer.id, "fb-attitude": "satisfied", "fb-result": "satisfied",
                                              "fb-channel": "phone", "fb-received_on": str(clock.today())}, follow_redirects=True).get_data(as_text=True)


def test_withdrawal_and_merging_end_an_item_and_say_why(client, world, as_user):
    a = make_proposal("1005", lead=world.air, leader=world.leader)
    b = make_proposal("1006", lead=world.air, leader=world.leader, proposers=("许丽娟",))
    office = as_user("office")
    office.post(f"/proposals/{a.id}/merge", data={"version": a.version, "merge-target_number": "第1006号", "merge-reason": "内容相同"})
    a = fresh(a)
    assert (a.state, a.merged_into_id) == ("merged", b.id)
    assert "1005" in [e.summary for e in audit.entries_for("proposal", b.id) if e.action == "merge_in"][0]
    office.post(f"/proposals/{b.id}/withdraw", data={"version": fresh(b).version, "wd-reason": "代表来函撤回", "wd-on": str(clock.today())})
    b = fresh(b)
    assert (b.state, b.end_reason) == ("withdrawn", "代表来函撤回")
    response = office.post(f"/proposals/{b.id}/urge", data={"version": b.version}, follow_redirects=True)
    assert "不能催办" in response.get_data(as_text=True)


def test_a_meeting_with_the_deputy_is_planned_in_china_time_stored_in_utc_and_cancelled(client, world, as_user):
    with on("2026-04-01"):
        p = make_proposal("1007", lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        db.session.commit()
        dept = as_user("handler_a")
        response = dept.post(f"/proposals/{p.id}/meetings", data={
            "meeting-day": "2026-04-10", "meeting-starts": "09:30", "meeting-ends": "11:00", "meeting-place": "临江市生态环境局三楼会议室",
            "meeting-leader_id": world.leader.id, "meeting-note": "代表提出实地察看"}, headers=HX)
        assert response.status_code == 200 and 'id="meetings"' in response.get_data(as_text=True)
        meeting = db.session.scalars(db.select(ProposalMeeting)).one()
        assert (meeting.starts_at, meeting.ends_at, meeting.leader_id, meeting.cancelled) == (
            datetime(2026, 4, 10, 1, 30), datetime(2026, 4, 10, 3, 0), world.leader.id, False)
        assert "2026-04-10 09:30–11:00" in response.get_data(as_text=True)
        response = dept.post(f"/proposals/{p.id}/meetings", data={
            "meeting-day": "2026-03-30", "meeting-starts": "09:30", "meeting-ends": "11:00", "meeting-place": "厅会议室"}, headers=HX)
        assert response.status_code == 422 and "面商日期不能早于今天" in response.get_data(as_text=True)
        dept.post(f"/proposals/meetings/{meeting.id}/cancel", headers=HX)
        db.session.expire_all()
        assert db.session.get(ProposalMeeting, meeting.id).cancelled


def test_htmx_components_answer_their_own_block_and_refresh_the_timeline(client, world, as_user):
    p = make_proposal("1008", lead=world.air, co=[world.water], leader=world.leader)
    p.sign_for(world.handler_a)
    db.session.commit()
    dept = as_user("handler_a")
    response = dept.post(f"/proposals/{p.id}/notes", data={"note-body": "已会同临江市局现场核查"}, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert 'id="notes"' in body and "已会同临江市局现场核查" in body
    assert 'id="timeline"' in body and 'hx-swap-oob="true"' in body and "办理进展" in body

    response = dept.post(f"/proposals/{p.id}/contacts", data={"contact-stage": "before", "contact-method": "phone"}, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "请填写沟通日期" in body and "请填写参加人员" in body and 'id="contacts"' in body

    response = dept.get(f"/proposals/{p.id}/draft", headers=HX)
    assert 'id="reply"' in response.get_data(as_text=True) and "保存答复稿" in response.get_data(as_text=True)
    response = dept.post(f"/proposals/{p.id}/draft", data={"draft-title": "", "draft-body": "x"}, headers=HX)
    assert response.status_code == 422 and "请填写标题" in response.get_data(as_text=True)

    water = as_user("head_b")
    response = water.post(f"/proposals/{p.id}/opinion", data={"opinion-body": "同意，建议补充水污染物排放数据。"}, headers=HX)
    assert response.status_code == 200 and "同意，建议补充水污染物排放数据" in response.get_data(as_text=True)

    office = as_user("office")
    response = office.get(f"/proposals/{p.id}/assign", headers=HX)
    body = response.get_data(as_text=True)
    assert 'id="assignment"' in body and "保存四定" in body and "<html" not in body


def test_a_b_answer_needs_its_commitments_and_the_draft_names_what_is_missing(client, world, as_user):
    p = make_proposal("1009", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    p.save_draft(world.handler_a, body="答复", result_class="B", contact_person="", contact_phone="")
    db.session.commit()
    response = as_user("handler_a").post(f"/proposals/{p.id}/draft/submit", data={"version": p.version}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "答复稿还缺少：联系人及电话、B/C类答复的承诺事项及完成时限" in page
    assert fresh(p).state == "in_progress"


def test_the_leader_may_return_a_draft_at_sign_off_with_a_reason(client, world, as_user):
    p = make_proposal("1010", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    p.add_contact(world.handler_a, stage="before", method="phone", contact_on=clock.today(), participants="周立伟", leader_present=False, deputy_said="")
    p.save_draft(world.handler_a, body="答复", result_class="A", contact_person="周立伟", contact_phone="1")
    p.submit_draft(world.handler_a)
    p.approve_draft(world.head_a)
    p.pass_draft(world.office)
    db.session.commit()
    leader = as_user("leader")
    page = leader.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "签发" in page and "退回修改" in page
    leader.post(f"/proposals/{p.id}/draft/return", data={"version": p.version, "rd-reason": "请补充下一步工作安排"})
    p = fresh(p)
    assert p.state == "in_progress" and p.current_reply.return_reason == "签发领导：请补充下一步工作安排"
    page = as_user("handler_a").get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "已被退回修改" in page and "请补充下一步工作安排" in page


def test_feedback_is_taken_once_per_proposer_and_round_and_only_after_the_reply(client, world, as_user):
    p = make_proposal("1011", lead=world.air, leader=world.leader, proposers=("顾振宇", "许丽娟"))
    office = as_user("office")
    data = {"fb-proposer_id": p.lead_proposer.id, "fb-attitude": "satisfied", "fb-result": "satisfied", "fb-channel": "phone", "fb-received_on": str(clock.today())}
    response = office.post(f"/proposals/{p.id}/feedback", data=data, follow_redirects=True)
    assert "答复发出后才能征询意见" in response.get_data(as_text=True)


def test_the_pages_keep_the_content_security_policy(client, world, as_user):
    p = make_proposal("1012", lead=world.air, co=[world.water], leader=world.leader)
    office = as_user("office")
    for url in ("/proposals/", f"/proposals/{p.id}", "/proposals/new", "/proposals/import", "/proposals/commitments",
                f"/proposals/{p.id}/assign", f"/proposals/{p.id}/edit"):
        text = office.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) and not re.search(r'\sstyle="', text), url
        assert not re.search(r"\son[a-z]+=\"", text), url
    text = as_user("handler_a").get("/proposals/inbox").get_data(as_text=True)
    assert not re.search(r'\sstyle="', text)


def test_registering_by_hand_refuses_a_duplicate_and_editing_recomputes_the_deadline(client, world, as_user):
    make_proposal("1013", assigned_on=date(2026, 3, 18))
    office = as_user("office")
    data = {"kind": "npc", "level": "provincial", "session_name": "省十四届人大四次会议", "year": "2026", "period": "session",
            "number": "1013", "title": "重复登记", "bureau_role": "lead", "assigned_on": "2026-03-18", "lead_name": "某代表"}
    response = office.post("/proposals/new", data=data)
    assert response.status_code == 422 and "已登记，不能重复登记" in response.get_data(as_text=True)
    assert 'value="重复登记"' in response.get_data(as_text=True)  # what was typed is kept

    p = db.session.scalars(db.select(Proposal).filter_by(number="1013")).one()
    page = office.get(f"/proposals/{p.id}/edit").get_data(as_text=True)
    assert 'value="顾振宇"' in page
    response = office.post(f"/proposals/{p.id}/edit", data={
        **data, "title": "关于加强臭氧污染协同防控的建议", "assigned_on": "2026-03-25", "version": p.version,
        "lead_name": "顾振宇", "co_signers": "许丽娟、马国强"})
    assert response.status_code == 303
    p = fresh(p)
    assert p.assigned_on == date(2026, 3, 25) and p.statutory_deadline == date(2026, 6, 25)
    assert [pr.name for pr in p.proposers] == ["顾振宇", "许丽娟", "马国强"]
    assert {"update", "deadline_recompute"} <= {e.action for e in audit.entries_for("proposal", p.id)}


def test_a_meeting_that_clashes_with_the_leaders_reception_day_is_saved_with_a_warning(client, world, as_user):
    from tests.factories import make_reception_day

    with on("2026-04-01"):
        p = make_proposal("1011", lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        make_reception_day(world.leader, date(2026, 4, 15), start="09:00", end="11:30")
        db.session.commit()
        dept = as_user("handler_a")
        response = dept.post(f"/proposals/{p.id}/meetings", data={
            "meeting-day": "2026-04-15", "meeting-starts": "10:00", "meeting-ends": "11:00", "meeting-place": "厅会议室",
            "meeting-leader_id": world.leader.id}, follow_redirects=True)
        page = response.get_data(as_text=True)
        assert "已安排面商" in page
        # The handler may not open the reception day: the warning says only that the leader is busy then.
        assert "时间冲突" in page and "该时段王振华已有其他安排" in page and "领导接访日" not in page
        assert db.session.scalars(db.select(ProposalMeeting)).one().leader_id == world.leader.id
