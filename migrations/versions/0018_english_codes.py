"""contact records' stage and method and reception records' satisfaction stored as English codes (were their
Chinese text); reception_records.satisfaction widened for "unsatisfied"

Revision ID: 0018_english_codes
Revises: 0017_facts
Create Date: 2026-12-01 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_english_codes'
down_revision = '0017_facts'
branch_labels = None
depends_on = None

# The vocabularies at this revision (models/proposals_vocabulary.py, models/vocabulary.py), frozen here:
# (table, column) → {Chinese text: code}.
CODES = {
    ('contact_records', 'stage'): {'办前': 'before', '办中': 'during', '办后': 'after'},
    ('contact_records', 'method'): {'见面座谈': 'meeting', '走访': 'visit', '调研': 'survey', '电话': 'phone', '视频': 'video',
                                    '书面': 'written'},
    ('reception_records', 'satisfaction'): {'满意': 'satisfied', '基本满意': 'basically', '不满意': 'unsatisfied'},
}


def _recode(backwards: bool) -> None:
    for (table, column), codes in CODES.items():
        for text, code in codes.items():
            old, new = (code, text) if backwards else (text, code)
            op.execute(sa.text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old").bindparams(old=old, new=new))


def upgrade():
    with op.batch_alter_table('reception_records', schema=None) as batch_op:
        batch_op.alter_column('satisfaction', existing_type=sa.String(length=8), type_=sa.String(length=16),
                              existing_nullable=True)
    _recode(backwards=False)


def downgrade():
    _recode(backwards=True)
    with op.batch_alter_table('reception_records', schema=None) as batch_op:
        batch_op.alter_column('satisfaction', existing_type=sa.String(length=16), type_=sa.String(length=8),
                              existing_nullable=True)
