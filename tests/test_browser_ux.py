"""Issue 12 items 11 and 13 in a real browser: item lists as cards on a phone (390 × 844) with the filters folded
behind one button, and the item page opening on the viewer's next action. Screenshots go to /tmp for a person."""
from __future__ import annotations

from datetime import timedelta

import pytest

from extensions import db
from services import clock
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
