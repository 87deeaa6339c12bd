"""Shipments."""
