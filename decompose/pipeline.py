"""The pipeline: discover, read, analyse (in parallel, cached), link, build the graph, plan."""

from __future__ import annotations

import os
import subprocess
import tokenize
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from io import BytesIO
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

from analyzers.base import Analyzer, LinkContext
from analyzers.registry import ANALYZERS, fingerprint
from analyzers.runner import run_file
from decompose.cache import FactCache, cache_key
from decompose.config import Config
from decompose.discovery import FoundFile, discover, module_name
from decompose.errors import InputNotFoundError
from decompose.model import DependencyGraph, Diagnostic, FileFacts, Severity, SourceFile

INLINE_LIMIT = 64  # below this many files to parse, a process pool costs more than it saves


class Reporter(Protocol):
    """Where the pipeline says what it is doing. The CLI shows it; tests pass `Silent()`."""

    def start(self, stage: str, total: int | None = None) -> None: ...
    def advance(self, amount: int = 1) -> None: ...
    def finish(self) -> None: ...


class Silent:
    def start(self, stage: str, total: int | None = None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass(frozen=True)
class ScanOptions:
    config: Config = field(default_factory=Config)
    jobs: int = 0  # 0: all cores
    cache_dir: Path | None = None  # None: no cache
    analyzers: tuple[Analyzer, ...] = ANALYZERS


@dataclass
class ScanResult:
    root: Path
    graph: DependencyGraph
    diagnostics: list[Diagnostic]
    facts: list[FileFacts]
    stats: dict[str, int]


@dataclass(frozen=True, slots=True)
class _Pending:
    key: str
    source: SourceFile


def scan(root: Path, options: ScanOptions, reporter: Reporter | None = None) -> ScanResult:
    """Analyse every file under `root` and build the dependency graph."""
    reporter = reporter or Silent()
    if not root.exists():
        raise InputNotFoundError(str(root))
    config = options.config
    found = discover(
        root, include=config.include, exclude=config.exclude, max_file_size=config.max_file_size
    )
    diagnostics = list(found.diagnostics)
    stats: Counter[str] = Counter(files=len(found.files))
    fp = fingerprint(options.analyzers)
    cache = FactCache(options.cache_dir) if options.cache_dir else None
    try:
        per_file, pending = _read_and_lookup(found.files, config, fp, cache, diagnostics, reporter)
        stats["cached"] = len(per_file)
        stats["parsed"] = len(pending)
        fresh = _analyse(pending, options, reporter)
        if cache is not None:
            cache.put_many((p.key, facts) for p, facts in zip(pending, fresh, strict=True))
    finally:
        if cache is not None:
            cache.close()
    for results in fresh:
        per_file.extend(results)
    per_file.sort(key=lambda f: (f.path, f.analyzer))
    context = LinkContext(dialect=config.dialect, modules=_modules(found.files))
    if (root / ".git").exists() and config.git_max_commits:
        context.git_log = read_git_log(root, config.git_max_commits)
    linked = _link(per_file, options.analyzers, context, reporter)
    graph = build_graph([*per_file, *linked])
    for item in (*per_file, *linked):
        diagnostics.extend(item.diagnostics)
        stats[f"status.{item.status.value}"] += 1 if item.path else 0
    diagnostics = sorted(set(diagnostics), key=Diagnostic.sort_key)
    return ScanResult(root, graph, diagnostics, per_file, dict(sorted(stats.items())))


def _read_and_lookup(
    files: Sequence[FoundFile],
    config: Config,
    fp: str,
    cache: FactCache | None,
    diagnostics: list[Diagnostic],
    reporter: Reporter,
) -> tuple[list[FileFacts], list[_Pending]]:
    reporter.start("reading", len(files))
    pending: list[_Pending] = []
    for found in files:
        reporter.advance()
        source = read_source(found, config.dialect, diagnostics)
        if source is None:
            continue
        pending.append(
            _Pending(cache_key(fp, source.path, source.module, source.text.encode()), source)
        )
    reporter.finish()
    hits = cache.get_many([p.key for p in pending]) if cache else {}
    cached = [facts for p in pending if p.key in hits for facts in hits[p.key]]
    return cached, [p for p in pending if p.key not in hits]


def read_source(
    found: FoundFile, dialect: str | None, diagnostics: list[Diagnostic]
) -> SourceFile | None:
    """The decoded text of one file, or None with a diagnostic saying why not."""
    try:
        data = found.absolute.read_bytes()
    except OSError as error:
        diagnostics.append(
            _diag(found.path, f"cannot read: {error.strerror or error}", "unreadable")
        )
        return None
    if b"\0" in data[:8192]:
        diagnostics.append(_diag(found.path, "skipped: binary file", "binary"))
        return None
    module = module_name(found.path)
    try:
        text = _decode(data, python=module is not None)
    except (UnicodeDecodeError, SyntaxError, LookupError) as error:
        diagnostics.append(_diag(found.path, f"skipped: cannot decode: {error}", "undecodable"))
        return None
    return SourceFile(path=found.path, text=text, module=module, dialect=dialect)


def _decode(data: bytes, *, python: bool) -> str:
    if python:
        encoding, _ = tokenize.detect_encoding(BytesIO(data).readline)
        return data.decode(encoding)
    return data.decode("utf-8-sig")


def _analyse(
    pending: list[_Pending], options: ScanOptions, reporter: Reporter
) -> list[list[FileFacts]]:
    reporter.start("analysing", len(pending))
    jobs = options.jobs or os.cpu_count() or 1
    sources = [p.source for p in pending]
    if jobs == 1 or len(sources) < INLINE_LIMIT:
        results = []
        for source in sources:
            results.append(run_file(source, options.analyzers))
            reporter.advance()
    else:
        results = list(_analyse_in_pool(sources, options.analyzers, jobs, reporter))
    reporter.finish()
    return results


def _analyse_in_pool(
    sources: list[SourceFile], analyzers: tuple[Analyzer, ...], jobs: int, reporter: Reporter
) -> Iterator[list[FileFacts]]:
    chunks = _chunks(sources, jobs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
        for chunk, results in zip(
            chunks, pool.map(_run_chunk, chunks, [analyzers] * len(chunks)), strict=True
        ):
            reporter.advance(len(chunk))
            yield from results


def _chunks(sources: list[SourceFile], jobs: int) -> list[list[SourceFile]]:
    """Chunks of about equal text size, many per worker so that progress moves and loads even."""
    target = max(1, sum(len(s.text) for s in sources) // (jobs * 16))
    chunks: list[list[SourceFile]] = [[]]
    size = 0
    for source in sources:
        if size >= target and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(source)
        size += len(source.text)
    return chunks


def _run_chunk(sources: list[SourceFile], analyzers: tuple[Analyzer, ...]) -> list[list[FileFacts]]:
    return [run_file(source, analyzers) for source in sources]


def _link(
    per_file: list[FileFacts],
    analyzers: Sequence[Analyzer],
    context: LinkContext,
    reporter: Reporter,
) -> list[FileFacts]:
    reporter.start("linking", len(analyzers))
    linked: list[FileFacts] = []
    for analyzer in analyzers:
        own = [f for f in per_file if f.analyzer == analyzer.name]
        try:
            linked.append(analyzer.link(own, context))
        except Exception as error:  # a bug in one link step must not lose the others
            linked.append(
                FileFacts.failed(
                    analyzer.name, "", f"link step failed: {type(error).__name__}: {error}"
                )
            )
        reporter.advance()
    reporter.finish()
    return linked


def build_graph(all_facts: Sequence[FileFacts]) -> DependencyGraph:
    """One graph from every fact: aliases first, then nodes, then edges."""
    graph = DependencyGraph()
    for facts in all_facts:
        for alias in facts.aliases:
            graph.add_alias(alias=alias)
    for facts in all_facts:
        for node in facts.nodes:
            graph.add_node(node=node)
    for facts in all_facts:
        for edge in facts.edges:
            graph.add_edge(edge=edge)
    return graph


def _modules(files: Sequence[FoundFile]) -> dict[str, str]:
    modules: dict[str, str] = {}
    for found in files:
        name = module_name(found.path)
        if name is not None and (name not in modules or found.path.endswith(".py")):
            modules[name] = found.path
    return modules


def read_git_log(root: Path, max_commits: int) -> str | None:
    """`git log` with the files of each commit, newest first; None when git cannot say."""
    command = [
        "git",
        "-C",
        str(root),
        "log",
        f"--max-count={max_commits}",
        "--no-renames",
        "--name-only",
        "--format=commit %H %ct",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _diag(path: str, message: str, code: str) -> Diagnostic:
    return Diagnostic(path, None, message, f"read-{code}", Severity.WARNING)
