"""Tests for rules.deadlines (uses the real 2026 table from chinesecalendar)."""

from datetime import date

import pytest

from rules.deadlines import (
    WARNING_LEVEL_LABELS,
    RULE_LABELS,
    DeadlineRules,
    cohandling_deadline,
    max_extension_deadline,
    petition_accept_deadline,
    petition_handle_deadline,
    rehandle_deadline,
    reply_deadline,
    return_window_end,
    warning_level,
)
from rules.workdays import WorkdayCalendar, package_entries

CAL = WorkdayCalendar.from_entries(package_entries(2026), known_years=[2026])
WEEKDAYS = WorkdayCalendar.weekdays_only()
RULES = DeadlineRules()


def test_default_rules():
    assert RULES.as_dict() == {
        "npc_reply_months": 3,
        "npc_max_months": 6,
        "cppcc_reply_months": 3,
        "cohandling_months": 1,
        "return_window_workdays": 5,
        "rehandle_months": 1,
        "yellow_days": 7,
        "petition_accept_days": 15,
        "petition_handle_days": 60,
        "petition_extension_days": 30,
    }
    assert set(RULE_LABELS) == set(RULES.as_dict())


def test_rules_from_mapping():
    rules = DeadlineRules.from_mapping(
        {"cppcc_reply_months": "5", "yellow_days": None, "rehandle_months": "", "other": 9}
    )
    assert rules.cppcc_reply_months == 5
    assert rules.yellow_days == 7
    assert rules.rehandle_months == 1
    assert DeadlineRules.from_mapping(rules.as_dict()) == rules
    assert DeadlineRules.from_mapping(None) == DeadlineRules()
    with pytest.raises(ValueError):
        DeadlineRules.from_mapping({"npc_reply_months": -1})
    with pytest.raises(ValueError):
        DeadlineRules.from_mapping({"npc_reply_months": "three"})


def test_cppcc_deadline_in_spring_festival_rolls_to_first_working_day():
    # 2025-11-17 + 3 months = 2026-02-17, inside the 02-15..02-23 holiday → 02-24 (Tue).
    assert reply_deadline("cppcc", date(2025, 11, 17), CAL, RULES) == date(2026, 2, 24)
    # Without the holiday table 02-17 is a plain Tuesday.
    assert reply_deadline("cppcc", date(2025, 11, 17), WEEKDAYS, RULES) == date(2026, 2, 17)


def test_deadline_on_make_up_saturday_stays():
    # 2026-02-14 is a Saturday worked in lieu.
    assert reply_deadline("npc", date(2025, 11, 14), CAL, RULES) == date(2026, 2, 14)
    assert reply_deadline("npc", date(2025, 11, 14), WEEKDAYS, RULES) == date(2026, 2, 16)


def test_deadline_on_plain_weekend_rolls_to_monday():
    # 2026-07-05 is a Sunday.
    assert reply_deadline("npc", date(2026, 4, 5), CAL, RULES) == date(2026, 7, 6)


def test_reply_deadline_month_end_clamping_in_unknown_years():
    # 2026-11-30 + 3 months = 2027-02-28 (Sunday; 2027 unknown → Mon–Fri) → 2027-03-01.
    assert reply_deadline("npc", date(2026, 11, 30), CAL, RULES) == date(2027, 3, 1)
    # 2027-11-30 + 3 months = 2028-02-29 (Tuesday).
    assert reply_deadline("npc", date(2027, 11, 30), CAL, RULES) == date(2028, 2, 29)
    assert CAL.unknown_years([2027, 2028]) == [2027, 2028]


def test_reply_deadline_with_edited_rules():
    rules = DeadlineRules.from_mapping({"cppcc_reply_months": 5})
    # 2025-11-17 + 5 months = 2026-04-17 (Friday).
    assert reply_deadline("cppcc", date(2025, 11, 17), CAL, rules) == date(2026, 4, 17)
    assert reply_deadline("npc", date(2025, 11, 17), CAL, rules) == date(2026, 2, 24)


def test_reply_deadline_rejects_unknown_kind():
    with pytest.raises(ValueError):
        reply_deadline("petition", date(2026, 1, 5), CAL, RULES)
    with pytest.raises(ValueError):
        max_extension_deadline("petition", date(2026, 1, 5), CAL, RULES)


def test_max_extension_deadline():
    # 2026-04-05 + 6 months = 2026-10-05, National Day → 2026-10-08.
    assert max_extension_deadline("npc", date(2026, 4, 5), CAL, RULES) == date(2026, 10, 8)
    assert max_extension_deadline("cppcc", date(2026, 4, 5), CAL, RULES) == date(2026, 10, 8)
    # Never earlier than the ordinary deadline.
    short = DeadlineRules(npc_max_months=2)
    assert max_extension_deadline("npc", date(2026, 4, 5), CAL, short) == date(2026, 7, 6)


def test_cohandling_deadline():
    # 2026-09-01 + 1 month = 2026-10-01 (National Day) → 2026-10-08.
    assert cohandling_deadline(date(2026, 9, 1), CAL, RULES) == date(2026, 10, 8)
    # 2025-12-31 + 1 month = 2026-01-31 (Saturday) → 2026-02-02.
    assert cohandling_deadline(date(2025, 12, 31), CAL, RULES) == date(2026, 2, 2)
    # 2026-01-28 + 1 month = 2026-02-28 (Saturday worked in lieu).
    assert cohandling_deadline(date(2026, 1, 28), CAL, RULES) == date(2026, 2, 28)


def test_return_window_across_make_up_weekend():
    # 02-12 Thu, 02-13 Fri, 02-14 Sat (worked), [02-15..02-23 off], 02-24 Tue, 02-25 Wed.
    assert return_window_end(date(2026, 2, 11), CAL, RULES) == date(2026, 2, 25)
    # 09-18 Fri, 09-20 Sun (worked), 09-21, 09-22, 09-23.
    assert return_window_end(date(2026, 9, 17), CAL, RULES) == date(2026, 9, 23)
    assert return_window_end(date(2026, 9, 17), WEEKDAYS, RULES) == date(2026, 9, 24)
    # 10-08 Thu, 10-09 Fri, 10-10 Sat (worked), 10-12 Mon, 10-13 Tue.
    assert return_window_end(date(2026, 9, 30), CAL, RULES) == date(2026, 10, 13)


def test_rehandle_deadline():
    # 2026-09-03 + 1 month = 2026-10-03 → 2026-10-08.
    assert rehandle_deadline(date(2026, 9, 3), CAL, RULES) == date(2026, 10, 8)
    assert rehandle_deadline(date(2026, 3, 10), CAL, RULES) == date(2026, 4, 10)


def test_petition_deadlines():
    # 2026-09-22 + 15 days = 2026-10-07 (National Day) → 2026-10-08.
    assert petition_accept_deadline(date(2026, 9, 22), CAL, RULES) == date(2026, 10, 8)
    # 2026-03-02 + 15 days = 2026-03-17 (Tuesday).
    assert petition_accept_deadline(date(2026, 3, 2), CAL, RULES) == date(2026, 3, 17)
    # 2026-08-02 + 60 days = 2026-10-01 → 2026-10-08.
    assert petition_handle_deadline(date(2026, 8, 2), CAL, RULES) == date(2026, 10, 8)
    # + 90 days = 2026-10-31 (Saturday) → 2026-11-02.
    assert petition_handle_deadline(date(2026, 8, 2), CAL, RULES, extended=True) == date(2026, 11, 2)


def test_rules_default_when_omitted():
    assert reply_deadline("cppcc", date(2025, 11, 17), CAL) == date(2026, 2, 24)
    assert return_window_end(date(2026, 2, 11), CAL) == date(2026, 2, 25)


@pytest.mark.parametrize(
    ("today", "finished_on", "expected"),
    [
        (date(2026, 2, 25), None, "red"),
        (date(2026, 2, 24), None, "yellow"),
        (date(2026, 2, 17), None, "yellow"),
        (date(2026, 2, 16), None, "green"),
        (date(2026, 3, 10), date(2026, 3, 1), "done"),
    ],
)
def test_warning_level(today, finished_on, expected):
    assert warning_level(date(2026, 2, 24), today, finished_on, RULES) == expected


def test_warning_level_without_deadline_and_custom_yellow():
    assert warning_level(None, date(2026, 2, 24)) == "none"
    assert warning_level(None, date(2026, 2, 24), date(2026, 2, 20)) == "done"
    rules = DeadlineRules(yellow_days=3)
    assert warning_level(date(2026, 2, 24), date(2026, 2, 20), rules=rules) == "green"
    assert warning_level(date(2026, 2, 24), date(2026, 2, 21), rules=rules) == "yellow"


def test_level_labels():
    assert WARNING_LEVEL_LABELS == {
        "green": "正常",
        "yellow": "临期",
        "red": "超期",
        "done": "已办结",
        "none": "未定",
    }
