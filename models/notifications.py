"""What Lianxin sends to people: in-app notifications (also e-mailed when SMTP is configured), and the
group-chat robots (webhooks) an admin configures per 处室 or leader, with a log of every delivery.

Sending once: a notification is unique per user and ``key`` (``digest:2026-12-01``), a delivery per webhook
and ``key``; two runs of the daily job, on one server or two, cannot both insert it. Who sends an e-mail or a
webhook message is decided by a conditional UPDATE (a claim) that only one run can win.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import db
from models import audit
from rules.clock import utcnow

from .org import Department, Role, User

EMAIL_STATUS_LABELS = {"": "未发邮件", "pending": "待发邮件", "sending": "正在发送", "sent": "已发邮件", "failed": "邮件发送失败"}
DELIVERY_STATUS_LABELS = {"pending": "待发送", "sending": "正在发送", "sent": "已送达", "failed": "发送失败"}


class Notification(db.Model):
    """A message to one user: the daily digest, a reception-day reminder."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "key", name="uq_notifications_user_key"),
        sa.Index("ix_notifications_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(16))  # "digest" | "reminder"
    key: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # The lines of a digest, each {"label", "count", "url", "level"} (url relative to the app).
    items: Mapped[list] = mapped_column(sa.JSON, default=list)
    url: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    email_status: Mapped[str] = mapped_column(sa.String(16), default="")
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_claimed_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
    email_error: Mapped[str] = mapped_column(sa.String(500), default="")

    user: Mapped[User] = relationship()

    @property
    def unread(self) -> bool:
        return self.read_at is None

    @property
    def email_label(self) -> str:
        return EMAIL_STATUS_LABELS.get(self.email_status, self.email_status)

    def can(self, user, action: str = "view") -> bool:
        """Only its addressee reads it or marks it read."""
        return getattr(user, "is_authenticated", False) and user.id == self.user_id

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = utcnow()


class Webhook(db.Model):
    """A group-chat robot: messages for one 处室 or one leader go to its URL, signed with its secret."""

    __tablename__ = "webhooks"
    audit_type = "webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    url: Mapped[str] = mapped_column(sa.String(500))
    secret: Mapped[str] = mapped_column(sa.String(200), default="")
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    department: Mapped[Department | None] = relationship(lazy="joined")
    leader: Mapped[User | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name

    @property
    def target_label(self) -> str:
        if self.department is not None:
            return f"处室：{self.department.name}"
        return f"局领导：{self.leader.name}" if self.leader is not None else "（未指定）"

    @property
    def masked_secret(self) -> str:
        return (self.secret[:4] + "…" + self.secret[-2:]) if len(self.secret) > 8 else ("已设置" if self.secret else "未设置")

    def can(self, user, action: str = "view") -> bool:
        return getattr(user, "is_authenticated", False) and user.has_role(Role.ADMIN)

    def _set(self, values: dict) -> None:
        for key, value in values.items():
            if key != "secret" or value is not None:  # no secret (None) keeps the stored one (it is never shown again)
                setattr(self, key, value)

    @classmethod
    def create(cls, **values) -> "Webhook":
        """A new robot (name, url, secret, department_id or leader_id, active), audited."""
        hook = cls()
        hook._set(values)
        db.session.add(hook)
        audit.record("create", hook, summary=f"新建群机器人“{hook.name}”")
        return hook

    def edit(self, **values) -> None:
        """Change the robot; audited when something changed, the secret masked."""
        self._set(values)
        changes = audit.diff(self)
        if "secret" in changes:
            changes["secret"] = ["（旧密钥）" if changes["secret"][0] else "", "（新密钥）"]
        if changes:
            audit.record("update", self, summary=f"修改群机器人“{self.name}”", changes=changes)

    def record_test(self) -> None:
        """The audit entry of a test message (sent after the commit)."""
        audit.record("test_webhook", self, summary=f"向群机器人“{self.name}”发送测试消息")


class WebhookDelivery(db.Model):
    """One message to a webhook and how its delivery went (attempts, last HTTP status or error)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (sa.UniqueConstraint("webhook_id", "key", name="uq_webhook_deliveries_webhook_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(sa.ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_status: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    webhook: Mapped[Webhook] = relationship(lazy="joined")

    @property
    def status_label(self) -> str:
        return DELIVERY_STATUS_LABELS.get(self.status, self.status)
