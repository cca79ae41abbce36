"""Reading a year's holiday schedule: the State Council's notice pasted as text, or a small table.

Pure rules, no Flask and no database. ``parse_notice`` reads 国务院办公厅关于某年部分节假日安排的通知 in the
wordings it has used over the years ("（周日）"/"（星期日）"; "放假调休，共9天"; "放假，与周末连休"; "1月1日放假，
1月2日（星期一）补休"; two festivals in one section; a range end without its month or with its own year;
make-up working days after "上班"). Every sentence it cannot read is returned, never guessed.
``parse_table`` reads a CSV/Excel table (日期, 类型: 放假/上班, optional 名称), all or nothing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.proposals import importer
from services.proposals.importer.text import column_letter
from services.proposals.importer.values import parse_date
from rules.workdays import HOLIDAY, WORKDAY, predict_year

_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:（[^）]*）)?"
_SPAN = re.compile(_DATE.format(p="a") + r"(?:\s*至\s*" + _DATE.format(p="b") + r")?")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*([^：:。\n]{1,20})[：:]\s*(.*)$")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年\s*部分节假日安排")
_FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


@dataclass
class HolidayRange:
    """One festival's days off (as the notice gives them) and its make-up working days."""

    name: str
    start: date
    end: date
    workdays: list[date] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class ScheduleParse:
    """What a notice or a table said: rows ``(date, kind, name)`` and what could not be read."""

    year: int | None
    rows: list[tuple[date, str, str]] = field(default_factory=list)
    ranges: list[HolidayRange] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.year is not None and bool(self.rows) and not self.unread

    def days(self, kind: str) -> list[date]:
        return sorted(day for day, k, _ in self.rows if k == kind)


def notice_year(text: str) -> int | None:
    """The year in the notice's title ("关于2026年部分节假日安排的通知"), if it is there."""
    m = _TITLE_YEAR.search(unicodedata.normalize("NFKC", text or "").replace("(", "（").replace(")", "）"))
    return int(m.group(1)) if m else None


def _normalise(text: str) -> str:
    # NFKC turns full-width digits and colons into ASCII; keep the full-width brackets the notices use.
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("(", "（").replace(")", "）").replace(":", "：").replace("\r", "")
    # Pasted from a web page, the sections may run on in one line: each section starts a line.
    return re.sub(r"。\s*(?=[一二三四五六七八九十]+、)", "。\n", text)


def _date(m: re.Match, p: str, year: int, month: int | None) -> date:
    y = int(m.group(p + "y")) if m.group(p + "y") else year
    mo = int(m.group(p + "m")) if m.group(p + "m") else month
    if mo is None:
        raise ValueError("no month")
    return date(y, mo, int(m.group(p + "d")))


def _festival_names(header: str) -> list[str]:
    names = [n.strip() for n in re.split(r"[、,，和及]", header) if n.strip()]
    return names if names and all(any(f.startswith(n) or n.startswith(f) for f in _FESTIVALS) for n in names) else []


def _name_for(day: date, names: list[str], year: int) -> str:
    """The festival a day belongs to when one section names two: the one whose statutory day is nearest."""
    if len(names) == 1:
        return names[0]
    statutory = [(d, n) for d, _, n in predict_year(year) if n in names] if year >= 2025 else []
    if not statutory:
        return names[0]
    return min(statutory, key=lambda dn: abs((dn[0] - day).days))[1]


def parse_notice(text: str, year: int | None = None) -> ScheduleParse:
    """Read the notice; ``year`` defaults to the one in its title."""
    year = year or notice_year(text)
    result = ScheduleParse(year)
    if year is None:
        result.unread.append("未能从通知标题中读出年份（如“关于2027年部分节假日安排的通知”），请填写年份")
        return result
    days: dict[date, tuple[str, str]] = {}
    for line in _normalise(text).split("\n"):
        line = line.strip()
        section = _SECTION.match(line)
        names = _festival_names(section.group(1)) if section else []
        if not names:
            if re.search(r"放假|上班|补休", line) and _SPAN.search(line):
                result.unread.append(line)  # a schedule sentence outside a festival section
            continue
        found = _read_section(section.group(2), names, year, result)
        for day, kind, name in found:
            if days.get(day, (kind,))[0] != kind:
                result.unread.append(f"{day.month}月{day.day}日 既写为放假又写为上班：{line}")
            days[day] = (kind, name)
    # Days of a neighbouring year stay (the notice of 2023 puts 2022-12-31 off): saving writes them too.
    result.rows = sorted((day, kind, name) for day, (kind, name) in days.items())
    if not result.rows and not result.unread:
        result.unread.append("通知中没有读到任何放假或上班的日期")
    named = "".join(r.name for r in result.ranges)
    missing = [f for f in _FESTIVALS if f[:2] not in named]
    if result.rows and missing:
        result.unread.append(f"通知中没有读到{'、'.join(missing)}的放假安排，保存后该年这些节日不再放假")
    return result


def _read_section(body: str, names: list[str], year: int, result: ScheduleParse) -> list[tuple[date, str, str]]:
    """One festival section: its days off (with any weekend joined by "与周末连休") and its make-up days."""
    out: list[tuple[date, str, str]] = []
    holidays: list[date] = []
    workdays: list[date] = []
    for sentence in (s.strip() for s in re.split(r"[。；;]", body)):
        if not sentence:
            continue
        spans = list(_SPAN.finditer(sentence))
        if not spans:
            if not re.fullmatch(r"共\s*\d+\s*天|不调休", sentence):
                result.unread.append(sentence)
            continue
        works = "上班" in sentence
        rests = re.search(r"放假|补休", sentence) is not None
        if works == rests or sentence.startswith("鼓励"):
            result.unread.append(sentence)  # neither (or both): not a schedule sentence we can read
            continue
        try:
            picked: list[date] = []
            for m in spans:
                start = _date(m, "a", year, None)
                end = _date(m, "b", start.year, start.month) if m.group("bd") else start
                if end < start or (end - start).days > 31:
                    raise ValueError("bad range")
                picked += [start + timedelta(days=n) for n in range((end - start).days + 1)]
        except ValueError:
            result.unread.append(sentence)
            continue
        if works:
            workdays += picked
            continue
        if "与周末连休" in sentence:
            first, last = min(picked), max(picked)
            while (first - timedelta(days=1)).weekday() >= 5:
                first -= timedelta(days=1)
            while (last + timedelta(days=1)).weekday() >= 5:
                last += timedelta(days=1)
            picked = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        holidays += picked
    if holidays:
        result.ranges.append(HolidayRange("、".join(names), min(holidays), max(holidays), sorted(workdays)))
    elif workdays:
        result.ranges.append(HolidayRange("、".join(names), min(workdays), min(workdays) - timedelta(days=1), sorted(workdays)))
    out += [(d, HOLIDAY, _name_for(d, names, year)) for d in holidays]
    out += [(d, WORKDAY, _name_for(d, names, year)) for d in workdays]
    return out


# -- the table (日期, 类型, 名称) ------------------------------------------------------------

_KINDS = {"放假": HOLIDAY, "休息": HOLIDAY, "休": HOLIDAY, "上班": WORKDAY, "调休上班": WORKDAY, "班": WORKDAY}


def parse_table(filename: str, data: bytes) -> ScheduleParse:
    """Read a table with the columns 日期 and 类型 (放假/上班) and optionally 名称; every problem names its
    row and column, and a table with any problem gives no rows (all or nothing)."""
    try:
        table = importer.read_table(filename, data)
    except importer.ImportFileError as exc:
        return ScheduleParse(None, unread=[str(exc)])
    if not table:
        return ScheduleParse(None, unread=["文件中没有内容"])
    header_row, header = table[0]
    titles = [str(c or "").strip() for c in header]
    columns = {t: i for i, t in enumerate(titles) if t in ("日期", "类型", "名称")}
    missing = [t for t in ("日期", "类型") if t not in columns]
    if missing:
        return ScheduleParse(None, unread=[f"第 {header_row} 行（表头）缺少“{'”“'.join(missing)}”列"])
    problems: list[str] = []
    rows: dict[date, tuple[str, str]] = {}

    def cell(cells, title):
        i = columns.get(title)
        return cells[i] if i is not None and i < len(cells) else None

    def where(number, title):
        return f"第 {number} 行“{title}”列（{column_letter(columns[title])}列）"

    for number, cells in table[1:]:
        raw_day, raw_kind = cell(cells, "日期"), str(cell(cells, "类型") or "").strip()
        day = parse_date(raw_day)
        kind = _KINDS.get(raw_kind)
        if day is None:
            problems.append(f"{where(number, '日期')}：“{raw_day or ''}”不是日期（格式如 2027-01-01）")
        if kind is None:
            problems.append(f"{where(number, '类型')}：“{raw_kind}”应为“放假”或“上班”")
        if day is None or kind is None:
            continue
        if day in rows:
            problems.append(f"{where(number, '日期')}：{day.isoformat()} 重复出现")
            continue
        if kind == WORKDAY and day.weekday() < 5:
            problems.append(f"{where(number, '类型')}：{day.isoformat()} 是工作日（周一至周五），无须写为上班")
            continue
        rows[day] = (kind, str(cell(cells, "名称") or "").strip()[:32])
    years = sorted({d.year for d in rows})
    if len(years) > 1:
        problems.append(f"一次只能导入一年的安排，文件中有 {'、'.join(map(str, years))} 年")
    if not rows and not problems:
        problems.append("文件中没有任何日期")
    if problems:
        return ScheduleParse(years[0] if len(years) == 1 else None, unread=problems)
    return ScheduleParse(years[0], rows=sorted((d, k, n) for d, (k, n) in rows.items()))
