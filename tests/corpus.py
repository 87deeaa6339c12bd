"""The real code and schemas that tests and benchmarks measure against.

- `shared_corpus()`: the schemas in `../shared/corpus/` beside the checkout (or
  `$DECOMPOSE_SHARED_CORPUS`), never copied into this repository.
- `package(name)`: a pinned application from the package registry, downloaded once with pip and
  unpacked under `$DECOMPOSE_CORPUS_DIR` (default: the user's cache directory). Tests call it with
  `fetch=False` and skip when it is absent; `python -m tests.corpus fetch [NAME ...]` downloads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import platformdirs

# name -> (pip requirement, extra pip arguments)
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "django-oscar": ("django-oscar==4.2.1", ()),
    "saleor": ("saleor==2.10.1", ("--ignore-requires-python",)),
    "flaskbb": ("flaskbb==2.0.2", ()),
    "misago": ("misago==0.39.6", ()),
    "apache-superset": ("apache-superset==6.1.0", ("--ignore-requires-python",)),
    "wagtail": ("wagtail==8.0.1", ("--ignore-requires-python",)),
    "netbox": ("netbox==4.7.3", ("--ignore-requires-python",)),
    "pycg": ("pycg==0.0.8", ("--no-binary", ":all:")),
}
SMALL = ("django-oscar", "flaskbb", "pycg")
MILLION_LINES = ("apache-superset", "wagtail", "netbox", "saleor", "django-oscar")


def corpus_dir() -> Path:
    return Path(
        os.environ.get("DECOMPOSE_CORPUS_DIR") or platformdirs.user_cache_dir("decompose-corpus")
    )


def shared_corpus() -> Path | None:
    env = os.environ.get("DECOMPOSE_SHARED_CORPUS")
    candidate = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


def package(name: str, *, fetch: bool = False) -> Path | None:
    """The unpacked folder of a corpus package, or None when it is absent and cannot be fetched."""
    target = corpus_dir() / name
    if (target / ".complete").exists():
        return target
    if not fetch:
        return None
    return _download(name, target)


def _download(name: str, target: Path) -> Path | None:
    requirement, extra = PACKAGES[name]
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "-d",
            tmp,
            *extra,
            requirement,
        ]
        if subprocess.run(command, check=False).returncode != 0:
            return None
        files = list(Path(tmp).iterdir())
        if len(files) != 1:
            return None
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        _unpack(files[0], target)
    (target / ".complete").write_text(requirement + "\n")
    return target


def _unpack(archive: Path, target: Path) -> None:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(target)
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(target, filter="data")


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "fetch":
        print(
            "usage: python -m tests.corpus fetch [NAME ...]   (names: " + ", ".join(PACKAGES) + ")"
        )
        return 2
    names = argv[1:] or list(PACKAGES)
    failed = 0
    for name in names:
        path = package(name, fetch=True)
        print(f"{name}: {path if path else 'FAILED'}")
        failed += path is None
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
