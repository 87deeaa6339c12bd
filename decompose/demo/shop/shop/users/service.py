"""Registering users, their addresses, and erasing an account on request."""

from __future__ import annotations

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from shop.notifications import service as notifications
from shop.users.models import Address, User


class EmailTaken(Exception):
    pass


def register_user(session: Session, email: str, password: str, display_name: str) -> User:
    with session.begin():
        existing = session.scalars(select(User).where(User.email == email)).first()
        if existing is not None:
            raise EmailTaken(email)
        user = User(
            email=email,
            password_hash=generate_password_hash(password),
            display_name=display_name,
        )
        session.add(user)
        session.flush()
        notifications.send_welcome(session, user.id, user.email)
    return user


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def add_address(
    session: Session, user_id: int, line1: str, city: str, postcode: str, country: str
) -> Address:
    address = Address(user_id=user_id, line1=line1, city=city, postcode=postcode, country=country)
    session.add(address)
    session.commit()
    return address


def list_addresses(session: Session, user_id: int) -> list[Address]:
    return list(session.scalars(select(Address).where(Address.user_id == user_id)))


def anonymise_user(session: Session, user_id: int) -> None:
    """Erase personal data but keep orders and forum threads intact."""
    with session.begin():
        session.execute(delete(Address).where(Address.user_id == user_id))
        session.execute(
            text("UPDATE forum_posts SET author_id = NULL WHERE author_id = :user_id"),
            {"user_id": user_id},
        )
        session.execute(
            update(User)
            .where(User.id == user_id)
            .values(email=f"deleted-{user_id}@invalid", display_name="deleted user", password_hash="")
        )
