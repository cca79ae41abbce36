"""The user's own notifications (每日提醒, 接访提醒): the list behind the navigation's unread count."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask_login import current_user

from extensions import db
from models.notifications import Notification
from services import notify
from web.access import load_or_404, require
from web.actions import act
from web.forms import Form
from web.render import render

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@require()
def index():
    unread_only = request.args.get("unread") == "1"
    stmt = notify.notifications_of(current_user, unread_only).order_by(Notification.created_at.desc(), Notification.id.desc())
    page = db.paginate(stmt, per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    return render(
        "notifications/index.html",
        page=page,
        unread_only=unread_only,
        unread=notify.unread_count(current_user),
        form=Form(formdata=None),
        filters={"unread": "1"} if unread_only else {},
        mail_configured=bool(current_app.config.get("MAIL_SERVER")),
    )


def _back(_=None):
    return url_for("notifications.index", **({"unread": "1"} if request.args.get("unread") == "1" else {}))


def _stay(status, **_):
    """A lost CSRF token changes nothing and goes back to the list, as a plain link would."""
    return redirect(_back(), code=303)


@bp.post("/<int:notification_id>/read")
@require()
def mark_read(notification_id: int):
    n = load_or_404(Notification, notification_id, "read")
    return act(n.mark_read, form=Form(), page=_stay, back=_back)


@bp.post("/read-all")
@require()
def mark_all_read():
    return act(lambda: notify.mark_all_read(current_user), form=Form(), page=_stay, back=_back,
               success=lambda count: f"已将 {count} 条通知标为已读。")
