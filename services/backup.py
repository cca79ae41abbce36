"""Consistent backups: SQLite's online backup API (safe while the app writes), pg_dump for PostgreSQL."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

from sqlalchemy.engine import Engine


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
        env = dict(os.environ)
        if url.password:
            env["PGPASSWORD"] = url.password
        cmd = [pg_dump, "--format=custom", "--no-owner", f"--file={path}", "--dbname", url.database or ""]
        if url.host:
            cmd += ["--host", url.host]
        if url.port:
            cmd += ["--port", str(url.port)]
        if url.username:
            cmd += ["--username", url.username]
        subprocess.run(cmd, check=True, env=env, capture_output=True, timeout=3600)
        return f"已用 pg_dump 备份 PostgreSQL 数据库到 {path}（{os.path.getsize(path)} 字节）。恢复：pg_restore --clean --if-exists -d 数据库名 {path}"
    raise RuntimeError(f"不支持的数据库类型：{url.get_backend_name()}")
