"""Accounts across models: departments (处室), audited. (models/org.py cannot write audit entries: models/audit.py
imports it.)"""
from __future__ import annotations

from extensions import db
from models import audit
from models.org import Department


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
