"""Working-day calendar: China's official holidays and make-up working days (调休).

Pure Python, no Flask and no database. The admin-editable table lives elsewhere;
it is turned into a :class:`WorkdayCalendar` and passed to the rule functions.
``package_entries`` fills that table from the ``chinesecalendar`` package for the
years the package knows. A year outside ``known_years`` falls back to Mon–Fri.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

HOLIDAY = "holiday"
WORKDAY = "workday"

KIND_LABELS: dict[str, str] = {HOLIDAY: "放假", WORKDAY: "调休上班"}

# English names used by ``chinese_calendar.Holiday`` → Chinese names shown to users.
HOLIDAY_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

_ONE_DAY = timedelta(days=1)


def add_months(d: date, n: int) -> date:
    """Add ``n`` calendar months; a day missing in the target month becomes its last day."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last))


@dataclass(frozen=True)
class WorkdayCalendar:
    """Official days off, make-up working days and the years whose schedule is known.

    ``holidays``: official days off (法定节假日, bridged days included).
    ``workdays``: weekend days that are working days (调休上班).
    ``known_years``: years whose official schedule is in the table; any other year
    is computed as plain Monday–Friday (which is what the empty sets give).
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    known_years: frozenset[int] = frozenset()

    @classmethod
    def weekdays_only(cls) -> WorkdayCalendar:
        """A calendar with no table at all: every Monday–Friday is a working day."""
        return cls()

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[tuple[date, str] | tuple[date, str, str]],
        known_years: Iterable[int] = (),
    ) -> WorkdayCalendar:
        """Build from ``(date, kind, ...)`` rows where kind is ``"holiday"`` or ``"workday"``."""
        holidays: set[date] = set()
        workdays: set[date] = set()
        for entry in entries:
            day, kind = entry[0], entry[1]
            if kind == HOLIDAY:
                holidays.add(day)
            elif kind == WORKDAY:
                workdays.add(day)
            else:
                raise ValueError(f"unknown entry kind: {kind!r}")
        return cls(frozenset(holidays), frozenset(workdays), frozenset(known_years))

    @classmethod
    def from_package(cls, years: Iterable[int] | None = None) -> WorkdayCalendar:
        """Build from the ``chinesecalendar`` package (all years it knows by default)."""
        wanted = package_known_years() if years is None else sorted(set(years))
        entries: list[tuple[date, str, str]] = []
        known: list[int] = []
        for year in wanted:
            rows = package_entries(year)
            if rows:
                entries.extend(rows)
                known.append(year)
        return cls.from_entries(entries, known)

    def is_working_day(self, d: date) -> bool:
        """True on make-up working days and on Mon–Fri that are not official days off."""
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def is_known(self, year: int) -> bool:
        """Whether the official schedule of ``year`` is in the table."""
        return year in self.known_years

    def unknown_years(self, years: Iterable[int]) -> list[int]:
        """The given years (sorted, distinct) that fall back to Mon–Fri."""
        return sorted({y for y in years if y not in self.known_years})

    def fallback_note(self, years: Iterable[int]) -> str | None:
        """A Chinese note for pages when some of ``years`` are unknown, else ``None``."""
        unknown = self.unknown_years(years)
        if not unknown:
            return None
        return f"{'、'.join(str(y) for y in unknown)} 年节假日安排尚未公布，按周一至周五计算"

    def next_working_day(self, d: date, include_self: bool = True) -> date:
        """The first working day on or after ``d`` (strictly after it if not ``include_self``)."""
        day = d if include_self else d + _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` returns ``start``; a negative ``n`` counts backwards.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in ``(a, b]``; negative (count of ``(b, a]``) when ``b < a``."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a + _ONE_DAY
        while day <= b:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count


def package_known_years() -> list[int]:
    """Years covered by the installed ``chinesecalendar`` package."""
    import chinese_calendar

    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    if not years:
        return []
    return list(range(min(years), max(years) + 1))


def package_entries(year: int) -> list[tuple[date, str, str]]:
    """The ``(date, kind, Chinese holiday name)`` rows of ``year`` from ``chinesecalendar``.

    kind ``"holiday"``: every day the package marks as an official day off with a
    holiday name (weekends inside a holiday block included); kind ``"workday"``:
    weekend days the package marks as working days (调休). Returns ``[]`` for a year
    the package does not cover (it raises ``NotImplementedError`` for those).
    """
    import chinese_calendar

    rows: list[tuple[date, str, str]] = []
    day = date(year, 1, 1)
    while day.year == year:
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return []
        if name is not None:
            name = str(getattr(name, "value", name))
            name_zh = HOLIDAY_NAMES_ZH.get(name, name)
            if on_holiday:
                rows.append((day, HOLIDAY, name_zh))
            elif day.weekday() >= 5:
                rows.append((day, WORKDAY, name_zh))
        day += _ONE_DAY
    return rows
