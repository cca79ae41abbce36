"""Nothing lost: backups taken while writes happen are consistent; a locked database is explained."""
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from extensions import db
from models.audit import AuditEntry
from tests.conftest import IS_POSTGRES, login


@pytest.mark.slow
def test_sqlite_backup_while_writes_happen_is_consistent(app, runner, world, tmp_path):
    if IS_POSTGRES:
        pytest.skip("SQLite online backup; PostgreSQL is covered by test_postgres_backup_restores")
    stop = threading.Event()
    written = []

    def writer():
        engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with engine.connect() as conn:
            while not stop.is_set():
                conn.execute(sa.insert(AuditEntry.__table__).values(object_type="system", action="update", summary="并发写入", changes={}, at=sa.func.current_timestamp()))
                conn.commit()
                written.append(1)
        engine.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.2)
    target = tmp_path / "during-writes.db"
    result = runner.invoke(args=["backup", str(target)])
    time.sleep(0.1)
    stop.set()
    thread.join()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    in_backup = copy.execute("SELECT count(*) FROM audit_entries WHERE summary = '并发写入'").fetchone()[0]
    copy.close()
    in_live = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.summary == "并发写入"))
    assert len(written) > 10
    assert 0 < in_backup <= in_live == len(written)


def test_postgres_backup_restores(app, runner, world, tmp_path):
    if not IS_POSTGRES:
        pytest.skip("pg_dump backup")
    import shutil
    import subprocess

    target = tmp_path / "lianxin.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    listing = subprocess.run([shutil.which("pg_restore"), "--list", str(target)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public users" in listing and "TABLE DATA public audit_entries" in listing


def test_a_locked_database_is_answered_with_a_chinese_retry_message(client, world, monkeypatch):
    login(client, "admin")

    def locked(*args, **kwargs):
        raise sa.exc.OperationalError("UPDATE departments", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(db.session, "commit", locked)
    response = client.post("/admin/departments/new", data={"name": "测试处", "code": "cs", "sort_order": "1", "active": "y"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "3"
    assert "数据库正忙" in response.get_data(as_text=True)


def _fresh_database():
    from tests.test_migrations import _fresh_database_url

    return _fresh_database_url()


def _dump(engine) -> dict[str, list[tuple]]:
    """Every table's rows, in primary-key order."""
    inspector = sa.inspect(engine)
    tables = {}
    with engine.connect() as conn:
        for name in sorted(inspector.get_table_names()):
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            order = list(table.primary_key.columns) or list(table.columns)
            tables[name] = [tuple(row) for row in conn.execute(sa.select(table).order_by(*order))]
    return tables


def test_a_backup_restores_into_a_fresh_database_table_by_table(app, runner, world, tmp_path):
    from models.org import Department
    from tests.conftest import make_app
    from tests.factories import add_proposal_world, add_reception_world
    from tests.test_migrations import _drop

    add_proposal_world(world)
    add_reception_world(world)
    db.session.commit()
    target = tmp_path / ("lianxin.dump" if IS_POSTGRES else "lianxin.db")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    before = _dump(db.engine)
    assert len(before["proposals"]) == 3 and before["users"] and before["reception_days"] and before["audit_entries"]

    url, created = _fresh_database()
    try:
        fresh_app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with fresh_app.app_context():
            result = fresh_app.test_cli_runner().invoke(args=["restore", str(target)])
            assert result.exit_code == 0, result.output
            assert "恢复" in result.output
            after = _dump(db.engine)
            assert sorted(after) == sorted(before)
            for name in before:
                assert after[name] == before[name], name
            # The restored database takes new rows (PostgreSQL's sequences came back with the data).
            db.session.add(Department(name="新建处", code="xj"))
            db.session.commit()
            assert db.session.scalar(sa.select(sa.func.max(Department.id))) == max(r[0] for r in before["departments"]) + 1
            # A second restore over it is refused: only an empty database is restored into.
            again = fresh_app.test_cli_runner().invoke(args=["restore", str(target)])
            assert again.exit_code != 0 and "目标数据库不是空的" in again.output
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Department)) == len(before["departments"]) + 1
            db.session.remove()
            db.engine.dispose()
    finally:
        _drop(created)


def test_pg_dump_is_told_the_server_named_in_the_url_or_in_its_query_string():
    """A Unix-socket URL names the server in its query string (as libpq reads it); pg_dump must be told it too."""
    from sqlalchemy.engine import make_url

    from services.exports.backup import _pg_args

    args, _ = _pg_args(make_url("postgresql://postgres@/lianxin?host=/var/run/postgresql&port=5433"))
    assert args == ["--host", "/var/run/postgresql", "--port", "5433", "--username", "postgres"]
    args, env = _pg_args(make_url("postgresql://lx:secret@db.internal:5432/lianxin"))
    assert args == ["--host", "db.internal", "--port", "5432", "--username", "lx"] and env["PGPASSWORD"] == "secret"
