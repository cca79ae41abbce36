"""Reception days follow the working-day table: a new holiday moves them as their rule says, with their
bookings; the move is recorded, listed before saving and raises the feed's SEQUENCE; a day off is refused or warned."""
from datetime import date, datetime, timedelta, timezone

import time_machine
from icalendar import Calendar

from extensions import db
from models.audit import AuditEntry
from models.reception import ReceptionDay
from services.reception import schedule as reception
from models import workcal
from tests.factories import make_booking, make_reception_rule
from tests.test_calendar_feed import fetch, issue

CHINA = timezone(timedelta(hours=8))
TODAY = time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=CHINA), tick=False)
# The 2027 notice as an admin might paste it: 元旦 1–4 January (the predicted table had only the 1st off).
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。"


def january_day(rule) -> ReceptionDay:
    return db.session.scalars(db.select(ReceptionDay).where(ReceptionDay.rule_id == rule.id, ReceptionDay.slot == date(2027, 1, 1))).one()


@TODAY
def test_a_booked_reception_day_on_a_new_holiday_moves_with_its_bookings(client, world, as_user):
    rule = make_reception_rule(world.leader, day_of_month=1, valid_from=date(2026, 12, 1))
    reception.generate(rule)
    day = january_day(rule)
    assert day.date == date(2027, 1, 4)  # 1 Jan is 元旦 (predicted), then the weekend
    make_booking(day, booked_on=date(2026, 12, 1))
    db.session.commit()
    token = issue(client, "leader")
    uid = next(u for u, ev in _events(fetch(client.application, token)).items() if ev["DTSTART"].dt.date() == date(2027, 1, 4))
    assert int(_events(fetch(client.application, token))[uid]["SEQUENCE"]) == 0

    admin = as_user("admin")
    preview = admin.post("/admin/workdays/notice", data={"text": NOTICE}).get_data(as_text=True)
    assert "因节假日安排调整，接访日由 2027-01-04 改为 2027-01-05（王振华，已有预约 1 个，请通知来访人）" in preview
    assert admin.post("/admin/workdays/notice", data={"text": NOTICE, "confirm": "1"}).status_code == 303

    db.session.expire_all()
    day = january_day(rule)
    assert day.date == date(2027, 1, 5) and len(day.bookings) == 1
    shift = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "reception_day", AuditEntry.object_id == day.id,
                                                           AuditEntry.action == "holiday_shift")).one()
    assert shift.summary.startswith("因节假日安排调整，接访日由 2027-01-04 改为 2027-01-05")
    event = _events(fetch(client.application, token))[uid]
    assert event["DTSTART"].dt.date() == date(2027, 1, 5) and int(event["SEQUENCE"]) >= 1


@TODAY
def test_a_reception_day_on_a_day_off_is_refused_or_warned_as_the_rule_says(client, world, as_user):
    shifting = make_reception_rule(world.leader, day_of_month=1, valid_from=date(2026, 12, 1))
    fixed = make_reception_rule(world.leader_b, day_of_month=1, shift=False, valid_from=date(2026, 12, 1), name="固定日接访")
    reception.generate(shifting)
    reception.generate(fixed)
    db.session.commit()
    office = as_user("office")
    a, b = january_day(shifting), january_day(fixed)
    assert b.date == date(2027, 1, 1)  # this rule does not move off holidays
    data = {"date": "2027-02-06", "start_time": "09:00", "end_time": "11:30", "place": "厅信访接待室（一楼）", "reason": "领导出差"}
    refused = office.post(f"/reception/days/{a.id}/reschedule", data={**data, "version": a.version})
    assert refused.status_code == 422 and "2027-02-06 是节假日或休息日" in refused.get_data(as_text=True)
    warned = office.post(f"/reception/days/{b.id}/reschedule", data={**data, "version": b.version}, follow_redirects=True)
    assert "请注意：2月6日是法定节假日（春节），不是工作日（按法定节假日预测，调休安排公布后可能调整）" in warned.get_data(as_text=True)
    db.session.expire_all()
    assert (january_day(shifting).date, january_day(fixed).date) == (date(2027, 1, 4), date(2027, 2, 6))


def _events(response) -> dict:
    return {str(ev["UID"]): ev for ev in Calendar.from_ical(response.data).walk("VEVENT")}


@TODAY
def test_the_rule_change_preview_lists_the_move_without_saving(app, world):
    rule = make_reception_rule(world.leader, day_of_month=1, valid_from=date(2026, 12, 1))
    reception.generate(rule)
    db.session.commit()
    from services.holiday_notice import parse_notice

    parsed = parse_notice(NOTICE)
    moves = workcal.preview(lambda: workcal.apply_schedule(2027, parsed.rows, "notice"))
    # (The notice names 元旦 only: 国庆 is no longer predicted either, and that move is listed too.)
    assert "因节假日安排调整，接访日由 2027-01-04 改为 2027-01-05（王振华）" in [m.summary for m in moves]
    assert january_day(rule).date == date(2027, 1, 4)


@TODAY
def test_a_petition_clock_moved_earlier_is_recorded_and_shown_to_its_department(client, world, as_user):
    from models.reception import ReceptionRecord
    from tests.factories import make_record

    record = make_record(world.leader, received_on=date(2026, 11, 30), department=world.air)
    record.accepted_on, record.accept_decision = date(2026, 12, 1), "accepted"
    record.recompute_deadlines(workcal.calendar(), workcal.rules())
    assert record.handle_deadline == date(2027, 2, 1)  # 60 days = Sat 30 Jan 2027, then Monday
    db.session.commit()
    notice = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。1月30日（周六）上班。"
    as_user("admin").post("/admin/workdays/notice", data={"text": notice, "confirm": "1"})
    db.session.expire_all()
    record = db.session.get(ReceptionRecord, record.id)
    assert record.handle_deadline == date(2027, 1, 30)
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "reception_record", AuditEntry.object_id == record.id,
                                                           AuditEntry.action == "deadline_earlier")).one()
    assert entry.summary == "因节假日安排调整，期限由 2027-02-01 改为 2027-01-30（办理期限）"
    dept = as_user("handler_a")
    assert "交办事项·期限因节假日安排调整提前" in dept.get("/").get_data(as_text=True)
    assert "共 1 件" in dept.get("/reception/records?moved=earlier").get_data(as_text=True)
    other = as_user("handler_b")
    assert "期限因节假日安排调整提前" not in other.get("/").get_data(as_text=True)
    assert "共 0 件" in other.get("/reception/records?moved=earlier").get_data(as_text=True)


@TODAY
def test_a_reception_day_in_a_predicted_year_is_marked(client, world, as_user):
    rule = make_reception_rule(world.leader, day_of_month=1, valid_from=date(2026, 12, 1))
    reception.generate(rule)
    db.session.commit()
    office = as_user("office")
    day = january_day(rule)
    page = office.get(f"/reception/days/{day.id}").get_data(as_text=True)
    assert ">预测</span>" in page
    december = db.session.scalars(db.select(ReceptionDay).where(ReceptionDay.rule_id == rule.id, ReceptionDay.slot == date(2026, 12, 1))).one()
    assert ">预测</span>" not in office.get(f"/reception/days/{december.id}").get_data(as_text=True)
