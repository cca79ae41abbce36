"""Login throttling per account and per address, counted from the ``login_attempts`` table
so that it holds across worker processes."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from extensions import db
from models.org import LoginAttempt
from services.clock import utcnow


def _recent_failures(column, value) -> int:
    window = timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    since = utcnow() - window
    last_success = db.session.scalar(
        sa.select(sa.func.max(LoginAttempt.at)).where(column == value, LoginAttempt.success.is_(True))
    )
    if last_success and last_success > since:
        since = last_success
    return db.session.scalar(
        sa.select(sa.func.count()).where(column == value, LoginAttempt.success.is_(False), LoginAttempt.at > since)
    ) or 0


def refusal(username: str, ip: str) -> str | None:
    """The Chinese message explaining why a login may not be tried now, or None."""
    cfg = current_app.config
    minutes = cfg["LOGIN_WINDOW_MINUTES"]
    if _recent_failures(LoginAttempt.username, username) >= cfg["LOGIN_MAX_FAILURES_PER_USER"]:
        return f"该账号连续登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试，或联系管理员重置密码。"
    if _recent_failures(LoginAttempt.ip, ip) >= cfg["LOGIN_MAX_FAILURES_PER_IP"]:
        return f"本机登录失败次数过多，请 {minutes} 分钟后再试。"
    return None


def note_attempt(username: str, ip: str, success: bool) -> None:
    db.session.add(LoginAttempt(username=username[:64], ip=ip[:64], success=success))
