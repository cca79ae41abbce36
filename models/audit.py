"""The audit trail: who did what to which object, with old → new values (the table), and writing it.

An entry is added to the same session as the change it records, so it is committed with it
and disappears with it on rollback. Call ``record`` after setting attributes and before commit.
"""
from __future__ import annotations

import enum
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship
from flask import has_request_context
from flask_login import current_user

from extensions import db
from rules.clock import utcnow

from .org import User


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        sa.Index("ix_audit_object", "object_type", "object_id", "id"),
        sa.Index("ix_audit_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(sa.String(48), index=True)
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    user: Mapped[User | None] = relationship(lazy="joined")


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
VALUE_LABELS_BUILTIN = {"active": {"True": "启用", "False": "停用"}}


# Chinese names of stored codes, by field (``{"state": {"in_progress": "办理中", …}}``): the log shows no code.
VALUE_LABELS: dict[str, dict[str, str]] = {k: dict(v) for k, v in VALUE_LABELS_BUILTIN.items()}


# Action names of one object type ("assign" is 四定交办 for an item, 交办 for a reception record).
TYPED_ACTION_LABELS: dict[tuple[str, str], str] = {}


def register_labels(objects: dict | None = None, actions: dict | None = None, fields: dict | None = None,
                    values: dict[str, dict] | None = None, object_types=()) -> None:
    """``object_types``: the actions are these types' own names (another feature's same action keeps its name)."""
    OBJECT_LABELS.update(objects or {})
    for key, label in (actions or {}).items():
        for object_type in object_types:
            TYPED_ACTION_LABELS[(object_type, key)] = label
        if object_types:
            ACTION_LABELS.setdefault(key, label)
        else:
            ACTION_LABELS[key] = label
    FIELD_LABELS.update(fields or {})
    for field, labels in (values or {}).items():
        VALUE_LABELS.setdefault(field, {}).update({str(getattr(k, "value", k)): v for k, v in labels.items()})


def value_text(field: str, value) -> str:
    """A recorded value as people read it: codes by their Chinese name, 是/否 for booleans, （空） for nothing."""
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, bool):
        return VALUE_LABELS.get(field, {}).get(str(value)) or ("是" if value else "否")
    if isinstance(value, (list, tuple)):
        return "、".join(value_text(field, v) for v in value)
    return VALUE_LABELS.get(field, {}).get(str(value), str(value))


def action_text(entry) -> str:
    """The Chinese name of the entry's action, its object type's own if it has one."""
    return TYPED_ACTION_LABELS.get((entry.object_type, entry.action)) or ACTION_LABELS.get(entry.action, entry.action)


def summary_text(entry) -> str:
    """The entry's summary without “<action's name>：” in front (the page shows that name already)."""
    label = action_text(entry)
    summary = entry.summary or ""
    for sep in ("：", ":"):
        if label and summary.startswith(label + sep):
            return summary[len(label) + 1:].strip()
    return summary


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
