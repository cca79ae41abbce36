"""Reminders to leaders: a reception day coming up (N days before, default 5) and the bookings the day
before. In-app (on the 工作台) and, when ``MAIL_SERVER`` is set, by e-mail after the commit.

``send_reminders`` is idempotent: a leader gets each reminder of a day once (a unique constraint backs
the check), however often the job runs and on however many servers at once; its e-mail is claimed with a
conditional UPDATE before it is sent, so two runs never both send it. ``flask --app app send-reminders``
runs it (daily from cron), after topping up every rule's occurrences to a year ahead.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError

from extensions import db
from models.notifications import Notification
from models.org import Role
from models.reception import (
    LeaderReminder,
    ReceptionDay,
    ReceptionRecord,
    booking_totals,
    visible_records,
)
from rules import clock
from rules.clock import day_and_weekday, utcnow
from services.links import url_context

log = logging.getLogger(__name__)

# The leader's panel on the 工作台 lists their own calendar this many days ahead.
AGENDA_PANEL_DAYS = 7


@dataclass
class ReminderRun:
    created: list[LeaderReminder] = field(default_factory=list)
    emailed: int = 0
    email_failed: int = 0

    @property
    def summary(self) -> str:
        text = f"新提醒 {len(self.created)} 条"
        if self.emailed or self.email_failed:
            text += f"，邮件发送 {self.emailed} 封" + (f"，失败 {self.email_failed} 封" if self.email_failed else "")
        return text


def due_reminders(today: date, days_before: int) -> list[LeaderReminder]:
    """The reminders that should exist today and do not yet (not added to the session)."""
    days = db.session.scalars(
        sa.select(ReceptionDay)
        .where(ReceptionDay.date > today, ReceptionDay.date <= today + timedelta(days=max(days_before, 1)), ReceptionDay.cancelled.is_(False))
        .order_by(ReceptionDay.starts_at)
    ).all()
    if not days:
        return []
    sent = set(
        db.session.execute(
            sa.select(LeaderReminder.user_id, LeaderReminder.kind, LeaderReminder.day_id).where(
                LeaderReminder.day_id.in_([d.id for d in days])
            )
        ).all()
    )
    totals = booking_totals([d.id for d in days])
    due = []
    for d in days:
        left = (d.date - today).days
        if left <= days_before and (d.leader_id, "upcoming", d.id) not in sent:
            text = f"{day_and_weekday(d.date)} {d.time_range} 您在{d.place}接访（{left} 天后）。"
            if d.swapped:
                text += f"此为换班安排：{d.swap_reason}"
            due.append(LeaderReminder(user_id=d.leader_id, kind="upcoming", day_id=d.id, text=text[:500]))
        if left == 1 and (d.leader_id, "bookings", d.id) not in sent:
            n, people = totals.get(d.id, (0, 0))
            text = f"明天 {day_and_weekday(d.date)} {d.time_range} 接访：" + (f"已预约 {n} 批 {people} 人，请查看预约名单。" if n else "暂无预约。")
            due.append(LeaderReminder(user_id=d.leader_id, kind="bookings", day_id=d.id, text=text))
    return due


def reminder_notifications(reminders: list[LeaderReminder]) -> list[Notification]:
    """The in-app copy of each reminder, in the leader's notification list (its e-mail is sent from here)."""
    out = []
    for r in reminders:
        title = "接访日提醒" if r.kind == "upcoming" else "明日接访预约"
        with url_context():
            url = url_for("reception.bookings", day=r.day_id) if r.kind == "bookings" else url_for("reception.day_detail", day_id=r.day_id)
        out.append(Notification(user_id=r.user_id, kind="reminder", key=f"reminder:{r.kind}:{r.day_id}", title=title, body=r.text, url=url, items=[]))
    return out


def send_reminders(today: date | None = None, days_before: int | None = None) -> ReminderRun:
    """Create today's reminders, commit, then e-mail the unsent ones (only after the commit)."""
    today = today or clock.today()
    if days_before is None:
        days_before = int(current_app.config["RECEPTION_REMINDER_DAYS"])
    run = ReminderRun()
    due = due_reminders(today, days_before)
    try:
        db.session.add_all(due)
        db.session.flush()  # ids for the notifications' links; may already meet another run's rows
        db.session.add_all(reminder_notifications(due))
        db.session.commit()
    except IntegrityError:  # another run made them at the same moment: nothing is sent twice
        db.session.rollback()
        due = []
    run.created = due
    if current_app.config.get("MAIL_SERVER"):
        _email_unsent(today, run)
    return run


def _email_unsent(today: date, run: ReminderRun) -> None:
    pending = db.session.scalars(
        sa.select(LeaderReminder)
        .join(LeaderReminder.day)
        .where(LeaderReminder.emailed_at.is_(None), ReceptionDay.date >= today)
        .order_by(LeaderReminder.id)
    ).all()
    cfg = current_app.config
    pending = [r for r in pending if r.user.email and r.user.active]
    if not pending:
        return
    try:
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg.get("MAIL_PORT") or 25), timeout=15)
    except OSError as exc:
        log.warning("cannot reach the mail server: %s", exc)
        run.email_failed += len(pending)
        return
    with smtp:
        for reminder in pending:
            if not _claim_email(reminder.id):
                continue  # another run (on this server or another) is sending it
            msg = EmailMessage()
            msg["Subject"] = "【连心】" + ("接访日提醒" if reminder.kind == "upcoming" else "明日接访预约")
            msg["From"] = cfg.get("MAIL_SENDER", "lianxin@localhost")
            msg["To"] = reminder.user.email
            msg.set_content(f"{reminder.user.name}：\n\n{reminder.text}\n\n请登录连心查看日程与预约名单。\n\n{cfg.get('BUREAU_NAME', '')} · 连心")
            try:
                smtp.send_message(msg)
            except smtplib.SMTPException as exc:
                log.warning("mail to %s failed: %s", reminder.user.email, exc)
                db.session.execute(sa.update(LeaderReminder).where(LeaderReminder.id == reminder.id).values(emailed_at=None))
                db.session.commit()  # released: the next run tries again
                run.email_failed += 1
                continue
            run.emailed += 1


def _claim_email(reminder_id: int) -> bool:
    """Mark the reminder e-mailed before sending it, if no other run has: a conditional UPDATE only one run wins
    (two servers running the job at the same minute send it once)."""
    result = db.session.execute(
        sa.update(LeaderReminder)
        .where(LeaderReminder.id == reminder_id, LeaderReminder.emailed_at.is_(None))
        .values(emailed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1
# ---------------------------------------------------------------------------
# 工作台 panels
# ---------------------------------------------------------------------------


def reception_panels(user) -> list[dict]:
    panels: list[dict] = []
    today = clock.today()
    if user.has_role(Role.LEADER):
        reminders = db.session.scalars(
            sa.select(LeaderReminder)
            .join(LeaderReminder.day)
            .where(LeaderReminder.user_id == user.id, ReceptionDay.date >= today, ReceptionDay.cancelled.is_(False), ReceptionDay.leader_id == user.id)
            .order_by(ReceptionDay.date, LeaderReminder.kind.desc())
            .limit(10)
        ).all()
        items = [
            {
                "label": r.text,
                "url": url_for("reception.bookings", day=r.day_id) if r.kind == "bookings" else url_for("reception.day_detail", day_id=r.day_id),
                "level": "yellow" if r.kind == "bookings" else None,
            }
            for r in reminders
        ]
        panels.append({"title": "接访提醒", "items": items, "empty": "近期没有接访日提醒。"})
        # What is next in the leader's own calendar (the reason most leaders open Lianxin).
        from services.agenda import entries
        from rules.clock import local_to_utc

        start = local_to_utc(datetime.combine(today, time()))
        upcoming = entries([user.id], start, start + timedelta(days=AGENDA_PANEL_DAYS + 1))[:8]
        agenda_items = [
            {"label": f"{day_and_weekday(e.local_date)} {e.time_range} {e.title}", "url": e.url() or url_for("calendar.index")} for e in upcoming
        ]
        agenda_items.append({"label": "查看我的日程（月 / 周 / 列表）", "url": url_for("calendar.index")})
        panels.append({"title": f"我的近期日程（{AGENDA_PANEL_DAYS} 天内）", "items": agenda_items})
    if user.is_department_staff:
        panels.append(_records_panel(user, today, "本处室接访交办事项"))
    if user.has_role(Role.OFFICE):
        from services.reception.schedule import upcoming_days_query

        upcoming = db.session.scalar(sa.select(sa.func.count()).select_from(upcoming_days_query(user, today, 14).subquery()))
        panel = _records_panel(user, today, "领导接访")
        panel["items"].insert(0, {"label": "两周内接访日", "url": url_for("reception.index", within=14), "count": upcoming})
        panels.append(panel)
    return panels


def _records_panel(user, today: date, title: str) -> dict:
    from services.reception.schedule import deadline_rules

    yellow = deadline_rules().yellow_days
    items = []
    for level, label in (("red", "超期"), ("yellow", "临期"), ("green", "办理中")):
        rows = visible_records(user).where(ReceptionRecord.level_clause(level, today, yellow), ReceptionRecord.department_id.is_not(None))
        n = db.session.scalar(sa.select(sa.func.count()).select_from(rows.subquery()))
        if n:
            items.append({"label": f"交办事项·{label}", "url": url_for("reception.records", level=level), "count": n, "level": level})
    from services.reception.schedule import moved_earlier_records_clause

    rows = visible_records(user).where(moved_earlier_records_clause())
    n = db.session.scalar(sa.select(sa.func.count()).select_from(rows.subquery()))
    if n:
        items.insert(0, {"label": "交办事项·期限因节假日安排调整提前", "url": url_for("reception.records", moved="earlier"), "count": n, "level": "red"})
    return {"title": title, "items": items, "empty": "暂无未办结的接访交办事项。"}
