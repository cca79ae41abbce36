"""Tests for rules.recurrence (uses the real 2026 table from chinesecalendar)."""

from datetime import date, timedelta

import pytest

from rules.recurrence import (
    monthly_day,
    monthly_nth_weekday,
    nth_weekday_of_month,
    rota,
    weekly,
)
from rules.workdays import WorkdayCalendar, package_entries

CAL = WorkdayCalendar.from_entries(package_entries(2026), known_years=[2026])
WEEKDAYS = WorkdayCalendar.weekdays_only()
Y2026 = (date(2026, 1, 1), date(2026, 12, 31))


def test_monthly_15th_moves_off_holidays_and_weekends():
    assert monthly_day(15, *Y2026, CAL) == [
        date(2026, 1, 15),
        date(2026, 2, 24),  # 02-15 is in the Spring Festival holiday (02-15..02-23)
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


def test_monthly_day_without_shift_keeps_the_date():
    result = monthly_day(15, date(2026, 2, 1), date(2026, 3, 31), CAL, shift=False)
    assert result == [date(2026, 2, 15), date(2026, 3, 15)]


def test_monthly_day_31_uses_month_end():
    start, end = date(2026, 1, 1), date(2026, 6, 30)
    assert monthly_day(31, start, end, CAL) == [
        date(2026, 2, 2),  # 01-31 Saturday
        date(2026, 2, 28),  # Saturday worked in lieu
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 6, 1),  # 05-31 Sunday
        date(2026, 6, 30),
    ]
    assert monthly_day(31, start, end, WEEKDAYS, shift=False) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
    ]
    # Without the table 02-28 is a plain Saturday → 03-02.
    assert monthly_day(31, date(2026, 2, 1), date(2026, 3, 10), WEEKDAYS) == [
        date(2026, 2, 2),
        date(2026, 3, 2),
    ]


def test_monthly_day_range_is_inclusive_and_uses_moved_dates():
    # February's 15th moves to 02-24: inside [02-16, 02-28], outside [02-01, 02-20].
    assert monthly_day(15, date(2026, 2, 16), date(2026, 2, 28), CAL) == [date(2026, 2, 24)]
    assert monthly_day(15, date(2026, 2, 1), date(2026, 2, 20), CAL) == []
    # January's 31st moves into February.
    assert monthly_day(31, date(2026, 2, 1), date(2026, 2, 10), CAL) == [date(2026, 2, 2)]
    assert monthly_day(15, date(2026, 4, 15), date(2026, 4, 15), CAL) == [date(2026, 4, 15)]
    assert monthly_day(15, date(2026, 5, 1), date(2026, 4, 1), CAL) == []


def test_monthly_day_collisions_are_kept_once():
    # A month-long closure moves both 01-15 and 02-15 to 02-16.
    closure = frozenset(date(2026, 1, 15) + timedelta(days=i) for i in range(32))
    cal = WorkdayCalendar(holidays=closure, known_years=frozenset({2026}))
    assert monthly_day(15, date(2026, 1, 1), date(2026, 3, 31), cal) == [
        date(2026, 2, 16),
        date(2026, 3, 16),
    ]


def test_monthly_day_in_unknown_year_uses_monday_to_friday():
    # 2027 is not in the table: 2027-02-15 is a Monday; 2027-05-15 a Saturday → 05-17.
    assert monthly_day(15, date(2027, 2, 1), date(2027, 5, 31), CAL) == [
        date(2027, 2, 15),
        date(2027, 3, 15),
        date(2027, 4, 15),
        date(2027, 5, 17),
    ]


def test_monthly_day_rejects_bad_day():
    with pytest.raises(ValueError):
        monthly_day(0, *Y2026, CAL)
    with pytest.raises(ValueError):
        monthly_day(32, *Y2026, CAL)


def test_nth_weekday_of_month():
    assert nth_weekday_of_month(2026, 2, 3, 0) == date(2026, 2, 16)
    assert nth_weekday_of_month(2026, 8, 1, 4) == date(2026, 8, 7)
    assert nth_weekday_of_month(2026, 7, -1, 4) == date(2026, 7, 31)
    assert nth_weekday_of_month(2026, 10, 4, 5) == date(2026, 10, 24)
    with pytest.raises(ValueError):
        nth_weekday_of_month(2026, 10, 5, 4)
    with pytest.raises(ValueError):
        nth_weekday_of_month(2026, 10, 1, 7)


def test_first_friday_of_each_month():
    assert monthly_nth_weekday(1, 4, *Y2026, CAL) == [
        date(2026, 1, 4),  # 01-02 New Year holiday, 01-03 off, 01-04 Sunday worked in lieu
        date(2026, 2, 6),
        date(2026, 3, 6),
        date(2026, 4, 3),
        date(2026, 5, 6),  # 05-01..05-05 Labour Day
        date(2026, 6, 5),
        date(2026, 7, 3),
        date(2026, 8, 7),
        date(2026, 9, 4),
        date(2026, 10, 8),  # 10-01..10-07 National Day
        date(2026, 11, 6),
        date(2026, 12, 4),
    ]


def test_first_friday_without_shift():
    result = monthly_nth_weekday(1, 4, date(2026, 4, 1), date(2026, 5, 31), CAL, shift=False)
    assert result == [date(2026, 4, 3), date(2026, 5, 1)]


def test_last_friday_and_third_monday():
    assert monthly_nth_weekday(-1, 4, date(2026, 7, 1), date(2026, 12, 31), CAL) == [
        date(2026, 7, 31),
        date(2026, 8, 28),
        date(2026, 9, 28),  # 09-25 Mid-autumn Festival
        date(2026, 10, 30),
        date(2026, 11, 27),
        date(2026, 12, 25),
    ]
    # Third Monday of February is 02-16, in the Spring Festival holiday → 02-24.
    assert monthly_nth_weekday(3, 0, date(2026, 2, 1), date(2026, 3, 31), CAL) == [
        date(2026, 2, 24),
        date(2026, 3, 16),
    ]


def test_monthly_nth_weekday_rejects_bad_arguments():
    with pytest.raises(ValueError):
        monthly_nth_weekday(0, 4, *Y2026, CAL)
    with pytest.raises(ValueError):
        monthly_nth_weekday(5, 4, *Y2026, CAL)
    with pytest.raises(ValueError):
        monthly_nth_weekday(1, -1, *Y2026, CAL)


def test_weekly_skips_days_off():
    start, end = date(2026, 9, 28), date(2026, 10, 19)
    assert weekly(0, start, end, CAL) == [date(2026, 9, 28), date(2026, 10, 12), date(2026, 10, 19)]
    assert weekly(0, start, end, CAL, skip_non_working=False) == [
        date(2026, 9, 28),
        date(2026, 10, 5),
        date(2026, 10, 12),
        date(2026, 10, 19),
    ]
    # Only the Sunday worked in lieu survives among September's Sundays.
    assert weekly(6, date(2026, 9, 1), date(2026, 9, 30), CAL) == [date(2026, 9, 20)]
    # Range bounds are inclusive.
    assert weekly(2, date(2026, 3, 4), date(2026, 3, 18), CAL) == [
        date(2026, 3, 4),
        date(2026, 3, 11),
        date(2026, 3, 18),
    ]
    assert weekly(2, date(2026, 3, 5), date(2026, 3, 4), CAL) == []
    with pytest.raises(ValueError):
        weekly(7, *Y2026, CAL)


def test_rota_cycles_through_leaders():
    dates = [date(2026, 3, 16), date(2026, 1, 15), date(2026, 2, 24), date(2026, 1, 15), date(2026, 4, 15)]
    assert rota(dates, [7, 3, 5]) == [
        (date(2026, 1, 15), 7),
        (date(2026, 2, 24), 3),
        (date(2026, 3, 16), 5),
        (date(2026, 4, 15), 7),
    ]
    assert rota(dates, ["张", "李"], offset=1) == [
        (date(2026, 1, 15), "李"),
        (date(2026, 2, 24), "张"),
        (date(2026, 3, 16), "李"),
        (date(2026, 4, 15), "张"),
    ]
    assert rota([], [1]) == []
    with pytest.raises(ValueError):
        rota(dates, [])


def test_rota_over_generated_reception_days():
    days = monthly_day(15, date(2026, 1, 1), date(2026, 4, 30), CAL)
    assert rota(days, [1, 2]) == [
        (date(2026, 1, 15), 1),
        (date(2026, 2, 24), 2),
        (date(2026, 3, 16), 1),
        (date(2026, 4, 15), 2),
    ]
