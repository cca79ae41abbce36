"""The one place that says what time it is, so tests can freeze it (time-machine).

Datetimes are stored as naive UTC; dates (deadlines, reception days) are China local dates.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    """Naive UTC now, as stored in the database."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def now_local() -> datetime:
    return datetime.now(CHINA)


def today() -> date:
    """Today's date in China."""
    return now_local().date()


def to_local(dt: datetime | None) -> datetime | None:
    """A stored naive-UTC datetime as an aware Asia/Shanghai datetime."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(CHINA)


def local_to_utc(dt: datetime) -> datetime:
    """A naive local (China) datetime as naive UTC for storage."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=CHINA)
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def days_between(a: date, b: date) -> int:
    return (b - a).days


__all__ = ["CHINA", "utcnow", "now_local", "today", "to_local", "local_to_utc", "days_between", "timedelta"]


# The dates a form takes: from 2000 to ten years ahead.
# A year 1 assignment or a 9999 withdrawal is a typing error; far-out years also overflow date arithmetic.
FIRST_YEAR = 2000
YEARS_AHEAD = 10


def last_year() -> int:
    return today().year + YEARS_AHEAD


def sensible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= last_year()


def year_range_text() -> str:
    return f"{FIRST_YEAR} 年至 {last_year()} 年"


# Pages may be looked at further ahead (next decades' working-day tables) than a date may be typed into a form.
LAST_VIEW_YEAR = 2100


def viewable_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_VIEW_YEAR


def view_range_text() -> str:
    return f"{FIRST_YEAR} 年至 {LAST_VIEW_YEAR} 年"


WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def day_and_weekday(d: date) -> str:
    """``3月5日（周四）``: a day as notices, reminders and messages name it."""
    return f"{d.month}月{d.day}日（{WEEKDAY_NAMES[d.weekday()]}）"
