"""Word documents: an item's 答复函 / 会办意见 and 征询意见表 as .docx, the admin's templates, and the year's
summary report (办理工作总结) as a printable page and as .docx. See ``services/exports/documents.py`` and ``services/stats/summary.py``."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from models.documents import SUMMARY_TEXTS
from models.org import Role
from models.proposals import Proposal
from rules import clock
from services.exports import documents
from services.proposals import letters
from services.stats import figures as stats
from services.stats import summary
from rules.errors import Refused
from web.access import load_or_404, require
from web.actions import act
from web.forms import Form, VersionField
from web.render import render

bp = Blueprint("documents", __name__)


def _bureau() -> str:
    return current_app.config.get("BUREAU_NAME", "")


# ---------------------------------------------------------------------------
# An item's documents


@bp.get("/letters/<int:proposal_id>/reply.docx")
@require()
def reply_docx(proposal_id: int):
    """The 答复函 (or, for an item the bureau co-handles, its 会办意见) as a Word file for OA and 用印."""
    p = load_or_404(Proposal, proposal_id)
    reply = letters.reply_for(p, request.args.get("round", type=int))
    if reply is None:
        abort(404, description=f"{p}尚未起草{p.reply_noun}。")
    key, ctx = documents.letter_context(p, reply, _bureau())
    label = documents.SPECS[key].label + ("" if reply.state == "sent" else "（稿）")
    return documents.send(documents.render(key, ctx), documents.filename(label, str(p), f"第{reply.round}轮"))


@bp.get("/letters/<int:proposal_id>/feedback-forms.docx")
@require()
def feedback_docx(proposal_id: int):
    """征询意见表, one page per proposer."""
    p = load_or_404(Proposal, proposal_id)
    if not p.proposers:
        abort(404, description=f"{p}没有登记提出人。")
    ctx = documents.feedback_context(p, letters.reply_for(p), _bureau())
    return documents.send(documents.render("feedback", ctx), documents.filename("征询意见表", str(p)))


# ---------------------------------------------------------------------------
# Templates (admin)


class TemplateUploadForm(Form):
    file = FileField("替换为（.docx）")


def _template_key(key: str) -> str:
    if key not in documents.SPECS:
        abort(404)
    return key


@bp.route("/admin/document-templates", methods=["GET", "POST"])
@require(Role.ADMIN)
def templates():
    """The four templates: which is in use, the fields each needs, download, replace, restore."""
    if request.method == "GET":
        return _templates_page()
    key = _template_key(request.form.get("key", ""))
    form = TemplateUploadForm()

    def replace() -> None:
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            raise Refused("请选择要上传的 Word 模板文件（.docx）。")
        try:
            documents.replace_template(key, upload.read(), upload.filename, current_user)
        except documents.TemplateProblem as e:
            raise Refused(str(e)) from e

    return act(replace, form=form, page=lambda status, form: _templates_page({key: "提交失败，请刷新页面后重试。"}),
               refused=lambda message: _templates_page({key: message}), back=url_for("documents.templates"),
               success=f"“{documents.SPECS[key].label}”模板已替换，今后生成的文件使用新模板。")


def _templates_page(errors: dict | None = None):
    """The templates' page; ``errors``: a refused upload's message by template key (422)."""
    rows = [{"spec": spec, "stored": documents.stored(key)} for key, spec in documents.SPECS.items()]
    return render("documents/templates.html", rows=rows, errors=errors or {}, form=TemplateUploadForm(), status=422 if errors else 200)


@bp.get("/admin/document-templates/<key>.docx")
@require(Role.ADMIN)
def template_download(key: str):
    """The template in use, to edit in Word or WPS."""
    key = _template_key(key)
    return documents.send(documents.template_bytes(key), f"模板-{documents.SPECS[key].label}.docx")


@bp.post("/admin/document-templates/<key>/restore")
@require(Role.ADMIN)
def template_restore(key: str):
    key = _template_key(key)
    return act(lambda: documents.restore_default(key, current_user), back=url_for("documents.templates"),
               success=f"“{documents.SPECS[key].label}”已恢复为系统默认模板。")


# ---------------------------------------------------------------------------
# 办理工作总结


class SummaryForm(Form):
    title = StringField("标题", validators=[DataRequired("请填写标题"), Length(max=200, message="标题不超过 200 个字")])
    doc_no = StringField("发文字号", validators=[Optional(), Length(max=64, message="发文字号不超过 64 个字")])
    signer = StringField("签发人", validators=[Optional(), Length(max=64, message="签发人不超过 64 个字")])
    addressee = StringField("主送", validators=[Optional(), Length(max=200, message="主送不超过 200 个字")])
    written_on = DateField("成文日期", validators=[Optional()])
    intro = TextAreaField(SUMMARY_TEXTS["intro"], validators=[Length(max=20000, message="不超过 20000 个字")])
    practices = TextAreaField(SUMMARY_TEXTS["practices"], validators=[Length(max=20000, message="不超过 20000 个字")])
    cases = TextAreaField(SUMMARY_TEXTS["cases"], validators=[Length(max=20000, message="不超过 20000 个字")])
    plans = TextAreaField(SUMMARY_TEXTS["plans"], validators=[Length(max=20000, message="不超过 20000 个字")])
    version = VersionField()

    TEXT_FIELDS = ("title", "doc_no", "signer", "addressee", "written_on", *SUMMARY_TEXTS)


def _period() -> tuple[stats.Filters, dict]:
    """The year or 届次 asked for (default: this year, else the latest year with items)."""
    options = stats.period_options(current_user)
    session = (request.args.get("session") or "").strip()[:64]
    year = request.args.get("year", type=int)
    if not session and year is None:
        this_year = clock.today().year
        years = options["years"]
        year = this_year if (this_year in years or not years) else years[0]
    return summary.period_filters(year, session), options


def _period_args(f: stats.Filters) -> dict:
    return {"session": f.session} if f.session else {"year": f.year}


@bp.get("/summary")
@require(Role.OFFICE)
def summary_page():
    """The report as a page to read and print; every number opens its list on the dashboard."""
    f, options = _period()
    row, texts = summary.report_texts(f, _bureau())
    data = summary.report(f, current_user)
    args = f.args()

    def figure_url(key, **extra):
        return url_for("stats.items", figure=key, **{**args, **extra})

    return render(
        "documents/summary.html", f=f, options=options, row=row, texts=texts, r=data, t=data["totals"],
        facts=summary.facts_paragraphs(f, data), rate_rows=summary.rate_rows(data["totals"]), figure_url=figure_url,
        period_args=_period_args(f), paragraphs=letters.paragraphs, bureau=_bureau(), cn_date=documents.cn_date,
    )


@bp.route("/summary/edit", methods=["GET", "POST"])
@require(Role.OFFICE)
def summary_edit():
    """The office's paragraphs and heading fields, kept per year or 届次."""
    f, _ = _period()
    row, texts = summary.report_texts(f, _bureau())
    form = SummaryForm(data={**texts, "version": row.version if row else ""})

    def page(status=200, form=form):
        return render("documents/summary_edit.html", f=f, form=form, period_args=_period_args(f), texts_labels=SUMMARY_TEXTS,
                      status=status)

    if request.method == "GET":
        return page()
    return act(lambda: summary.save(f, {k: (getattr(form, k).data.strip() if isinstance(getattr(form, k).data, str) else getattr(form, k).data)
                                        for k in SummaryForm.TEXT_FIELDS}, current_user),
               form=form, page=page, versioned=row, success="办理工作总结的文字已保存。",
               back=url_for("documents.summary_page", **_period_args(f)))


@bp.get("/summary/report.docx")
@require(Role.OFFICE)
def summary_docx():
    f, _ = _period()
    _, texts = summary.report_texts(f, _bureau())
    data = summary.report(f, current_user)
    ctx = summary.docx_context(f, data, texts, _bureau())
    return documents.send(documents.render("summary", ctx), documents.filename("办理工作总结", f.period_label, f"{clock.today():%Y%m%d}"))

