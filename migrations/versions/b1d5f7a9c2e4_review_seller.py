"""reviews name the seller who sold the reviewed unit (its public page shows its ratings)

Revision ID: b1d5f7a9c2e4
Revises: a7c3e9d1f2b6
Create Date: 2026-12-07 19:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1d5f7a9c2e4'
down_revision = 'a7c3e9d1f2b6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seller_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_review_seller_id'), ['seller_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_review_seller_id_seller'), 'seller', ['seller_id'], ['id'])


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_seller_id_seller'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_review_seller_id'))
        batch_op.drop_column('seller_id')
