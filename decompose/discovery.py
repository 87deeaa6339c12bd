"""File discovery: which files under the root are analysed, and why the others are not."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from decompose.globs import match_any
from decompose.model import Diagnostic, Severity

ANALYSED_SUFFIXES = (".py", ".pyi", ".sql", ".ddl")
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        "site-packages",
        ".idea",
        ".vscode",
        "htmlcov",
        ".cache",
    }
)
BUILD_DIRS = frozenset({"build", "dist"})


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: str  # relative to the root, with forward slashes
    absolute: Path
    size: int


@dataclass(frozen=True, slots=True)
class Discovery:
    files: tuple[FoundFile, ...]
    diagnostics: tuple[Diagnostic, ...]


def discover(
    root: Path,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_file_size: int,
) -> Discovery:
    """The analysable files under `root` (or `root` itself when it is a file), sorted by path."""
    if root.is_file():
        return _single(root, max_file_size)
    files: list[FoundFile] = []
    diagnostics: list[Diagnostic] = []
    for rel, absolute in _walk(root, diagnostics):
        if not rel.endswith(ANALYSED_SUFFIXES):
            continue
        if include and not match_any(rel, include):
            continue
        if exclude and match_any(rel, exclude):
            continue
        found = _stat(rel, absolute, max_file_size, diagnostics)
        if found is not None:
            files.append(found)
    files.sort(key=lambda f: f.path)
    diagnostics.sort(key=Diagnostic.sort_key)
    return Discovery(tuple(files), tuple(diagnostics))


def _single(path: Path, max_file_size: int) -> Discovery:
    diagnostics: list[Diagnostic] = []
    found = _stat(path.name, path, max_file_size, diagnostics)
    return Discovery((found,) if found else (), tuple(diagnostics))


def _stat(rel: str, absolute: Path, limit: int, diagnostics: list[Diagnostic]) -> FoundFile | None:
    try:
        size = absolute.stat().st_size
    except OSError as error:
        diagnostics.append(_diag(rel, f"cannot read: {error.strerror or error}", "unreadable"))
        return None
    if size > limit:
        message = f"skipped: {size:,} bytes is over the {limit:,}-byte limit (max_file_size)"
        diagnostics.append(_diag(rel, message, "too-large"))
        return None
    return FoundFile(rel, absolute, size)


def _walk(root: Path, diagnostics: list[Diagnostic]) -> Iterator[tuple[str, Path]]:
    """Every file under root, following directory links once (a link loop is a diagnostic)."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            info = directory.stat()
        except OSError:
            diagnostics.append(_diag(prefix or ".", "broken directory link", "unreadable"))
            continue
        if (info.st_dev, info.st_ino) in seen:
            diagnostics.append(
                _diag(prefix, "directory link loop, not followed", "link-loop", Severity.INFO)
            )
            continue
        seen.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            diagnostics.append(_diag(prefix or ".", f"cannot list: {error.strerror}", "unreadable"))
            continue
        for entry in entries:
            rel = f"{prefix}{entry.name}"
            if _is_dir(entry):
                if not _skipped_dir(entry):
                    stack.append((Path(entry.path), rel + "/"))
            else:
                yield rel, Path(entry.path)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _skipped_dir(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    if name in SKIPPED_DIRS or name.endswith(".egg-info"):
        return True
    if os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
        return True  # a virtualenv under any name
    return name in BUILD_DIRS and not os.path.exists(os.path.join(entry.path, "__init__.py"))


def _diag(path: str, message: str, code: str, severity: Severity = Severity.WARNING) -> Diagnostic:
    return Diagnostic(
        path=path, line=None, message=message, code=f"discovery-{code}", severity=severity
    )


def module_name(path: str) -> str | None:
    """The dotted module name of a Python file relative to the root; `src/` layouts drop `src`.

    >>> module_name("src/shop/orders/__init__.py")
    'shop.orders'
    >>> module_name("shop/models.py")
    'shop.models'
    >>> module_name("schema.sql") is None
    True
    """
    if not path.endswith((".py", ".pyi")):
        return None
    stem = path.rsplit(".", 1)[0]
    parts = stem.split("/")
    if parts[-1] == "__init__":
        parts.pop()
    if len(parts) > 1 and parts[0] == "src":
        parts.pop(0)
    return ".".join(parts) if parts else None
