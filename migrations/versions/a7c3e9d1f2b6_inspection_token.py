"""an inspection's form token: a double submit records one inspection

Revision ID: a7c3e9d1f2b6
Revises: f5b2e8a1c3d4
Create Date: 2026-12-07 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d1f2b6'
down_revision = 'f5b2e8a1c3d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_inspection_token'), ['token'])


def downgrade():
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_inspection_token'), type_='unique')
        batch_op.drop_column('token')
