"""The benchmark's report: JSON (everything) and Markdown (the tables people read), with targets checked."""
from __future__ import annotations

import json
import os

from bench.pages import PAGES

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
LABELS = {p.key: p.label for p in PAGES}
TARGET_P95_MS = 50
TARGET_EXPORT_S = 1  # the year's ledger (5,000 rows), p95 with one client
TARGET_QUERIES = 15
TARGET_RSS_MB = 300
TARGET_SCALING = 1.5  # throughput with 16 clients ÷ with one, at least
TARGET_P95_GROWTH = 10  # p95 with 16 clients ÷ with one, at most
TARGET_SAMPLES = 200  # answers behind the 16-client percentiles, at least
TARGET_MEMORY_GROWTH_MB = 100  # a worker serving every year's ledger (50,000 rows), at most


def mark(ok: bool | None) -> str:
    return "—" if ok is None else ("✅" if ok else "❌")


def scaling(one: dict, sixteen: dict) -> dict:
    """16 clients against one: throughput ratio and p95 ratio, each with its check (None: not measured)."""
    t1, t16 = one.get("throughput_rps"), sixteen.get("throughput_rps")
    p1, p16 = one.get("p95_ms"), sixteen.get("p95_ms")
    throughput = round(t16 / t1, 2) if t1 and t16 is not None else None
    p95 = round(p16 / p1, 1) if p1 and p16 is not None else None
    return {
        "throughput_ratio": throughput, "throughput_ok": None if throughput is None else throughput >= TARGET_SCALING,
        "p95_ratio": p95, "p95_ok": None if p95 is None else p95 <= TARGET_P95_GROWTH,
        "samples_ok": (sixteen.get("requests") or 0) >= TARGET_SAMPLES,
    }


def targets(res: dict) -> list[tuple[str, bool, str]]:
    """(target, met, detail) for one database's result."""
    out = []
    pages = res.get("pages", {})
    for key, m in pages.items():
        one, sixteen = _g(m, 1), _g(m, 16)
        label = LABELS.get(key, key)
        if key == "ledger_all":
            growth = one.get("worker_memory_growth_mb")
            out.append((f"{label}: a worker's memory grows by < {TARGET_MEMORY_GROWTH_MB} MB", growth is not None and growth < TARGET_MEMORY_GROWTH_MB,
                        f"{_fmt(growth, ' MB')} (max {one['max_ms']} ms)"))
        elif key == "ledger":
            out.append((f"{label}: p95 ≤ {TARGET_EXPORT_S} s (1 client)", one["p95_ms"] is not None and one["p95_ms"] <= TARGET_EXPORT_S * 1000,
                        f"p95 {one['p95_ms']} ms, max {one['max_ms']} ms"))
        else:
            out.append((f"{label}: p95 ≤ {TARGET_P95_MS} ms (1 client)", one["p95_ms"] is not None and one["p95_ms"] <= TARGET_P95_MS, f"p95 {one['p95_ms']} ms"))
        if not sixteen:  # measured with one client only
            out.append((f"{label}: no error", one["errors"] == 0, f"{one['errors']} errors"))
            continue
        out.append((f"{label}: no error with 16 clients", sixteen["errors"] == 0 and one["errors"] == 0, f"{sixteen['errors']} errors"))
        sc = scaling(one, sixteen)
        out.append((f"{label}: 16 clients' throughput ≥ {TARGET_SCALING} × one client's", bool(sc["throughput_ok"]),
                    f"× {_fmt(sc['throughput_ratio'])} ({one['throughput_rps']} → {sixteen['throughput_rps']} req/s)"))
        out.append((f"{label}: 16 clients' p95 ≤ {TARGET_P95_GROWTH} × one client's", bool(sc["p95_ok"]),
                    f"× {_fmt(sc['p95_ratio'])} ({one['p95_ms']} → {sixteen['p95_ms']} ms)"))
        out.append((f"{label}: 16-client percentiles from ≥ {TARGET_SAMPLES} samples", sc["samples_ok"], f"{sixteen['requests']} samples"))
    for key, q in res.get("queries", {}).items():
        ok = q["big"] is not None and q["big"] <= TARGET_QUERIES and q["small"] == q["big"]
        out.append((f"{LABELS.get(key, key)}: ≤ {TARGET_QUERIES} queries, same at both sizes", ok, f"{q['small']} / {q['big']}"))
    mem = res.get("memory") or []
    if mem:
        peak = max(w["peak_rss_mb"] or 0 for w in mem)
        out.append((f"worker RSS ≤ {TARGET_RSS_MB} MB", peak <= TARGET_RSS_MB, f"peak {peak} MB"))
    return out


def _g(d: dict, clients: int) -> dict:
    return d.get(str(clients)) or d.get(clients) or {}


def _fmt(v, unit=""):
    return "—" if v is None else f"{v}{unit}"


def page_table(res: dict, items: int, small: int) -> list[str]:
    lines = [
        f"| page | SQL @{small} | SQL @{items} | 1 client p50 / p95 / p99 ms | 1 client req/s (× bare) | 16 clients p50 / p95 / p99 ms | "
        f"16 clients req/s (× bare) | samples (1/16) | req/s 16 ÷ 1 (≥ {TARGET_SCALING}) | p95 16 ÷ 1 (≤ {TARGET_P95_GROWTH}) | errors (1/16) | "
        "worker CPU ms/req | PostgreSQL CPU ms/req | size |",
        "|---|---:|---:|---|---|---|---|---|---|---|---|---:|---:|---:|",
    ]
    bare = res.get("bare", {})
    b1, b16 = _g(bare, 1), _g(bare, 16)
    bs = scaling(b1, b16)
    lines.append(f"| bare Flask endpoint | – | – | {b1.get('p50_ms')} / {b1.get('p95_ms')} / {b1.get('p99_ms')} | {b1.get('throughput_rps')} (1.00) | "
                 f"{b16.get('p50_ms')} / {b16.get('p95_ms')} / {b16.get('p99_ms')} | {b16.get('throughput_rps')} (1.00) | "
                 f"{_fmt(b1.get('requests'))}/{_fmt(b16.get('requests'))} | {_fmt(bs['throughput_ratio'])} | {_fmt(bs['p95_ratio'])} | "
                 f"{b1.get('errors')}/{b16.get('errors')} | {_fmt(b1.get('server_cpu_ms_per_req'))} | – | |")
    for key, m in res.get("pages", {}).items():
        one, six = _g(m, 1), _g(m, 16)
        q = res.get("queries", {}).get(key, {})
        if six:
            sc = scaling(one, six)
            sixteen = (f"{six['p50_ms']} / {six['p95_ms']} / {six['p99_ms']} | {six['throughput_rps']} ({_fmt(six.get('ratio_to_bare'))}) | "
                       f"{one['requests']}/{six['requests']}{'' if sc['samples_ok'] else ' ❌'} | "
                       f"{mark(sc['throughput_ok'])} {_fmt(sc['throughput_ratio'])} | {mark(sc['p95_ok'])} {_fmt(sc['p95_ratio'])} | "
                       f"{one['errors']}/{six['errors']}")
        else:
            sixteen = f"– | – | {one['requests']}/– | – | – | {one['errors']}/–"
        lines.append(
            f"| {LABELS.get(key, key)} | {_fmt(q.get('small'))} | {_fmt(q.get('big'))} | {one['p50_ms']} / {one['p95_ms']} / {one['p99_ms']} | "
            f"{one['throughput_rps']} ({_fmt(one.get('ratio_to_bare'))}) | {sixteen} | {_fmt(one.get('server_cpu_ms_per_req'))} | "
            f"{_fmt(one.get('pg_cpu_ms_per_req'))} | {round(one['avg_bytes'] / 1024, 1)} KB |"
        )
    return lines


def compare_table(before: dict, after: dict) -> list[str]:
    lines = [
        "| page | DB | SQL before → after | 1 client p95 ms before → after | 16 clients req/s before → after | 16 clients p95 ms before → after | errors (16) before → after |",
        "|---|---|---|---|---|---|---|",
    ]
    for db, res in after.get("results", {}).items():
        old = before.get("results", {}).get(db, {})
        for key, m in res.get("pages", {}).items():
            om = old.get("pages", {}).get(key)
            q, oq = res.get("queries", {}).get(key, {}), old.get("queries", {}).get(key, {})
            one, six = _g(m, 1), _g(m, 16)
            o1, o16 = (_g(om, 1), _g(om, 16)) if om else ({}, {})
            lines.append(
                f"| {LABELS.get(key, key)} | {db} | {_fmt(oq.get('big'))} → {_fmt(q.get('big'))} | {_fmt(o1.get('p95_ms'))} → {one['p95_ms']} | "
                f"{_fmt(o16.get('throughput_rps'))} → {_fmt(six.get('throughput_rps'))} | {_fmt(o16.get('p95_ms'))} → {_fmt(six.get('p95_ms'))} | "
                f"{_fmt(o16.get('errors'))} → {_fmt(six.get('errors'))} |"
            )
    return lines


def markdown(report: dict, baseline: dict | None = None) -> str:
    m = report["machine"]
    lines = [
        f"# Lianxin benchmark — {report['label']}",
        "",
        f"- run: {report['started']} (commit {report['commit']}), {report.get('duration_s', '?')} s in all",
        "- command: `bash bench/run.sh` (= `.venv/bin/python -m bench.run`)",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; Linux {m['kernel']}; Python {m['python']}, "
        f"SQLAlchemy {m['sqlalchemy']}, gunicorn {m['gunicorn']}",
        f"- server: gunicorn, {report['workers']} workers × {report['threads']} threads (gthread, keep-alive), loopback, "
        "`LIANXIN_ENV=production`, random 64-hex `SECRET_KEY`; the load generator runs on the same 2 cores",
        "- latencies: whole request (send → last byte), nearest-rank percentiles; each client logs in through `POST /login` first",
        "- worker CPU ms/req: user+system CPU of the gunicorn workers (/proc/<pid>/stat) per request, one client — "
        "insensitive to other load on the machine, unlike the latencies",
        "- PostgreSQL CPU ms/req: user+system CPU of the PostgreSQL backends serving the app's connections to the benchmark "
        "database (`pg_stat_activity` → /proc/<pid>/stat; the server runs on the same machine) per request, one client — "
        "beside the worker CPU, the whole cost of a request; SQLite's work is inside the worker CPU",
        f"- samples: at least {report.get('samples', '?')} answers per page and client count (the wall-clock limit stops a run "
        "only once it has them); the ledger takes fewer with one client. Scaling: throughput with 16 clients ÷ with one "
        f"(≥ {TARGET_SCALING}), p95 with 16 clients ÷ with one (≤ {TARGET_P95_GROWTH})",
        "",
    ]
    for db, res in report["results"].items():
        seed = res.get("seed", {})
        counts = seed.get("counts", {})
        sec = seed.get("seconds", {})
        lines += [
            f"## {db}: {res.get('db_version', '')}",
            "",
            f"- schema: {seed.get('schema', '?')}",
            f"- data: {counts.get('items')} items over {seed.get('scale', {}).get('years')} years, {counts.get('contact_records')} contact records, "
            f"{counts.get('progress_notes')} progress notes, {counts.get('audit_entries')} audit entries, {counts.get('reception_records')} reception records, "
            f"{counts.get('users')} users",
            f"- seeding: {sec.get('total')} s (schema {sec.get('schema')} s, rows {sec.get('rows')} s, search index rebuild {sec.get('extras', '—')} s, ANALYZE {sec.get('analyze')} s)"
            + (" — reused from an earlier run today" if seed.get("reused") else ""),
            f"- small database for the query counts: {res.get('seed_small', {}).get('counts', {}).get('items')} items",
            f"- addresses: {json.dumps(res.get('ctx', {}), ensure_ascii=False)}",
        ]
        loads = [v for m in res.get("pages", {}).values() for c in m.values() for v in c.get("loadavg_1m", [])]
        if loads:
            lines.append(f"- machine load (1-min load average during the measurements, 2 cores): {min(loads):.1f}–{max(loads):.1f}")
        if res.get("missing_pages"):
            lines.append(f"- not routed yet (skipped): {', '.join(res['missing_pages'])}")
        mem = res.get("memory") or []
        if mem:
            lines.append("- worker memory after the run (VmRSS / peak VmHWM): " + ", ".join(f"{w['rss_mb']} / {w['peak_rss_mb']} MB" for w in mem))
        lines += ["", *page_table(res, counts.get("items"), res.get("seed_small", {}).get("counts", {}).get("items")), ""]
        lines += ["### Targets", ""]
        for name, ok, detail in targets(res):
            lines.append(f"- {'✅' if ok else '❌'} {name} — {detail}")
        lines.append("")
    if baseline:
        lines += [f"## Before ({baseline['label']}, commit {baseline['commit']}) → after ({report['label']}, commit {report['commit']})", ""]
        lines += compare_table(baseline, report)
        lines.append("")
        lines += [f"## The before figures in full ({baseline['label']}, {baseline['started']}, commit {baseline['commit']})", ""]
        for db, res in baseline.get("results", {}).items():
            counts = res.get("seed", {}).get("counts", {})
            loads = [v for m in res.get("pages", {}).values() for c in m.values() for v in c.get("loadavg_1m", [])]
            mem = res.get("memory") or []
            lines += [f"### {db}: {res.get('db_version', '')}", ""]
            if loads:
                lines.append(f"- machine load during the measurements: {min(loads):.1f}–{max(loads):.1f}")
            if mem:
                lines.append("- worker memory (VmRSS / peak): " + ", ".join(f"{w['rss_mb']} / {w['peak_rss_mb']} MB" for w in mem))
            lines += ["", *page_table(res, counts.get("items"), res.get("seed_small", {}).get("counts", {}).get("items")), ""]
    return "\n".join(lines) + "\n"


def write(report: dict, label: str, baseline_path: str | None = None) -> tuple[str, str]:
    os.makedirs(OUT, exist_ok=True)
    baseline = None
    if baseline_path:
        with open(baseline_path, encoding="utf-8") as fh:
            baseline = json.load(fh)
    json_path = os.path.join(OUT, f"{label}.json")
    md_path = os.path.join(OUT, f"{label}.md")
    with open(json_path, "w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=2, default=str)
    # Round-trip so that the Markdown reads the same keys as a later comparison would.
    with open(json_path, encoding="utf-8") as fh:
        report = json.load(fh)
    with open(md_path, "w", encoding="utf-8") as fh:
        fh.write(markdown(report, baseline))
    return md_path, json_path


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Rewrite the Markdown of a result, optionally against a baseline")
    parser.add_argument("result")
    parser.add_argument("--baseline")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    with open(args.result, encoding="utf-8") as fh:
        report = json.load(fh)
    baseline = None
    if args.baseline:
        with open(args.baseline, encoding="utf-8") as fh:
            baseline = json.load(fh)
    text = markdown(report, baseline)
    out = args.out or args.result.rsplit(".", 1)[0] + ".md"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
