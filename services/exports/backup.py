"""Consistent backups: SQLite's online backup API (safe while the app writes), pg_dump for PostgreSQL;
and their restore into an empty database (``flask restore``)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def _pg_args(url) -> tuple[list[str], dict]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    args = []
    # The server may be named in the URL's authority or, as libpq also reads it, in its query string
    # (``postgresql://user@/db?host=/var/run/postgresql&port=5433``: a Unix socket).
    host = url.host or url.query.get("host")
    port = url.port or url.query.get("port")
    if host:
        args += ["--host", str(host)]
    if port:
        args += ["--port", str(port)]
    if url.username:
        args += ["--username", url.username]
    return args, env


def backup_database(engine: Engine, path: str) -> str:
    url = engine.url
    path = os.path.abspath(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database, timeout=30)
        try:
            target = sqlite3.connect(path)
            try:
                with target:
                    source.backup(target, pages=1024)
                check = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
        finally:
            source.close()
        if check != "ok":
            raise RuntimeError(f"备份文件完整性检查未通过：{check}")
        return f"已备份 SQLite 数据库到 {path}（{os.path.getsize(path)} 字节，完整性检查通过）"
    if url.get_backend_name() == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if not pg_dump:
            raise RuntimeError("找不到 pg_dump，请安装 PostgreSQL 客户端")
        args, env = _pg_args(url)
        cmd = [pg_dump, "--format=custom", "--no-owner", f"--file={path}", "--dbname", url.database or "", *args]
        subprocess.run(cmd, check=True, env=env, capture_output=True, timeout=3600)
        return f"已用 pg_dump 备份 PostgreSQL 数据库到 {path}（{os.path.getsize(path)} 字节）。恢复：flask --app app restore {path}"
    raise RuntimeError(f"不支持的数据库类型：{url.get_backend_name()}")


def restore_database(engine: Engine, path: str) -> str:
    """Load a backup made by ``backup_database`` into the configured database, which must be empty
    (a fresh database: nothing is overwritten)."""
    url = engine.url
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise RuntimeError(f"找不到备份文件 {path}")
    tables = sa.inspect(engine).get_table_names()
    if tables:
        raise RuntimeError(f"目标数据库不是空的（已有 {len(tables)} 张表）。请恢复到一个新建的空数据库，核对后再切换。")
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RuntimeError("备份文件完整性检查未通过，未恢复。")
            engine.dispose()
            target = sqlite3.connect(url.database, timeout=30)
            try:
                source.backup(target, pages=1024)
                count = target.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            finally:
                target.close()
        except sqlite3.DatabaseError as exc:
            raise RuntimeError(f"不是有效的 SQLite 备份文件：{exc}") from exc
        finally:
            source.close()
        return f"已从 {path} 恢复 SQLite 数据库（{count} 张表）。"
    if url.get_backend_name() == "postgresql":
        pg_restore = shutil.which("pg_restore")
        if not pg_restore:
            raise RuntimeError("找不到 pg_restore，请安装 PostgreSQL 客户端")
        args, env = _pg_args(url)
        cmd = [pg_restore, "--no-owner", "--exit-on-error", "--single-transaction", "--dbname", url.database or "", *args, path]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            raise RuntimeError(f"pg_restore 失败，未恢复：{done.stderr.strip()[-500:]}")
        count = len(sa.inspect(engine).get_table_names())
        return f"已用 pg_restore 从 {path} 恢复 PostgreSQL 数据库（{count} 张表）。"
    raise RuntimeError(f"不支持的数据库类型：{url.get_backend_name()}")
