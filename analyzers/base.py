"""The analyzer protocol: text and a path in, facts out; then one link step over all files.

An analyzer never opens files. The pipeline reads them and hands each over as a `SourceFile`.
Python analyzers share one parse: the pipeline parses a file once with `ast` and hands the tree to
each of them (`PythonAnalyzer.analyze_tree`), so adding an analyzer adds a walk, not a parse.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from decompose.model import FileFacts, SourceFile


@dataclass
class LinkContext:
    """What a link step may know beyond its own facts.

    `products` carries what earlier link steps publish for later ones (the Python symbol index,
    say), keyed by a documented name. `git_log` is the text of `git log` when the root is a git
    repository (see analyzers.git_history for the format)."""

    dialect: str | None = None
    modules: dict[str, str] = field(default_factory=dict)  # dotted module -> path
    products: dict[str, Any] = field(default_factory=dict)
    git_log: str | None = None
    jobs: int = 1  # processes a link step may use
    # Called by a step that links apart once it has published the products the others may read
    # (the pipeline then links those beside it, with them); a step that does not call it has
    # published none before it ends.
    products_ready: Callable[[], None] | None = None

    def published(self) -> None:
        """Say that the products a step publishes are in `products`."""
        if self.products_ready is not None:
            self.products_ready()


@runtime_checkable
class Analyzer(Protocol):
    """Turns one kind of input file into facts."""

    name: str
    version: str  # change it when the facts change, to invalidate the cache
    # Optional: `link_apart = True` on an analyzer whose link step reads no product of another
    # step; with more than one job, the pipeline links it beside the others, in parallel, from
    # when it calls `LinkContext.published()` (or from its end): the others may read what it
    # published by then.

    def accepts(self, path: str) -> bool:
        """Whether this analyzer reads the file at this relative path."""
        ...

    def analyze(self, source: SourceFile) -> FileFacts:
        """The facts of one file. Must not raise for bad input: return a failed result."""
        ...

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        """Facts that need every file at once (resolving names across files, replaying
        migrations). `facts` are this analyzer's own per-file results, in path order."""
        ...


@runtime_checkable
class PythonAnalyzer(Analyzer, Protocol):
    """An analyzer of Python files that works on the shared syntax tree."""

    def analyze_tree(self, tree: ast.Module, source: SourceFile) -> FileFacts: ...


def no_link(name: str) -> FileFacts:
    """The result of a link step that adds nothing."""
    return FileFacts(analyzer=name, path="")
