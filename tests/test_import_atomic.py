"""An import killed mid-way (kill -9 of the process) leaves nothing partial: all rows or none.

The child process stops at a point the test chooses (tests/import_kill_driver.py: after the N-th row is
written inside the transaction, or with every row written and COMMIT not yet sent), says so, and is killed
there; on SQLite and on PostgreSQL (whichever the suite runs on)."""
import os
import signal
import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from extensions import db
from tests.conftest import DATABASE_URL, IS_POSTGRES, _tmpdir

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = 120


def _workbook(first_number: int) -> str:
    path = os.path.join(_tmpdir, f"list-{uuid.uuid4().hex}.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.append(["建议号", "标题", "领衔代表", "代表团", "交办日期"])
    for i in range(ROWS):
        ws.append([str(first_number + i), f"关于加强第{i}号河段水污染防治的建议", "顾振宇", "临江代表团", "2026-03-15"])
    wb.save(path)
    return path


def _run(stop: str, path: str, session_name: str) -> str:
    """Start the import, wait until it reports the stop, kill -9 it there; the line it printed."""
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "LIANXIN_ENV": "development"}
    proc = subprocess.Popen([sys.executable, "-m", "tests.import_kill_driver", stop, path, session_name], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if stop == "never":
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, out + err
            return out.strip().splitlines()[-1]
        line = ""
        while not line.startswith("STOPPED"):
            line = proc.stdout.readline()
            assert line, f"the import ended before {stop}: {proc.stderr.read()[-2000:]}"
            line = line.strip()
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    return line


def _rows() -> list[tuple]:
    db.session.rollback()
    return db.session.execute(sa.text("SELECT number, session_name, title FROM proposals ORDER BY id")).all()


def _check_integrity():
    if not IS_POSTGRES:
        assert db.session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"


@pytest.fixture
def imported(app, runner):
    """A first list imported in full: the rows every killed import must leave as they are."""
    assert _rows() == []
    result = runner.invoke(args=["import-proposals", _workbook(5000), "--session", "省十四届人大三次会议", "--year", "2026", "--kind", "npc"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    before = _rows()
    assert len(before) == ROWS and {r.session_name for r in before} == {"省十四届人大三次会议"}
    db.engine.dispose()  # the child's writes must not meet a pooled connection of ours mid-transaction
    return before


@pytest.mark.parametrize("stop", ["row:1", f"row:{ROWS // 2}", "commit"])
def test_an_import_killed_before_its_commit_leaves_nothing(imported, stop):
    line = _run(stop, _workbook(6000), "省十四届人大四次会议")
    assert line == ("STOPPED " + (f"commit after {ROWS} rows" if stop == "commit" else f"row {stop[4:]}"))
    _check_integrity()
    assert _rows() == imported


def test_an_import_killed_after_its_commit_is_kept_whole(imported):
    assert _run("done", _workbook(6000), "省十四届人大四次会议") == f"STOPPED done after {ROWS} rows"
    _check_integrity()
    after = _rows()
    assert after[:ROWS] == imported
    assert [(r.number, r.session_name) for r in after[ROWS:]] == [(str(6000 + i), "省十四届人大四次会议") for i in range(ROWS)]
