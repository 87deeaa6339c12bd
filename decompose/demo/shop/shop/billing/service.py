"""Issuing, voiding and settling invoices."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from shop.billing.models import Invoice, InvoiceLine
from shop.orders.models import Order, OrderLine


class UnknownOrder(Exception):
    pass


def _next_number(session: Session) -> str:
    value = session.execute(text("SELECT nextval('invoice_number_seq')")).scalar_one()
    return f"INV-{value:08d}"


def create_invoice(session: Session, order_id: int) -> Invoice:
    """Invoice every line of an order; the caller owns the transaction."""
    order = session.get(Order, order_id)
    if order is None:
        raise UnknownOrder(order_id)
    lines = session.scalars(select(OrderLine).where(OrderLine.order_id == order_id)).all()
    invoice = Invoice(
        order_id=order_id,
        number=_next_number(session),
        total_cents=order.total_cents,
        status="open",
    )
    session.add(invoice)
    session.flush()
    for line in lines:
        session.add(
            InvoiceLine(
                invoice_id=invoice.id,
                description=f"Product {line.product_id}",
                quantity=line.quantity,
                amount_cents=line.quantity * line.unit_price_cents,
            )
        )
    return invoice


def void_invoice(session: Session, order_id: int) -> None:
    session.execute(update(Invoice).where(Invoice.order_id == order_id).values(status="void"))


def mark_invoice_paid(session: Session, invoice_id: int) -> None:
    session.execute(update(Invoice).where(Invoice.id == invoice_id).values(status="paid"))


def invoice_for_order(session: Session, order_id: int) -> Invoice | None:
    return session.query(Invoice).filter(Invoice.order_id == order_id).one_or_none()


def outstanding_invoices(session: Session) -> list[Any]:
    rows = session.execute(
        text(
            "SELECT i.id, i.number, i.total_cents, u.id AS user_id, u.email "
            "FROM invoices i "
            "JOIN orders o ON o.id = i.order_id "
            "JOIN users u ON u.id = o.user_id "
            "WHERE i.status = 'open' ORDER BY i.issued_at"
        )
    )
    return list(rows)
