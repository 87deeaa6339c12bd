"""Scan speed and memory over the million-line corpus, against a plain `ast.parse` loop.

    python -m tests.bench.bench_scan [--only-python-code]

Scans a temporary folder of links to the `tests.corpus.MILLION_LINES` packages: cold (a fresh
cache directory), then warm (the same cache), each in a fresh process that also renders
`graph.json`, and prints both times, the peak resident memory of the cold scan's largest process
(the scan or one of its workers), and the time of a single-process `ast.parse` loop over the same
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
from multiprocessing import get_context
from multiprocessing.connection import Connection
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


def _measured_scan(root: Path, options: ScanOptions, out: Connection) -> None:
    """In a fresh process: scan, render graph.json, report seconds, peak memory and figures."""
    start = time.perf_counter()
    result = scan(root, options)
    size = sum(map(len, result.graph_json_parts))
    seconds = time.perf_counter() - start
    failed = sum(1 for f in result.facts if f.status.value == "failed")
    links = [d.message for d in result.diagnostics if not d.path]
    counts = result.graph.counts() if result.facts else {}
    out.send((seconds, peak_mb(), failed, links, counts, size))


def measured_scan(
    root: Path, options: ScanOptions
) -> tuple[float, float, int, list[str], dict[str, int], int]:
    receive, send = get_context("fork").Pipe(duplex=False)
    process = get_context("fork").Process(target=_measured_scan, args=(root, options, send))
    process.start()
    figures = receive.recv()
    process.join()
    return figures  # type: ignore[no-any-return]


def main(argv: list[str]) -> int:
    analyzers = (ANALYZER,) if "--only-python-code" in argv else ANALYZERS
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        root = corpus_root(tmp)
        if root is None:
            return 2
        options = ScanOptions(cache_dir=tmp / "cache", analyzers=analyzers)
        cold_s, peak, failed, links, counts, size = measured_scan(root, options)
        warm_s, *_ = measured_scan(root, options)
        parse_s, files, lines = parse_loop(root)
    for message in links:
        print(f"link: {message}")
    print(f"analyzers: {', '.join(a.name for a in analyzers)}")
    print(f"python files: {files:,}  lines: {lines:,}  failed files: {failed}")
    print(f"graph: {counts}; graph.json {size / 1e6:.1f} MB")
    print(f"cold scan: {cold_s:.1f} s  warm scan: {warm_s:.1f} s ({warm_s / cold_s:.2f}x cold)")
    print(
        f"plain ast.parse loop (one process): {parse_s:.1f} s  cold/parse: {cold_s / parse_s:.2f}x"
    )
    print(f"peak memory of the cold scan (largest process): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
