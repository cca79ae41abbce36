"""Browsing the audit trail (office and admin)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, request

from extensions import db
from models.audit import AuditEntry
from models.org import Role, User
from models import audit
from web.access import require
from rules.clock import local_to_utc
from web.render import render

bp = Blueprint("audit", __name__, url_prefix="/audit")

PER_PAGE = 50


def _date_arg(name: str):
    raw = (request.args.get(name) or "").strip()
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date() if raw else None
    except ValueError:
        return None


@bp.get("/")
@require(Role.OFFICE, Role.ADMIN)
def index():
    user_id = request.args.get("user", type=int)
    object_type = request.args.get("object_type") or ""
    object_id = request.args.get("object_id", type=int)
    action = request.args.get("action") or ""
    start, end = _date_arg("from"), _date_arg("to")
    page = max(request.args.get("page", 1, type=int), 1)

    stmt = sa.select(AuditEntry)
    if user_id:
        stmt = stmt.where(AuditEntry.user_id == user_id)
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if start:
        stmt = stmt.where(AuditEntry.at >= local_to_utc(datetime.combine(start, time.min)))
    if end:
        stmt = stmt.where(AuditEntry.at < local_to_utc(datetime.combine(end + timedelta(days=1), time.min)))
    pagination = db.paginate(stmt.order_by(AuditEntry.id.desc()), page=page, per_page=PER_PAGE, error_out=False)
    users = db.session.execute(sa.select(User.id, User.name).order_by(User.name)).all()
    return render(
        "audit/index.html",
        block="results",
        pagination=pagination,
        users=users,
        object_labels=audit.OBJECT_LABELS,
        action_labels=audit.ACTION_LABELS,
        field_labels=audit.FIELD_LABELS,
        filters={
            "user": user_id or 0,
            "object_type": object_type,
            "object_id": object_id or "",
            "action": action,
            "from": request.args.get("from", ""),
            "to": request.args.get("to", ""),
        },
    )
