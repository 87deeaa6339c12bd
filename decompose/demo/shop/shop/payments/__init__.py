"""Payments and refunds."""
