"""A clash warning or a calendar names only what its reader may open (issue 11 item 1, issue 12 item 4).

王振华 (in charge of 大气环境处) has, on 15 December 2026 at 09:00–11:30, a reception day, a 下访 assigned to
大气环境处, a visit to his contact point and a 面商 on an item of 大气环境处; 刘文清's item of 水生态环境处
has a 面商 he attends at the same time. Every place that reports a clash or shows a neighbour (planning a
面商 — htmx and plain —, recording a 下访, planning a contact visit, the reception day's page, the calendar's
month/week/list views, the office's week and the private feed) is walked as every role, and each object's
distinctive name may appear only in what a user who may open that object reads."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine

from extensions import db
from models.reception import ContactPoint, ReceptionDay, ReceptionRecord
from services import agenda
from rules.clock import CHINA
from tests.conftest import login
from tests.factories import make_contact_point, make_contact_visit, make_proposal, make_reception_day, make_record

HX = {"HX-Request": "true"}
DAY = date(2026, 12, 15)
ROLES = ("handler_a", "head_a", "handler_b", "head_b", "leader", "leader_b", "office")


def at():
    return time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=CHINA), tick=False)


@pytest.fixture
def busy(world):
    """The leader's crowded morning; each object carries a name found nowhere else."""
    w = world
    with at():
        w.day = make_reception_day(w.leader, DAY, start="09:00", end="11:30")
        w.visit = make_record(w.leader, received_on=DAY, kind="visit", start="09:30", end="11:00", place="钢城街道",
                              visitors="钢城街道居民秦某某", department=w.air)
        w.point = make_contact_point(w.leader, name="青石岭村联系点")
        w.contact = make_contact_visit(w.point, DAY, start="10:00", end="11:00", status="planned")
        w.air_item = make_proposal("1037", title="关于臭氧走航监测的建议", lead=w.air, leader=w.leader, commit=False)
        w.air_item.sign_for(w.handler_a)
        start = datetime(2026, 12, 15, 2, 0)  # 10:00 China time
        w.air_item.plan_meeting(w.handler_a, starts_at=start, ends_at=start.replace(hour=3), place="厅三楼会议室", leader=w.leader)
        # An item the leader may not open (水生态环境处, 刘文清 responsible) whose 面商 he attends.
        w.water_item = make_proposal("2088", title="关于湿地候鸟栖息地保护的建议", lead=w.water, leader=w.leader_b, commit=False)
        w.water_item.sign_for(w.handler_b)
        w.water_item.plan_meeting(w.handler_b, starts_at=start, ends_at=start.replace(hour=3), place="厅五楼会议室", leader=w.leader)
        db.session.commit()
    # The distinctive name of each object, and the object whose ``can(user, "view")`` decides.
    w.names = {
        "1037": w.air_item, "关于臭氧走航监测的建议": w.air_item,
        "2088": w.water_item, "关于湿地候鸟栖息地保护的建议": w.water_item,
        "钢城街道居民秦某某": w.visit, "青石岭村联系点": w.point, "领导接访日": w.day,
    }
    return w


def user(world, username):
    return getattr(world, username)


def check(w, username, text, where):
    """Every object named in ``text`` is one ``username`` may open."""
    u = db.session.get(type(user(w, username)), user(w, username).id)
    for name, obj in w.names.items():
        if name in text:
            obj = db.session.get(type(obj), obj.id)
            assert obj.can(u, "view"), f"{where}: {username} reads “{name}”, which they may not open"


def as_(client, username):
    with client.session_transaction() as sess:
        sess.clear()
    login(client, username)
    return client


def _meeting_form(leader_id):
    return {"meeting-day": DAY.isoformat(), "meeting-starts": "10:30", "meeting-ends": "11:30", "meeting-place": "厅会议室",
            "meeting-leader_id": leader_id}


def test_every_clash_and_calendar_names_only_what_its_reader_may_open(app, client, busy):
    w = busy
    seen_hidden = 0
    for username in ROLES:
        with at():
            c = as_(client, username)
            pages = {}
            # Planning a 面商 on an item of one's own 处室 (the handler/head of each 处室, and the office).
            own = {"handler_a": w.air_item, "head_a": w.air_item, "handler_b": w.water_item, "head_b": w.water_item,
                   "office": w.water_item}.get(username)
            if own is not None:
                answer = c.post(f"/proposals/{own.id}/meetings", data=_meeting_form(w.leader.id), headers=HX)
                assert answer.status_code == 200, answer.status_code
                text = answer.get_data(as_text=True)
                assert "时间冲突" in text, f"{username}: the htmx answer carries the warning"
                pages["面商（htmx）"] = text
                page = c.post(f"/proposals/{own.id}/meetings", data=_meeting_form(w.leader.id), follow_redirects=True)
                pages["面商"] = page.get_data(as_text=True)
                assert "时间冲突" in pages["面商"]
            if username in ("leader", "office"):
                page = c.post(f"/reception/contact-points/{w.point.id}/visits/new", data={
                    "visit_date": DAY.isoformat(), "start_time": "09:15", "end_time": "09:45"}, follow_redirects=True)
                assert page.status_code == 200
                pages["走访"] = page.get_data(as_text=True)
                assert "时间冲突" in pages["走访"]
            if username == "office":
                page = c.post("/reception/records/new", data={
                    "kind": "appointment", "leader_id": w.leader.id, "received_on": DAY.isoformat(), "start_time": "10:15",
                    "end_time": "10:45", "visitors": "约访人", "issue": "噪声", "place": "厅二楼"}, follow_redirects=True)
                pages["约访"] = page.get_data(as_text=True)
            for label, url in {"接访日": f"/reception/days/{w.day.id}", "月": "/calendar/?view=month&date=2026-12-15",
                               "周": "/calendar/?view=week&date=2026-12-15", "列表": "/calendar/?view=list&date=2026-12-10",
                               "各领导周": "/calendar/week?date=2026-12-15"}.items():
                for headers in ({}, HX):
                    page = c.get(url, headers=headers)
                    if page.status_code == 200:
                        pages[label + ("（htmx）" if headers else "")] = page.get_data(as_text=True)
            if username in ("leader", "leader_b", "office"):
                page = c.post("/calendar/subscription").get_data(as_text=True)
                token = re.search(r"/calendar/feed/([A-Za-z0-9_\-]+)\.ics", page).group(1)
                pages["订阅"] = app.test_client().get(f"/calendar/feed/{token}.ics").get_data(as_text=True)
        for where, text in pages.items():
            check(w, username, text, f"{username} · {where}")
            seen_hidden += "其他安排" in text
        if username in ("handler_b", "head_b"):
            # They may open only their own item: everything else is “busy”, by the leader's name only.
            assert "该时段王振华已有其他安排" in pages["面商（htmx）"]
        if username == "leader":
            assert "关于湿地候鸟栖息地保护的建议" not in pages["月"] and "其他安排" in pages["月"]
            assert "厅五楼会议室" in pages["月"], "the leader who attends still sees where"
        if username == "office":
            assert "钢城街道居民秦某某" in pages["面商（htmx）"] and "关于臭氧走航监测的建议" in pages["面商（htmx）"]
    assert seen_hidden


def test_a_clash_message_names_visible_entries_and_only_says_busy_for_the_rest(app, busy):
    w = busy
    with at():
        found = agenda.clashes(w.leader.id, datetime(2026, 12, 15, 2, 0), datetime(2026, 12, 15, 3, 0))
        handler_b = db.session.get(type(w.handler_b), w.handler_b.id)
        message = agenda.clash_message(found, handler_b)
        assert "关于湿地候鸟栖息地保护的建议" in message  # their own item's 面商
        assert "该时段王振华已有其他安排" in message
        for hidden in ("关于臭氧走航监测的建议", "钢城街道居民秦某某", "青石岭村联系点", "领导接访日"):
            assert hidden not in message
        shown = agenda.for_viewer(found, handler_b)
        assert all(e.url() is None for e in shown if e.title == agenda.HIDDEN_TITLE)
        assert {type(e.guard) for e in found} == {ReceptionDay, ReceptionRecord, ContactPoint, type(w.air_item)}
