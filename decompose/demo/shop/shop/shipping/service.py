"""Packing orders into shipments and dispatching them."""

from __future__ import annotations

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from shop.notifications import service as notifications
from shop.orders.models import Order
from shop.shipping.models import Shipment, ShipmentItem


class UnknownShipment(Exception):
    pass


def create_shipment(session: Session, order_id: int, carrier: str) -> Shipment:
    with session.begin():
        order = session.get(Order, order_id)
        if order is None:
            raise UnknownShipment(order_id)
        shipment = Shipment(
            order_id=order_id,
            address_id=order.shipping_address_id,
            carrier=carrier,
            status="packing",
        )
        session.add(shipment)
        session.flush()
        session.execute(
            text(
                "INSERT INTO shipment_items (shipment_id, order_line_id, quantity) "
                "SELECT :shipment_id, ol.id, ol.quantity FROM order_lines ol "
                "WHERE ol.order_id = :order_id"
            ),
            {"shipment_id": shipment.id, "order_id": order_id},
        )
    return shipment


def dispatch_shipment(session: Session, shipment_id: int, tracking_number: str) -> None:
    with session.begin():
        shipment = session.get(Shipment, shipment_id)
        if shipment is None:
            raise UnknownShipment(shipment_id)
        session.execute(
            update(Shipment)
            .where(Shipment.id == shipment_id)
            .values(status="dispatched", tracking_number=tracking_number, dispatched_at=func.now())
        )
        notifications.send_dispatch_notice(session, shipment.order_id, tracking_number)


def track(session: Session, tracking_number: str) -> Shipment | None:
    return session.scalars(
        select(Shipment).where(Shipment.tracking_number == tracking_number)
    ).first()


def cancel_shipment(session: Session, shipment_id: int) -> None:
    shipment = session.get(Shipment, shipment_id)
    if shipment is None:
        raise UnknownShipment(shipment_id)
    session.execute(delete(ShipmentItem).where(ShipmentItem.shipment_id == shipment_id))
    session.delete(shipment)
    session.commit()
