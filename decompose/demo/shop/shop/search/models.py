"""The denormalised text document per product that the search page queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import Base


class SearchDocument(Base):
    __tablename__ = "search_index"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
