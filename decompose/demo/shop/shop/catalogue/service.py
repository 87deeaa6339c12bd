"""Browsing and maintaining the product catalogue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from shop.catalogue.models import Category, Product, ProductImage
from shop.inventory import service as inventory
from shop.search import service as search


def get_product(session: Session, product_id: int) -> Product | None:
    return session.get(Product, product_id)


def list_products(session: Session, category_slug: str) -> list[Product]:
    stmt = (
        select(Product)
        .join(Category)
        .where(Category.slug == category_slug, Product.active.is_(True))
        .order_by(Product.name)
    )
    return list(session.scalars(stmt))


def create_product(
    session: Session, category_id: int, sku: str, name: str, description: str, price_cents: int
) -> Product:
    with session.begin():
        product = Product(
            category_id=category_id,
            sku=sku,
            name=name,
            description=description,
            price_cents=price_cents,
        )
        session.add(product)
        session.flush()
        inventory.init_stock(session, product.id)
        search.reindex_product(session, product.id)
    return product


def update_price(session: Session, product_id: int, price_cents: int) -> None:
    session.execute(update(Product).where(Product.id == product_id).values(price_cents=price_cents))
    search.reindex_product(session, product_id)
    session.commit()


def add_image(session: Session, product_id: int, url: str) -> ProductImage:
    position = session.query(ProductImage).filter_by(product_id=product_id).count()
    image = ProductImage(product_id=product_id, url=url, position=position)
    session.add(image)
    session.commit()
    return image


def bestsellers(session: Session, limit: int = 10) -> list[dict[str, Any]]:
    rows = session.execute(
        text(
            "SELECT p.id, p.name, SUM(ol.quantity) AS sold "
            "FROM products p JOIN order_lines ol ON ol.product_id = p.id "
            "GROUP BY p.id, p.name ORDER BY sold DESC LIMIT :limit"
        ),
        {"limit": limit},
    )
    return [dict(row._mapping) for row in rows]
