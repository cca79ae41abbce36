"""办理工作总结: the year's (or a session's) summary report.

Every figure in it is a dashboard figure: the totals, rates, classes and the rows by 处室 and by leader are
``stats.dashboard`` for the same period (the same cached computation the dashboard shows); the table by type
and 届次 counts the same figure clauses per (type, 届次); each list in the report (extensions, overdue and late
items, re-handled items, typical cases) is ``stats.figure_query`` of the figure whose number it states. The
office's paragraphs (``SummaryReport``) are stored per period and edited before printing.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from extensions import db
from models.documents import SUMMARY_TEXTS, SummaryReport
from models.proposals import Commitment, ExtensionRequest, ProgressNote, Proposal
from models.proposals_vocabulary import PROPOSAL_KIND_LABELS, RESULT_CLASS_LABELS
from models import audit
from rules import clock
from services.exports import documents
from services.proposals import letters
from services.stats import figures as stats

FIELD_LABELS = {"title": "标题", "doc_no": "发文字号", "signer": "签发人", "addressee": "主送", "written_on": "成文日期"}
# The audit log's Chinese names (create_app registers them).
AUDIT_LABELS = dict(objects={"summary_report": "办理工作总结"}, fields={**FIELD_LABELS, **SUMMARY_TEXTS})

SESSION_KEYS = ["total", "role_answering", "role_co", "role_reference"]
# The lists the report prints, each the list of one figure.
LIST_FIGURES = ("extended", "overdue", "late_replied", "rehandled", "key")


def period_filters(year: int | None, session: str = "") -> stats.Filters:
    """The whole bureau for a year or a 届次 (the summary is the office's)."""
    return stats.Filters(year=None if session else year, session=session)


def period_key(f: stats.Filters) -> str:
    return f"session:{f.session}" if f.session else f"year:{f.year}"


def stored(f: stats.Filters) -> SummaryReport | None:
    return db.session.scalar(sa.select(SummaryReport).where(SummaryReport.period == period_key(f)))


def defaults(f: stats.Filters, bureau: str) -> dict:
    """What a new report starts with; the office rewrites it."""
    return {
        "title": f"{bureau}关于{f.period_label}人大代表建议和政协提案办理工作情况的报告",
        "doc_no": "",
        "signer": "",
        "addressee": "省人大常委会选举联络人事代表工作委员会、省政协提案委员会",
        "written_on": clock.today(),
        "intro": f"{f.period_label}，我厅认真贯彻落实关于建议提案办理工作的部署要求，坚持“四定”办理机制，"
                 "把建议提案办理作为践行全过程人民民主、改进生态环境工作的重要抓手。现将办理工作情况报告如下。",
        "practices": "（一）加强组织领导。\n（二）规范办理流程。\n（三）加强沟通协商。\n（四）强化督查督办。",
        "cases": "",
        "plans": "（一）存在的问题。\n（二）下一步工作。",
    }


def report_texts(f: stats.Filters, bureau: str) -> tuple[SummaryReport | None, dict]:
    """The stored report (or None) and its fields, the defaults filling what was never saved."""
    row = stored(f)
    values = defaults(f, bureau)
    if row is not None:
        values.update({k: getattr(row, k) for k in values})
    return row, values


def save(f: stats.Filters, values: dict, user) -> SummaryReport:
    """Keep the office's text for the period (the view checks the version and commits)."""
    row = stored(f)
    if row is None:
        row = SummaryReport(period=period_key(f))
        db.session.add(row)
    changed = []
    for key, value in values.items():
        if getattr(row, key) != value:
            changed.append(key)
            setattr(row, key, value)
    row.updated_by_id, row.updated_at = user.id, clock.utcnow()
    db.session.flush()
    if changed:
        labels = "、".join(audit_label(k) for k in changed)
        audit.record("update", row, user=user, summary=f"修改办理工作总结（{f.period_label}）：{labels}")
    return row


def audit_label(key: str) -> str:
    return {**FIELD_LABELS, **SUMMARY_TEXTS}.get(key, key)


# ---------------------------------------------------------------------------
# Figures


@dataclass
class SessionRow:
    kind: str
    session: str
    counts: stats.Counts

    @property
    def kind_label(self) -> str:
        return PROPOSAL_KIND_LABELS.get(self.kind, self.kind)


def by_session(f: stats.Filters, user, ctx: stats.Ctx) -> list[SessionRow]:
    """Items by type (人大建议 first) and 届次: the figures ``SESSION_KEYS`` counted per group (one query)."""
    rows = stats.count_by(f, user, SESSION_KEYS, Proposal.kind, Proposal.session_name, ctx=ctx)
    return [SessionRow(kind, session, counts) for (kind, session), counts in sorted(rows, key=lambda r: (r[0][0] != "npc", r[0]))]


def _items(key: str, f: stats.Filters, user, ctx) -> list[Proposal]:
    stmt = (
        stats.figure_query(key, f, user, ctx)
        .options(joinedload(Proposal.lead_department), joinedload(Proposal.responsible_leader), selectinload(Proposal.replies))
        .order_by(Proposal.kind.desc(), Proposal.session_name, Proposal.id)
    )
    return list(db.session.scalars(stmt).unique())


def report(f: stats.Filters, user) -> dict:
    """Everything the report states, for the page and the .docx."""
    data = stats.dashboard(f, user)
    ctx = data["ctx"]
    lists = {key: _items(key, f, user, ctx) for key in LIST_FIGURES}
    ids = {p.id for items in lists.values() for p in items}
    extensions = {}
    for e in db.session.scalars(
        sa.select(ExtensionRequest).where(ExtensionRequest.proposal_id.in_(ids), ExtensionRequest.state == "approved")
        .order_by(ExtensionRequest.id)
    ):
        extensions.setdefault(e.proposal_id, []).append(e)
    latest_note = {}
    for n in db.session.scalars(sa.select(ProgressNote).where(ProgressNote.proposal_id.in_(ids)).order_by(ProgressNote.id)):
        latest_note[n.proposal_id] = n
    in_scope = sa.select(Proposal.id).where(stats.base_clause(f, user), Proposal.state.not_in(stats.ENDED_ELSEWHERE))
    commitments = db.session.execute(
        sa.select(
            sa.func.count(), sa.func.count().filter(Commitment.done_on.is_not(None)),
            sa.func.count().filter(Commitment.done_on.is_(None), Commitment.due_on < ctx.today),
        ).where(Commitment.proposal_id.in_(in_scope))
    ).one()
    open_commitments = db.session.scalars(
        sa.select(Commitment).where(Commitment.proposal_id.in_(in_scope), Commitment.done_on.is_(None))
        .options(joinedload(Commitment.proposal)).order_by(Commitment.due_on.asc().nulls_last(), Commitment.id)
    ).all()
    return {
        **data,
        "sessions": by_session(f, user, ctx),
        "lists": lists,
        "extensions": extensions,
        "latest_note": latest_note,
        "commitment_counts": {"all": commitments[0], "done": commitments[1], "open": commitments[0] - commitments[1], "late": commitments[2]},
        "open_commitments": open_commitments,
    }


def rate_rows(t: stats.Counts) -> list[tuple[str, stats.Rate]]:
    return [
        ("沟通率", t.comm), ("见面率", t.meet), ("按时办结率", t.ontime), ("满意率（满意+基本满意）", t.sat),
        ("其中：满意", t.sat_only), ("办理态度满意率", t.attitude), ("A类答复占比", t.class_a),
    ]


def facts_paragraphs(f: stats.Filters, r: dict) -> list[str]:
    """The generated paragraph of 基本情况 (the figures as a sentence)."""
    t = r["totals"]
    by_kind = {}
    for row in r["sessions"]:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + row.counts["total"]
    kinds = "、".join(f"{PROPOSAL_KIND_LABELS[k]}{n}件" for k, n in sorted(by_kind.items(), key=lambda x: x[0] != "npc"))
    first = (f"{f.period_label}，我厅共承办建议提案{t['total']}件（{kinds or '无'}），其中主办、分办{t['role_answering']}件，"
             f"会办、协办{t['role_co']}件，参阅{t['role_reference']}件；重点建议提案{t['key']}件。")
    second = (f"截至{documents.cn_date(r['ctx'].today)}，已答复{t['answered']}件，超期未答复{t['overdue']}件，已答复待反馈{t['awaiting_feedback']}件。"
              f"沟通率{t.comm.text}，见面率{t.meet.text}，按时办结率{t.ontime.text}，满意率{t.sat.text}（其中满意{t.sat_only.text}）。")
    classes = "，".join(f"{c}类{t['class_' + c]}件" for c in "ABCD")
    third = f"答复分类：{classes}，A类答复占比{t.class_a.text}。"
    return [first, second, third]


def docx_context(f: stats.Filters, r: dict, texts: dict, bureau: str) -> dict:
    """The summary report's fields for its Word template (``documents.SPECS['summary']``)."""
    t = r["totals"]
    pars = letters.paragraphs

    def rates_of(c):
        return {"comm": c.comm.text, "meet": c.meet.text, "ontime": c.ontime.text, "sat": c.sat.text}

    cc = r["commitment_counts"]
    commitments = [f"B/C类答复中作出承诺的{t['commit_any']}件，承诺已全部完成{t['commit_done']}件，尚有未完成承诺的{t['commit_open']}件"
                   f"（承诺逾期未完成{t['commit_late']}件）。共承诺事项{cc['all']}项，已完成{cc['done']}项，未完成{cc['open']}项（逾期{cc['late']}项）。"]
    commitments += [f"{c.proposal}：{c.content}（{'完成时限' + c.due_on.strftime('%Y-%m-%d') if c.due_on else '未定时限'}）" for c in r["open_commitments"]]
    lists = r["lists"]
    deadlines = [f"经批准延期{t['extended']}件，超期未答复{t['overdue']}件，逾期答复{t['late_replied']}件。"]
    for p in lists["extended"]:
        reasons = "；".join(f"延期至{e.requested_until:%Y-%m-%d}，理由：{e.reason}" for e in r["extensions"].get(p.id, []))
        deadlines.append(f"延期：{p}《{p.title}》（{_dept(p)}）{reasons}。")
    for key, label in (("overdue", "超期未答复"), ("late_replied", "逾期答复")):
        for p in lists[key]:
            note = r["latest_note"].get(p.id)
            deadlines.append(f"{label}：{p}《{p.title}》（{_dept(p)}，期限{p.effective_deadline:%Y-%m-%d}）"
                             + (f"，最近进展：{note.body}" if note else "，未登记进展说明") + "。")
    rehandled = [f"因代表委员不满意重新办理{t['rehandled']}件。"] + [
        f"{p}《{p.title}》（{_dept(p)}），第{p.round}轮，目前{p.state_label}。" for p in lists["rehandled"]
    ]
    cases = [f"重点建议提案{t['key']}件：" + "、".join(f"{p}《{p.title}》" for p in lists["key"]) + "。"] if lists["key"] else []
    cases += pars(texts["cases"])
    return {
        "bureau": bureau, "doc_no": texts["doc_no"], "signer": texts["signer"], "title": texts["title"],
        "addressee": texts["addressee"], "date": documents.cn_date(texts["written_on"]),
        "intro": pars(texts["intro"]), "facts": facts_paragraphs(f, r), "practices": pars(texts["practices"]),
        "commitments": commitments, "deadlines": deadlines, "rehandled": rehandled, "cases": cases, "plans": pars(texts["plans"]),
        "sessions": [{"kind": s.kind_label, "session": s.session or "（未填届次）", "total": s.counts["total"],
                      "answering": s.counts["role_answering"], "co": s.counts["role_co"], "reference": s.counts["role_reference"]}
                     for s in r["sessions"]],
        "rates": [{"label": label, "pct": rate.pct, "num": rate.num, "den": rate.den} for label, rate in rate_rows(t)],
        "classes": [{"label": RESULT_CLASS_LABELS[c], "n": t[f"class_{c}"],
                     "pct": stats.Rate(t[f"class_{c}"], t["class_any"]).pct} for c in "ABCD"],
        "departments": [{"label": row.label, "total": row["total"], **rates_of(row)} for row in r["departments"]],
        "leaders": [{"label": row.label, "total": row["total"], **rates_of(row)} for row in r["leaders"]],
    }


def _dept(p: Proposal) -> str:
    return p.lead_department.name if p.lead_department else "未四定"
