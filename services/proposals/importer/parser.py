"""The whole import of a 交办清单: find the header, map the columns, check the list, read every row."""

from __future__ import annotations

import re

from models.proposals_vocabulary import KIND_SHORT

from services.proposals.importer.headers import (
    FIELDS,
    HEADER_VARIANTS,
    REQUIRED_FIELDS,
    Column,
    locate_header,
    map_columns,
    user_choices,
)
from services.proposals.importer.reading import ImportFileError, Rows, read_tables
from services.proposals.importer.result import ParsedRow, ParseResult, Problem
from services.proposals.importer.rows import ListContext, has_default, parse_row
from services.proposals.importer.text import is_blank, raw_text, shorten

# Fields whose value may come from ``defaults`` when the column is missing or the cell is empty.
_DEFAULTABLE = (
    "kind", "level", "session_name", "year", "period", "assigning_body",
    "assigned_on", "doc_no", "lead_unit", "co_units", "bureau_role", "is_key",
)


_NOTE_ROW_RE = re.compile(r"^(合计|总计|小计|共计|注|备注|说明|填表说明|填表人|制表人?|审核人?)(\s*[：:].*)?$", re.S)


def parse(
    filename: str,
    data: bytes,
    mapping: dict[str, str] | None = None,
    defaults: dict | None = None,
    existing_keys: set[tuple[str, str, str]] = frozenset(),
) -> ParseResult:
    """Parse a 交办清单.

    ``mapping``: header -> field chosen by the user ("" ignores a recognised column).
    ``defaults``: values for the whole list (kind, level, session_name, year, period,
    assigned_on, assigning_body, doc_no, ...) and ``bureau_name`` to infer the role.
    ``existing_keys``: (kind, session_name, number) of the items already stored.
    """
    try:
        return _parse(filename, data, mapping or {}, defaults or {}, existing_keys or frozenset())
    except ImportFileError as exc:
        return ParseResult(0, [], {}, [], [], [Problem(None, None, str(exc))])
    except Exception as exc:  # never let a bad file crash the upload page
        return ParseResult(0, [], {}, [], [], [Problem(
            None, None, f"读取文件时发生内部错误（{type(exc).__name__}），请把文件交给管理员检查")])


def _parse(filename, data, mapping, defaults, existing_keys) -> ParseResult:
    problems: list[Problem] = []
    user_map = user_choices(mapping, problems)
    table = locate_header(read_tables(filename, data), user_map)
    if table is None:
        return ParseResult(0, [], {}, [], [], problems + [Problem(
            None, None,
            "未找到表头：文件前10行中没有一行包含至少3个能识别的列名"
            "（如“建议号”“案由”“领衔代表”“交办日期”），请检查文件或工作表是否选对",
        )])
    cmap = map_columns(table.headers, user_map, problems)
    result_mapping, unmapped, dropped = cmap.summary(table.headers, table.data_rows)
    columns = cmap.columns(table.headers)
    context = ListContext(table.headers, table.above, defaults)
    _check_list(columns, context, defaults, problems)
    parsed_rows = _parse_rows(table.data_rows, columns, cmap.serial, context, defaults, existing_keys, problems)
    if not parsed_rows:
        problems.append(Problem(None, None, f"第{table.header_row}行是表头，但下面没有任何数据行"))
    return ParseResult(table.header_row, table.headers, result_mapping, unmapped, parsed_rows, problems, dropped)


def _check_list(columns: dict[str, Column], context: ListContext, defaults: dict, problems: list[Problem]) -> None:
    """Problems of the whole list: a required column missing, a default not understood, the kind unknown."""
    for fld in REQUIRED_FIELDS:
        if fld not in columns and not (fld in _DEFAULTABLE and has_default(defaults, fld)):
            examples = "”“".join(HEADER_VARIANTS[fld][:3])
            problems.append(Problem(None, None, (
                f"表头中缺少必填的“{FIELDS[fld]}”列（如“{examples}”），"
                f"请在文件中补上这一列，或在列对应中指定哪一列是“{FIELDS[fld]}”")))
    if has_default(defaults, "assigned_on") and context.assigned_on is None:
        problems.append(Problem(None, None, (
            f"默认交办日期“{shorten(raw_text(defaults['assigned_on']))}”无法识别，请写成 2026-03-15 的格式")))
    if "kind" not in columns and context.kind is None:
        problems.append(Problem(None, None,
                                "无法判断这份清单是人大建议还是政协提案，请在导入时选择类型，或在表中加一列“类型”"))


def _parse_rows(data_rows: Rows, columns: dict[str, Column], serial: list[int], context: ListContext,
                defaults: dict, existing_keys, problems: list[Problem]) -> list[ParsedRow]:
    """Every data row, skipping the blank ones and the notes below the list."""
    parsed_rows: list[ParsedRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row_number, cells in data_rows:
        filled = [i for i, v in enumerate(cells) if not is_blank(v)]
        if all(i in serial for i in filled):  # nothing but a running index (序号)
            continue
        if _is_note_row(cells, filled, columns):
            continue
        values, proposers = parse_row(row_number, cells, columns, context, defaults, problems)
        _check_unique(row_number, values, columns, seen, existing_keys, problems)
        parsed_rows.append(ParsedRow(row_number, values, proposers))
    return parsed_rows


def _check_unique(row_number: int, values: dict, columns: dict[str, Column], seen: dict, existing_keys,
                  problems: list[Problem]) -> None:
    """An item twice in the file, or already stored, is a problem of the later row."""
    kind, number = values.get("kind"), values.get("number")
    if not (kind and number):
        return
    key = (kind, values.get("session_name") or "", number)
    where = _describe_item(kind, number, values.get("session_name"))
    col = columns["number"].label if "number" in columns else None
    if key in seen:
        problems.append(Problem(row_number, col, f"第{row_number}行与第{seen[key]}行重复：{where}在文件中出现了两次"))
    else:
        seen[key] = row_number
    if key in existing_keys:
        problems.append(Problem(row_number, col, f"第{row_number}行：{where}已在系统中"))


def _is_note_row(cells: list[object], filled: list[int], columns: dict[str, Column]) -> bool:
    """A 合计/注：/填表人 line below the data (often merged across the whole width)."""
    if not filled:
        return True
    first = raw_text(cells[filled[0]])
    if not _NOTE_ROW_RE.match(first):
        return False
    title_col = columns.get("title")
    if title_col is None or title_col.index >= len(cells):
        return True
    title = raw_text(cells[title_col.index])
    return not title or title == first


def _describe_item(kind: str, number: str, session_name: object) -> str:
    text = f"{KIND_SHORT.get(kind, '')}第{number}号"
    return f"{text}（{session_name}）" if session_name else text
