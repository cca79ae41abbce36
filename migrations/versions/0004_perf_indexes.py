"""performance: an index covering the period choices (year, 届次, type)

Revision ID: 0004_perf_indexes
Revises: 0003_features
Create Date: 2026-11-22 01:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004_perf_indexes'
down_revision = '0003_features'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_year_session_kind', ['year', 'session_name', 'kind'], unique=False)


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_year_session_kind')
