"""HTTP routes for the warehouse and for tracking."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from shop.db import SessionLocal
from shop.shipping import service

bp = Blueprint("shipping", __name__, url_prefix="/shipments")


@bp.post("")
def create() -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        shipment = service.create_shipment(session, payload["order_id"], payload["carrier"])
        return jsonify(id=shipment.id), 201


@bp.post("/<int:shipment_id>/dispatch")
def dispatch(shipment_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        service.dispatch_shipment(session, shipment_id, request.get_json()["tracking_number"])
    return "", 204


@bp.get("/track/<tracking_number>")
def track(tracking_number: str) -> ResponseReturnValue:
    with SessionLocal() as session:
        shipment = service.track(session, tracking_number)
        if shipment is None:
            abort(404)
        return jsonify(id=shipment.id, status=shipment.status)


@bp.delete("/<int:shipment_id>")
def cancel(shipment_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        service.cancel_shipment(session, shipment_id)
    return "", 204
