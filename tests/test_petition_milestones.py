"""Local petition milestones ("1、2、4"): the admin defines them, every record assigned to a 处室 is tracked
against them with the deadline colours, the 处室 marks them done with a date, and the report's numbers
open lists of exactly as many records."""
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from extensions import db
from models.milestones import PetitionMilestone, RecordMilestone
from models.reception import ReceptionRecord
from services.reception import milestones
from models import workcal
from rules.clock import CHINA
from rules.deadlines import DeadlineRules, petition_milestone_deadline
from rules.workdays import WorkdayCalendar
from tests.conftest import login
from tests.factories import make_milestone, make_record


def at(y, m, d, hh=10):
    return time_machine.travel(datetime(y, m, d, hh, 0, tzinfo=CHINA), tick=False)


def switch(client, username):
    with client.session_transaction() as sess:
        sess.clear()
    login(client, username)


def test_due_dates_in_calendar_or_working_days_roll_off_holidays():
    # 2026-10-01..07 off, Sunday 2026-10-11 a make-up working day.
    cal = WorkdayCalendar.from_entries([*((date(2026, 10, d), "holiday") for d in range(1, 8)), (date(2026, 10, 11), "workday")], [2026])
    received = date(2026, 9, 28)  # Monday
    # 7 calendar days end on 10-05, a holiday: rolled to the next working day.
    assert petition_milestone_deadline(received, 7, False, cal) == date(2026, 10, 8)
    # 5 working days: 9-29, 9-30, 10-8, 10-9, 10-11 (the make-up Sunday).
    assert petition_milestone_deadline(received, 5, True, cal) == date(2026, 10, 11)
    assert petition_milestone_deadline(date(2026, 11, 2), 14, False, cal) == date(2026, 11, 16)


@pytest.fixture
def three(app, world):
    """The "1、2、4" milestones."""
    world.m1 = make_milestone("联系来访人", 7, sort_order=1)
    world.m2 = make_milestone("现场调查核实", 14, sort_order=2)
    world.m4 = make_milestone("书面答复来访人", 28, sort_order=3)
    db.session.commit()
    return world


def rows_of(record):
    return {row.milestone.name: row for row in db.session.scalars(sa.select(RecordMilestone).where(RecordMilestone.record_id == record.id))}


def test_assigning_a_record_starts_its_milestones_from_the_reception_day(client, three):
    w = three
    record = make_record(w.leader, received_on=date(2026, 11, 2))
    db.session.commit()
    assert rows_of(record) == {}  # not yet assigned: nothing to track
    with at(2026, 11, 3):
        login(client, "office")
        response = client.post(f"/reception/records/{record.id}/assign", data={"department_id": w.air.id, "version": record.version})
    assert response.status_code == 303
    rows = rows_of(record)
    assert {name: row.due_on for name, row in rows.items()} == {
        "联系来访人": date(2026, 11, 9), "现场调查核实": date(2026, 11, 16), "书面答复来访人": date(2026, 11, 30)}


def test_the_admin_defines_a_milestone_and_open_records_follow_it(client, world):
    open_record = make_record(world.leader, received_on=date(2026, 11, 2), department=world.air)
    closed = make_record(world.leader, received_on=date(2026, 10, 1), department=world.air)
    closed.finished_on, closed.accepted_on, closed.accept_decision = date(2026, 10, 20), date(2026, 10, 3), "accepted"
    db.session.commit()
    login(client, "admin")
    bad = client.post("/admin/milestones/new", data={"name": "", "days": "0", "working_days": "0"})
    assert bad.status_code == 422 and "请填写节点名称" in bad.text and "须在 1 至 365 之间" in bad.text
    assert client.post("/admin/milestones/new", data={"name": "联系来访人", "days": "5", "working_days": "1", "active": "y"}).status_code == 303
    m = db.session.scalars(sa.select(PetitionMilestone)).one()
    assert rows_of(open_record)["联系来访人"].due_on == date(2026, 11, 9)  # 5 working days
    assert rows_of(closed) == {}  # a closed record is not put on a rule made after it
    page = client.get("/admin/milestones").text
    assert "联系来访人" in page and "5 个工作日内" in page

    # The step is done; then the admin changes the rule: the open row moves, the done one stays.
    other = make_record(world.leader, received_on=date(2026, 11, 2), department=world.water)
    milestones.sync_record(other)
    rows_of(other)["联系来访人"].done_on = date(2026, 11, 4)
    db.session.commit()
    response = client.post(f"/admin/milestones/{m.id}/edit", data={"name": "联系来访人", "days": "7", "working_days": "0", "active": "y", "version": m.version})
    assert response.status_code == 303
    assert rows_of(open_record)["联系来访人"].due_on == date(2026, 11, 9)  # 7 calendar days: 11-09 (Monday)
    assert rows_of(other)["联系来访人"].due_on == date(2026, 11, 9)
    response = client.post(f"/admin/milestones/{m.id}/edit", data={"name": "联系来访人", "days": "10", "working_days": "0", "active": "y", "version": m.version})
    assert rows_of(open_record)["联系来访人"].due_on == date(2026, 11, 12)
    assert rows_of(other)["联系来访人"].due_on == date(2026, 11, 9)  # done: kept as it was when done
    stale = client.post(f"/admin/milestones/{m.id}/edit", data={"name": "x", "days": "3", "working_days": "0", "version": "1"})
    assert stale.status_code == 409


def build(w):
    """Five records of 大气环境处 and one of 水生态环境处, seen on 2026-11-20 (yellow = 7 days)."""
    specs = [  # received, department, done (milestone 1), finished
        (date(2026, 11, 18), w.air, None, None),  # m1 due 11-25: yellow; m2 12-02: green
        (date(2026, 11, 2), w.air, None, None),  # m1 due 11-09: red
        (date(2026, 11, 2), w.air, date(2026, 11, 6), None),  # m1 done on time
        (date(2026, 11, 2), w.air, date(2026, 11, 12), None),  # m1 done late
        (date(2026, 10, 1), w.air, None, date(2026, 10, 30)),  # closed without marking: missed
        (date(2026, 11, 2), w.water, None, None),  # another 处室: red, not the handler's
    ]
    records = []
    for received, dept, done, finished in specs:
        r = make_record(w.leader, received_on=received, department=dept)
        if finished:
            r.accepted_on, r.accept_decision, r.finished_on, r.result = received, "accepted", finished, "已办结"
        milestones.sync_record(r)
        db.session.flush()
        if done:
            rows_of(r)["联系来访人"].done_on = done
        records.append(r)
    cancelled = make_record(w.leader, received_on=date(2026, 11, 2), department=w.air)
    milestones.sync_record(cancelled)
    cancelled.cancelled = True  # not tracked
    db.session.commit()
    return records


def test_states_are_coloured_like_every_deadline_and_sql_agrees_with_python(three):
    records = build(three)
    rules = DeadlineRules()
    with at(2026, 11, 20):
        today = date(2026, 11, 20)
        expected = ["yellow", "red", "done_on_time", "done_late", "missed", "red"]
        got = [dict((row.milestone.name, s) for row, s in milestones.rows_for(r, today, rules))["联系来访人"] for r in records]
        assert got == expected
        sql = dict(db.session.execute(
            sa.select(RecordMilestone.record_id, milestones.state_case(today, rules.yellow_days))
            .join(ReceptionRecord, ReceptionRecord.id == RecordMilestone.record_id)
            .where(RecordMilestone.milestone_id == three.m1.id)
        ).all())
        assert [sql[r.id] for r in records] == expected
        # The yellow boundary is the admin's rule: 3 days of warning make the first record green.
        assert milestones.state_of(rows_of(records[0])["联系来访人"], records[0], today, DeadlineRules(yellow_days=3)) == "green"


@pytest.mark.parametrize("username", ["office", "handler_a", "leader"])
def test_every_number_of_the_report_opens_a_list_of_as_many_records(client, three, username):
    records = build(three)
    with at(2026, 11, 20):
        login(client, username)
        page = client.get("/reception/milestones")
        assert page.status_code == 200
        counts = milestones.report(getattr(three, username))
        total = 0
        for m in (three.m1, three.m2, three.m4):
            for state in milestones.STATES:
                n = counts.get(m.id, {}).get(state, 0)
                listing = client.get("/reception/records", query_string={"milestone": m.id, "mstate": state}).text
                assert f"共 {n} 件" in listing if n else "没有符合条件的接访记录" in listing
                if n:
                    assert f'href="/reception/records?milestone={m.id}&amp;mstate={state}">{n}</a>' in page.text
                total += n
    visible = 5 if username == "handler_a" else 6  # the handler does not see 水生态环境处's record
    assert total == visible * 3
    assert counts[three.m1.id]["red"] == (1 if username == "handler_a" else 2)


def test_the_department_marks_a_milestone_done_with_a_date(client, three):
    w = three
    record = make_record(w.leader, received_on=date(2026, 11, 2), department=w.air)
    milestones.sync_record(record)
    db.session.commit()
    url = f"/reception/records/{record.id}/milestones/{w.m1.id}/done"
    with at(2026, 11, 12):
        login(client, "handler_a")
        page = client.get(f"/reception/records/{record.id}").text
        assert "办理节点" in page and "联系来访人" in page and "超期未完成" in page
        future = client.post(url, data={f"m{w.m1.id}-on": "2026-11-13"})
        assert future.status_code == 422 and "完成日期须在接访日期之后、今天或之前" in future.text
        missing = client.post(url, data={f"m{w.m1.id}-on": ""})
        assert missing.status_code == 422 and "请填写完成日期" in missing.text
        done = client.post(url, data={f"m{w.m1.id}-on": "2026-11-10", f"m{w.m1.id}-note": "电话联系来访人张建国"})
        assert done.status_code == 303
        row = rows_of(record)["联系来访人"]
        assert row.done_on == date(2026, 11, 10) and row.done_by.username == "handler_a"
        assert "超时完成" in client.get(f"/reception/records/{record.id}").text
        again = client.post(url, data={f"m{w.m1.id}-on": "2026-11-11"})
        assert again.status_code == 422 and "已于 2026-11-10 完成" in again.text
        history = client.get(f"/reception/records/{record.id}").text
        assert "完成办理节点“联系来访人”（2026-11-10，节点期限 2026-11-09）（超过节点期限）" in history
        # Another 处室 cannot see it; a leader may look but not act.
        switch(client, "head_b")
        assert client.post(f"/reception/records/{record.id}/milestones/{w.m2.id}/done", data={f"m{w.m2.id}-on": "2026-11-10"}).status_code == 404
        switch(client, "leader")
        assert client.post(f"/reception/records/{record.id}/milestones/{w.m2.id}/done", data={f"m{w.m2.id}-on": "2026-11-10"}).status_code == 403
    assert rows_of(record)["现场调查核实"].done_on is None


def test_the_workbench_shows_red_and_yellow_milestones_opening_their_lists(client, three):
    build(three)
    with at(2026, 11, 20):
        login(client, "handler_a")
        home = client.get("/").text
        assert "信访办理节点" in home
        url = f"/reception/records?milestone={three.m1.id}&amp;mstate=red"
        assert url in home
        listing = client.get(url.replace("&amp;", "&")).text
        assert "共 1 件" in listing


def test_the_workday_table_change_moves_open_milestones(app, three):
    record = make_record(three.leader, received_on=date(2026, 11, 2), department=three.air)
    milestones.sync_record(record)
    db.session.commit()
    assert rows_of(record)["联系来访人"].due_on == date(2026, 11, 9)
    from models.settings import WorkdayEntry

    workcal.fill_year(2026)
    db.session.add(WorkdayEntry(day=date(2026, 11, 9), kind="holiday", name="测试"))
    db.session.flush()
    workcal.calendar_changed()
    assert rows_of(record)["联系来访人"].due_on == date(2026, 11, 10)
