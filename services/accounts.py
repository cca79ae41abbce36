"""Accounts across models: users (with their sessions) and departments (处室), audited. (models/org.py cannot write
audit entries: models/audit.py imports it.)"""
from __future__ import annotations

import sqlalchemy as sa

from extensions import db
from models import audit
from models.org import ROLE_LABELS, Department, Role, User
from rules.errors import Refused
from services import sessions


def _set(department: Department, values: dict) -> None:
    for key, value in values.items():
        setattr(department, key, value)


def create_department(**values) -> Department:
    """A new 处室 (name, code, phone, sort_order, active), audited."""
    department = Department()
    _set(department, values)
    db.session.add(department)
    audit.record("create", department, summary=f"新建处室 {department.name}")
    return department


def edit_department(department: Department, **values) -> None:
    """Change a 处室; audited when something changed."""
    _set(department, values)
    changes = audit.diff(department)
    if changes:
        audit.record("update", department, summary=f"修改处室 {department.name}", changes=changes)


# -- users ---------------------------------------------------------------------------------------------------------


def _apply_user(user: User, values: dict, roles: list[str], charge_ids: set[int]) -> dict:
    """Set a user's fields, roles and 分管处室; the audit changes, roles and 分管处室 by their Chinese names.
    Deactivating a saved user ends their sessions."""
    before_roles = sorted(r.value for r in user.roles)
    before_charge = sorted(d.name for d in user.departments_in_charge)
    if user.active and not values["active"] and user.id is not None:
        sessions.end_all(user, "deactivated")
    for key, value in values.items():
        setattr(user, key, value)
    changes = audit.diff(user)
    user.roles = roles
    charge_ids = charge_ids if Role.LEADER.value in roles else set()
    user.departments_in_charge = (
        db.session.scalars(sa.select(Department).where(Department.id.in_(charge_ids))).all() if charge_ids else []
    )
    after_roles = sorted(roles)
    after_charge = sorted(d.name for d in user.departments_in_charge)
    if before_roles != after_roles:
        changes["roles"] = [
            "、".join(ROLE_LABELS[Role(r)] for r in before_roles),
            "、".join(ROLE_LABELS[Role(r)] for r in after_roles),
        ]
    if before_charge != after_charge:
        changes["departments_in_charge"] = ["、".join(before_charge), "、".join(after_charge)]
    return changes


def create_user(values: dict, roles: list[str], charge_ids: set[int], password: str, method: str) -> User:
    """A new user with an initial password they must change at first login, audited."""
    user = User(username="", name="")
    db.session.add(user)
    changes = _apply_user(user, values, roles, charge_ids)
    user.set_password(password, method)
    user.must_change_password = True
    audit.record("create", user, summary=f"新建用户 {user.name}（{user.username}）", changes=changes)
    return user


def edit_user(user: User, values: dict, roles: list[str], charge_ids: set[int]) -> None:
    """Change a user; audited when something changed."""
    changes = _apply_user(user, values, roles, charge_ids)
    if changes:
        audit.record("update", user, summary=f"修改用户 {user.name}", changes=changes)


def sign_out_everywhere(user: User) -> int:
    """Every live session of ``user`` ends now (a stolen cookie with it), audited; the number ended."""
    ended = sessions.end_all(user, "admin")
    audit.record("sign_out", user, summary=f"强制退出 {user.name} 的全部登录（{ended} 处）")
    return ended


def reset_password(user: User, password: str, method: str) -> None:
    """The admin sets a new password, to be changed at the next login; every session of the user ends."""
    user.set_password(password, method)
    user.must_change_password = True
    sessions.end_all(user, "reset")
    audit.record("reset_password", user, summary=f"重置 {user.name} 的密码")


def set_active(user: User, by: User, make_active: bool) -> bool:
    """Activate or deactivate ``user`` (deactivating ends their sessions); False when it already was so."""
    if user.id == by.id and not make_active:
        raise Refused("不能停用自己的账号。")
    if user.active == make_active:
        return False
    if not make_active:
        sessions.end_all(user, "deactivated")
    user.active = make_active
    audit.record("activate" if make_active else "deactivate", user, summary=f"{'启用' if make_active else '停用'}用户 {user.name}", changes=audit.diff(user))
    return True
