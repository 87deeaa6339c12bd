"""The pipeline on small trees: discovery, robustness, the cache, determinism."""

from __future__ import annotations

import gc
import json
import os
import shutil
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from decompose.cache import FactCache, pack
from decompose.config import Config
from decompose.errors import InputNotFoundError
from decompose.model import FileFacts, FileStatus, NodeKind
from decompose.pipeline import ScanOptions, scan
from reports.json_files import render_graph_json
from tests.conftest import make_tree
from tests.foundation.fake_analyzers import FAKES, Exploding, ModuleNames, TableLines


def _scan(root: Path, **kwargs: object) -> object:
    return scan(root, ScanOptions(analyzers=FAKES, **kwargs))  # type: ignore[arg-type]


def codes(result: object) -> dict[str, str]:
    return {d.path: d.code for d in result.diagnostics}  # type: ignore[attr-defined]


def test_skips_tool_and_environment_folders(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "app/models.py": "x = 1\n",
            ".git/hooks/x.py": "x = 1\n",
            "node_modules/p/x.py": "x = 1\n",
            "env1/pyvenv.cfg": "home = /usr\n",
            "env1/lib/x.py": "x = 1\n",
            "build/lib/x.py": "x = 1\n",
            "pkg.egg-info/x.py": "x = 1\n",
            "app/__pycache__/x.py": "x = 1\n",
        },
    )
    result = _scan(tmp_path)
    assert [n.name for n in result.graph.nodes(NodeKind.MODULE)] == ["app.models"]  # type: ignore[attr-defined]


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    make_tree(tmp_path, {"src/shop/a.py": "", "src/shop/tests/test_a.py": "", "tools/b.py": ""})
    config = Config(include=["src/**"], exclude=["**/tests/**"])
    result = _scan(tmp_path, config=config)
    assert [n.name for n in result.graph.nodes(NodeKind.MODULE)] == ["shop.a"]  # type: ignore[attr-defined]


def test_broken_files_become_diagnostics_and_the_run_goes_on(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "good.py": "x = 1\n",
            "broken.py": "def f(:\n    pass\n",
            "blob.py": b"\x00\x01\x02binary",
            "latin.py": b"# -*- coding: utf-8 -*-\nname = '\xe9t\xe9'\n",
            "schema.sql": "table users\n",
        },
    )
    config = Config(max_file_size=10_000)
    (tmp_path / "huge.sql").write_text("table x\n" * 2_000)
    result = _scan(tmp_path, config=config)
    found = codes(result)
    assert found["blob.py"] == "read-binary"
    assert found["latin.py"] == "read-undecodable"
    assert found["huge.sql"] == "discovery-too-large"
    assert found["broken.py"] == "module_names-failed"
    broken = next(d for d in result.diagnostics if d.path == "broken.py")  # type: ignore[attr-defined]
    assert broken.line == 1
    assert "table:users" in result.graph  # type: ignore[attr-defined]
    assert "module:good" in result.graph  # type: ignore[attr-defined]


def test_an_analyzer_that_raises_fails_one_file_only(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.sql": "table a\nBOOM\n", "b.sql": "table b\n"})
    result = scan(tmp_path, ScanOptions(analyzers=(Exploding(), TableLines())))
    statuses = {(f.analyzer, f.path): f.status for f in result.facts}
    assert statuses[("exploding", "a.sql")] is FileStatus.FAILED
    assert statuses[("exploding", "b.sql")] is FileStatus.ANALYSED
    assert {"table:a", "table:b"} <= set(n.id for n in result.graph.nodes())
    messages = [d.message for d in result.diagnostics]
    assert any("link step failed" in m for m in messages)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_directory_link_loop_is_reported_not_followed_forever(tmp_path: Path) -> None:
    make_tree(tmp_path, {"pkg/a.py": ""})
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop")
    result = _scan(tmp_path)
    assert "discovery-link-loop" in {d.code for d in result.diagnostics}  # type: ignore[attr-defined]
    assert [n.name for n in result.graph.nodes(NodeKind.MODULE)] == ["pkg.a"]  # type: ignore[attr-defined]


def test_missing_root_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no such file"):
        _scan(tmp_path / "nope")


def test_second_run_reads_the_cache_and_gives_the_same_graph(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "repo", {f"m{i}.py": f"x = {i}\n" for i in range(80)})
    make_tree(root, {"s.sql": "table a\ntable b\nfk a b\n"})
    cache = tmp_path / "cache"
    first = scan(root, ScanOptions(analyzers=FAKES, cache_dir=cache, jobs=2))
    second = scan(root, ScanOptions(analyzers=FAKES, cache_dir=cache, jobs=2))
    assert first.stats["parsed"] == 81 and first.stats["cached"] == 0
    assert second.stats["parsed"] == 0 and second.stats["cached"] == 81
    assert second.stats["whole_run_cached"] == 1
    assert first.graph_json == second.graph_json
    assert render_graph_json(second.graph) == first.graph_json
    assert second.diagnostics == first.diagnostics
    (root / "m1.py").write_text("x = 'changed'\n")
    third = scan(root, ScanOptions(analyzers=FAKES, cache_dir=cache, jobs=2))
    assert third.stats["parsed"] == 1 and third.stats["cached"] == 80
    assert "whole_run_cached" not in third.stats
    assert third.graph_json == first.graph_json  # the fake analyzers ignore the change


def test_what_the_scan_made_is_left_in_the_oldest_generation(tmp_path: Path) -> None:
    """The collector is paused during a scan; what piled up meanwhile is not left young, for the
    next collection to walk, and objects the caller froze stay frozen."""
    root = make_tree(tmp_path, {f"m{i}.py": f"x = {i}\n" for i in range(10)})
    result = _scan(root, jobs=1)
    assert gc.isenabled()
    graph = result.graph  # type: ignore[attr-defined]
    assert any(o is graph for o in gc.get_objects(generation=2))
    kept = [object()]  # a tracked object of the caller's, frozen
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        _scan(root, jobs=1)
        assert gc.get_freeze_count() >= frozen >= 1
    finally:
        gc.unfreeze()
    del kept


def test_an_unusable_cache_directory_is_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    root = make_tree(tmp_path / "repo", {"s.sql": "table a\n"})
    result = scan(root, ScanOptions(analyzers=FAKES, cache_dir=blocker / "cache"))
    assert "table:a" in result.graph


def test_parallel_and_serial_runs_give_identical_graphs(tmp_path: Path) -> None:
    spec = {f"p{i // 10}/m{i}.py": "" for i in range(100)}
    spec.update({f"s{i}.sql": f"table t{i}\nfk t{i} t{(i + 1) % 7}\n" for i in range(7)})
    root = make_tree(tmp_path, spec)
    serial = render_graph_json(_scan(root, jobs=1).graph)  # type: ignore[attr-defined]
    parallel = render_graph_json(_scan(root, jobs=2).graph)  # type: ignore[attr-defined]
    assert serial == parallel
    edges = json.loads(serial)["edges"]
    assert all(edge["evidence"] for edge in edges)


def _scan_in_daemon(root: Path, out: Connection) -> None:
    out.send(_scan(root, jobs=2).graph_json)  # type: ignore[attr-defined]


def test_a_daemonic_process_scans_in_process(tmp_path: Path) -> None:
    """A daemonic process (a multiprocessing.Pool worker, say) may have no children: the scan
    runs without workers there, and gives the same graph."""
    root = make_tree(tmp_path, {f"m{i}.py": "" for i in range(100)})
    receive, send = get_context("fork").Pipe(duplex=False)
    process = get_context("fork").Process(target=_scan_in_daemon, args=(root, send), daemon=True)
    process.start()
    send.close()  # so that a child that dies ends the wait
    in_daemon = receive.recv()
    process.join()
    assert process.exitcode == 0
    assert in_daemon == _scan(root, jobs=1).graph_json  # type: ignore[attr-defined]


def test_a_single_sql_file_can_be_the_root(tmp_path: Path) -> None:
    path = tmp_path / "schema.sql"
    path.write_text("table a\n")
    result = _scan(path)
    evidence = result.graph.node("table:a").evidence  # type: ignore[attr-defined]
    assert [(e.path, e.line) for e in evidence] == [("schema.sql", 1)]


def test_module_names_follow_the_source_layout(tmp_path: Path) -> None:
    make_tree(tmp_path, {"src/shop/__init__.py": "", "src/shop/orders/api.py": "", "tool.py": ""})
    result = scan(tmp_path, ScanOptions(analyzers=(ModuleNames(),)))
    names = [n.name for n in result.graph.nodes(NodeKind.MODULE)]
    assert names == ["shop", "shop.orders.api", "tool"]


def test_git_log_is_bounded_by_count_and_date(tmp_path: Path) -> None:
    import subprocess

    from decompose.pipeline import read_git_log

    make_tree(tmp_path, {"a.py": "x = 1\n"})
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "PATH": os.environ["PATH"],
    }
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    for day, text in (("2020-01-01", "x = 2\n"), ("2024-01-01", "x = 3\n")):
        (tmp_path / "a.py").write_text(text)
        dated = {
            **env,
            "GIT_AUTHOR_DATE": f"{day}T00:00:00",
            "GIT_COMMITTER_DATE": f"{day}T00:00:00",
        }
        subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True, env=dated)
        subprocess.run(["git", "-C", str(tmp_path), "commit", "-qm", day], check=True, env=dated)
    commits = lambda log: sum(line.startswith("commit ") for line in (log or "").splitlines())  # noqa: E731
    assert commits(read_git_log(tmp_path, 10)) == 2
    assert commits(read_git_log(tmp_path, 1)) == 1
    assert commits(read_git_log(tmp_path, 10, "2022-01-01")) == 1
    assert read_git_log(tmp_path / "nowhere", 10) is None


def test_cache_drops_facts_no_run_used_for_a_month(tmp_path: Path) -> None:
    day = 86400.0
    start = 1_800_000_000.0
    blob = pack([FileFacts("fake", "a.py")])

    def at(days: float) -> FactCache:
        return FactCache(tmp_path, now=start + days * day)

    at(0).put_many([("old", blob), ("used", blob)])
    assert set(at(20).get_many(["used"])) == {"used"}  # a run on day 20 uses it
    at(45).put_many([("new", blob)])  # 45 days on: "old" was last used 45 days ago
    assert set(at(45).get_many(["old", "used", "new"])) == {"used", "new"}


def test_per_file_facts_written_beside_the_link_steps_serve_the_next_run(tmp_path: Path) -> None:
    """With two jobs the new per-file facts are written to the cache by the process that links
    beside the parent (with one job, by the parent): either way, after one file changes, the
    next run parses that file alone."""
    from decompose.cli import demo_root

    for jobs in (1, 2):
        root = tmp_path / f"shop{jobs}"
        shutil.copytree(demo_root(), root)
        cache = tmp_path / f"cache{jobs}"
        first = scan(root, ScanOptions(jobs=jobs, cache_dir=cache))
        changed = next(root.rglob("*.py"))
        changed.write_text(changed.read_text() + "\n# changed\n")
        second = scan(root, ScanOptions(jobs=jobs, cache_dir=cache))
        assert first.stats["parsed"] > 10
        assert (second.stats["parsed"], second.stats["cached"]) == (1, first.stats["parsed"] - 1)


def test_link_steps_beside_each_other_give_the_same_graph() -> None:
    """With two jobs, the Python code analyzer links in the parent while the other analyzers
    link in a forked process: on the sample monolith (every real analyzer has facts there) the
    graph is the same bytes as with one job."""
    from decompose.cli import demo_root

    one = scan(demo_root(), ScanOptions(jobs=1))
    two = scan(demo_root(), ScanOptions(jobs=2))
    assert one.graph_json == two.graph_json
    graph = json.loads(two.graph_json)
    kinds = {edge["kind"] for edge in graph["edges"]}
    assert {"calls", "reads", "writes", "foreign_key", "maps_to"} <= kinds
