"""Running the analyzers over many files, in forked worker processes.

Workers inherit the sources and the analyzers when they are forked instead of receiving them
pickled, take chunks of files of about equal text size, and send back each file's facts pickled
once (`decompose.cache.pack`): the same bytes go to the cache. Results come back in the order of
the files, each chunk as soon as it is done, so that the caller can unpickle while the workers go
on. Where processes cannot be forked (on Windows, or in a daemonic process, which may have no
children), or for a few files, the work is done in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from analyzers.base import Analyzer
from analyzers.runner import run_file
from decompose.cache import pack
from decompose.forked import can_fork
from decompose.model import SourceFile

INLINE_LIMIT = 64  # below this many files to parse, a process pool costs more than it saves
CHUNKS_PER_JOB = 16  # many chunks per worker, so that progress moves and the load stays even


def analyse_files(
    sources: list[SourceFile],
    analyzers: tuple[Analyzer, ...],
    jobs: int,
    advance: Callable[[int], None],
) -> Iterator[bytes]:
    """Every file's facts, pickled, in the order of `sources`; `advance(n)` after n files."""
    if jobs == 1 or len(sources) < INLINE_LIMIT or not can_fork():
        for source in sources:
            yield pack(run_file(source, analyzers))
            advance(1)
    else:
        yield from _in_pool(sources, analyzers, jobs, advance)


# What the forked workers inherit instead of receiving it pickled: the sources and analyzers.
_WORK: tuple[list[SourceFile], tuple[Analyzer, ...]] = ([], ())


def _in_pool(
    sources: list[SourceFile],
    analyzers: tuple[Analyzer, ...],
    jobs: int,
    advance: Callable[[int], None],
) -> Iterator[bytes]:
    global _WORK
    chunks = chunk_by_size(sources, jobs * CHUNKS_PER_JOB)
    _WORK = (sources, analyzers)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            for chunk, results in zip(chunks, pool.map(_run_chunk, chunks), strict=True):
                advance(len(chunk))
                yield from results
    finally:
        _WORK = ([], ())


def chunk_by_size(sources: list[SourceFile], count: int) -> list[range]:
    """About `count` runs of consecutive files of about equal text size.

    >>> texts = [SourceFile(f"{n}.py", "x" * size) for n, size in enumerate([5, 5, 5, 5, 20])]
    >>> chunk_by_size(texts, 2)
    [range(0, 4), range(4, 5)]
    """
    target = max(1, sum(len(s.text) for s in sources) // max(1, count))
    chunks: list[range] = []
    start = size = 0
    for number, source in enumerate(sources):
        if size >= target and number > start:
            chunks.append(range(start, number))
            start, size = number, 0
        size += len(source.text)
    chunks.append(range(start, len(sources)))
    return chunks


def _run_chunk(numbers: range) -> list[bytes]:
    sources, analyzers = _WORK
    return [pack(run_file(sources[n], analyzers)) for n in numbers]
