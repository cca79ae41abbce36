"""Reading an uploaded .xlsx or .csv file into rows of cells, refusing files beyond a 交办清单's size."""

from __future__ import annotations

import csv
import io

from services.proposals.importer.text import column_letter, is_blank

Rows = list[tuple[int, list[object]]]  # (row number as Excel shows it, cells)

# A 交办清单 is a few hundred rows: beyond these the file is refused before it costs memory or time.
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

_BROKEN_XLSX = "文件无法作为 Excel（.xlsx）打开，可能已损坏，请重新导出后再导入"


class ImportFileError(ValueError):
    """The file cannot be read at all; the message is in Chinese, ready for the user."""


def read_table(filename: str, data: bytes) -> Rows:
    """All non-empty rows of the file as (row_number, cells); row_number as Excel shows it.

    For .xlsx the active worksheet is read and every merged range is filled with
    its top-left value.  Raises ImportFileError (Chinese message) when the file
    cannot be read at all.
    """
    return read_tables(filename, data)[0][1]


def read_tables(filename: str, data: bytes) -> list[tuple[str, Rows]]:
    """(sheet name, rows) for every sheet, the active sheet first; one entry for CSV."""
    if not data:
        raise ImportFileError("上传的文件是空的，请重新选择交办清单文件")
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError("暂不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再导入")
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_BROKEN_XLSX)
    if name.endswith((".xls", ".et", ".wps", ".doc", ".docx", ".pdf")):
        raise ImportFileError("只能导入 .xlsx 或 .csv 格式的交办清单，请在 Excel 中另存为 .xlsx 后再导入")
    return [("", _read_csv(data))]


def _too_big(sheet: str, row: int | None = None, column: int | None = None) -> ImportFileError:
    where = f"工作表“{sheet}”" if sheet else "文件"
    if row is not None:
        return ImportFileError(f"{where}第 {row} 行仍有内容，超过了可导入的 {MAX_ROWS} 行。交办清单不会这么长，"
                               "请删除多余的行（或只保留交办清单所在的工作表）后再导入")
    return ImportFileError(f"{where}第 {column_letter(column - 1)} 列仍有内容，超过了可导入的 {MAX_COLUMNS} 列。"
                           "请删除多余的列后再导入")


def _read_xlsx(data: bytes) -> list[tuple[str, Rows]]:
    """Every sheet, streamed (openpyxl's read-only mode): the cost follows the cells really present, not the
    sheet's claimed dimensions, and merged ranges are clipped to the data."""
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on broken files
        raise ImportFileError(_BROKEN_XLSX) from exc
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
        raise ImportFileError(_BROKEN_XLSX) from exc
    finally:
        workbook.close()


def _sheet_rows(workbook, ws) -> Rows:
    """(row number, cells) of the non-empty rows, merged ranges filled with their top-left value."""
    # openpyxl's own row parser: it yields only the rows present in the file and, at the end, the merged ranges.
    from openpyxl.worksheet._reader import WorkSheetParser

    with workbook._archive.open(ws._worksheet_path) as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        grid = _sheet_grid(ws.title, parser.parse())
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    if grid:
        _fill_merged(grid, merged)
    return [(number, _trim(grid[number])) for number in sorted(grid)]


def _sheet_grid(title: str, parsed_rows) -> dict[int, list[object]]:
    """Row number -> cells of the rows with content, each as long as its last filled cell."""
    grid: dict[int, list[object]] = {}
    for index, cells in parsed_rows:
        present = [(c["column"], c["value"]) for c in cells if not is_blank(c["value"])]
        if not present:
            continue
        if index > MAX_ROWS:
            raise _too_big(title, row=index)
        last = max(column for column, _ in present)
        if last > MAX_COLUMNS:
            raise _too_big(title, column=last)
        row = [None] * last
        for column, value in present:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ImportFileError(f"工作表“{title}”第 {index} 行有一个单元格超过 {MAX_CELL_CHARS} 个字，无法导入")
            row[column - 1] = value
        grid[index] = row
    return grid


def _fill_merged(grid: dict[int, list[object]], merged: list[str]) -> None:
    """Fill every merged range with its top-left value, clipped to the rows and columns with content."""
    from openpyxl.worksheet.cell_range import CellRange

    last_row = max(grid)
    width = max(len(row) for row in grid.values())
    for ref in merged:
        r = CellRange(ref)
        top, left = r.min_row, r.min_col
        if top > last_row or left > width:
            continue
        source_row = grid.get(top)
        value = source_row[left - 1] if source_row is not None and left <= len(source_row) else None
        if is_blank(value):
            continue
        right = min(r.max_col, width)
        for number in range(top, min(r.max_row, last_row) + 1):
            row = grid.setdefault(number, [])
            if len(row) < right:
                row.extend([None] * (right - len(row)))
            for c in range(left, right + 1):
                row[c - 1] = value


def _trim(cells: list[object]) -> list[object]:
    end = len(cells)
    while end and is_blank(cells[end - 1]):
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


def _read_csv(data: bytes) -> Rows:
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows: Rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            if any(not is_blank(v) for v in cells):
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
