"""Report: what the model and data access analyzers find in a corpus package, and what they cost.

    python -m tests.bench.report_data_access [package ...]     (default: saleor)

Prints, per package: models, tables and foreign keys; how many functions read and write how many
tables (and through which ORM); joins; transaction scopes; unresolved accesses; and the time of
`ast.parse` against the time of each analyzer's per-file step, measured in one process."""

from __future__ import annotations

import ast
import sys
import time
from collections import Counter
from pathlib import Path

from analyzers import data_access, django_models, sqlalchemy_models
from analyzers.base import PythonAnalyzer
from decompose.discovery import discover, module_name
from decompose.model import DependencyGraph, EdgeKind, NodeKind, SourceFile
from decompose.pipeline import ScanOptions, scan
from tests.corpus import package

ANALYZERS: tuple[PythonAnalyzer, ...] = (
    django_models.ANALYZER,
    sqlalchemy_models.ANALYZER,
    data_access.ANALYZER,
)


def cost(root: Path) -> None:
    """Parse time against per-file analysis time, one process, every Python file."""
    found = discover(root, include=[], exclude=[], max_file_size=20_000_000)
    parse = 0.0
    spent: dict[str, float] = dict.fromkeys((a.name for a in ANALYZERS), 0.0)
    lines = 0
    for item in found.files:
        module = module_name(item.path)
        if module is None or not item.path.endswith(".py"):
            continue
        text = item.absolute.read_text(encoding="utf-8", errors="replace")
        lines += text.count("\n")
        start = time.perf_counter()
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        parse += time.perf_counter() - start
        source = SourceFile(item.path, text, module)
        for analyzer in ANALYZERS:
            start = time.perf_counter()
            analyzer.analyze_tree(tree, source)
            spent[analyzer.name] += time.perf_counter() - start
    print(f"  lines {lines:,}; ast.parse {parse:.2f} s ({lines / parse:,.0f} lines/s)")
    for name, seconds in sorted(spent.items()):
        print(f"  {name:18} per-file step {seconds:.2f} s ({seconds / parse:.0%} of parse)")


def facts(root: Path) -> None:
    start = time.perf_counter()
    result = scan(root, ScanOptions(analyzers=ANALYZERS))
    graph: DependencyGraph = result.graph
    print(f"  scan with these analyzers only: {time.perf_counter() - start:.1f} s")
    models = list(graph.nodes(NodeKind.MODEL))
    tables = [n for n in graph.nodes(NodeKind.TABLE) if n.evidence]
    print(f"  models {len(models)}, tables {len(tables)}, "
          f"foreign keys {sum(1 for _ in graph.edges(EdgeKind.FOREIGN_KEY))}")  # fmt: skip
    for kind in (EdgeKind.READS, EdgeKind.WRITES):
        edges = [e for e in graph.edges(kind) if e.source.startswith(("function:", "module:"))]
        functions = {e.source for e in edges}
        touched = {e.target for e in edges}
        vias = Counter(e.attrs.get("via") for e in edges)
        inside = sum(1 for e in edges if e.attrs.get("in_transaction"))
        print(f"  {kind.value}: {len(functions)} functions {kind.value} {len(touched)} tables "
              f"({len(edges)} function-table edges; via {dict(sorted(vias.items()))}; "
              f"{inside} inside a transaction)")  # fmt: skip
    joins = list(graph.edges(EdgeKind.JOINS))
    scoped = [n for n in graph.nodes(NodeKind.FUNCTION) if n.attrs.get("transactions")]
    kinds = Counter(k for n in scoped for _, _, k in n.attrs["transactions"])
    print(f"  joins {len(joins)}; functions with transaction scopes {len(scoped)} {dict(kinds)}")
    codes = Counter(d.code for d in result.diagnostics)
    unresolved = sum(
        int(d.message.split()[0]) for d in result.diagnostics if d.code == "data-access-unresolved"
    )
    print(f"  unresolved accesses {unresolved}; diagnostics {dict(sorted(codes.items()))}")


def main(names: list[str]) -> None:
    for name in names or ["saleor"]:
        root = package(name)
        if root is None:
            print(f"{name}: not downloaded (python -m tests.corpus fetch {name})")
            continue
        print(f"{name} ({root})")
        facts(root)
        cost(root)


if __name__ == "__main__":
    main(sys.argv[1:])
