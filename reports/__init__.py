"""Renderers: pure functions from the plan (and the graph) to text."""
