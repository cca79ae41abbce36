"""征询意见表 in batches: the office enters the proposers' ratings of a session's replies on one screen, or
imports the Excel template it filled in.

Both ways end in :func:`apply`, which records every entry with the item's own verb
(``Proposal.record_feedback``: 不满意 from the lead proposer starts re-handling, 满意/基本满意 closes the item)
and names each row it refused; the caller commits only when no row was refused (all or nothing).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import selectinload

from extensions import db
from models import audit
from models.proposals import Proposal, Proposer
from models.proposals_vocabulary import CHANNEL_LABELS, SATISFACTION_LABELS
from services.proposals import importer
from services.proposals import queries as q
from services.proposals.importer.values import parse_date
from rules.errors import Refused


@dataclass
class PendingRow:
    """One proposer whose 征询意见表 for the current reply has not been entered."""

    number: int  # 1-based row on the screen and in the template
    proposal: Proposal
    proposer: Proposer

    @property
    def label(self) -> str:
        return f"第{self.proposal.number}号 {self.proposer.name}"


@dataclass
class Entry:
    row: PendingRow
    attitude: str
    result: str
    channel: str
    received_on: date
    met: bool
    words: str


@dataclass
class RowProblem:
    row: int
    column: str | None
    message: str

    @property
    def text(self) -> str:
        where = f"第 {self.row} 行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class Batch:
    entries: list[Entry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def problems_of(self, row: int) -> list[RowProblem]:
        return [p for p in self.problems if p.row == row]


def pending(session_name: str = "", kind: str = "", department_id: int | None = None) -> list[PendingRow]:
    """Every proposer without a rating of the current reply, item by item in number order."""
    stmt = (
        sa.select(Proposal)
        .where(q.awaiting_feedback_clause())
        .options(selectinload(Proposal.proposers), selectinload(Proposal.feedback), selectinload(Proposal.replies))
        .order_by(Proposal.kind, Proposal.session_name, sa.func.length(Proposal.number), Proposal.number)
    )
    if session_name:
        stmt = stmt.where(Proposal.session_name == session_name)
    if kind:
        stmt = stmt.where(Proposal.kind == kind)
    if department_id:
        stmt = stmt.where(Proposal.lead_department_id == department_id)
    rows: list[PendingRow] = []
    for p in db.session.scalars(stmt):
        done = {f.proposer_id for f in p.feedback if f.round == p.round}
        for pr in sorted(p.proposers, key=lambda x: (not x.is_lead, x.order, x.id)):
            if pr.id not in done:
                rows.append(PendingRow(len(rows) + 1, p, pr))
    return rows


def session_choices() -> list[str]:
    """The 届次 of the items awaiting ratings (a batch comes back after one session)."""
    return list(db.session.scalars(sa.select(Proposal.session_name).where(q.awaiting_feedback_clause()).distinct().order_by(Proposal.session_name)))


# -- reading what was typed on the screen --------------------------------------------------------

RATING_VALUES = list(SATISFACTION_LABELS)
CHANNEL_VALUES = list(CHANNEL_LABELS)


def from_form(rows: list[PendingRow], form) -> Batch:
    """The screen's rows (``a-<proposer>`` 态度, ``r-`` 结果, ``c-`` 方式, ``d-`` 日期, ``m-`` 见面, ``w-`` 意见).
    A row with neither rating nor remarks is left for later; a row begun must be complete."""
    batch = Batch()
    for row in rows:
        key = row.proposer.id
        attitude, result = form.get(f"a-{key}", ""), form.get(f"r-{key}", "")
        words = (form.get(f"w-{key}") or "").strip()
        met = form.get(f"m-{key}") == "1"
        if not (attitude or result or words or met):
            continue
        problems = []
        if attitude not in SATISFACTION_LABELS:
            problems.append(RowProblem(row.number, "办理态度", "请选择满意、基本满意或不满意"))
        if result not in SATISFACTION_LABELS:
            problems.append(RowProblem(row.number, "办理结果", "请选择满意、基本满意或不满意"))
        channel = form.get(f"c-{key}", "")
        if channel not in CHANNEL_LABELS:
            problems.append(RowProblem(row.number, "反馈方式", "请选择反馈方式"))
        received_on = parse_date(form.get(f"d-{key}", ""))  # 2026-07-15, 2026/7/15, 2026年7月15日
        if received_on is None:
            problems.append(RowProblem(row.number, "收到日期", "请填写收到日期（如 2026-03-15）"))
        if len(words) > 4000:
            problems.append(RowProblem(row.number, "意见", "意见最多 4000 字"))
        if problems:
            batch.problems.extend(problems)
        else:
            batch.entries.append(Entry(row, attitude, result, channel, received_on, met, words))
    return batch


# -- the Excel template and reading it back --------------------------------------------------------

COLUMNS = ["届次", "编号", "标题", "代表/委员", "领衔", "办理态度", "办理结果", "反馈方式", "收到日期", "是否见面", "意见"]
_LABEL_TO_RATING = {label: key for key, label in SATISFACTION_LABELS.items()}
# What an office types for a channel: the exact titles, and these.
_LABEL_TO_CHANNEL = {**{label: key for key, label in CHANNEL_LABELS.items()},
                     "书面": "receipt", "回执": "receipt", "电话": "phone", "面谈": "in_person", "网络": "online", "网上反馈": "online"}
_YES = {"是", "已见面", "见面", "√", "✓", "Y", "y", "1"}
_NO = {"否", "未见面", "", "N", "n", "0", "×"}


def template_xlsx(rows: list[PendingRow]) -> bytes:
    """The batch as a sheet to fill in: the identifying columns filled, the ratings as drop-down lists."""
    wb = Workbook()
    ws = wb.active
    ws.title = "征询意见表"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBE4")
    for row in rows:
        p, pr = row.proposal, row.proposer
        ws.append([p.session_name, p.number, p.title, pr.name, "是" if pr.is_lead else "", None, None, None, None, None, None])
    for letter, width in zip("ABCDEFGHIJK", (24, 8, 40, 12, 6, 11, 11, 11, 12, 9, 40)):
        ws.column_dimensions[letter].width = width
    last = max(len(rows) + 1, 2)
    ratings = DataValidation(type="list", formula1='"' + ",".join(SATISFACTION_LABELS.values()) + '"', allow_blank=True)
    channels = DataValidation(type="list", formula1='"' + ",".join(CHANNEL_LABELS.values()) + '"', allow_blank=True)
    met = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    for dv, ref in ((ratings, f"F2:G{last}"), (channels, f"H2:H{last}"), (met, f"J2:J{last}")):
        ws.add_data_validation(dv)
        dv.add(ref)
    ws.freeze_panes = "A2"
    for row_cells in ws.iter_rows(min_row=2, min_col=9, max_col=9):
        for cell in row_cells:
            cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value) -> str:
    return "" if value is None else re.sub(r"\s+", "", str(value).strip())


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text(value).removeprefix("第").removesuffix("号")


def from_file(filename: str, data: bytes, rows: list[PendingRow]) -> Batch:
    """Read the filled template. Rows whose ratings are all blank are left for later; every other row must
    name an awaited proposer (届次 + 编号 + 代表/委员) and be complete. Problems name row and column."""
    batch = Batch()
    try:
        table = importer.read_table(filename, data)
    except importer.ImportFileError as exc:
        # The reader speaks of the 交办清单 it was written for.
        batch.problems.append(RowProblem(0, None, str(exc).replace("交办清单", "征询意见表")))
        return batch
    if not table:
        batch.problems.append(RowProblem(0, None, "文件中没有内容"))
        return batch
    header_row, header = table[0]
    index = {_text(h): i for i, h in enumerate(header)}
    missing = [c for c in ("届次", "编号", "代表/委员", "办理态度", "办理结果", "反馈方式", "收到日期") if c not in index]
    if missing:
        batch.problems.append(RowProblem(header_row, None, f"缺少列：{'、'.join(missing)}（请使用下载的模板）"))
        return batch
    by_key = {(r.proposal.session_name, r.proposal.number, r.proposer.name): r for r in rows}
    seen: dict[int, int] = {}

    def cell(cells, column):
        i = index.get(column)
        return cells[i] if i is not None and i < len(cells) else None

    for line, cells in table[1:]:
        attitude_text, result_text = _text(cell(cells, "办理态度")), _text(cell(cells, "办理结果"))
        words = str(cell(cells, "意见") or "").strip()
        if not (attitude_text or result_text or words):
            continue
        key = (str(cell(cells, "届次") or "").strip(), _number(cell(cells, "编号")), _text(cell(cells, "代表/委员")))
        row = by_key.get(key)
        problems = []
        if row is None:
            problems.append(RowProblem(line, "代表/委员", f"{key[0]}第{key[1]}号没有待录入意见的“{key[2]}”（已录入，或届次、编号、姓名与系统不符）"))
        elif row.proposer.id in seen:
            problems.append(RowProblem(line, "代表/委员", f"与第 {seen[row.proposer.id]} 行重复"))
        attitude, result = _LABEL_TO_RATING.get(attitude_text), _LABEL_TO_RATING.get(result_text)
        if attitude is None:
            problems.append(RowProblem(line, "办理态度", f"“{attitude_text}”不是满意、基本满意或不满意"))
        if result is None:
            problems.append(RowProblem(line, "办理结果", f"“{result_text}”不是满意、基本满意或不满意"))
        channel_text = _text(cell(cells, "反馈方式"))
        channel = _LABEL_TO_CHANNEL.get(channel_text)
        if channel is None:
            problems.append(RowProblem(line, "反馈方式", f"“{channel_text}”不是{'、'.join(CHANNEL_LABELS.values())}之一"))
        received_on = parse_date(cell(cells, "收到日期"))
        if received_on is None:
            problems.append(RowProblem(line, "收到日期", "请填写收到日期（如 2026-03-15）"))
        met_text = _text(cell(cells, "是否见面"))
        if met_text not in _YES | _NO:
            problems.append(RowProblem(line, "是否见面", f"“{met_text}”应填“是”或“否”"))
        if problems:
            batch.problems.extend(problems)
            continue
        seen[row.proposer.id] = line
        entry_row = PendingRow(line, row.proposal, row.proposer)
        batch.entries.append(Entry(entry_row, attitude, result, channel, received_on, met_text in _YES, words))
    if not batch.entries and not batch.problems:
        batch.problems.append(RowProblem(0, None, "文件中没有填写任何评价"))
    return batch


# -- saving ----------------------------------------------------------------------------------------


def apply(user, batch: Batch) -> None:
    """Record every entry with the item's verb; a refused one becomes a problem of its row. The caller
    commits when ``batch.problems`` stays empty and rolls back otherwise."""
    for e in batch.entries:
        try:
            e.row.proposal.record_feedback(
                user, e.row.proposer, met=e.met, attitude=e.attitude, result=e.result, words=e.words,
                channel=e.channel, received_on=e.received_on,
            )
        except Refused as exc:
            batch.problems.append(RowProblem(e.row.number, None, exc.message))
    db.session.flush()


def save(user, batch: Batch, source: str = "") -> Batch:
    """Every entry of ``batch`` with its audit entry, or (a problem found now, in any row) ``Refused`` and nothing."""
    if not batch.problems:
        apply(user, batch)
    if batch.problems:
        raise Refused(f"还有 {len(batch.problems)} 个问题，没有保存任何一行。")
    audit.record("feedback_batch", object_type="proposal", summary=source + summary(batch))
    return batch


def summary(batch: Batch) -> str:
    items = {e.row.proposal.id for e in batch.entries}
    unsatisfied = sum(1 for e in batch.entries if e.row.proposer.is_lead and e.result == "unsatisfied")
    text = f"批量录入 {len(items)} 件的 {len(batch.entries)} 份征询意见表"
    return text + (f"，其中 {unsatisfied} 件领衔人不满意、已启动重新办理" if unsatisfied else "")

