"""HTTP routes for accounts and addresses."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from shop.db import SessionLocal
from shop.users import service

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.post("")
def register() -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        user = service.register_user(
            session, payload["email"], payload["password"], payload["display_name"]
        )
        return jsonify(id=user.id, email=user.email), 201


@bp.get("/<int:user_id>")
def show_user(user_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        user = service.get_user(session, user_id)
        if user is None:
            abort(404)
        return jsonify(id=user.id, email=user.email, display_name=user.display_name)


@bp.delete("/<int:user_id>")
def erase_user(user_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        service.anonymise_user(session, user_id)
    return "", 204


@bp.get("/<int:user_id>/addresses")
def addresses(user_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        rows = service.list_addresses(session, user_id)
        return jsonify([{"id": a.id, "city": a.city, "postcode": a.postcode} for a in rows])


@bp.post("/<int:user_id>/addresses")
def new_address(user_id: int) -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        address = service.add_address(
            session,
            user_id,
            payload["line1"],
            payload["city"],
            payload["postcode"],
            payload["country"],
        )
        return jsonify(id=address.id), 201
