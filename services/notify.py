"""Notifications that reach people: the daily digest per user (in-app, and by e-mail when SMTP is configured),
the group-chat robots (webhooks) per 处室 or leader, and the in-app unread count.

The digest is the 工作台 itself: its red and yellow lines (overdue, due soon, urged, waiting for the user)
come from ``services.workbench.workbench_for`` — the same query functions, so a digest's number is the
number on the 工作台 and on the list it opens — plus tomorrow's reception days (with their bookings) and
planned 下访/约访 the user may see.

Once per user per day: a notification is unique per (user, ``digest:<date>``); the job commits each one on
its own, so a second run — on this server or another at the same moment — fails to insert it and sends
nothing. Sending is claimed with a conditional UPDATE that only one run can win (``_claim``).

Webhook message format (DingTalk / WeCom style custom robot)::

    POST <url>[?|&]timestamp=<ms since epoch>&sign=<urlencoded base64(HMAC-SHA256(key=secret, "<timestamp>\\n<secret>"))>
    Content-Type: application/json; charset=utf-8
    {"msgtype": "text", "text": {"content": "【连心】…"}}

Without a secret the URL is used as it is (WeCom robots carry their key in the URL). A response other than
2xx, or a JSON body whose ``errcode`` is not 0, is a failure: retried ``WEBHOOK_ATTEMPTS`` times in all,
waiting ``WEBHOOK_BACKOFF_SECONDS`` before the first retry and twice as long before each next; every
attempt is logged on the delivery (attempts, last HTTP status, last error) and a failed delivery is tried
again by the next run of the job the same day.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import smtplib
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError

from extensions import db
from models.notifications import Notification, Webhook, WebhookDelivery
from models.org import Role, User
from models.reception import ReceptionDay, ReceptionRecord, RecordKind, booking_totals, visible_days, visible_records
from services import workbench
from rules import clock
from rules.clock import day_and_weekday, utcnow
from services.links import url_context

log = logging.getLogger(__name__)

CLAIM_STALE = timedelta(minutes=10)  # a claim older than this belongs to a run that died: take it over
MAX_EMAIL_ATTEMPTS = 3


# ---------------------------------------------------------------------------
# What a digest says
# ---------------------------------------------------------------------------


def digest_items(user: User, today: date) -> list[dict]:
    """The lines of ``user``'s digest: the 工作台's red and yellow counts, then tomorrow's reception duties."""
    items: list[dict] = []
    for panel in workbench.workbench_for(user):
        for item in panel["items"]:
            if item.get("count") and item.get("level") in ("red", "yellow"):
                items.append({"label": f"{panel['title']}：{item['label']}", "count": item["count"], "url": item["url"], "level": item["level"]})
    tomorrow = today + timedelta(days=1)
    days = db.session.scalars(
        visible_days(user).where(ReceptionDay.date == tomorrow, ReceptionDay.cancelled.is_(False)).order_by(ReceptionDay.starts_at)
    ).all()
    totals = booking_totals([d.id for d in days])
    for d in days:
        n, people = totals.get(d.id, (0, 0))
        who = "您" if d.leader_id == user.id else d.leader.name
        items.append({"label": f"明天 {day_and_weekday(d.date)} {d.time_range} {who}在{d.place}接访", "count": None,
                      "url": url_for("reception.day_detail", day_id=d.id), "level": None})
        if n:
            items.append({"label": f"明天接访的预约（{d.leader.name}）：{n} 批 {people} 人", "count": n,
                          "url": url_for("reception.bookings", day=d.id), "level": None})
    planned = db.session.scalars(
        visible_records(user).where(
            ReceptionRecord.received_on == tomorrow, ReceptionRecord.kind != RecordKind.ONSITE,
            ReceptionRecord.cancelled.is_(False), ReceptionRecord.starts_at.is_not(None),
        ).order_by(ReceptionRecord.starts_at)
    ).all()
    for r in planned:
        items.append({"label": f"明天 {r.time_range} {r.leader.name}{r.kind.label}：{r.place or r.visitors}", "count": None,
                      "url": url_for("reception.record_detail", record_id=r.id), "level": None})
    return items


def digest_title(today: date) -> str:
    return f"{day_and_weekday(today)}每日提醒"


def digest_text(heading: str, items: list[dict], base_url: str) -> str:
    """Plain text for e-mail and group chats: one line per item, with its link."""
    lines = [heading, ""]
    for item in items:
        count = f" {item['count']} 件" if item.get("count") and item.get("level") else ""
        mark = {"red": "【超期】", "yellow": "【临期】"}.get(item.get("level") or "", "")
        lines.append(f"· {mark}{item['label']}{count}")
        lines.append(f"  {base_url.rstrip('/')}{item['url']}")
    lines += ["", f"{current_app.config.get('BUREAU_NAME', '')} · 连心"]
    return "\n".join(lines)


def _base_url() -> str:
    return current_app.config.get("BASE_URL") or "http://localhost"


def make_digests(today: date, users=None) -> list[Notification]:
    """Today's digest of every active user who has something in it (not added to the session)."""
    if users is None:
        users = db.session.scalars(sa.select(User).where(User.active).order_by(User.id)).all()
    mail = bool(current_app.config.get("MAIL_SERVER"))
    out = []
    with url_context():
        for user in users:
            items = digest_items(user, today)
            if not items:
                continue
            title = digest_title(today)
            out.append(Notification(
                user_id=user.id, kind="digest", key=f"digest:{today.isoformat()}", title=title, items=items,
                body=digest_text(f"{user.name}：{title}", items, _base_url()), url=url_for("main.home"),
                email_status="pending" if mail and user.email else "",
            ))
    return out


# ---------------------------------------------------------------------------
# The daily job
# ---------------------------------------------------------------------------


@dataclass
class DigestRun:
    created: list[Notification] = field(default_factory=list)
    existing: int = 0
    emailed: int = 0
    email_failed: int = 0
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    delivered: int = 0
    delivery_failed: int = 0

    @property
    def summary(self) -> str:
        text = f"每日提醒新建 {len(self.created)} 条（今天已发过的 {self.existing} 条不重发）"
        if self.emailed or self.email_failed:
            text += f"，邮件发送 {self.emailed} 封" + (f"、失败 {self.email_failed} 封" if self.email_failed else "")
        if self.deliveries or self.delivered or self.delivery_failed:
            text += f"；群机器人新消息 {len(self.deliveries)} 条，送达 {self.delivered} 条" + (f"、失败 {self.delivery_failed} 条" if self.delivery_failed else "")
        return text


def _insert_once(obj) -> bool:
    """Commit one row on its own; False when its unique key is already there (another run made it)."""
    db.session.add(obj)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def send_digests(today: date | None = None) -> DigestRun:
    """Make today's digests (each at most once per user), e-mail them, and post the group-chat messages."""
    today = today or clock.today()
    run = DigestRun()
    digests = make_digests(today)
    for n in digests:
        if _insert_once(n):
            run.created.append(n)
        else:
            run.existing += 1
    if current_app.config.get("MAIL_SERVER"):
        _email_pending(run)
    _make_deliveries(today, run)
    deliver_pending(run)
    return run


def _claim(model, row_id: int, where, values: dict) -> bool:
    """Take the row for sending if it still is as this run saw it (one run wins; the others get 0 rows)."""
    result = db.session.execute(
        sa.update(model).where(model.id == row_id, where).values(**values).execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _email_pending(run: DigestRun) -> None:
    now = utcnow()
    stale = now - CLAIM_STALE
    sendable = sa.or_(
        Notification.email_status.in_(("pending", "failed")),
        sa.and_(Notification.email_status == "sending", Notification.email_claimed_at < stale),
    )
    pending = db.session.execute(
        sa.select(Notification.id, Notification.email_attempts)
        .where(sendable, Notification.email_attempts < MAX_EMAIL_ATTEMPTS, Notification.created_at >= now - timedelta(days=1))
        .order_by(Notification.id)
    ).all()
    if not pending:
        return
    cfg = current_app.config
    try:
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg.get("MAIL_PORT") or 25), timeout=15)
    except OSError as exc:
        log.warning("cannot reach the mail server: %s", exc)
        run.email_failed += len(pending)
        return
    with smtp:
        for row_id, attempts in pending:
            if not _claim(Notification, row_id, sa.and_(sendable, Notification.email_attempts == attempts),
                          {"email_status": "sending", "email_attempts": attempts + 1, "email_claimed_at": utcnow()}):
                continue
            n = db.session.get(Notification, row_id)
            db.session.refresh(n)
            if not n.user.email or not n.user.active:
                n.email_status, n.email_error = "failed", "用户没有邮箱或已停用"
                db.session.commit()
                continue
            msg = EmailMessage()
            msg["Subject"] = f"【连心】{n.title}"
            msg["From"] = cfg.get("MAIL_SENDER", "lianxin@localhost")
            msg["To"] = n.user.email
            msg.set_content(n.body)
            try:
                smtp.send_message(msg)
            except smtplib.SMTPException as exc:
                log.warning("mail to %s failed: %s", n.user.email, exc)
                n.email_status, n.email_error = "failed", str(exc)[:500]
                run.email_failed += 1
            else:
                n.email_status, n.emailed_at, n.email_error = "sent", utcnow(), ""
                run.emailed += 1
            db.session.commit()


# ---------------------------------------------------------------------------
# Webhooks (group-chat robots)
# ---------------------------------------------------------------------------


def webhook_reader(webhook: Webhook) -> User | None:
    """Whose digest a group gets: the leader's, or the 处室's (as its head sees it, else a handler)."""
    if webhook.leader_id is not None:
        return webhook.leader if webhook.leader is not None and webhook.leader.active else None
    staff = db.session.scalars(
        sa.select(User).where(User.active, User.department_id == webhook.department_id).order_by(User.id)
    ).all()
    return next((u for u in staff if u.has_role(Role.HEAD)), None) or next((u for u in staff if u.has_role(Role.HANDLER)), None)


def _make_deliveries(today: date, run: DigestRun) -> None:
    hooks = db.session.scalars(sa.select(Webhook).where(Webhook.active).order_by(Webhook.id)).all()
    with url_context():
        for hook in hooks:
            reader = webhook_reader(hook)
            if reader is None:
                continue
            items = digest_items(reader, today)
            if not items:
                continue
            group = hook.leader.name if hook.leader_id else hook.department.name
            text = digest_text(f"【连心】{group}{digest_title(today)}", items, _base_url())
            delivery = WebhookDelivery(webhook_id=hook.id, key=f"digest:{today.isoformat()}", text=text)
            if _insert_once(delivery):
                run.deliveries.append(delivery)


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """The robot's URL with ``timestamp`` and ``sign`` (HMAC-SHA256 of "timestamp\\nsecret", keyed by the secret)."""
    if not secret:
        return url
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    sign = base64.b64encode(hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()).decode()
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp_ms}&sign={urllib.parse.quote_plus(sign)}"


def post_text(url: str, secret: str, text: str, timeout: float) -> tuple[int | None, str]:
    """One POST of a text message; returns (HTTP status, error text or "" when delivered)."""
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()
    request = urllib.request.Request(
        signed_url(url, secret, int(time.time() * 1000)), data=body, method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "Lianxin"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, answer = response.status, response.read(4000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return None, f"无法连接：{getattr(exc, 'reason', exc)}"
    except (ValueError, UnicodeError) as exc:  # an address urllib cannot send to
        return None, f"地址无效：{exc}"
    try:
        errcode = json.loads(answer).get("errcode", 0) if answer.strip() else 0
    except (ValueError, AttributeError):
        errcode = 0
    if errcode not in (0, None):
        return status, f"机器人返回错误：{answer[:300]}"
    return status, ""


def deliver(delivery: WebhookDelivery, attempts: int | None = None) -> bool:
    """Send one delivery, retrying with back-off; every attempt is written to the delivery. False if it failed
    or another run has it."""
    cfg = current_app.config
    attempts = attempts or int(cfg.get("WEBHOOK_ATTEMPTS", 3))
    backoff = float(cfg.get("WEBHOOK_BACKOFF_SECONDS", 2.0))
    timeout = float(cfg.get("WEBHOOK_TIMEOUT_SECONDS", 10))
    sendable = sa.or_(
        WebhookDelivery.status.in_(("pending", "failed")),
        sa.and_(WebhookDelivery.status == "sending", WebhookDelivery.claimed_at < utcnow() - CLAIM_STALE),
    )
    if not _claim(WebhookDelivery, delivery.id, sendable, {"status": "sending", "claimed_at": utcnow()}):
        return False
    db.session.refresh(delivery)
    hook = delivery.webhook
    for attempt in range(attempts):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        status, error = post_text(hook.url, hook.secret, delivery.text, timeout)
        delivery.attempts += 1
        delivery.last_status, delivery.last_error = status, error[:500]
        if not error:
            delivery.status, delivery.sent_at = "sent", utcnow()
            db.session.commit()
            return True
        log.warning("webhook %s (%s) attempt %d failed: %s", hook.id, hook.name, delivery.attempts, error)
        db.session.commit()
    delivery.status = "failed"
    db.session.commit()
    return False


def deliver_pending(run: DigestRun) -> None:
    """Today's undelivered messages (new ones, and those a previous run failed to deliver)."""
    since = utcnow() - timedelta(days=1)
    rows = db.session.scalars(
        sa.select(WebhookDelivery)
        .join(WebhookDelivery.webhook)
        .where(Webhook.active, WebhookDelivery.status.in_(("pending", "failed", "sending")), WebhookDelivery.created_at >= since)
        .order_by(WebhookDelivery.id)
    ).all()
    for delivery in rows:
        if deliver(delivery):
            run.delivered += 1
        elif delivery.status == "failed":
            run.delivery_failed += 1


def send_test(hook: Webhook) -> WebhookDelivery:
    """A test message from the admin page (one attempt, logged like the others)."""
    now = utcnow()
    delivery = WebhookDelivery(
        webhook_id=hook.id, key=f"test:{now.isoformat()}",
        text=f"【连心】测试消息：{hook.name}已接通。以后每天的提醒将发到这里。",
    )
    db.session.add(delivery)
    db.session.commit()
    deliver(delivery, attempts=1)
    return delivery


# ---------------------------------------------------------------------------
# In-app: the unread count of the navigation and the list it opens
# ---------------------------------------------------------------------------


def notifications_of(user, unread_only: bool = False):
    stmt = sa.select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return stmt


def unread_count(user) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(notifications_of(user, unread_only=True).subquery()))


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; how many there were."""
    ids = db.session.execute(notifications_of(user, unread_only=True).with_only_columns(Notification.id)).scalars().all()
    if ids:
        db.session.execute(Notification.__table__.update().where(Notification.id.in_(ids)).values(read_at=clock.utcnow()))
    return len(ids)
