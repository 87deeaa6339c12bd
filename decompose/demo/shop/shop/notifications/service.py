"""Transactional e-mail, sent synchronously over SMTP and logged."""

from __future__ import annotations

import smtplib
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from shop.config import Config
from shop.notifications.models import EmailLog
from shop.orders.models import Order
from shop.users.models import User


def _send(
    session: Session, user_id: int | None, recipient: str, subject: str, template: str, body: str
) -> None:
    message = EmailMessage()
    message["From"] = Config.MAIL_FROM
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(Config.SMTP_HOST, Config.SMTP_PORT, timeout=10) as smtp:
        smtp.send_message(message)
    session.add(
        EmailLog(user_id=user_id, recipient=recipient, subject=subject, template=template)
    )


def send_welcome(session: Session, user_id: int, email: str) -> None:
    _send(session, user_id, email, "Welcome to the shop", "welcome", "Thanks for signing up.")


def send_order_confirmation(session: Session, order_id: int) -> None:
    row = session.execute(
        text(
            "SELECT o.id, o.total_cents, u.id AS user_id, u.email "
            "FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = :order_id"
        ),
        {"order_id": order_id},
    ).one()
    body = f"We received order #{row.id}, total {row.total_cents / 100:.2f}."
    _send(session, row.user_id, row.email, f"Order #{row.id} confirmed", "order_confirmation", body)


def send_payment_receipt(session: Session, order_id: int, amount_cents: int) -> None:
    order = session.get(Order, order_id)
    assert order is not None
    user = session.get(User, order.user_id)
    assert user is not None
    body = f"We received {amount_cents / 100:.2f} for order #{order_id}."
    _send(session, user.id, user.email, "Payment received", "payment_receipt", body)


def send_dispatch_notice(session: Session, order_id: int, tracking_number: str) -> None:
    order = session.get(Order, order_id)
    assert order is not None
    user = session.get(User, order.user_id)
    assert user is not None
    body = f"Order #{order_id} is on its way: tracking number {tracking_number}."
    _send(session, user.id, user.email, "Your order has shipped", "dispatch_notice", body)


def send_payment_reminder(session: Session, user_id: int, email: str, invoice_number: str) -> None:
    body = f"Invoice {invoice_number} is still open."
    _send(session, user_id, email, f"Reminder: invoice {invoice_number}", "payment_reminder", body)


def send_forum_reply_notice(session: Session, user_id: int, thread_title: str) -> None:
    user = session.get(User, user_id)
    assert user is not None
    body = f"Someone replied to your thread '{thread_title}'."
    _send(session, user.id, user.email, "New reply", "forum_reply", body)


def purge_email_log(session: Session, before: datetime) -> None:
    session.execute(delete(EmailLog).where(EmailLog.sent_at < before))
    session.commit()
