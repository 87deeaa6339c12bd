"""Operator commands: `python -m shop.cli COMMAND`."""

from __future__ import annotations

import click

from shop.catalogue.models import Category
from shop.db import SessionLocal
from shop.inventory.service import low_stock_report, restock
from shop.search.service import rebuild_index

cli = click.Group(name="shop", help="Shop maintenance commands.")


def _slugify(name: str) -> str:
    return "-".join(name.lower().split())


@cli.command("create-category")
@click.argument("name")
@click.option("--parent", "parent_id", type=int, default=None, help="Id of the parent category.")
def create_category(name: str, parent_id: int | None) -> None:
    with SessionLocal() as session:
        session.add(Category(name=name, slug=_slugify(name), parent_id=parent_id))
        session.commit()
    click.echo(f"created category {name}")


@cli.command("restock")
@click.argument("product_id", type=int)
@click.argument("quantity", type=int)
def restock_product(product_id: int, quantity: int) -> None:
    with SessionLocal() as session:
        restock(session, product_id, quantity)
    click.echo(f"added {quantity} units of product {product_id}")


@cli.command("low-stock")
@click.option("--threshold", type=int, default=5)
def low_stock(threshold: int) -> None:
    with SessionLocal() as session:
        for row in low_stock_report(session, threshold):
            click.echo(f"{row['sku']}\t{row['free']}")


@cli.command("reindex-search")
def reindex_search() -> None:
    count = rebuild_index()
    click.echo(f"indexed {count} products")


if __name__ == "__main__":
    cli()
