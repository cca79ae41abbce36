"""A small load generator: threads, each with its own keep-alive ``http.client`` connection and login.

Bounded twice: a number of requests per client and a wall-clock limit, which stops a run only once it has
``min_samples`` answers (percentiles need enough of them; a hard limit of ``hard_seconds`` still applies).
Latencies are taken around the full request (send, wait, read the whole body).
"""
from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

# Logins are made one at a time: the app writes ``users.last_login_at`` under optimistic locking, and
# sixteen simultaneous logins into one account conflict (HTTP 409) — a finding reported separately,
# not what the page measurements are about.
LOGIN_LOCK = threading.Lock()

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class Session:
    """One browser: a keep-alive connection and its cookies."""

    def __init__(self, host: str, port: int, timeout: float = 120.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        path = quote(path, safe="/?=&%:+,;")
        hdrs = {"Host": f"{self.host}:{self.port}", "Accept-Encoding": "identity", "User-Agent": "lianxin-bench"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        hdrs.update(headers or {})
        for attempt in (1, 2):
            if self.conn is None:
                self._connect()
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.CannotSendRequest):
                # The server closed an idle keep-alive connection: reconnect once (never for a POST).
                self.close()
                self.reconnects += 1
                if attempt == 2 or method != "GET":
                    raise
                continue
            for name, value in resp.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    k, _, v = pair.partition("=")
                    if v:
                        self.cookies[k.strip()] = v.strip()
                    else:
                        self.cookies.pop(k.strip(), None)
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
            return resp.status, resp, data
        raise RuntimeError("unreachable")

    def login(self, username: str, password: str) -> None:
        status, _, page = self.request("GET", "/login")
        m = CSRF_RE.search(page.decode("utf-8", "replace"))
        if status != 200 or not m:
            raise RuntimeError(f"login form: HTTP {status}, csrf token {'found' if m else 'missing'}")
        token = m.group(1) or m.group(2)
        body = urlencode({"csrf_token": token, "username": username, "password": password}).encode()
        status, resp, page = self.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            text = re.sub(r"<[^>]+>", " ", page.decode("utf-8", "replace"))
            raise RuntimeError(f"login as {username} failed: HTTP {status}: {' '.join(text.split())[:300]}")


@dataclass
class Result:
    clients: int
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    bytes: int = 0
    reconnects: int = 0

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        return {
            "clients": self.clients,
            "requests": len(lat),
            "errors": len(self.errors),
            "error_samples": self.errors[:3],
            "p50_ms": _ms(_pct(lat, 50)),
            "p95_ms": _ms(_pct(lat, 95)),
            "p99_ms": _ms(_pct(lat, 99)),
            "max_ms": _ms(lat[-1] if lat else None),
            "mean_ms": _ms(sum(lat) / len(lat) if lat else None),
            "throughput_rps": round(len(lat) / self.wall, 2) if self.wall else None,
            "wall_s": round(self.wall, 2),
            "avg_bytes": int(self.bytes / len(lat)) if lat else 0,
            "reconnects": self.reconnects,
        }


def _pct(values: list[float], p: float):
    """Nearest-rank percentile."""
    if not values:
        return None
    k = max(int(-(-p * len(values) // 100)) - 1, 0)
    return values[min(k, len(values) - 1)]


def _ms(v):
    return None if v is None else round(v * 1000, 1)


def run(host: str, port: int, path: str, *, clients: int, per_client: int, max_seconds: float, login=None,
        headers: dict | None = None, expect: int = 200, check=None, warmup: int = 1, on_start=None,
        min_samples: int = 0, hard_seconds: float = 600.0) -> Result:
    """``clients`` threads each log in (``login=(username, password)``), warm up, then request ``path``
    ``per_client`` times or until ``max_seconds`` have passed since the common start and the clients together
    have ``min_samples`` answers (or ``hard_seconds`` have passed)."""
    result = Result(clients)
    lock = threading.Lock()
    sessions: list[Session] = []
    start_at = [0.0]

    def started():
        if on_start is not None:
            on_start()
        start_at[0] = time.perf_counter()

    ready = threading.Barrier(clients + 1, action=started)
    finished = [0.0] * clients

    def worker(i: int):
        s = Session(host, port)
        sessions.append(s)
        try:
            if login:
                with LOGIN_LOCK:
                    s.login(*login)
            for _ in range(warmup):
                s.request("GET", path, headers=headers)
        except Exception as exc:  # noqa: BLE001 - reported as an error of the run
            with lock:
                result.errors.append(f"setup: {exc.__class__.__name__}: {exc}")
        try:
            ready.wait(timeout=300)
        except threading.BrokenBarrierError:
            return
        deadline, hard_deadline = start_at[0] + max_seconds, start_at[0] + hard_seconds
        for _ in range(per_client):
            now = time.perf_counter()
            if now >= hard_deadline or (now >= deadline and len(result.latencies) + len(result.errors) >= min_samples):
                break
            t0 = time.perf_counter()
            try:
                status, resp, data = s.request("GET", path, headers=headers)
                elapsed = time.perf_counter() - t0
                problem = None
                if status != expect:
                    problem = f"HTTP {status}"
                elif check is not None:
                    problem = check(resp, data)
            except Exception as exc:  # noqa: BLE001
                elapsed = time.perf_counter() - t0
                problem = f"{exc.__class__.__name__}: {exc}"
                data = b""
            with lock:
                if problem:
                    result.errors.append(problem)
                else:
                    result.latencies.append(elapsed)
                    result.bytes += len(data)
        finished[i] = time.perf_counter()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    try:
        ready.wait(timeout=300)
    except threading.BrokenBarrierError:
        result.errors.append("clients did not get ready in time")
    for t in threads:
        t.join(timeout=max(max_seconds, hard_seconds) + 180)
    end = max([f for f in finished if f] or [time.perf_counter()])
    result.wall = max(end - start_at[0], 1e-9)
    for s in sessions:
        result.reconnects += s.reconnects
        s.close()
    return result
