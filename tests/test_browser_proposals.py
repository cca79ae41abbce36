"""In a real browser, through the htmx screens: the office makes the 四定 of item 1037; 大气环境处 signs for it,
records a meeting with the deputy and submits the reply draft to its head."""
from __future__ import annotations

import pytest

from extensions import db
from models.proposals import Proposal
from rules import clock
from tests.browser_support import browser_login, screenshot
from tests.factories import make_proposal

pytestmark = pytest.mark.browser


def test_office_assigns_and_the_department_records_a_contact_and_submits_a_draft(live_server, page):
    w = live_server.world
    p = make_proposal("1037", title="关于提升基层生态环境执法能力的建议", proposers=("杨秀兰", "黄建军"), assigned_on=clock.today())
    url = f"{live_server.url}/proposals/{p.id}"

    # The office opens the item: its next action, the 四定, is there with the form open.
    browser_login(page, live_server.url, "office")
    page.goto(url)
    assert "待四定" in page.locator("header").inner_text()
    form = page.locator("#assignment form")
    form.wait_for()
    assert page.url == url  # swapped in place, no navigation
    form.locator("#responsible_leader_id").select_option(label="副厅长王振华")
    form.locator("#lead_department_id").select_option(label="大气环境处")
    form.get_by_label("水生态环境处").check()
    form.locator("#requirements").fill("答复前须与代表见面沟通")
    screenshot(page, "proposal-assign")
    form.get_by_role("button", name="保存四定").click()
    page.get_by_text("已完成四定：大气环境处主办").wait_for()
    assert "待签收" in page.locator("header").inner_text()
    assert "副厅长王振华" in page.locator("#assignment").inner_text()

    # 大气环境处 finds it in its inbox and signs for it.
    page.get_by_role("button", name="退出").click()
    page.get_by_text("您已安全退出").wait_for()  # the logout has landed before the next login
    browser_login(page, live_server.url, "handler_a")
    page.goto(f"{live_server.url}/proposals/inbox")
    page.get_by_role("link", name="关于提升基层生态环境执法能力的建议").click()
    page.get_by_role("button", name="签收").click()
    page.get_by_text("已签收，开始办理").wait_for()

    # It records the meeting with the deputy: the contacts card updates in place and so does the timeline.
    contacts = page.locator("#contacts")
    contacts.locator("#contact-contact_on").fill(clock.today().isoformat())
    contacts.locator("#contact-stage").select_option("办前")
    contacts.locator("#contact-method").select_option("见面座谈")
    contacts.locator("#contact-leader_present").check()
    contacts.locator("#contact-participants").fill("王振华副厅长、陈海涛处长；杨秀兰代表")
    contacts.locator("#contact-deputy_said").fill("希望建立公益诉讼线索移送机制。")
    contacts.get_by_role("button", name="保存沟通记录").click()
    page.locator("#contacts").get_by_text("局领导参加").wait_for()
    page.locator("#timeline").get_by_text("沟通记录：").wait_for()

    # The reply draft from the template (now the next action, at the top), edited in place, then submitted to the head.
    page.locator("#next").get_by_role("link", name="按模板起草答复").click()
    draft = page.locator("#reply form")
    draft.wait_for()
    assert draft.locator("#draft-title").input_value() == "关于省十四届人大四次会议第1037号代表建议的答复"
    assert "杨秀兰代表：" in draft.locator("#draft-body").input_value()
    draft.locator("#draft-body").fill("杨秀兰代表：\n\n您提出的建议收悉……现答复如下：已建立公益诉讼线索双向移送机制。")
    draft.locator("#draft-result_class").select_option("A")
    draft.locator("#draft-contact_phone").fill("0000-86601371")
    draft.get_by_role("button", name="保存答复稿").click()
    page.locator("#reply").get_by_text("已建立公益诉讼线索双向移送机制").wait_for()
    screenshot(page, "proposal-department")
    page.get_by_role("button", name="报处室负责人审核").click()
    page.get_by_text("已报处室负责人审核").wait_for()
    assert "处室审核" in page.locator("header").inner_text()

    with live_server.app.app_context():
        stored = db.session.get(Proposal, p.id)
        assert (stored.state, stored.lead_department_id, len(stored.contacts)) == ("dept_review", w.air.id, 1)
        assert stored.current_reply.result_class == "A"
