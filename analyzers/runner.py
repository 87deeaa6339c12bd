"""Running the registered analyzers over one file, with one shared parse for Python."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TypeGuard

from analyzers.base import Analyzer, PythonAnalyzer
from analyzers.python_parse import ParseFailure, parse_python
from decompose.model import FileFacts, SourceFile


def run_file(source: SourceFile, analyzers: Sequence[Analyzer]) -> list[FileFacts]:
    """Every accepting analyzer's facts for one file. An analyzer that raises gives a failed
    result for this file; the others and the run go on."""
    chosen = [a for a in analyzers if a.accepts(source.path)]
    python = [a for a in chosen if _uses_tree(a)]
    results: list[FileFacts] = []
    tree: ast.Module | ParseFailure | None = None
    if python:
        tree = parse_python(source.text, source.path)
    for analyzer in chosen:
        try:
            if _uses_tree(analyzer):
                assert tree is not None
                if isinstance(tree, ParseFailure):
                    results.append(_unparsed(analyzer, source, tree, first=analyzer is python[0]))
                    continue
                results.append(analyzer.analyze_tree(tree, source))
            else:
                results.append(analyzer.analyze(source))
        except Exception as error:  # a bug on one file must not stop the run
            reason = f"internal error: {type(error).__name__}: {error}"
            results.append(FileFacts.failed(analyzer.name, source.path, reason))
    return results


def _uses_tree(analyzer: Analyzer) -> TypeGuard[PythonAnalyzer]:
    """Whether an analyzer works on the shared syntax tree. Not `isinstance` against the
    protocol, which looks up each of its members: done per file, that was a twentieth of the
    per-file work on the million-line corpus."""
    return callable(getattr(analyzer, "analyze_tree", None))


def _unparsed(
    analyzer: Analyzer, source: SourceFile, failure: ParseFailure, *, first: bool
) -> FileFacts:
    """One diagnostic per unparsable file: the first Python analyzer reports it."""
    if first:
        return FileFacts.failed(analyzer.name, source.path, failure.message, failure.line)
    return FileFacts.skipped(analyzer.name, source.path, "not parsed")
