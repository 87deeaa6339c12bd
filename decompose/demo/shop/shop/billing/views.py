"""HTTP routes for invoices. The detail page reads the tables directly, as old code does."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from shop.billing import service
from shop.billing.models import Invoice, InvoiceLine
from shop.db import SessionLocal

bp = Blueprint("billing", __name__, url_prefix="/invoices")


@bp.get("/<int:invoice_id>")
def show_invoice(invoice_id: int) -> ResponseReturnValue:
    with SessionLocal() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            abort(404)
        lines = session.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id))
        return jsonify(
            number=invoice.number,
            status=invoice.status,
            lines=[{"description": line.description, "amount_cents": line.amount_cents} for line in lines],
        )


@bp.get("/outstanding")
def outstanding() -> ResponseReturnValue:
    with SessionLocal() as session:
        rows = service.outstanding_invoices(session)
        return jsonify([{"number": row.number, "email": row.email} for row in rows])
