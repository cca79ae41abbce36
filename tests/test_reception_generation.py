"""Reception days generated from rules a year ahead, across official holidays and 调休 (frozen clock),
regeneration that keeps what must not move, and the admin's holiday table moving future days."""
from datetime import date, datetime, time

import sqlalchemy as sa
import time_machine

from extensions import db
from models.reception import ReceptionDay
from models import audit
from models import workcal
from rules.clock import CHINA
from services.reception.schedule import generate, rule_slots
from rules.workdays import WorkdayCalendar, package_entries
from tests.factories import make_booking, make_reception_rule

CAL = WorkdayCalendar.from_entries(package_entries(2026), known_years=[2026])


def at(y, m, d, hh=9):
    return time_machine.travel(datetime(y, m, d, hh, 0, tzinfo=CHINA), tick=False)


def days_of(rule):
    return db.session.scalars(sa.select(ReceptionDay).where(ReceptionDay.rule_id == rule.id).order_by(ReceptionDay.date)).all()


def test_the_15th_moves_to_the_next_working_day_and_is_generated_a_year_ahead(app, world):
    with at(2026, 1, 5):
        rule = make_reception_rule(world.leader, day_of_month=15, valid_from=date(2026, 1, 1))
        result = generate(rule, cal=CAL)
    dates = [d.date for d in days_of(rule)]
    assert dates[:12] == [
        date(2026, 1, 15),
        date(2026, 2, 24),  # 02-15..02-23 Spring Festival
        date(2026, 3, 16),  # Sunday
        date(2026, 4, 15),
        date(2026, 5, 15),
        date(2026, 6, 15),
        date(2026, 7, 15),
        date(2026, 8, 17),  # Saturday
        date(2026, 9, 15),
        date(2026, 10, 15),
        date(2026, 11, 16),  # Sunday
        date(2026, 12, 15),
    ]
    # A year ahead from "today" (2026-01-05), and not one day more.
    assert dates[-1] == date(2026, 12, 15) and len(result.created) == 12
    feb = next(d for d in days_of(rule) if d.date.month == 2)
    assert (feb.slot, feb.nominal) == (date(2026, 2, 1), date(2026, 2, 15))  # the month identifies the occurrence
    # Local 09:00–11:30 stored as naive UTC.
    assert (feb.starts_at, feb.ends_at) == (datetime(2026, 2, 24, 1, 0), datetime(2026, 2, 24, 3, 30))
    assert all(d.leader_id == world.leader.id for d in days_of(rule))


def test_a_make_up_saturday_is_a_working_day_and_keeps_its_date(app, world):
    with at(2026, 1, 5):
        rule = make_reception_rule(world.leader, day_of_month=14, valid_from=date(2026, 2, 1), valid_until=date(2026, 2, 28))
        generate(rule, cal=CAL)
    assert [d.date for d in days_of(rule)] == [date(2026, 2, 14)]  # Saturday, 调休上班


def test_first_friday_after_national_day_moves_to_the_8th(app, world):
    with at(2026, 9, 1):
        rule = make_reception_rule(world.leader, kind="monthly_nth_weekday", nth=1, weekday=4, valid_from=date(2026, 9, 1),
                                   valid_until=date(2026, 11, 30))
        generate(rule, cal=CAL)
    assert [d.date for d in days_of(rule)] == [date(2026, 9, 4), date(2026, 10, 8), date(2026, 11, 6)]


def test_a_rule_starting_mid_month_keeps_the_occurrence_a_holiday_moves_into_its_range(app, world):
    # February's 15th (Spring Festival, 02-15..02-23) is held on 02-24: a rule valid from 02-20 has it.
    with at(2026, 2, 10):
        fifteenth = make_reception_rule(world.leader, day_of_month=15, valid_from=date(2026, 2, 20), valid_until=date(2026, 4, 30))
        generate(fifteenth, cal=CAL)
        # The first Friday of October (10-02, National Day) is held on 10-08: a rule valid from 10-05 has it.
        friday = make_reception_rule(world.leader_b, kind="monthly_nth_weekday", nth=1, weekday=4, valid_from=date(2026, 10, 5),
                                     valid_until=date(2026, 11, 30))
        generate(friday, cal=CAL)
    feb = days_of(fifteenth)[0]
    assert [d.date for d in days_of(fifteenth)] == [date(2026, 2, 24), date(2026, 3, 16), date(2026, 4, 15)]
    assert (feb.slot, feb.nominal) == (date(2026, 2, 1), date(2026, 2, 15))
    assert [d.date for d in days_of(friday)] == [date(2026, 10, 8), date(2026, 11, 6)]
    # A rule starting after the moved day does not get it.
    with at(2026, 2, 10):
        late = make_reception_rule(world.leader, day_of_month=15, valid_from=date(2026, 2, 25), valid_until=date(2026, 3, 31))
        generate(late, cal=CAL)
    assert [d.date for d in days_of(late)] == [date(2026, 3, 16)]


def test_weekly_days_off_are_dropped_and_only_make_up_saturdays_remain(app, world):
    with at(2026, 1, 5):
        saturday = make_reception_rule(world.leader, kind="weekly", weekday=5, valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31))
        generate(saturday, cal=CAL)
        thursday = make_reception_rule(world.leader_b, kind="weekly", weekday=3, valid_from=date(2026, 9, 24), valid_until=date(2026, 10, 15))
        generate(thursday, cal=CAL)
    assert [d.date for d in days_of(saturday)] == [date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 10, 10)]
    assert [d.date for d in days_of(thursday)] == [date(2026, 9, 24), date(2026, 10, 8), date(2026, 10, 15)]  # 10-01 is National Day


def test_nothing_is_created_in_the_past(app, world):
    with at(2026, 6, 20):
        rule = make_reception_rule(world.leader, day_of_month=15, valid_from=date(2026, 1, 1))
        generate(rule, cal=CAL)
    dates = [d.date for d in days_of(rule)]
    assert dates[0] == date(2026, 7, 15)
    assert dates[-1] == date(2027, 6, 15)  # 2027 is not in the table: plain Monday–Friday


def test_a_rota_takes_turns_and_regenerating_later_keeps_the_same_leaders(app, world):
    with at(2025, 12, 20):
        rule = make_reception_rule([world.leader, world.leader_b], kind="monthly_nth_weekday", nth=1, weekday=4,
                                   valid_from=date(2026, 1, 1))
        generate(rule, cal=CAL)
    first = {d.date: d.leader_id for d in days_of(rule)}
    # 01-02 is in the New Year holiday; the next working day is Sunday 01-04 (调休上班).
    assert sorted(first)[:4] == [date(2026, 1, 4), date(2026, 2, 6), date(2026, 3, 6), date(2026, 4, 3)]
    assert [first[d] for d in sorted(first)][:4] == [world.leader.id, world.leader_b.id, world.leader.id, world.leader_b.id]
    with at(2026, 4, 20):
        generate(rule, cal=CAL)
    again = {d.date: d.leader_id for d in days_of(rule)}
    assert {d: l for d, l in again.items() if d in first} == first
    # Slots are counted from the rule's first day, so the rota does not restart.
    assert [s.leader_id for s in rule_slots(rule, date(2026, 12, 31), CAL)][:2] == [world.leader.id, world.leader_b.id]


def test_regenerating_moves_only_what_may_move(app, world):
    with at(2026, 1, 5):
        rule = make_reception_rule(world.leader, day_of_month=15, valid_from=date(2026, 1, 1))
        generate(rule, cal=CAL)
        by_month = {d.date.month: d for d in days_of(rule)}
        make_booking(by_month[4], booked_on=date(2026, 1, 5))  # booked: keeps its date
        by_month[5].substitute(world.leader_b, "王副厅长参加省人代会", date(2026, 1, 5))  # swapped: keeps it too
        # The office moves the rule to the 20th.
        rule.day_of_month = 20
        result = generate(rule, cal=CAL)
    dates = {d.date.month: d.date for d in days_of(rule)}
    assert dates[1] == date(2026, 1, 20)
    assert dates[4] == date(2026, 4, 15) and dates[5] == date(2026, 5, 15)  # booked / swapped: kept
    assert dates[6] == date(2026, 6, 22)  # 06-20 is a Saturday → Monday
    # Still one reception day a month: the month identifies the occurrence, so none is doubled.
    # February stays on 02-24: the 20th is in the Spring Festival holiday too.
    assert len(days_of(rule)) == 12 and len(result.kept) == 2 and len(result.updated) == 9


def test_an_inactive_rule_removes_its_unused_future_days(app, world):
    with at(2026, 1, 5):
        rule = make_reception_rule(world.leader, day_of_month=15, valid_from=date(2026, 1, 1))
        generate(rule, cal=CAL)
        make_booking(days_of(rule)[2], booked_on=date(2026, 1, 5))
        rule.active = False
        result = generate(rule, cal=CAL)
    assert result.removed == 11
    assert [d.date for d in days_of(rule)] == [date(2026, 3, 16)]


def test_a_new_holiday_in_the_admin_table_moves_future_generated_days(app, world):
    workcal.fill_year(2026)
    db.session.commit()
    with at(2026, 11, 20):
        rule = make_reception_rule(world.leader, day_of_month=15, valid_from=date(2026, 1, 1))
        generate(rule)
        dec = next(d for d in days_of(rule) if d.date.month == 12)
        assert dec.date == date(2026, 12, 15)
        version = dec.version
        db.session.commit()
        # A provincial decision makes 2026-12-15 a day off: the admin adds it to the table.
        from models.settings import WorkdayEntry

        db.session.add(WorkdayEntry(day=date(2026, 12, 15), kind="holiday", name="地方调整", source="manual"))
        workcal.calendar_changed()
        db.session.commit()
    db.session.expire_all()
    dec = db.session.get(ReceptionDay, dec.id)
    assert dec.date == date(2026, 12, 16) and dec.starts_at == datetime(2026, 12, 16, 1, 0)
    assert dec.version > version  # subscribers see a new SEQUENCE
    assert any("工作日历调整" in e.summary for e in audit.entries_for("reception_rule", rule.id))


def test_a_booked_day_that_becomes_a_holiday_moves_with_its_bookings_and_one_changed_by_hand_is_flagged(app, world, client):
    from models.settings import WorkdayEntry
    from services.reception.schedule import days_needing_attention
    from tests.conftest import login

    workcal.fill_year(2026)
    db.session.commit()
    with at(2026, 11, 20):
        rule = make_reception_rule(world.leader, day_of_month=15, valid_from=date(2026, 1, 1))
        other = make_reception_rule(world.leader_b, day_of_month=15, valid_from=date(2026, 1, 1), name="另一位领导接访日")
        generate(rule)
        generate(other)
        dec = next(d for d in days_of(rule) if d.date.month == 12)
        make_booking(dec, booked_on=date(2026, 11, 20))
        by_hand = next(d for d in days_of(other) if d.date.month == 12)
        by_hand.manual = True  # the office set its time by hand: regeneration leaves it alone
        db.session.add(WorkdayEntry(day=date(2026, 12, 15), kind="holiday", name="地方调整", source="manual"))
        workcal.calendar_changed()
        db.session.commit()
        assert dec.date == date(2026, 12, 16) and len(dec.bookings) == 1
        assert any("接访日由 2026-12-15 改为 2026-12-16（王振华，已有预约 1 个" in e.summary for e in audit.entries_for("reception_day", dec.id))
        assert by_hand.date == date(2026, 12, 15)
        assert [d.id for d in days_needing_attention()] == [by_hand.id]
        login(client, "office")
        page = client.get("/reception/").get_data(as_text=True)
    assert "以下接访日落在非工作日" in page


def test_making_a_rule_through_the_form_generates_and_reports(app, world, client):
    from tests.conftest import login

    with at(2026, 11, 20):
        login(client, "office")
        response = client.post("/reception/rules/new", data={
            "name": "副厅长接访日", "kind": "monthly_nth_weekday", "nth": "1", "weekday": "4", "shift": "y",
            "start_time": "14:30", "end_time": "17:00", "place": "厅机关一楼群众来访接待室",
            "leaders": [str(world.leader.id), str(world.leader_b.id)], "valid_from": "2026-12-01", "active": "y",
        })
        assert response.status_code == 303
        detail = client.get(response.headers["Location"]).get_data(as_text=True)
        bad = client.post("/reception/rules/new", data={"name": "x", "kind": "monthly_day", "start_time": "10:00", "end_time": "09:00",
                                                         "place": "p", "valid_from": "2026-12-01"})
    assert "每月第一个周五" in detail and "王振华 → 刘文清" in detail
    assert "新增 12 个" in detail  # the flash after generation
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "结束时间须晚于开始时间" in page and "请填写每月几日" in page and "请至少选择一位接访领导" in page


def test_local_times_are_stored_as_utc(app, world):
    from models.reception import local_span

    assert local_span(date(2026, 12, 15), time(9, 0), time(11, 30)) == (datetime(2026, 12, 15, 1, 0), datetime(2026, 12, 15, 3, 30))
