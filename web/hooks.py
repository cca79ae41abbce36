"""Request-wide wiring: the user loader, security headers, template helpers."""
from __future__ import annotations

from datetime import date, datetime

from werkzeug.exceptions import BadRequest
from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import joinedload

import config
from extensions import db, login_manager
from models.org import ROLE_LABELS, Role, User
from models import audit, workcal
from rules import clock
from services import sessions
from web.nav import navigation

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

# Query-string names that carry a date, a month or a year (calendar, notices, filters, navigation).
DATE_ARGS = frozenset({"date", "month", "year", "from", "to"})



class BadInput(BadRequest):
    """A request value the app will not read (a date out of range, a control character): 400, and the
    Chinese ``message`` is shown on the error page."""

    _lianxin = True

    def __init__(self, message: str):
        super().__init__(description=message)
        self.message = message


def _year_of(value: str) -> int | None:
    """The year of ``2026``, ``2026-12`` or ``2026-12-15`` (also a negative or five-digit one); None otherwise."""
    head = value.strip()
    sign = -1 if head.startswith("-") else 1
    digits = head.lstrip("-").split("-", 1)[0]
    return sign * int(digits) if digits.isdigit() and len(digits) <= 9 else None


def check_request_values() -> None:
    """Refuse, with a Chinese 400, what no page reads: a NUL anywhere, CR/LF in a query string (an export
    filter, a ``next`` address) and a date or year out of the sensible range in a query string."""
    for key, value in request.args.items(multi=True):
        if "\x00" in value or "\r" in value or "\n" in value or "\x00" in key:
            raise BadInput("地址中含有不允许的控制字符（如换行符、空字符），请求未处理。请检查输入的内容后重试。")
        if key in DATE_ARGS:
            year = _year_of(value)
            if year is not None and not clock.viewable_year(year):
                raise BadInput(f"日期超出范围：只能查看 {clock.view_range_text()}的日期。")
    if request.method == "POST" and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for value in request.form.values():
            if "\x00" in value:
                raise BadInput("提交的内容中含有不可见的空字符，本次操作未保存。请删除后重新提交。")


def load_user(session_id: str) -> User | None:
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit():
        return None
    # One query for the user, their roles and 处室 (every page shows them): not three.
    user = db.session.get(User, int(user_id), options=[joinedload(User.role_rows), joinedload(User.department)])
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    if user.is_demo and config.is_production(current_app.config):
        return None  # a demo account's session from development is no good once the app runs in production
    row = sessions.find(session.get("sid"))
    if not sessions.holds(row, user.id):
        # Logged out, timed out or ended elsewhere: this cookie is worth nothing any more.
        session.pop("sid", None)
        session.pop("_user_id", None)
        flash("登录已失效（已退出、长时间未操作或已在别处被注销），请重新登录。", "warning")
        return None
    sessions.touch(row)
    return user


def fmt_date(value: date | None, fmt: str = "%Y-%m-%d") -> str:
    return value.strftime(fmt) if value else ""


def fmt_cn_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def fmt_dt(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    local = clock.to_local(value)
    return local.strftime(fmt) if local else ""


def weekday_cn(value: date | None) -> str:
    return clock.WEEKDAY_NAMES[value.weekday()] if value else ""


def predicted_mark(value: date | None) -> Markup | str:
    """A 预测 badge after a date whose year's holidays are only predicted (调休 not yet published)."""
    from models import workcal
    from rules.workdays import PREDICTION_NOTE

    if value is None or not workcal.calendar().is_predicted(value.year):
        return ""
    return Markup(f'<span class="badge text-bg-warning ms-1" title="{PREDICTION_NOTE}">预测</span>')


def init_web(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        # Behind N trusted proxies the client is the N-th address from the right of X-Forwarded-For.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)

    app.jinja_env.filters.update(d=fmt_date, cn_date=fmt_cn_date, dt=fmt_dt, weekday=weekday_cn, predicted=predicted_mark)
    app.jinja_env.globals.update(Role=Role, ROLE_LABELS=ROLE_LABELS, today=clock.today, audit_value=audit.value_text,
                                 audit_summary=audit.summary_text, audit_action=audit.action_text,
                                 deadline_rules=workcal.rules)

    @app.context_processor
    def inject_navigation():
        return {"nav": navigation(current_user)}

    app.before_request(check_request_values)

    @app.before_request
    def force_password_change():
        # An account whose password an admin reset must choose its own before anything else.
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in {"auth.change_password", "auth.logout", "static", "main.healthz"}
        ):
            return redirect(url_for("auth.change_password"))
        return None

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # Nothing a logged-in user receives (pages, exports, attachments) and no download is kept by a browser
        # or a proxy cache: they carry names, phone numbers and petitions.
        download = "attachment" in response.headers.get("Content-Disposition", "")
        if request.endpoint != "static" and (current_user.is_authenticated or download):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.template_filter("nl2br")
    def nl2br(text: str | None):
        from markupsafe import escape

        if not text:
            return ""
        return Markup("<br>".join(escape(line) for line in str(text).splitlines()))
