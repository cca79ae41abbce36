"""Rules that generate leader reception days (局领导接访日).

Every generator returns sorted, distinct dates within ``[start, end]`` inclusive.
A date moved forward because it is not a working day is kept when the moved date
is inside the range, even if the original date was before ``start``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TypeVar

from rules.workdays import WorkdayCalendar

T = TypeVar("T")


def _months(start: date, end: date) -> list[tuple[int, int]]:
    """(year, month) pairs from the month before ``start`` up to the month of ``end``.

    The month before is included because its date may be moved into the range.
    """
    index = start.year * 12 + start.month - 1 - 1
    last = end.year * 12 + end.month - 1
    result: list[tuple[int, int]] = []
    while index <= last:
        year, month0 = divmod(index, 12)
        result.append((year, month0 + 1))
        index += 1
    return result


def _finish(candidates: Iterable[date], start: date, end: date) -> list[date]:
    return sorted({d for d in candidates if start <= d <= end})


def follow_holidays(nominal: Iterable[date], cal: WorkdayCalendar, *, weekly: bool, shift: bool = True) -> dict[date, date]:
    """The one rule of reception days and days off: each nominal date → the day it is held.

    With ``shift``, a monthly date that is not a working day moves to the next working day, and a weekly
    one is dropped. Two nominal dates landing on the same day keep the earlier one.
    """
    held: dict[date, date] = {}
    for n in sorted(nominal):
        if shift and weekly and not cal.is_working_day(n):
            continue
        actual = cal.next_working_day(n) if shift and not weekly else n
        if actual not in held.values():
            held[n] = actual
    return held


def _check_weekday(weekday: int) -> None:
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday): {weekday}")


def monthly_day(
    day: int, start: date, end: date, cal: WorkdayCalendar, shift: bool = True
) -> list[date]:
    """The ``day``-th of every month (a short month uses its last day).

    With ``shift``, a date that is not a working day moves to the next working day.
    """
    if not 1 <= day <= 31:
        raise ValueError(f"day must be 1 to 31: {day}")
    if start > end:
        return []
    nominal = [date(y, m, min(day, calendar.monthrange(y, m)[1])) for y, m in _months(start, end)]
    return _finish(follow_holidays(nominal, cal, weekly=False, shift=shift).values(), start, end)


def nth_weekday_of_month(year: int, month: int, n: int, weekday: int) -> date:
    """The ``n``-th (1–4) or last (``-1``) ``weekday`` (0 = Monday) of a month."""
    _check_weekday(weekday)
    if n == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    if not 1 <= n <= 4:
        raise ValueError(f"n must be 1 to 4, or -1 for the last: {n}")
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def monthly_nth_weekday(
    n: int, weekday: int, start: date, end: date, cal: WorkdayCalendar, shift: bool = True
) -> list[date]:
    """E.g. the first Friday of every month; with ``shift`` a day off moves to the next working day."""
    _check_weekday(weekday)
    if n != -1 and not 1 <= n <= 4:
        raise ValueError(f"n must be 1 to 4, or -1 for the last: {n}")
    if start > end:
        return []
    nominal = [nth_weekday_of_month(y, m, n, weekday) for y, m in _months(start, end)]
    return _finish(follow_holidays(nominal, cal, weekly=False, shift=shift).values(), start, end)


def weekly(
    weekday: int, start: date, end: date, cal: WorkdayCalendar, skip_non_working: bool = True
) -> list[date]:
    """Every ``weekday`` (0 = Monday) in the range; days off are dropped when ``skip_non_working``."""
    _check_weekday(weekday)
    if start > end:
        return []
    first = start + timedelta(days=(weekday - start.weekday()) % 7)
    nominal = [first + timedelta(days=7 * i) for i in range((end - first).days // 7 + 1)] if first <= end else []
    return list(follow_holidays(nominal, cal, weekly=True, shift=skip_non_working).values())


def rota(dates: Iterable[date], leader_ids: Sequence[T], offset: int = 0) -> list[tuple[date, T]]:
    """Assign leaders in turn to the sorted, distinct ``dates``.

    ``offset`` is the index of the leader taking the first date (to continue a rota).
    """
    ordered = sorted(set(dates))
    if not ordered:
        return []
    if not leader_ids:
        raise ValueError("a rota needs at least one leader")
    count = len(leader_ids)
    return [(d, leader_ids[(offset + i) % count]) for i, d in enumerate(ordered)]
