"""The demo: ``seed-demo`` runs every registered seeder, in order, in one transaction."""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from extensions import db

DEMO_PASSWORD = "demo-2026"

# (order, name, fn(context) -> summary line). Feature modules register theirs.
SEEDERS: list[tuple[int, str, Callable[[dict], str]]] = []


class DatabaseNotEmpty(Exception):
    pass


def seeder(order: int, name: str):
    def decorator(fn):
        SEEDERS.append((order, name, fn))
        return fn

    return decorator


def database_is_empty() -> bool:
    for table in db.metadata.sorted_tables:
        if table.name == "alembic_version":  # bookkeeping, not data
            continue
        if db.session.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            return False
    return True


def run_seeders() -> list[str]:
    # Feature seeders register themselves on import.
    import services.demo.seed_documents  # noqa: F401
    import services.demo.seed_milestones  # noqa: F401
    import services.demo.seed_notifications  # noqa: F401
    import services.demo.seed_org  # noqa: F401
    import services.demo.seed_proposals  # noqa: F401
    import services.demo.seed_reception  # noqa: F401
    if not database_is_empty():
        raise DatabaseNotEmpty("数据库中已有数据，seed-demo 只能在空数据库上运行。如需重建演示，请先删除 instance/lianxin.db 后执行 flask --app app db upgrade。")
    context: dict = {}
    summary: list[str] = []
    try:
        for _, name, fn in sorted(SEEDERS, key=lambda s: s[0]):
            summary.append(fn(context))
            db.session.flush()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return summary
