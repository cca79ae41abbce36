"""Each leader's month, week and list views; the office's week of all leaders side by side; month-to-month
navigation with plain links and with htmx fragments."""
from datetime import date, datetime

import time_machine

from extensions import db
from models import workcal
from rules.clock import CHINA
from tests.factories import make_contact_point, make_contact_visit, make_reception_day, make_record


def at(y, m, d, hh=10):
    return time_machine.travel(datetime(y, m, d, hh, 0, tzinfo=CHINA), tick=False)


def setup_entries(w):
    w.day = make_reception_day(w.leader, date(2026, 12, 15))
    w.other = make_reception_day(w.leader_b, date(2026, 12, 4), start="14:30", end="17:00")
    w.visit = make_record(w.leader, received_on=date(2026, 12, 2), kind="visit", start="09:00", end="11:30", place="北山市生态环境局",
                          visitors="钢城街道居民代表")
    w.contact = make_contact_visit(make_contact_point(w.leader, name="北山钢铁集团有限公司"), date(2026, 12, 1), status="planned")
    db.session.commit()


def test_a_leader_sees_their_own_month(app, world, as_user):
    setup_entries(world)
    with at(2026, 11, 20):
        page = as_user("leader").get("/calendar/?month=2026-12").get_data(as_text=True)
        leaks = as_user("leader").get(f"/calendar/?month=2026-12&leader={world.leader_b.id}").get_data(as_text=True)
    assert "王振华的日程" in page and "2026年12月" in page
    assert "领导接访日" in page and "下访：钢城街道居民代表" in page and "联系点：北山钢铁集团有限公司" in page
    assert f"/reception/days/{world.other.id}\"" not in page and "刘文清" not in page
    assert f"/reception/days/{world.other.id}\"" not in leaks  # the leader parameter is for the office only


def test_the_office_sees_every_leader_with_names_or_chooses_one(app, world, as_user):
    setup_entries(world)
    with at(2026, 11, 20):
        client = as_user("office")
        everyone = client.get("/calendar/?month=2026-12").get_data(as_text=True)
        one = client.get(f"/calendar/?month=2026-12&leader={world.leader_b.id}").get_data(as_text=True)
    assert "局领导日程" in everyone
    assert f"/reception/days/{world.day.id}" in everyone and f"/reception/days/{world.other.id}" in everyone
    assert "刘文清" in everyone and "王振华" in everyone
    assert "刘文清的日程" in one and f"/reception/days/{world.day.id}" not in one


def test_month_navigation_works_with_plain_links_and_with_htmx(app, world, as_user):
    setup_entries(world)
    with at(2026, 11, 20):
        client = as_user("leader")
        page = client.get("/calendar/?month=2026-11").get_data(as_text=True)
        assert 'href="/calendar/?view=month&amp;date=2026-12-01"' in page  # next month, no JavaScript needed
        assert 'hx-get="/calendar/?view=month&amp;date=2026-12-01"' in page and 'hx-target="#calendar"' in page
        full = client.get("/calendar/?view=month&date=2026-12-01")
        fragment = client.get("/calendar/?view=month&date=2026-12-01", headers={"HX-Request": "true"})
        boosted = client.get("/calendar/?view=month&date=2026-12-01", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "2026年12月" in full.get_data(as_text=True) and "<html" in full.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="calendar"' in body[:400]
    assert "2026年12月" in body and "下访：钢城街道居民代表" in body and 'href="/calendar/?view=month&amp;date=2027-01-01"' in body
    assert "HX-Request" in fragment.headers["Vary"]
    assert "<html" in boosted.get_data(as_text=True)  # a boosted navigation gets the whole page


def test_week_and_list_views(app, world, as_user):
    setup_entries(world)
    with at(2026, 11, 30):
        client = as_user("leader")
        week = client.get("/calendar/?view=week&date=2026-12-02").get_data(as_text=True)
        listing = client.get("/calendar/?view=list").get_data(as_text=True)
    assert "2026年11月30日 – 12月6日" in week and "钢城街道居民代表" in week and "北山钢铁集团有限公司" in week
    assert "领导接访日" not in week  # 12-15 is another week
    assert "11月30日起 31 天" in listing
    assert listing.index("12月1日") < listing.index("12月2日") < listing.index("12月15日")


def test_holidays_and_make_up_days_are_marked(app, world, as_user):
    workcal.fill_year(2026)
    db.session.commit()
    with at(2026, 9, 20):
        page = as_user("leader").get("/calendar/?month=2026-10").get_data(as_text=True)
    assert "国庆节" in page and ">班<" in page  # 10-10 is a make-up Saturday


def test_an_unpublished_year_is_said_to_be_monday_to_friday(app, world, as_user):
    with at(2026, 11, 20):
        page = as_user("leader").get("/calendar/?month=2030-01").get_data(as_text=True)
    assert "2030 年节假日安排尚未公布，按周一至周五计算" in page


def test_the_office_week_of_all_leaders_side_by_side(app, world, as_user):
    setup_entries(world)
    with at(2026, 11, 20):
        page = as_user("office").get("/calendar/week?date=2026-12-02").get_data(as_text=True)
        fragment = as_user("office").get("/calendar/week?date=2026-12-09", headers={"HX-Request": "true"}).get_data(as_text=True)
        assert as_user("leader").get("/calendar/week").status_code == 403
    assert "全体领导周日程" in page and "王振华" in page and "刘文清" in page
    assert "钢城街道居民代表" in page and f"/reception/days/{world.other.id}" in page
    assert "<html" not in fragment and "12月7日 – 12月13日" in fragment


def test_clashing_entries_are_flagged_in_the_calendar(app, world, as_user):
    make_reception_day(world.leader, date(2026, 12, 15))
    make_record(world.leader, received_on=date(2026, 12, 15), kind="appointment", start="10:00", end="11:00", place="厅三楼", visitors="许国栋")
    db.session.commit()
    with at(2026, 11, 20):
        page = as_user("leader").get("/calendar/?month=2026-12").get_data(as_text=True)
    assert "本月有 2 项安排时间冲突" in page and "is-clash" in page


def test_a_malformed_date_falls_back_to_today(app, world, as_user):
    with at(2026, 11, 20):
        response = as_user("leader").get("/calendar/?view=week&date=2026-13-45")
    assert response.status_code == 200 and "2026年11月16日 – 11月22日" in response.get_data(as_text=True)
