"""search: the grams index (1–2 character words; the item list's search over number, title and names)

Revision ID: 0007_search_grams
Revises: 0006_list_index
Create Date: 2026-11-22 02:30:00

"""
from alembic import op

from services import search


# revision identifiers, used by Alembic.
revision = '0007_search_grams'
down_revision = '0006_list_index'
branch_labels = None
depends_on = None


def upgrade():
    # SQLite: a contentless FTS5 table (and the names it was made of); PostgreSQL: tsvector columns with GIN
    # indexes. Filled from existing items, together with the trigram table (both are made of the same rows).
    # A database built by a newer 0005 (its install creates both) already has it: IF NOT EXISTS.
    search.install_grams(op.get_bind())


def downgrade():
    search.uninstall_grams(op.get_bind())
