"""Stock levels: reserving units for orders and releasing them again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from shop.inventory.models import StockLevel, StockReservation

ORDER_COLUMNS = {"free": "free", "sku": "p.sku"}


class OutOfStock(Exception):
    pass


def init_stock(session: Session, product_id: int) -> None:
    session.add(StockLevel(product_id=product_id, quantity=0, reserved=0))


def available(session: Session, product_id: int) -> int:
    level = session.get(StockLevel, product_id)
    return 0 if level is None else level.quantity - level.reserved


def reserve_stock(session: Session, order_id: int, lines: list[tuple[int, int]]) -> None:
    """Hold back units for each (product_id, quantity); the caller owns the transaction."""
    for product_id, quantity in lines:
        result = session.execute(
            update(StockLevel)
            .where(
                StockLevel.product_id == product_id,
                StockLevel.quantity - StockLevel.reserved >= quantity,
            )
            .values(reserved=StockLevel.reserved + quantity)
        )
        if result.rowcount == 0:
            raise OutOfStock(product_id)
        session.add(StockReservation(order_id=order_id, product_id=product_id, quantity=quantity))


def release_reservations(session: Session, order_id: int) -> None:
    reservations = session.scalars(
        select(StockReservation).where(StockReservation.order_id == order_id)
    ).all()
    for reservation in reservations:
        session.execute(
            update(StockLevel)
            .where(StockLevel.product_id == reservation.product_id)
            .values(reserved=StockLevel.reserved - reservation.quantity)
        )
    session.execute(delete(StockReservation).where(StockReservation.order_id == order_id))


def restock(session: Session, product_id: int, quantity: int) -> None:
    with session.begin():
        session.execute(
            update(StockLevel)
            .where(StockLevel.product_id == product_id)
            .values(quantity=StockLevel.quantity + quantity)
        )


def low_stock_report(session: Session, threshold: int, order_by: str = "free") -> list[dict[str, Any]]:
    column = ORDER_COLUMNS[order_by]
    rows = session.execute(
        text(
            "SELECT s.product_id, p.sku, s.quantity - s.reserved AS free "
            "FROM stock s JOIN products p ON p.id = s.product_id "
            f"WHERE s.quantity - s.reserved < :threshold ORDER BY {column}"
        ),
        {"threshold": threshold},
    )
    return [dict(row._mapping) for row in rows]


def expire_reservations(session: Session, cutoff: datetime) -> int:
    """Release the stock held by pending orders older than `cutoff`."""
    with session.begin():
        rows = session.execute(
            text(
                "SELECT r.order_id FROM stock_reservations r "
                "JOIN orders o ON o.id = r.order_id "
                "WHERE o.status = 'pending' AND r.created_at < :cutoff"
            ),
            {"cutoff": cutoff},
        )
        order_ids = sorted({row.order_id for row in rows})
        for order_id in order_ids:
            release_reservations(session, order_id)
    return len(order_ids)
