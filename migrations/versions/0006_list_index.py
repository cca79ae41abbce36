"""performance: an index for the item list's filters and urgency order

Revision ID: 0006_list_index
Revises: 0005_search
Create Date: 2026-11-22 01:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006_list_index'
down_revision = '0005_search'
branch_labels = None
depends_on = None

COLUMNS = ['state', 'kind', 'year', 'closed_on', 'replied_on', 'extended_deadline', 'rehandle_deadline', 'statutory_deadline']


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_list', COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_list')
