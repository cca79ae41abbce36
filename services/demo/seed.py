"""The demo: ``seed-demo`` runs every seeder listed in ``seeders()``, in order, in one transaction."""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from extensions import db

DEMO_PASSWORD = "demo-2026"



class DatabaseNotEmpty(Exception):
    pass


def database_is_empty() -> bool:
    for table in db.metadata.sorted_tables:
        if table.name == "alembic_version":  # bookkeeping, not data
            continue
        if db.session.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            return False
    return True


def seeders() -> tuple[tuple[str, Callable[[dict], str]], ...]:
    """Every seeder, in the order they run: (name, fn(context) -> summary line). A later one reads what an earlier
    one put in ``context`` (the organisation seeder puts the story there)."""
    # Imported here: the feature seeders import DEMO_PASSWORD from this module.
    from . import seed_documents, seed_milestones, seed_notifications, seed_org, seed_proposals, seed_reception

    return (
        ("organisation", seed_org.seed_organisation),
        ("proposals", seed_proposals.seed_proposals),
        ("reception", seed_reception.seed_reception),
        ("petition milestones", seed_milestones.seed_milestones),
        ("documents", seed_documents.seed_documents),
        ("notifications", seed_notifications.seed_notifications),
    )


def run_seeders() -> list[str]:
    if not database_is_empty():
        raise DatabaseNotEmpty("数据库中已有数据，seed-demo 只能在空数据库上运行。如需重建演示，请先删除 instance/lianxin.db 后执行 flask --app app db upgrade。")
    context: dict = {}
    summary: list[str] = []
    try:
        for _, fn in seeders():
            summary.append(fn(context))
            db.session.flush()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return summary
