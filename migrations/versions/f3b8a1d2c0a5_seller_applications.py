"""seller applications

Revision ID: f3b8a1d2c0a5
Revises: e1a5c0de0013
Create Date: 2026-12-07 15:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3b8a1d2c0a5'
down_revision = 'e1a5c0de0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('seller_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('market', sa.String(length=8), nullable=False),
    sa.Column('company', sa.String(length=120), nullable=False),
    sa.Column('registration', sa.String(length=40), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('founded', sa.Integer(), nullable=False),
    sa.Column('warehouse_address', sa.Text(), nullable=False),
    sa.Column('return_address', sa.Text(), nullable=False),
    sa.Column('markets', sa.JSON(), nullable=False),
    sa.Column('warranty_months', sa.Integer(), nullable=False),
    sa.Column('certifications', sa.JSON(), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reviewed_by', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('seller_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_seller_application_status')),
    sa.ForeignKeyConstraint(['reviewed_by'], ['user.id'], name=op.f('fk_seller_application_reviewed_by_user')),
    sa.ForeignKeyConstraint(['seller_id'], ['seller.id'], name=op.f('fk_seller_application_seller_id_seller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seller_application'))
    )
    with op.batch_alter_table('seller_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seller_application_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('seller_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seller_application_status'))
    op.drop_table('seller_application')
