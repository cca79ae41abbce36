"""cached figures: the counter that moves with every change they are made of (services/generations.py)

Revision ID: 0008_cache_generations
Revises: 0007_search_grams
Create Date: 2026-11-22 02:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_cache_generations'
down_revision = '0007_search_grams'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cache_generations',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_generations')),
    )
    # No row yet: the first change creates it (services/generations.py), so a fresh database stays empty for seed-demo.


def downgrade():
    op.drop_table('cache_generations')
