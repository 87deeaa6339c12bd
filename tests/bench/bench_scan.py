"""Scan speed and memory over the million-line corpus, against a plain `ast.parse` loop.

    python -m tests.bench.bench_scan [--only-python-code]

Scans a temporary folder of links to the `tests.corpus.MILLION_LINES` packages: cold (a fresh
cache directory), then warm (the same cache), and prints both times, the peak resident memory of
this process and its workers, and the time of a single-process `ast.parse` loop over the same
Python files. `--only-python-code` runs the Python code analyzer alone (its own cost).
"""

from __future__ import annotations

import ast
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

from analyzers.python_code import ANALYZER
from analyzers.registry import ANALYZERS
from decompose.pipeline import ScanOptions, scan
from tests.corpus import MILLION_LINES, package


def corpus_root(tmp: Path) -> Path | None:
    """One folder holding links to the packages' top-level folders, so that modules are named
    as they import each other (`superset.models`, `wagtail.models`)."""
    root = tmp / "corpus"
    root.mkdir()
    for name in MILLION_LINES:
        path = package(name)
        if path is None:
            print(f"{name} not downloaded: python -m tests.corpus fetch {name}")
            return None
        for top in sorted(path.iterdir()):
            if top.is_dir() and not top.name.endswith(".dist-info"):
                (root / top.name).symlink_to(top, target_is_directory=True)
    return root


def parse_loop(root: Path) -> tuple[float, int, int]:
    """Seconds to read and parse every .py file in one process; files and lines."""
    files = lines = 0
    start = time.perf_counter()
    paths = sorted(
        Path(folder) / name
        for folder, _dirs, names in os.walk(root, followlinks=True)
        for name in names
        if name.endswith(".py")
    )
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace")
        files += 1
        lines += text.count("\n")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(text)
        except (SyntaxError, ValueError):
            pass
    return time.perf_counter() - start, files, lines


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main(argv: list[str]) -> int:
    analyzers = (ANALYZER,) if "--only-python-code" in argv else ANALYZERS
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        root = corpus_root(tmp)
        if root is None:
            return 2
        options = ScanOptions(cache_dir=tmp / "cache", analyzers=analyzers)
        start = time.perf_counter()
        cold = scan(root, options)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        scan(root, options)
        warm_s = time.perf_counter() - start
        parse_s, files, lines = parse_loop(root)
    failed = sum(1 for f in cold.facts if f.status.value == "failed")
    for diagnostic in cold.diagnostics:
        if not diagnostic.path:
            print(f"link: {diagnostic.message}")
    print(f"analyzers: {', '.join(a.name for a in analyzers)}")
    print(f"python files: {files:,}  lines: {lines:,}  failed files: {failed}")
    print(f"graph: {cold.graph.counts()}")
    print(f"cold scan: {cold_s:.1f} s  warm scan: {warm_s:.1f} s ({warm_s / cold_s:.2f}x cold)")
    print(
        f"plain ast.parse loop (one process): {parse_s:.1f} s  cold/parse: {cold_s / parse_s:.2f}x"
    )
    print(f"peak memory (largest process): {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
