"""Two app servers, one PostgreSQL: two real WSGI processes (waitress serving ``wsgi:app`` on two loopback
ports, as two machines behind nginx would be) with the same SECRET_KEY, DATABASE_URL and UPLOAD_FOLDER.

What one server does, the other sees at once: figures and their lists, a leader's calendar and feed (and its
ETag), login sessions and their end, login throttling and account locks, attachments; and the daily jobs run on
both at the same minute send every reminder and digest once. PostgreSQL only: SQLite is the single-server
default. Only 127.0.0.1 is ever contacted; every process is bounded in time and stopped by the fixtures.
"""
from __future__ import annotations

import http.client
import http.server
import os
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from extensions import db
from models.notifications import Notification, Webhook, WebhookDelivery
from models.org import AccountLock, User
from models.proposals import Attachment
from models.reception import LeaderReminder, ReceptionDay
from services import agenda
from rules import clock
from tests.conftest import DATABASE_URL, IS_POSTGRES, _tmpdir
from tests.factories import add_proposal_world, make_reception_day, make_reception_rule
from tests.test_load import _free_port, token_of

pytestmark = pytest.mark.skipif(
    not IS_POSTGRES, reason="two app servers share one PostgreSQL; SQLite is the embedded single-server default "
    "(set TEST_DATABASE_URL=postgresql://… to run this)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET = "two-servers-shared-secret-0123456789"
START_SECONDS = 30  # a server that does not answer /healthz by then fails the test
JOB_SECONDS = 60


def _environment(uploads: str, **extra) -> dict:
    return {**os.environ, "DATABASE_URL": DATABASE_URL, "SECRET_KEY": SECRET, "UPLOAD_FOLDER": uploads,
            "LIANXIN_ENV": "development", "FLASK_APP": "app", **extra}


class Server:
    """``waitress wsgi:app`` on 127.0.0.1:<free port>."""

    def __init__(self, uploads: str):
        self.port = _free_port()
        self.log = open(os.path.join(_tmpdir, f"two-servers-{self.port}.log"), "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "waitress", "--host=127.0.0.1", f"--port={self.port}", "--threads=4", "wsgi:app"],
            cwd=ROOT, env=_environment(uploads), stdout=subprocess.DEVNULL, stderr=self.log,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server on {self.port} exited ({self.proc.returncode}); see {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server on {self.port} did not start within {START_SECONDS} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def shared_uploads():
    path = tempfile.mkdtemp(prefix="lianxin-shared-uploads-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def servers(_schema, shared_uploads):
    """Two app processes on the test database (the schema the suite builds); stopped whatever happens."""
    both = []
    try:
        both = [Server(shared_uploads), Server(shared_uploads)]
        for server in both:
            server.wait_ready()
        yield both
    finally:
        for server in both:
            server.stop()


class Browser:
    """One person's cookies, used against either server (as nginx would send them to either)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def call(self, server: Server, method: str, path: str, form: dict | None = None, files: dict | None = None,
             headers: dict | None = None):
        hdrs = {"Accept": "text/html", **(headers or {})}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            body, hdrs["Content-Type"] = _multipart(form or {}, files)
        elif form is not None:
            body, hdrs["Content-Type"] = urllib.parse.urlencode(form, doseq=True), "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=hdrs)
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Expires=Thu, 01 Jan 1970" not in header:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response.status, payload, response.headers

    def page(self, server: Server, path: str) -> str:
        status, payload, _ = self.call(server, "GET", path)
        assert status == 200, f"GET {path} on {server.port}: {status}"
        return payload.decode()

    def token(self, server: Server) -> str:
        return token_of(self.page(server, "/account/password"))

    def login(self, server: Server, username: str, password: str = "pass-1234"):
        html = self.call(server, "GET", "/login")[1].decode()
        return self.call(server, "POST", "/login", {"username": username, "password": password, "csrf_token": token_of(html)})

    def post(self, server: Server, path: str, form: dict, files: dict | None = None):
        return self.call(server, "POST", path, {**form, "csrf_token": self.token(server)}, files)


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, mimetype) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {mimetype}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _logged_in(browser: Browser, server: Server) -> bool:
    status, _, headers = browser.call(server, "GET", "/")
    assert status in (200, 302, 303), status
    return status == 200


@pytest.fixture
def bureau(app, world):
    add_proposal_world(world)
    return world


# -- what one server changes, the other shows at once -------------------------------------------------------


def test_a_change_through_one_server_shows_at_once_through_the_other(servers, bureau):
    a, b = servers
    year = clock.today().year
    office = Browser()
    assert office.login(a, "office")[0] in (302, 303)

    def dashboard_total(server):
        html = office.page(server, f"/dashboard?year={year}")
        return int(re.search(r'items\?figure=total[^"]*">(\d+)</a>', html).group(1))

    def list_total(server, path):
        return int(re.search(r"共 (\d+) 件", office.page(server, path)).group(1))

    before = dashboard_total(b)
    assert before == dashboard_total(a) == list_total(b, f"/dashboard/items?figure=total&year={year}") > 0
    listed = list_total(b, "/proposals/")

    status, _, _ = office.post(a, "/proposals/new", {
        "kind": "npc", "level": "provincial", "session_name": "省十四届人大四次会议", "year": str(year), "period": "session",
        "number": "2099", "title": "关于两台服务器的建议", "bureau_role": "lead", "assigned_on": str(clock.today()), "lead_name": "某代表"})
    assert status == 303  # registered through A

    assert dashboard_total(b) == before + 1  # B's figure, at once
    assert list_total(b, f"/dashboard/items?figure=total&year={year}") == before + 1  # and the list it opens
    assert list_total(b, "/proposals/") == listed + 1
    assert "关于两台服务器的建议" in office.page(b, "/proposals/")

    # A leader's calendar and feed: a 面商 with the leader planned through A.
    token = agenda.issue_token(db.session.get(User, bureau.leader.id))
    db.session.commit()
    leader = Browser()
    assert leader.login(b, "leader")[0] in (302, 303)
    day = clock.today() + timedelta(days=9)
    calendar = f"/calendar/?view=list&date={day.isoformat()}"
    assert "二楼东会议室" not in leader.page(b, calendar)
    feed = f"/calendar/feed/{token}.ics"
    status, body, headers = leader.call(b, "GET", feed)
    assert status == 200 and "二楼东会议室".encode() not in body
    etag_b = headers["ETag"]
    assert leader.call(b, "GET", feed, headers={"If-None-Match": etag_b})[0] == 304  # nothing changed yet
    etag_a = leader.call(a, "GET", feed)[2]["ETag"]

    status, _, _ = office.post(a, f"/proposals/{bureau.proposal.id}/meetings", {
        "meeting-day": day.isoformat(), "meeting-starts": "15:00", "meeting-ends": "16:00", "meeting-place": "二楼东会议室",
        "meeting-leader_id": str(bureau.leader.id)})
    assert status in (200, 303), status

    assert "二楼东会议室" in leader.page(b, calendar)  # the leader's calendar on B
    status, body, headers = leader.call(b, "GET", feed, headers={"If-None-Match": etag_b})
    assert status == 200 and "二楼东会议室".encode() in body and headers["ETag"] != etag_b  # B's feed and its ETag moved
    assert leader.call(a, "GET", feed, headers={"If-None-Match": etag_a})[2]["ETag"] != etag_a  # and A's


def test_a_session_made_on_one_server_works_on_the_other_and_ends_on_both(servers, bureau):
    a, b = servers
    office = Browser()
    assert office.login(a, "office")[0] in (302, 303)
    assert _logged_in(office, b)  # the cookie made on A opens B
    kept = dict(office.cookies)  # what a stolen or second copy of the cookie would be

    status, _, _ = office.post(b, "/logout", {})  # logout on B (the CSRF token came from B, the session from A)
    assert status == 303
    stale = Browser()
    stale.cookies = kept
    assert not _logged_in(stale, a)  # the same cookie no longer opens A: the session row has ended
    assert not _logged_in(stale, b)


def test_login_failures_through_both_servers_count_together_and_a_lock_holds_on_both(servers, bureau, app):
    a, b = servers
    limit = app.config["LOGIN_MAX_FAILURES_PER_USER"]
    person = Browser()
    for n in range(limit - 1):  # alternately: neither server alone sees more than half the failures
        status, html, _ = person.login((a, b)[n % 2], "head_b", "wrong-password")
        assert status == 422 and "锁定" not in html.decode()
    status, html, _ = person.login((a, b)[(limit - 1) % 2], "head_b", "wrong-password")
    assert status == 422  # the limit-th failure, counted across both servers, locks the account
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountLock).where(AccountLock.username == "head_b")) == 1
    for server in (a, b):  # locked on both: even the right password is refused
        status, html, _ = Browser().login(server, "head_b")
        assert status == 422 and "已暂时锁定" in html.decode()


def test_an_attachment_uploaded_through_one_server_downloads_through_the_other(servers, bureau, shared_uploads):
    a, b = servers
    handler = Browser()
    assert handler.login(a, "handler_a")[0] in (302, 303)
    pdf = b"%PDF-1.4 uploaded through server A " + uuid.uuid4().hex.encode()
    status, _, _ = handler.post(a, f"/proposals/{bureau.proposal.id}/contacts", {
        "contact-stage": "during", "contact-method": "meeting", "contact-contact_on": str(clock.today()),
        "contact-participants": "周立伟；代表"}, files={"contact-files": ("座谈纪要.pdf", pdf, "application/pdf")})
    assert status in (200, 303), status
    db.session.expire_all()
    att = db.session.scalars(sa.select(Attachment).where(Attachment.original_name == "座谈纪要.pdf")).one()
    assert os.path.exists(os.path.join(shared_uploads, "attachments", att.stored_name))  # in the configured shared folder

    head = Browser()
    assert head.login(b, "head_a")[0] in (302, 303)
    status, body, headers = head.call(b, "GET", f"/proposals/attachments/{att.id}")
    assert status == 200 and body == pdf


# -- the daily jobs on both servers at the same minute ---------------------------------------------------


class _SlowSMTP(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib; each message takes a while, so two runs' sending overlaps."""

    def handle(self):
        self.wfile.write(b"220 fake smtp\r\n")
        lines, in_data = [], False
        for raw in self.rfile:
            line = raw.rstrip(b"\r\n")
            if in_data:
                if line == b".":
                    time.sleep(0.4)
                    with self.server.lock:
                        self.server.messages.append(b"\n".join(lines))
                    lines, in_data = [], False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    lines.append(line)
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go ahead\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def _serving(server):
    """Serve ``server`` on a thread for a fixture; it keeps the messages it gets in ``server.messages``."""
    server.daemon_threads = True
    server.messages, server.lock = [], threading.Lock()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def smtp():
    yield from _serving(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SlowSMTP))


class _SlowRobot(http.server.BaseHTTPRequestHandler):
    """A group-chat robot that takes a while to answer; it counts the messages it gets."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.4)
        with self.server.lock:
            self.server.messages.append(body)
        answer = b'{"errcode": 0}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    yield from _serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowRobot))


def _on_both_at_once(command: str, smtp, uploads: str) -> list[subprocess.CompletedProcess]:
    """``flask <command>`` started on "both servers" at the same moment; each bounded in time."""
    env = _environment(uploads, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp.server_address[1]))
    procs = [subprocess.Popen([sys.executable, "-m", "flask", command], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    done = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=JOB_SECONDS)
            done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    return done


def test_the_reminder_and_digest_jobs_run_on_both_servers_at_once_send_each_message_once(bureau, smtp, robot, shared_uploads):
    for person, address in ((bureau.leader, "wangzh@example.gov.cn"), (bureau.leader_b, "liuwq@example.gov.cn"),
                            (bureau.handler_a, "zhoulw@example.gov.cn"), (bureau.office, "zhaomin@example.gov.cn")):
        db.session.get(User, person.id).email = address
    today = clock.today()
    make_reception_day(bureau.leader, today + timedelta(days=1))
    make_reception_day(bureau.leader_b, today + timedelta(days=3))
    make_reception_rule(bureau.leader_b, day_of_month=20, place="厅信访接待室（二楼）")  # both servers generate its days
    db.session.add(Webhook(name="王振华副厅长群", url=f"http://127.0.0.1:{robot.server_address[1]}/robot/send", secret="",
                           leader_id=bureau.leader.id))
    db.session.commit()

    for run in _on_both_at_once("send-reminders", smtp, shared_uploads):
        assert run.returncode == 0, run.stderr.decode()[-2000:]
    db.session.expire_all()
    reminders = db.session.scalars(sa.select(LeaderReminder)).all()
    # leader: upcoming + tomorrow's bookings; leader_b: upcoming (and the rule's day if it falls within 5 days)
    assert len(reminders) >= 3 and all(r.emailed_at is not None for r in reminders)
    assert len(smtp.messages) == len(reminders)  # each reminder e-mailed once, not once per server
    days = db.session.scalars(sa.select(ReceptionDay.slot).where(ReceptionDay.rule_id.is_not(None))).all()
    assert days and len(days) == len(set(days))  # the rule's occurrences made once

    smtp.messages.clear()
    for run in _on_both_at_once("send-digest", smtp, shared_uploads):
        assert run.returncode == 0, run.stderr.decode()[-2000:]
    db.session.expire_all()
    digests = db.session.scalars(sa.select(Notification).where(Notification.kind == "digest")).all()
    emailed = [n for n in digests if n.email_status == "sent"]
    assert emailed and len({n.user_id for n in digests}) == len(digests)  # one digest per person
    assert len(smtp.messages) == len(emailed)  # and one e-mail each
    recipients = [re.search(rb"^To: (.+)$", m, re.M).group(1) for m in smtp.messages]
    assert len(recipients) == len(set(recipients))
    [delivery] = db.session.scalars(sa.select(WebhookDelivery)).all()  # the leader's group: one message today
    assert delivery.status == "sent" and len(robot.messages) == 1  # posted once, not once per server
