"""Carts and order placement.

Placing an order is one database transaction that also invoices the order, reserves its stock,
e-mails the customer and refreshes the search index, all synchronously.
"""

from __future__ import annotations

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from shop.billing import service as billing
from shop.inventory.service import release_reservations, reserve_stock
from shop.notifications import service as notifications
from shop.orders.models import Cart, CartItem, Order, OrderLine
from shop.search.service import reindex_product


class EmptyCart(Exception):
    pass


class NotCancellable(Exception):
    pass


def get_or_create_cart(session: Session, user_id: int) -> Cart:
    cart = session.query(Cart).filter_by(user_id=user_id).one_or_none()
    if cart is None:
        cart = Cart(user_id=user_id)
        session.add(cart)
        session.commit()
    return cart


def add_to_cart(session: Session, user_id: int, product_id: int, quantity: int) -> CartItem:
    cart = get_or_create_cart(session, user_id)
    item = CartItem(cart_id=cart.id, product_id=product_id, quantity=quantity)
    session.add(item)
    session.commit()
    return item


def place_order(session: Session, user_id: int, address_id: int) -> Order:
    with session.begin():
        cart = session.query(Cart).filter_by(user_id=user_id).one()
        items = session.execute(
            text(
                "SELECT ci.product_id, ci.quantity, p.price_cents "
                "FROM cart_items ci JOIN products p ON p.id = ci.product_id "
                "WHERE ci.cart_id = :cart_id"
            ),
            {"cart_id": cart.id},
        ).all()
        if not items:
            raise EmptyCart(user_id)
        total = sum(row.quantity * row.price_cents for row in items)
        order = Order(
            user_id=user_id, shipping_address_id=address_id, status="pending", total_cents=total
        )
        session.add(order)
        session.flush()
        for row in items:
            session.add(
                OrderLine(
                    order_id=order.id,
                    product_id=row.product_id,
                    quantity=row.quantity,
                    unit_price_cents=row.price_cents,
                )
            )
        session.execute(delete(CartItem).where(CartItem.cart_id == cart.id))
        session.flush()

        billing.create_invoice(session, order.id)
        reserve_stock(session, order.id, [(row.product_id, row.quantity) for row in items])
        notifications.send_order_confirmation(session, order.id)
        for row in items:
            reindex_product(session, row.product_id)
    return order


def get_order(session: Session, order_id: int) -> Order | None:
    return session.get(Order, order_id)


def list_orders(session: Session, user_id: int) -> list[Order]:
    stmt = select(Order).where(Order.user_id == user_id).order_by(Order.created_at.desc())
    return list(session.scalars(stmt))


def cancel_order(session: Session, order_id: int) -> None:
    with session.begin():
        order = session.get(Order, order_id)
        if order is None or order.status != "pending":
            raise NotCancellable(order_id)
        session.execute(update(Order).where(Order.id == order_id).values(status="cancelled"))
        release_reservations(session, order_id)
        billing.void_invoice(session, order_id)


def mark_paid(session: Session, order_id: int) -> None:
    session.execute(update(Order).where(Order.id == order_id).values(status="paid"))


def lifetime_value(session: Session, user_id: int) -> int:
    total = session.execute(
        text("SELECT COALESCE(SUM(total_cents), 0) FROM order_totals WHERE user_id = :user_id"),
        {"user_id": user_id},
    ).scalar_one()
    return int(total)
