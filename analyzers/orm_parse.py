"""`analyze` for the ORM analyzers when called without a shared tree: parse once, then analyse."""

from __future__ import annotations

from analyzers.base import PythonAnalyzer
from analyzers.python_parse import ParseFailure, parse_python
from decompose.model import FileFacts, SourceFile


def parse_and_analyze(analyzer: PythonAnalyzer, source: SourceFile) -> FileFacts:
    """The analyzer's facts for a file it is handed as text (tests, tools); the pipeline itself
    parses each file once and calls `analyze_tree`."""
    tree = parse_python(source.text, source.path)
    if isinstance(tree, ParseFailure):
        return FileFacts.failed(analyzer.name, source.path, tree.message, tree.line)
    return analyzer.analyze_tree(tree, source)
