"""Notifications that reach people: the daily digest (the 工作台's own counts, tomorrow's reception duties),
once per user per day however often and wherever the job runs; by e-mail when SMTP is configured; group-chat
robots signed like DingTalk's, retried with back-off and logged (tested against a receiver on 127.0.0.1);
the in-app list behind the navigation's unread count."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa
import time_machine

from extensions import db
from models.notifications import Notification, Webhook, WebhookDelivery
from services import notify
from rules.clock import CHINA
from services.reception.reminders import send_reminders
from tests.conftest import IS_POSTGRES, login
from tests.factories import make_booking, make_reception_day, make_record


def at(y, m, d, hh=7):
    return time_machine.travel(datetime(y, m, d, hh, 30, tzinfo=CHINA), tick=False)


def switch(client, username):
    with client.session_transaction() as sess:
        sess.clear()
    login(client, username)


def notes(user=None):
    stmt = sa.select(Notification).order_by(Notification.id)
    if user is not None:
        stmt = stmt.where(Notification.user_id == user.id)
    return db.session.scalars(stmt).all()


@pytest.fixture
def busy(app, world):
    """On 2026-12-01: a reception matter of 大气环境处 past its acceptance deadline, and the leader receives
    tomorrow with one booking of 3 people."""
    w = world
    w.overdue = make_record(w.leader, received_on=date(2026, 11, 2), department=w.air)
    w.tomorrow = make_reception_day(w.leader, date(2026, 12, 2))
    make_booking(w.tomorrow, people_count=3, booked_on=date(2026, 11, 25))
    db.session.commit()
    return w


def test_the_digest_is_the_workbench_and_every_count_opens_a_list_as_long(client, busy):
    w = busy
    with at(2026, 12, 1):
        with notify.url_context():
            items = notify.digest_items(w.handler_a, date(2026, 12, 1))
        [overdue] = [i for i in items if i["level"] == "red"]
        assert overdue["label"] == "本处室接访交办事项：交办事项·超期" and overdue["count"] == 1
        login(client, "handler_a")
        assert overdue["url"] in client.get("/").text  # the line of the 工作台
        assert "共 1 条" in client.get(overdue["url"]).text  # the list it opens
        with notify.url_context():
            leader_items = notify.digest_items(w.leader, date(2026, 12, 1))
        labels = [i["label"] for i in leader_items]
        assert "明天 12月2日（周三） 09:00–11:30 您在厅信访接待室（一楼）接访" in labels
        assert "明天接访的预约（王振华）：1 批 3 人" in labels
        # Nobody is told of what they may not open: the other 处室's head has nothing.
        with notify.url_context():
            assert notify.digest_items(w.head_b, date(2026, 12, 1)) == []


def test_once_per_user_per_day_however_often_the_job_runs(runner, busy):
    with at(2026, 12, 1):
        first = runner.invoke(args=["send-digest"])
        second = runner.invoke(args=["send-digest"])
    assert first.exit_code == 0, first.output
    made = notes()
    assert {n.user.username for n in made} == {"handler_a", "head_a", "leader", "office"}
    assert "每日提醒新建 4 条" in first.output and "每日提醒新建 0 条（今天已发过的 4 条不重发）" in second.output
    with at(2026, 12, 2):
        runner.invoke(args=["send-digest"])
    assert len(notes()) > 4  # a new day, a new digest
    assert {n.key for n in notes(busy.handler_a)} == {"digest:2026-12-01", "digest:2026-12-02"}


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout=None):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, msg):
        FakeSMTP.sent.append(msg)


def test_two_servers_at_the_same_moment_send_one_digest_and_one_mail(app, busy, monkeypatch):
    import smtplib

    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.intra", BASE_URL="https://lianxin.example.gov.cn")
    busy.handler_a.email = "zhoulw@example.gov.cn"
    db.session.commit()
    computed = threading.Barrier(2, timeout=20)
    original = notify.make_digests

    def make_then_wait(today, users=None):
        made = original(today, users)
        computed.wait()  # both have computed their digests before either inserts
        return made

    monkeypatch.setattr(notify, "make_digests", make_then_wait)
    runs, errors = [], []

    def server():
        try:
            with app.app_context():
                runs.append(notify.send_digests())
                db.session.remove()
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=server) for _ in range(2)]
    with at(2026, 12, 1):  # one frozen clock for both "servers"
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert errors == []
    # Each user's digest was inserted by exactly one of the two runs (which one is a race).
    assert sum(len(r.created) for r in runs) == 4 and [len(r.created) + r.existing for r in runs] == [4, 4]
    assert len(notes()) == 4
    [mail] = FakeSMTP.sent
    assert mail["To"] == "zhoulw@example.gov.cn" and mail["Subject"] == "【连心】12月1日（周二）每日提醒"
    body = mail.get_content()
    assert "【超期】本处室接访交办事项：交办事项·超期 1 件" in body
    assert "https://lianxin.example.gov.cn/reception/records?level=red" in body
    [mine] = notes(busy.handler_a)
    assert mine.email_status == "sent" and mine.email_attempts == 1


# ---------------------------------------------------------------------------
# Group-chat robots against a receiver on 127.0.0.1
# ---------------------------------------------------------------------------


class Receiver:
    """A robot endpoint on 127.0.0.1 answering with the scripted statuses (then 200), shut down by the test
    and, whatever happens, by itself after 30 seconds."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                receiver.requests.append({"path": self.path, "body": self.rfile.read(length), "type": self.headers.get("Content-Type")})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                answer = json.dumps({"errcode": 0 if status == 200 else 310000, "errmsg": "ok" if status == 200 else "busy"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?access_token=t0k"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.guard = threading.Timer(30, self.server.shutdown)

    def __enter__(self):
        self.thread.start()
        self.guard.start()
        return self

    def __exit__(self, *exc):
        self.guard.cancel()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def _check_signature(path: str, secret: str) -> dict:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()).decode()
    assert sign == expected and query["access_token"] == ["t0k"]
    return query


def test_a_department_group_gets_its_digest_signed_retried_and_logged(app, runner, busy):
    app.config.update(WEBHOOK_BACKOFF_SECONDS=0.01, BASE_URL="https://lianxin.example.gov.cn")
    with Receiver(statuses=[500, 503]) as robot:
        hook = Webhook(name="大气环境处工作群", url=robot.url, secret="SECabc123", department_id=busy.air.id)
        db.session.add(hook)
        db.session.commit()
        with at(2026, 12, 1):
            result = runner.invoke(args=["send-digest"])
            runner.invoke(args=["send-digest"])  # the second run sends nothing more
    assert "群机器人新消息 1 条，送达 1 条" in result.output
    assert len(robot.requests) == 3  # two failures, then delivered
    for req in robot.requests:
        _check_signature(req["path"], "SECabc123")
        assert req["type"] == "application/json; charset=utf-8"
    message = json.loads(robot.requests[-1]["body"])
    assert message["msgtype"] == "text"
    assert message["text"]["content"].startswith("【连心】大气环境处12月1日（周二）每日提醒")
    assert "【超期】本处室接访交办事项：交办事项·超期 1 件" in message["text"]["content"]
    [delivery] = db.session.scalars(sa.select(WebhookDelivery)).all()
    assert (delivery.status, delivery.attempts, delivery.last_status, delivery.last_error) == ("sent", 3, 200, "")


def test_a_failed_delivery_is_logged_and_tried_again_by_the_next_run(app, busy):
    app.config.update(WEBHOOK_BACKOFF_SECONDS=0.01, WEBHOOK_ATTEMPTS=2)
    with Receiver(statuses=[500, 500]) as robot:
        db.session.add(Webhook(name="王振华秘书群", url=robot.url, secret="", leader_id=busy.leader.id))
        db.session.commit()
        with at(2026, 12, 1):
            run = notify.send_digests()
            [delivery] = db.session.scalars(sa.select(WebhookDelivery)).all()
            assert (run.delivery_failed, delivery.status, delivery.attempts, delivery.last_status) == (1, "failed", 2, 500)
            assert "HTTP 500" in delivery.last_error
            later = notify.send_digests()
    assert later.delivered == 1 and len(robot.requests) == 3
    assert "timestamp=" not in robot.requests[0]["path"]  # no secret: the URL as it is
    db.session.refresh(delivery)
    assert delivery.status == "sent" and delivery.attempts == 3
    assert "明天 12月2日（周三） 09:00–11:30 您在厅信访接待室（一楼）接访" in delivery.text


def test_retries_back_off_doubling_the_wait(app, busy, monkeypatch):
    app.config.update(WEBHOOK_BACKOFF_SECONDS=0.5, WEBHOOK_ATTEMPTS=4)
    waits = []
    monkeypatch.setattr(notify.time, "sleep", waits.append)
    with Receiver(statuses=[500, 500, 500]) as robot:
        db.session.add(Webhook(name="大气环境处工作群", url=robot.url, department_id=busy.air.id))
        db.session.commit()
        with at(2026, 12, 1):
            run = notify.send_digests()
    assert waits == [0.5, 1.0, 2.0] and len(robot.requests) == 4 and run.delivered == 1


def test_an_unreachable_robot_is_a_logged_failure_not_a_crash(app, busy):
    app.config.update(WEBHOOK_BACKOFF_SECONDS=0.01)
    with Receiver() as robot:
        url = robot.url
    db.session.add(Webhook(name="大气环境处工作群", url=url, department_id=busy.air.id))  # nobody listens any more
    db.session.commit()
    with at(2026, 12, 1):
        run = notify.send_digests()
    [delivery] = db.session.scalars(sa.select(WebhookDelivery)).all()
    assert run.delivery_failed == 1 and delivery.status == "failed" and delivery.attempts == 3
    assert delivery.last_status is None and delivery.last_error.startswith("无法连接")


def test_the_admin_configures_a_robot_and_sends_a_test_message(client, app, world):
    login(client, "admin")
    bad = client.post("/admin/webhooks/new", data={"name": "大气环境处工作群", "url": "ftp://x", "department_id": "0", "leader_id": "0"})
    assert bad.status_code == 422
    assert "地址须以 http:// 或 https:// 开头" in bad.text and "请在处室和局领导中选择且只选择一个" in bad.text
    assert 'value="大气环境处工作群"' in bad.text  # nothing typed is lost
    with Receiver() as robot:
        created = client.post("/admin/webhooks/new", data={"name": "大气环境处工作群", "url": robot.url, "secret": "SECsecret99",
                                                          "department_id": str(world.air.id), "leader_id": "0", "active": "y"})
        assert created.status_code == 303
        hook = db.session.scalars(sa.select(Webhook)).one()
        page = client.get("/admin/webhooks").text
        assert "SECs…99" in page and "SECsecret99" not in page
        tested = client.post(f"/admin/webhooks/{hook.id}/test", follow_redirects=True)
    assert "测试消息已送达“大气环境处工作群”" in tested.text
    _check_signature(robot.requests[0]["path"], "SECsecret99")
    assert "已送达" in client.get("/admin/webhooks").text
    # Editing with the secret left blank keeps it.
    client.post(f"/admin/webhooks/{hook.id}/edit", data={"name": "大气处群", "url": robot.url, "secret": "", "department_id": str(world.air.id),
                                                        "leader_id": "0", "active": "y", "version": hook.version})
    db.session.refresh(hook)
    assert hook.name == "大气处群" and hook.secret == "SECsecret99"
    log = client.get("/audit/").text
    assert "SECsecret99" not in log


# ---------------------------------------------------------------------------
# In-app
# ---------------------------------------------------------------------------


def test_the_unread_badge_equals_the_list_it_opens(client, busy):
    with at(2026, 12, 1):
        notify.send_digests()
        send_reminders()  # the reception-day reminders go to the same list
    leader_notes = notes(busy.leader)
    assert {n.kind for n in leader_notes} == {"digest", "reminder"}
    n = len(leader_notes)
    with at(2026, 12, 1, 9):
        login(client, "leader")
        home = client.get("/").text
        assert f'title="未读 {n} 条">{n}</span>' in home and 'href="/notifications/?unread=1"' in home
        listing = client.get("/notifications/?unread=1").text
        assert f"未读通知共 {n} 条" in listing and "明天 12月2日（周三） 09:00–11:30 您在厅信访接待室（一楼）接访" in listing
        assert client.post(f"/notifications/{leader_notes[0].id}/read?unread=1").status_code == 303
        assert f'title="未读 {n - 1} 条">{n - 1}</span>' in client.get("/").text
        assert f"未读通知共 {n - 1} 条" in client.get("/notifications/?unread=1").text
        # Somebody else's notification is not there for them.
        other = notes(busy.handler_a)[0]
        assert client.post(f"/notifications/{other.id}/read").status_code == 404
        client.post("/notifications/read-all")
        home = client.get("/").text
        assert "未读" not in home.split("</nav>")[0] and 'href="/notifications/"' in home
        assert "全部通知共" in client.get("/notifications/").text
    db.session.expire_all()
    assert notes(busy.handler_a)[0].read_at is None
