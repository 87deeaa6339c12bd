"""Forum threads and posts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shop.forums.models import ForumPost, ForumThread
from shop.notifications.service import send_forum_reply_notice
from shop.users.service import get_user


class UnknownAuthor(Exception):
    pass


class UnknownThread(Exception):
    pass


def start_thread(session: Session, author_id: int, title: str, body: str) -> ForumThread:
    with session.begin():
        if get_user(session, author_id) is None:
            raise UnknownAuthor(author_id)
        thread = ForumThread(author_id=author_id, title=title)
        session.add(thread)
        session.flush()
        session.add(ForumPost(thread_id=thread.id, author_id=author_id, body=body))
    return thread


def reply(session: Session, thread_id: int, author_id: int, body: str) -> ForumPost:
    with session.begin():
        thread = session.get(ForumThread, thread_id)
        if thread is None:
            raise UnknownThread(thread_id)
        if get_user(session, author_id) is None:
            raise UnknownAuthor(author_id)
        post = ForumPost(thread_id=thread_id, author_id=author_id, body=body)
        session.add(post)
        if thread.author_id != author_id:
            send_forum_reply_notice(session, thread.author_id, thread.title)
    return post


def list_threads(session: Session, limit: int = 50) -> list[dict[str, Any]]:
    rows = session.execute(
        text(
            "SELECT t.id, t.title, u.display_name, COUNT(p.id) AS posts "
            "FROM forum_threads t "
            "JOIN users u ON u.id = t.author_id "
            "LEFT JOIN forum_posts p ON p.thread_id = t.id "
            "GROUP BY t.id, t.title, u.display_name ORDER BY t.id DESC LIMIT :limit"
        ),
        {"limit": limit},
    )
    return [dict(row._mapping) for row in rows]


def thread_posts(session: Session, thread_id: int) -> list[ForumPost]:
    stmt = select(ForumPost).where(ForumPost.thread_id == thread_id).order_by(ForumPost.created_at)
    return list(session.scalars(stmt))


def delete_post(session: Session, post_id: int) -> None:
    post = session.get(ForumPost, post_id)
    if post is not None:
        session.delete(post)
        session.commit()
