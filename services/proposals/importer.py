"""Parser for the 交办清单 (assignment list) of NPC suggestions and CPPCC proposals.

Pure Python: no Flask, no database.  ``parse()`` turns an uploaded .xlsx or .csv
file into rows of canonical values plus a list of problems that the user can fix.
It never raises on bad content: every fault becomes a :class:`Problem` whose
message is a complete sentence in Simplified Chinese.

Public API
----------
``FIELDS``          canonical field -> Chinese label
``Problem``         one fault (row as seen in Excel, column text, Chinese message)
``ParsedRow``       one data row: canonical values and the proposers list
``ParseResult``     header row, headers, header->field mapping, unmapped headers,
                    rows, problems; ``ok`` when there is no problem and >= 1 row;
                    ``dropped``: unrecognised columns with content the user has not yet
                    mapped or set aside (must be acknowledged before a confirm)
``read_table()``    all non-empty rows of the file as (row_number, cells)
``parse()``         the whole import, with optional user mapping and defaults
``suggest_field()`` the field a header means, used for automatic mapping
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from models.proposals_vocabulary import KIND_SHORT

__all__ = [
    "FIELDS",
    "REQUIRED_FIELDS",
    "ImportFileError",
    "Problem",
    "ParsedRow",
    "ParseResult",
    "read_table",
    "parse",
    "suggest_field",
]

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

# Fields whose value may come from ``defaults`` when the column is missing or the cell is empty.
_DEFAULTABLE = (
    "kind", "level", "session_name", "year", "period", "assigning_body",
    "assigned_on", "doc_no", "lead_unit", "co_units", "bureau_role", "is_key",
)

MAX_NUMBER_LEN = 30
MAX_TITLE_LEN = 300
HEADER_SEARCH_ROWS = 10
MIN_RECOGNISED_HEADERS = 3

# Header variants as they appear in real lists, already in normalised form
# (see ``_normalise_header``).  序号 is deliberately absent: it is a running index.
_HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
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
    variant: fld for fld, variants in _HEADER_VARIANTS.items() for variant in variants
}

_SERIAL_HEADER = "序号"

# Headers that tell which kind of list this is when there is no 类型 column.
_NPC_HEADERS = {"建议号", "建议编号", "领衔代表", "领衔代表姓名", "代表团", "所属代表团",
                "联名代表", "代表姓名", "代表建议号"}
_CPPCC_HEADERS = {"提案号", "提案编号", "第一提案人", "第一提案人姓名", "界别", "所属界别",
                  "界别党派", "党派界别", "联名委员", "委员姓名", "附议委员"}

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_LIST_SPLIT_RE = re.compile(r"[、，,；;／/\r\n]+")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SESSION_RE = re.compile(
    r"((?:全国|省|市|自治区)?[一二三四五六七八九十]+届(?:全国)?"
    r"(?:人大|人民代表大会|政协|人民政治协商会议)?[一二三四五六七八九十]+次会议)"
)
_NOTE_ROW_RE = re.compile(r"^(合计|总计|小计|共计|注|备注|说明|填表说明|填表人|制表人?|审核人?)(\s*[：:].*)?$", re.S)
_EXCEL_EPOCH = datetime(1899, 12, 30)


class ImportFileError(ValueError):
    """The file cannot be read at all; the message is in Chinese, ready for the user."""


@dataclass
class Problem:
    row: int | None
    column: str | None
    message: str


@dataclass
class ParsedRow:
    row: int
    values: dict[str, object]
    proposers: list[dict]


@dataclass
class ParseResult:
    header_row: int
    headers: list[str]
    mapping: dict[str, str | None]
    unmapped: list[str]
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Unrecognised columns with content, not yet mapped nor set aside ("不导入") by the user: header -> how many
    # rows have something in them. Confirming would drop that content, so it must be acknowledged first.
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and len(self.rows) > 0

    @property
    def acknowledged(self) -> bool:
        return not self.dropped


# ---------------------------------------------------------------------------
# Small text helpers


def _normalise_header(header: object) -> str:
    """Header key for matching: no whitespace, no parentheses, no required-marks."""
    text = _INVISIBLE_RE.sub("", "" if header is None else str(header))
    text = re.sub(r"\s+", "", text)
    text = text.strip("*＊")
    return re.sub(r"[（）()]", "", text)


def _display_header(header: object) -> str:
    """Header text shown to the user: line breaks and padding removed, no trailing '*'."""
    text = _INVISIBLE_RE.sub("", "" if header is None else str(header))
    text = re.sub(rf"(?<=[{_CJK}（）])\s+(?=[{_CJK}（）])", "", text.strip())
    text = re.sub(r"\s+", " ", text)
    return text.strip("*＊ ")


def suggest_field(header: str) -> str | None:
    """The canonical field a header means, or None (序号 and unknown headers)."""
    key = _normalise_header(header)
    if not key:
        return None
    if key in _HEADER_INDEX:
        return _HEADER_INDEX[key]
    # "交办日期（年/月/日）", "建议号(必填)": drop the parenthesised remark and retry.
    raw = _INVISIBLE_RE.sub("", str(header))
    stripped = _normalise_header(re.sub(r"[（(][^（）()]*[）)]", "", raw))
    if stripped and stripped != key:
        return _HEADER_INDEX.get(stripped)
    return None


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not _INVISIBLE_RE.sub("", value).strip()
    return False


def _raw_text(value: object) -> str:
    """Any cell value as stripped text (numbers without a spurious '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    text = _INVISIBLE_RE.sub("", str(value))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _one_line(value: object) -> str:
    """Text for a single-line field: line breaks inside Chinese text are joined."""
    text = _raw_text(value)
    text = re.sub(rf"(?<=[{_CJK}])[ \t]*\n\s*(?=[{_CJK}])", "", text)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def _name(value: object) -> str:
    """A person's name: '王  芳' (padded to three characters) becomes '王芳'."""
    text = _one_line(value)
    return re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", text)


def _split_list(value: object, names: bool = False) -> list[str]:
    """Split '张三、李四，王五' (and whitespace) into a list without duplicates."""
    text = _raw_text(value)
    if not text:
        return []
    items: list[str] = []
    for segment in _LIST_SPLIT_RE.split(text):
        tokens = segment.split()
        if names:
            tokens = _merge_padded_names(tokens)
        for token in tokens:
            token = token.strip()
            if names:
                token = re.sub(r"等\s*(\d+|[一二三四五六七八九十]+)?\s*[名位个]?(代表|委员|人)?$", "", token)
            if token and token not in items:
                items.append(token)
    return items


def _merge_padded_names(tokens: list[str]) -> list[str]:
    """Join '王', '芳' back into '王芳' when a two-character name was padded with spaces."""
    merged: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            len(tok) == 1 and _CJK_RE.match(tok) and i + 1 < len(tokens)
            and len(tokens[i + 1]) == 1 and _CJK_RE.match(tokens[i + 1])
            and not (i + 2 < len(tokens) and len(tokens[i + 2]) == 1)
        ):
            merged.append(tok + tokens[i + 1])
            i += 2
            continue
        merged.append(tok)
        i += 1
    return merged


def _shorten(text: str, limit: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


def _column_letter(index: int) -> str:
    """0-based column index -> Excel letter (0 -> A, 26 -> AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ---------------------------------------------------------------------------
# Value parsers; each returns the value or None when it cannot be understood.


def _parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _date_from_number(value)
    text = unicodedata.normalize("NFKC", _raw_text(value))
    if not text:
        return None
    m = re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
        text,
    )
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if re.fullmatch(r"\d{8}", text):
        return _date_from_number(int(text))
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _date_from_number(float(text))
    return None


def _date_from_number(number: float) -> date | None:
    """Excel serial number (e.g. 46096) or yyyymmdd integer (20260315)."""
    if number != number:  # NaN
        return None
    if 19000101 <= number <= 21001231 and float(number).is_integer():
        n = int(number)
        try:
            return date(n // 10000, n // 100 % 100, n % 100)
        except ValueError:
            return None
    if 10000 <= number <= 100000:
        return (_EXCEL_EPOCH + timedelta(days=int(number))).date()
    return None


def _parse_kind(value: object) -> str | None:
    text = _normalise_header(_raw_text(value)).lower()
    if not text:
        return None
    exact = {
        "建议": "npc", "人大建议": "npc", "代表建议": "npc", "人大代表建议": "npc", "人大": "npc",
        "npc": "npc",
        "提案": "cppcc", "政协提案": "cppcc", "委员提案": "cppcc", "政协委员提案": "cppcc",
        "政协": "cppcc", "cppcc": "cppcc",
    }
    if text in exact:
        return exact[text]
    if "提案" in text or "政协" in text:
        return "cppcc"
    if "建议" in text or "人大" in text:
        return "npc"
    return None


def _parse_level(value: object) -> str | None:
    text = _normalise_header(_raw_text(value)).lower()
    if not text:
        return None
    if text in ("national", "provincial", "municipal"):
        return text
    if "全国" in text or text == "国家级":
        return "national"
    if "省" in text or "自治区" in text:
        return "provincial"
    if "市" in text or "州" in text:
        return "municipal"
    return None


def _parse_period(value: object) -> str | None:
    text = _normalise_header(_raw_text(value)).lower()
    if not text:
        return None
    if text in ("session", "recess"):
        return text
    if "闭会" in text or text in ("平时", "会后"):
        return "recess"
    if "大会" in text or "会议期间" in text or text in ("会期", "会上"):
        return "session"
    return None


def _parse_role(value: object) -> str | None:
    text = _normalise_header(_raw_text(value)).lower()
    if not text:
        return None
    if text in ("lead", "separate", "co", "reference"):
        return text
    for word, role in (("主办", "lead"), ("分办", "separate"), ("会办", "co"),
                       ("协办", "co"), ("参阅", "reference"), ("参考", "reference")):
        if word in text:
            return role
    return None


def _parse_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = unicodedata.normalize("NFKC", _raw_text(value)).strip().lower()
    if text in ("是", "√", "✓", "✔", "y", "yes", "true", "1", "重点", "重点建议", "重点提案",
                "对", "有"):
        return True
    if text in ("否", "×", "✗", "x", "n", "no", "false", "0", "非重点", "不是", "无", "-", "—", "/"):
        return False
    return None


def _parse_year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (datetime, date)):
        return value.year
    text = unicodedata.normalize("NFKC", _raw_text(value))
    m = re.fullmatch(r"(\d{4})\s*年?度?", text)
    if m and 1949 <= int(m.group(1)) <= 2200:
        return int(m.group(1))
    return None


def _number_text(value: object) -> str:
    """'第1037号' -> '1037'; 1037.0 -> '1037'."""
    text = unicodedata.normalize("NFKC", _one_line(value))
    text = re.sub(r"\s+", "", text)
    if text.startswith("第"):
        text = text[1:]
    if text.endswith("号"):
        text = text[:-1]
    return text


# ---------------------------------------------------------------------------
# Reading the file


def read_table(filename: str, data: bytes) -> list[tuple[int, list[object]]]:
    """All non-empty rows of the file as (row_number, cells); row_number as Excel shows it.

    For .xlsx the active worksheet is read and every merged range is filled with
    its top-left value.  Raises ImportFileError (Chinese message) when the file
    cannot be read at all.
    """
    return _read_tables(filename, data)[0][1]


def _read_tables(filename: str, data: bytes) -> list[tuple[str, list[tuple[int, list[object]]]]]:
    """(sheet name, rows) for every sheet, the active sheet first; one entry for CSV."""
    if not data:
        raise ImportFileError("上传的文件是空的，请重新选择交办清单文件")
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError("暂不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再导入")
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError("文件无法作为 Excel（.xlsx）打开，可能已损坏，请重新导出后再导入")
    if name.endswith((".xls", ".et", ".wps", ".doc", ".docx", ".pdf")):
        raise ImportFileError("只能导入 .xlsx 或 .csv 格式的交办清单，请在 Excel 中另存为 .xlsx 后再导入")
    return [("", _read_csv(data))]


# A 交办清单 is a few hundred rows: beyond these the file is refused before it costs memory or time.
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell


def _too_big(sheet: str, row: int | None = None, column: int | None = None) -> ImportFileError:
    where = f"工作表“{sheet}”" if sheet else "文件"
    if row is not None:
        return ImportFileError(f"{where}第 {row} 行仍有内容，超过了可导入的 {MAX_ROWS} 行。交办清单不会这么长，"
                               "请删除多余的行（或只保留交办清单所在的工作表）后再导入")
    return ImportFileError(f"{where}第 {_column_letter(column - 1)} 列仍有内容，超过了可导入的 {MAX_COLUMNS} 列。"
                           "请删除多余的列后再导入")


def _read_xlsx(data: bytes) -> list[tuple[str, list[tuple[int, list[object]]]]]:
    """Every sheet, streamed (openpyxl's read-only mode): the cost follows the cells really present, not the
    sheet's claimed dimensions, and merged ranges are clipped to the data."""
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on broken files
        raise ImportFileError("文件无法作为 Excel（.xlsx）打开，可能已损坏，请重新导出后再导入") from exc
    try:
        sheets = [ws for ws in workbook.worksheets if hasattr(ws, "_worksheet_path")]
        if not sheets:
            raise ImportFileError("Excel 文件中没有工作表")
        active = workbook.active
        if active in sheets:
            sheets.remove(active)
            sheets.insert(0, active)
        return [(ws.title, _sheet_rows(workbook, ws)) for ws in sheets]
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError("文件无法作为 Excel（.xlsx）打开，可能已损坏，请重新导出后再导入") from exc
    finally:
        workbook.close()


def _sheet_rows(workbook, ws) -> list[tuple[int, list[object]]]:
    """(row number, cells) of the non-empty rows, merged ranges filled with their top-left value."""
    # openpyxl's own row parser: it yields only the rows present in the file and, at the end, the merged ranges.
    from openpyxl.worksheet._reader import WorkSheetParser

    grid: dict[int, list[object]] = {}
    width = 0
    with workbook._archive.open(ws._worksheet_path) as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        for index, cells in parser.parse():
            present = [(c["column"], c["value"]) for c in cells if not _is_blank(c["value"])]
            if not present:
                continue
            if index > MAX_ROWS:
                raise _too_big(ws.title, row=index)
            last = max(column for column, _ in present)
            if last > MAX_COLUMNS:
                raise _too_big(ws.title, column=last)
            row = [None] * last
            for column, value in present:
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    raise ImportFileError(f"工作表“{ws.title}”第 {index} 行有一个单元格超过 {MAX_CELL_CHARS} 个字，无法导入")
                row[column - 1] = value
            grid[index] = row
            width = max(width, last)
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    if grid:
        last_row = max(grid)
        from openpyxl.worksheet.cell_range import CellRange

        for ref in merged:
            r = CellRange(ref)
            top, left = r.min_row, r.min_col
            if top > last_row or left > width:
                continue
            source_row = grid.get(top)
            value = source_row[left - 1] if source_row is not None and left <= len(source_row) else None
            if _is_blank(value):
                continue
            right = min(r.max_col, width)
            for number in range(top, min(r.max_row, last_row) + 1):
                row = grid.setdefault(number, [])
                if len(row) < right:
                    row.extend([None] * (right - len(row)))
                for c in range(left, right + 1):
                    row[c - 1] = value
    return [(number, _trim(grid[number])) for number in sorted(grid)]


def _trim(cells: list[object]) -> list[object]:
    end = len(cells)
    while end and _is_blank(cells[end - 1]):
        end -= 1
    return cells[:end]


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "无法识别 CSV 文件的文字编码（既不是 UTF-8 也不是 GBK），"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入"
    )


def _read_csv(data: bytes) -> list[tuple[int, list[object]]]:
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows: list[tuple[int, list[object]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            if any(not _is_blank(v) for v in cells):
                if number > MAX_ROWS:
                    raise _too_big("", row=number)
                cells = _trim(list(cells))
                if len(cells) > MAX_COLUMNS:
                    raise _too_big("", column=len(cells))
                if any(len(v) > MAX_CELL_CHARS for v in cells):
                    raise ImportFileError(f"文件第 {number} 行有一个单元格超过 {MAX_CELL_CHARS} 个字，无法导入")
                rows.append((number, cells))
    except csv.Error as exc:
        raise ImportFileError("CSV 文件格式有误，无法读取，请在 Excel 中另存为 .xlsx 后再导入") from exc
    return rows


# ---------------------------------------------------------------------------
# Parsing


@dataclass
class _Column:
    index: int
    header: str  # as displayed

    @property
    def label(self) -> str:
        return f"{self.header}（{_column_letter(self.index)}列）"

    def where(self, row: int) -> str:
        return f"第{row}行“{self.header}”列（{_column_letter(self.index)}列）"


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
    user_map: dict[str, str] = {}
    setup_problems: list[Problem] = []
    for key, target in mapping.items():
        target = target or ""
        if target and target not in FIELDS:
            setup_problems.append(Problem(None, None, f"“{key}”列要对应的字段“{target}”不存在，请重新选择"))
            continue
        user_map[_normalise_header(key)] = target

    def recognised(cell: object) -> bool:
        key = _normalise_header(_raw_text(cell))
        if key in user_map:
            return bool(user_map[key])
        return key == _SERIAL_HEADER or suggest_field(_raw_text(cell)) is not None

    tables = _read_tables(filename, data)
    found = None
    for _sheet, rows in tables:
        for position, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if sum(1 for c in cells if isinstance(c, str) and recognised(c)) >= MIN_RECOGNISED_HEADERS:
                found = (rows, position)
                break
        if found:
            break
    if not found:
        return ParseResult(0, [], {}, [], [], setup_problems + [Problem(
            None, None,
            "未找到表头：文件前10行中没有一行包含至少3个能识别的列名"
            "（如“建议号”“案由”“领衔代表”“交办日期”），请检查文件或工作表是否选对",
        )])
    rows, position = found
    header_row, header_cells = rows[position]
    header_cells = list(header_cells)
    above = rows[:position]
    data_rows = rows[position + 1:]

    # Two-level headers: "领衔代表" merged over two columns with "姓名" / "代表团" below.
    if data_rows and data_rows[0][0] == header_row + 1:
        combined = _combine_subheader(header_cells, data_rows[0][1])
        if combined is not None:
            header_cells = combined
            data_rows = data_rows[1:]

    headers = [_display_header(_raw_text(c)) for c in header_cells]

    # Map columns to fields: user choices first, then automatic, leftmost column wins.
    col_field: dict[int, str | None] = {}
    taken: dict[str, int] = {}
    serial_cols: list[int] = []
    explicit_ignored: set[int] = set()
    for pass_user in (True, False):
        for i, header in enumerate(headers):
            if not header or i in col_field:
                continue
            key = _normalise_header(header)
            if (key in user_map) != pass_user:
                continue
            target = user_map[key] if pass_user else suggest_field(header)
            if key == _SERIAL_HEADER and not pass_user:
                serial_cols.append(i)
            if pass_user and not target:
                explicit_ignored.add(i)
            if target and target in taken:
                if pass_user:
                    setup_problems.append(Problem(None, _Column(i, header).label, (
                        f"“{header}”列和“{headers[taken[target]]}”列都对应到了“{FIELDS[target]}”，"
                        f"只采用了左边的“{headers[taken[target]]}”列，请重新选择")))
                target = None
            col_field[i] = target or None
            if target:
                taken[target] = i
    if "number" not in taken and serial_cols:
        taken["number"] = serial_cols[0]
        col_field[serial_cols[0]] = "number"

    result_mapping: dict[str, str | None] = {}
    unmapped: list[str] = []
    dropped: dict[str, int] = {}
    for i, header in enumerate(headers):
        if not header:
            continue
        fld = col_field.get(i)
        result_mapping.setdefault(header, fld)
        if fld is None and i not in explicit_ignored and i not in serial_cols:
            if header not in unmapped:
                unmapped.append(header)
            filled = sum(1 for _, cells in data_rows if i < len(cells) and not _is_blank(cells[i]))
            if filled:
                dropped[header] = dropped.get(header, 0) + filled

    columns = {fld: _Column(i, headers[i]) for fld, i in taken.items()}
    context = _ListContext(headers, above, defaults)

    problems = list(setup_problems)
    missing_required = set()
    for fld in REQUIRED_FIELDS:
        if fld not in columns and not (fld in _DEFAULTABLE and _has_default(defaults, fld)):
            missing_required.add(fld)
            examples = "”“".join(_HEADER_VARIANTS[fld][:3])
            problems.append(Problem(None, None, (
                f"表头中缺少必填的“{FIELDS[fld]}”列（如“{examples}”），"
                f"请在文件中补上这一列，或在列对应中指定哪一列是“{FIELDS[fld]}”")))
    if _has_default(defaults, "assigned_on") and context.assigned_on is None:
        problems.append(Problem(None, None, (
            f"默认交办日期“{_shorten(_raw_text(defaults['assigned_on']))}”无法识别，请写成 2026-03-15 的格式")))
        if "assigned_on" not in columns:
            missing_required.add("assigned_on")
    if "kind" not in columns and context.kind is None:
        problems.append(Problem(None, None,
                                "无法判断这份清单是人大建议还是政协提案，请在导入时选择类型，或在表中加一列“类型”"))

    parsed_rows: list[ParsedRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row_number, cells in data_rows:
        filled = [i for i, v in enumerate(cells) if not _is_blank(v)]
        if all(i in serial_cols for i in filled):  # nothing but a running index (序号)
            continue
        if _is_note_row(cells, filled, columns):
            continue
        row_problems: list[Problem] = []
        values, proposers = _parse_row(row_number, cells, columns, context, defaults,
                                       missing_required, row_problems)
        problems.extend(row_problems)
        kind, number = values.get("kind"), values.get("number")
        if kind and number:
            key = (kind, values.get("session_name") or "", number)
            where = _describe_item(kind, number, values.get("session_name"))
            col = columns["number"].label if "number" in columns else None
            if key in seen:
                problems.append(Problem(row_number, col,
                                        f"第{row_number}行与第{seen[key]}行重复：{where}在文件中出现了两次"))
            else:
                seen[key] = row_number
            if key in existing_keys:
                problems.append(Problem(row_number, col, f"第{row_number}行：{where}已在系统中"))
        parsed_rows.append(ParsedRow(row_number, values, proposers))

    if not parsed_rows:
        problems.append(Problem(None, None, f"第{header_row}行是表头，但下面没有任何数据行"))

    return ParseResult(header_row, headers, result_mapping, unmapped, parsed_rows, problems, dropped)


def _combine_subheader(parent: list[object], child: list[object]) -> list[object] | None:
    """Header cells combined with the row below when that row is a sub-header row."""
    width = max(len(parent), len(child))
    parent = list(parent) + [None] * (width - len(parent))
    child = list(child) + [None] * (width - len(child))
    combined: list[object] = []
    differing = 0
    for p, c in zip(parent, child):
        p_text, c_text = _raw_text(p), _raw_text(c)
        if not c_text or c_text == p_text:
            combined.append(p)
            continue
        if not isinstance(c, str):
            return None
        joined = p_text + c_text
        if suggest_field(joined):
            combined.append(joined)
        elif suggest_field(c_text) or _normalise_header(c_text) == _SERIAL_HEADER:
            combined.append(c_text)
        elif _normalise_header(c_text) in ("姓名", "名字") and suggest_field(p_text):
            combined.append(p_text)
        else:
            return None
        differing += 1
    return combined if differing else None


def _is_note_row(cells: list[object], filled: list[int], columns: dict[str, _Column]) -> bool:
    """A 合计/注：/填表人 line below the data (often merged across the whole width)."""
    if not filled:
        return True
    first = _raw_text(cells[filled[0]])
    if not _NOTE_ROW_RE.match(first):
        return False
    title_col = columns.get("title")
    if title_col is None or title_col.index >= len(cells):
        return True
    title = _raw_text(cells[title_col.index])
    return not title or title == first


def _describe_item(kind: str, number: str, session_name: object) -> str:
    text = f"{KIND_SHORT.get(kind, '')}第{number}号"
    return f"{text}（{session_name}）" if session_name else text


def _has_default(defaults: dict, fld: str) -> bool:
    value = defaults.get(fld)
    return value is not None and value != "" and value != []


class _ListContext:
    """What the whole list says about every row: from the headers, defaults and title row."""

    def __init__(self, headers: list[str], above: list[tuple[int, list[object]]], defaults: dict):
        keys = {_normalise_header(h) for h in headers}
        kinds = set()
        if keys & _NPC_HEADERS:
            kinds.add("npc")
        if keys & _CPPCC_HEADERS:
            kinds.add("cppcc")
        title_text = " ".join(_raw_text(c) for _, cells in above for c in cells if not _is_blank(c))
        title_kind = None
        if ("建议" in title_text) != ("提案" in title_text):
            title_kind = "npc" if "建议" in title_text else "cppcc"
        m = _SESSION_RE.search(re.sub(r"\s+", "", title_text))
        title_session = m.group(1) if m else None
        m = re.search(r"(20\d{2})\s*年", title_text)
        title_year = int(m.group(1)) if m else None

        self.kind = (
            (kinds.pop() if len(kinds) == 1 else None)
            or _parse_kind(defaults.get("kind"))
            or title_kind
        )
        self.session_name = _one_line(defaults.get("session_name")) or title_session or None
        self.year = _parse_year(defaults.get("year")) or title_year
        self.level = _parse_level(defaults.get("level")) or "provincial"
        self.period = _parse_period(defaults.get("period")) or "session"
        self.bureau_name = _one_line(defaults.get("bureau_name"))
        self.bureau_role = _parse_role(defaults.get("bureau_role"))
        self.is_key = _parse_bool(defaults.get("is_key")) or False
        self.assigned_on = _parse_date(defaults.get("assigned_on")) if _has_default(defaults, "assigned_on") else None


def _parse_row(row_number, cells, columns, ctx: _ListContext, defaults, missing_required, problems):
    def raw(fld):
        col = columns.get(fld)
        if col is None or col.index >= len(cells):
            return None
        value = cells[col.index]
        return None if _is_blank(value) else value

    def bad(fld, message):
        col = columns[fld]
        problems.append(Problem(row_number, col.label, f"{col.where(row_number)}：{message}"))

    def empty(fld):
        if fld in columns:
            col = columns[fld]
            problems.append(Problem(row_number, col.label, f"{col.where(row_number)}为空"))

    def shown(fld):
        return _shorten(_raw_text(raw(fld)))

    values: dict[str, object] = {}

    # number
    number = _number_text(raw("number")) if raw("number") is not None else ""
    if not number:
        if "number" not in missing_required:
            empty("number")
    elif len(number) > MAX_NUMBER_LEN:
        bad("number", f"编号“{_shorten(number)}”太长（{len(number)}个字符），编号最多{MAX_NUMBER_LEN}个字符")
    values["number"] = number or None

    # title and body
    title = _one_line(raw("title"))
    if not title:
        empty("title")
    elif len(title) > MAX_TITLE_LEN:
        bad("title", f"标题太长（{len(title)}个字），标题最多{MAX_TITLE_LEN}个字，请把详细内容放到“内容”列")
    values["title"] = title or None
    values["body"] = _raw_text(raw("body")) or None

    # kind
    kind = None
    if raw("kind") is not None:
        kind = _parse_kind(raw("kind"))
        if kind is None:
            bad("kind", f"类型“{shown('kind')}”无法识别，应填写“建议”或“提案”；"
                        f"如果这一列不是类型，请在列对应中把它设为不导入")
    elif ctx.kind:
        kind = ctx.kind
    elif "kind" in columns:
        empty("kind")
    values["kind"] = kind

    # level
    level = ctx.level
    if raw("level") is not None:
        level = _parse_level(raw("level"))
        if level is None:
            bad("level", f"级别“{shown('level')}”无法识别，应填写“全国”“省”或“市”")
    values["level"] = level

    values["session_name"] = _one_line(raw("session_name")) or ctx.session_name

    # assigned_on (before year, which defaults to its year)
    assigned_on = None
    if raw("assigned_on") is not None:
        assigned_on = _parse_date(raw("assigned_on"))
        if assigned_on is None:
            bad("assigned_on", f"日期“{shown('assigned_on')}”无法识别，请写成 2026-03-15 的格式")
    elif ctx.assigned_on is not None:
        assigned_on = ctx.assigned_on
    elif "assigned_on" not in missing_required:
        empty("assigned_on")
    values["assigned_on"] = assigned_on

    # year
    year = None
    if raw("year") is not None:
        year = _parse_year(raw("year"))
        if year is None:
            bad("year", f"年度“{shown('year')}”无法识别，请写成4位数字的年份，如 2026")
    if year is None:
        year = assigned_on.year if assigned_on else ctx.year
    values["year"] = year

    # period
    period = ctx.period
    if raw("period") is not None:
        period = _parse_period(raw("period"))
        if period is None:
            bad("period", f"“{shown('period')}”无法识别，应填写“大会期间”或“闭会期间”")
    values["period"] = period

    # proposers
    lead = _name(raw("lead_proposer"))
    if not lead and "lead_proposer" not in missing_required:
        empty("lead_proposer")
    values["lead_proposer"] = lead or None
    co_proposers = [n for n in _split_list(raw("co_proposers"), names=True) if n != lead]
    values["co_proposers"] = co_proposers
    values["delegation"] = _one_line(raw("delegation")) or None
    values["proposer_unit"] = _one_line(raw("proposer_unit")) or None
    values["proposer_phone"] = _one_line(raw("proposer_phone")) or None

    # assignment
    values["assigning_body"] = _one_line(raw("assigning_body")) or _one_line(defaults.get("assigning_body")) or None
    values["doc_no"] = _one_line(raw("doc_no")) or _one_line(defaults.get("doc_no")) or None
    values["lead_unit"] = _one_line(raw("lead_unit")) or _one_line(defaults.get("lead_unit")) or None
    co_units = _split_list(raw("co_units"))
    if not co_units and defaults.get("co_units"):
        default_units = defaults["co_units"]
        co_units = list(default_units) if isinstance(default_units, (list, tuple)) else _split_list(default_units)
    values["co_units"] = co_units

    role = None
    if raw("bureau_role") is not None:
        role = _parse_role(raw("bureau_role"))
        if role is None:
            bad("bureau_role", f"办理方式“{shown('bureau_role')}”无法识别，应填写“主办”“分办”“会办”“协办”或“参阅”")
    if role is None:
        name = ctx.bureau_name
        if name and values["lead_unit"] and name in values["lead_unit"]:
            role = "lead"
        elif name and any(name in unit for unit in co_units):
            role = "co"
        else:
            role = ctx.bureau_role or "lead"
    values["bureau_role"] = role

    is_key = ctx.is_key
    if raw("is_key") is not None:
        parsed = _parse_bool(raw("is_key"))
        if parsed is None:
            bad("is_key", f"“{shown('is_key')}”无法识别，请填写“是”或“否”")
        else:
            is_key = parsed
    values["is_key"] = is_key

    proposers: list[dict] = []
    if lead:
        proposers.append({
            "name": lead,
            "is_lead": True,
            "delegation": values["delegation"],
            "unit_post": values["proposer_unit"],
            "phone": values["proposer_phone"],
        })
    proposers.extend({"name": n, "is_lead": False} for n in co_proposers)
    return values, proposers
