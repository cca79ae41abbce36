"""Chinese error pages; the 500 handler rolls back the session."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, InvalidRequestError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from extensions import db
from models import audit
from web.forms import EditConflict, conflict_rows, reapply_fields
from web.render import is_htmx

bp = Blueprint("errors", __name__)

MESSAGES = {
    400: ("请求无效", "提交的内容无法处理，请返回上一页重试。"),
    403: ("无权访问", "您没有权限查看或办理此项内容。如需权限，请联系办公室或管理员。"),
    404: ("页面不存在", "您要找的内容不存在，或您无权查看。"),
    405: ("操作方式不正确", "该地址不支持这种操作方式。"),
    409: ("内容已被他人修改", "您提交之前，这条记录已被其他人修改。请刷新页面，查看最新内容后再提交。"),
    413: ("文件过大", "上传的文件超过了大小限制。"),
    503: ("系统繁忙", "数据库正忙，您的操作没有保存。请稍等几秒后重新提交。"),
    500: ("系统出错", "系统处理时出现错误，您的修改没有保存。请稍后重试；如仍出错，请联系管理员。"),
}


def error_page(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    template = "errors/_fragment.html" if is_htmx() and request.headers.get("HX-Boosted") != "true" else "errors/error.html"
    return render_template(template, code=code, title=title, message=message or default), code


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    return error_page(400, "页面已过期或缺少安全校验（CSRF）令牌，操作未执行。请刷新页面后重新提交。")


@bp.app_errorhandler(StaleDataError)
def stale_data(error):
    db.session.rollback()
    return error_page(409)


@bp.app_errorhandler(OperationalError)
def database_busy(error):
    """SQLite answers "database is locked" when writers queue past the busy timeout: say so, lose nothing silently."""
    db.session.rollback()
    if "locked" in str(error.orig).lower() or "busy" in str(error.orig).lower():
        response = error_page(503)
        return response[0], 503, {"Retry-After": "3"}
    raise error


@bp.app_errorhandler(DataError)
@bp.app_errorhandler(OverflowError)
def bad_value(error):
    """A value the database cannot hold (an id beyond 64 bits, text past a column's length on
    PostgreSQL, a NUL character): nothing was saved, and the user is told so."""
    db.session.rollback()
    return error_page(400, "提交的内容中有无法保存的值（如编号超出范围、文字超长或含有不可见的控制字符），本次操作未保存。请检查后重新填写。")


@bp.app_errorhandler(400)
def bad_request(error):
    return error_page(400, getattr(error, "description", None) if getattr(error, "_lianxin", False) else None)


@bp.app_errorhandler(403)
def forbidden(error):
    return error_page(403)


@bp.app_errorhandler(404)
def not_found(error):
    return error_page(404)


@bp.app_errorhandler(405)
def method_not_allowed(error):
    return error_page(405)


@bp.app_errorhandler(409)
def conflict(error):
    description = getattr(error, "description", None)
    if isinstance(error, EditConflict):
        return edit_conflict(error)
    return error_page(409, description if description and any("\u4e00" <= c <= "\u9fff" for c in description) else None)


def edit_conflict(error: EditConflict):
    """What the user typed beside the record as saved now, and a way to send their text again over it."""
    db.session.rollback()
    try:
        db.session.refresh(error.current)
    except InvalidRequestError:  # deleted meanwhile: show what was typed, offer nothing to overwrite
        error.current = None
    rows = conflict_rows(error.current, request.form, audit.FIELD_LABELS)
    title, _ = MESSAGES[409]
    template = "errors/_fragment.html" if is_htmx() and request.headers.get("HX-Boosted") != "true" else "errors/error.html"
    back = request.referrer if request.referrer and request.referrer.startswith(request.host_url) else None
    return render_template(
        template, code=409, title=title, message=error.description, rows=rows,
        reapply=reapply_fields(error, request.form) if rows and error.current is not None else None, action=request.path, back=back,
    ), 409


@bp.app_errorhandler(413)
def too_large(error):
    return error_page(413)


@bp.app_errorhandler(500)
def internal_error(error):
    db.session.rollback()
    return error_page(500)
