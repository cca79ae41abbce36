"""Reminders: the leader hears of a reception day N days before (default 5) and of its bookings the day
before; in-app, by e-mail when SMTP is configured (after the commit); never twice."""
from datetime import date, datetime

import sqlalchemy as sa
import time_machine

from extensions import db
from models.reception import LeaderReminder
from rules.clock import CHINA
from services.reception.reminders import send_reminders
from tests.factories import make_booking, make_reception_day


def at(y, m, d, hh=8):
    return time_machine.travel(datetime(y, m, d, hh, 0, tzinfo=CHINA), tick=False)


def reminders():
    return db.session.scalars(sa.select(LeaderReminder).order_by(LeaderReminder.id)).all()


def test_five_days_before_and_the_bookings_the_day_before_once_each(app, world):
    day = make_reception_day(world.leader, date(2026, 12, 15))
    make_booking(day, people_count=2)
    make_booking(day, visitor_name="李秀英")
    other = make_reception_day(world.leader_b, date(2026, 12, 30))
    db.session.commit()
    with at(2026, 12, 9):
        assert send_reminders().created == []  # six days before: not yet
    with at(2026, 12, 10):
        run = send_reminders()
        assert [(r.user_id, r.kind, r.day_id) for r in run.created] == [(world.leader.id, "upcoming", day.id)]
        assert "12月15日（周二） 09:00–11:30 您在厅信访接待室（一楼）接访（5 天后）" in run.created[0].text
        assert send_reminders().created == []  # the job runs again: nothing twice
    with at(2026, 12, 14):
        run = send_reminders()
        assert [(r.kind, r.day_id) for r in run.created] == [("bookings", day.id)]
        assert "已预约 2 批 3 人" in run.created[0].text
    with at(2026, 12, 14, 18):
        assert send_reminders().created == []
    assert len(reminders()) == 2 and other.id


def test_the_number_of_days_is_configurable(app, world):
    app.config["RECEPTION_REMINDER_DAYS"] = 3
    make_reception_day(world.leader, date(2026, 12, 15))
    db.session.commit()
    with at(2026, 12, 11):
        assert send_reminders().created == []
    with at(2026, 12, 12):
        assert len(send_reminders().created) == 1


def test_cancelled_days_are_not_reminded_and_a_substitute_is(app, world):
    cancelled = make_reception_day(world.leader, date(2026, 12, 15))
    cancelled.cancelled = True
    swapped = make_reception_day(world.leader, date(2026, 12, 14))
    db.session.commit()
    with at(2026, 12, 10):
        send_reminders()
        swapped.substitute(world.leader_b, "出差", date(2026, 12, 10))
        db.session.commit()
    with at(2026, 12, 11):
        send_reminders()
    assert [(r.user_id, r.day_id) for r in reminders()] == [(world.leader.id, swapped.id), (world.leader_b.id, swapped.id)]
    assert "此为换班安排：出差" in reminders()[1].text


class FakeSMTP:
    sent: list = []
    seen_in_database: list = []

    def __init__(self, host, port, timeout=None):
        self.host, self.port = host, port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, msg):
        # Sent only after the commit: another connection already sees the reminder.
        with db.engine.connect() as conn:
            FakeSMTP.seen_in_database.append(conn.execute(sa.text("SELECT COUNT(*) FROM leader_reminders")).scalar())
        FakeSMTP.sent.append(msg)


def test_e_mail_when_smtp_is_configured_after_the_commit_and_once(app, world, monkeypatch):
    import smtplib

    FakeSMTP.sent, FakeSMTP.seen_in_database = [], []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    world.leader.email = "wangzh@example.gov.cn"
    make_reception_day(world.leader, date(2026, 12, 15))
    db.session.commit()
    with at(2026, 12, 10):
        send_reminders()  # no MAIL_SERVER: in-app only
        assert FakeSMTP.sent == []
        app.config["MAIL_SERVER"] = "smtp.intra"
        run = send_reminders()  # the unsent reminder goes out now
        assert run.emailed == 1 and FakeSMTP.seen_in_database == [1]
        send_reminders()
    [msg] = FakeSMTP.sent
    assert msg["To"] == "wangzh@example.gov.cn" and msg["Subject"] == "【连心】接访日提醒"
    assert "12月15日" in msg.get_content()
    assert reminders()[0].emailed_at is not None


def test_the_cli_command_is_idempotent(app, world, runner):
    make_reception_day(world.leader, date(2026, 12, 15))
    db.session.commit()
    with at(2026, 12, 10):
        first = runner.invoke(args=["send-reminders"])
        second = runner.invoke(args=["send-reminders", "--days", "5"])
    assert first.exit_code == 0, first.output
    assert "新提醒 1 条" in first.output and "新提醒 0 条" in second.output
    assert len(reminders()) == 1


def test_the_leader_sees_the_reminder_on_the_workbench(app, world, as_user):
    day = make_reception_day(world.leader, date(2026, 12, 15))
    db.session.commit()
    with at(2026, 12, 10):
        send_reminders()
        page = as_user("leader").get("/").get_data(as_text=True)
        other = as_user("leader_b").get("/").get_data(as_text=True)
    assert "接访提醒" in page and "您在厅信访接待室（一楼）接访" in page and f"/reception/days/{day.id}" in page
    assert "您在厅信访接待室（一楼）接访" not in other


def test_an_e_mail_another_run_has_claimed_is_not_sent_and_a_failed_one_is_tried_again(app, world, monkeypatch):
    import smtplib

    class ClaimingSMTP(FakeSMTP):
        """While this run sends its first message, another run (another server) claims the second reminder."""

        def send_message(self, msg):
            with db.engine.begin() as conn:
                conn.execute(sa.text("UPDATE leader_reminders SET emailed_at = CURRENT_TIMESTAMP WHERE emailed_at IS NULL"))
            FakeSMTP.sent.append(msg)

    FakeSMTP.sent = []
    app.config["MAIL_SERVER"] = "smtp.intra"
    world.leader.email, world.leader_b.email = "wangzh@example.gov.cn", "liuwq@example.gov.cn"
    make_reception_day(world.leader, date(2026, 12, 15))
    make_reception_day(world.leader_b, date(2026, 12, 14))
    db.session.commit()
    monkeypatch.setattr(smtplib, "SMTP", ClaimingSMTP)
    with at(2026, 12, 10):
        run = send_reminders()
    assert run.emailed == 1 and len(FakeSMTP.sent) == 1  # the other reminder is the other run's to send

    class FailingSMTP(FakeSMTP):
        def send_message(self, msg):
            raise smtplib.SMTPRecipientsRefused({msg["To"]: (550, b"no")})

    make_reception_day(world.leader, date(2026, 12, 16))
    db.session.commit()
    monkeypatch.setattr(smtplib, "SMTP", FailingSMTP)
    with at(2026, 12, 11):
        assert send_reminders().email_failed == 1
    assert [r.emailed_at is None for r in reminders()] == [False, False, True]  # released, not marked sent
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    with at(2026, 12, 11):
        assert send_reminders().emailed == 1
