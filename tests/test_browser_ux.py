"""Issue 12 items 11 and 13 in a real browser: item lists as cards on a phone (390 × 844) with the filters folded
behind one button, and the item page opening on the viewer's next action. Screenshots go to /tmp for a person."""
from __future__ import annotations

from datetime import timedelta

import pytest

from extensions import db
from rules import clock
from tests.browser_support import browser_login
from tests.factories import make_proposal

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _items(w):
    """大气环境处's items, the world's leader responsible: one overdue, one near its deadline, one with time left."""
    today = clock.today()
    made = []
    for number, days_ago, title in (("1501", 120, "关于加强城市扬尘污染综合治理、完善工地在线监测与执法联动机制的建议"),
                                    ("1502", 88, "关于推进农村生活污水治理设施长效运维的建议"),
                                    ("1503", 10, "关于加快新能源重型货车推广应用的建议")):
        p = make_proposal(number, title=title, lead=w.air, leader=w.leader, assigned_on=today - timedelta(days=days_ago), commit=False)
        made.append(p)
    db.session.commit()
    return made


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("username, path", [("leader", "/proposals/?scope=mine"), ("handler_a", "/proposals/inbox"), ("office", "/proposals/")])
def test_lists_on_a_phone_are_cards_with_the_filters_folded(live_server, page, username, path):
    _items(live_server.world)
    browser_login(page, live_server.url, username)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    name = username
    page.screenshot(path=f"/tmp/i12b-list-{name}-390.png", full_page=True)
    _no_sideways_scroll(page)
    table = page.locator("table.lx-cards").first
    assert not table.locator("thead").is_visible()
    row = table.locator("tbody tr").first
    box = row.bounding_box()
    assert box["width"] <= PHONE["width"] - 16
    title = row.locator(".lx-card-title")
    assert title.bounding_box()["width"] > 250  # not one character per line
    for part in (".lx-card-code", ".lx-card-state", ".lx-card-deadline"):
        assert row.locator(part).is_visible()
    # The overdue item's card carries the red edge.
    overdue = table.locator("tr.lx-card-level-red").first
    assert overdue.evaluate("el => getComputedStyle(el).borderLeftColor") == "rgb(220, 53, 69)"
    if page.locator("#list-filters").count():
        assert not page.locator("#list-filters").is_visible()
        page.get_by_role("button", name="筛选条件").click()
        page.locator("#list-filters #state").wait_for(state="visible")
        page.screenshot(path=f"/tmp/i12b-list-{name}-390-filters.png", full_page=True)


def test_lists_on_a_desktop_keep_the_table_and_the_open_filters(live_server, page):
    _items(live_server.world)
    browser_login(page, live_server.url, "office")
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/proposals/")
    page.screenshot(path="/tmp/i12b-list-office-1366.png", full_page=True)
    assert page.locator("table.lx-cards thead").is_visible()
    assert page.locator("#list-filters #state").is_visible()
    assert not page.get_by_role("button", name="筛选条件").is_visible()


# -- item 13: the item page opens on the viewer's next action ---------------------------------------

BODY = ("我省部分县级生态环境部门执法人员数量不足、装备落后，难以适应新形势下生态环境保护执法的需要。"
        "一是执法力量与监管对象数量不匹配；二是执法装备配备不足；三是执法人员专业能力有待提升。\n") * 4
REPLY = ("杨秀兰代表：\n\n您提出的《关于提升基层生态环境执法能力的建议》收悉。感谢您对生态环境保护工作的关心和支持。经认真研究，现答复如下：\n\n"
         + ("一、关于充实执法力量。我厅会同省委编办推动县级执法机构规范化建设，2026年新增执法编制120名，并通过公开招聘补充一线执法人员。\n") * 6
         + "\n再次感谢您对生态环境保护工作的关心和支持，欢迎继续提出宝贵意见。\n")


def _walk(w, until: str, number: str = "1601"):
    """Item 1601 walked up to ``until`` with a realistic history (contacts, notes, a 面商, a long draft)."""
    from datetime import datetime

    today = clock.today()
    p = make_proposal(number, title="关于提升基层生态环境执法能力的建议", lead=w.air, co=[w.water], leader=w.leader,
                      proposers=("杨秀兰", "黄建军", "朱雅琴"), assigned_on=today - timedelta(days=40), commit=False)
    p.body = BODY
    if until == "assigned":
        db.session.commit()
        return p
    p.sign_for(w.handler_a)
    for i, text in enumerate(("已会同临江市局现场核查", "已召开处务会研究答复思路", "已征求政策法规处意见")):
        p.add_note(w.handler_a, text)
    p.give_opinion(w.handler_b, "我处同意主办处室意见，建议在答复中写明执法装备标准化建设安排。")
    if until == "in_progress":
        db.session.commit()
        return p
    p.add_contact(w.handler_a, stage="before", method="phone", contact_on=today - timedelta(days=30), participants="周立伟；杨秀兰代表", leader_present=False, deputy_said="希望加强县级执法力量。")
    p.add_contact(w.handler_a, stage="during", method="meeting", contact_on=today - timedelta(days=20), participants="王振华副厅长、陈海涛处长；杨秀兰代表", leader_present=True, deputy_said="对答复思路表示认可。")
    start = datetime.combine(today - timedelta(days=20), datetime.min.time()).replace(hour=2)
    p.save_draft(w.handler_a, body=REPLY, result_class="B", contact_person="周立伟", contact_phone="0571-87050000",
                 commitment_text="2027年6月底前完成县级执法装备标准化配备", commitment_due_on=today + timedelta(days=200), doc_no="")
    if until == "contacted":
        db.session.commit()
        return p
    p.submit_draft(w.handler_a)
    if until == "dept_review":
        db.session.commit()
        return p
    p.approve_draft(w.head_a)
    if until == "office_review":
        db.session.commit()
        return p
    p.pass_draft(w.office)
    if until == "awaiting_signoff":
        db.session.commit()
        return p
    p.sign_off(w.leader)
    p.mark_sent(w.office, today, "江南环函〔2026〕88号")
    if until == "replied":
        db.session.commit()
        return p
    lead = p.lead_proposer
    p.record_feedback(w.office, lead, met=True, attitude="satisfied", result="unsatisfied", words="希望进一步明确时间表。", channel="phone", received_on=today)
    db.session.commit()
    return p


# (state, the viewer, what is first on the page under “当前进展”)
COMMON = [
    ("assigned", "handler_a", None),
    ("in_progress", "handler_a", "contacts"),
    ("contacted", "handler_a", "reply"),
    ("dept_review", "head_a", "reply"),
    ("office_review", "office", "reply"),
    ("awaiting_signoff", "leader", "reply"),
    ("replied", "office", "feedback"),
    ("rehandling", "handler_a", "contacts"),
    ("in_progress", "handler_b", "opinions"),
]


@pytest.mark.parametrize("state, username, first", COMMON, ids=[f"{s}-{u}" for s, u, _ in COMMON])
def test_the_item_page_opens_on_the_next_action_within_two_screens(live_server, page, state, username, first):
    p = _walk(live_server.world, state)
    browser_login(page, live_server.url, username)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/proposals/{p.id}")
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=f"/tmp/i12b-item-{state}-{username}-1366.png", full_page=True)
    print(f"HEIGHT {state} {username} desktop {height}")
    assert height < 2 * DESKTOP["height"], f"{height} px"
    if first:
        section = page.locator(f"#{first}")
        top = section.bounding_box()["y"]
        assert top < DESKTOP["height"], f"#{first} starts at {top} px"
        if first != "reply":  # the form the action needs is open (the reply's own buttons are in “当前进展”)
            assert section.locator("form").first.is_visible()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/proposals/{p.id}")
    page.screenshot(path=f"/tmp/i12b-item-{state}-{username}-390.png", full_page=True)
    print(f"HEIGHT {state} {username} phone {page.evaluate('document.documentElement.scrollHeight')}")
    _no_sideways_scroll(page)


# -- item 10: the edit-conflict page in a browser -------------------------------------------------------


def test_an_edit_conflict_shows_both_texts_and_reapplies_the_users_text(live_server, page):
    w = live_server.world
    p = _walk(w, "contacted", number="1701")
    browser_login(page, live_server.url, "handler_a")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/proposals/{p.id}")
    page.locator("#next").get_by_role("link", name="修改答复稿").click()
    body = page.locator("#draft-body")
    body.wait_for()
    # Meanwhile the head saves another text.
    with live_server.app.app_context():
        from models.org import User
        from models.proposals import Proposal

        stored = db.session.get(Proposal, p.id)
        stored.save_draft(db.session.get(User, w.head_a.id), body="处长改过的正文。")
        db.session.commit()
    mine = "杨秀兰代表：\n\n我改写的答复正文，第一段。\n第二段。"
    body.fill(mine)
    page.get_by_role("button", name="保存答复稿").click()
    page.get_by_text("您填写的内容（未保存）").wait_for()
    page.screenshot(path="/tmp/i12b-conflict-1366.png", full_page=True)
    assert "处长改过的正文。" in page.locator("table.lx-conflict").inner_text()
    page.get_by_role("button", name="用我填写的内容覆盖当前内容").click()
    page.get_by_text("答复稿已保存").wait_for()
    with live_server.app.app_context():
        from models.proposals import Proposal

        assert db.session.get(Proposal, p.id).current_reply.body.replace("\r\n", "\n") == mine  # a browser sends CRLF
