"""Next year's statutory days off are predicted from the law until the State Council's notice is entered."""
from collections import Counter
from datetime import date

import pytest
import time_machine

from extensions import db
from models.settings import WorkdayEntry, WorkdayYear
from models import workcal
from rules.workdays import PREDICTION_NOTE, WorkdayCalendar, package_entries, predict_year
from tests.conftest import login


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_prediction_matches_every_statutory_day_the_package_publishes(year):
    """Made without the package's data: every predicted day is a day off there under the same festival, and
    every festival's statutory days there are predicted (its weekdays off less its make-up days = its statutory
    days, since each bridging day off is paid back by a make-up working day)."""
    published = package_entries(year)
    predicted = predict_year(year)
    days_off = {(day, name) for day, kind, name in published if kind == "holiday"}
    assert {(day, name) for day, _, name in predicted} <= days_off
    weekdays_off = Counter(name for day, kind, name in published if kind == "holiday" and day.weekday() < 5)
    make_up = Counter(name for _, kind, name in published if kind == "workday")
    assert Counter(name for _, _, name in predicted) == weekdays_off - make_up
    assert len(predicted) == 13  # the 2024 regulation's total


def test_2027_is_predicted_from_the_lunar_calendar():
    days = {day: name for day, _, name in predict_year(2027)}
    assert days[date(2027, 1, 1)] == "元旦"
    # 除夕 2027-02-05, 正月初一 2027-02-06.
    assert [d for d, n in days.items() if n == "春节"] == [date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)]
    assert days[date(2027, 4, 5)] == "清明节"
    assert days[date(2027, 6, 9)] == "端午节"
    assert days[date(2027, 9, 15)] == "中秋节"


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_the_calendar_predicts_next_year_and_says_so(app):
    workcal.fill_known_years()
    db.session.flush()
    workcal.invalidate()
    cal = workcal.calendar()
    assert cal.is_known(2026) and not cal.is_predicted(2026)
    assert cal.is_predicted(2027)
    assert not cal.is_working_day(date(2027, 1, 1))
    assert not cal.is_working_day(date(2027, 2, 8))  # 正月初三, a Monday
    assert cal.next_working_day(date(2027, 1, 1)) == date(2027, 1, 4)
    assert cal.fallback_note([2027]) == f"2027 年节假日{PREDICTION_NOTE}"


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_an_empty_table_predicts_after_the_package(app):
    cal = workcal.calendar()
    assert cal.is_predicted(2027) and not cal.is_working_day(date(2027, 10, 1))


def test_an_older_unknown_year_still_falls_back_to_weekdays():
    cal = WorkdayCalendar.from_entries([], [2026]).with_predictions([2027])
    assert cal.fallback_note([2024]) == "2024 年节假日安排尚未公布，按周一至周五计算"


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_the_admin_table_shows_the_prediction_and_a_manual_day_keeps_it(client, world):
    login(client, "admin")
    page = client.get("/admin/workdays?year=2027").get_data(as_text=True)
    assert "预测" in page and "2027-02-05" in page and PREDICTION_NOTE in page
    client.post("/admin/workdays", data={"day": "2027-11-20", "kind": "holiday", "name": "地方调整"})
    assert db.session.get(WorkdayYear, 2027).source == "predicted"
    assert db.session.get(WorkdayEntry, date(2027, 2, 5)).source == "predicted"
    workcal.invalidate()
    cal = workcal.calendar()
    assert cal.is_predicted(2027) and not cal.is_working_day(date(2027, 10, 1)) and not cal.is_working_day(date(2027, 11, 20))


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_a_deadline_in_a_predicted_year_avoids_its_holidays_and_is_marked(client, world):
    from tests.factories import make_proposal

    # 1 Oct 2026 + 3 months = 1 Jan 2027, 元旦 (predicted): the first working day after it.
    p = make_proposal("0601", assigned_on=date(2026, 10, 1), lead=world.air, leader=world.leader)
    assert p.statutory_deadline == date(2027, 1, 4)
    login(client, "handler_a")
    page = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "2027-01-04" in page and ">预测</span>" in page and PREDICTION_NOTE in page
    inbox = client.get("/proposals/inbox").get_data(as_text=True)
    assert ">预测</span>" in inbox
