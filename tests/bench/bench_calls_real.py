"""Call-graph precision and recall on real code, against the verdicts of three hand audits.

    python -m tests.bench.bench_calls_real [--graphs DIR]

`call_labels.json` beside this file is the ground truth: 134 functions of the seven
`tests.corpus` applications, sampled and judged call site by call site on 2026-11-27 (its `note`
names the audits). Each labelled site is a line of a function's body with the in-package callees
a reviewer expects there, the callees the auditors rejected, and whether a call on the line has a
callee known only at run time. Lines without a label have no in-package callee.

Each package is scanned by the Python code analyzer alone, without a cache; with `--graphs DIR`
its graph is read from `DIR/<package>/graph.json` instead. The `calls` edges out of each labelled
function, dispatch edges aside (but "override", a call as Python runs it), are scored once per
(line, callee): an expected callee with an edge is a TP, one without an FN; an edge to a callee
not expected at its line is an FP (at a line without a label too), except at a run-time-only
line, where it counts as neither. Prints
TP, FP, FN, precision, recall and recall without the expected callees of cause C1 (overrides of
`self.m()` in subclasses) per package and overall, then every FN and FP as
`path:line caller -> callee`, so that a reviewer can open them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzers.python_code import ANALYZER
from decompose.model import DependencyGraph, EdgeKind
from decompose.pipeline import ScanOptions, scan
from tests.corpus import package

LABELS = Path(__file__).with_name("call_labels.json")
SCORED_DISPATCH = frozenset({"direct", "override"})  # dispatch ways scored as calls


@dataclass(frozen=True)
class Site:
    line: int
    expected: frozenset[str]
    causes: Mapping[str, str]  # expected callee -> the cause the audit gave for missing it
    rejected: frozenset[str]
    runtime_only: bool


@dataclass(frozen=True)
class Function:
    package: str
    caller: str
    path: str
    sites: Mapping[int, Site]


@dataclass(frozen=True)
class Verdict:
    """One (line, callee) of a labelled function: TP, FN or FP, with a note for the reader."""

    kind: str
    function: Function
    line: int
    callee: str
    note: str = ""


@dataclass(frozen=True)
class Figures:
    tp: int
    fp: int
    fn: int
    tp_c1: int
    fn_c1: int


def read_site(row: dict[str, Any]) -> Site:
    return Site(
        row["line"],
        frozenset(row["expected"]),
        row["fn_causes"],
        frozenset(row["rejected"]),
        row["runtime_only"],
    )


def read_labels(path: Path) -> list[Function]:
    rows = json.loads(path.read_text(encoding="utf-8"))["functions"]
    return [
        Function(
            row["package"],
            row["caller"],
            row["path"],
            {site.line: site for site in map(read_site, row["sites"])},
        )
        for row in rows
    ]


def short(node_id: str) -> str:
    """A function node's id without its kind.

    >>> short("function:shop.orders:Order.save")
    'shop.orders:Order.save'
    """
    return node_id.partition(":")[2]


def found_calls(graph: DependencyGraph, caller: str) -> set[tuple[int, str]]:
    """(line, callee) of the caller's `calls` edges, dispatch edges left out but those of
    dispatch "override" (an abstract method called on `self` reaching a subclass's override:
    a call at that site as Python runs it)."""
    return {
        (evidence.line, edge.target)
        for edge in graph.out_edges(caller, EdgeKind.CALLS)
        if set(edge.attrs.get("dispatch", ())) <= SCORED_DISPATCH
        for evidence in edge.evidence
    }


def judge(function: Function, found: set[tuple[int, str]]) -> list[Verdict]:
    """TP and FN for each expected callee, FP for each edge to a callee not expected at its
    line (at a run-time-only line, none). An FN's note is the audit's cause, or says that the
    audit's graph had the edge."""
    verdicts = []
    for site in function.sites.values():
        for callee in sorted(site.expected):
            cause = site.causes.get(callee, "")
            if (site.line, callee) in found:
                verdicts.append(Verdict("TP", function, site.line, callee, cause))
            else:
                note = cause or "the audit's graph had it"
                verdicts.append(Verdict("FN", function, site.line, callee, note))
    for line, callee in sorted(found):
        label = function.sites.get(line)
        if label is None or not (callee in label.expected or label.runtime_only):
            rejected = label is not None and callee in label.rejected
            note = "rejected by the audit" if rejected else "not judged by the audit"
            verdicts.append(Verdict("FP", function, line, callee, note))
    return verdicts


def figures(verdicts: Iterable[Verdict]) -> Figures:
    kinds = [(v.kind, v.note == "C1") for v in verdicts]
    return Figures(
        tp=sum(kind == "TP" for kind, _ in kinds),
        fp=sum(kind == "FP" for kind, _ in kinds),
        fn=sum(kind == "FN" for kind, _ in kinds),
        tp_c1=sum(kind == "TP" and c1 for kind, c1 in kinds),
        fn_c1=sum(kind == "FN" and c1 for kind, c1 in kinds),
    )


def ratio(part: int, whole: int) -> str:
    """A share as a percentage, with its counts.

    >>> ratio(88, 91)
    '96.7% (88/91)'
    """
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "n/a"


def figures_row(name: str, f: Figures) -> str:
    tp, fn = f.tp - f.tp_c1, f.fn - f.fn_c1
    return (
        f"{name:16} {f.tp:4d} {f.fp:4d} {f.fn:4d}  {ratio(f.tp, f.tp + f.fp):18} "
        f"{ratio(f.tp, f.tp + f.fn):18} {ratio(tp, tp + fn)}"
    )


def listing(verdict: Verdict) -> str:
    where = f"{verdict.function.path}:{verdict.line}"
    note = f"  [{verdict.note}]" if verdict.note else ""
    return f"  {where} {short(verdict.function.caller)} -> {short(verdict.callee)}{note}"


def scanned_graph(name: str) -> DependencyGraph:
    root = package(name)
    assert root is not None
    return scan(root, ScanOptions(cache_dir=None, analyzers=(ANALYZER,))).graph


def stored_graph(path: Path) -> DependencyGraph:
    return DependencyGraph.from_json(json.loads(path.read_bytes()))


def missing_inputs(packages: list[str], graphs: Path | None) -> list[str]:
    """What to fetch or where a graph is missing, one message a package."""
    if graphs is None:
        return [
            f"{name} not downloaded: python -m tests.corpus fetch {name}"
            for name in packages
            if package(name) is None
        ]
    paths = [graphs / name / "graph.json" for name in packages]
    return [f"{path} not found" for path in paths if not path.is_file()]


def graph_of(name: str, graphs: Path | None) -> DependencyGraph:
    if graphs is not None:
        return stored_graph(graphs / name / "graph.json")
    start = time.perf_counter()
    graph = scanned_graph(name)
    print(f"{name}: scanned in {time.perf_counter() - start:.1f} s")
    return graph


def judge_package(graph: DependencyGraph, functions: list[Function]) -> list[Verdict]:
    verdicts: list[Verdict] = []
    for function in functions:
        if function.caller not in graph:
            print(f"{function.package}: caller not in the graph: {function.caller}")
        verdicts += judge(function, found_calls(graph, function.caller))
    return verdicts


def report(verdicts: list[Verdict], packages: list[str]) -> None:
    print(f"\n{'package':16} {'TP':>4} {'FP':>4} {'FN':>4}  {'precision':18} {'recall':18} "
          "recall without C1")  # fmt: skip
    for name in packages:
        print(figures_row(name, figures(v for v in verdicts if v.function.package == name)))
    print(figures_row("overall", figures(verdicts)))
    for kind in ("FN", "FP"):
        chosen = [v for v in verdicts if v.kind == kind]
        print(f"\n{kind} ({len(chosen)}):")
        for verdict in sorted(chosen, key=lambda v: (v.function.package, v.function.path, v.line)):
            print(listing(verdict))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_calls_real")
    parser.add_argument("--graphs", type=Path, help="read DIR/<package>/graph.json, not a scan")
    graphs: Path | None = parser.parse_args(argv).graphs
    functions = read_labels(LABELS)
    packages = sorted({f.package for f in functions})
    missing = missing_inputs(packages, graphs)
    for message in missing:
        print(message)
    if missing:
        return 2
    sites = [site for f in functions for site in f.sites.values()]
    print(f"labels: {len(functions)} functions, {len(sites)} sites, "
          f"{sum(len(s.expected) for s in sites)} expected callees ({LABELS.name})")  # fmt: skip
    print(f"graphs: {graphs or 'scanned, Python code analyzer alone'}")
    verdicts: list[Verdict] = []
    for name in packages:
        graph = graph_of(name, graphs)
        verdicts += judge_package(graph, [f for f in functions if f.package == name])
    report(verdicts, packages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
