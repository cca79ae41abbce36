"""Word documents: templates an admin replaced; the summary report's text per year or session

Revision ID: 0014_documents
Revises: 0008_cache_generations
Create Date: 2026-12-01 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_documents'
down_revision = '0008_cache_generations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'document_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=16), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_document_templates_uploaded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_templates')),
        sa.UniqueConstraint('key', name=op.f('uq_document_templates_key')),
    )
    op.create_table(
        'summary_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=80), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('doc_no', sa.String(length=64), nullable=False),
        sa.Column('signer', sa.String(length=64), nullable=False),
        sa.Column('addressee', sa.String(length=200), nullable=False),
        sa.Column('written_on', sa.Date(), nullable=True),
        sa.Column('intro', sa.Text(), nullable=False),
        sa.Column('practices', sa.Text(), nullable=False),
        sa.Column('cases', sa.Text(), nullable=False),
        sa.Column('plans', sa.Text(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_summary_reports_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_reports')),
        sa.UniqueConstraint('period', name='uq_summary_reports_period'),
    )


def downgrade():
    op.drop_table('summary_reports')
    op.drop_table('document_templates')
