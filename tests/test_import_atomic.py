"""An import killed mid-way (kill -9 of the process) leaves nothing partial: all rows or none."""
import io
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from tests.conftest import IS_POSTGRES, _tmpdir

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = 1500

pytestmark = pytest.mark.slow


def _workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["建议号", "标题", "领衔代表", "代表团", "交办日期"])
    for i in range(ROWS):
        ws.append([str(5000 + i), f"关于加强第{i}号河段水污染防治的建议", "顾振宇", "临江代表团", "2026-03-15"])
    wb.save(path)


@pytest.mark.skipif(IS_POSTGRES, reason="one database engine is enough for the process-kill property")
def test_a_killed_import_leaves_all_or_nothing(_schema):
    db_path = os.path.join(_tmpdir, f"import-kill-{uuid.uuid4().hex}.db")
    url = f"sqlite:///{db_path}"
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "app", "LIANXIN_ENV": "development"}
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    xlsx = os.path.join(_tmpdir, f"list-{uuid.uuid4().hex}.xlsx")
    _workbook(xlsx)
    engine = sa.create_engine(url)
    outcomes = []
    for delay in (0.8, 1.6, 2.4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "import-proposals", xlsx, "--session", f"省十四届人大四次会议{delay}", "--year", "2026"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        with engine.connect() as conn:
            count = conn.execute(
                sa.text("SELECT count(*) FROM proposals WHERE session_name = :s"), {"s": f"省十四届人大四次会议{delay}"}
            ).scalar()
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        outcomes.append((delay, finished, count))
        assert count in (0, ROWS), f"partial import after kill at {delay}s: {count} rows"
    # The same import left to finish stores every row (so the zeros above are the kill, not a refusal).
    done = subprocess.run(
        [sys.executable, "-m", "flask", "import-proposals", xlsx, "--session", "省十四届人大四次会议", "--year", "2026"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM proposals WHERE session_name = '省十四届人大四次会议'")).scalar() == ROWS
    engine.dispose()
    print("import kill outcomes (delay, finished by itself, rows):", outcomes)
    assert any(not finished for _, finished, _ in outcomes), "at least one run was killed mid-way"
