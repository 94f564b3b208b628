"""bulk feed imports: a dry run kept until applied

Revision ID: f3ed1a7b0c13
Revises: f3a7d2c41e05
Create Date: 2026-12-07 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3ed1a7b0c13'
down_revision = 'f3a7d2c41e05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feed_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('creates', sa.Integer(), nullable=False),
    sa.Column('updates', sa.Integer(), nullable=False),
    sa.Column('pauses', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('wins', sa.Integer(), nullable=False),
    sa.Column('losses', sa.Integer(), nullable=False),
    sa.Column('plan', sa.JSON(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('boxes', sa.JSON(), nullable=False),
    sa.Column('message', sa.String(length=1000), nullable=False),
    sa.CheckConstraint("status IN ('dry_run', 'queued', 'applied', 'failed')", name=op.f('ck_feed_import_status')),
    sa.ForeignKeyConstraint(['seller_id'], ['seller.id'], name=op.f('fk_feed_import_seller_id_seller')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_feed_import_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_import'))
    )
    with op.batch_alter_table('feed_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_import_seller_id'), ['seller_id'], unique=False)


def downgrade():
    with op.batch_alter_table('feed_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_import_seller_id'))
    op.drop_table('feed_import')
