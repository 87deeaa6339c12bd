"""A content-hash cache of per-file facts, in one SQLite file in the user's cache directory."""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import time
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import platformdirs

from decompose.model import Diagnostic, FileFacts

_CHUNK = 500
KEPT_RUNS = 8  # whole runs kept, most recently used first
KEPT_DAYS = 30  # a file's facts not used by any run for this long are dropped


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("decompose"))


def cache_key(fingerprint: str, path: str, module: str | None, data: bytes) -> str:
    """The key of one file's facts: what analysed it, where it is, and its bytes."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (fingerprint, path, module or ""):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def pack(facts: list[FileFacts]) -> bytes:
    return pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes) -> list[FileFacts]:
    facts: list[FileFacts] = pickle.loads(data)
    return facts


class FactCache:
    """Maps a cache key to the pickled facts of one file. Failures to use it are never fatal:
    a cache that cannot be opened or written behaves as an empty one.

    Each entry remembers the day a run last used it; entries unused for `KEPT_DAYS` are dropped
    when a run stores new ones, so that the cache follows the code instead of growing forever."""

    def __init__(self, directory: Path, now: float | None = None) -> None:
        self._today = int((time.time() if now is None else now) // 86400)
        self.directory = directory
        self.path = directory / "facts-v4.sqlite"
        self._db: sqlite3.Connection | None = None
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value BLOB, day INTEGER)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS runs"
                " (key TEXT PRIMARY KEY, used REAL, graph BLOB, meta BLOB)"
            )
        except (OSError, sqlite3.Error):
            self._db = None

    def get_many(self, keys: Sequence[str]) -> dict[str, list[FileFacts]]:
        found: dict[str, list[FileFacts]] = {}
        if self._db is None:
            return found
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value FROM facts WHERE key IN ({marks})"
                for key, value in self._db.execute(query, chunk):
                    try:
                        found[key] = unpack(value)
                    except Exception:  # an unreadable entry (an older layout, say) is a miss
                        continue
            with self._db:
                self._db.executemany(
                    "UPDATE facts SET day = ? WHERE key = ? AND day < ?",
                    [(self._today, key, self._today) for key in found],
                )
        except sqlite3.Error:
            return found
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store facts already pickled with `pack` (the workers pickle them once, for both the
        trip to the parent and the cache)."""
        if self._db is None:
            return
        rows = [(key, value, self._today) for key, value in items]
        if not rows:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", rows)
                self._db.execute("DELETE FROM facts WHERE day < ?", (self._today - KEPT_DAYS,))
        except sqlite3.Error:
            pass

    def get_run(self, key: str) -> tuple[bytes, list[Diagnostic], dict[str, int]] | None:
        """A whole earlier run with the same inputs: its graph.json, diagnostics, stats."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT graph, meta FROM runs WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            with self._db:
                self._db.execute("UPDATE runs SET used = ? WHERE key = ?", (time.time(), key))
            diagnostics, stats = pickle.loads(row[1])
            return zlib.decompress(row[0]), diagnostics, stats
        except (
            sqlite3.Error,
            pickle.UnpicklingError,
            zlib.error,
            EOFError,
            AttributeError,
            ImportError,
        ):
            return None

    def put_run(
        self,
        key: str,
        graph_json: Sequence[bytes],
        diagnostics: list[Diagnostic],
        stats: dict[str, int],
    ) -> None:
        """Keep a whole run (its graph.json in parts); only the most recently used few are kept."""
        if self._db is None:
            return
        compressor = zlib.compressobj(1)
        graph = b"".join([*map(compressor.compress, graph_json), compressor.flush()])
        meta = pickle.dumps((diagnostics, stats), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?)",
                    (key, time.time(), graph, meta),
                )
                self._db.execute(
                    "DELETE FROM runs WHERE key NOT IN"
                    " (SELECT key FROM runs ORDER BY used DESC LIMIT ?)",
                    (KEPT_RUNS,),
                )
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
