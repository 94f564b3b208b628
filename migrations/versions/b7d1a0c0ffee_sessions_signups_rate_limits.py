"""user sessions, pending sign-ups, rate-limit counters

Revision ID: b7d1a0c0ffee
Revises: 56fb94aa9499
Create Date: 2026-12-07 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d1a0c0ffee'
down_revision = '56fb94aa9499'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_session_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('pending_signup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('order_token', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_signup')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_pending_signup_token_hash'))
    )
    with op.batch_alter_table('pending_signup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_signup_email'), ['email'], unique=False)

    op.create_table('rate_limit_counter',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counter'))
    )
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counter_expires_at'), ['expires_at'], unique=False)

    # Sign-ins are rows now: the version that ended them all at once goes. A plain DROP COLUMN (SQLite has
    # one since 3.35) rather than batch mode, which would copy the user table under its foreign keys.
    op.drop_column('user', 'session_version')


def downgrade():
    op.add_column('user', sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counter_expires_at'))

    op.drop_table('rate_limit_counter')
    with op.batch_alter_table('pending_signup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_signup_email'))

    op.drop_table('pending_signup')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')
