"""Tests for rules.workdays (uses the real 2026 table from chinesecalendar)."""

from datetime import date, timedelta

import pytest

from rules.workdays import (
    WorkdayCalendar,
    add_months,
    package_entries,
    package_known_years,
)

CAL_2026 = WorkdayCalendar.from_entries(package_entries(2026), known_years=[2026])
WEEKDAYS = WorkdayCalendar.weekdays_only()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2025, 11, 17), 3, date(2026, 2, 17)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
        (date(2026, 5, 20), 12, date(2027, 5, 20)),
    ],
)
def test_add_months(start, n, expected):
    assert add_months(start, n) == expected


def test_package_entries_2026_spring_festival_and_national_day():
    entries = {d: (kind, name) for d, kind, name in package_entries(2026)}
    # Spring Festival: 2026-02-15 (Sun) .. 2026-02-23 (Mon) off; Saturdays 02-14 and 02-28 worked.
    for day in range(15, 24):
        assert entries[date(2026, 2, day)] == ("holiday", "春节")
    assert entries[date(2026, 2, 14)] == ("workday", "春节")
    assert entries[date(2026, 2, 28)] == ("workday", "春节")
    assert date(2026, 2, 24) not in entries
    # National Day: 2026-10-01 .. 2026-10-07 off; Sunday 09-20 and Saturday 10-10 worked.
    for day in range(1, 8):
        assert entries[date(2026, 10, day)] == ("holiday", "国庆节")
    assert entries[date(2026, 9, 20)] == ("workday", "国庆节")
    assert entries[date(2026, 10, 10)] == ("workday", "国庆节")
    assert entries[date(2026, 9, 25)] == ("holiday", "中秋节")
    assert entries[date(2026, 1, 1)] == ("holiday", "元旦")
    # A plain weekend is not an entry.
    assert date(2026, 3, 7) not in entries


def test_package_entries_2026_counts_and_names():
    rows = package_entries(2026)
    assert len([r for r in rows if r[1] == "holiday"]) == 33
    assert [r[0] for r in rows if r[1] == "workday"] == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]
    assert {r[2] for r in rows} == {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}
    assert rows == sorted(rows)
    # Every workday entry is a weekend day.
    assert all(r[0].weekday() >= 5 for r in rows if r[1] == "workday")


def _span(first: date, last: date) -> set[date]:
    return {date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)}


# From the State Council's notices (国办发明电〔2023〕7号 for 2024, 国办发明电〔2024〕12号 for 2025), typed in
# by hand: the days off and the make-up working days (调休) around 春节 and 中秋/国庆.
NOTICES = {
    2024: {
        "春节": (_span(date(2024, 2, 10), date(2024, 2, 17)), {date(2024, 2, 4), date(2024, 2, 18)}),
        "中秋/国庆": (_span(date(2024, 9, 15), date(2024, 9, 17)) | _span(date(2024, 10, 1), date(2024, 10, 7)),
                    {date(2024, 9, 14), date(2024, 9, 29), date(2024, 10, 12)}),
    },
    2025: {
        "春节": (_span(date(2025, 1, 28), date(2025, 2, 4)), {date(2025, 1, 26), date(2025, 2, 8)}),
        "中秋/国庆": (_span(date(2025, 10, 1), date(2025, 10, 8)), {date(2025, 9, 28), date(2025, 10, 11)}),
    },
}
WINDOWS = {"春节": ((1, 15), (2, 28)), "中秋/国庆": ((9, 1), (10, 31))}


@pytest.mark.parametrize("year", sorted(NOTICES))
@pytest.mark.parametrize("festival", sorted(WINDOWS))
def test_package_entries_2024_and_2025_match_the_notices(year, festival):
    (m1, d1), (m2, d2) = WINDOWS[festival]
    window = _span(date(year, m1, d1), date(year, m2, d2))
    rows = [r for r in package_entries(year) if r[0] in window]
    days_off, make_up = NOTICES[year][festival]
    assert {r[0] for r in rows if r[1] == "holiday"} == days_off
    assert {r[0] for r in rows if r[1] == "workday"} == make_up
    cal = WorkdayCalendar.from_entries(package_entries(year), known_years=[year])
    assert all(cal.is_working_day(d) for d in make_up) and not any(cal.is_working_day(d) for d in days_off)
    # The first working day after the break is the day after its last day off (none of them is a weekend).
    last = max(days_off)
    assert cal.next_working_day(last) == last + timedelta(days=1)


def test_package_entries_unknown_year_is_empty():
    assert package_entries(2099) == []
    assert package_entries(1990) == []


def test_package_known_years():
    years = package_known_years()
    assert 2025 in years and 2026 in years
    assert 2099 not in years
    assert years == sorted(years)
    assert years == list(range(years[0], years[-1] + 1))


def test_from_package_marks_known_years():
    cal = WorkdayCalendar.from_package([2026, 2099])
    assert cal.is_known(2026)
    assert not cal.is_known(2099)
    assert cal == CAL_2026


def test_is_working_day_2026():
    assert CAL_2026.is_working_day(date(2026, 2, 14))  # make-up Saturday
    assert not CAL_2026.is_working_day(date(2026, 2, 16))  # Monday in Spring Festival
    assert CAL_2026.is_working_day(date(2026, 2, 24))  # Tuesday after the holiday
    assert not CAL_2026.is_working_day(date(2026, 3, 7))  # plain Saturday
    assert CAL_2026.is_working_day(date(2026, 3, 9))  # plain Monday
    assert CAL_2026.is_working_day(date(2026, 9, 20))  # make-up Sunday
    assert not CAL_2026.is_working_day(date(2026, 10, 5))  # Monday in National Day


def test_weekdays_only():
    assert WEEKDAYS.holidays == frozenset()
    assert WEEKDAYS.workdays == frozenset()
    assert WEEKDAYS.is_working_day(date(2026, 2, 16))
    assert not WEEKDAYS.is_working_day(date(2026, 2, 14))
    assert not WEEKDAYS.is_known(2026)


def test_unknown_year_falls_back_to_monday_to_friday():
    assert not CAL_2026.is_known(2027)
    # 2027-01-01 is a Friday: unknown year, so a plain working day.
    assert CAL_2026.is_working_day(date(2027, 1, 1))
    assert CAL_2026.next_working_day(date(2027, 1, 2)) == date(2027, 1, 4)
    assert CAL_2026.add_working_days(date(2027, 2, 5), 5) == date(2027, 2, 12)
    assert CAL_2026.unknown_years([2026, 2028, 2027, 2028]) == [2027, 2028]
    assert CAL_2026.unknown_years([2026]) == []


def test_fallback_note():
    assert CAL_2026.fallback_note([2028]) == "2028 年节假日安排尚未公布，按周一至周五计算"
    assert CAL_2026.fallback_note([2026, 2028, 2027]) == (
        "2027、2028 年节假日安排尚未公布，按周一至周五计算"
    )
    assert CAL_2026.fallback_note([2026]) is None


def test_next_working_day():
    assert CAL_2026.next_working_day(date(2026, 2, 15)) == date(2026, 2, 24)
    assert CAL_2026.next_working_day(date(2026, 2, 13)) == date(2026, 2, 13)
    assert CAL_2026.next_working_day(date(2026, 2, 13), include_self=False) == date(2026, 2, 14)
    assert CAL_2026.next_working_day(date(2026, 2, 14), include_self=False) == date(2026, 2, 24)
    assert CAL_2026.next_working_day(date(2026, 1, 1)) == date(2026, 1, 4)  # make-up Sunday
    assert CAL_2026.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)


def test_add_working_days_across_make_up_weekend():
    # 02-12 Thu, 02-13 Fri, 02-14 Sat (worked), 02-24 Tue, 02-25 Wed.
    assert CAL_2026.add_working_days(date(2026, 2, 11), 5) == date(2026, 2, 25)
    # Mon–Fri only: 02-12, 02-13, 02-16, 02-17, 02-18.
    assert WEEKDAYS.add_working_days(date(2026, 2, 11), 5) == date(2026, 2, 18)
    # 10-08 Thu, 10-09 Fri, 10-10 Sat (worked), 10-12 Mon, 10-13 Tue.
    assert CAL_2026.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert CAL_2026.add_working_days(date(2026, 9, 30), 0) == date(2026, 9, 30)
    assert CAL_2026.add_working_days(date(2026, 2, 24), -1) == date(2026, 2, 14)


def test_working_days_between():
    # (02-13, 02-28]: 02-14, 02-24..02-27, 02-28 → 6.
    assert CAL_2026.working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6
    assert WEEKDAYS.working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 10
    assert CAL_2026.working_days_between(date(2026, 2, 28), date(2026, 2, 13)) == -6
    assert CAL_2026.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    # (09-30, 10-31]: 10-08, 10-09, 10-10, then 10-12..10-16, 10-19..10-23, 10-26..10-30 → 18.
    assert CAL_2026.working_days_between(date(2026, 9, 30), date(2026, 10, 31)) == 18


def test_from_entries_rejects_unknown_kind():
    with pytest.raises(ValueError):
        WorkdayCalendar.from_entries([(date(2026, 1, 1), "vacation")])
