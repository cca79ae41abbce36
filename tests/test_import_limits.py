"""Hostile import files cost what their real cells cost (issue 11 item 5): a 5 KB .xlsx with one cell far
out, a cell at XFD1048576, a merged range or a claimed dimension to the sheet's corner, and oversized CSV
files are read within a small memory budget, and refused with a Chinese message when beyond the limits."""
from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest

from services.proposals import importer
from services.proposals.importer import MAX_COLUMNS, MAX_ROWS, parse, read_table
from tests.test_importer import make_csv, make_xlsx, npc_list

BUDGET = 100 * 1024 * 1024  # bytes of peak Python allocation while reading one file


def hostile(extra_cells=(), merges=(), dimension=None) -> bytes:
    """The ordinary 交办清单, its sheet XML edited as an attacker would (cells, merges, the dimension)."""
    source = make_xlsx(npc_list())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = body.decode()
                rows = "".join(f'<row r="{re.sub(r"[A-Z]", "", ref)}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'
                               for ref, text in extra_cells)
                xml = xml.replace("</sheetData>", rows + "</sheetData>")
                xml = re.sub(r"<mergeCells.*?</mergeCells>", "", xml)
                if merges:
                    cells = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                    xml = re.sub(r"(</sheetData>)", rf'\1<mergeCells count="{len(merges)}">{cells}</mergeCells>', xml)
                if dimension:
                    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', xml)
                body = xml.encode()
            zout.writestr(item, body)
    return out.getvalue()


def peak(fn, *args):
    """The function's result (or the exception it raised) and the peak memory it allocated."""
    tracemalloc.start()
    try:
        try:
            result = fn(*args)
        except Exception as exc:  # the refusal is the result
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_one_cell_at_gr20000_is_refused_cheaply_naming_the_column():
    data = hostile(extra_cells=[("GR20000", "x")])
    assert len(data) < 10_000
    result, used = peak(read_table, "清单.xlsx", data)
    assert isinstance(result, importer.ImportFileError), result
    assert f"GR 列" in str(result) and f"{MAX_COLUMNS} 列" in str(result)
    assert used < BUDGET, f"{used / 2**20:.0f} MB"


def test_a_cell_at_xfd1048576_is_refused_cheaply_naming_the_row():
    result, used = peak(read_table, "清单.xlsx", hostile(extra_cells=[("XFD1048576", "x")]))
    assert isinstance(result, importer.ImportFileError)
    assert "第 1048576 行" in str(result) and f"{MAX_ROWS} 行" in str(result)
    assert used < BUDGET, f"{used / 2**20:.0f} MB"


def test_a_merged_range_and_a_dimension_to_the_sheets_corner_are_clipped_to_the_data():
    plain = read_table("清单.xlsx", make_xlsx(npc_list(), merges=["A1:N1"]))
    data = hostile(merges=["A1:N1", "O3:XFD1048576"], dimension="A1:XFD1048576")
    result, used = peak(read_table, "清单.xlsx", data)
    assert not isinstance(result, Exception), result
    assert result == plain
    assert used < BUDGET, f"{used / 2**20:.0f} MB"
    parsed, used = peak(parse, "清单.xlsx", data)
    assert parsed.ok and len(parsed.rows) == 2 and used < BUDGET


def test_rows_and_columns_at_the_limits_are_read_and_one_beyond_is_refused():
    at_limit = hostile(extra_cells=[(f"CV{MAX_ROWS}", "末格")])  # CV = column 100
    rows = read_table("清单.xlsx", at_limit)
    assert rows[-1][0] == MAX_ROWS and rows[-1][1][MAX_COLUMNS - 1] == "末格"
    with pytest.raises(importer.ImportFileError):
        read_table("清单.xlsx", hostile(extra_cells=[(f"A{MAX_ROWS + 1}", "x")]))
    with pytest.raises(importer.ImportFileError):
        read_table("清单.xlsx", hostile(extra_cells=[("CW5", "x")]))


@pytest.mark.parametrize("rows,expected", [
    ([["编号"] * (MAX_COLUMNS + 1)], f"{MAX_COLUMNS} 列"),
    ([["1037", "标题"]] * (MAX_ROWS + 1), f"{MAX_ROWS} 行"),
    ([["1037", "长" * 40_000]], "个字"),
])
def test_oversized_csv_files_are_refused_in_chinese(rows, expected):
    result, used = peak(read_table, "清单.csv", make_csv(rows))
    assert isinstance(result, importer.ImportFileError) and expected in str(result)
    assert used < BUDGET


def test_the_preview_of_a_hostile_file_shows_the_reason(client, world, as_user):
    office = as_user("office")
    response = office.post("/proposals/import", data={
        "file": (io.BytesIO(hostile(extra_cells=[("XFD1048576", "x")])), "清单.xlsx")}, content_type="multipart/form-data",
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "超过了可导入的 20000 行" in page
