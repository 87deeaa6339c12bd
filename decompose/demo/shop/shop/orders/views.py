"""HTTP routes for the cart and for orders."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from shop.db import SessionLocal
from shop.orders import service

bp = Blueprint("orders", __name__, url_prefix="/orders")


@bp.post("/cart/items")
def add_cart_item() -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        item = service.add_to_cart(
            session, payload["user_id"], payload["product_id"], payload["quantity"]
        )
        return jsonify(id=item.id), 201


@bp.post("")
def create_order() -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        order = service.place_order(session, payload["user_id"], payload["address_id"])
        return jsonify(id=order.id, status=order.status, total_cents=order.total_cents), 201


@bp.get("")
def list_orders() -> ResponseReturnValue:
    with SessionLocal() as session:
        orders = service.list_orders(session, int(request.args["user_id"]))
        return jsonify([{"id": o.id, "status": o.status} for o in orders])


@bp.get("/<int:order_id>")
def show_order(order_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        order = service.get_order(session, order_id)
        if order is None:
            abort(404)
        return jsonify(id=order.id, status=order.status, total_cents=order.total_cents)


@bp.post("/<int:order_id>/cancel")
def cancel(order_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        service.cancel_order(session, order_id)
    return "", 204


@bp.get("/lifetime-value/<int:user_id>")
def lifetime_value(user_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        return jsonify(user_id=user_id, total_cents=service.lifetime_value(session, user_id))
