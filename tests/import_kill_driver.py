"""Runs ``flask import-proposals`` in a child process that stops where a test asks, so the test can kill it there.

``python -m tests.import_kill_driver STOP FILE SESSION`` with DATABASE_URL set. STOP is ``row:N`` (the N-th row
registered and flushed: rows written inside the open transaction), ``commit`` (every row written, COMMIT not
yet sent), ``done`` (committed, the command finished) or ``never``. At the stop the child prints ``STOPPED <what>`` and waits to be killed.
"""
from __future__ import annotations

import sys
import time

import sqlalchemy as sa


def _stop(what: str) -> None:
    print(f"STOPPED {what}", flush=True)
    while True:
        time.sleep(60)


def main(stop: str, path: str, session_name: str) -> None:
    from app import create_app
    from extensions import db
    from commands import proposals as commands
    from services.proposals import imports as proposal_import

    app = create_app()
    with app.app_context():
        registered = 0
        register = proposal_import.register

        def counting_register(*args, **kwargs):
            nonlocal registered
            proposal = register(*args, **kwargs)
            registered += 1
            if stop == f"row:{registered}":
                db.session.flush()
                _stop(f"row {registered}")
            return proposal

        proposal_import.register = counting_register
        if stop == "commit":
            sa.event.listen(db.engine, "commit", lambda conn: _stop(f"commit after {registered} rows"))
        commands.import_proposals.main(
            [path, "--session", session_name, "--year", "2026", "--kind", "npc"], standalone_mode=False
        )
        if stop == "done":
            _stop(f"done after {registered} rows")
        print(f"DONE {registered}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
