"""Word documents (.docx) from templates: the 答复函, the 会办意见, the 征询意见表, the year's summary report and a
leader's 蹲点调研报告.

Each document has a default template in ``templates/docx/<key>.docx`` (made by ``scripts/make_docx_templates.py``,
laid out per GB/T 9704) that an admin may replace with an edited copy (``DocumentTemplate``). A replacement is
checked before it is kept (``check_template``): it must be a .docx, its {{ fields }} must be written correctly,
use every field the document needs and no field the app does not fill, and it must render with sample data.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2
import sqlalchemy as sa
from docxtpl import DocxTemplate
from flask import send_file

from extensions import db
from models.documents import DocumentTemplate
from models.proposals import Proposal, Reply
from models import audit
from rules import clock
from services.proposals import letters

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "templates" / "docx"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024

# The audit log's Chinese names (create_app registers them).
AUDIT_LABELS = dict(
    objects={"document_template": "公文模板"},
    actions={"replace_template": "替换公文模板", "restore_template": "恢复默认模板"},
)


@dataclass(frozen=True)
class Spec:
    key: str
    label: str
    # field → what it is (shown to the admin); ``required`` must appear in the template.
    fields: dict[str, str]
    required: tuple[str, ...]
    sample: dict


_LETTER_FIELDS = {
    "marks": "版头标注（公开属性、答复分类）", "bureau": "发文机关", "doc_no": "发文字号", "signer": "签发人", "title": "标题",
    "addressee": "主送（代表/委员或牵头单位）", "body": "正文段落（列表，用 {%p for par in body %}）", "date": "成文日期",
    "contact": "联系人及电话", "copies": "抄送",
}
_SAMPLE_LETTER = {
    "marks": "公开　A", "bureau": "江南省生态环境厅", "doc_no": "江南环函〔2026〕1号", "signer": "王振华", "title": "关于某某建议的答复",
    "addressee": "顾振宇代表", "body": ["第一段。", "第二段。"], "date": "2026年8月1日", "contact": "联系人：周立伟，联系电话：0571-87654321",
    "copies": "省人大常委会选举联络人事代表工作委员会", "preface": "贵单位转来的……收悉。现将我厅会办意见函复如下：",
}
_FORM_SAMPLE = {
    "marks": "人大建议　第1轮", "number": "省十四届人大四次会议第1号", "doc_no": "江南环函〔2026〕1号", "title": "关于某某的建议",
    "name": "顾振宇（领衔代表）", "group_label": "代表团", "group": "临江代表团", "unit": "江南省生态环境厅（大气环境处）",
    "contact": "周立伟 0571-87654321", "note": "请您在收到答复后 15 日内填写本表。",
}
SUMMARY_LISTS = ("intro", "facts", "practices", "commitments", "deadlines", "rehandled", "cases", "plans")
SUMMARY_TABLES = ("sessions", "rates", "classes", "departments", "leaders")

SPECS: dict[str, Spec] = {
    "reply": Spec("reply", "答复函", _LETTER_FIELDS, ("bureau", "doc_no", "title", "addressee", "body", "date"), _SAMPLE_LETTER),
    "opinion": Spec(
        "opinion", "会办意见", {**_LETTER_FIELDS, "addressee": "主送（牵头办理单位）", "preface": "开头语（收文和会办说明）"},
        ("bureau", "doc_no", "title", "addressee", "body", "date"), _SAMPLE_LETTER,
    ),
    "feedback": Spec(
        "feedback", "征询意见表",
        {"bureau": "承办单位", "noun": "“建议”或“提案”", "person": "“代表”或“委员”",
         "forms": "每位提出人一页（列表，用 {%p for f in forms %}；f.name、f.number、f.title、f.doc_no、f.group、f.unit、f.contact 等）"},
        ("bureau", "forms"), {"bureau": "江南省生态环境厅", "noun": "建议", "person": "代表", "forms": [_FORM_SAMPLE, _FORM_SAMPLE]},
    ),
    "summary": Spec(
        "summary", "办理工作总结",
        {"bureau": "发文机关", "doc_no": "发文字号", "signer": "签发人", "title": "标题", "addressee": "主送", "date": "成文日期",
         **{k: "段落（列表）" for k in SUMMARY_LISTS}, **{k: "表格行（列表，用 {%tr for r in … %}）" for k in SUMMARY_TABLES}},
        ("title", "facts", "rates", "departments", "leaders"),
        {"bureau": "江南省生态环境厅", "doc_no": "", "signer": "", "title": "2026年建议提案办理工作总结", "addressee": "省人大常委会",
         "date": "2026年12月1日", **{k: ["段落。"] for k in SUMMARY_LISTS},
         "sessions": [{"kind": "人大建议", "session": "十四届四次", "total": 1, "answering": 1, "co": 0, "reference": 0}],
         "rates": [{"label": "沟通率", "pct": "100%", "num": 1, "den": 1}], "classes": [{"label": "A类", "n": 1, "pct": "100%"}],
         "departments": [{"label": "大气环境处", "total": 1, "comm": "100%", "meet": "100%", "ontime": "100%", "sat": "100%"}],
         "leaders": [{"label": "副厅长王振华", "total": 1, "comm": "100%", "meet": "100%", "ontime": "100%", "sat": "100%"}]},
    ),
    "research": Spec(
        "research", "蹲点调研报告",
        {"bureau": "单位", "title": "标题", "date": "截至日期", "intro": "基本情况（段落）",
         "points": "联系点走访表格行（列表，用 {%tr for r in points %}；r.name、r.target、r.q1…r.q4，末行为合计）",
         "problems_summary": "发现和解决问题的情况（段落）",
         "problems": "问题表格行（列表，用 {%tr for r in problems %}；r.point、r.description、r.department、r.deadline、r.status、r.closure）",
         "visits": "走访情况（列表，用 {%p for v in visits %}；v.heading、v.participants、v.found、v.solved）"},
        ("title", "intro", "points", "problems_summary"),
        {"bureau": "江南省生态环境厅", "title": "王振华同志2026年度联系点蹲点调研情况报告", "date": "2026年5月12日",
         "intro": "2026 年，王振华同志联系 1 个联系点（北山钢铁集团有限公司），全年应走访 4 次（按各联系点每季度目标合计），已走访 1 次。",
         "points": [{"name": "北山钢铁集团有限公司", "target": 1, "q1": "1 / 1", "q2": "0 / 1", "q3": "0 / 1", "q4": "0 / 1"},
                    {"name": "合计", "target": "", "q1": "1 / 1", "q2": "0 / 1", "q3": "0 / 1", "q4": "0 / 1"}],
         "problems_summary": "走访中共发现问题 1 件，其中已解决（经联系领导审阅认可）1 件。",
         "problems": [{"point": "北山钢铁集团有限公司", "description": "厂区道路积尘", "department": "大气环境处", "deadline": "2026-06-30",
                       "status": "已解决", "closure": "已硬化道路"}],
         "visits": [{"heading": "2026年3月19日 走访北山钢铁集团有限公司", "participants": "参加人员：王振华", "found": "发现的问题：厂区道路积尘",
                     "solved": ""}]},
    ),
}


class TemplateProblem(ValueError):
    """A replaced template the app cannot use; the message says why, in Chinese."""


# ---------------------------------------------------------------------------
# Templates


def default_bytes(key: str) -> bytes:
    return (DEFAULT_DIR / f"{key}.docx").read_bytes()


def stored(key: str) -> DocumentTemplate | None:
    return db.session.scalar(sa.select(DocumentTemplate).where(DocumentTemplate.key == key))


def template_bytes(key: str) -> bytes:
    """The template in use: the admin's replacement, else the default."""
    row = stored(key)
    return row.content if row is not None else default_bytes(key)


def check_template(key: str, data: bytes) -> None:
    """Raise ``TemplateProblem`` when ``data`` is not a template the app can fill for document ``key``."""
    spec = SPECS[key]
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateProblem(f"模板文件过大（超过 {MAX_TEMPLATE_BYTES // 1024 // 1024} MB）。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise TemplateProblem("这不是 Word 文档（.docx）。请在 Word 或 WPS 中“另存为”.docx 格式后再上传（不支持 .doc、.wps）。")
    except zipfile.BadZipFile:
        raise TemplateProblem("这不是 Word 文档（.docx）。请在 Word 或 WPS 中“另存为”.docx 格式后再上传（不支持 .doc、.wps）。") from None
    try:
        used = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except jinja2.TemplateSyntaxError as e:
        raise TemplateProblem(f"模板中的字段写法有误（{e.message}）。字段应写作 {{{{ 字段名 }}}}，且每个字段不要跨格式（整段同一字体）。") from None
    except Exception:  # a .docx python-docx cannot read
        raise TemplateProblem("无法读取这个 Word 文档，请用 Word 或 WPS 重新保存为 .docx 后再上传。") from None
    missing = [f for f in spec.required if f not in used]
    unknown = sorted(used - set(spec.fields) - set(spec.sample))
    problems = []
    if missing:
        problems.append("缺少必需的字段：" + "、".join(f"{{{{ {f} }}}}（{spec.fields[f]}）" for f in missing))
    if unknown:
        problems.append("使用了系统不提供的字段：" + "、".join(f"{{{{ {f} }}}}" for f in unknown))
    if problems:
        raise TemplateProblem(f"“{spec.label}”模板不能使用：" + "；".join(problems) + "。")
    try:
        render_bytes(data, spec.sample)
    except Exception as e:  # noqa: BLE001 — whatever the template does wrong, the admin gets a sentence
        raise TemplateProblem(f"“{spec.label}”模板试填示例数据时出错（{e}）。请检查循环和条件字段是否成对。") from None


def replace_template(key: str, data: bytes, filename: str, user) -> DocumentTemplate:
    """Keep an admin's checked replacement for document ``key`` (the view commits)."""
    check_template(key, data)
    row = stored(key)
    if row is None:
        row = DocumentTemplate(key=key)
        db.session.add(row)
    row.content, row.filename, row.size = data, filename[:200], len(data)
    row.uploaded_by_id, row.uploaded_at = user.id, clock.utcnow()
    db.session.flush()
    audit.record("replace_template", row, user=user, summary=f"替换公文模板：{SPECS[key].label}（{filename}）")
    return row


def restore_default(key: str, user) -> None:
    row = stored(key)
    if row is not None:
        audit.record("restore_template", row, user=user, summary=f"恢复默认公文模板：{SPECS[key].label}")
        db.session.delete(row)


def render_bytes(template: bytes, context: dict) -> bytes:
    doc = DocxTemplate(io.BytesIO(template))
    doc.render(context, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(key: str, context: dict) -> bytes:
    return render_bytes(template_bytes(key), context)


# ---------------------------------------------------------------------------
# The item's documents


def cn_date(day: date | None) -> str:
    """成文日期 in Arabic numerals (GB/T 9704-2012): “2026年8月1日”; blank spaces when not yet dated."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "　　年　　月　　日"


def _marks(p: Proposal, reply: Reply | None) -> str:
    parts = [reply.disclosure_label] if reply else []
    if reply and reply.result_class:
        parts.append(f"{reply.result_class}类")
    if reply and reply.state != "sent":
        parts.append("（未发出的审核稿）")
    return "　".join(parts)


def letter_context(p: Proposal, reply: Reply, bureau: str) -> tuple[str, dict]:
    """(template key, fields) of the 答复函 — or of the 会办意见 when the bureau co-handles the item."""
    salutation, body = letters.split_salutation(letters.paragraphs(reply.body))
    contact = ""
    if reply.contact_person or reply.contact_phone:
        contact = f"联系人：{reply.contact_person}，联系电话：{reply.contact_phone}"
    ctx = {
        "marks": _marks(p, reply), "bureau": bureau, "doc_no": reply.doc_no or "（文号待编）",
        "signer": reply.signed_by.name if reply.signed_by else "", "title": reply.title or "", "body": body,
        "date": cn_date(reply.sent_on or reply.signed_on), "contact": contact, "copies": (reply.copies or "").rstrip("。"),
    }
    if p.bureau_role == "co":
        unit = p.external_lead_unit or "牵头办理单位"
        ctx["addressee"] = unit
        ctx["preface"] = f"{p.assigning_body or '贵单位'}交办的{p.session_name}第{p.number}号{p.kind_short}《{p.title}》收悉。现将我厅会办意见函复如下："
        return "opinion", ctx
    ctx["addressee"] = salutation or letters.addressee(p)
    return "reply", ctx


def feedback_context(p: Proposal, reply: Reply | None, bureau: str) -> dict:
    noun, person = ("建议", "代表") if p.kind == "npc" else ("提案", "委员")
    forms = []
    for who in p.proposers:
        lead = ("（领衔代表）" if p.kind == "npc" else "（第一提案人）") if who.is_lead else ""
        forms.append({
            "marks": f"{p.kind_label}　第{reply.round if reply else p.round}轮",
            "number": f"{p.session_name}第{p.number}号", "doc_no": reply.doc_no if reply else "", "title": p.title,
            "name": f"{who.name}{lead}", "group_label": "代表团" if p.kind == "npc" else "界别", "group": who.delegation,
            "unit": bureau + (f"（{p.lead_department.name}）" if p.lead_department else ""),
            "contact": f"{reply.contact_person} {reply.contact_phone}".strip() if reply else "",
            "note": f"请您在收到答复后 {letters.FEEDBACK_FORM_DAYS} 日内填写本表，寄回{bureau}办公室，或告知联系人"
                    f"{reply.contact_person if reply and reply.contact_person else ''}。您的意见是我们改进工作的依据，谢谢！",
        })
    return {"bureau": bureau, "noun": noun, "person": person, "forms": forms}


def send(data: bytes, name: str):
    """The download response of a generated document (never cached: it holds what only its reader may see)."""
    response = send_file(io.BytesIO(data), mimetype=DOCX_MIMETYPE, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def filename(*parts: str) -> str:
    return "-".join(x for x in parts if x) + ".docx"


def research_context(report, bureau: str, today: date) -> dict:
    """The fields of a leader's 蹲点调研报告 from ``point_problems.leader_year`` — the figures the printable page shows."""
    leader, year, f = report.leader, report.year, report.figures
    names = "、".join(p.name for p in report.points)
    intro = (f"{year} 年，{leader.name}同志联系 {len(report.points)} 个联系点" + (f"（{names}）" if names else "")
             + f"，全年应走访 {report.visits_required} 次（按各联系点每季度目标合计），已走访 {report.visits_done} 次。")
    points = [{"name": p.name, "target": p.visits_per_quarter,
               **{f"q{q + 1}": f"{c.done} / {c.target} {c.label}" for q, c in enumerate(report.cells[p.id])}} for p in report.points]
    points.append({"name": "合计", "target": "", **{f"q{q + 1}": f"{done} / {required}" for q, (done, required) in enumerate(report.quarters)}})
    summary = (f"走访中共发现问题 {f['all']} 件，其中已解决（经联系领导审阅认可）{f['solved']} 件，处室已报告解决、待审阅 {f['closed']} 件，"
               f"正在办理 {f['assigned']} 件（其中超期 {f['overdue']} 件），待交办 {f['new']} 件。")
    problems = [{"point": pr.point.name, "description": pr.description, "department": pr.department.name if pr.department else "",
                 "deadline": pr.deadline.isoformat() if pr.deadline else "",
                 "status": ("超期 " if pr.is_overdue(today) else "") + pr.status_label, "closure": pr.closure or ""}
                for pr in report.problems]
    visits = [{"heading": f"{cn_date(v.visit_date)} 走访{v.point.name}",
               "participants": f"参加人员：{v.participants}" if v.participants else "",
               "found": f"发现的问题：{v.problems_found}" if v.problems_found else "",
               "solved": f"现场协调解决：{v.problems_solved}" if v.problems_solved else ""} for v in report.visits]
    return {"bureau": bureau, "title": f"{leader.name}同志{year}年度联系点蹲点调研情况报告", "date": cn_date(today), "intro": intro,
            "points": points, "problems_summary": summary, "problems": problems, "visits": visits}
