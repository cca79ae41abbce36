"""Server-side login sessions: the cookie carries a random token, the ``user_sessions`` row says whether it
still holds. Logout, a password change, deactivation and an admin's “sign out everywhere” end rows; a row
also stops holding after ``SESSION_IDLE_MINUTES`` without a request or ``PERMANENT_SESSION_LIFETIME`` after login."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from extensions import db
from models.org import UserSession
from rules.clock import utcnow

# last_seen_at is written at most this often (not on every request).
TOUCH_EVERY = timedelta(seconds=60)

END_REASONS = {"logout": "退出登录", "password": "修改密码", "reset": "管理员重置密码", "deactivated": "账号停用",
               "admin": "管理员强制退出", "login": "重新登录"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(minutes=int(current_app.config["SESSION_IDLE_MINUTES"]))


def absolute_limit() -> timedelta:
    return current_app.config["PERMANENT_SESSION_LIFETIME"]


def start(user, ip: str = "", user_agent: str = "") -> str:
    """A new session for ``user``; the token goes into the (signed) cookie, only its hash into the table."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(token), ip=(ip or "")[:64], user_agent=(user_agent or "")[:200]))
    return token


def find(token: str | None) -> UserSession | None:
    if not token or not isinstance(token, str) or len(token) > 128:
        return None
    return db.session.scalar(sa.select(UserSession).where(UserSession.token_hash == _hash(token)))


def holds(row: UserSession | None, user_id: int) -> bool:
    """Whether the session is still good for ``user_id``: not ended, not idle too long, not too old."""
    if row is None or row.user_id != user_id or row.ended_at is not None:
        return False
    now = utcnow()
    return now - row.last_seen_at <= idle_limit() and now - row.created_at <= absolute_limit()


def touch(row: UserSession) -> None:
    """Note activity (the idle clock restarts); written and committed at most once a minute, at the start of
    a request, before the view has changed anything."""
    now = utcnow()
    if now - row.last_seen_at >= TOUCH_EVERY:
        db.session.execute(sa.update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))
        db.session.commit()


def end(token: str | None, reason: str) -> None:
    row = find(token)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        row.end_reason = reason


def end_all(user, reason: str, keep: str | None = None) -> int:
    """End every live session of ``user`` (but the one with token ``keep``); the number ended."""
    stmt = sa.update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep:
        stmt = stmt.where(UserSession.token_hash != _hash(keep))
    return db.session.execute(stmt.values(ended_at=utcnow(), end_reason=reason)).rowcount or 0


def change_password(user, current: str, new: str, method: str, keep: str | None) -> int:
    """``user`` changes their own password (``User.change_own_password``): every other session of theirs ends
    (the one with token ``keep`` stays), audited; the number ended."""
    from models import audit

    user.change_own_password(current, new, method)
    ended = end_all(user, "password", keep=keep)
    audit.record("change_password", user, summary=f"{user.name} 修改了自己的密码（其他 {ended} 处登录已失效）")
    return ended


def live_query(user_id: int | None = None):
    """Sessions that still hold (for the admin's view), newest first."""
    now = utcnow()
    stmt = sa.select(UserSession).where(
        UserSession.ended_at.is_(None),
        UserSession.last_seen_at >= now - idle_limit(),
        UserSession.created_at >= now - absolute_limit(),
    )
    if user_id is not None:
        stmt = stmt.where(UserSession.user_id == user_id)
    return stmt.order_by(UserSession.last_seen_at.desc())
