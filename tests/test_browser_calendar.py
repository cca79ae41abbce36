"""In a real browser: a leader pages through their calendar month by month (htmx swaps only the calendar,
the address bar follows, plain links would work too), and the office registers a booking."""
from datetime import timedelta

import pytest

from extensions import db
from rules import clock
from services.reception.schedule import working_calendar
from tests.browser_support import browser_login, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the browser fixture skips these tests
    expect = None
from tests.factories import make_contact_point, make_contact_visit, make_reception_day

pytestmark = pytest.mark.browser


def _first_of_next_month(d):
    return (d.replace(day=1) + timedelta(days=32)).replace(day=1)


def test_a_leader_pages_through_the_months(live_server, page):
    w = live_server.world
    today = clock.today()
    nxt = _first_of_next_month(today)
    cal = working_calendar()
    day = make_reception_day(w.leader, cal.next_working_day(nxt + timedelta(days=9)))
    make_contact_visit(make_contact_point(w.leader, name="北山钢铁集团有限公司", year=today.year), today, status="planned")
    make_reception_day(w.leader_b, cal.next_working_day(nxt + timedelta(days=9)), start="14:30", end="17:00", place="刘文清的接访地点")
    db.session.commit()

    browser_login(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/calendar/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".cal-title-text").inner_text() == f"{today.year}年{today.month}月"
    assert "北山钢铁集团有限公司" in page.locator("#calendar").inner_text()
    page.evaluate("window.__notReloaded = true")

    page.click("#calendar a[rel=next]")
    expect(page.locator(".cal-title-text")).to_have_text(f"{nxt.year}年{nxt.month}月")
    assert page.evaluate("window.__notReloaded === true")  # htmx swapped the calendar, no page load
    assert f"date={nxt.isoformat()}" in page.url  # the address bar follows (bookmarkable)
    grid = page.locator("#calendar table.cal-month")
    assert grid.is_visible() and "领导接访日" in grid.inner_text()
    assert "刘文清的接访地点" not in page.content()
    screenshot(page, "calendar-leader-month")
    page.click(f"#calendar a[href*='/reception/days/{day.id}']")
    page.wait_for_url(f"**/reception/days/{day.id}")
    assert "王振华接访" in page.locator("h1").inner_text()

    page.go_back()
    expect(page.locator(".cal-title-text")).to_have_text(f"{nxt.year}年{nxt.month}月")
    page.click("#calendar a[rel=prev]")
    expect(page.locator(".cal-title-text")).to_have_text(f"{today.year}年{today.month}月")

    # On a phone the month is a list of days, not a grid.
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("#calendar a[rel=next]")
    expect(page.locator(".cal-title-text")).to_have_text(f"{nxt.year}年{nxt.month}月")
    assert not page.locator("#calendar table.cal-month").is_visible()
    assert "领导接访日" in page.locator("#calendar .cal-listday").first.inner_text()
    screenshot(page, "calendar-leader-phone")


def test_the_office_registers_a_booking(live_server, page):
    w = live_server.world
    cal = working_calendar()
    on = cal.add_working_days(clock.today(), 3)
    day = make_reception_day(w.leader, on)
    db.session.commit()

    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/reception/days/{day.id}")
    page.click("text=登记预约")
    page.wait_for_url(f"**/reception/days/{day.id}/book")
    page.fill("#visitor_name", "张建国")
    page.fill("#phone", "13905710001")
    page.fill("#id_number", "33010219880506")  # too short
    page.fill("#people_count", "2")
    page.fill("#issue", "小区旁搅拌站夜间施工扬尘、噪声扰民")
    page.click("#booking-form button[type=submit]")
    page.wait_for_selector(".invalid-feedback")
    assert "身份证号应为 18 位" in page.locator(".invalid-feedback").first.inner_text()
    assert page.input_value("#visitor_name") == "张建国"  # nothing typed is lost

    page.fill("#id_number", "330102198805061234")
    page.click("#booking-form button[type=submit]")
    page.wait_for_url(f"**/reception/days/{day.id}")
    assert "已登记张建国的预约" in page.locator("#flashes").inner_text()
    row = page.locator(".bookings-table tbody tr").first
    assert "张建国" in row.inner_text() and "330102198805061234" in row.inner_text()
    screenshot(page, "reception-day-booking")

    # The leader sees the same booking with the ID number masked.
    page.click("text=退出")
    page.wait_for_url(f"{live_server.url}/login")
    browser_login(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/reception/bookings?day={day.id}")
    text = page.locator(".bookings-table").inner_text()
    assert "张建国" in text and "3301**********1234" in text and "330102198805061234" not in text
