"""The search page."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from shop.db import SessionLocal
from shop.search import service

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.get("")
def search() -> ResponseReturnValue:
    with SessionLocal() as session:
        return jsonify(service.search_products(session, request.args.get("q", "")))
