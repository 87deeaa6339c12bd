"""Display names, and the shipping address of an order.

Revision ID: 0003_shipping_address
Revises: 0002_orders
Create Date: 2024-04-02 11:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_shipping_address"
down_revision = "0002_orders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("display_name", sa.String(80), nullable=False, server_default=""))
    op.add_column("orders", sa.Column("shipping_address_id", sa.Integer(), nullable=False))
    op.create_foreign_key(
        "fk_orders_shipping_address", "orders", "addresses", ["shipping_address_id"], ["id"]
    )


def downgrade() -> None:
    op.drop_constraint("fk_orders_shipping_address", "orders", type_="foreignkey")
    op.drop_column("orders", "shipping_address_id")
    op.drop_column("users", "display_name")
