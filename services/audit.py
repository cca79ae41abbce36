"""Writing the audit trail.

An entry is added to the same session as the change it records, so it is committed with it
and disappears with it on rollback. Call ``record`` after setting attributes and before commit.
"""
from __future__ import annotations

import enum
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from extensions import db
from models.audit import AuditEntry

# Chinese names for the audit page; feature modules add theirs with ``register_labels``.
OBJECT_LABELS: dict[str, str] = {"user": "用户", "department": "处室", "system": "系统"}
ACTION_LABELS: dict[str, str] = {
    "create": "新建",
    "update": "修改",
    "deactivate": "停用",
    "activate": "启用",
    "reset_password": "重置密码",
    "change_password": "修改密码",
    "login": "登录",
    "logout": "退出",
    "sign_out": "强制退出登录",
    "lock": "账号锁定",
    "unlock": "解除锁定",
}
FIELD_LABELS: dict[str, str] = {
    "username": "用户名",
    "name": "姓名",
    "title": "职务",
    "phone": "电话",
    "email": "邮箱",
    "department_id": "所在处室",
    "active": "状态",
    "roles": "角色",
    "departments_in_charge": "分管处室",
    "code": "代码",
    "sort_order": "排序",
}


def register_labels(objects: dict | None = None, actions: dict | None = None, fields: dict | None = None) -> None:
    OBJECT_LABELS.update(objects or {})
    ACTION_LABELS.update(actions or {})
    FIELD_LABELS.update(fields or {})


def _plain(value):
    """A JSON-safe rendering of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, db.Model):
        return str(value)
    return value


def diff(obj, fields=None) -> dict[str, list]:
    """Pending column changes of ``obj`` as ``{field: [old, new]}`` (call before flush)."""
    state = sa.inspect(obj)
    changes: dict[str, list] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key == "version" or (fields is not None and key not in fields):
            continue
        hist = state.attrs[key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[key] = [_plain(old), _plain(new)]
    return changes


def object_type_of(obj) -> str:
    return getattr(obj, "audit_type", None) or obj.__tablename__.rstrip("s")


def record(
    action: str,
    obj=None,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    summary: str = "",
    changes: dict | None = None,
    user=None,
) -> AuditEntry:
    """Add an audit entry for ``obj`` to the current transaction."""
    if obj is not None:
        if getattr(obj, "id", None) is None:
            db.session.flush([obj])
        object_type = object_type or object_type_of(obj)
        object_id = obj.id
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user._get_current_object()
    entry = AuditEntry(
        user_id=getattr(user, "id", None),
        object_type=object_type or "system",
        object_id=object_id,
        action=action,
        summary=summary[:500],
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
    )
    db.session.add(entry)
    return entry


def entries_for(object_type: str, object_id: int):
    """The audit entries of one object, oldest first (for timelines)."""
    return db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.object_type == object_type, AuditEntry.object_id == object_id)
        .order_by(AuditEntry.id)
    ).all()
