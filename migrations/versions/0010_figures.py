"""right figures: 超期说明 on items; the office's decision (approve or refuse, with a reason) on a petition record's extension

Revision ID: 0010_figures
Revises: 0016_notifications
Create Date: 2026-12-01 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_figures'
down_revision = '0016_notifications'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals') as batch_op:
        batch_op.add_column(sa.Column('overdue_note', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('reception_records') as batch_op:
        batch_op.add_column(sa.Column('extension_decision', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('extension_decision_note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('extension_decided_on', sa.Date(), nullable=True))
    # An extension approved before this revision: record the decision it already had.
    op.execute("UPDATE reception_records SET extension_decision = 'approved' WHERE extended")


def downgrade():
    with op.batch_alter_table('reception_records') as batch_op:
        batch_op.drop_column('extension_decided_on')
        batch_op.drop_column('extension_decision_note')
        batch_op.drop_column('extension_decision')
    with op.batch_alter_table('proposals') as batch_op:
        batch_op.drop_column('overdue_note')
