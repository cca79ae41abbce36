"""The header row: the fields a 交办清单 has, the header texts that name them, and which column holds which field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.proposals.importer.reading import Rows
from services.proposals.importer.result import Problem
from services.proposals.importer.text import (
    INVISIBLE_RE,
    column_letter,
    display_header,
    is_blank,
    normalise_header,
    raw_text,
)

FIELDS: dict[str, str] = {
    "number": "编号",
    "title": "标题（案由）",
    "body": "内容",
    "kind": "类型",
    "level": "级别",
    "session_name": "届次",
    "year": "年度",
    "period": "提出时间",
    "lead_proposer": "领衔代表/第一提案人",
    "co_proposers": "联名代表/附议人",
    "delegation": "代表团/界别",
    "proposer_unit": "工作单位及职务",
    "proposer_phone": "联系电话",
    "assigning_body": "交办单位",
    "assigned_on": "交办日期",
    "doc_no": "交办文号",
    "lead_unit": "主办单位",
    "co_units": "会办单位",
    "bureau_role": "办理方式",
    "is_key": "是否重点",
}

REQUIRED_FIELDS: tuple[str, ...] = ("number", "title", "lead_proposer", "assigned_on")

HEADER_SEARCH_ROWS = 10
MIN_RECOGNISED_HEADERS = 3

# Header variants as they appear in real lists, already in normalised form
# (see ``normalise_header``).  序号 is deliberately absent: it is a running index.
HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "建议号", "提案号", "案号", "建议编号", "提案编号", "代表建议号",
               "建议案号", "提案案号"),
    "title": ("标题", "案由", "题目", "建议标题", "提案标题", "建议题目", "提案题目",
              "建议名称", "提案名称", "建议案由", "提案案由"),
    "body": ("内容", "正文", "建议内容", "提案内容", "主要内容", "内容摘要", "建议正文",
             "提案正文"),
    "kind": ("类型", "类别", "建议类型", "建议提案类型"),
    "level": ("级别", "层级"),
    "session_name": ("届次", "会次", "届次会次", "届次会议", "会议届次"),
    "year": ("年度", "年份"),
    "period": ("提出时间", "类别期间", "提出时期", "提出时段"),
    "lead_proposer": ("领衔代表", "提案人", "第一提案人", "代表姓名", "委员姓名",
                      "领衔人", "领衔代表姓名", "第一提案人姓名", "提案人姓名"),
    "co_proposers": ("联名代表", "附议人", "联名委员", "联名人", "联名提案人",
                     "附议代表", "附议委员", "联名代表姓名"),
    "delegation": ("代表团", "界别", "党派", "所属代表团", "界别党派", "党派界别",
                   "所属界别", "代表团组", "所在代表团"),
    "proposer_unit": ("工作单位及职务", "单位职务", "工作单位", "单位", "单位及职务",
                      "工作单位和职务", "单位和职务", "职务"),
    "proposer_phone": ("联系电话", "电话", "手机", "手机号码", "手机号", "联系方式"),
    "assigning_body": ("交办单位", "交办机构", "交办部门"),
    "assigned_on": ("交办日期", "交办时间"),
    "doc_no": ("交办文号", "文号"),
    "lead_unit": ("主办单位", "主办", "承办单位"),
    "co_units": ("会办单位", "协办单位", "会办", "协办"),
    "bureau_role": ("办理方式", "承办方式", "本单位角色", "我单位角色", "办理类型"),
    "is_key": ("是否重点", "重点", "是否重点建议", "是否重点提案", "重点建议", "重点提案"),
}
_HEADER_INDEX: dict[str, str] = {
    variant: fld for fld, variants in HEADER_VARIANTS.items() for variant in variants
}

SERIAL_HEADER = "序号"

# Headers that tell which kind of list this is when there is no 类型 column.
NPC_HEADERS = {"建议号", "建议编号", "领衔代表", "领衔代表姓名", "代表团", "所属代表团",
               "联名代表", "代表姓名", "代表建议号"}
CPPCC_HEADERS = {"提案号", "提案编号", "第一提案人", "第一提案人姓名", "界别", "所属界别",
                 "界别党派", "党派界别", "联名委员", "委员姓名", "附议委员"}


def suggest_field(header: str) -> str | None:
    """The canonical field a header means, or None (序号 and unknown headers)."""
    key = normalise_header(header)
    if not key:
        return None
    if key in _HEADER_INDEX:
        return _HEADER_INDEX[key]
    # "交办日期（年/月/日）", "建议号(必填)": drop the parenthesised remark and retry.
    raw = INVISIBLE_RE.sub("", str(header))
    stripped = normalise_header(re.sub(r"[（(][^（）()]*[）)]", "", raw))
    if stripped and stripped != key:
        return _HEADER_INDEX.get(stripped)
    return None


@dataclass
class Column:
    index: int
    header: str  # as displayed

    @property
    def label(self) -> str:
        return f"{self.header}（{column_letter(self.index)}列）"

    def where(self, row: int) -> str:
        return f"第{row}行“{self.header}”列（{column_letter(self.index)}列）"


def user_choices(mapping: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    """The user's header -> field choices keyed by normalised header ("" sets a column aside)."""
    user_map: dict[str, str] = {}
    for key, target in mapping.items():
        target = target or ""
        if target and target not in FIELDS:
            problems.append(Problem(None, None, f"“{key}”列要对应的字段“{target}”不存在，请重新选择"))
            continue
        user_map[normalise_header(key)] = target
    return user_map


# ---------------------------------------------------------------------------
# Finding the header row


@dataclass
class HeaderedRows:
    header_row: int
    headers: list[str]  # as displayed
    above: Rows  # the title rows above the header
    data_rows: Rows


def locate_header(tables: list[tuple[str, Rows]], user_map: dict[str, str]) -> HeaderedRows | None:
    """The first row with enough recognised headers among the first rows of a sheet, the active sheet first."""
    for _sheet, rows in tables:
        for position, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if sum(1 for c in cells if isinstance(c, str) and _recognised(c, user_map)) >= MIN_RECOGNISED_HEADERS:
                return _split_at(rows, position)
    return None


def _recognised(cell: object, user_map: dict[str, str]) -> bool:
    key = normalise_header(raw_text(cell))
    if key in user_map:
        return bool(user_map[key])
    return key == SERIAL_HEADER or suggest_field(raw_text(cell)) is not None


def _split_at(rows: Rows, position: int) -> HeaderedRows:
    header_row, header_cells = rows[position]
    header_cells = list(header_cells)
    data_rows = rows[position + 1:]
    # Two-level headers: "领衔代表" merged over two columns with "姓名" / "代表团" below.
    if data_rows and data_rows[0][0] == header_row + 1:
        combined = _combine_subheader(header_cells, data_rows[0][1])
        if combined is not None:
            header_cells = combined
            data_rows = data_rows[1:]
    headers = [display_header(raw_text(c)) for c in header_cells]
    return HeaderedRows(header_row, headers, rows[:position], data_rows)


def _combine_subheader(parent: list[object], child: list[object]) -> list[object] | None:
    """Header cells combined with the row below when that row is a sub-header row."""
    width = max(len(parent), len(child))
    parent = list(parent) + [None] * (width - len(parent))
    child = list(child) + [None] * (width - len(child))
    combined: list[object] = []
    differing = 0
    for p, c in zip(parent, child):
        p_text, c_text = raw_text(p), raw_text(c)
        if not c_text or c_text == p_text:
            combined.append(p)
            continue
        if not isinstance(c, str):
            return None
        joined = p_text + c_text
        if suggest_field(joined):
            combined.append(joined)
        elif suggest_field(c_text) or normalise_header(c_text) == SERIAL_HEADER:
            combined.append(c_text)
        elif normalise_header(c_text) in ("姓名", "名字") and suggest_field(p_text):
            combined.append(p_text)
        else:
            return None
        differing += 1
    return combined if differing else None


# ---------------------------------------------------------------------------
# Mapping columns to fields


@dataclass
class ColumnMap:
    fields: dict[int, str | None] = field(default_factory=dict)  # column index -> field, None: not imported
    taken: dict[str, int] = field(default_factory=dict)  # field -> column index
    serial: list[int] = field(default_factory=list)  # running-index (序号) columns
    ignored: set[int] = field(default_factory=set)  # columns the user set aside

    def columns(self, headers: list[str]) -> dict[str, Column]:
        return {fld: Column(i, headers[i]) for fld, i in self.taken.items()}

    def summary(self, headers: list[str], data_rows: Rows) -> tuple[dict[str, str | None], list[str], dict[str, int]]:
        """header -> field, the unrecognised headers, and those of them with content (header -> rows filled)."""
        mapping: dict[str, str | None] = {}
        unmapped: list[str] = []
        dropped: dict[str, int] = {}
        for i, header in enumerate(headers):
            if not header:
                continue
            fld = self.fields.get(i)
            mapping.setdefault(header, fld)
            if fld is None and i not in self.ignored and i not in self.serial:
                if header not in unmapped:
                    unmapped.append(header)
                filled = sum(1 for _, cells in data_rows if i < len(cells) and not is_blank(cells[i]))
                if filled:
                    dropped[header] = dropped.get(header, 0) + filled
        return mapping, unmapped, dropped


def map_columns(headers: list[str], user_map: dict[str, str], problems: list[Problem]) -> ColumnMap:
    """Which field each column holds: the user's choices first, then automatic; the leftmost column wins."""
    cmap = ColumnMap()
    for pass_user in (True, False):
        for i, header in enumerate(headers):
            if not header or i in cmap.fields:
                continue
            key = normalise_header(header)
            if (key in user_map) != pass_user:
                continue
            target = user_map[key] if pass_user else suggest_field(header)
            if key == SERIAL_HEADER and not pass_user:
                cmap.serial.append(i)
            if pass_user and not target:
                cmap.ignored.add(i)
            if target and target in cmap.taken:
                if pass_user:
                    first = headers[cmap.taken[target]]
                    problems.append(Problem(None, Column(i, header).label, (
                        f"“{header}”列和“{first}”列都对应到了“{FIELDS[target]}”，"
                        f"只采用了左边的“{first}”列，请重新选择")))
                target = None
            cmap.fields[i] = target or None
            if target:
                cmap.taken[target] = i
    if "number" not in cmap.taken and cmap.serial:
        cmap.taken["number"] = cmap.serial[0]
        cmap.fields[cmap.serial[0]] = "number"
    return cmap
