"""Settings read from the environment, with defaults for a local development database."""

from __future__ import annotations

import os


class Config:
    DATABASE_URL = os.environ.get("SHOP_DATABASE_URL", "postgresql+psycopg://shop@localhost/shop")
    BROKER_URL = os.environ.get("SHOP_BROKER_URL", "redis://localhost:6379/0")
    SMTP_HOST = os.environ.get("SHOP_SMTP_HOST", "localhost")
    SMTP_PORT = int(os.environ.get("SHOP_SMTP_PORT", "25"))
    MAIL_FROM = os.environ.get("SHOP_MAIL_FROM", "shop@example.com")
    RESERVATION_MINUTES = int(os.environ.get("SHOP_RESERVATION_MINUTES", "30"))
