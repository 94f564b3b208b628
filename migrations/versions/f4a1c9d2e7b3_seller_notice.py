"""a seller's notice of termination: its date and its statement of reasons

Revision ID: f4a1c9d2e7b3
Revises: f3ed1a7b0c13
Create Date: 2026-12-07 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4a1c9d2e7b3'
down_revision = 'f3ed1a7b0c13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terminates_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('notice_reason', sa.String(length=1000), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.drop_column('notice_reason')
        batch_op.drop_column('terminates_at')
