"""The admin's working-day table drives deadlines; edits recompute what depends on them."""
from datetime import date

from extensions import db
from models.settings import WorkdayEntry, WorkdayYear
from models import workcal
from tests.conftest import login


def test_empty_table_falls_back_to_the_package(app):
    cal = workcal.calendar()
    assert not cal.is_working_day(date(2026, 2, 16))  # Spring Festival 2026
    assert cal.is_working_day(date(2026, 2, 14))  # make-up Saturday


def test_admin_fills_a_year_from_the_package_and_edits_a_day(client, world):
    login(client, "admin")
    response = client.post("/admin/workdays/fill", data={"year": "2026"})
    assert response.status_code == 303
    assert db.session.get(WorkdayYear, 2026) is not None
    spring = db.session.get(WorkdayEntry, date(2026, 2, 16))
    assert (spring.kind, spring.name, spring.source) == ("holiday", "春节", "package")
    # A local extra day off (e.g. a provincial decision) entered by hand.
    client.post("/admin/workdays", data={"day": "2026-11-20", "kind": "holiday", "name": "地方调整"})
    db.session.expire_all()
    workcal.invalidate()
    assert not workcal.calendar().is_working_day(date(2026, 11, 20))
    # Refilling from the package keeps the manual entry.
    client.post("/admin/workdays/fill", data={"year": "2026"})
    assert db.session.get(WorkdayEntry, date(2026, 11, 20)).source == "manual"


def test_a_year_the_package_does_not_know_is_refused_with_an_explanation(client, world):
    login(client, "admin")
    response = client.post("/admin/workdays/fill", data={"year": "2099"}, follow_redirects=True)
    assert "还没有 2099 年的节假日安排" in response.get_data(as_text=True)
    page = client.get("/admin/workdays?year=2099").get_data(as_text=True)
    assert "2099 年节假日安排尚未公布，按周一至周五计算" in page


def test_calendar_change_runs_registered_recomputations(client, world, monkeypatch):
    calls = []
    monkeypatch.setattr(workcal, "_CALLBACKS", [lambda: calls.append(workcal.calendar().is_working_day(date(2026, 11, 20)))])
    login(client, "admin")
    client.post("/admin/workdays", data={"day": "2026-11-20", "kind": "holiday", "name": "地方调整"})
    assert calls == [False]  # the callback saw the new table


def test_deleting_an_entry_restores_monday_to_friday(client, world):
    login(client, "admin")
    client.post("/admin/workdays", data={"day": "2026-11-20", "kind": "holiday"})
    client.post("/admin/workdays/2026-11-20/delete")
    assert db.session.get(WorkdayEntry, date(2026, 11, 20)) is None


def test_bad_entry_keeps_input_and_explains(client, world):
    login(client, "admin")
    response = client.post("/admin/workdays", data={"day": "2026-13-40", "kind": "holiday", "name": "错日期"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请填写日期" in page or "不是有效的日期" in page
    assert 'value="错日期"' in page


def test_admin_changes_deadline_rules(client, world):
    login(client, "admin")
    page = client.get("/admin/deadline-rules").get_data(as_text=True)
    assert "政协提案答复期限（月）" in page
    data = {**workcal.rules().as_dict(), "cppcc_reply_months": 5, "version": "0"}
    assert client.post("/admin/deadline-rules", data=data).status_code == 303
    db.session.expire_all()
    workcal.invalidate()
    assert workcal.rules().cppcc_reply_months == 5
    bad = client.post("/admin/deadline-rules", data={**data, "npc_max_months": 1, "version": "1"})
    assert bad.status_code == 422 and "不能短于正常答复期限" in bad.get_data(as_text=True)


def test_a_concurrent_edit_of_the_deadline_rules_is_refused(client, world):
    login(client, "admin")
    data = {**workcal.rules().as_dict(), "version": "0"}
    assert client.post("/admin/deadline-rules", data={**data, "yellow_days": 5}).status_code == 303
    # A second admin still holding the page opened before the first save (version 0 → now 1).
    stale = client.post("/admin/deadline-rules", data={**data, "yellow_days": 10, "version": "0"})
    assert stale.status_code == 409 and "已被其他人修改" in stale.get_data(as_text=True)
    db.session.expire_all()
    workcal.invalidate()
    assert workcal.rules().yellow_days == 5
