"""each item's facts in one row (proposal_facts), kept by the app in the same transaction as every change that
moves them, for the statistics; the shared figure-cache counter (cache_generations) goes

Revision ID: 0017_facts
Revises: 0009_security
Create Date: 2026-12-01 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_facts'
down_revision = '0009_security'
branch_labels = None
depends_on = None

# The facts as the app defines them at this revision (models/facts.py), frozen here: a later change of the model
# comes with its own migration, and `flask --app app rebuild-facts` writes the rows from the code of the day.
BACKFILL = """
INSERT INTO proposal_facts (proposal_id, effective_deadline, answered, on_time, contacted, met, lead_result, lead_attitude,
                            latest_class, has_commit, commit_open, commit_open_due, extended)
SELECT p.id,
       COALESCE(p.extended_deadline, p.rehandle_deadline, p.statutory_deadline),
       p.replied_on IS NOT NULL AND p.state IN ('replied', 'closed'),
       p.replied_on IS NOT NULL AND p.replied_on <= COALESCE(p.extended_deadline, p.rehandle_deadline, p.statutory_deadline),
       p.bureau_role IN ('lead', 'separate') AND p.replied_on IS NOT NULL
           AND EXISTS (SELECT 1 FROM contact_records c WHERE c.proposal_id = p.id AND c.contact_on <= p.replied_on),
       p.bureau_role IN ('lead', 'separate') AND p.replied_on IS NOT NULL
           AND EXISTS (SELECT 1 FROM contact_records c WHERE c.proposal_id = p.id AND c.contact_on <= p.replied_on
                       AND c.method IN ({face_to_face})),
       (SELECT MAX(f.result) FROM feedback f JOIN proposers r ON r.id = f.proposer_id
         WHERE f.proposal_id = p.id AND r.is_lead AND f.round = (SELECT MAX(f2.round) FROM feedback f2 WHERE f2.proposal_id = p.id)),
       (SELECT MAX(f.attitude) FROM feedback f JOIN proposers r ON r.id = f.proposer_id
         WHERE f.proposal_id = p.id AND r.is_lead AND f.round = (SELECT MAX(f2.round) FROM feedback f2 WHERE f2.proposal_id = p.id)),
       (SELECT MAX(y.result_class) FROM replies y WHERE y.proposal_id = p.id AND y.state = 'sent'
         AND y.round = (SELECT MAX(y2.round) FROM replies y2 WHERE y2.proposal_id = p.id AND y2.state = 'sent')),
       EXISTS (SELECT 1 FROM commitments m WHERE m.proposal_id = p.id),
       EXISTS (SELECT 1 FROM commitments m WHERE m.proposal_id = p.id AND m.done_on IS NULL),
       (SELECT MIN(m.due_on) FROM commitments m WHERE m.proposal_id = p.id AND m.done_on IS NULL),
       EXISTS (SELECT 1 FROM extension_requests e WHERE e.proposal_id = p.id AND e.state = 'approved')
FROM proposals p
"""
FACE_TO_FACE = ('见面座谈', '走访', '调研')


def upgrade():
    op.create_table('proposal_facts',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('effective_deadline', sa.Date(), nullable=True),
    sa.Column('answered', sa.Boolean(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    sa.Column('contacted', sa.Boolean(), nullable=True),
    sa.Column('met', sa.Boolean(), nullable=True),
    sa.Column('lead_result', sa.String(length=16), nullable=True),
    sa.Column('lead_attitude', sa.String(length=16), nullable=True),
    sa.Column('latest_class', sa.String(length=1), nullable=True),
    sa.Column('has_commit', sa.Boolean(), nullable=True),
    sa.Column('commit_open', sa.Boolean(), nullable=True),
    sa.Column('commit_open_due', sa.Date(), nullable=True),
    sa.Column('extended', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_facts_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', name=op.f('pk_proposal_facts'))
    )
    face_to_face = ", ".join("'" + m + "'" for m in FACE_TO_FACE)
    op.execute(BACKFILL.format(face_to_face=face_to_face))
    op.drop_table('cache_generations')


def downgrade():
    op.create_table(
        'cache_generations',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_generations')),
    )
    op.drop_table('proposal_facts')
