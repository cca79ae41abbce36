"""A reception day's life: swaps and substitutions keep their reason, clashes are shown when they are
made, bookings at least one working day ahead, ID numbers masked for all but the office, the notice."""
import io
import re
from datetime import date, datetime

import time_machine
from openpyxl import load_workbook

from extensions import db
from models.reception import ReceptionBooking, ReceptionDay, mask_id_number
from services import agenda
from models import audit
from models import workcal
from services.reception import schedule as rules_service
from rules.clock import CHINA
from tests.conftest import login
from tests.factories import (
    make_booking,
    make_contact_point,
    make_contact_visit,
    make_reception_day,
    make_reception_rule,
    make_record,
)


def at(y, m, d, hh=10):
    return time_machine.travel(datetime(y, m, d, hh, 0, tzinfo=CHINA), tick=False)


# -- swaps and substitutions -------------------------------------------------------------------


def test_the_office_substitutes_a_leader_and_the_reason_is_kept_and_audited(app, world, client):
    with at(2026, 12, 1):
        day = make_reception_day(world.leader, date(2026, 12, 15))
        db.session.commit()
        login(client, "office")
        refused = client.post(f"/reception/days/{day.id}/substitute", data={"leader_id": world.leader_b.id, "reason": "", "version": day.version})
        assert refused.status_code == 422 and "请填写换班原因" in refused.get_data(as_text=True)
        response = client.post(f"/reception/days/{day.id}/substitute",
                               data={"leader_id": world.leader_b.id, "reason": "王振华同志当日参加省人大常委会会议", "version": day.version})
        assert response.status_code == 303
        page = client.get(f"/reception/days/{day.id}").get_data(as_text=True)
    db.session.expire_all()
    day = db.session.get(ReceptionDay, day.id)
    assert day.leader_id == world.leader_b.id and day.scheduled_leader_id == world.leader.id and day.swapped
    assert day.swap_reason == "王振华同志当日参加省人大常委会会议"
    entry = audit.entries_for("reception_day", day.id)[-1]
    assert entry.action == "substitute" and "王振华同志当日参加省人大常委会会议" in entry.summary
    assert entry.changes["leader_id"] == ["王振华", "刘文清"]
    assert "原定王振华" in page and "当日参加省人大常委会会议" in page


def test_two_leaders_swap_days_both_keep_the_reason(app, world):
    with at(2026, 12, 1):
        mine = make_reception_day(world.leader, date(2026, 12, 15))
        theirs = make_reception_day(world.leader_b, date(2026, 12, 22))
        mine.swap_with(theirs, "工作安排调整", date(2026, 12, 1))
        db.session.commit()
    assert (mine.leader_id, theirs.leader_id) == (world.leader_b.id, world.leader.id)
    assert mine.swap_reason == theirs.swap_reason == "工作安排调整"
    for d in (mine, theirs):
        assert [e.action for e in audit.entries_for("reception_day", d.id)] == ["swap"]


def test_a_past_or_cancelled_day_cannot_be_swapped(app, world):
    from rules.errors import Refused

    day = make_reception_day(world.leader, date(2026, 11, 2))
    try:
        day.substitute(world.leader_b, "原因", date(2026, 11, 20))
    except Refused as exc:
        assert "已经过去" in exc.message
    else:
        raise AssertionError("a past day was swapped")


# -- clashes -----------------------------------------------------------------------------------


def test_clashes_are_half_open_overlaps_found_in_sql(app, world):
    day = make_reception_day(world.leader, date(2026, 12, 15), start="09:00", end="11:30")
    point = make_contact_point(world.leader)
    touching = make_contact_visit(point, date(2026, 12, 15), start="11:30", end="12:30", status="planned")
    overlapping = make_record(world.leader, received_on=date(2026, 12, 15), kind="visit", start="11:00", end="12:00", place="东岭县")
    other_leader = make_contact_visit(make_contact_point(world.leader_b, name="北山钢铁"), date(2026, 12, 15), start="09:00", end="10:00")
    db.session.commit()
    found = agenda.clashes(world.leader.id, day.starts_at, day.ends_at, exclude=("reception", day.id))
    assert [e.key for e in found] == [("record", overlapping.id)]
    assert touching.id and other_leader.id  # ending exactly at 11:30 is not a clash; another leader's entry never is
    # The calendar marks both clashing entries.
    marked = {e.key: e.clash for e in agenda.entries([world.leader.id], day.starts_at, touching.ends_at)}
    assert marked == {("reception", day.id): True, ("record", overlapping.id): True, ("contact", touching.id): True}


def test_a_clash_is_shown_when_it_is_made(app, world, client):
    with at(2026, 12, 1):
        point = make_contact_point(world.leader)
        make_contact_visit(point, date(2026, 12, 15), start="10:00", end="12:00", status="planned")
        day = make_reception_day(world.leader_b, date(2026, 12, 15), start="09:00", end="11:30")
        db.session.commit()
        login(client, "office")
        response = client.post(f"/reception/days/{day.id}/substitute",
                               data={"leader_id": world.leader.id, "reason": "刘文清同志出差", "version": day.version}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "时间冲突" in page and "联系点：临江市生态环境局" in page


def test_a_deputy_meeting_clashes_too(app, world):
    from datetime import timedelta

    from models.proposals import ProposalMeeting as Meeting
    from tests.factories import make_proposal

    proposal = make_proposal("1037", lead=world.air, leader=world.leader, assigned_on=date(2026, 11, 1))
    day = make_reception_day(world.leader, date(2026, 12, 15))
    meeting = Meeting(proposal_id=proposal.id, leader_id=world.leader.id, starts_at=day.starts_at + timedelta(hours=1),
                      ends_at=day.ends_at + timedelta(hours=1), place="厅三楼会议室", note="与顾振宇代表面商")
    db.session.add(meeting)
    db.session.commit()
    found = agenda.clashes(world.leader.id, day.starts_at, day.ends_at, exclude=("reception", day.id))
    assert [(e.kind, e.id) for e in found] == [("meeting", meeting.id)]
    assert found[0].title.startswith("面商：第1037号")


# -- bookings ----------------------------------------------------------------------------------

BOOKING = {"visitor_name": "张建国", "phone": "13905710001", "id_number": "330102198805061234", "people_count": "2",
           "issue": "小区旁搅拌站夜间施工扬尘、噪声扰民"}


def test_a_booking_must_be_at_least_one_working_day_ahead(app, world, client):
    day = make_reception_day(world.leader, date(2026, 11, 30))  # a Monday
    db.session.commit()
    with at(2026, 11, 27):  # Friday: the last working day before
        login(client, "office")
        assert client.post(f"/reception/days/{day.id}/book", data=BOOKING).status_code == 303
    with at(2026, 11, 28):  # Saturday: too late
        login(client, "office")
        response = client.post(f"/reception/days/{day.id}/book", data=BOOKING)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "预约须至少提前一个工作日" in page and "最晚须于11月27日（周五）预约" in page
    assert 'value="张建国"' in page  # nothing typed is lost
    assert db.session.query(ReceptionBooking).count() == 1


def test_the_working_day_before_a_day_after_national_day_is_before_the_holiday(app, world, client):
    workcal.fill_year(2026)
    day = make_reception_day(world.leader, date(2026, 10, 8))
    db.session.commit()
    assert day.booking_deadline(workcal.calendar()) == date(2026, 9, 30)
    with at(2026, 10, 5):
        login(client, "office")
        response = client.post(f"/reception/days/{day.id}/book", data=BOOKING)
    assert response.status_code == 422 and "最晚须于9月30日（周三）预约" in response.get_data(as_text=True)


def test_booking_input_is_checked_in_chinese(app, world, client):
    day = make_reception_day(world.leader, date(2026, 12, 15))
    db.session.commit()
    with at(2026, 12, 1):
        login(client, "office")
        response = client.post(f"/reception/days/{day.id}/book", data={**BOOKING, "id_number": "12345", "people_count": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "身份证号应为 18 位" in page and "来访人数须在 1 至 50 人之间" in page


def test_id_numbers_are_masked_for_everyone_but_the_office(app, world, client, as_user):
    day = make_reception_day(world.leader, date(2026, 12, 15))
    booking = make_booking(day, id_number="330102198805061234")
    db.session.commit()
    assert mask_id_number("330102198805061234") == "3301**********1234"
    assert booking.id_number_for(world.office) == "330102198805061234"
    assert booking.id_number_for(world.leader) == "3301**********1234"
    office_page = as_user("office").get(f"/reception/days/{day.id}").get_data(as_text=True)
    assert "330102198805061234" in office_page
    for url in (f"/reception/days/{day.id}", f"/reception/bookings?day={day.id}"):
        page = as_user("leader").get(url).get_data(as_text=True)
        assert "3301**********1234" in page and "330102198805061234" not in page
    # The leader of another day, a 处室 and the admin do not see the bookings at all.
    assert as_user("leader_b").get(f"/reception/bookings?day={day.id}").status_code == 404
    assert as_user("handler_a").get(f"/reception/bookings?day={day.id}").status_code == 403
    assert as_user("admin").get(f"/reception/days/{day.id}").status_code == 403


def test_the_audit_trail_never_holds_a_whole_id_number(app, world, client):
    day = make_reception_day(world.leader, date(2026, 12, 15))
    db.session.commit()
    with at(2026, 12, 1):
        login(client, "office")
        client.post(f"/reception/days/{day.id}/book", data=BOOKING)
        booking = db.session.query(ReceptionBooking).one()
        client.post(f"/reception/bookings/{booking.id}/edit", data={**BOOKING, "id_number": "33010219880506123X", "version": booking.version})
    entries = audit.entries_for("reception_booking", booking.id)
    text = repr([(e.summary, e.changes) for e in entries])
    assert "330102198805061234" not in text and "33010219880506123X" not in text
    assert "3301**********123X" in text


def test_the_leaders_list_of_bookings_for_the_next_day(app, world, as_user):
    tomorrow = make_reception_day(world.leader, date(2026, 12, 15))
    make_booking(tomorrow, visitor_name="张建国", people_count=2)
    make_booking(tomorrow, visitor_name="李秀英")
    make_booking(make_reception_day(world.leader_b, date(2026, 12, 15), start="14:30", end="17:00"), visitor_name="王大海")
    db.session.commit()
    with at(2026, 12, 14):
        page = as_user("leader").get("/reception/bookings").get_data(as_text=True)
    assert "明天" in page and "张建国" in page and "李秀英" in page and "王大海" not in page


# -- the monthly notice ------------------------------------------------------------------------


def test_the_notice_lists_date_time_place_leader_areas_how_to_book_and_scope(app, world, as_user):
    rule = make_reception_rule(world.leader, valid_from=date(2026, 1, 1))
    rule.booking_info = "请拨打 86601200 预约。"
    make_reception_day(world.leader, date(2026, 12, 15), rule=rule)
    make_reception_day(world.leader_b, date(2026, 12, 4), start="14:30", end="17:00", place="厅机关一楼接待室")
    cancelled = make_reception_day(world.leader_b, date(2026, 12, 18))
    cancelled.cancelled = True
    make_reception_day(world.leader, date(2027, 1, 15))
    db.session.commit()
    page = as_user("office").get("/reception/notice?month=2026-12").get_data(as_text=True)
    assert "2026年12月领导接访日预告" in page
    assert page.index("12月4日（周五）") < page.index("12月15日（周二）")  # in date order
    assert "14:30–17:00" in page and "副厅长王振华" in page and "大气环境处" in page and "水生态环境处" in page
    assert "请拨打 86601200 预约" in page and "不予受理范围" in page
    assert "12月18日" not in page and "1月15日" not in page
    assert "reception.css" in page  # the print styles


def test_the_notice_exports_to_xlsx_with_formulas_kept_as_text(app, world, as_user):
    make_reception_day(world.leader, date(2026, 12, 15), place="=HYPERLINK(\"http://evil\",\"点此\")")
    db.session.commit()
    response = as_user("office").get("/reception/notice.xlsx?month=2026-12")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = {c.value: c for row in sheet.iter_rows() for c in row if c.value}
    assert "江南省生态环境厅2026年12月领导接访日预告" in values
    cell = values['=HYPERLINK("http://evil","点此")']
    assert cell.data_type == "s"
    assert "12月15日（周二）" in values and "大气环境处" in values


def test_the_notice_prints_one_booking_text_and_one_scope_text_even_with_a_one_off_day(app, world, as_user):
    rule = make_reception_rule(world.leader, valid_from=date(2026, 1, 1))
    rule.booking_info, rule.out_of_scope = "请拨打 86601200 预约。", "涉法涉诉事项不予受理。"
    make_reception_day(world.leader, date(2026, 12, 15), rule=rule)
    make_reception_day(world.leader_b, date(2026, 12, 4))  # a one-off day: no rule of its own
    make_reception_day(world.leader_b, date(2027, 1, 8))  # a month of one-off days only
    db.session.commit()
    office = as_user("office")
    for month in ("2026-12", "2027-01"):
        page = office.get(f"/reception/notice?month={month}").get_data(as_text=True)
        assert page.count('class="notice-booking"') == 1 and page.count('class="notice-scope"') == 1
        assert "请拨打 86601200 预约。" in page and "涉法涉诉事项不予受理。" in page
        assert rules_service.DEFAULT_BOOKING_INFO not in page and rules_service.DEFAULT_OUT_OF_SCOPE not in page
        sheet = load_workbook(io.BytesIO(office.get(f"/reception/notice.xlsx?month={month}").data)).active
        values = [c.value for row in sheet.iter_rows() for c in row if c.value]
        assert values.count("预约方式") == 1 and values.count("不予受理范围") == 1
        assert "请拨打 86601200 预约。" in values and "涉法涉诉事项不予受理。" in values
        assert rules_service.DEFAULT_BOOKING_INFO not in values and rules_service.DEFAULT_OUT_OF_SCOPE not in values


def test_the_notice_month_parameter_is_forgiving(app, world, as_user):
    with at(2026, 11, 20):
        response = as_user("leader").get("/reception/notice?month=garbage")
    assert response.status_code == 200 and "2026年11月领导接访日预告" in response.get_data(as_text=True)


def test_rescheduling_and_cancelling_are_explained_and_audited(app, world, client):
    with at(2026, 12, 1):
        day = make_reception_day(world.leader, date(2026, 12, 15))
        db.session.commit()
        login(client, "office")
        response = client.post(f"/reception/days/{day.id}/reschedule", data={
            "date": "2026-12-16", "start_time": "14:30", "end_time": "17:00", "place": "厅二楼接待室", "reason": "会议室检修", "version": day.version})
        assert response.status_code == 303
        db.session.expire_all()
        day = db.session.get(ReceptionDay, day.id)
        assert (day.date, day.place, day.manual, day.moved_reason) == (date(2026, 12, 16), "厅二楼接待室", True, "会议室检修")
        stale = client.post(f"/reception/days/{day.id}/cancel", data={"reason": "x", "version": "1"})
        assert stale.status_code == 409 and "已被其他人修改" in stale.get_data(as_text=True)
        client.post(f"/reception/days/{day.id}/cancel", data={"reason": "领导临时出差", "version": day.version})
        page = client.get(f"/reception/days/{day.id}").get_data(as_text=True)
    db.session.expire_all()
    day = db.session.get(ReceptionDay, day.id)
    assert day.cancelled and day.cancel_reason == "领导临时出差"
    assert [e.action for e in audit.entries_for("reception_day", day.id)] == ["reschedule", "cancel"]
    assert re.search("已取消", page) and "领导临时出差" in page
