"""HTTP routes for the payment provider's callback and for refunds."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from shop.db import SessionLocal
from shop.payments import service

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.post("")
def capture() -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        payment = service.capture_payment(
            session, payload["order_id"], payload["provider_ref"], payload["amount_cents"]
        )
        return jsonify(id=payment.id, status=payment.status), 201


@bp.post("/<int:payment_id>/refunds")
def refund(payment_id: int) -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        created = service.refund_payment(
            session, payment_id, payload["amount_cents"], payload["reason"]
        )
        return jsonify(id=created.id), 201


@bp.get("/by-order/<int:order_id>")
def for_order(order_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        payments = service.payments_for_order(session, order_id)
        return jsonify([{"id": p.id, "amount_cents": p.amount_cents} for p in payments])
