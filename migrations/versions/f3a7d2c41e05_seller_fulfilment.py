"""seller fulfilment: accept/refuse lines, parcels with units (IMEI/serial), refunds per line

Revision ID: f3a7d2c41e05
Revises: f3b8a1d2c0a5
Create Date: 2026-12-07 15:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a7d2c41e05'
down_revision = 'f3b8a1d2c0a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='awaiting_acceptance'))
        batch_op.add_column(sa.Column('accepted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('refused_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by', sa.String(length=10), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('cancel_note', sa.String(length=300), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_order_line_status'), ['status'], unique=False)

    with op.batch_alter_table('seller_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refunded', sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_constraint(batch_op.f('ck_seller_order_split'), type_='check')
        batch_op.create_check_constraint('split', 'commission + payout + refunded = amount')
        batch_op.drop_column('carrier')
        batch_op.drop_column('tracking')
        batch_op.create_index(batch_op.f('ix_seller_order_status'), ['status'], unique=False)

    # Seller orders from before this revision had no acceptance step: waiting to ship means accepted.
    op.execute(sa.text("UPDATE seller_order SET status = 'accepted' WHERE status = 'awaiting_shipment'"))
    op.execute(sa.text(
        "UPDATE order_line SET status = CASE (SELECT status FROM seller_order WHERE seller_order.id = order_line.seller_order_id)"
        " WHEN 'awaiting_acceptance' THEN 'awaiting_acceptance' WHEN 'accepted' THEN 'accepted' ELSE 'shipped' END"))

    op.create_table('parcel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seller_order_id', sa.Integer(), nullable=False),
    sa.Column('carrier', sa.String(length=20), nullable=False),
    sa.Column('tracking', sa.String(length=40), nullable=False),
    sa.Column('shipped_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['seller_order_id'], ['seller_order.id'], name=op.f('fk_parcel_seller_order_id_seller_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcel'))
    )
    with op.batch_alter_table('parcel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parcel_seller_order_id'), ['seller_order_id'], unique=False)

    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('imei', sa.String(length=15), nullable=True),
    sa.Column('serial', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['line_id'], ['order_line.id'], name=op.f('fk_unit_line_id_order_line')),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcel.id'], name=op.f('fk_unit_parcel_id_parcel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('imei', name=op.f('uq_unit_imei'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_parcel_id'), ['parcel_id'], unique=False)

    op.create_table('refund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('seller_order_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=60), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('provider_id', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('refunded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['line_id'], ['order_line.id'], name=op.f('fk_refund_line_id_order_line')),
    sa.ForeignKeyConstraint(['order_id'], ['order.id'], name=op.f('fk_refund_order_id_order')),
    sa.ForeignKeyConstraint(['seller_order_id'], ['seller_order.id'], name=op.f('fk_refund_seller_order_id_seller_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_refund_idempotency_key')),
    sa.UniqueConstraint('line_id', name=op.f('uq_refund_line_id'))
    )
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_seller_order_id'), ['seller_order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_status'), ['status'], unique=False)

    with op.batch_alter_table('sandbox_intent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refunded', sa.Integer(), nullable=False, server_default='0'))

    op.create_table('sandbox_refund',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('intent_id', sa.String(length=40), nullable=False),
    sa.Column('idempotency_key', sa.String(length=60), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['intent_id'], ['sandbox_intent.id'], name=op.f('fk_sandbox_refund_intent_id_sandbox_intent')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_refund')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_sandbox_refund_idempotency_key'))
    )


def downgrade():
    op.drop_table('sandbox_refund')
    with op.batch_alter_table('sandbox_intent', schema=None) as batch_op:
        batch_op.drop_column('refunded')
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_status'))
        batch_op.drop_index(batch_op.f('ix_refund_seller_order_id'))
        batch_op.drop_index(batch_op.f('ix_refund_order_id'))
    op.drop_table('refund')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_parcel_id'))
        batch_op.drop_index(batch_op.f('ix_unit_line_id'))
    op.drop_table('unit')
    with op.batch_alter_table('parcel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parcel_seller_order_id'))
    op.drop_table('parcel')
    op.execute(sa.text("UPDATE seller_order SET status = 'awaiting_shipment' WHERE status IN ('awaiting_acceptance', 'accepted', 'cancelled')"))
    with op.batch_alter_table('seller_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seller_order_status'))
        batch_op.add_column(sa.Column('tracking', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('carrier', sa.String(length=40), nullable=False, server_default=''))
        batch_op.drop_constraint(batch_op.f('ck_seller_order_split'), type_='check')
    # A refunded part paid out less: the old rule (commission + payout = amount) holds on what was kept.
    op.execute(sa.text("UPDATE seller_order SET amount = amount - refunded"))
    with op.batch_alter_table('seller_order', schema=None) as batch_op:
        batch_op.create_check_constraint('split', 'commission + payout = amount')
        batch_op.drop_column('refunded')
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_line_status'))
        for column in ('cancel_note', 'cancel_reason', 'cancelled_by', 'cancelled_at', 'refused_at', 'accepted_at', 'status'):
            batch_op.drop_column(column)
