"""The product search index: one text document per product."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from shop.catalogue.models import Product
from shop.db import engine
from shop.search.models import SearchDocument


def reindex_product(session: Session, product_id: int) -> None:
    product = session.get(Product, product_id)
    if product is None:
        return
    document = " ".join([product.name, product.sku, product.description or ""])
    session.merge(SearchDocument(product_id=product_id, document=document))


def search_products(session: Session, query: str, limit: int = 20) -> list[dict[str, Any]]:
    rows = session.execute(
        text(
            "SELECT p.id, p.name, p.price_cents "
            "FROM search_index s JOIN products p ON p.id = s.product_id "
            "WHERE p.active AND s.document ILIKE '%' || :query || '%' "
            "ORDER BY p.name LIMIT :limit"
        ),
        {"query": query, "limit": limit},
    )
    return [dict(row._mapping) for row in rows]


def rebuild_index() -> int:
    """Rebuild the whole index in one statement, outside the ORM."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM search_index"))
        result = conn.execute(
            text(
                "INSERT INTO search_index (product_id, document, updated_at) "
                "SELECT p.id, p.name || ' ' || p.sku || ' ' || c.name, now() "
                "FROM products p JOIN categories c ON c.id = p.category_id "
                "WHERE p.active"
            )
        )
        return result.rowcount
