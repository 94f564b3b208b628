"""quality scores: each seller's latest score per metric, and its quality level

Revision ID: f6c3a9d1e2b7
Revises: 7068601f3bcf
Create Date: 2026-12-07 19:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6c3a9d1e2b7'
down_revision = '7068601f3bcf'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quality_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=16), nullable=False),
    sa.Column('events', sa.Double(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('raw', sa.Double(), nullable=True),
    sa.Column('smoothed', sa.Double(), nullable=False),
    sa.Column('forecast', sa.Double(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['seller_id'], ['seller.id'], name=op.f('fk_quality_score_seller_id_seller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_score')),
    sa.UniqueConstraint('seller_id', 'metric', name=op.f('uq_quality_score_seller_id_metric'))
    )
    with op.batch_alter_table('quality_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_score_seller_id'), ['seller_id'], unique=False)
    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quality_level', sa.String(length=10), server_default='ok', nullable=False))


def downgrade():
    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.drop_column('quality_level')
    with op.batch_alter_table('quality_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_score_seller_id'))
    op.drop_table('quality_score')
