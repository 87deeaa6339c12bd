"""`decompose callgraph PATH --format pycg` prints PyCG's JSON call graph."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from decompose.cli import app
from tests.conftest import make_tree


def test_callgraph_prints_pycg_json(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "proj",
        {
            "main.py": """
                from helpers import Greeter
                def run():
                    g = Greeter()
                    g.hello()
                    print("done")
                run()
            """,
            "helpers.py": """
                class Greeter:
                    def __init__(self):
                        pass
                    def hello(self):
                        pass
            """,
        },
    )
    result = CliRunner().invoke(
        app, ["callgraph", str(root), "--format", "pycg", "--no-cache", "-q"]
    )
    assert result.exit_code == 0, result.output
    graph = json.loads(result.stdout)
    assert graph["main"] == ["main.run"]
    assert graph["main.run"] == [
        "<builtin>.print",
        "helpers.Greeter.__init__",
        "helpers.Greeter.hello",
    ]
    assert graph["helpers.Greeter.hello"] == []


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "proj", {"main.py": "x = 1\n"})
    result = CliRunner().invoke(app, ["callgraph", str(root), "--format", "dot", "--no-cache"])
    assert result.exit_code == 2


def test_a_cached_run_prints_the_same_graph(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "proj",
        {"main.py": "def f():\n    g()\n    len([])\ndef g():\n    pass\nf()\n"},
    )
    args = ["callgraph", str(root), "--cache-dir", str(tmp_path / "cache"), "-q"]
    first = CliRunner().invoke(app, args)
    second = CliRunner().invoke(app, args)
    assert first.exit_code == second.exit_code == 0
    assert json.loads(first.stdout)["main.f"] == ["<builtin>.len", "main.g"]
    assert second.stdout == first.stdout
