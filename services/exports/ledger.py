"""Excel exports the office opens every week: the 办理台账, the statistics tables, the commitments ledger.

Streaming workbooks (``write_only``): rows are written as they are read, a few queries in all (no query per
item). Chinese headers in a frozen first row, widths set per column, dates as dates (yyyy-mm-dd), numbers as
numbers. A text cell that begins with ``= + - @`` (or a tab / carriage return) is written as text with Excel's
quote prefix — never as a formula.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from lxml.etree import fromstring, tostring
from sqlalchemy.orm import aliased

from extensions import db
from models.org import Department, User
from models.proposals import Commitment, ContactRecord, Feedback, Proposal, ProposalDepartment, Proposer, Reply
from models.proposals_vocabulary import (
    ANSWERING_ROLES,
    BUREAU_ROLE_LABELS,
    PROPOSAL_KIND_LABELS,
    RESULT_CLASS_LABELS,
    SATISFACTION_LABELS,
    STATE_LABELS,
)
from rules import clock
from services.exports import runs_as_formula
from services.proposals import queries as q
from services.stats import figures as stats

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBE4")
_THIN = Side(style="thin", color="999999")
_HEADER_BORDER = Border(bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_ENTITIES = {"\r": "&#13;"}  # kept as lxml keeps it (a parser reads a bare CR as a line feed)
_SPECIAL = re.compile(r"[&<>\r]")


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    kind: str = "text"  # text | date | int | pct | wrap


class _Into:
    """What openpyxl's cell writer writes into: here, a list."""

    def __init__(self, out: list):
        self.write = out.append


class Sheet:
    """A write-only sheet with a frozen, styled header row and safe cells.

    Rows go straight into openpyxl's streamed sheet file as ready-made ``<row>`` elements: openpyxl's own
    ``append`` builds a ``Cell`` per value and takes two and a half times as long (0.9 s of CPU against 0.36 s for
    the 5,000 rows of a year's ledger). Strings, numbers and dates are written here as openpyxl writes them (inline strings, ``%.16g``
    numbers, dates as serial numbers with openpyxl's yyyy-mm-dd style); any other value goes through openpyxl.
    """

    def __init__(self, wb: Workbook, title: str, columns: list[Col], caption: str = ""):
        self.ws = wb.create_sheet(title=title[:31])
        self.columns = columns
        self.letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        ws = self.ws
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        if caption:
            ws.oddHeader.center.text = caption
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
        self.styles = {
            "header": self._style(font=_HEADER_FONT, fill=_HEADER_FILL, border=_HEADER_BORDER,
                                  alignment=Alignment(wrap_text=True, vertical="center")),
            "text": self._style(quotePrefix=True), "wrap": self._style(alignment=_WRAP),
            "pct": self._style(number_format="0.0%"), "date": self._style(number_format="yyyy-mm-dd"),
        }
        self.epoch = wb.epoch
        self.number = 0
        ws._get_writer()
        ws._rows = self._stream()  # closed by openpyxl when the workbook is saved
        next(ws._rows)
        self._put([(col.header, "header") for col in columns])

    def _style(self, **attrs) -> str:
        cell = WriteOnlyCell(self.ws)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return str(cell.style_id)

    def _stream(self):
        """openpyxl's ``WriteOnlyWorksheet._write_rows`` with ready-made rows."""
        writer = self.ws._writer
        xf = writer.xf.send(True)
        with xf.element("sheetData"):
            try:
                while True:
                    xf.write((yield))
            except GeneratorExit:
                pass
        writer.xf.send(None)

    def row(self, values) -> None:
        self._put([self.cell(value, col) for col, value in zip(self.columns, values)])

    def cell(self, value, col: Col):
        """``(value, style)``: the value as written and the key of its style (or None)."""
        if value is None or value == "":
            return None
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
            if runs_as_formula(value):
                return value, "text"  # text, whatever it looks like, kept text when the cell is edited
            return value, ("wrap" if col.kind == "wrap" else None)
        if col.kind == "pct" and isinstance(value, float):
            return value, "pct"
        return value, None

    def _put(self, cells) -> None:
        self.number += 1
        n = str(self.number)
        parts = []
        for letter, cell in zip(self.letters, cells):
            if cell is None:
                continue
            value, style = cell
            kind = type(value)
            if kind is str:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                style = f' s="{self.styles[style]}"' if style else ""
                text = escape(value, _ENTITIES) if _SPECIAL.search(value) else value
                parts.append(f'<c r="{letter}{n}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif kind is int or kind is float:
                style = f' s="{self.styles[style]}"' if style else ""
                parts.append(f'<c r="{letter}{n}"{style} t="n"><v>{safe_string(value)}</v></c>')
            elif kind is date:  # openpyxl's yyyy-mm-dd
                parts.append(f'<c r="{letter}{n}" s="{self.styles["date"]}" t="n"><v>{safe_string(to_excel(value, self.epoch))}</v></c>')
            else:  # booleans, datetimes, decimals …: as openpyxl writes them
                c = WriteOnlyCell(self.ws, value)
                c.row, c.column = self.number, self.letters.index(letter) + 1
                out = []
                etree_write_cell(_Into(out), self.ws, c, c.has_style)
                parts.append(tostring(out[0], encoding="unicode"))
        # One parse of the row's text: several times faster than building the elements one by one.
        self.ws._rows.send(fromstring(f'<row r="{n}">{"".join(parts)}</row>'))


def save(wb: Workbook, out=None) -> bytes | None:
    """The workbook as bytes, or written into the binary file ``out`` (a download is sent from a temporary file)."""
    if out is not None:
        wb.save(out)
        return None
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _workbook() -> Workbook:
    wb = Workbook(write_only=True)
    wb.properties.creator = "连心"
    return wb


# ---------------------------------------------------------------------------
# 办理台账: one row per item

LEDGER_COLUMNS = [
    Col("序号", 6, "int"), Col("类型", 10), Col("届次", 24), Col("年度", 7, "int"), Col("编号", 9), Col("标题（案由）", 40),
    Col("领衔代表/第一提案人", 14), Col("代表团/界别", 14), Col("联名代表/附议人", 24), Col("办理方式", 10), Col("重点件", 7),
    Col("责任领导（定领导）", 14), Col("领办领导", 12), Col("主办处室（定单位）", 16), Col("会办处室", 20), Col("办理要求（定要求）", 30),
    Col("交办日期", 12, "date"), Col("法定期限", 12, "date"), Col("内部期限", 12, "date"), Col("延期后期限", 12, "date"),
    Col("重新办理期限", 12, "date"), Col("有效期限（定时间）", 12, "date"), Col("状态", 14), Col("预警", 8), Col("签收日期", 12, "date"),
    Col("答复日期", 12, "date"), Col("答复文号", 20), Col("答复分类", 9), Col("答复前已沟通", 9), Col("沟通次数", 8, "int"),
    Col("按时情况", 11), Col("超期说明", 30), Col("领衔人对结果的评价", 12), Col("领衔人对态度的评价", 12), Col("办理轮次", 8, "int"),
    Col("未完成承诺事项", 9, "int"), Col("办结日期", 12, "date"),
]


def _flag(clause):
    return sa.case((clause, 1), else_=0)


# Rows read at a time: a year's ledger (5,000 items at the largest office we know) in one batch, so that its
# statement count does not grow with the data; every year's (50,000) in ten, a batch's memory at a time.
LEDGER_BATCH = 5000


def _ledger_rows(f: stats.Filters, user):
    """``(row, proposers, co-handling 处室)`` per item, streamed: the ledger's columns in one SELECT (every fact as
    ``proposal_queries`` defines it, the dashboard's definitions; counts from correlated subqueries) read
    ``LEDGER_BATCH`` rows at a time (a server-side cursor on PostgreSQL), and for each batch the many-per-item
    parts in two more. Memory stays that of one batch, whatever the number of items."""
    ctx = stats.context()
    base = stats.base_clause(f, user)
    lead_dept = aliased(Department)
    resp, leading = aliased(User), aliased(User)
    key = (Proposal.year, Proposal.kind, Proposal.session_name, Proposal.id)  # the ledger's order
    # Per-item counts through the proposal_id indexes (not grouped over every year's records).
    contacts = sa.select(sa.func.count()).where(ContactRecord.proposal_id == Proposal.id).correlate(Proposal).scalar_subquery()
    promises = (
        sa.select(sa.func.count()).where(Commitment.proposal_id == Proposal.id, Commitment.done_on.is_(None))
        .correlate(Proposal).scalar_subquery()
    )
    stmt = (
        sa.select(
            Proposal.id, Proposal.kind, Proposal.session_name, Proposal.year, Proposal.number, Proposal.title, Proposal.bureau_role,
            Proposal.is_key, resp.name.label("resp"), leading.name.label("leading"), lead_dept.name.label("dept"), Proposal.requirements,
            Proposal.assigned_on, Proposal.statutory_deadline, Proposal.internal_deadline, Proposal.extended_deadline,
            Proposal.rehandle_deadline, Proposal.effective_deadline.label("effective"), Proposal.state, Proposal.lead_department_id,
            Proposal.signed_for_on, Proposal.replied_on, Proposal.round, Proposal.closed_on, Proposal.overdue_note,
            q.latest_reply_value("doc_no").label("doc_no"), q.latest_reply_class_value().label("result_class"),
            q.lead_rating_value("result").label("result"), q.lead_rating_value("attitude").label("attitude"),
            contacts.label("contacts"), promises.label("open_commitments"),
            _flag(q.answered_clause()).label("answered"),
            _flag(sa.and_(q.answered_clause(), q.replied_on_time_clause())).label("on_time"),
            _flag(q.overdue_clause(ctx.today)).label("overdue"),
            _flag(q.level_clause("yellow", ctx.yellow_days, ctx.today)).label("yellow"),
            _flag(q.contacted_before_reply_clause()).label("contacted"),
        )
        .select_from(Proposal)
        .outerjoin(lead_dept, lead_dept.id == Proposal.lead_department_id)
        .outerjoin(resp, resp.id == Proposal.responsible_leader_id)
        .outerjoin(leading, leading.id == Proposal.leading_leader_id)
        .where(base)
        .order_by(*key)
    )
    for batch in db.session.execute(stmt, execution_options={"yield_per": LEDGER_BATCH}).partitions():
        # The batch's items: the ledger's own items between its first and last row in the ledger's order
        # (a few parameters, not a list of up to 5,000 ids to bind).
        first, last = batch[0], batch[-1]
        within = sa.select(Proposal.id).where(
            base,
            sa.tuple_(*key) >= sa.tuple_(first.year, first.kind, first.session_name, first.id),
            sa.tuple_(*key) <= sa.tuple_(last.year, last.kind, last.session_name, last.id),
        )
        proposers: dict[int, list] = {}
        for pid, name, is_lead, delegation in db.session.execute(
            sa.select(Proposer.proposal_id, Proposer.name, Proposer.is_lead, Proposer.delegation)
            .where(Proposer.proposal_id.in_(within))
            .order_by(Proposer.proposal_id, Proposer.order, Proposer.id)
        ):
            proposers.setdefault(pid, []).append((name, is_lead, delegation))
        co: dict[int, list[str]] = {}
        for pid, name in db.session.execute(
            sa.select(ProposalDepartment.proposal_id, Department.name)
            .join(Department, Department.id == ProposalDepartment.department_id).where(ProposalDepartment.proposal_id.in_(within))
            .order_by(ProposalDepartment.proposal_id, ProposalDepartment.id)
        ):
            co.setdefault(pid, []).append(name)
        for r in batch:
            yield r, proposers.get(r.id, []), co.get(r.id, [])


def state_text(state: str, role: str, has_lead_department: bool) -> str:
    """The state as the item page shows it (``Proposal.state_label`` without loading the item)."""
    if state == "assigned" and not has_lead_department:
        return "待四定"
    if state == "replied" and role in ANSWERING_ROLES:
        return "已答复·征询中"
    return STATE_LABELS.get(state, state)


def timeliness_text(r) -> str:
    if r.answered:
        return "按期答复" if r.on_time else "逾期答复"
    if r.overdue:
        return "超期未答复"
    if r.state in ("withdrawn", "merged"):
        return ""
    return "未到期" if r.effective else ""


def ledger_workbook(f: stats.Filters, user) -> bytes:
    return save(ledger(f, user))


def ledger(f: stats.Filters, user) -> Workbook:
    """The 办理台账, its rows already streamed into openpyxl's temporary sheet file: ``save`` it."""
    stats.without_jit()
    wb = _workbook()
    caption = f"{f.period_label}{f.kind_label}办理台账（{stats.scope_label(f)}）"
    sheet = Sheet(wb, "办理台账", LEDGER_COLUMNS, caption)
    for n, (r, people, co) in enumerate(_ledger_rows(f, user), start=1):
        lead = next((p for p in people if p[1]), people[0] if people else None)
        others = [p[0] for p in people if p is not lead]
        answering = r.bureau_role in ANSWERING_ROLES
        sheet.row([
            n, PROPOSAL_KIND_LABELS.get(r.kind, r.kind), r.session_name, r.year, r.number, r.title,
            lead[0] if lead else "", lead[2] if lead else "", "、".join(others), BUREAU_ROLE_LABELS.get(r.bureau_role, r.bureau_role),
            "是" if r.is_key else "", r.resp, r.leading, r.dept, "、".join(co), r.requirements,
            r.assigned_on, r.statutory_deadline, r.internal_deadline, r.extended_deadline, r.rehandle_deadline, r.effective,
            state_text(r.state, r.bureau_role, r.lead_department_id is not None),
            "超期" if r.overdue else ("临期" if r.yellow else ""),
            r.signed_for_on, r.replied_on, r.doc_no, r.result_class,
            ("是" if r.contacted else "否") if (answering and r.answered) else "",
            int(r.contacts or 0), timeliness_text(r), r.overdue_note or "",
            SATISFACTION_LABELS.get(r.result, "") if r.result else "", SATISFACTION_LABELS.get(r.attitude, "") if r.attitude else "",
            r.round, int(r.open_commitments or 0), r.closed_on,
        ])
    return wb


# ---------------------------------------------------------------------------
# 统计表

RATE_COLUMNS = [
    Col("件数", 8, "int"),
    Col("沟通率", 9, "pct"), Col("答复前已沟通", 10, "int"), Col("已答复的主办/分办件", 12, "int"),
    Col("见面率", 9, "pct"), Col("答复前已见面", 10, "int"),
    Col("按时办结率", 10, "pct"), Col("按期答复", 9, "int"), Col("已答复+超期未答复", 12, "int"),
    Col("满意率", 9, "pct"), Col("满意或基本满意", 10, "int"), Col("已反馈", 8, "int"), Col("其中满意", 8, "int"),
    Col("态度满意率", 10, "pct"),
    Col("超期未答复", 9, "int"), Col("临期", 7, "int"), Col("已答复待反馈", 10, "int"), Col("承诺未完成的件", 10, "int"),
    Col("A类占比", 9, "pct"), Col("A类", 7, "int"), Col("已分类答复", 9, "int"),
]


def _pct(rate: stats.Rate):
    return rate.value if rate.den else "—"


def _rate_values(c: stats.Counts) -> list:
    return [
        c["total"],
        _pct(c.comm), c["comm_num"], c["comm_den"],
        _pct(c.meet), c["meet_num"],
        _pct(c.ontime), c["ontime_num"], c["ontime_den"],
        _pct(c.sat), c["sat_num"], c["sat_den"], c["sat_only"],
        _pct(c.attitude),
        c["overdue"], c["yellow"], c["awaiting_feedback"], c["commit_open"],
        _pct(c.class_a), c["class_A"], c["class_any"],
    ]


def stats_workbook(f: stats.Filters, user) -> bytes:
    data = stats.dashboard(f, user)
    totals: stats.Counts = data["totals"]
    wb = _workbook()
    caption = f"{f.period_label}{f.kind_label}办理情况统计（{stats.scope_label(f)}）"

    overview = Sheet(wb, "总体", [Col("指标", 26), Col("比率", 10, "pct"), Col("分子", 10, "int"), Col("分母", 10, "int"), Col("口径", 70, "wrap")], caption)
    for label, rate, note in (
        ("沟通率", totals.comm, "答复前与代表/委员沟通的主办/分办件 ÷ 已答复的主办/分办件（会办、参阅件不计）"),
        ("见面率", totals.meet, f"答复前与代表/委员见面（{stats.FACE_TO_FACE_TEXT}）的主办/分办件 ÷ 已答复的主办/分办件（同沟通率）"),
        ("按时办结率", totals.ontime, "在有效期限内答复的件 ÷（已答复的件 + 超期未答复的件）"),
        ("满意率（满意+基本满意）", totals.sat, "领衔代表/第一提案人对结果满意或基本满意的件 ÷ 已反馈的件（以最近一轮评价为准）"),
        ("其中：满意", totals.sat_only, "领衔代表/第一提案人对结果满意的件 ÷ 已反馈的件"),
        ("办理态度满意率", totals.attitude, "领衔代表/第一提案人对办理态度满意或基本满意的件 ÷ 已反馈的件"),
        ("A类答复占比", totals.class_a, "最近一次答复为A类的件 ÷ 已分类答复的件"),
    ):
        overview.row([label, _pct(rate), rate.num, rate.den, note])
    for key in ("total", "overdue", "yellow", "awaiting_feedback", "commit_open", "commit_late"):
        overview.row([stats.FIGURES[key].label, None, totals[key], None, ""])

    dept_sheet = Sheet(wb, "按处室", [Col("主办处室", 18), *RATE_COLUMNS], caption)
    for row in data["departments"]:
        dept_sheet.row([row.label, *_rate_values(row)])
    dept_sheet.row(["合计", *_rate_values(totals)])

    if data["leaders"]:
        leader_sheet = Sheet(wb, "按领导", [Col("局领导（分管、负责、领办的件）", 22), *RATE_COLUMNS], caption)
        for row in data["leaders"]:
            leader_sheet.row([row.label, *_rate_values(row)])

    state_sheet = Sheet(wb, "按状态", [Col("状态", 18), Col("件数", 10, "int")], caption)
    for key in stats.STATE_FIGURES:
        state_sheet.row([stats.FIGURES[key].label, totals[key]])
    state_sheet.row(["合计", totals["total"]])

    class_sheet = Sheet(wb, "答复分类", [Col("分类", 48), Col("件数", 10, "int"), Col("占比", 10, "pct")], caption)
    for letter in "ABCD":
        n = totals[f"class_{letter}"]
        class_sheet.row([RESULT_CLASS_LABELS[letter], n, (n / totals["class_any"]) if totals["class_any"] else "—"])
    return save(wb)


# ---------------------------------------------------------------------------
# 答复承诺事项台账

COMMITMENT_COLUMNS = [
    Col("序号", 6, "int"), Col("类型", 10), Col("年度", 7, "int"), Col("编号", 9), Col("标题（案由）", 36, "wrap"), Col("主办处室", 16),
    Col("责任领导", 12), Col("答复文号", 20), Col("答复分类", 9), Col("答复日期", 12, "date"), Col("承诺事项", 44, "wrap"),
    Col("承诺完成时限", 12, "date"), Col("完成日期", 12, "date"), Col("完成情况", 30, "wrap"), Col("状态", 11),
]


def commitments_workbook(f: stats.Filters, user, status: str = "all") -> bytes:
    today = clock.today()
    lead_dept, resp = aliased(Department), aliased(User)
    stmt = (
        sa.select(
            Proposal.kind, Proposal.year, Proposal.number, Proposal.title, lead_dept.name.label("dept"), resp.name.label("resp"),
            Reply.doc_no, Reply.result_class, Reply.sent_on, Commitment.content, Commitment.due_on, Commitment.done_on, Commitment.done_note,
        )
        .select_from(Commitment)
        .join(Proposal, Proposal.id == Commitment.proposal_id)
        .outerjoin(Reply, Reply.id == Commitment.reply_id)
        .outerjoin(lead_dept, lead_dept.id == Proposal.lead_department_id)
        .outerjoin(resp, resp.id == Proposal.responsible_leader_id)
        .where(stats.base_clause(f, user), Proposal.state.not_in(stats.ENDED_ELSEWHERE))
        .order_by(Commitment.done_on.is_not(None), Commitment.due_on.asc().nulls_last(), Proposal.id, Commitment.id)
    )
    if status == "open":
        stmt = stmt.where(Commitment.done_on.is_(None))
    wb = _workbook()
    sheet = Sheet(wb, "承诺事项台账", COMMITMENT_COLUMNS, f"{f.period_label}答复承诺事项台账（{stats.scope_label(f)}）")
    for n, r in enumerate(db.session.execute(stmt), start=1):
        if r.done_on:
            state = "已完成"
        elif r.due_on and r.due_on < today:
            state = "逾期未完成"
        else:
            state = "未完成"
        sheet.row([
            n, PROPOSAL_KIND_LABELS.get(r.kind, r.kind), r.year, r.number, r.title, r.dept, r.resp, r.doc_no, r.result_class, r.sent_on,
            r.content, r.due_on, r.done_on, r.done_note, state,
        ])
    return save(wb)
