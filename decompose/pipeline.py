"""The pipeline: discover, read, analyse (in parallel, cached), link, build the graph, plan."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import subprocess
import tokenize
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Protocol

from analyzers.base import Analyzer, LinkContext
from analyzers.registry import ANALYZERS, fingerprint
from decompose import __version__
from decompose.cache import FactCache, cache_key, unpack
from decompose.config import Config
from decompose.discovery import FoundFile, discover, module_name
from decompose.errors import InputNotFoundError
from decompose.forked import beside
from decompose.model import DependencyGraph, Diagnostic, FileFacts, Severity, SourceFile
from decompose.parallel import analyse_files
from reports.json_files import graph_json_parts


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
    # Keep each file's full facts (nodes, edges, the analyzer's own data) in `ScanResult.facts`;
    # by default only their outcome (analyzer, path, status, reason) is kept, so that the memory
    # they take is freed once the graph is built.
    keep_facts: bool = False


class ScanResult:
    """The outcome of a scan. The graph and its `graph.json` text are made from each other on
    demand, so that a run answered from the cache never rebuilds a graph it does not need. The
    text is kept in parts (`graph_json_parts`, which the cache and the outputs write as they
    are); `graph_json` joins them."""

    def __init__(
        self,
        root: Path,
        diagnostics: list[Diagnostic],
        facts: list[FileFacts],
        stats: dict[str, int],
        *,
        graph: DependencyGraph | None = None,
        graph_json: bytes | None = None,
    ) -> None:
        assert graph is not None or graph_json is not None
        self.root = root
        self.diagnostics = diagnostics
        # per-file results (only outcomes unless `keep_facts`); empty when the whole run came
        # from the cache
        self.facts = facts
        self.stats = stats
        self._graph = graph
        self._graph_json_parts = [graph_json] if graph_json is not None else None

    @property
    def graph(self) -> DependencyGraph:
        if self._graph is None:
            with _collector_paused():
                self._graph = DependencyGraph.from_json(json.loads(self.graph_json))
        return self._graph

    @property
    def graph_json_parts(self) -> list[bytes]:
        if self._graph_json_parts is None:
            with _collector_paused():
                self._graph_json_parts = graph_json_parts(self.graph)
        return self._graph_json_parts

    @property
    def graph_json(self) -> bytes:
        parts = self.graph_json_parts
        return parts[0] if len(parts) == 1 else b"".join(parts)


@dataclass(frozen=True, slots=True)
class _Pending:
    key: str
    source: SourceFile


def scan(root: Path, options: ScanOptions, reporter: Reporter | None = None) -> ScanResult:
    """Analyse every file under `root` and build the dependency graph.

    Per-file facts are cached by content hash; when no file, analyzer, setting or commit changed
    since a previous run, its whole result is taken from the cache."""
    reporter = reporter or Silent()
    if not root.exists():
        raise InputNotFoundError(str(root))
    with _collector_paused():
        return _scan(root, options, reporter)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the scan (and, by inheritance, its workers).

    A scan makes millions of small objects that live until its end, and the collector would walk
    them again and again as they accumulate: a third of the run on the million-line corpus. The
    facts hold no reference cycles worth collecting early; reference counting still frees the
    syntax trees as soon as their facts are extracted.

    On the way out, the objects that piled up in the youngest generation meanwhile are moved to
    the oldest at once (a freeze and an unfreeze, which walk nothing). Left young, they would all
    be walked by the first collection after the scan, and moved up generation by generation:
    about a second on that corpus, for a result that holds no cycles. Not when the caller has
    frozen objects of its own (`gc.freeze` before forking, say): they stay frozen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def _scan(root: Path, options: ScanOptions, reporter: Reporter) -> ScanResult:
    config = options.config
    found = discover(
        root, include=config.include, exclude=config.exclude, max_file_size=config.max_file_size
    )
    diagnostics = list(found.diagnostics)
    git_log = (
        read_git_log(root, config.git_max_commits, config.git_since)
        if _is_git_root(root, config)
        else None
    )
    cache = FactCache(options.cache_dir) if options.cache_dir else None
    try:
        file_fp = f"{fingerprint(options.analyzers)};dialect={config.dialect}"
        pending = _read(found.files, config, file_fp, diagnostics, reporter)
        key = run_key(pending, config, options.analyzers, git_log, diagnostics)
        cached = cache.get_run(key) if cache else None
        if cached is not None:
            graph_json, cached_diagnostics, stats = cached
            stats = {**stats, "cached": len(pending), "parsed": 0, "whole_run_cached": 1}
            return ScanResult(root, cached_diagnostics, [], stats, graph_json=graph_json)
        result = _analyse_and_link(
            root, found.files, pending, options, cache, git_log, diagnostics, reporter
        )
        if cache is not None:
            cache.put_run(key, result.graph_json_parts, result.diagnostics, result.stats)
        return result
    finally:
        if cache is not None:
            cache.close()


def _is_git_root(root: Path, config: Config) -> bool:
    return root.is_dir() and (root / ".git").exists() and config.git_max_commits > 0


def run_key(
    pending: Sequence[_Pending],
    config: Config,
    analyzers: Sequence[Analyzer],
    git_log: str | None,
    diagnostics: Sequence[Diagnostic],
) -> str:
    """What a whole run depends on: every file's key, the config, the analyzers, the history."""
    digest = hashlib.blake2b(digest_size=20)
    parts = [fingerprint(tuple(analyzers)), config.model_dump_json(), git_log or "", __version__]
    parts += [p.key for p in pending]
    parts += [repr(d.sort_key()) for d in diagnostics]
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _analyse_and_link(
    root: Path,
    files: Sequence[FoundFile],
    pending: list[_Pending],
    options: ScanOptions,
    cache: FactCache | None,
    git_log: str | None,
    diagnostics: list[Diagnostic],
    reporter: Reporter,
) -> ScanResult:
    hits = cache.get_many([p.key for p in pending]) if cache else {}
    missing = [p for p in pending if p.key not in hits]
    packed: list[bytes] = []
    for pending_file, data in zip(missing, _analyse(missing, options, reporter), strict=True):
        packed.append(data)
        hits[pending_file.key] = unpack(data)  # while the workers go on
    rows = list(zip([p.key for p in missing], packed, strict=True)) if cache else []
    del packed
    per_file = sorted((f for p in pending for f in hits[p.key]), key=lambda f: (f.path, f.analyzer))
    context = LinkContext(
        dialect=options.config.dialect,
        modules=_modules(files),
        git_log=git_log,
        jobs=options.jobs or os.cpu_count() or 1,
    )
    store = partial(_store, cache.directory, rows) if cache is not None and rows else _nothing
    linked = _link(per_file, options.analyzers, context, reporter, store)
    del rows
    # What the link steps published (the Python symbol index, its resolver's memos) and the
    # analyzers' own summaries are done with: freed before the graph is built, which is when
    # the scan takes the most memory.
    context.products.clear()
    hits.clear()
    if not options.keep_facts:
        per_file = [replace(f, data=None) if f.data is not None else f for f in per_file]
    graph = build_graph([*per_file, *linked])
    stats: Counter[str] = Counter(
        files=len(files), cached=len(pending) - len(missing), parsed=len(missing)
    )
    for item in (*per_file, *linked):
        diagnostics.extend(item.diagnostics)
        stats[f"status.{item.status.value}"] += 1 if item.path else 0
    ordered = sorted(set(diagnostics), key=Diagnostic.sort_key)
    if not options.keep_facts:
        per_file = [f.outcome() for f in per_file]
    return ScanResult(root, ordered, per_file, dict(sorted(stats.items())), graph=graph)


def _read(
    files: Sequence[FoundFile],
    config: Config,
    fp: str,
    diagnostics: list[Diagnostic],
    reporter: Reporter,
) -> list[_Pending]:
    reporter.start("reading", len(files))
    pending: list[_Pending] = []
    for found in files:
        reporter.advance()
        source = read_source(found, config.dialect, diagnostics)
        if source is not None:
            key = cache_key(fp, source.path, source.module, source.text.encode())
            pending.append(_Pending(key, source))
    reporter.finish()
    return pending


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


def _analyse(pending: list[_Pending], options: ScanOptions, reporter: Reporter) -> Iterator[bytes]:
    """Every file's facts, pickled, in the order of `pending`, each as soon as it is ready."""
    reporter.start("analysing", len(pending))
    jobs = options.jobs or os.cpu_count() or 1
    sources = [p.source for p in pending]
    yield from analyse_files(sources, options.analyzers, jobs, reporter.advance)
    reporter.finish()


def _store(directory: Path, rows: list[tuple[str, bytes]]) -> None:
    """Write per-file facts to the cache, with a connection of this process's own."""
    cache = FactCache(directory)
    try:
        cache.put_many(rows)
    finally:
        cache.close()


def _nothing() -> None:
    return None


def _link(
    per_file: list[FileFacts],
    analyzers: Sequence[Analyzer],
    context: LinkContext,
    reporter: Reporter,
    store: Callable[[], None] = _nothing,
) -> list[FileFacts]:
    """Every analyzer's link step, in the analyzers' order. With more than one job, the steps of
    the analyzers that do not link apart (`Analyzer.link_apart`) run in a forked process beside
    those that do, started when these have published their products
    (`LinkContext.published`), or when they end: the others may read those products, not the
    reverse, and the facts are the same either way. That process then runs `store` (writing
    the new per-file facts to the cache), off the parent's path; without it, the parent
    does."""
    reporter.start("linking", len(analyzers))
    own: dict[str, list[FileFacts]] = defaultdict(list)
    for facts in per_file:
        own[facts.analyzer].append(facts)
    apart = [a for a in analyzers if getattr(a, "link_apart", False)]
    rest = [a for a in analyzers if not getattr(a, "link_apart", False)]
    started: list[Callable[[], list[FileFacts] | None] | None] = []

    def start_rest() -> None:  # once, when the steps apart have published their products
        if not started:
            forked = context.jobs > 1 and bool(apart)
            started.append(beside(_link_and_store, rest, own, context, store) if forked else None)

    context.products_ready = start_rest
    done = dict(zip([a.name for a in apart], _link_each(apart, own, context), strict=True))
    context.products_ready = None
    start_rest()
    reporter.advance(len(apart))
    beside_us = started[0]
    found = beside_us() if beside_us is not None else None
    if found is None:  # no process beside us, or it failed: the same work here
        found = _link_each(rest, own, context)
        store()
    done.update(zip([a.name for a in rest], found, strict=True))
    reporter.advance(len(rest))
    reporter.finish()
    return [done[a.name] for a in analyzers]


def _link_and_store(
    analyzers: Sequence[Analyzer],
    own: dict[str, list[FileFacts]],
    context: LinkContext,
    store: Callable[[], None],
) -> list[FileFacts]:
    linked = _link_each(analyzers, own, context)
    store()
    return linked


def _link_each(
    analyzers: Sequence[Analyzer], own: dict[str, list[FileFacts]], context: LinkContext
) -> list[FileFacts]:
    linked: list[FileFacts] = []
    for analyzer in analyzers:
        try:
            linked.append(analyzer.link(own.get(analyzer.name, []), context))
        except Exception as error:  # a bug in one link step must not lose the others
            linked.append(
                FileFacts.failed(
                    analyzer.name, "", f"link step failed: {type(error).__name__}: {error}"
                )
            )
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


def read_git_log(root: Path, max_commits: int, since: str | None = None) -> str | None:
    """`git log` with the files of each commit, newest first; None when git cannot say."""
    command = [
        "git",
        "-C",
        str(root),
        "log",
        f"--max-count={max_commits}",
        *([f"--since={since}"] if since else []),
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
