"""The dashboard's cold computation, in process: seed N items into a scratch SQLite file (``bench.seed``), then
time ``stats.compute_dashboard`` for the office (this year, and every year) R times. No cache is involved.

    .venv/bin/python -m bench.figures_time [--items 5000] [--repeat 20]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import sqlalchemy as sa


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--url", help="an already seeded database (not emptied, not removed)")
    args = parser.parse_args(argv)

    from bench.seed import Scale, make_app, seed
    from extensions import db
    from models.org import User
    from rules import clock
    from services.stats import figures as stats

    path = None if args.url else os.path.join(tempfile.mkdtemp(prefix="lianxin-figures-"), "figures.db")
    url = args.url or f"sqlite:///{path}"
    if path:
        seed(make_app(url, loading=True), Scale.for_items(args.items))
    app = make_app(url)
    with app.app_context():
        office = db.session.scalars(sa.select(User).where(User.username == "office1")).one()
        for label, f in (("this year", stats.Filters(year=clock.today().year)), ("every year", stats.Filters(year=0))):
            times = []
            for _ in range(args.repeat):
                db.session.expire_all()
                t0 = time.perf_counter()
                stats.compute_dashboard(f, office)
                times.append((time.perf_counter() - t0) * 1000)
                db.session.rollback()
            print(f"{args.items} items, {label}: median {statistics.median(times):.1f} ms, "
                  f"min {min(times):.1f}, max {max(times):.1f} ({args.repeat} runs)")
    if path:
        os.remove(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
