"""The registered analyzers, in the order their link steps run.

Link steps run in this order, so an analyzer that publishes a product in `LinkContext.products`
(the Python index, the ORM models) comes before those that read it."""

from __future__ import annotations

from analyzers import (
    alembic_migrations,
    data_access,
    django_migrations,
    django_models,
    git_history,
    python_code,
    sql_schema,
    sqlalchemy_models,
)
from analyzers.base import Analyzer

ANALYZERS: tuple[Analyzer, ...] = (
    sql_schema.ANALYZER,
    python_code.ANALYZER,
    django_models.ANALYZER,
    sqlalchemy_models.ANALYZER,
    alembic_migrations.ANALYZER,
    django_migrations.ANALYZER,
    data_access.ANALYZER,
    git_history.ANALYZER,
)


def fingerprint(analyzers: tuple[Analyzer, ...] = ANALYZERS) -> str:
    """Names and versions of the analyzers: part of every cache key."""
    return ";".join(f"{a.name}={a.version}" for a in analyzers)
