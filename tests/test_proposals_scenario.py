"""The whole path of an item, as the people of the bureau walk it through the screens."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import time_machine

from extensions import db
from models.proposals import Commitment, Proposal
from models import audit


def on(day: str, hour: int = 9):
    """Travel to ``day`` at ``hour`` o'clock China time (the clock stands still)."""
    y, m, d = map(int, day.split("-"))
    return time_machine.travel(datetime(y, m, d, hour - 8, 0, tzinfo=timezone.utc), tick=False)


def fresh(p: Proposal) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, p.id)


def post(client, url, data=None, **kw):
    response = client.post(url, data=data or {}, **kw)
    assert response.status_code in (200, 303), f"POST {url} → {response.status_code}: {response.get_data(as_text=True)[:500]}"
    return response


def test_an_npc_suggestion_from_registration_through_rehandling_to_satisfaction(client, world, as_user):
    # 3月18日 the office registers 省十四届人大四次会议第1037号 by hand.
    with on("2026-03-18"):
        office = as_user("office")
        response = office.post("/proposals/new", data={
            "kind": "npc", "level": "provincial", "session_name": "省十四届人大四次会议", "year": "2026", "period": "session",
            "number": "1037", "title": "关于提升基层生态环境执法能力的建议", "body": "县级执法力量明显不足……",
            "bureau_role": "lead", "assigning_body": "省人大常委会选联工委", "assigned_on": "2026-03-18",
            "doc_no": "江南人大交〔2026〕9号", "lead_name": "杨秀兰", "lead_delegation": "北山代表团",
            "lead_unit_post": "东岭县人民检察院副检察长", "lead_phone": "13957182264", "co_signers": "黄建军、朱雅琴",
        })
        assert response.status_code == 303
        p = db.session.scalars(db.select(Proposal).filter_by(number="1037")).one()
        assert p.is_unassigned and [pr.name for pr in p.proposers] == ["杨秀兰", "黄建军", "朱雅琴"]
        # Three calendar months, and 18 June is a Thursday: the statutory deadline is shown from the start.
        assert p.statutory_deadline == date(2026, 6, 18)

        # The office assigns it to 大气环境处 with 副厅长王振华 as the responsible leader, 水生态环境处 co-handling.
        response = office.post(f"/proposals/{p.id}/assign", data={
            "version": p.version, "lead_department_id": world.air.id, "co_department_ids": [world.water.id],
            "responsible_leader_id": world.leader.id, "bureau_role": "lead", "requirements": "答复前须与代表见面沟通",
            "internal_deadline": "2026-06-05",
        })
        assert response.status_code == 303, re.findall(r'<(?:select|input)[^>]*is-invalid[^>]*>', response.get_data(as_text=True), re.S)
        p = fresh(p)
        assert (p.state, p.lead_department_id, p.responsible_leader_id) == ("assigned", world.air.id, world.leader.id)
        assert p.cohandling_deadline == date(2026, 4, 20)  # 18 April is a Saturday: the next working day

    with on("2026-03-19"):
        # The 处室 sees it in its inbox, waiting to be signed for, and signs for it.
        dept = as_user("handler_a")
        inbox = dept.get("/proposals/inbox").get_data(as_text=True)
        assert "待签收" in inbox and "关于提升基层生态环境执法能力的建议" in inbox
        post(dept, f"/proposals/{p.id}/sign-for", {"version": p.version})
        assert fresh(p).state == "in_progress"

        # 水生态环境处 sends its co-handling opinion to the lead 处室.
        water = as_user("head_b")
        post(water, f"/proposals/{p.id}/opinion", {"opinion-body": "建议将水环境执法人员纳入轮训。"})
        assert fresh(p).co_links[0].opinion_on == date(2026, 3, 19)

    with on("2026-04-10"):
        # The 处室 records the meeting with the deputy, 王振华 present, and attaches the minutes (a PDF).
        dept = as_user("handler_a")
        response = dept.post(f"/proposals/{p.id}/contacts", data={
            "contact-stage": "before", "contact-method": "meeting", "contact-contact_on": "2026-04-10",
            "contact-participants": "王振华副厅长、陈海涛处长；杨秀兰代表", "contact-leader_present": "y",
            "contact-deputy_said": "希望建立公益诉讼线索移送机制。",
            "contact-files": (io.BytesIO(b"%PDF-1.7 minutes"), "座谈纪要.pdf"),
        }, content_type="multipart/form-data")
        assert response.status_code == 303
        p = fresh(p)
        assert len(p.contacts) == 1 and p.contacts[0].leader_present and p.attachments[0].original_name == "座谈纪要.pdf"

        # The draft from the template: title generated from 届次/number/type, B class with a commitment.
        page = dept.get(f"/proposals/{p.id}/draft").get_data(as_text=True)
        assert "关于省十四届人大四次会议第1037号代表建议的答复" in page and "杨秀兰代表：" in page
        post(dept, f"/proposals/{p.id}/draft", {
            "draft-reply_version": "new", "draft-title": "关于省十四届人大四次会议第1037号代表建议的答复", "draft-body": "杨秀兰代表：……现答复如下……",
            "draft-result_class": "B", "draft-contact_person": "周立伟", "draft-contact_phone": "0000-86601371",
            "draft-disclosure": "public", "draft-commitment_text": "年底前完成县级执法人员轮训", "draft-commitment_due_on": "2026-12-31",
        })
        post(dept, f"/proposals/{p.id}/draft/submit", {"version": fresh(p).version})
        assert fresh(p).state == "dept_review"

        # The head of 大气环境处 approves; the office audits; 王振华 signs it off; the office sends it.
        post(as_user("head_a"), f"/proposals/{p.id}/draft/approve", {"version": fresh(p).version})
        post(as_user("office"), f"/proposals/{p.id}/draft/pass", {"version": fresh(p).version})
        assert fresh(p).state == "awaiting_signoff"
        post(as_user("leader"), f"/proposals/{p.id}/sign-off", {"version": fresh(p).version})
        post(as_user("office"), f"/proposals/{p.id}/sent", {"version": fresh(p).version, "sent-sent_on": "2026-04-10", "sent-doc_no": "江南环函〔2026〕63号"})
        p = fresh(p)
        assert (p.state, p.replied_on, p.state_label) == ("replied", date(2026, 4, 10), "已答复·征询中")
        assert [c.content for c in p.commitments] == ["年底前完成县级执法人员轮训"]

    with on("2026-04-24"):
        # The deputy is not satisfied with the result: the item is handled again within one month.
        office = as_user("office")
        lead = p.lead_proposer
        post(office, f"/proposals/{p.id}/feedback", {
            "fb-proposer_id": lead.id, "fb-met": "y", "fb-attitude": "satisfied", "fb-result": "unsatisfied",
            "fb-words": "编制问题没有回应。", "fb-channel": "receipt", "fb-received_on": "2026-04-24",
        })
        p = fresh(p)
        assert (p.state, p.round, p.rehandle_deadline, p.effective_deadline) == ("rehandling", 2, date(2026, 5, 25), date(2026, 5, 25))
        assert p.statutory_deadline == date(2026, 6, 18)  # still shown beside the new one
        dept = as_user("handler_a")
        page = dept.get(f"/proposals/{p.id}").get_data(as_text=True)
        assert "第1轮答复" in page and "江南环函〔2026〕63号" in page and "重新办理" in page

    with on("2026-05-12"):
        dept = as_user("handler_a")
        post(dept, f"/proposals/{p.id}/contacts", data={
            "contact-stage": "during", "contact-method": "visit", "contact-contact_on": "2026-05-12",
            "contact-participants": "陈海涛处长；杨秀兰代表", "contact-deputy_said": "理解编制需逐步解决。",
        })
        page = dept.get(f"/proposals/{p.id}/draft").get_data(as_text=True)
        assert "现答复如下" in page  # the new round's draft starts from the earlier reply
        post(dept, f"/proposals/{p.id}/draft", {
            "draft-reply_version": "new", "draft-title": "关于省十四届人大四次会议第1037号代表建议的再次答复", "draft-body": "杨秀兰代表：……经与省委编办协调……",
            "draft-result_class": "A", "draft-contact_person": "周立伟", "draft-contact_phone": "0000-86601371", "draft-disclosure": "public",
        })
        post(dept, f"/proposals/{p.id}/draft/submit", {"version": fresh(p).version})
        post(as_user("head_a"), f"/proposals/{p.id}/draft/approve", {"version": fresh(p).version})
        post(as_user("office"), f"/proposals/{p.id}/draft/pass", {"version": fresh(p).version})
        post(as_user("leader"), f"/proposals/{p.id}/sign-off", {"version": fresh(p).version})
        post(as_user("office"), f"/proposals/{p.id}/sent", {"version": fresh(p).version, "sent-sent_on": "2026-05-12", "sent-doc_no": "江南环函〔2026〕88号"})
        p = fresh(p)
        assert (p.state, p.replied_on, [r.round for r in p.replies]) == ("replied", date(2026, 5, 12), [1, 2])

    with on("2026-05-20"):
        office = as_user("office")
        post(office, f"/proposals/{p.id}/feedback", {
            "fb-proposer_id": p.lead_proposer.id, "fb-met": "y", "fb-attitude": "satisfied", "fb-result": "satisfied",
            "fb-words": "满意。", "fb-channel": "phone", "fb-received_on": "2026-05-20",
        })
        p = fresh(p)
        assert (p.state, p.closed_on) == ("closed", date(2026, 5, 20))

    # The timeline tells the whole story from the audit trail.
    actions = [e.action for e in audit.entries_for("proposal", p.id)]
    for expected in ("create", "assign", "sign_for", "opinion", "contact", "attachment", "draft_create", "submit_draft",
                     "approve_draft", "pass_draft", "sign_off", "mark_sent", "feedback", "reopen", "close"):
        assert expected in actions
    page = as_user("leader").get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "办理过程" in page and "领导签发" in page and "重新办理" in page


def test_a_cppcc_proposal_refused_without_contact_then_answered_and_rated_by_each_proposer(client, world, as_user):
    with on("2026-02-10"):
        office = as_user("office")
        from tests.factories import make_proposal

        p = make_proposal("0123", kind="cppcc", title="关于推进农村生活污水治理的提案", assigned_on=date(2026, 2, 10),
                          lead=world.water, leader=world.leader_b, proposers=("钱立华", "孙丽"))
        # 10 May is a Sunday: the deadline rolls to Monday 11 May.
        assert p.statutory_deadline == date(2026, 5, 11)
        post(as_user("head_b"), f"/proposals/{p.id}/sign-for", {"version": p.version})

    with on("2026-04-20"):
        water = as_user("handler_b")
        post(water, f"/proposals/{p.id}/draft", {
            "draft-reply_version": "new", "draft-title": "关于省政协十三届四次会议第0123号提案的答复", "draft-body": "钱立华委员：……",
            "draft-result_class": "C", "draft-contact_person": "林晓燕", "draft-contact_phone": "0000-86601281",
            "draft-disclosure": "on_request", "draft-disclosure_reason": "涉及尚未公开的规划",
            "draft-commitment_text": "2027年6月前完成试点县评估\n2027年底前出台运维办法", "draft-commitment_due_on": "2027-06-30",
        })
        post(water, f"/proposals/{p.id}/draft/submit", {"version": fresh(p).version})
        post(as_user("head_b"), f"/proposals/{p.id}/draft/approve", {"version": fresh(p).version})

        # No contact with the member is recorded: the office cannot pass the draft, and says why.
        office = as_user("office")
        response = office.post(f"/proposals/{p.id}/draft/pass", data={"version": fresh(p).version}, follow_redirects=True)
        assert "尚无与代表/委员的沟通记录，不能通过审核" in response.get_data(as_text=True)
        assert fresh(p).state == "office_review"
        post(office, f"/proposals/{p.id}/draft/return", {"version": fresh(p).version, "rd-reason": "请先与钱立华委员沟通"})
        p = fresh(p)
        assert p.state == "in_progress" and "请先与钱立华委员沟通" in p.current_reply.return_reason

        water = as_user("handler_b")
        post(water, f"/proposals/{p.id}/contacts", data={
            "contact-stage": "during", "contact-method": "phone", "contact-contact_on": "2026-04-20",
            "contact-participants": "林晓燕；钱立华委员", "contact-deputy_said": "同意分步实施。",
        })
        post(water, f"/proposals/{p.id}/draft/submit", {"version": fresh(p).version})
        post(as_user("head_b"), f"/proposals/{p.id}/draft/approve", {"version": fresh(p).version})
        post(as_user("office"), f"/proposals/{p.id}/draft/pass", {"version": fresh(p).version})
        post(as_user("leader_b"), f"/proposals/{p.id}/sign-off", {"version": fresh(p).version})
        post(as_user("office"), f"/proposals/{p.id}/sent", {"version": fresh(p).version, "sent-sent_on": "2026-04-20", "sent-doc_no": "江南环函〔2026〕70号"})
        p = fresh(p)
        assert p.state == "replied"
        # A C answer puts each promise on the ledger.
        assert [c.content for c in p.commitments] == ["2027年6月前完成试点县评估", "2027年底前出台运维办法"]

    with on("2026-05-06"):
        office = as_user("office")
        co_signer = next(pr for pr in p.proposers if not pr.is_lead)
        post(office, f"/proposals/{p.id}/feedback", {
            "fb-proposer_id": co_signer.id, "fb-attitude": "satisfied", "fb-result": "basically", "fb-channel": "phone", "fb-received_on": "2026-05-06",
        })
        assert fresh(p).state == "replied"  # a co-signer's rating does not close the item
        post(office, f"/proposals/{p.id}/feedback", {
            "fb-proposer_id": p.lead_proposer.id, "fb-met": "y", "fb-attitude": "satisfied", "fb-result": "basically",
            "fb-channel": "in_person", "fb-received_on": "2026-05-06",
        })
        p = fresh(p)
        assert p.state == "closed" and len(p.feedback) == 2

        # The 处室 reports a commitment done; the ledger keeps the other until it is.
        water = as_user("handler_b")
        first = p.commitments[0]
        post(water, f"/proposals/commitments/{first.id}/done", {"done-done_on": "2026-05-06", "done-note": "评估报告已印发"})
        db.session.expire_all()
        assert db.session.get(Commitment, first.id).done_on == date(2026, 5, 6)
        response = as_user("office").get("/proposals/commitments")
        ledger = response.get_data(as_text=True)
        assert response.status_code == 200 and "2027年6月前完成试点县评估" in as_user("office").get("/proposals/commitments?status=done").get_data(as_text=True)
        assert "2027年底前出台运维办法" in ledger and "2027年6月前完成试点县评估" not in ledger
