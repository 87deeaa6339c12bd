"""Co-change from git history: a tiny repository made in a tmp dir, and the log parser."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from analyzers import git_history
from analyzers.base import LinkContext
from decompose.model import EdgeKind
from decompose.pipeline import ScanOptions, scan

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def _git(root: Path, *args: str) -> None:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(root), *env_args, *args], check=True, capture_output=True)


def _commit(root: Path, files: dict[str, str], message: str) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


def _repo(root: Path) -> Path:
    _git(root, "init", "-q")
    _commit(root, {"shop/orders.py": "a = 1\n", "shop/billing.py": "b = 1\n"}, "one")
    _commit(root, {"shop/orders.py": "a = 2\n", "shop/billing.py": "b = 2\n"}, "two")
    _commit(root, {"shop/orders.py": "a = 3\n", "shop/users.py": "u = 1\n"}, "three")
    _commit(root, {"README.md": "hi\n", "shop/users.py": "u = 2\n"}, "four")
    return root


def test_modules_changed_together_twice_are_co_changed(tmp_path: Path) -> None:
    result = scan(_repo(tmp_path), ScanOptions(analyzers=(git_history.ANALYZER,)))
    edges = list(result.graph.edges(EdgeKind.CO_CHANGE))
    assert [(e.source, e.target, e.attrs["commits"], e.attrs["ratio"]) for e in edges] == [
        ("module:shop.billing", "module:shop.orders", 2, 1.0)
    ]
    edge = edges[0]
    assert edge.derived and edge.evidence == ()
    assert len(edge.attrs["shas"]) == 2 and all(len(s) == 40 for s in edge.attrs["shas"])


def test_huge_commits_are_noise(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    many = {f"pkg/m{i}.py": f"x = {i}\n" for i in range(git_history.MAX_FILES + 1)}
    _commit(tmp_path, many, "sweep")
    _commit(tmp_path, {k: v + "y = 1\n" for k, v in many.items()}, "sweep again")
    result = scan(tmp_path, ScanOptions(analyzers=(git_history.ANALYZER,)))
    assert list(result.graph.edges(EdgeKind.CO_CHANGE)) == []


def test_no_history_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    result = scan(tmp_path, ScanOptions(analyzers=(git_history.ANALYZER,)))
    assert list(result.graph.edges(EdgeKind.CO_CHANGE)) == []
    assert result.diagnostics == []


def test_deleted_and_non_python_files_are_ignored() -> None:
    log = (
        "commit c3 3\n\ngone.py\nkept.py\ndocs.md\n"
        "commit c2 2\n\ngone.py\nkept.py\ndocs.md\n"
        "commit c1 1\n\nkept.py\nother.py\n"
        "commit c0 0\n\nkept.py\nother.py\n"
    )
    context = LinkContext(modules={"kept": "kept.py", "other": "other.py"}, git_log=log)
    facts = git_history.ANALYZER.link([], context)
    assert [(e.source, e.target, e.attrs) for e in facts.edges] == [
        ("module:kept", "module:other", {"commits": 2, "shas": ["c1", "c0"], "ratio": 1.0})
    ]


def test_co_change_appears_in_graph_json(tmp_path: Path) -> None:
    result = scan(_repo(tmp_path), ScanOptions())
    edges = [e for e in json.loads(result.graph_json)["edges"] if e["kind"] == "co_change"]
    assert [(e["source"], e["target"], e["commits"], e["derived"]) for e in edges] == [
        ("module:shop.billing", "module:shop.orders", 2, True)
    ]
