"""In a real browser, keyboard only: the office enters a returned 征询意见表 on the batch screen."""
from __future__ import annotations

from datetime import timedelta

import pytest

from extensions import db
from models.proposals import Proposal
from rules import clock
from tests.browser_support import browser_login, screenshot
from tests.test_feedback_batch import _replied

pytestmark = pytest.mark.browser


def test_the_office_enters_a_form_with_the_keyboard_alone(live_server, page):
    w = live_server.world
    p = _replied(w, "1037", proposers=("顾振宇",), sent_on=clock.today() - timedelta(days=10))
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/proposals/feedback/batch")
    page.get_by_label("顾振宇 办理态度").focus()
    page.keyboard.press("1")  # 1 满意
    page.keyboard.press("Tab")
    page.keyboard.press("3")  # 3 不满意
    page.keyboard.press("Tab")
    page.keyboard.press("4")  # 4 网上
    page.keyboard.press("Tab")  # the date (today) stays
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # met
    page.keyboard.press("Tab")
    page.keyboard.type("监测点位仍然不足")
    page.keyboard.press("Tab")
    screenshot(page, "feedback-batch-keyboard")
    page.keyboard.press("Enter")
    page.get_by_text("已启动重新办理").wait_for()
    db.session.expire_all()
    p = db.session.get(Proposal, p.id)
    fb = p.feedback[0]
    assert (fb.attitude, fb.result, fb.channel, fb.met, fb.words) == ("satisfied", "unsatisfied", "online", True, "监测点位仍然不足")
    assert p.state == "rehandling"
