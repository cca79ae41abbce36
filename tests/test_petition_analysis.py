"""信访研判: the year's reception records by category, district, 处室 and month, repeat petitioners and places,
open and overdue; every figure opens a list that states the same number; Excel export; office and leaders."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from extensions import db
from services.reception import petition_analysis as pa
from tests.factories import make_record
from tests.stats_support import frozen

TODAY = date(2026, 9, 10)


@pytest.fixture(autouse=True)
def _clock():
    with frozen(TODAY):
        yield


@pytest.fixture
def petitions(world):
    """王振华 heard six matters this year (张建国 three times about the 城东搅拌站), 刘文清 one; one is cancelled,
    one from last year."""
    def rec(leader, on, visitors, category, district, location, department=None, finished=None):
        r = make_record(leader, received_on=on, visitors=visitors, department=department)
        r.category, r.district, r.location = category, district, location
        if finished:
            r.accepted_on, r.accept_decision = on, "accepted"
            r.finished_on, r.result = finished, "已整改"
        return r

    rec(world.leader, date(2026, 3, 16), "张建国", "noise", "临江市西湖区", "城东搅拌站", world.air, finished=date(2026, 4, 20))
    rec(world.leader, date(2026, 5, 15), "张建国", "noise", "临江市西湖区", "城东搅拌站", world.air)  # its acceptance was due in June: overdue
    rec(world.leader, date(2026, 9, 1), "张建国", "air", "临江市西湖区", "城东搅拌站", world.air)
    rec(world.leader, date(2026, 6, 15), "李秀英", "water", "临江市滨江区", "滨江化工园排口", world.water)
    rec(world.leader, date(2026, 6, 15), "王大海", "", "", "")  # not yet classified, not assigned
    rec(world.leader_b, date(2026, 7, 15), "陈立", "waste", "青山县", "青山县垃圾填埋场", world.water)
    cancelled = rec(world.leader, date(2026, 7, 1), "张建国", "noise", "临江市西湖区", "城东搅拌站")
    cancelled.cancelled = True
    rec(world.leader, date(2025, 11, 15), "张建国", "noise", "临江市西湖区", "城东搅拌站")
    db.session.commit()
    return world


def _figures(html: str) -> list[tuple[str, int]]:
    """Every (list link, number shown in the link) on the analysis page."""
    found = re.findall(r'href="(/reception/analysis/list\?[^"]+)"[^>]*>(.*?)</a>', html, re.S)
    return [(url.replace("&amp;", "&"), int(re.findall(r">?\s*(\d+)", re.sub(r"<[^>]+>", " ", inner))[-1])) for url, inner in found]


def test_the_office_sees_the_year_by_category_district_department_month_and_repeats(petitions, as_user):
    w = petitions
    office = as_user("office")
    period = pa.Period(2026)
    data = pa.analysis(period, w.office)
    assert data["totals"] == {"all": 6, "open": 5, "overdue": 3, "repeat_petitioners": 3, "repeat_places": 3}
    assert {r.title: r.count for r in data["breakdowns"]["category"]} == {"噪声": 2, "大气": 1, "水": 1, "固废": 1, "未分类": 1}
    assert {r.title: r.count for r in data["breakdowns"]["department"]} == {"大气环境处": 3, "水生态环境处": 2, "未交办": 1}
    assert {r.title: r.count for r in data["breakdowns"]["district"]}["临江市西湖区"] == 3
    assert [(r.title, r.count) for r in data["breakdowns"]["month"]] == [("3 月", 1), ("5 月", 1), ("6 月", 2), ("7 月", 1), ("9 月", 1)]
    assert [(r.title, r.count) for r in data["petitioners"]] == [("张建国", 3)]
    assert [(r.title, r.count) for r in data["places"]] == [("城东搅拌站", 3)]

    html = office.get("/reception/analysis?year=2026").get_data(as_text=True)
    figures = _figures(html)
    assert len(figures) == 24  # 5 headline figures, 5 categories, 3 处室, 4 districts, 5 months, 2 repeats
    for url, number in figures:
        text = office.get(url).get_data(as_text=True)
        assert f"共 {number} 件" in text, url
        assert text.count('href="/reception/records/') == min(number, 30), url


def test_a_leader_analyses_only_the_records_they_received(petitions, as_user):
    leader_b = as_user("leader_b")
    html = leader_b.get("/reception/analysis?year=2026").get_data(as_text=True)
    assert "只统计您接访的记录" in html
    text = leader_b.get("/reception/analysis/list?year=2026&figure=all").get_data(as_text=True)
    assert "共 1 件" in text and "青山县垃圾填埋场" in text and "城东搅拌站" not in text


def test_the_analysis_exports_to_excel(petitions, as_user):
    office = as_user("office")
    response = office.get("/reception/analysis.xlsx?year=2026")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    assert wb.sheetnames == ["概况", "按问题类别", "按区县", "按承办处室", "按月份", "重复来访人", "重复地点", "明细"]
    overview = {row[0]: row[1] for row in wb["概况"].iter_rows(min_row=2, values_only=True)}
    assert overview == {"全部接访记录": 6, "未办结": 5, "超期未办结": 3, "重复来访人的记录": 3, "重复地点的记录": 3}
    assert wb["明细"].max_row == 7


@pytest.mark.parametrize("user", ["handler_a", "head_b", "admin"])
def test_departments_and_the_admin_do_not_see_the_analysis(petitions, as_user, user):
    client = as_user(user)
    assert client.get("/reception/analysis").status_code == 403
    assert client.get("/reception/analysis/list?figure=all").status_code == 403


def test_the_office_records_the_category_district_and_place_of_a_reception(world, as_user):
    from models.reception import ReceptionRecord

    office = as_user("office")
    response = office.post("/reception/records/new", data={
        "kind": "onsite", "leader_id": world.leader.id, "received_on": "2026-09-08", "visitor_count": "1", "visitors": "张建国",
        "issue": "搅拌站夜间噪声", "category": "noise", "district": "临江市西湖区", "location": "城东搅拌站", "department_id": "0",
    })
    assert response.status_code == 303
    record = db.session.scalars(db.select(ReceptionRecord)).one()
    assert (record.category, record.district, record.location) == ("noise", "临江市西湖区", "城东搅拌站")
    page = office.get(f"/reception/records/{record.id}").get_data(as_text=True)
    assert "噪声 · 临江市西湖区 · 城东搅拌站" in page


def test_a_corrected_category_reads_in_chinese_in_the_history(world, as_user):
    from models import audit

    record = make_record(world.leader, received_on=date(2026, 9, 1), visitors="张建国")
    record.category = "noise"
    db.session.commit()
    office = as_user("office")
    data = {"kind": "onsite", "leader_id": world.leader.id, "received_on": "2026-09-01", "visitor_count": "1", "visitors": "张建国",
            "category": "air", "version": record.version}
    assert office.post(f"/reception/records/{record.id}/edit", data=data).status_code == 303
    changed = [e.changes["category"] for e in audit.entries_for("reception_record", record.id) if "category" in (e.changes or {})]
    assert changed == [["噪声", "大气"]]
