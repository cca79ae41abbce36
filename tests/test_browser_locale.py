"""Issue 12 item 14: in a Chromium whose own language is English, the date, time and file inputs show no English
("mm/dd/yyyy", "Choose File", "No file chosen"): the document says zh-CN, dates are typed in a stated format and
file inputs have a Chinese button."""
from __future__ import annotations

from datetime import date

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, browser_login
from tests.factories import make_proposal

pytestmark = pytest.mark.browser


@pytest.fixture
def english_page(browser):
    from playwright.sync_api import sync_playwright  # noqa: F401  (the session browser is Chinese; start our own)

    english = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + ["--lang=en-US"])
    context = english.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()
    english.close()


NATIVE = "input[type=date], input[type=time], input[type=month], input[type=datetime-local], input[type=week]"


def _no_english_controls(page):
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator(NATIVE).count() == 0
    for i in range(page.locator("input[type=file]").count()):
        native = page.locator("input[type=file]").nth(i)
        assert native.evaluate("el => getComputedStyle(el).opacity") == "0"
        button = page.locator(f"label.lx-file-button[for='{native.get_attribute('id')}']")
        assert button.is_visible() and button.inner_text() == "选择文件…"


def test_date_and_file_inputs_show_no_english_in_an_english_chromium(live_server, english_page):
    page = english_page
    w = live_server.world
    p = make_proposal("1401", lead=w.air, leader=w.leader, assigned_on=date(2026, 3, 18))
    p.sign_for(w.handler_a)
    from extensions import db

    db.session.commit()
    browser_login(page, live_server.url, "handler_a")
    page.goto(f"{live_server.url}/proposals/{p.id}")
    contacts = page.locator("#contacts")
    _no_english_controls(page)
    assert contacts.locator("#contact-contact_on").get_attribute("placeholder").startswith("年-月-日")
    # Choosing a file shows its name beside the Chinese button.
    page.set_input_files("#contact-files", files=[{"name": "座谈纪要.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}])
    assert page.locator("[data-file-names='contact-files']").inner_text() == "座谈纪要.pdf"
    contacts.screenshot(path="/tmp/i12b-contacts-en-US.png")

    page.get_by_role("button", name="退出").click()
    page.get_by_text("您已安全退出").wait_for()  # the logout has landed before the next login (its CSRF token is new)
    browser_login(page, live_server.url, "office")
    for path in ("/proposals/import", "/audit/", "/reception/days/new"):
        page.goto(live_server.url + path)
        _no_english_controls(page)
    page.goto(live_server.url + "/proposals/import")
    page.screenshot(path="/tmp/i12b-import-en-US.png", full_page=True)
