"""Entry points (placeholder)."""

from __future__ import annotations

from analyzers.python_index import SymbolIndex
from analyzers.python_resolve import Resolver
from decompose.model import Edge, Node


def find_entrypoints(index: SymbolIndex, resolver: Resolver) -> tuple[list[Node], list[Edge]]:
    return [], []
