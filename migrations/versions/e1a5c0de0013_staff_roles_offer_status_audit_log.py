"""staff roles and language, offer status, statements of reasons, audit log

Revision ID: e1a5c0de0013
Revises: 9d2c6b83b3bb
Create Date: 2026-12-07 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a5c0de0013'
down_revision = '9d2c6b83b3bb'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('customer', 'seller', 'marketing', 'translator', 'admin')"
NEW_ROLES = ("role IN ('customer', 'seller', 'marketing', 'marketing_lead', 'translator', 'care', 'quality', "
             "'admin')")


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=False, server_default='en'))
        batch_op.drop_constraint(batch_op.f('ck_user_role'), type_='check')
        batch_op.create_check_constraint('role', NEW_ROLES)

    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=12), nullable=False, server_default='live'))
        batch_op.add_column(sa.Column('status_reason', sa.String(length=1000), nullable=False, server_default=''))
        batch_op.create_check_constraint('status', "status IN ('live', 'paused', 'suspended')")

    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_reason', sa.String(length=1000), nullable=False, server_default=''))

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_entry_actor_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
    op.drop_table('audit_entry')

    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.drop_column('status_reason')

    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_offer_status'), type_='check')
        batch_op.drop_column('status_reason')
        batch_op.drop_column('status')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_role'), type_='check')
        batch_op.create_check_constraint('role', OLD_ROLES)
        batch_op.drop_column('language')
