"""Background jobs run by Celery workers and scheduled by Celery beat."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from celery import Celery
from celery.schedules import crontab

from shop.billing import service as billing
from shop.config import Config
from shop.db import SessionLocal
from shop.inventory import service as inventory
from shop.notifications import service as notifications
from shop.search import service as search

celery = Celery("shop", broker=Config.BROKER_URL)
celery.conf.beat_schedule = {
    "expire-reservations": {"task": "inventory.expire_reservations", "schedule": 300.0},
    "payment-reminders": {"task": "billing.send_payment_reminders", "schedule": crontab(hour=8, minute=0)},
    "rebuild-search": {"task": "search.rebuild_index", "schedule": crontab(hour=3, minute=0)},
    "purge-email-log": {"task": "notifications.purge_email_log", "schedule": crontab(hour=4, minute=0)},
}


@celery.task(name="search.rebuild_index")
def rebuild_search_index() -> int:
    return search.rebuild_index()


@celery.task(name="inventory.expire_reservations")
def expire_stale_reservations() -> int:
    cutoff = datetime.now(timezone.utc) - timedelta(minutes=Config.RESERVATION_MINUTES)
    with SessionLocal() as session:
        return inventory.expire_reservations(session, cutoff)


@celery.task(name="billing.send_payment_reminders")
def send_payment_reminders() -> int:
    with SessionLocal() as session:
        rows = billing.outstanding_invoices(session)
        for row in rows:
            notifications.send_payment_reminder(session, row.user_id, row.email, row.number)
        session.commit()
    return len(rows)


@celery.task(name="notifications.purge_email_log")
def purge_email_log() -> None:
    with SessionLocal() as session:
        notifications.purge_email_log(session, datetime.now(timezone.utc) - timedelta(days=90))
