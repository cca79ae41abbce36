"""Concurrent writers: N processes each add progress notes to its own item through the model verb
(``Proposal.add_note`` + commit, as the view does) for S seconds. Prints writes/s and checks none was lost.

    .venv/bin/python -m bench.writers --url postgresql://postgres@127.0.0.1:55433/lianxin_x [--writers 16] [--seconds 30]

The database is emptied and seeded with a few hundred items first (``bench.seed``): use a scratch database.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import time

import sqlalchemy as sa


def _writer(url: str, item_id: int, seconds: float, start_at: float, out) -> None:
    from bench.seed import make_app
    from extensions import db
    from models.org import User
    from models.proposals import Proposal

    app = make_app(url)
    done = failed = 0
    with app.app_context():
        office = db.session.scalars(sa.select(User).where(User.username == "office1")).one()
        office_id = office.id
        db.session.commit()
        while time.time() < start_at:
            time.sleep(0.01)
        end = start_at + seconds
        while time.time() < end:
            try:
                user = db.session.get(User, office_id)
                db.session.get(Proposal, item_id).add_note(user, f"进展 {done + 1}")
                db.session.commit()
                done += 1
            except Exception:  # noqa: BLE001 - a lost write is what we count
                db.session.rollback()
                failed += 1
    out.put((item_id, done, failed))


def _lock_waits(app, start_at: float, seconds: float) -> tuple[float, float]:
    """How many sessions wait on a lock (another writer's row), sampled during the run: (mean, % of samples > 0)."""
    from extensions import db

    samples = []
    with app.app_context():
        with db.engine.connect() as conn:
            while time.time() < start_at:
                time.sleep(0.01)
            while time.time() < start_at + seconds:
                samples.append(conn.execute(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )).scalar())
                conn.rollback()
                time.sleep(0.05)
    return sum(samples) / len(samples), 100 * sum(1 for n in samples if n) / len(samples)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--items", type=int, default=500)
    args = parser.parse_args(argv)

    from bench.seed import Scale, drop_everything, make_app, seed
    from extensions import db
    from models.proposals import ProgressNote, Proposal
    from models.proposals_vocabulary import ENDED_STATES

    app = make_app(args.url)
    with app.app_context():
        drop_everything(db.engine)
    seed(make_app(args.url, loading=True), Scale.for_items(args.items), analyze=True)
    app = make_app(args.url)
    with app.app_context():
        ids = db.session.scalars(
            sa.select(Proposal.id).where(Proposal.state.not_in(ENDED_STATES)).order_by(Proposal.id).limit(args.writers)
        ).all()
        before = db.session.scalar(sa.select(sa.func.count()).select_from(ProgressNote).where(ProgressNote.proposal_id.in_(ids)))
        db.engine.dispose()
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + 8  # every writer has built its app by then
    procs = [ctx.Process(target=_writer, args=(args.url, i, args.seconds, start_at, out)) for i in ids]
    for p in procs:
        p.start()
    waits = _lock_waits(app, start_at, args.seconds) if args.url.startswith("postgres") else None
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    with app.app_context():
        after = db.session.scalar(sa.select(sa.func.count()).select_from(ProgressNote).where(ProgressNote.proposal_id.in_(ids)))
    done = sum(r[1] for r in results)
    failed = sum(r[2] for r in results)
    lost = done - (after - before)
    print(f"{len(ids)} writers, {args.seconds:.0f} s: {done} notes committed, {done / args.seconds:.1f} writes/s, "
          f"{failed} failed, {lost} lost (rows found {after - before})")
    if waits is not None:
        print(f"writers waiting on a row lock (PostgreSQL, sampled every 50 ms): mean {waits[0]:.2f}, "
              f"in {waits[1]:.0f}% of the samples")
    return 0 if lost == 0 and failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
