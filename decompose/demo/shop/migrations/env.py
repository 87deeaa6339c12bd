"""Alembic environment: migrates the database that shop.config points at."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import shop.billing.models
import shop.catalogue.models
import shop.forums.models
import shop.inventory.models
import shop.notifications.models
import shop.orders.models
import shop.payments.models
import shop.search.models
import shop.shipping.models
import shop.users.models  # noqa: F401  (every model module registers its tables on Base)
from shop.config import Config
from shop.db import Base

config = context.config
config.set_main_option("sqlalchemy.url", Config.DATABASE_URL)
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=Config.DATABASE_URL, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
