"""Login throttling per account and per address, counted from the ``login_attempts`` table so that it
holds across worker processes.

An attempt is written (and committed) *before* it is counted and before the password is checked, so that
concurrent attempts cannot all pass the check: of N simultaneous tries on one account, only those among
the first ``LOGIN_MAX_FAILURES_PER_USER`` committed get their password checked. The account count starts
again after the owner's successful login and after a lock; the address count is never reset by a success
(one's own account would otherwise buy unlimited guesses at others'). The failure that reaches the account
limit locks the account for the window (``account_locks``, in the audit trail); an admin may lift it.
"""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from extensions import db
from models.org import AccountLock, LoginAttempt, User
from models import audit
from rules.clock import to_local, utcnow


def window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def account_message() -> str:
    minutes = current_app.config["LOGIN_WINDOW_MINUTES"]
    return f"该账号连续登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试，或联系管理员解除锁定。"


def address_message() -> str:
    return f"本机登录失败次数过多，请 {current_app.config['LOGIN_WINDOW_MINUTES']} 分钟后再试。"


def active_lock(username: str) -> AccountLock | None:
    return db.session.scalar(
        sa.select(AccountLock).where(AccountLock.username == username, AccountLock.until > utcnow(), AccountLock.lifted_at.is_(None))
        .order_by(AccountLock.id.desc()).limit(1)
    )


def active_locks_query():
    """Locks in force now, newest first (the admin's page)."""
    return sa.select(AccountLock).where(AccountLock.until > utcnow(), AccountLock.lifted_at.is_(None)).order_by(AccountLock.locked_at.desc())


def _account_failures(username: str) -> int:
    since = utcnow() - window()
    last_success = db.session.scalar(
        sa.select(sa.func.max(LoginAttempt.at)).where(LoginAttempt.username == username, LoginAttempt.success.is_(True))
    )
    last_lock = db.session.scalar(sa.select(sa.func.max(AccountLock.locked_at)).where(AccountLock.username == username))
    since = max(t for t in (since, last_success, last_lock) if t is not None)
    return db.session.scalar(
        sa.select(sa.func.count()).where(LoginAttempt.username == username, LoginAttempt.success.is_(False), LoginAttempt.at > since)
    ) or 0


def _address_failures(ip: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(LoginAttempt.ip == ip, LoginAttempt.success.is_(False), LoginAttempt.at > utcnow() - window())
    ) or 0


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    return generate_password_hash("an unknown user's password", method)


def authenticate(username: str, password: str, ip: str) -> tuple[User | None, str | None]:
    """Try a login: the user, or ``None`` and the Chinese reason. Commits the attempt (and any lock)."""
    cfg = current_app.config
    username, ip = username[:64], ip[:64]
    if active_lock(username) is not None:
        return None, account_message()
    if _address_failures(ip) >= cfg["LOGIN_MAX_FAILURES_PER_IP"]:
        return None, address_message()
    attempt = LoginAttempt(username=username, ip=ip, success=False, at=utcnow())
    db.session.add(attempt)
    db.session.commit()  # visible to the other attempts before anyone counts
    failures = _account_failures(username)
    # A lock taken since this attempt began counts too (the failures before it no longer do).
    if failures > cfg["LOGIN_MAX_FAILURES_PER_USER"] or active_lock(username) is not None:
        return None, account_message()
    if _address_failures(ip) > cfg["LOGIN_MAX_FAILURES_PER_IP"]:
        return None, address_message()
    user = db.session.scalar(sa.select(User).where(User.username == username))
    # The same hash work whether the name exists or not: the answer's time says nothing about it.
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(cfg["PASSWORD_HASH_METHOD"]), password)
        user = None
    elif not user.check_password(password):
        user = None
    if user is not None:
        attempt.success = True
        db.session.commit()
        return user, None
    if failures == cfg["LOGIN_MAX_FAILURES_PER_USER"]:
        lock(username, ip)
    db.session.commit()
    return None, "用户名或密码不正确。"


def lock(username: str, ip: str) -> AccountLock:
    now = utcnow()
    row = AccountLock(username=username, ip=ip, locked_at=now, until=now + window())
    db.session.add(row)
    owner = db.session.scalar(sa.select(User.id).where(User.username == username))
    audit.record("lock", object_type="user", object_id=owner, user=None,
                 summary=f"账号 {username} 连续登录失败 {current_app.config['LOGIN_MAX_FAILURES_PER_USER']} 次，锁定至 "
                         f"{to_local(row.until):%Y-%m-%d %H:%M}（最后一次尝试来自 {ip}）")
    return row


def lift(row: AccountLock, by) -> None:
    """An admin ends a lock before its time (the account's failure count starts again)."""
    row.lifted_at = utcnow()
    row.lifted_by_id = by.id
    owner = db.session.scalar(sa.select(User.id).where(User.username == row.username))
    audit.record("unlock", object_type="user", object_id=owner, summary=f"解除账号 {row.username} 的登录锁定")

