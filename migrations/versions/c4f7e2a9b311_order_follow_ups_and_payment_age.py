"""order follow-ups (capture, cart, e-mail) and payment age

Revision ID: c4f7e2a9b311
Revises: b7d1a0c0ffee
Create Date: 2026-12-07 05:10:00

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f7e2a9b311'
down_revision = 'b7d1a0c0ffee'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('order', schema=None) as batch_op:
        # Orders placed before this revision were captured, emptied and mailed in their request.
        batch_op.add_column(sa.Column('payment_status', sa.String(length=20), nullable=False, server_default='captured'))
        batch_op.add_column(sa.Column('cart_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirmation_sent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('settled_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_order_settled_at'), ['settled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_payment_intent'), ['payment_intent'], unique=False)
    op.execute(sa.text('UPDATE "order" SET confirmation_sent_at = created_at, settled_at = created_at'))
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.alter_column('payment_status', server_default=None)

    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
    # Naive UTC, as the app writes it (CURRENT_TIMESTAMP would be the server's local time on PostgreSQL).
    op.execute(sa.text('UPDATE payment SET updated_at = :now').bindparams(now=datetime.utcnow()))
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(batch_op.f('ix_payment_updated_at'), ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_updated_at'))
        batch_op.drop_column('updated_at')
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_payment_intent'))
        batch_op.drop_index(batch_op.f('ix_order_settled_at'))
        batch_op.drop_column('settled_at')
        batch_op.drop_column('confirmation_sent_at')
        batch_op.drop_column('cart_id')
        batch_op.drop_column('payment_status')
