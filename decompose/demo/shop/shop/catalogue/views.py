"""HTTP routes for browsing and editing the catalogue."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from shop.catalogue import service
from shop.db import SessionLocal

bp = Blueprint("catalogue", __name__, url_prefix="/products")


@bp.get("")
def list_products() -> ResponseReturnValue:
    with SessionLocal() as session:
        products = service.list_products(session, request.args["category"])
        return jsonify([{"id": p.id, "name": p.name, "price_cents": p.price_cents} for p in products])


@bp.get("/<int:product_id>")
def show_product(product_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        product = service.get_product(session, product_id)
        if product is None:
            abort(404)
        return jsonify(id=product.id, sku=product.sku, name=product.name)


@bp.post("")
def create_product() -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        product = service.create_product(
            session,
            payload["category_id"],
            payload["sku"],
            payload["name"],
            payload.get("description", ""),
            payload["price_cents"],
        )
        return jsonify(id=product.id), 201


@bp.route("/<int:product_id>/price", methods=["PUT"])
def change_price(product_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        service.update_price(session, product_id, request.get_json()["price_cents"])
    return "", 204


@bp.post("/<int:product_id>/images")
def upload_image(product_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        image = service.add_image(session, product_id, request.get_json()["url"])
        return jsonify(id=image.id, position=image.position), 201


@bp.route("/bestsellers")
def bestsellers() -> ResponseReturnValue:
    with SessionLocal() as session:
        return jsonify(service.bestsellers(session))
