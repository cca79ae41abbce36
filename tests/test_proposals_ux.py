"""Where users lost time or typed text on the item pages (issue 12, items 8–10, 12–13): the contact rule said where
the work is done, forms that keep what was typed, the edit-conflict page, the import preview's dropped columns."""
from __future__ import annotations

import re
from datetime import date

from extensions import db
from models.proposals import CONTACT_MISSING_WARNING
from tests.factories import make_proposal
from tests.test_proposals_scenario import fresh, on

HX = {"HX-Request": "true"}


def _uncontacted_draft(world, number="1101"):
    """An item of 大气环境处 signed for, with a complete draft and no contact with the deputy."""
    p = make_proposal(number, lead=world.air, leader=world.leader, assigned_on=date(2026, 3, 18))
    p.sign_for(world.handler_a)
    p.save_draft(world.handler_a, body="答复正文", result_class="A", contact_person="周立伟", contact_phone="1")
    db.session.commit()
    return p


# -- item 8: the contact rule ------------------------------------------------------------------


def test_the_contact_rule_is_said_on_the_draft_form_on_submit_and_at_the_heads_review(client, world, as_user):
    with on("2026-04-01"):
        p = _uncontacted_draft(world)
        dept = as_user("handler_a")
        assert CONTACT_MISSING_WARNING in dept.get(f"/proposals/{p.id}/draft", headers=HX).get_data(as_text=True)
        assert CONTACT_MISSING_WARNING in dept.get(f"/proposals/{p.id}").get_data(as_text=True)
        response = dept.post(f"/proposals/{p.id}/draft/submit", data={"version": fresh(p).version}, follow_redirects=True)
        assert "已报处室负责人审核" in response.get_data(as_text=True)
        assert CONTACT_MISSING_WARNING in response.get_data(as_text=True)
        head = as_user("head_a")
        assert CONTACT_MISSING_WARNING in head.get(f"/proposals/{p.id}").get_data(as_text=True)
        response = head.post(f"/proposals/{p.id}/draft/approve", data={"version": fresh(p).version}, follow_redirects=True)
        assert CONTACT_MISSING_WARNING in response.get_data(as_text=True)
        assert fresh(p).state == "office_review"


def test_the_office_sees_why_it_cannot_pass_beside_the_disabled_action(client, world, as_user):
    with on("2026-04-01"):
        p = _uncontacted_draft(world)
        p.submit_draft(world.handler_a)
        p.approve_draft(world.head_a)
        db.session.commit()
        page = as_user("office").get(f"/proposals/{p.id}").get_data(as_text=True)
        button = re.search(r'<button[^>]*disabled[^>]*>审核通过，呈领导签发</button>', page)
        assert button, "the 审核通过 action is shown disabled"
        assert "尚无与代表/委员的沟通记录，不能通过审核" in page[button.end():button.end() + 400]


def test_no_contact_warning_once_a_contact_is_recorded(client, world, as_user):
    with on("2026-04-01"):
        p = _uncontacted_draft(world)
        p.add_contact(world.handler_a, stage="during", method="phone", contact_on=date(2026, 3, 30), participants="周立伟", leader_present=False, deputy_said="")
        db.session.commit()
        assert CONTACT_MISSING_WARNING not in as_user("handler_a").get(f"/proposals/{p.id}/draft", headers=HX).get_data(as_text=True)
        p.submit_draft(world.handler_a)
        p.approve_draft(world.head_a)
        db.session.commit()
        page = as_user("office").get(f"/proposals/{p.id}").get_data(as_text=True)
        assert not re.search(r'<button[^>]*disabled[^>]*>审核通过', page)


# -- item 9: a form with an error keeps what was typed -------------------------------------------

TYPED = "这段文字是用户刚刚输入的内容"


def _in_progress(world, number="1201"):
    p = make_proposal(number, lead=world.air, leader=world.leader, assigned_on=date(2026, 3, 18))
    p.sign_for(world.handler_a)
    db.session.commit()
    return p


def _assert_kept(response, *texts):
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:300]
    for text in texts:
        assert text in page, text
    return page


def _extension_pending(world):
    p = _in_progress(world)
    req = p.request_extension(world.handler_a, until=p.max_extension(), reason="需会同多部门调研")
    db.session.commit()
    return p, req


def _awaiting_sending(world):
    p = _uncontacted_draft(world)
    p.add_contact(world.handler_a, stage="during", method="phone", contact_on=date(2026, 3, 30), participants="周立伟", leader_present=False, deputy_said="")
    p.submit_draft(world.handler_a)
    p.approve_draft(world.head_a)
    p.pass_draft(world.office)
    p.sign_off(world.leader)
    db.session.commit()
    return p


def _replied(world):
    p = _awaiting_sending(world)
    p.mark_sent(world.office, date(2026, 4, 1), "江南环函〔2026〕5号")
    db.session.commit()
    return p


# (who, how to get the item, url after /proposals/, the fields posted, what must come back, the message)
FORMS = {
    "return-request": ("handler_a", lambda w: make_proposal("1202", lead=w.air, leader=w.leader, assigned_on=date(2026, 3, 30)),
                       "{id}/return-request", {"rr-reason": "", "rr-suggested_unit": "省水利厅" + TYPED}, ["省水利厅" + TYPED], "请填写理由"),
    "decide-return": ("office", lambda w: _return_requested(w), "returns/{rid}/decide", {"dr-decision": "refuse", "dr-note": ""},
                      [], "不同意退回须说明理由"),
    "extension": ("handler_a", _in_progress, "{id}/extension", {"ext-until": "", "ext-reason": TYPED}, [TYPED], "请填写延期至"),
    "extension-refused": ("handler_a", _in_progress, "{id}/extension", {"ext-until": "2026-04-05", "ext-reason": TYPED}, [TYPED, "2026-04-05"], None),
    "decide-extension": ("office", lambda w: _extension_pending(w)[0], "extensions/{eid}/decide", {"de-note": TYPED}, [TYPED], "请选择同意或不同意"),
    "withdraw": ("office", _in_progress, "{id}/withdraw", {"wd-reason": "", "wd-on": "2026-03-30"}, ['value="2026-03-30"'], "请填写撤回原因"),
    "merge": ("office", _in_progress, "{id}/merge", {"merge-target_number": "9876", "merge-reason": TYPED}, ['value="9876"', TYPED], "没有找到"),
    "urge": ("office", _in_progress, "{id}/urge", {"urge-note": TYPED * 40}, [TYPED * 40], None),
    "return-draft": ("office", lambda w: _office_review(w), "{id}/draft/return", {"rd-reason": "   "}, [], "请填写理由"),
    "sent": ("office", _awaiting_sending, "{id}/sent", {"sent-sent_on": "2026-13-45", "sent-doc_no": "江南环函〔2026〕77号"},
             ["江南环函〔2026〕77号", 'value="2026-13-45"'], None),
    "feedback": ("office", _replied, "{id}/feedback", {"fb-words": TYPED, "fb-channel": "phone", "fb-received_on": "2026-04-02"}, [TYPED], "请选择对办理结果的评价"),
    "contact-refused": ("handler_a", _in_progress, "{id}/contacts",
                        {"contact-contact_on": "2026-05-30", "contact-stage": "during", "contact-method": "phone", "contact-participants": TYPED},
                        [TYPED], "不能晚于今天"),
    "note": ("handler_a", _in_progress, "{id}/notes", {"note-body": TYPED * 200}, [TYPED * 200], None),
}


def _return_requested(w):
    p = make_proposal("1203", lead=w.air, leader=w.leader, assigned_on=date(2026, 3, 30))
    p.request_return(w.handler_a, reason="不是我们的", suggested_department=w.water)
    db.session.commit()
    return p


def _office_review(w):
    p = _uncontacted_draft(w, "1204")
    p.submit_draft(w.handler_a)
    p.approve_draft(w.head_a)
    db.session.commit()
    return p


import pytest  # noqa: E402


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("name", list(FORMS))
def test_every_form_of_the_item_page_answers_422_with_what_was_typed(client, world, as_user, name, htmx):
    username, make, url, data, kept, message = FORMS[name]
    with on("2026-04-01"):
        p = make(world)
        ids = {"id": p.id, "rid": p.pending_return.id if p.pending_return else 0,
               "eid": p.pending_extension.id if p.pending_extension else 0}
        user = as_user(username)
        headers = {"HX-Request": "true", "HX-Boosted": "true"} if htmx else {}
        response = user.post("/proposals/" + url.format(**ids), data={"version": fresh(p).version, **data}, headers=headers)
        page = _assert_kept(response)
        assert all(k in page for k in kept), kept
        if message:
            assert message in page
            # The message stands by the form, not as a flash at the top.
            assert message not in page.split('id="flashes"')[1].split("</div>")[0]


def test_a_commitment_marked_done_with_a_bad_date_keeps_the_note(client, world, as_user):
    from tests.factories import add_proposal_world

    add_proposal_world(world)
    for headers in ({}, HX):
        response = as_user("handler_a").post(f"/proposals/commitments/{world.commitment.id}/done",
                                            data={"done-done_on": "2026-02-30", "done-note": TYPED}, headers=headers)
        page = _assert_kept(response, TYPED, 'value="2026-02-30"')
        assert "is-invalid" in page


def test_editing_the_register_of_a_withdrawn_item_keeps_the_form(client, world, as_user):
    with on("2026-04-01"):
        p = _in_progress(world)
        p.withdraw(world.office, "代表撤回", date(2026, 3, 31))
        db.session.commit()
        data = {
            "version": fresh(p).version, "kind": "npc", "level": "provincial", "session_name": p.session_name, "year": "2026",
            "period": "session", "number": p.number, "title": "改过的标题" + TYPED, "body": "", "bureau_role": "lead",
            "assigning_body": "", "assigned_on": "2026-03-18", "doc_no": "", "lead_name": "顾振宇",
        }
        response = as_user("office").post(f"/proposals/{p.id}/edit", data=data)
        _assert_kept(response, "改过的标题" + TYPED, "该件已撤回，不能再修改登记信息")


# -- item 10: the edit-conflict page -----------------------------------------------------------------


def _hidden_fields(html: str) -> dict[str, list[str]]:
    import html as html_lib

    form = html.split("用我填写的内容覆盖当前内容")[0].rsplit("<form", 1)[1]
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(html_lib.unescape(value))
    return fields


def test_a_draft_saved_by_someone_else_meanwhile_shows_both_texts_and_can_be_reapplied(client, world, as_user):
    with on("2026-04-01"):
        p = _uncontacted_draft(world)
        opened = fresh(p).current_reply.version
        p = fresh(p)
        p.save_draft(world.head_a, body="处长改过的正文")
        db.session.commit()
        dept = as_user("handler_a")
        data = {"draft-reply_version": opened, "draft-title": p.current_reply.title, "draft-body": "我写的正文\n第二段" + TYPED,
                "draft-result_class": "A", "draft-contact_person": "周立伟", "draft-contact_phone": "1", "draft-disclosure": "public"}
        for headers in ({}, HX):
            response = dept.post(f"/proposals/{p.id}/draft", data=data, headers=headers)
            page = response.get_data(as_text=True)
            assert response.status_code == 409
            assert "我写的正文\n第二段" + TYPED in page and "处长改过的正文" in page
            assert "正文" in page and "返回工作台" in page
        fields = _hidden_fields(page)
        assert fields["draft-reply_version"] == [str(fresh(p).current_reply.version)]
        assert fields["draft-body"] == ["我写的正文\n第二段" + TYPED]
        assert fresh(p).current_reply.body == "处长改过的正文"
        fields["csrf_token"] = ["x"]
        response = dept.post(f"/proposals/{p.id}/draft", data=fields)
        assert response.status_code == 303
        assert fresh(p).current_reply.body == "我写的正文\n第二段" + TYPED


def test_the_conflict_page_of_the_register_shows_choices_by_their_labels(client, world, as_user):
    with on("2026-04-01"):
        p = _in_progress(world)
        opened = fresh(p).version
        p.add_note(world.handler_a, "进展")  # any change raises the item's version
        p.title = "别人改过的标题"
        db.session.commit()
        data = {
            "version": opened, "kind": "cppcc", "level": "provincial", "session_name": p.session_name, "year": "2026",
            "period": "session", "number": p.number, "title": "我改的标题", "body": "", "bureau_role": "lead",
            "assigning_body": "", "assigned_on": "2026-03-18", "doc_no": "", "lead_name": "顾振宇",
        }
        response = as_user("office").post(f"/proposals/{p.id}/edit", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 409
        assert "我改的标题" in page and "别人改过的标题" in page
        row = re.search(r"<th scope=\"row\">类型</th>(.*?)</tr>", page, re.S).group(1)
        assert "政协提案" in row and "人大建议" in row and "cppcc" not in row
        assert _hidden_fields(page)["version"] == [str(fresh(p).version)]


# -- item 13: the item page ------------------------------------------------------------------------


def test_in_a_second_round_the_contact_form_is_open_and_first(client, world, as_user):
    with on("2026-04-01"):
        p = _replied(world)
        p.record_feedback(world.office, p.lead_proposer, met=True, attitude="satisfied", result="unsatisfied", words="",
                          channel="phone", received_on=date(2026, 4, 1))
        db.session.commit()
        assert fresh(p).state == "rehandling" and fresh(p).contacts  # round 1's contact is there
        page = as_user("handler_a").get(f"/proposals/{p.id}").get_data(as_text=True)
        assert '<details id="contact-form" open>' in page
        assert re.search(r'<section id="contacts" class="card lx-section order-first"', page)
        assert "此前各轮的沟通（1 次）" in page


def test_finished_sections_are_folded_and_the_draft_under_review_is_open(client, world, as_user):
    with on("2026-04-01"):
        p = _awaiting_sending(world)
        # Signed by the leader: the office's next action is to register the sending, beside the draft.
        page = as_user("office").get(f"/proposals/{p.id}").get_data(as_text=True)
        assert re.search(r'<section id="reply" class="card lx-section order-first"[^>]*>\s*<details class="lx-fold" open>', page)
        assert re.search(r'<section id="notes"[^>]*>\s*<details class="lx-fold">', page)
        assert re.search(r'<section id="contacts"[^>]*>\s*<details class="lx-fold">', page)


@pytest.mark.parametrize("name", ["contact-refused", "note"])
def test_a_component_form_answers_its_fragment_with_what_was_typed(client, world, as_user, name):
    username, make, url, data, kept, message = FORMS[name]
    with on("2026-04-01"):
        p = make(world)
        response = as_user(username).post("/proposals/" + url.format(id=p.id), data=data, headers=HX)
        page = _assert_kept(response, *kept)
        assert "<html" not in page and "hx-swap-oob" in page  # the component, with the progress card beside it
        if message:
            assert message in page
