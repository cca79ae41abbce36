"""征询意见表 in batches (office only): one screen for a session's returned forms, or the filled-in Excel
template with a preview. Every rating goes through ``Proposal.record_feedback``; one commit for all rows,
or none when any row is at fault (named by row and column, everything typed kept)."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, flash, redirect, request, url_for
from flask_login import current_user

from extensions import db
from models.org import Role
from models.proposals_vocabulary import CHANNEL_LABELS, PROPOSAL_KIND_LABELS, SATISFACTION_LABELS
from rules import clock
from services.proposals import feedback_batch as fb
from services.proposals import imports as kept
from web.access import require
from web.actions import act
from services.exports.ledger import XLSX_MIMETYPE
from web.forms import Form
from web.render import render

from . import bp
from .forms import FeedbackImportForm, department_choices, read_upload

PURPOSE = "feedback"


def _filters() -> dict:
    return {
        "session": request.args.get("session", ""),
        "kind": request.args.get("kind", "") if request.args.get("kind", "") in PROPOSAL_KIND_LABELS else "",
        "department": request.args.get("department", type=int) or 0,
    }


def _pending(filters: dict) -> list[fb.PendingRow]:
    return fb.pending(filters["session"], filters["kind"], filters["department"] or None)


def _page(rows, filters, form, batch=None, typed=None, status=200):
    return render(
        "proposals/feedback_batch.html", rows=rows, filters=filters, form=form, batch=batch or fb.Batch(), typed=typed or {},
        sessions=fb.session_choices(), kinds=PROPOSAL_KIND_LABELS, departments=department_choices("全部"),
        ratings=SATISFACTION_LABELS, channels=CHANNEL_LABELS, today=clock.today(),
        item_count=len({r.proposal.id for r in rows}), status=status,
    )


@bp.route("/feedback/batch", methods=["GET", "POST"])
@require(Role.OFFICE)
def feedback_batch():
    filters = _filters()
    rows = _pending(filters)
    form = Form()
    if request.method == "GET":
        return _page(rows, filters, form)
    if not form.validate_on_submit():
        abort(400)
    batch = fb.from_form(rows, request.form)
    if not batch.entries and not batch.problems:
        form.form_errors.append("没有填写任何评价：请在收到的征询意见表对应行选择办理态度和办理结果。")
        return _page(rows, filters, form, typed=request.form, status=422)
    back = url_for("proposals.feedback_batch", **{k: v for k, v in filters.items() if v})

    def taken_meanwhile():
        # Someone entered one of these forms between our check and our commit.
        form.form_errors.append("其他人刚刚录入了其中某位代表/委员的意见，本次没有保存任何一行。请刷新页面核对后重新提交。")
        return _page(_pending(filters), filters, form, typed=request.form, status=409)

    return act(lambda: fb.save(current_user, batch), back=back, success=lambda saved: fb.summary(saved) + "。",
               refused=lambda message: _page(rows, filters, form, batch, typed=request.form, status=422),
               conflict=taken_meanwhile)


@bp.get("/feedback/template.xlsx")
@require(Role.OFFICE)
def feedback_template():
    filters = _filters()
    data = fb.template_xlsx(_pending(filters))
    name = f"征询意见表录入模板{('-' + filters['session']) if filters['session'] else ''}-{clock.today():%Y%m%d}.xlsx"
    return Response(data, mimetype=XLSX_MIMETYPE, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


@bp.route("/feedback/import", methods=["GET", "POST"])
@require(Role.OFFICE)
def feedback_import():
    form = FeedbackImportForm()
    if form.validate_on_submit():
        data = read_upload(form.file)
        if data is not None:
            token = kept.keep_upload(form.file.data.filename, data, current_user.id, {"purpose": PURPOSE})
            return redirect(url_for("proposals.feedback_import_preview", token=token), code=303)
    return render("proposals/feedback_import.html", form=form, columns=fb.COLUMNS, status=422 if form.errors else 200)


def _load(token: str):
    found = kept.load_upload(token, current_user.id)
    if found is None or (found[0].get("defaults") or {}).get("purpose") != PURPOSE:
        abort(404)
    return found


def _checked(meta, data) -> fb.Batch:
    """Parse the file and try every row with the verbs, then undo: the preview shows what saving would refuse."""
    batch = fb.from_file(meta["filename"], data, fb.pending())
    if not batch.problems:
        fb.apply(current_user, batch)
    db.session.rollback()
    return batch


@bp.get("/feedback/import/<token>")
@require(Role.OFFICE)
def feedback_import_preview(token: str):
    meta, data = _load(token)
    batch = _checked(meta, data)
    return render("proposals/feedback_import_preview.html", token=token, meta=meta, batch=batch, form=Form(),
                  ratings=SATISFACTION_LABELS, channels=CHANNEL_LABELS, status=200)


@bp.post("/feedback/import/<token>/confirm")
@require(Role.OFFICE)
def feedback_import_confirm(token: str):
    meta, data = _load(token)
    batch = fb.from_file(meta["filename"], data, fb.pending())
    preview = url_for("proposals.feedback_import_preview", token=token)

    def problems_left(message):
        flash(f"{message}请修改文件后重新上传。", "danger")
        return redirect(preview, code=303)

    def taken_meanwhile():
        flash("其他人刚刚录入了其中某位代表/委员的意见，没有保存任何一行。请重新预览。", "danger")
        return redirect(preview, code=303)

    return act(lambda: fb.save(current_user, batch, f"导入《{meta['filename']}》："), back=url_for("proposals.feedback_batch"),
               success=lambda saved: fb.summary(saved) + "。", after=lambda saved: kept.discard_upload(token),
               refused=problems_left,
               conflict=taken_meanwhile)


@bp.post("/feedback/import/<token>/discard")
@require(Role.OFFICE)
def feedback_import_discard(token: str):
    _load(token)
    kept.discard_upload(token)
    flash("已放弃本次导入，没有保存任何内容。", "info")
    return redirect(url_for("proposals.feedback_import"), code=303)
