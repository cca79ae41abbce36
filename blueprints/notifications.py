"""The user's own notifications (每日提醒, 接访提醒): the list behind the navigation's unread count."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import current_user

from extensions import db
from models.notifications import Notification
from services import notify
from rules import clock
from web.access import load_or_404, require
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


def _back():
    return redirect(url_for("notifications.index", **({"unread": "1"} if request.args.get("unread") == "1" else {})), code=303)


@bp.post("/<int:notification_id>/read")
@require()
def mark_read(notification_id: int):
    n = load_or_404(Notification, notification_id, "read")
    if Form().validate_on_submit():
        n.mark_read()
        db.session.commit()
    return _back()


@bp.post("/read-all")
@require()
def mark_all_read():
    if Form().validate_on_submit():
        n = db.session.execute(
            notify.notifications_of(current_user, unread_only=True).with_only_columns(Notification.id)
        ).scalars().all()
        if n:
            db.session.execute(
                Notification.__table__.update().where(Notification.id.in_(n)).values(read_at=clock.utcnow())
            )
        db.session.commit()
        flash(f"已将 {len(n)} 条通知标为已读。", "success")
    return _back()
