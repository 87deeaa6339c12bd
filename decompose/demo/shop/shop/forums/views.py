"""HTTP routes for the forums."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from shop.db import SessionLocal
from shop.forums import service

bp = Blueprint("forums", __name__, url_prefix="/forums")


@bp.get("/threads")
def threads() -> ResponseReturnValue:
    with SessionLocal() as session:
        return jsonify(service.list_threads(session))


@bp.post("/threads")
def new_thread() -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        thread = service.start_thread(session, payload["author_id"], payload["title"], payload["body"])
        return jsonify(id=thread.id), 201


@bp.get("/threads/<int:thread_id>")
def show_thread(thread_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        posts = service.thread_posts(session, thread_id)
        return jsonify([{"id": p.id, "author_id": p.author_id, "body": p.body} for p in posts])


@bp.post("/threads/<int:thread_id>/posts")
def new_post(thread_id: int) -> ResponseReturnValue:
    payload = request.get_json()
    with SessionLocal() as session:
        post = service.reply(session, thread_id, payload["author_id"], payload["body"])
        return jsonify(id=post.id), 201


@bp.delete("/posts/<int:post_id>")
def remove_post(post_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        service.delete_post(session, post_id)
    return "", 204
