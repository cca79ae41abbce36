"""The benchmark harness itself (no benchmark is run): enough samples before the time limit stops a run,
and the report's 16-clients-against-one checks and CPU columns."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench import load, report


class _Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - the handler's name
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_run_stops_at_its_time_limit_only_once_it_has_its_samples():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        without = load.run("127.0.0.1", port, "/", clients=2, per_client=100, max_seconds=0, warmup=0)
        enough = load.run("127.0.0.1", port, "/", clients=2, per_client=100, max_seconds=0, warmup=0, min_samples=30)
    finally:
        server.shutdown()
        server.server_close()
    assert without.summary()["requests"] == 0  # the limit had passed before the first request
    assert 30 <= enough.summary()["requests"] <= 31 and not enough.errors


def _m(rps, p95, requests, worker=None, pg=None):
    return {"requests": requests, "errors": 0, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95, "max_ms": p95, "throughput_rps": rps,
            "avg_bytes": 2048, "server_cpu_ms_per_req": worker, "pg_cpu_ms_per_req": pg}


def test_the_report_checks_sixteen_clients_against_one_and_shows_postgresql_cpu():
    res = {"pages": {
        "dashboard": {"1": _m(20.0, 40.0, 200, 12.5, 3.25), "16": _m(25.0, 500.0, 208)},  # × 1.25 req/s, × 12.5 p95
        "list_p1": {"1": _m(20.0, 40.0, 200, 20.0, 7.75), "16": _m(40.0, 200.0, 96)},  # × 2.0, × 5.0, too few samples
    }}
    checks = {name: (ok, detail) for name, ok, detail in report.targets(res)}
    dash, lst = report.LABELS["dashboard"], report.LABELS["list_p1"]
    assert checks[f"{dash}: 16 clients' throughput ≥ 1.5 × one client's"] == (False, "× 1.25 (20.0 → 25.0 req/s)")
    assert checks[f"{dash}: 16 clients' p95 ≤ 10 × one client's"] == (False, "× 12.5 (40.0 → 500.0 ms)")
    assert checks[f"{dash}: 16-client percentiles from ≥ 200 samples"] == (True, "208 samples")
    assert checks[f"{lst}: 16 clients' throughput ≥ 1.5 × one client's"][0] is True
    assert checks[f"{lst}: 16 clients' p95 ≤ 10 × one client's"][0] is True
    assert checks[f"{lst}: 16-client percentiles from ≥ 200 samples"] == (False, "96 samples")
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ") for line in report.page_table(res, 50000, 500)}
    header = rows["page"]
    dash_row, list_row = rows[dash], rows[lst]
    assert dash_row[header.index("req/s 16 ÷ 1 (≥ 1.5)")] == "❌ 1.25" and dash_row[header.index("p95 16 ÷ 1 (≤ 10)")] == "❌ 12.5"
    assert list_row[header.index("req/s 16 ÷ 1 (≥ 1.5)")] == "✅ 2.0" and list_row[header.index("samples (1/16)")] == "200/96 ❌"
    assert dash_row[header.index("worker CPU ms/req")] == "12.5" and dash_row[header.index("PostgreSQL CPU ms/req")] == "3.25"


def test_every_years_ledger_is_checked_for_the_workers_memory_with_one_client():
    big, small = _m(0.2, 9000.0, 2, 4000.0), _m(0.2, 9000.0, 2, 4000.0)
    big["worker_memory_growth_mb"], small["worker_memory_growth_mb"] = 140.0, 35.5
    label = report.LABELS["ledger_all"]
    for growth, ok in ((big, False), (small, True)):
        checks = {name: (met, detail) for name, met, detail in report.targets({"pages": {"ledger_all": {"1": growth}}})}
        assert checks[f"{label}: a worker's memory grows by < 100 MB"] == (ok, f"{growth['worker_memory_growth_mb']} MB (max 9000.0 ms)")
        assert f"{label}: 16 clients' throughput ≥ 1.5 × one client's" not in checks  # not measured with sixteen
    row = [line for line in report.page_table({"pages": {"ledger_all": {"1": small}}}, 50000, 500) if label in line][0]
    assert "| – | – | 2/– | – | – | 0/– |" in row
