"""Where one page's time goes: SQL statements with their durations, then a cProfile summary.

    .venv/bin/python -m bench.profile --db sqlite --page dashboard
    .venv/bin/python -m bench.profile --db postgresql --page list_deep --explain

Uses the database an earlier ``bench.run`` seeded (``bench/out/data/<db>-<items>.json``); in-process,
development mode, logged in as the page's user.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import time

import sqlalchemy as sa

from bench.pages import PAGES
from bench.querycount import login
from bench.run import DATA, make_ctx


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--page", required=True, choices=[p.key for p in PAGES])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN (ANALYZE) the slowest statements")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    with open(os.path.join(DATA, f"{args.db}-{args.items}.json"), encoding="utf-8") as fh:
        meta = json.load(fh)
    from bench.seed import make_app
    from extensions import db

    app = make_app(meta["url"])
    page = next(p for p in PAGES if p.key == args.page)
    ctx = make_ctx(meta)
    path = page.path(ctx)
    client = app.test_client()
    if page.user:
        login(client, meta["users"][page.user], meta["password"])
    with app.app_context():
        engine = db.engine
    timings: list[list] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("_t", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        t0 = conn.info["_t"].pop()
        timings.append([time.perf_counter() - t0, statement, parameters])

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    client.get(path, headers=page.headers)  # warm up
    walls = []
    for _ in range(args.repeat):
        timings.clear()
        t0 = time.perf_counter()
        response = client.get(path, headers=page.headers)
        walls.append(time.perf_counter() - t0)
    print(f"{page.key}: {path} → HTTP {response.status_code}, {len(response.data)} bytes, wall {min(walls) * 1000:.1f} ms (best of {args.repeat})")
    sql = sum(t for t, _, _ in timings)
    print(f"{len(timings)} statements, {sql * 1000:.1f} ms in the database driver:")
    for t, statement, _ in sorted(timings, key=lambda x: -x[0])[:12]:
        text = re.sub(r"\s+", " ", statement)[:200]
        print(f"  {t * 1000:8.1f} ms  {text}")
    if args.explain:
        with engine.connect() as conn:
            for t, statement, params in sorted(timings, key=lambda x: -x[0])[:2]:
                prefix = "EXPLAIN (ANALYZE, BUFFERS) " if args.db == "postgresql" else "EXPLAIN QUERY PLAN "
                print("\n" + prefix + re.sub(r"\s+", " ", statement)[:300])
                for row in conn.exec_driver_sql(prefix + statement, params):
                    print("   ", " | ".join(str(c) for c in row))
    sa.event.remove(engine, "before_cursor_execute", before)
    sa.event.remove(engine, "after_cursor_execute", after)
    prof = cProfile.Profile()
    prof.enable()
    client.get(path, headers=page.headers)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
