"""The daily jobs: send-reminders (reception days) and send-digest (the digest to users and robots)."""
from __future__ import annotations

from datetime import datetime

import click
from sqlalchemy.exc import IntegrityError

from extensions import db
from services.notify import send_digests
from services.reception.reminders import send_reminders


@click.command("send-reminders")
@click.option("--days", type=int, default=None, help="接访日前几天提醒领导（默认取配置 RECEPTION_REMINDER_DAYS）")
def send_reminders_command(days):
    """Reception-day reminders to leaders (run daily); also keeps a year of reception days generated."""
    from services.reception.schedule import extend_all

    try:
        results = extend_all()
        db.session.commit()
    except IntegrityError:  # another server generated the same occurrences at the same moment (unique rule + slot)
        db.session.rollback()
        results = []
    created = sum(len(r.created) for r in results)
    run = send_reminders(days_before=days)
    click.echo(f"接访日已排至一年后（本次新增 {created} 个）；{run.summary}。")


@click.command("send-digest")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="按哪一天生成（默认今天）")
def send_digest_command(on: datetime | None):
    """Daily digest to every user (in-app, e-mail) and to the group-chat robots; safe to run twice."""
    run = send_digests(on.date() if on else None)
    click.echo(run.summary + "。")
