"""The benchmark: seed at scale, serve with gunicorn on loopback in production mode, measure, report.

    .venv/bin/python -m bench.run                      # SQLite and PostgreSQL, 50,000 items
    .venv/bin/python -m bench.run --db sqlite --reuse  # keep an already seeded database

Writes ``bench/out/<label>.json`` and ``bench/out/<label>.md`` (and, with ``--baseline``, before/after
columns). PostgreSQL: databases ``lx_bench_<items>`` (``<$BENCH_PG_DB>_<items>`` if set) on ``--pg`` (default
127.0.0.1:55433, user postgres). ``--counts-only`` prints the SQL statements per page at both sizes and stops.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone

import sqlalchemy as sa

from bench import load
from bench.pages import PAGES, Ctx, routed

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
DATA = os.path.join(OUT, "data")
PY = sys.executable
GUNICORN = os.path.join(os.path.dirname(PY), "gunicorn")
HOST = "127.0.0.1"


def log(msg: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {msg}", flush=True)


# ---------------------------------------------------------------------------
# Databases


def database_url(db: str, items: int, pg: str) -> str:
    if db == "sqlite":
        return "sqlite:///" + os.path.join(DATA, f"bench-{items}.db")
    return f"{pg.rstrip('/')}/{os.environ.get('BENCH_PG_DB', 'lx_bench')}_{items}"


def recreate(db: str, url: str, pg: str) -> None:
    if db == "sqlite":
        path = url[len("sqlite:///"):]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(pg.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # A UTF-8 character type, as a Debian cluster created with a UTF-8 locale has: pg_trgm (search)
        # only treats CJK characters as letters under one.
        conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")


def prepare(db: str, items: int, pg: str, reuse: bool) -> dict:
    """Seed (or, with ``reuse``, reuse) the database of ``items`` items; returns the seed report."""
    from bench import seed as seeder

    url = database_url(db, items, pg)
    meta_path = os.path.join(DATA, f"{db}-{items}.json")
    if reuse and os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as fh:
            meta = json.load(fh)
        if meta.get("today") == _today().isoformat():
            log(f"{db}: reusing the seeded {items}-item database ({url})")
            meta["reused"] = True
            meta["url"] = url
            return meta
    log(f"{db}: seeding {items} items into {url}")
    recreate(db, url, pg)
    # Seed in a child process: a clean interpreter, and the timing covers everything the seeder does.
    subprocess.run([PY, "-m", "bench.seed", "--url", url, "--items", str(items), "--out", meta_path],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=_dev_env(url))
    with open(meta_path, encoding="utf-8") as fh:
        meta = json.load(fh)
    meta["url"] = url
    with open(meta_path, "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=2)
    log(f"{db}: seeded in {meta['seconds']['total']} s ({meta['counts']})")
    return meta


def _today():
    from rules import clock

    return clock.today()


def _dev_env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("LIANXIN_ENV", "SECRET_KEY")}
    env["DATABASE_URL"] = url
    env["PYTHONPATH"] = ROOT
    return env


def make_ctx(meta: dict) -> Ctx:
    from bench.seed import make_app

    app = make_app(database_url_from(meta))
    from extensions import db

    with app.app_context():
        closed = db.session.execute(sa.text("SELECT count(*) FROM proposals WHERE kind='npc' AND state='closed'")).scalar()
        db.engine.dispose()
    pages = max(math.ceil(closed / app.config["ITEMS_PER_PAGE"]), 1)
    today = datetime.fromisoformat(meta["today"])
    return Ctx(
        year=today.year, month=f"{today:%Y-%m}", timeline_item=meta["timeline_item"], department_id=meta["department_id"],
        leader_id=meta["leader_id"], feed_token=meta["feed_token"], deep_page=max(int(pages * 0.9), 1),
    )


def database_url_from(meta: dict) -> str:
    return meta["url"]


# ---------------------------------------------------------------------------
# Servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn (gthread workers, keep-alive) on loopback, in production mode."""

    def __init__(self, target: str, url: str | None, workers: int, threads: int, logname: str):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items()}
        env.update({"LIANXIN_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "PYTHONPATH": ROOT})
        if url:
            env["DATABASE_URL"] = url
        os.makedirs(os.path.join(OUT, "logs"), exist_ok=True)
        self.logfile = open(os.path.join(OUT, "logs", f"{logname}.log"), "w")
        self.proc = subprocess.Popen(
            [GUNICORN, "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
             "--bind", f"{HOST}:{self.port}", "--keep-alive", "30", "--timeout", "180", "--backlog", "256", target],
            cwd=ROOT, env=env, stdout=self.logfile, stderr=subprocess.STDOUT,
        )
        self.workers = workers
        self.command = f"gunicorn --workers {workers} --threads {threads} --worker-class gthread {target}"

    def wait(self, path: str = "/", timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited (see {self.logfile.name})")
            try:
                s = load.Session(HOST, self.port, timeout=5)
                status, _, _ = s.request("GET", path)
                s.close()
                if status < 500 and len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("server did not answer")

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.proc.pid:
                    pids.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
        return sorted(pids)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the workers so far (clock ticks from /proc/<pid>/stat)."""
        total = 0
        for pid in self.worker_pids():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                continue
        return total / os.sysconf("SC_CLK_TCK")

    def memory(self) -> list[dict]:
        out = []
        for pid in self.worker_pids():
            values = {}
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith(("VmRSS:", "VmHWM:")):
                        key, value = line.split(":", 1)
                        values[key] = round(int(value.split()[0]) / 1024, 1)
            out.append({"pid": pid, "rss_mb": values.get("VmRSS"), "peak_rss_mb": values.get("VmHWM")})
        return out

    def reset_peaks(self) -> dict[int, float]:
        """Start the workers' peak memory (VmHWM) afresh; returns each worker's resident memory now (MB)."""
        now = {}
        for w in self.memory():
            try:
                with open(f"/proc/{w['pid']}/clear_refs", "w") as fh:
                    fh.write("5")
            except OSError:
                pass  # the peak then counts from the worker's start: an upper bound
            now[w["pid"]] = w["rss_mb"]
        return now

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logfile.close()


# ---------------------------------------------------------------------------
# Measuring


def check_content(page):
    def check(resp, data):
        ctype = resp.getheader("Content-Type", "")
        if page.content_type and not ctype.startswith(page.content_type):
            return f"Content-Type {ctype!r}"
        if not data:
            return "empty body"
        return None

    return check


class PgBackends:
    """CPU time of the PostgreSQL backends serving the benchmark's database: the client backends of
    ``pg_stat_activity`` for that database (the app's pooled connections; not this monitor's, nor the
    connection that changes the data between requests), user + system from ``/proc/<pid>/stat`` — the server
    runs on this machine. A backend that exits between two marks loses what it spent since the first."""

    APP_NAME = "lianxin-bench-monitor"

    def __init__(self, url: str):
        self.engine = sa.create_engine(_pg_url(url), connect_args={"application_name": self.APP_NAME}, poolclass=sa.pool.NullPool)
        self.database = url.rsplit("/", 1)[1]

    def pids(self) -> list[int]:
        with self.engine.connect() as conn:
            return list(conn.execute(sa.text(
                "SELECT pid FROM pg_stat_activity WHERE datname = :db AND backend_type = 'client backend' "
                "AND coalesce(application_name, '') NOT LIKE 'lianxin-bench%'"
            ), {"db": self.database}).scalars())

    def mark(self) -> dict[int, int]:
        ticks = {}
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                ticks[pid] = int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                continue
        return ticks

    def seconds_since(self, before: dict[int, int]) -> float:
        now = self.mark()
        return sum(t - before.get(pid, 0) for pid, t in now.items()) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        self.engine.dispose()


def _pg_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def measure(server: Server, page, ctx, meta, clients: int, samples: int = 200, pg: PgBackends | None = None) -> dict:
    login = (meta["users"][page.user], meta["password"]) if page.user else None
    if clients == 1 and page.samples_1 is not None:
        samples = min(samples, page.samples_1)
    per_client = max(page.per_client_1 if clients == 1 else page.per_client_16, math.ceil(samples / clients))
    load_before, cpu_before = loadavg(), server.cpu_seconds()
    pg_before = pg.mark() if pg else None

    def started():
        cpu_mark.append(server.cpu_seconds())
        if pg:
            pg_mark.append(pg.mark())

    res = load.run(HOST, server.port, page.path(ctx), clients=clients, per_client=per_client, max_seconds=page.max_seconds,
                   login=login, headers=page.headers, check=check_content(page), on_start=started, min_samples=samples)
    out = res.summary()
    cpu = server.cpu_seconds() - (cpu_mark[-1] if cpu_mark else cpu_before)
    cpu_mark.clear()
    # Server CPU per request: what the workers spent, independent of what else runs on the machine
    # (taken from the common start, so logins and warm-up requests are not in it).
    out["server_cpu_ms_per_req"] = round(cpu * 1000 / out["requests"], 1) if out["requests"] else None
    if pg:
        pg_cpu = pg.seconds_since(pg_mark[-1] if pg_mark else pg_before)
        pg_mark.clear()
        out["pg_cpu_ms_per_req"] = round(pg_cpu * 1000 / out["requests"], 1) if out["requests"] else None
    out["samples_wanted"] = samples
    out["loadavg_1m"] = [load_before, loadavg()]
    return out


cpu_mark: list[float] = []
pg_mark: list[dict] = []


def loadavg() -> float:
    with open("/proc/loadavg") as fh:
        return float(fh.read().split()[0])


def run_db(db: str, args) -> dict:
    from bench.querycount import count_pages
    from bench.seed import make_app

    result: dict = {"db": db}
    big = prepare(db, args.items, args.pg, args.reuse)
    small = prepare(db, args.small, args.pg, args.reuse)
    result["seed"] = {k: big[k] for k in ("schema", "seconds", "counts", "rows", "scale", "analyze") if k in big}
    result["seed_small"] = {k: small[k] for k in ("seconds", "counts") if k in small}
    result["seed"]["reused"] = bool(big.get("reused"))
    ctx_big, ctx_small = make_ctx(big), make_ctx(small)
    result["ctx"] = ctx_big.__dict__

    app_big = make_app(big["url"])
    pages = [p for p in PAGES if not args.only or p.key in args.only]
    missing = [p.key for p in pages if not routed(app_big, p.path(ctx_big))]
    result["missing_pages"] = missing
    if missing:
        log(f"{db}: not routed yet, skipped: {', '.join(missing)}")
    pages = [p for p in pages if p.key not in missing]

    log(f"{db}: counting SQL statements per page ({args.small} and {args.items} items)")
    app_small = make_app(small["url"])
    counted = [p for p in pages if p.count_queries]
    qc_small = count_pages(app_small, counted, ctx_small, small["users"], small["password"])
    qc_big = count_pages(app_big, counted, ctx_big, big["users"], big["password"])
    result["queries"] = {p.key: {"small": qc_small[p.key].get("queries"), "big": qc_big[p.key].get("queries"),
                                 "status_small": qc_small[p.key].get("status"), "status_big": qc_big[p.key].get("status"),
                                 "statements_big": qc_big[p.key].get("statements", [])} for p in counted}
    with app_big.app_context():
        from extensions import db as _db

        _db.engine.dispose()
    with app_small.app_context():
        from extensions import db as _db

        _db.engine.dispose()
    with_version(result, db, big["url"])
    if args.counts_only:
        return result

    log(f"{db}: starting gunicorn ({args.workers} workers × {args.threads} threads) for the app and the bare endpoint")
    app_server = Server("wsgi:app", big["url"], args.workers, args.threads, f"{args.label}-{db}-app")
    bare_server = Server("bench.bare_app:app", None, args.workers, args.threads, f"{args.label}-{db}-bare")
    pg = PgBackends(big["url"]) if db == "postgresql" else None
    try:
        app_server.wait("/healthz")
        bare_server.wait("/")
        result["server"] = app_server.command
        bare = {}
        from bench.pages import Page

        bare_page = Page("bare", "bare Flask", None, lambda c: "/", content_type="text/html", per_client_1=400, per_client_16=100, max_seconds=5)
        for clients in (1, 16):
            bare[clients] = measure(bare_server, bare_page, ctx_big, big, clients, args.samples)
        result["bare"] = bare
        log(f"{db}: bare Flask: {bare[1]['throughput_rps']} req/s (1 client), {bare[16]['throughput_rps']} req/s (16 clients)")
        measured = {}
        for page in pages:
            measured[page.key] = {}
            for clients in page.clients:
                rss_before = app_server.reset_peaks() if page.memory else None
                m = measure(app_server, page, ctx_big, big, clients, args.samples, pg)
                if page.memory:
                    # How far above its resident memory before the page a worker went while serving it.
                    m["worker_memory_growth_mb"] = round(max(
                        (w["peak_rss_mb"] or 0) - rss_before.get(w["pid"], 0) for w in app_server.memory()), 1)
                    log(f"{db}: {page.key}: worker memory grew by {m['worker_memory_growth_mb']} MB at most")
                m["ratio_to_bare"] = round(m["throughput_rps"] / bare[clients]["throughput_rps"], 4) if m["throughput_rps"] and bare[clients]["throughput_rps"] else None
                measured[page.key][clients] = m
                log(f"{db}: {page.key:12} {clients:2} client(s): {m['requests']} samples, p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, "
                    f"p99 {m['p99_ms']} ms, {m['throughput_rps']} req/s, worker CPU {m['server_cpu_ms_per_req']} ms/req"
                    f"{', PostgreSQL CPU ' + str(m['pg_cpu_ms_per_req']) + ' ms/req' if 'pg_cpu_ms_per_req' in m else ''}, errors {m['errors']}{' ' + str(m['error_samples'][:1]) if m['errors'] else ''}")
        result["pages"] = measured
        result["memory"] = app_server.memory()
        result["memory_bare"] = bare_server.memory()
    finally:
        app_server.stop()
        bare_server.stop()
        if pg:
            pg.close()
    return result


def with_version(result: dict, db: str, url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        if db == "sqlite":
            result["db_version"] = "SQLite " + conn.exec_driver_sql("select sqlite_version()").scalar()
        else:
            result["db_version"] = conn.exec_driver_sql("select version()").scalar().split(" on ")[0]
    engine.dispose()


def machine() -> dict:
    cpu = "?"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(fh.readline().split()[1])
    import flask
    import gunicorn

    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1), "kernel": platform.release(),
        "python": platform.python_version(), "flask": flask.__version__ if hasattr(flask, "__version__") else "?",
        "sqlalchemy": sa.__version__, "gunicorn": gunicorn.__version__,
    }


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Lianxin benchmark at scale")
    parser.add_argument("--db", action="append", choices=("sqlite", "postgresql"), help="repeatable; default both")
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=500, help="items of the small database (query counts)")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:55433"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="reuse databases seeded today by an earlier run")
    parser.add_argument("--only", action="append", help="measure only these page keys (repeatable)")
    parser.add_argument("--samples", type=int, default=200,
                        help="requests per page and client count at least (percentiles); a slow page takes fewer with one client")
    parser.add_argument("--label", default="latest", help="names the output files bench/out/<label>.json/.md")
    parser.add_argument("--baseline", help="an earlier result JSON to compare with (before/after)")
    parser.add_argument("--counts-only", action="store_true",
                        help="seed (or --reuse) and print the SQL statements per page at both sizes; no servers, no report")
    args = parser.parse_args(argv)
    os.makedirs(DATA, exist_ok=True)
    os.chdir(ROOT)
    started = time.time()
    report = {"label": args.label, "started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": git_commit(),
              "machine": machine(), "workers": args.workers, "threads": args.threads, "samples": args.samples, "results": {}}
    for db in args.db or ["sqlite", "postgresql"]:
        report["results"][db] = run_db(db, args)
    if args.counts_only:
        for db, result in report["results"].items():
            for key, q in result["queries"].items():
                same = "" if q["small"] == q["big"] else "   differs"
                print(f"{db:10} {key:12} {q['small']} / {q['big']}   (HTTP {q['status_small']} / {q['status_big']}){same}")
        return 0
    report["duration_s"] = round(time.time() - started)
    from bench.report import write

    md_path, json_path = write(report, args.label, args.baseline)
    log(f"done in {report['duration_s']} s: {md_path}, {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
