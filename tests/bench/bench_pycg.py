"""Call-graph accuracy on PyCG's micro-benchmark, beside PyCG itself, in one run.

    python -m tests.bench.bench_pycg [--verbose]

Every snippet of `micro-benchmark/snippets/*/*` in the `pycg==0.0.8` sdist (tests.corpus) is
analysed by `decompose` (its Python code analyzer alone) and by PyCG (`python -m pycg` with the
unpacked sdist on PYTHONPATH). Both are scored edge by edge against the snippet's
`callgraph.json`: the union over snippets of (caller, callee) pairs, each prefixed with its snippet
so that pairs of different snippets never collide. Prints precision and recall of both, and with
`--verbose` the missed and extra pairs of decompose.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from analyzers.python_code import ANALYZER
from decompose.pipeline import ScanOptions, scan
from reports.callgraph import callgraph_pycg
from tests.corpus import package

Pairs = set[tuple[str, str, str]]


def snippets(sdist: Path) -> list[Path]:
    return sorted(p.parent for p in (sdist / "micro-benchmark" / "snippets").glob("*/*/main.py"))


def pairs_of(snippet: str, graph: dict[str, list[str]]) -> Pairs:
    return {(snippet, caller, callee) for caller, callees in graph.items() for callee in callees}


def decompose_graph(folder: Path) -> dict[str, list[str]]:
    options = ScanOptions(jobs=1, cache_dir=None, analyzers=(ANALYZER,))
    return callgraph_pycg(scan(folder, options).graph)


def pycg_graph(sdist: Path, folder: Path) -> dict[str, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(sdist)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.json"
        command = [sys.executable, "-m", "pycg", "--package", str(folder)]
        command += [str(folder / "main.py"), "-o", str(out)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not out.exists():
            return {}
        result: dict[str, list[str]] = json.loads(out.read_text())
        return result


def score(found: Pairs, expected: Pairs) -> tuple[float, float]:
    hits = len(found & expected)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(expected) if expected else 1.0
    return precision, recall


def main(argv: list[str]) -> int:
    root = package("pycg")
    if root is None:
        print("pycg==0.0.8 not downloaded: python -m tests.corpus fetch pycg")
        return 2
    sdist = root / "pycg-0.0.8"
    expected: Pairs = set()
    ours: Pairs = set()
    theirs: Pairs = set()
    folders = snippets(sdist)
    for folder in folders:
        name = str(folder.relative_to(sdist / "micro-benchmark" / "snippets"))
        expected |= pairs_of(name, json.loads((folder / "callgraph.json").read_text()))
        ours |= pairs_of(name, decompose_graph(folder))
        theirs |= pairs_of(name, pycg_graph(sdist, folder))
    print(f"snippets: {len(folders)}, expected edges: {len(expected)}")
    for label, found in (("decompose", ours), ("pycg 0.0.8", theirs)):
        precision, recall = score(found, expected)
        print(f"{label:>10}: precision {precision:.3f}  recall {recall:.3f}  edges {len(found)}")
    if "--verbose" in argv:
        for pair in sorted(expected - ours):
            print("missed", *pair)
        for pair in sorted(ours - expected):
            print("extra ", *pair)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
