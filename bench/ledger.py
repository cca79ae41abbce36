"""The 办理台账 export measured in-process: time, statements and memory, on a database seeded by ``bench.seed``.

    .venv/bin/python -m bench.seed --url sqlite:////tmp/l5000.db --items 5000 --out /tmp/l5000.json
    .venv/bin/python -m bench.ledger --url sqlite:////tmp/l5000.db --year latest   # one year's ledger
    .venv/bin/python -m bench.ledger --url sqlite:////tmp/l5000.db --year all      # every year

Run in a fresh process (not after seeding in the same one): the RSS growth is read from ``ru_maxrss``,
the process's high-water mark, before and after the export. The Python heap's peak comes from a second,
traced run (tracemalloc slows the code down, so the time is taken from the untraced runs). Besides the wall
time, the process's CPU time (SQLite works inside it; on PostgreSQL the server's share is not in it), which
other load on the machine changes less.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import tracemalloc

import sqlalchemy as sa


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(url: str, year: str, runs: int = 3) -> dict:
    from bench.seed import make_app
    from extensions import db
    from models.org import User
    from models.proposals import Proposal
    from services.exports import ledger as exports
    from services.stats import figures as stats

    app = make_app(url)
    with app.app_context():
        office = db.session.scalars(sa.select(User).where(User.username == "office1")).one()
        if year == "latest":
            f = stats.Filters(year=db.session.scalar(sa.select(sa.func.max(Proposal.year))))
        else:
            f = stats.Filters(year=0 if year == "all" else int(year))
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(Proposal).where(stats.base_clause(f, office)))
        statements = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        rss_before = _rss_mb()
        times, cpu, size = [], [], 0
        for _ in range(runs):
            statements.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            with tempfile.TemporaryFile() as out:
                exports.save(exports.ledger(f, office), out)
                size = out.tell()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            db.session.rollback()
        rss_after, statement_count = _rss_mb(), len(statements)  # of one export
        tracemalloc.start()
        with tempfile.TemporaryFile() as out:
            exports.save(exports.ledger(f, office), out)
        _, heap_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.session.rollback()
    return {
        "year": f.year, "rows": rows, "seconds": [round(t, 3) for t in times], "best_s": round(min(times), 3),
        "cpu_s": [round(t, 3) for t in cpu],
        "statements": statement_count, "rss_before_mb": round(rss_before, 1), "rss_after_mb": round(rss_after, 1),
        "rss_growth_mb": round(rss_after - rss_before, 1), "python_heap_peak_mb": round(heap_peak / 2**20, 1), "bytes": size,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--year", default="latest", help="a year, 'latest' or 'all'")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.url, args.year, args.runs), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
