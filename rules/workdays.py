"""Working-day calendar: China's official holidays and make-up working days (调休).

Pure Python, no Flask and no database. The admin-editable table lives elsewhere;
it is turned into a :class:`WorkdayCalendar` and passed to the rule functions.
``package_entries`` fills that table from the ``chinesecalendar`` package for the
years the package knows. ``predict_year`` gives the statutory days off of a year whose
schedule is not yet published, from the holiday regulation as amended in 2024; such a year
is *predicted* (``predicted_years``) until the State Council's notice is entered. A year
outside ``known_years`` falls back to Mon–Fri.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

HOLIDAY = "holiday"
WORKDAY = "workday"

DAY_KIND_LABELS: dict[str, str] = {HOLIDAY: "放假", WORKDAY: "调休上班"}

# Shown wherever a date depends on a predicted year (deadlines, calendars, the table).
PREDICTION_NOTE = "按法定节假日预测，调休安排公布后可能调整"

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
    # Years (within ``known_years``) whose days off are predicted from the law, 调休 unknown.
    predicted_years: frozenset[int] = frozenset()

    @classmethod
    def weekdays_only(cls) -> WorkdayCalendar:
        """A calendar with no table at all: every Monday–Friday is a working day."""
        return cls()

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[tuple[date, str] | tuple[date, str, str]],
        known_years: Iterable[int] = (),
        predicted_years: Iterable[int] = (),
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
        predicted = frozenset(predicted_years)
        return cls(frozenset(holidays), frozenset(workdays), frozenset(known_years) | predicted, predicted)

    def with_predictions(self, years: Iterable[int]) -> WorkdayCalendar:
        """This calendar plus the predicted days off of each of ``years`` not in the table."""
        missing = sorted({y for y in years if y not in self.known_years})
        if not missing:
            return self
        extra = {day for year in missing for day, _kind, _name in predict_year(year)}
        return WorkdayCalendar(
            self.holidays | extra, self.workdays, self.known_years | set(missing), self.predicted_years | set(missing)
        )

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

    def is_predicted(self, year: int) -> bool:
        """Whether ``year``'s days off are only predicted (its 调休 not yet published)."""
        return year in self.predicted_years

    def unknown_years(self, years: Iterable[int]) -> list[int]:
        """The given years (sorted, distinct) that fall back to Mon–Fri."""
        return sorted({y for y in years if y not in self.known_years})

    def fallback_note(self, years: Iterable[int]) -> str | None:
        """A Chinese note for pages when some of ``years`` are predicted or unknown, else ``None``."""
        years = set(years)
        notes = []
        predicted = sorted(y for y in years if y in self.predicted_years)
        if predicted:
            notes.append(f"{'、'.join(str(y) for y in predicted)} 年节假日{PREDICTION_NOTE}")
        unknown = self.unknown_years(years)
        if unknown:
            notes.append(f"{'、'.join(str(y) for y in unknown)} 年节假日安排尚未公布，按周一至周五计算")
        return "；".join(notes) or None

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


# The statutory days off (全体公民放假的节日) under the regulation as amended in 2024, in force from 2025.
FIRST_PREDICTABLE_YEAR = 2025


def predict_year(year: int) -> list[tuple[date, str, str]]:
    """The statutory days off of ``year`` as ``(date, "holiday", name)`` rows, sorted.

    元旦 1 January; 春节 农历除夕 to 正月初三; 清明节 the 清明 solar term; 劳动节 1–2 May; 端午节
    农历五月初五; 中秋节 农历八月十五; 国庆节 1–3 October. Lunar dates and the solar term come from
    ``lunar-python``. The 调休 (bridging days and make-up working days) cannot be predicted.
    """
    return list(_predict_year(year))


@lru_cache(maxsize=32)
def _predict_year(year: int) -> tuple[tuple[date, str, str], ...]:
    from lunar_python import Lunar

    def solar(lunar) -> date:
        s = lunar.getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    new_year = solar(Lunar.fromYmd(year, 1, 1))
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    days = [(date(year, 1, 1), "元旦")]
    days += [(new_year + timedelta(days=n), "春节") for n in range(-1, 3)]
    days.append((date(qingming.getYear(), qingming.getMonth(), qingming.getDay()), "清明节"))
    days += [(date(year, 5, 1), "劳动节"), (date(year, 5, 2), "劳动节")]
    days.append((solar(Lunar.fromYmd(year, 5, 5)), "端午节"))
    days.append((solar(Lunar.fromYmd(year, 8, 15)), "中秋节"))
    days += [(date(year, 10, d), "国庆节") for d in (1, 2, 3)]
    # 中秋 may fall within 国庆; a day is listed once, under its first name.
    seen: dict[date, str] = {}
    for day, name in days:
        seen.setdefault(day, name)
    return tuple((day, HOLIDAY, name) for day, name in sorted(seen.items()) if day.year == year)
