"""Importing a 交办清单 through the web: upload → preview naming every problem → map columns → confirm.

The uploaded file waits in the instance folder under a random name (never under static/) until it is
confirmed or abandoned; confirming saves every row in one transaction, or nothing.
"""
from __future__ import annotations

from collections import defaultdict

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from extensions import db
from models.org import Role
from services.proposals import importer
from services.proposals import imports as imp  # also registers the import-proposals command
from web.access import require
from web.actions import act
from web.render import render

from . import bp
from .forms import ImportForm, read_upload


@bp.route("/import", methods=["GET", "POST"])
@require(Role.OFFICE)
def import_upload():
    form = ImportForm()
    if form.validate_on_submit():
        data = read_upload(form.file, "，请拆分后导入")
        if data is not None:
            defaults = {
                "kind": form.kind.data or None, "session_name": (form.session_name.data or "").strip() or None,
                "year": form.year.data, "assigned_on": form.assigned_on.data.isoformat() if form.assigned_on.data else None,
                "assigning_body": (form.assigning_body.data or "").strip() or None, "doc_no": (form.doc_no.data or "").strip() or None,
            }
            token = imp.keep_upload(form.file.data.filename, data, current_user.id, {k: v for k, v in defaults.items() if v})
            return redirect(url_for("proposals.import_preview", token=token), code=303)
    return render("proposals/import_upload.html", form=form, fields=importer.FIELDS, status=422 if form.errors else 200)


def _load(token: str):
    kept = imp.load_upload(token, current_user.id)
    if kept is None:
        abort(404)
    return kept


def _preview(token: str, meta: dict, result, status: int = 200, error: str | None = None):
    by_row: dict[int | None, list] = defaultdict(list)
    for problem in result.problems:
        by_row[problem.row].append(problem)
    return render(
        "proposals/import_preview.html", token=token, meta=meta, result=result, by_row=by_row,
        fields=importer.FIELDS, status=status, error=error,
    )


@bp.get("/import/<token>")
@require(Role.OFFICE)
def import_preview(token: str):
    kept = imp.load_upload(token, current_user.id)
    if kept is None:
        return _already_imported(token)
    meta, data = kept
    return _preview(token, meta, imp.parse(meta["filename"], data, meta.get("mapping"), meta.get("defaults")))


@bp.post("/import/<token>")
@require(Role.OFFICE)
def import_mapping(token: str):
    """The user's choice for the columns the parser did not recognise: parse again with it."""
    meta, _ = _load(token)
    mapping = dict(meta.get("mapping") or {})
    for key, header in request.form.items():
        if key.startswith("header_"):
            index = key.removeprefix("header_")
            # "?" = not decided yet (an unrecognised column keeps asking); "" = 不导入, said by the user.
            target = request.form.get(f"field_{index}", "?")
            if target == "" or target in importer.FIELDS:
                mapping[header] = target
    meta["mapping"] = mapping
    imp.update_upload(token, meta)
    flash("已按您的选择重新识别。", "info")
    return redirect(url_for("proposals.import_preview", token=token), code=303)


@bp.post("/import/<token>/confirm")
@require(Role.OFFICE)
def import_confirm(token: str):
    kept = imp.load_upload(token, current_user.id)
    if kept is None or not imp.claim_upload(token):
        return _already_imported(token)
    meta, data = kept
    try:
        result = imp.parse(meta["filename"], data, meta.get("mapping"), meta.get("defaults"))
        if not result.ok:
            imp.release_upload(token)
            flash(f"清单中还有 {len(result.problems)} 个问题，没有导入任何一件。请修改文件后重新上传，或调整列对应。", "danger")
            return redirect(url_for("proposals.import_preview", token=token), code=303)
        if not result.acknowledged:
            imp.release_upload(token)
            return _preview(token, meta, result, status=422, error=(
                f"有未识别的列（{'、'.join(result.dropped)}）含有内容，没有导入任何一件。"
                "请在“列对应”中为每一列选择对应的字段，或选择“不导入这一列”，再确认导入。"))

        def imported_meanwhile():
            # The same items went in by another upload at the same moment: nothing of this one is saved.
            imp.release_upload(token)
            flash("清单中的件刚刚已由另一次导入保存，本次没有导入任何一件。请在列表中核对。", "warning")
            return redirect(url_for("proposals.import_preview", token=token), code=303)

        return act(lambda: imp.save_list(result, current_user, meta["filename"]),
                   back=url_for("proposals.index", state="unassigned"),
                   after=lambda created: imp.mark_imported(token, len(created), current_user.id),
                   success=lambda created: f"已导入 {len(created)} 件，请勾选后批量进行四定交办。",
                   conflict=imported_meanwhile)
    except Exception:
        # Whatever failed, the upload may be confirmed again (the transaction is rolled back by the error handler).
        db.session.rollback()
        imp.release_upload(token)
        raise


def _already_imported(token: str):
    """A second confirm (a double click, another tab): say what happened to the first, not a 404 or a 500."""
    state = imp.import_state(token, current_user.id)
    if state is None:
        abort(404)
    kind, count = state
    if kind == "done":
        flash(f"该清单已导入（共 {count} 件），无需再次确认。", "info")
    else:
        flash("该清单正在导入，请稍候刷新列表查看结果，无需再次确认。", "info")
    return redirect(url_for("proposals.index", state="unassigned"), code=303)


@bp.post("/import/<token>/discard")
@require(Role.OFFICE)
def import_discard(token: str):
    _load(token)
    imp.discard_upload(token)
    flash("已放弃本次导入，没有保存任何内容。", "info")
    return redirect(url_for("proposals.import_upload"), code=303)
