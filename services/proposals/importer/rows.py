"""One data row of a 交办清单 into canonical values, with what the whole list says filling the gaps."""

from __future__ import annotations

import re

from services.proposals.importer.headers import CPPCC_HEADERS, NPC_HEADERS, Column
from services.proposals.importer.result import Problem
from services.proposals.importer.text import (
    is_blank,
    normalise_header,
    one_line,
    person_name,
    raw_text,
    shorten,
    split_list,
)
from services.proposals.importer.values import (
    number_text,
    parse_bool,
    parse_date,
    parse_kind,
    parse_level,
    parse_period,
    parse_role,
    parse_year,
)

MAX_NUMBER_LEN = 30
MAX_TITLE_LEN = 300

_SESSION_RE = re.compile(
    r"((?:全国|省|市|自治区)?[一二三四五六七八九十]+届(?:全国)?"
    r"(?:人大|人民代表大会|政协|人民政治协商会议)?[一二三四五六七八九十]+次会议)"
)


def has_default(defaults: dict, fld: str) -> bool:
    value = defaults.get(fld)
    return value is not None and value != "" and value != []


class ListContext:
    """What the whole list says about every row: from the headers, defaults and title row."""

    def __init__(self, headers: list[str], above: list[tuple[int, list[object]]], defaults: dict):
        keys = {normalise_header(h) for h in headers}
        kinds = set()
        if keys & NPC_HEADERS:
            kinds.add("npc")
        if keys & CPPCC_HEADERS:
            kinds.add("cppcc")
        title_text = " ".join(raw_text(c) for _, cells in above for c in cells if not is_blank(c))
        title_kind = None
        if ("建议" in title_text) != ("提案" in title_text):
            title_kind = "npc" if "建议" in title_text else "cppcc"
        m = _SESSION_RE.search(re.sub(r"\s+", "", title_text))
        title_session = m.group(1) if m else None
        m = re.search(r"(20\d{2})\s*年", title_text)
        title_year = int(m.group(1)) if m else None

        self.kind = (
            (kinds.pop() if len(kinds) == 1 else None)
            or parse_kind(defaults.get("kind"))
            or title_kind
        )
        self.session_name = one_line(defaults.get("session_name")) or title_session or None
        self.year = parse_year(defaults.get("year")) or title_year
        self.level = parse_level(defaults.get("level")) or "provincial"
        self.period = parse_period(defaults.get("period")) or "session"
        self.bureau_name = one_line(defaults.get("bureau_name"))
        self.bureau_role = parse_role(defaults.get("bureau_role"))
        self.is_key = parse_bool(defaults.get("is_key")) or False
        self.assigned_on = parse_date(defaults.get("assigned_on")) if has_default(defaults, "assigned_on") else None


class _RowCells:
    """One data row's cells by field, and the problems found in them."""

    def __init__(self, row_number: int, cells: list[object], columns: dict[str, Column], problems: list[Problem]):
        self.row_number, self.cells, self.columns, self.problems = row_number, cells, columns, problems

    def raw(self, fld: str) -> object:
        """The cell of a field, None when the column is missing or the cell blank."""
        col = self.columns.get(fld)
        if col is None or col.index >= len(self.cells):
            return None
        value = self.cells[col.index]
        return None if is_blank(value) else value

    def parsed(self, fld: str, parser, message: str, default: object = None) -> object:
        """The cell read by ``parser``, ``default`` when blank; an unreadable cell is a problem (``message``
        with the cell's text for ``{}``) and gives None."""
        cell = self.raw(fld)
        if cell is None:
            return default
        value = parser(cell)
        if value is None:
            self.bad(fld, message.format(shorten(raw_text(cell))))
        return value

    def bad(self, fld: str, message: str) -> None:
        col = self.columns[fld]
        self.problems.append(Problem(self.row_number, col.label, f"{col.where(self.row_number)}：{message}"))

    def empty(self, fld: str) -> None:
        """A blank cell in a column the list has (a missing column was reported once for the whole list)."""
        if fld in self.columns:
            col = self.columns[fld]
            self.problems.append(Problem(self.row_number, col.label, f"{col.where(self.row_number)}为空"))


def parse_row(row_number: int, cells: list[object], columns: dict[str, Column], ctx: ListContext,
              defaults: dict, problems: list[Problem]) -> tuple[dict[str, object], list[dict]]:
    """The row's canonical values and proposers; every fault goes to ``problems``."""
    row = _RowCells(row_number, cells, columns, problems)
    values: dict[str, object] = {}
    _read_identity(row, values)
    _read_classification(row, ctx, values)
    _read_dates(row, ctx, values)
    _read_proposers(row, values)
    _read_assignment(row, defaults, values)
    values["bureau_role"] = _bureau_role(row, ctx, values)
    values["is_key"] = _is_key(row, ctx)
    return values, _proposer_list(values)


def _read_identity(row: _RowCells, values: dict) -> None:
    """number, title and body."""
    number = number_text(row.raw("number")) if row.raw("number") is not None else ""
    if not number:
        row.empty("number")
    elif len(number) > MAX_NUMBER_LEN:
        row.bad("number", f"编号“{shorten(number)}”太长（{len(number)}个字符），编号最多{MAX_NUMBER_LEN}个字符")
    values["number"] = number or None

    title = one_line(row.raw("title"))
    if not title:
        row.empty("title")
    elif len(title) > MAX_TITLE_LEN:
        row.bad("title", f"标题太长（{len(title)}个字），标题最多{MAX_TITLE_LEN}个字，请把详细内容放到“内容”列")
    values["title"] = title or None
    values["body"] = raw_text(row.raw("body")) or None


def _read_classification(row: _RowCells, ctx: ListContext, values: dict) -> None:
    """kind, level and session_name."""
    values["kind"] = row.parsed("kind", parse_kind, "类型“{}”无法识别，应填写“建议”或“提案”；"
                                "如果这一列不是类型，请在列对应中把它设为不导入", ctx.kind)
    if values["kind"] is None and row.raw("kind") is None:
        row.empty("kind")
    values["level"] = row.parsed("level", parse_level, "级别“{}”无法识别，应填写“全国”“省”或“市”", ctx.level)
    values["session_name"] = one_line(row.raw("session_name")) or ctx.session_name


def _read_dates(row: _RowCells, ctx: ListContext, values: dict) -> None:
    """assigned_on, then year (which defaults to its year), then period."""
    assigned_on = row.parsed("assigned_on", parse_date, "日期“{}”无法识别，请写成 2026-03-15 的格式", ctx.assigned_on)
    if assigned_on is None and row.raw("assigned_on") is None:
        row.empty("assigned_on")
    values["assigned_on"] = assigned_on
    year = row.parsed("year", parse_year, "年度“{}”无法识别，请写成4位数字的年份，如 2026")
    if year is None:
        year = assigned_on.year if assigned_on else ctx.year
    values["year"] = year
    values["period"] = row.parsed("period", parse_period, "“{}”无法识别，应填写“大会期间”或“闭会期间”", ctx.period)


def _read_proposers(row: _RowCells, values: dict) -> None:
    lead = person_name(row.raw("lead_proposer"))
    if not lead:
        row.empty("lead_proposer")
    values["lead_proposer"] = lead or None
    values["co_proposers"] = [n for n in split_list(row.raw("co_proposers"), names=True) if n != lead]
    values["delegation"] = one_line(row.raw("delegation")) or None
    values["proposer_unit"] = one_line(row.raw("proposer_unit")) or None
    values["proposer_phone"] = one_line(row.raw("proposer_phone")) or None


def _read_assignment(row: _RowCells, defaults: dict, values: dict) -> None:
    """Who assigned the item to whom: from the row, else from the defaults for the whole list."""
    for fld in ("assigning_body", "doc_no", "lead_unit"):
        values[fld] = one_line(row.raw(fld)) or one_line(defaults.get(fld)) or None
    co_units = split_list(row.raw("co_units"))
    if not co_units and defaults.get("co_units"):
        default_units = defaults["co_units"]
        co_units = list(default_units) if isinstance(default_units, (list, tuple)) else split_list(default_units)
    values["co_units"] = co_units


def _bureau_role(row: _RowCells, ctx: ListContext, values: dict) -> str:
    """The role written in the row, else the one the bureau's name among the units tells, else the default."""
    role = row.parsed("bureau_role", parse_role, "办理方式“{}”无法识别，应填写“主办”“分办”“会办”“协办”或“参阅”")
    if role is not None:
        return role
    name = ctx.bureau_name
    if name and values["lead_unit"] and name in values["lead_unit"]:
        return "lead"
    if name and any(name in unit for unit in values["co_units"]):
        return "co"
    return ctx.bureau_role or "lead"


def _is_key(row: _RowCells, ctx: ListContext) -> bool:
    parsed = row.parsed("is_key", parse_bool, "“{}”无法识别，请填写“是”或“否”")
    return ctx.is_key if parsed is None else parsed


def _proposer_list(values: dict) -> list[dict]:
    proposers: list[dict] = []
    if values["lead_proposer"]:
        proposers.append({
            "name": values["lead_proposer"],
            "is_lead": True,
            "delegation": values["delegation"],
            "unit_post": values["proposer_unit"],
            "phone": values["proposer_phone"],
        })
    proposers.extend({"name": n, "is_lead": False} for n in values["co_proposers"])
    return proposers
