"""In a real browser: the office changes the dashboard's type and follows a figure to its list; active search
highlights as one types; the letter prints on A4."""
from __future__ import annotations

import pytest

from tests.browser_support import browser_login, screenshot
from tests.stats_support import kpi_world

pytestmark = pytest.mark.browser


@pytest.fixture
def kpi(app, world):
    # Today's date is not frozen here (the live server runs on the real clock): the figures checked below do not
    # depend on it.
    return kpi_world(world)


def test_the_office_narrows_the_dashboard_and_opens_a_figure(kpi, live_server, page):
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/dashboard?year=2026")
    assert "建议提案办理情况统计" in page.locator("h1").inner_text()
    page.locator(".kpi").first.wait_for()
    screenshot(page, "stats-dashboard")
    assert "75.0%" in page.locator(".kpi").first.inner_text()
    # Changing the type refreshes the figures in place (htmx), and the address follows.
    page.select_option("#f-kind", "cppcc")
    page.wait_for_url("**kind=cppcc**")
    page.get_by_text("2026年 · 政协提案 · 全厅").wait_for()
    assert page.evaluate("typeof htmx") == "object"
    # A number opens the list behind it, which says the same number.
    page.goto(f"{live_server.url}/dashboard?year=2026")
    link = page.locator(".tile-n a.fig").first
    shown = link.inner_text()
    link.click()
    page.wait_for_url("**/dashboard/items**")
    assert f"共 {shown} 件" in page.locator(".figure-total").inner_text()


def test_active_search_highlights_while_typing(kpi, live_server, page):
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/search")
    page.fill("#search-q", "测试事项N")
    page.locator("#search-results mark").first.wait_for()
    assert page.locator("#search-results .search-total").inner_text() == "18"
    page.fill("#search-q", "测试事项N13")
    page.get_by_text("共找到 1 件").wait_for()
    screenshot(page, "stats-search")


def test_the_reply_letter_prints_on_a4(kpi, live_server, page):
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/letters/{kpi.on_deadline.id}/reply")
    page.locator(".letter-sheet").wait_for()
    screenshot(page, "stats-letter")
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
