"""Shared test helpers: the corpus (skipping cleanly without it) and small trees on disk."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.corpus import package, shared_corpus


def require_package(name: str) -> Path:
    """A downloaded corpus package, or skip the test with the command that fetches it."""
    path = package(name)
    if path is None:
        pytest.skip(
            f"corpus package {name!r} not downloaded: run `python -m tests.corpus fetch {name}`"
        )
    return path


def require_shared() -> Path:
    """`../shared/corpus`, or skip the test."""
    path = shared_corpus()
    if path is None:
        pytest.skip("../shared/corpus not found (set DECOMPOSE_SHARED_CORPUS)")
    return path


def make_tree(root: Path, spec: dict[str, str | bytes]) -> Path:
    """Write files under root: {relative path: text (dedented) or bytes}."""
    for rel, content in spec.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root
