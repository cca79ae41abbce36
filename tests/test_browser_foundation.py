"""In a real browser: the office logs in, sees the Chinese navigation, and logs out."""
import pytest

from tests.browser_support import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_office_logs_in_sees_chinese_navigation_and_logs_out(live_server, page):
    page.goto(f"{live_server.url}/")
    assert "/login" in page.url
    assert page.locator("h1").inner_text() == "登录连心"
    # A wrong password first: the message is Chinese and the username stays.
    page.fill("#username", "office")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit]")
    page.wait_for_selector(".alert-danger")
    assert "用户名或密码不正确" in page.locator(".alert-danger").inner_text()
    assert page.input_value("#username") == "office"

    browser_login(page, live_server.url, "office")
    nav = page.locator("nav[aria-label=主导航]")
    assert "工作台" in nav.inner_text()
    assert "系统管理" in nav.inner_text()
    assert "赵敏" in nav.inner_text()
    screenshot(page, "office-home")

    page.click("text=退出")
    page.wait_for_url(f"{live_server.url}/login")
    assert "您已安全退出" in page.content()
    page.goto(f"{live_server.url}/")
    assert "/login" in page.url


def test_htmx_is_loaded_and_boosts_navigation(live_server, page):
    browser_login(page, live_server.url, "admin")
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.version").startswith("2.0.")
    page.goto(f"{live_server.url}/admin/users")
    # Active search: typing filters the table without a full reload.
    page.fill("#q", "周立伟")
    page.locator("#results").get_by_text("共 1 人").wait_for()
    assert "周立伟" in page.locator("#results").inner_text()
