"""office work: contact-point problems tracked as tasks (point_problems, point_problem_notes); the petition
category, district and place of a reception record (信访研判)

Revision ID: 0015_office_work
Revises: 0010_figures
Create Date: 2026-12-01 15:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_office_work'
down_revision = '0010_figures'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('point_problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('assigned_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closure', sa.Text(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_point_problems_created_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_point_problems_department_id_departments')),
    sa.ForeignKeyConstraint(['point_id'], ['contact_points.id'], name=op.f('fk_point_problems_point_id_contact_points')),
    sa.ForeignKeyConstraint(['visit_id'], ['contact_visits.id'], name=op.f('fk_point_problems_visit_id_contact_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_problems'))
    )
    with op.batch_alter_table('point_problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_problems_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_point_problems_point_id'), ['point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_point_problems_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_point_problems_visit_id'), ['visit_id'], unique=False)

    op.create_table('point_problem_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['problem_id'], ['point_problems.id'], name=op.f('fk_point_problem_notes_problem_id_point_problems'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_point_problem_notes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_problem_notes'))
    )
    with op.batch_alter_table('point_problem_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_problem_notes_problem_id'), ['problem_id'], unique=False)

    with op.batch_alter_table('reception_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('district', sa.String(length=32), server_default='', nullable=False))
        batch_op.add_column(sa.Column('location', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_reception_records_category'), ['category'], unique=False)


def downgrade():
    with op.batch_alter_table('reception_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_records_category'))
        batch_op.drop_column('location')
        batch_op.drop_column('district')
        batch_op.drop_column('category')
    with op.batch_alter_table('point_problem_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_problem_notes_problem_id'))
    op.drop_table('point_problem_notes')
    with op.batch_alter_table('point_problems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_problems_visit_id'))
        batch_op.drop_index(batch_op.f('ix_point_problems_status'))
        batch_op.drop_index(batch_op.f('ix_point_problems_point_id'))
        batch_op.drop_index(batch_op.f('ix_point_problems_department_id'))
    op.drop_table('point_problems')
