"""Carts and orders."""
