"""Capturing payments from the provider and refunding them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from shop.billing import service as billing
from shop.notifications.service import send_payment_receipt
from shop.orders.service import mark_paid
from shop.payments.models import Payment, Refund


class NoInvoice(Exception):
    pass


class RefundTooLarge(Exception):
    pass


def capture_payment(session: Session, order_id: int, provider_ref: str, amount_cents: int) -> Payment:
    with session.begin():
        invoice = billing.invoice_for_order(session, order_id)
        if invoice is None:
            raise NoInvoice(order_id)
        payment = Payment(
            order_id=order_id,
            invoice_id=invoice.id,
            provider_ref=provider_ref,
            amount_cents=amount_cents,
            status="captured",
        )
        session.add(payment)
        billing.mark_invoice_paid(session, invoice.id)
        mark_paid(session, order_id)
        send_payment_receipt(session, order_id, amount_cents)
    return payment


def refund_payment(session: Session, payment_id: int, amount_cents: int, reason: str) -> Refund:
    payment = session.get(Payment, payment_id)
    if payment is None or amount_cents > payment.amount_cents:
        raise RefundTooLarge(payment_id)
    refund = Refund(payment_id=payment_id, amount_cents=amount_cents, reason=reason)
    session.add(refund)
    session.execute(update(Payment).where(Payment.id == payment_id).values(status="refunded"))
    session.commit()
    return refund


def payments_for_order(session: Session, order_id: int) -> list[Payment]:
    return list(session.scalars(select(Payment).where(Payment.order_id == order_id)))


def daily_takings(session: Session, day: date) -> list[dict[str, Any]]:
    rows = session.execute(
        text(
            "SELECT p.id, p.amount_cents, COALESCE(SUM(r.amount_cents), 0) AS refunded "
            "FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id "
            "WHERE CAST(p.created_at AS DATE) = :day GROUP BY p.id, p.amount_cents"
        ),
        {"day": day},
    )
    return [dict(row._mapping) for row in rows]
