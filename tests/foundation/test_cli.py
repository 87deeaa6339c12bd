"""The command line, through typer's CliRunner, on small real trees."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from decompose.cli import app
from tests.conftest import make_tree

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_tree(
        tmp_path / "repo",
        {
            "schema.sql": """
                CREATE TABLE users (id INT PRIMARY KEY);
                CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id));
            """,
            "shop/orders.py": "def place_order():\n    return 1\n",
            "shop/broken.py": "def f(:\n",
            "shop/blob.py": b"\x00\x00binary",
        },
    )


def test_plan_writes_every_result_and_exits_zero_with_broken_files(
    repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, _, _ = invoke("plan", str(repo), "--out", str(out), "--quiet", "--no-cache")
    assert code == 0
    assert {p.name for p in out.iterdir()} >= {
        "plan.json",
        "plan.md",
        "graph.json",
        "tables.dot",
        "services.dot",
    }
    plan = json.loads((out / "plan.json").read_text())
    paths = {d["path"] for d in plan["diagnostics"]}
    assert {"shop/broken.py", "shop/blob.py"} <= paths


def test_plan_json_validates_against_the_published_schema(repo: Path, tmp_path: Path) -> None:
    code, schema_text, _ = invoke("schema")
    assert code == 0
    out = tmp_path / "out"
    assert invoke("plan", str(repo), "--out", str(out), "-q", "--no-cache")[0] == 0
    jsonschema.validate(json.loads((out / "plan.json").read_text()), json.loads(schema_text))


def test_runs_are_byte_identical(repo: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert invoke("plan", str(repo), "--out", str(first), "-q", "--no-cache", "-j", "1")[0] == 0
    cache = str(tmp_path / "cache")
    assert (
        invoke("plan", str(repo), "--out", str(second), "-q", "--cache-dir", cache, "-j", "2")[0]
        == 0
    )
    for name in ("plan.json", "graph.json", "plan.md", "tables.dot"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_missing_path_is_one_clear_sentence_and_exit_2(tmp_path: Path) -> None:
    code, _, err = invoke("scan", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"))
    assert code == 2
    assert err.strip() == f"error: {tmp_path / 'nowhere'}: no such file or directory"
    assert not (tmp_path / "o").exists()


def test_bad_config_is_exit_2_naming_the_key(repo: Path, tmp_path: Path) -> None:
    (repo / "decompose.toml").write_text('includes = ["src/**"]\n')
    out = tmp_path / "out"
    code, _, err = invoke("plan", str(repo), "--out", str(out))
    assert code == 2
    assert "includes: unknown key" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_bad_toml_and_missing_config_file(repo: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("include = [\n")
    code, _, err = invoke("scan", str(repo), "--config", str(bad), "-o", str(tmp_path / "o"))
    assert code == 2 and "not valid TOML" in err
    code, _, err = invoke("scan", str(repo), "--config", str(tmp_path / "none.toml"))
    assert code == 2 and "no such file" in err


def test_output_path_that_is_a_file_is_refused_and_kept(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("precious")
    code, _, err = invoke("scan", str(repo), "--out", str(target), "-q", "--no-cache")
    assert code == 1
    assert "not a directory" in err
    assert target.read_text() == "precious"


def test_scan_writes_graph_json_with_evidence(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("scan", str(repo), "--out", str(out), "-q", "--no-cache")[0] == 0
    graph = json.loads((out / "graph.json").read_text())
    for edge in graph["edges"]:
        assert edge.get("derived") or edge["evidence"], edge


def test_help_explains_every_command() -> None:
    code, text, _ = invoke("--help")
    assert code == 0
    for command in ("scan", "plan", "demo", "schema", "callgraph"):
        assert command in text


def test_help_shows_the_config_table_name_whole() -> None:
    """Square brackets are markup to rich: the table name must be escaped to be shown."""
    code, text, _ = invoke("scan", "--help")
    assert code == 0
    assert "[tool.decompose]" in " ".join(text.replace("│", " ").split())
