"""Writing results: every file is written whole (temporary file, then rename), so that a failed
run never leaves a half-written plan; graphs are rendered to SVG when Graphviz's `dot` exists."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from decompose.errors import OutputError


def prepare_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(str(out), "exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(str(out), error.strerror or str(error)) from None


def write_text(path: Path, text: str | bytes | Sequence[bytes]) -> None:
    """Write a file atomically: text as UTF-8 with `\\n` line ends, or bytes (in one piece or
    in parts) as they are."""
    parts = (
        [text.encode()] if isinstance(text, str) else [text] if isinstance(text, bytes) else text
    )
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(parts)
        os.replace(temporary, path)
    except OSError as error:
        raise OutputError(str(path), error.strerror or str(error)) from None


def dot_available() -> bool:
    return shutil.which("dot") is not None


def render_svg(dot_path: Path) -> bool:
    """Render `x.dot` to `x.svg` beside it; False when `dot` is missing or fails."""
    if not dot_available():
        return False
    svg = dot_path.with_suffix(".svg")
    try:
        done = subprocess.run(
            ["dot", "-Tsvg", str(dot_path)], capture_output=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    if done.returncode != 0:
        return False
    write_text(svg, done.stdout.decode("utf-8", errors="replace"))
    return True
