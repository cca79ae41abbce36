"""Excel exports reopened with openpyxl and read cell by cell: headers, frozen header row, widths, dates as dates,
numbers as numbers, text that looks like a formula kept as text; a year's ledger (5,000 rows) within 5 seconds."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from extensions import db
from models.proposals import ContactRecord, Feedback, Proposal, Proposer, Reply
from services.exports import ledger as exports
from services.stats import figures as stats
from tests.conftest import login
from tests.stats_support import TODAY, d, frozen, item, kpi_world


@pytest.fixture
def kpi(app, world):
    with frozen(TODAY):
        yield kpi_world(world)


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def _rows_by_number(ws, number_col: int = 5) -> dict[str, list]:
    return {row[number_col - 1].value: row for row in ws.iter_rows(min_row=2)}


def test_the_ledger_has_one_row_per_item_with_chinese_headers_and_a_frozen_header(kpi, world):
    with frozen(TODAY):
        wb = _open(exports.ledger_workbook(stats.Filters(year=2026), world.office))
    ws = wb["办理台账"]
    assert [c.value for c in ws[1]] == [c.header for c in exports.LEDGER_COLUMNS]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["F"].width == 40  # 标题
    assert ws.print_title_rows == "$1:$1"
    assert ws.max_row == 1 + 17
    assert all(c.font.b for c in ws[1])


def test_ledger_cells_are_dates_numbers_and_the_agreed_words(kpi, world):
    with frozen(TODAY):
        ws = _open(exports.ledger_workbook(stats.Filters(year=2026), world.office))["办理台账"]
    header = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(header)}
    rows = _rows_by_number(ws)
    n01 = rows["N01"]
    assert isinstance(n01[col["序号"]].value, int) and n01[col["序号"]].data_type == "n"
    assert n01[col["年度"]].value == 2026 and isinstance(n01[col["年度"]].value, int)
    assert n01[col["交办日期"]].is_date and n01[col["交办日期"]].value == datetime(2026, 2, 10)
    assert n01[col["交办日期"]].number_format == "yyyy-mm-dd"
    assert n01[col["答复日期"]].value == datetime(2026, 5, 10)
    assert n01[col["有效期限（定时间）"]].value == datetime(2026, 5, 10)
    assert n01[col["领衔代表/第一提案人"]].value == "顾振宇" and n01[col["联名代表/附议人"]].value == "林静"
    assert n01[col["主办处室（定单位）"]].value == "大气环境处" and n01[col["责任领导（定领导）"]].value == "王振华"
    assert n01[col["状态"]].value == "办结" and n01[col["答复分类"]].value == "A"
    assert n01[col["按时情况"]].value == "按期答复" and n01[col["答复前已沟通"]].value == "是"
    assert n01[col["领衔人对结果的评价"]].value == "满意" and n01[col["沟通次数"]].value == 1
    assert rows["N02"][col["按时情况"]].value == "逾期答复"
    assert rows["N04"][col["答复前已沟通"]].value == "否" and rows["N04"][col["状态"]].value == "已答复·征询中"
    assert rows["N03"][col["延期后期限"]].value == datetime(2026, 6, 30)
    assert rows["N05"][col["状态"]].value == "重新办理" and rows["N05"][col["办理轮次"]].value == 2
    assert rows["N05"][col["领衔人对结果的评价"]].value == "不满意"
    assert rows["N10"][col["按时情况"]].value == "超期未答复" and rows["N10"][col["预警"]].value == "超期"
    assert rows["N11"][col["预警"]].value == "临期"
    assert rows["N14"][col["会办处室"]].value == "大气环境处" and rows["N14"][col["办理方式"]].value == "分办"
    assert rows["N17"][col["状态"]].value == "待四定" and rows["N17"][col["主办处室（定单位）"]].value is None
    assert rows["N07"][col["未完成承诺事项"]].value == 1


def test_text_that_looks_like_a_formula_stays_text(app, world):
    with frozen(TODAY):
        item("=1+1", dept=world.air, leader=world.leader, title='=HYPERLINK("http://evil.example","点此")',
             proposers=("+86 138", "-减号", "@at"), body="")
        p = db.session.scalars(sa.select(Proposal)).one()
        p.requirements = "\t=cmd|' /C calc'!A0"
        db.session.commit()
        wb = _open(exports.ledger_workbook(stats.Filters(year=2026), world.office))
    ws = wb["办理台账"]
    header = [c.value for c in ws[1]]
    row = ws[2]
    checks = {
        "编号": "=1+1", "标题（案由）": '=HYPERLINK("http://evil.example","点此")', "领衔代表/第一提案人": "+86 138",
        "联名代表/附议人": "-减号、@at", "办理要求（定要求）": "\t=cmd|' /C calc'!A0",
    }
    for name, text in checks.items():
        cell = row[header.index(name)]
        assert cell.value == text, name
        assert cell.data_type == "s", name  # never "f"
        assert cell.quotePrefix, name
    # No formula anywhere in the file.
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)


def test_the_statistics_workbook(kpi, world):
    with frozen(TODAY):
        wb = _open(exports.stats_workbook(stats.Filters(year=2026), world.office))
    assert wb.sheetnames == ["总体", "按处室", "按领导", "按状态", "答复分类"]
    overview = wb["总体"]
    assert [c.value for c in overview[1]] == ["指标", "比率", "分子", "分母", "口径"]
    assert overview.freeze_panes == "A2"
    comm = overview[2]
    assert comm[0].value == "沟通率" and comm[1].value == pytest.approx(0.75) and comm[1].number_format == "0.0%"
    assert (comm[2].value, comm[3].value) == (6, 8)
    meet = overview[3]
    assert meet[0].value == "见面率" and (meet[2].value, meet[3].value) == (2, 8)
    ontime = overview[4]
    assert (ontime[2].value, ontime[3].value) == (8, 11)
    depts = {r[0].value: r for r in wb["按处室"].iter_rows(min_row=2)}
    assert depts["大气环境处"][1].value == 14 and depts["合计"][1].value == 17
    assert depts["（未四定）"][2].value == "—"  # no rate without a denominator
    states = {r[0].value: r[1].value for r in wb["按状态"].iter_rows(min_row=2)}
    assert states["办结"] == 8 and states["合计"] == 17
    classes = [r[1].value for r in wb["答复分类"].iter_rows(min_row=2)]
    assert classes == [5, 3, 1, 1]


def test_the_commitments_ledger(kpi, world):
    with frozen(TODAY):
        ws = _open(exports.commitments_workbook(stats.Filters(year=2026), world.office))["承诺事项台账"]
        open_only = _open(exports.commitments_workbook(stats.Filters(year=2026), world.office, "open"))["承诺事项台账"]
    assert [c.value for c in ws[1]] == [c.header for c in exports.COMMITMENT_COLUMNS]
    rows = {r[3].value: r for r in ws.iter_rows(min_row=2)}
    assert set(rows) == {"N02", "N04", "N06", "N07", "N16"}
    assert rows["N04"][14].value == "逾期未完成" and rows["N06"][14].value == "已完成" and rows["N02"][14].value == "未完成"
    assert rows["N04"][11].value == datetime(2026, 7, 1) and rows["N04"][11].is_date
    assert open_only.max_row == 1 + 4


def test_exports_are_downloads_with_chinese_names_and_respect_the_scope(kpi, world, client):
    with frozen(TODAY):
        login(client, "head_b")
        response = client.get("/dashboard/export/ledger.xlsx?year=2026")
    assert response.status_code == 200
    assert response.mimetype == exports.XLSX_MIMETYPE
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    ws = _open(response.data)["办理台账"]
    assert {r[4].value for r in ws.iter_rows(min_row=2)} == {"N13", "N14"}  # 水生态环境处's own items
    # The figures are 水生态环境处's alone: its two items, one contacted before its reply.
    with frozen(TODAY):
        response = client.get("/dashboard/export/stats.xlsx?year=2026")
    assert response.status_code == 200 and response.mimetype == exports.XLSX_MIMETYPE
    book = _open(response.data)
    overall = {r[0]: r[1:4] for r in book["总体"].iter_rows(min_row=2, values_only=True)}
    assert overall["沟通率"] == (0.5, 1, 2) and overall["件数"] == (None, 2, None)
    assert [r[:2] for r in book["按处室"].iter_rows(min_row=2, values_only=True)] == [("水生态环境处", 2), ("合计", 2)]
    assert list(book["按状态"].iter_rows(min_row=2, values_only=True))[-1] == ("合计", 2)
    # None of its items carries a commitment; the office's ledger has the bureau's five.
    with frozen(TODAY):
        response = client.get("/dashboard/export/commitments.xlsx?year=2026")
    assert response.status_code == 200 and _open(response.data)["承诺事项台账"].max_row == 1
    client.post("/logout")
    login(client, "office")
    with frozen(TODAY):
        ws = _open(client.get("/dashboard/export/commitments.xlsx?year=2026").data)["承诺事项台账"]
    assert sorted(r[3] for r in ws.iter_rows(min_row=2, values_only=True)) == ["N02", "N04", "N06", "N07", "N16"]


def _bulk_items(world, n: int) -> None:
    """``n`` items with two proposers, a contact, a sent reply and a rating each, inserted in bulk."""
    conn = db.session.connection()
    rows = [
        dict(kind="npc" if i % 3 else "cppcc", level="provincial", session_name="省十四届人大四次会议" if i % 3 else "省政协十三届四次会议",
             year=2026, period="session", number=f"{i:04d}", title=f"关于加强第{i}项生态环境治理的建议", body="内容" * 50,
             bureau_role="lead", assigning_body="", assigned_on=date(2026, 2, 10), doc_no="", external_lead_unit="", external_co_units="",
             is_key=False, lead_department_id=(world.air if i % 2 else world.water).id, responsible_leader_id=world.leader.id,
             requirements="答复前须与代表见面", statutory_deadline=date(2026, 5, 10), statutory_overridden=False,
             state="closed" if i % 4 else "in_progress", round=1, replied_on=date(2026, 5, 1) if i % 4 else None,
             created_at=datetime(2026, 2, 10), version=1, end_reason="")
        for i in range(n)
    ]
    conn.execute(sa.insert(Proposal.__table__), rows)
    ids = [r[0] for r in conn.execute(sa.select(Proposal.id).order_by(Proposal.id))]
    conn.execute(sa.insert(Proposer.__table__), [
        dict(proposal_id=pid, name=name, is_lead=j == 0, delegation="临江代表团", unit_post="", phone="", sort_order=j)
        for pid in ids for j, name in enumerate(("顾振宇", "林静"))
    ])
    lead_ids = dict(conn.execute(sa.select(Proposer.proposal_id, Proposer.id).where(Proposer.is_lead)).all())
    conn.execute(sa.insert(ContactRecord.__table__), [
        dict(proposal_id=pid, round=1, stage="during", method="phone", contact_on=date(2026, 4, 1), participants="", leader_present=False,
             deputy_said="", created_at=datetime(2026, 4, 1)) for pid in ids
    ])
    conn.execute(sa.insert(Reply.__table__), [
        dict(proposal_id=pid, round=1, state="sent", doc_no=f"江南环函〔2026〕{pid}号", title="答复", body="答复正文", result_class="AB"[pid % 2],
             contact_person="周立伟", contact_phone="0571-87654321", disclosure="public", disclosure_reason="", copies="", commitment_text="",
             return_reason="", updated_at=datetime(2026, 5, 1), sent_on=date(2026, 5, 1), version=1) for pid in ids[1::4] + ids[2::4] + ids[3::4]
    ])
    conn.execute(sa.insert(Feedback.__table__), [
        dict(proposal_id=pid, proposer_id=lead_ids[pid], round=1, met=True, attitude="satisfied", result="satisfied", words="",
             channel="receipt", received_on=date(2026, 5, 20), created_at=datetime(2026, 5, 20)) for pid in ids[1::4]
    ])
    db.session.commit()


@pytest.mark.slow
def test_a_years_ledger_of_5000_items_has_every_row(app, world):
    """Every item of the year is in the ledger. (How fast it is belongs to bench/, not to a test.)"""
    _bulk_items(world, 5000)
    with frozen(TODAY):
        data = exports.ledger_workbook(stats.Filters(year=2026), world.office)
    ws = load_workbook(io.BytesIO(data), read_only=True)["办理台账"]
    assert sum(1 for _ in ws.iter_rows(values_only=True)) == 5001


# ---------------------------------------------------------------------------
# The sheet writer builds its rows itself (fast); openpyxl's cells are the reference.


def _openpyxl_put(self, cells):
    """How ``Sheet`` wrote a row before it built its rows itself: a cell per value through openpyxl (what
    ``ws.append`` of ``WriteOnlyCell``s does), styled as the old ``Sheet.cell`` styled it."""
    from lxml.etree import Element
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell._writer import etree_write_cell
    from openpyxl.styles import Alignment

    self.number += 1
    row = Element("row", r=str(self.number))
    into = exports._Into([])
    into.write = row.append
    for column, cell in enumerate(cells, start=1):
        if cell is None:
            continue
        value, style = cell
        c = WriteOnlyCell(self.ws, value)
        if style == "header":
            c.font, c.fill, c.border = exports._HEADER_FONT, exports._HEADER_FILL, exports._HEADER_BORDER
            c.alignment = Alignment(wrap_text=True, vertical="center")
        elif style == "text":
            c.data_type, c.quotePrefix = "s", True
        elif style == "wrap":
            c.alignment = exports._WRAP
        elif style == "pct":
            c.number_format = "0.0%"
        c.row, c.column = self.number, column
        etree_write_cell(into, self.ws, c, c.has_style)
    self.ws._rows.send(row)


def _cells(data: bytes) -> dict:
    out = {}
    for ws in _open(data).worksheets:
        out[ws.title] = {
            "sheet": (ws.freeze_panes, ws.print_title_rows, ws.auto_filter.ref, ws.oddHeader.center.text, ws.max_row, ws.max_column,
                      {k: d.width for k, d in ws.column_dimensions.items()}),
            "cells": [
                (c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.fill.fgColor.rgb, c.alignment.wrap_text,
                 c.alignment.vertical, c.quotePrefix, c.border.bottom.style)
                for r in ws.iter_rows() for c in r
            ],
        }
    return out


def test_the_sheet_writer_writes_every_cell_as_openpyxl_would(kpi, world, monkeypatch):
    with frozen(TODAY):
        item("N99", dept=world.air, leader=world.leader, title="  前后有空格 & <尖括号> \"引号\"  ", proposers=("=王某", " 李某"))
        p = db.session.scalars(sa.select(Proposal).where(Proposal.number == "N99")).one()
        p.requirements = "第一行\r\n第二行\t制表\x01"
        db.session.commit()
        f = stats.Filters(year=2026)
        books = lambda: [exports.ledger_workbook(f, world.office), exports.stats_workbook(f, world.office),  # noqa: E731
                         exports.commitments_workbook(f, world.office)]
        fast = [_cells(b) for b in books()]
        monkeypatch.setattr(exports.Sheet, "_put", _openpyxl_put)
        reference = [_cells(b) for b in books()]
    assert fast == reference
    ledger = fast[0]["办理台账"]["cells"]
    assert len(ledger) == 19 * len(exports.LEDGER_COLUMNS)  # the header and 18 items, every cell compared
    assert any(c[1] == "第一行\r\n第二行\t制表" for c in ledger)  # a CR survives, the control character does not


def test_the_ledger_reads_its_items_in_batches_of_three_statements(app, world, monkeypatch):
    """No query per item, and not every item at once: one streamed SELECT of the items, and for each batch
    one of their proposers and one of their co-handling 处室."""
    _bulk_items(world, 95)
    monkeypatch.setattr(exports, "LEDGER_BATCH", 10)
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        with frozen(TODAY):
            data = exports.ledger_workbook(stats.Filters(year=2026), world.office)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert sum("FROM proposers" in s for s in statements) == 10
    assert sum("FROM proposal_departments" in s for s in statements) == 10
    assert sum(s.lstrip().startswith("SELECT proposals.id, proposals.kind") for s in statements) == 1  # the items, streamed
    ws = _open(data)["办理台账"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == list(range(1, 96))
    assert all(r[6] == "顾振宇" and r[8] == "林静" for r in ws.iter_rows(min_row=2, values_only=True))


@pytest.mark.slow
def test_the_ledgers_memory_does_not_grow_with_its_rows(app, world, monkeypatch):
    """A ledger three times as long takes no more memory (the Python heap's peak while it is written): what
    is held is one batch of rows, whatever the number of batches."""
    import tempfile
    import tracemalloc

    _bulk_items(world, 3000)
    monkeypatch.setattr(exports, "LEDGER_BATCH", 200)

    def peak(f: stats.Filters) -> int:
        with frozen(TODAY), tempfile.TemporaryFile() as out:
            tracemalloc.start()
            try:
                exports.save(exports.ledger(f, world.office), out)
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
                db.session.rollback()

    peak(stats.Filters(year=2026, kind="cppcc"))  # warm the caches
    third, whole = peak(stats.Filters(year=2026, kind="cppcc")), peak(stats.Filters(year=2026))
    print(f"peak heap: {third / 2**20:.1f} MB for 1,000 rows, {whole / 2**20:.1f} MB for 3,000")
    assert whole - third < 1 * 2**20
