"""Outside tests the schema comes from Alembic migrations: they must build exactly the models' schema."""
import os
import uuid

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from extensions import db
from tests.conftest import DATABASE_URL, IS_POSTGRES, _tmpdir, make_app


def _fresh_database_url():
    if not IS_POSTGRES:
        return "sqlite:///" + os.path.join(_tmpdir, f"migrations-{uuid.uuid4().hex}.db"), None
    name = f"lx_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(admin.url).set(database=name)
    return url.render_as_string(hide_password=False), (admin, name)


def _drop(created):
    if created:
        admin, name = created
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _ignored(obj, name, type_, reflected, compare_to):
    from models import schema_extras

    return not (type_ == "table" and name in schema_extras.EXTRA_TABLES) and not (
        type_ == "table" and any(name.startswith(p) for p in schema_extras.EXTRA_TABLE_PREFIXES)
    )


def test_migrations_build_the_models_schema_and_downgrade_cleanly():
    url, created = _fresh_database_url()
    try:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _ignored})
                assert compare_metadata(ctx, db.metadata) == []
            # A migrated database holds no data: `seed-demo --if-empty` (the demo script) must seed it.
            from services.demo.seed import database_is_empty

            assert database_is_empty()
            db.session.remove()
            downgrade(revision="base")
            with db.engine.connect() as conn:
                left = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
            assert left == set()
            db.engine.dispose()
    finally:
        _drop(created)
