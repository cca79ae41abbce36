"""Reception records on the petition clock (信访工作条例): 15 days to decide acceptance, 60 to handle,
at most 30 more with the office's approval; coloured like items; the 处室 sees what is assigned to it."""
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from extensions import db
from models.reception import ReceptionRecord
from models import audit
from models import workcal
from rules.clock import CHINA
from rules.deadlines import DeadlineRules
from tests.conftest import login
from tests.factories import make_record


def switch(client, username):
    """Log the client in as someone else (the login page would keep the current user)."""
    with client.session_transaction() as sess:
        sess.clear()
    login(client, username)


def at(y, m, d, hh=10):
    return time_machine.travel(datetime(y, m, d, hh, 0, tzinfo=CHINA), tick=False)


@pytest.fixture
def table(app):
    """The 2026 holidays in the admin's table."""
    workcal.fill_year(2026)
    db.session.commit()
    workcal.invalidate()


def test_the_petition_clock_rolls_off_holidays(app, world, table):
    cal, rules = workcal.calendar(), workcal.rules()
    record = make_record(world.leader, received_on=date(2026, 9, 20))  # Sunday, a make-up working day
    record.department = world.air
    record.department_id = world.air.id
    record.recompute_deadlines(cal, rules)
    assert record.accept_deadline == date(2026, 10, 8)  # 10-05 is in the National Day holiday
    record.decide_acceptance("accepted", date(2026, 10, 9), "", date(2026, 10, 9), cal, rules)
    assert record.handle_deadline == date(2026, 12, 8)  # 60 days from acceptance
    record.request_extension("需委托第三方检测", date(2026, 11, 20))
    record.approve_extension(cal, rules)
    assert record.handle_deadline == date(2027, 1, 7)  # at most 30 more


@pytest.mark.parametrize(
    "deadline_offset,finished,level",
    [(-1, False, "red"), (0, False, "yellow"), (7, False, "yellow"), (8, False, "green"), (-30, True, "done")],
)
def test_colours_are_those_of_items_and_the_sql_agrees(app, world, deadline_offset, finished, level):
    today = date(2026, 11, 20)
    record = make_record(world.leader, received_on=date(2026, 10, 1), department=world.air)
    record.accepted_on, record.accept_decision = date(2026, 10, 2), "accepted"
    record.handle_deadline = today + timedelta(days=deadline_offset)
    if finished:
        record.finished_on, record.result = date(2026, 11, 1), "已办结"
    db.session.commit()
    assert record.level(today, DeadlineRules()) == level
    for other in ("red", "yellow", "green", "done"):
        found = db.session.scalar(sa.select(sa.func.count()).select_from(ReceptionRecord).where(ReceptionRecord.level_clause(other, today, 7)))
        assert found == (1 if other == level else 0), other


def test_before_acceptance_the_acceptance_deadline_runs(app, world):
    record = make_record(world.leader, received_on=date(2026, 11, 2), department=world.air)
    db.session.commit()
    assert record.current_deadline == record.accept_deadline == date(2026, 11, 17)
    assert db.session.scalar(sa.select(ReceptionRecord.id).where(ReceptionRecord.current_deadline == date(2026, 11, 17))) == record.id
    assert record.level(date(2026, 11, 18)) == "red"


def test_a_record_is_seen_by_the_office_its_leader_and_its_department_only(app, world, as_user):
    mine = make_record(world.leader, received_on=date(2026, 11, 2), department=world.air, visitors="张建国")
    make_record(world.leader_b, received_on=date(2026, 11, 3), department=world.water, visitors="李秀英")
    db.session.commit()
    with at(2026, 11, 20):
        handler = as_user("handler_a").get("/reception/records").get_data(as_text=True)
        head_b = as_user("head_b").get("/reception/records").get_data(as_text=True)
        office = as_user("office").get("/reception/records").get_data(as_text=True)
        leader = as_user("leader").get("/reception/records").get_data(as_text=True)
        assert as_user("head_b").get(f"/reception/records/{mine.id}").status_code == 404
        assert as_user("admin").get("/reception/records").status_code == 403
    assert "张建国" in handler and "李秀英" not in handler and "本处室接访交办事项" in handler
    assert "李秀英" in head_b and "张建国" not in head_b
    assert "张建国" in office and "李秀英" in office
    assert "张建国" in leader and "李秀英" not in leader
    assert "level-red" in handler  # 11-17 has passed: red, as an overdue item


def test_a_department_can_filter_its_overdue_records(app, world, as_user):
    make_record(world.leader, received_on=date(2026, 11, 2), department=world.air, visitors="逾期的")
    make_record(world.leader, received_on=date(2026, 11, 18), department=world.air, visitors="刚交办的")
    db.session.commit()
    with at(2026, 11, 20):
        client = as_user("handler_a")
        red = client.get("/reception/records?level=red").get_data(as_text=True)
        fragment = client.get("/reception/records?level=green", headers={"HX-Request": "true"})
    assert "逾期的" in red and "刚交办的" not in red
    body = fragment.get_data(as_text=True)
    assert "刚交办的" in body and "<html" not in body and "HX-Request" in fragment.headers["Vary"]


def test_the_whole_path_from_reception_to_the_visitors_rating(app, world, client, table):
    with at(2026, 11, 2):
        switch(client, "office")
        response = client.post("/reception/records/new", data={
            "kind": "onsite", "leader_id": world.leader.id, "received_on": "2026-11-02", "visitors": "张建国、李秀英",
            "visitor_count": "2", "issue": "搅拌站夜间扬尘噪声扰民", "instruction": "请大气环境处督促属地依法查处，60日内反馈。",
            "department_id": world.air.id,
        })
        assert response.status_code == 303
        record = db.session.scalars(sa.select(ReceptionRecord)).one()
        assert (record.department_id, record.accept_deadline) == (world.air.id, date(2026, 11, 17))
    with at(2026, 11, 5):
        switch(client, "handler_a")
        assert client.post(f"/reception/records/{record.id}/accept", data={"decision": "accepted", "on": "2026-11-05", "version": record.version}).status_code == 303
        assert client.post(f"/reception/records/{record.id}/progress", data={"text": "已会同临江市生态环境局夜查"}).status_code == 303
        assert client.post(f"/reception/records/{record.id}/rate", data={"satisfaction": "satisfied"}).status_code == 403
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        assert record.handle_deadline == date(2027, 1, 4)  # 01-04 (Mon): 60 days from acceptance, rolled to a working day
        client.post(f"/reception/records/{record.id}/extension", data={"reason": "需委托第三方检测", "version": record.version})
    with at(2026, 11, 6):
        switch(client, "office")
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        assert client.post(f"/reception/records/{record.id}/extension/decide", data={"decision": "approve", "version": record.version}).status_code == 303
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        assert record.extended and record.handle_deadline == date(2027, 2, 3)
    with at(2026, 12, 20):
        switch(client, "handler_a")
        refused = client.post(f"/reception/records/{record.id}/finish", data={"on": "2026-12-20", "result": "", "version": record.version})
        assert refused.status_code == 422 and "请填写办理结果" in refused.get_data(as_text=True)
        assert client.post(f"/reception/records/{record.id}/finish", data={
            "on": "2026-12-20", "result": "搅拌站已加装喷淋并调整作业时间，复测达标。", "version": record.version}).status_code == 303
        switch(client, "office")
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        assert client.post(f"/reception/records/{record.id}/rate", data={"satisfaction": "satisfied", "note": "很及时", "version": record.version}).status_code == 303
    db.session.expire_all()
    record = db.session.get(ReceptionRecord, record.id)
    assert (record.finished_on, record.satisfaction, record.level(date(2026, 12, 21))) == (date(2026, 12, 20), "satisfied", "done")
    assert [e.action for e in audit.entries_for("reception_record", record.id)] == [
        "create", "assign", "accept", "progress", "request_extension", "approve_extension", "finish", "rate"]


def test_the_office_refuses_an_extension_with_a_reason_and_the_department_may_ask_again(app, world, client):
    record = make_record(world.leader, received_on=date(2026, 11, 2), department=world.air)
    db.session.commit()
    with at(2026, 11, 5):
        login(client, "handler_a")
        client.post(f"/reception/records/{record.id}/accept", data={"decision": "accepted", "on": "2026-11-05", "version": record.version})
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        deadline = record.handle_deadline
        assert client.post(f"/reception/records/{record.id}/extension", data={"reason": "需委托第三方检测", "version": record.version}).status_code == 303
    with at(2026, 11, 6):
        login(client, "office")
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        page = client.get(f"/reception/records/{record.id}").get_data(as_text=True)
        assert "延期申请待决定" in page and "不同意" in page
        no_reason = client.post(f"/reception/records/{record.id}/extension/decide", data={"decision": "refuse", "version": record.version})
        assert no_reason.status_code == 422 and "不同意延期须说明理由" in no_reason.get_data(as_text=True)
        assert client.post(f"/reception/records/{record.id}/extension/decide", data={
            "decision": "refuse", "note": "检测可在现有期限内完成", "version": record.version}).status_code == 303
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        assert (record.extended, record.handle_deadline, record.status_label) == (False, deadline, "办理中（延期未同意）")
    with at(2026, 11, 9):
        login(client, "handler_a")
        page = client.get(f"/reception/records/{record.id}").get_data(as_text=True)
        assert "未同意" in page and "检测可在现有期限内完成" in page  # the requester sees the decision and its reason
        assert "重新申请延长办理期限" in page  # a refused request does not block a new one
        assert client.post(f"/reception/records/{record.id}/extension", data={"reason": "第三方检测排期延后", "version": record.version}).status_code == 303
    with at(2026, 11, 10):
        login(client, "office")
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        assert record.extension_pending and record.extension_decision_note == ""
        assert client.post(f"/reception/records/{record.id}/extension/decide", data={
            "decision": "approve", "version": record.version}).status_code == 303
        db.session.expire_all()
        record = db.session.get(ReceptionRecord, record.id)
        assert record.extended and record.handle_deadline > deadline and record.extension_decision_label == "已同意"
    assert [e.action for e in audit.entries_for("reception_record", record.id)][-4:] == [
        "request_extension", "refuse_extension", "request_extension", "approve_extension"]


def test_declining_needs_a_reason_and_closes_the_matter(app, world, client):
    record = make_record(world.leader, received_on=date(2026, 11, 2), department=world.air)
    db.session.commit()
    with at(2026, 11, 5):
        login(client, "head_a")
        refused = client.post(f"/reception/records/{record.id}/accept", data={"decision": "rejected", "on": "2026-11-05", "version": record.version})
        assert refused.status_code == 422 and "不予受理须说明理由" in refused.get_data(as_text=True)
        client.post(f"/reception/records/{record.id}/accept", data={
            "decision": "rejected", "on": "2026-11-05", "note": "已进入行政复议程序", "version": record.version})
    db.session.expire_all()
    record = db.session.get(ReceptionRecord, record.id)
    assert record.finished_on == date(2026, 11, 5) and record.status_label == "不予受理"


def test_a_stale_form_answers_409_in_chinese(app, world, client):
    record = make_record(world.leader, received_on=date(2026, 11, 2), department=world.air)
    db.session.commit()
    old_version = record.version
    record.instruction = "（办公室补充批示）"
    db.session.commit()
    with at(2026, 11, 5):
        login(client, "handler_a")
        response = client.post(f"/reception/records/{record.id}/accept", data={"decision": "accepted", "on": "2026-11-05", "version": old_version})
    assert response.status_code == 409
    assert "该记录已被其他人修改" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ReceptionRecord, record.id).accepted_on is None


def test_a_planned_visit_needs_a_time_and_a_place(app, world, client):
    with at(2026, 11, 20):
        login(client, "office")
        response = client.post("/reception/records/new", data={"kind": "visit", "leader_id": world.leader.id, "received_on": "2026-12-02",
                                                                "visitor_count": "1"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "下访、约访须填写开始时间" in page and "下访、约访须填写地点" in page
        ok = client.post("/reception/records/new", data={"kind": "visit", "leader_id": world.leader.id, "received_on": "2026-12-02",
                                                         "start_time": "09:00", "end_time": "11:30", "place": "北山市生态环境局",
                                                         "visitors": "钢城街道居民代表", "visitor_count": "6", "department_id": world.air.id})
        assert ok.status_code == 422 and "接访尚未进行，不能交办" in ok.get_data(as_text=True)
        ok = client.post("/reception/records/new", data={"kind": "visit", "leader_id": world.leader.id, "received_on": "2026-12-02",
                                                         "start_time": "09:00", "end_time": "11:30", "place": "北山市生态环境局",
                                                         "visitors": "钢城街道居民代表", "visitor_count": "6"})
        assert ok.status_code == 303
    record = db.session.scalars(sa.select(ReceptionRecord)).one()
    assert record.in_calendar and record.starts_at == datetime(2026, 12, 2, 1, 0)


def test_a_department_panel_on_the_workbench(app, world, as_user):
    make_record(world.leader, received_on=date(2026, 11, 2), department=world.air)
    db.session.commit()
    with at(2026, 11, 20):
        page = as_user("handler_a").get("/").get_data(as_text=True)
    assert "本处室接访交办事项" in page and "交办事项·超期" in page
