"""Benchmark: the first and second run of `decompose scan` over an unchanged tree.

    python -m tests.bench.bench_cache [--jobs N] [NAME ...]

Scans a folder that links the named corpus packages (default: the million-line set in
tests/corpus.py, over 5,000 Python files) twice with the CLI, in fresh processes and with a fresh
cache directory, and prints both wall times and their ratio. The goal (issue #2): the second run
takes at most 15 % of the first.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.corpus import MILLION_LINES, package


def _tree(names: list[str], into: Path) -> Path:
    root = into / "corpus"
    root.mkdir()
    for name in names:
        path = package(name, fetch=True)
        if path is None:
            sys.exit(f"cannot fetch {name}")
        (root / name).symlink_to(path, target_is_directory=True)
    return root


def _run(root: Path, out: Path, cache: Path, jobs: int) -> float:
    command = [
        sys.executable,
        "-m",
        "decompose",
        "scan",
        str(root),
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
        "--quiet",
        "--jobs",
        str(jobs),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(MILLION_LINES))
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = _tree(args.names, work)
        files = sum(1 for _ in root.glob("*/**/*.py"))
        first = _run(root, work / "out1", work / "cache", args.jobs)
        second = _run(root, work / "out2", work / "cache", args.jobs)
        same = (work / "out1" / "graph.json").read_bytes() == (
            work / "out2" / "graph.json"
        ).read_bytes()
        size = (work / "out1" / "graph.json").stat().st_size
    print(f"packages: {', '.join(args.names)}; python files: {files:,}")
    print(f"first run (cold cache):  {first:7.2f} s")
    print(f"second run (warm cache): {second:7.2f} s")
    print(f"ratio second/first:      {second / first:7.3f}   (goal <= 0.15)")
    print(f"graph.json identical: {same}; size {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
