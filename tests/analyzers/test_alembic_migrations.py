"""Alembic migrations replayed in revision order: a golden chain with a branch and a merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.alembic_migrations import ANALYZER
from analyzers.base import LinkContext
from decompose.model import EdgeKind, FileFacts, FileStatus, NodeKind, SourceFile
from tests.conftest import require_package

VERSIONS = Path(__file__).resolve().parents[1] / "fixtures" / "sql" / "alembic" / "versions"

# File names sort a, b, c, m, z; revisions run r1 (a), r2 (z), r3 (m) and r3b (b), then r4 (c),
# which merges both heads. Replayed in file order, c's drop_constraint would come before the key
# it drops exists.
EXPECTED = {
    "table users columns=id,org_id pk=id",
    "table orgs columns=id,parent_id pk=id",
    "table items columns=id,user_id pk=id",
    "table orders columns=id,user_id,item_id pk=id",
    "table sales.invoices columns=id pk=",
    "table computed columns=id pk=",  # named by a module constant
    "table tmp_a columns=id pk=",  # created in a loop over literals; tmp_b dropped after
    "fk users(org_id) -> orgs(id) at versions/z_second.py:9",
    "fk items(user_id) -> users(id) at versions/a_base.py:20",
    "fk orders(item_id) -> items(id) at versions/m_third.py:13",
    "fk orders(user_id) -> users(id) at versions/c_merge.py:11",
    "fk orgs(parent_id) -> orgs(id) at versions/b_branch.py:11",
}


def _run(files: dict[str, str]) -> tuple[list[FileFacts], FileFacts]:
    own = [ANALYZER.analyze(SourceFile(path, text)) for path, text in sorted(files.items())]
    return own, ANALYZER.link(own, LinkContext())


def _fixture() -> dict[str, str]:
    return {f"versions/{p.name}": p.read_text(encoding="utf-8") for p in VERSIONS.glob("*.py")}


def _describe(linked: FileFacts) -> set[str]:
    lines = set()
    for node in linked.nodes:
        assert node.kind is NodeKind.TABLE
        columns, key = ",".join(node.attrs["columns"]), ",".join(node.attrs["primary_key"])
        lines.add(f"table {node.name} columns={columns} pk={key}")
    for edge in linked.edges:
        assert edge.kind is EdgeKind.FOREIGN_KEY and edge.evidence is not None
        [(cols, refs)] = edge.attrs["keys"]
        source, target = edge.source.removeprefix("table:"), edge.target.removeprefix("table:")
        where = f"{edge.evidence.path}:{edge.evidence.line}"
        lines.add(f"fk {source}({','.join(cols)}) -> {target}({','.join(refs)}) at {where}")
    return lines


def test_chain_replays_to_the_final_schema() -> None:
    _own, linked = _run(_fixture())
    assert _describe(linked) == EXPECTED
    assert not linked.diagnostics


def test_non_literal_table_name_is_a_diagnostic_with_its_line() -> None:
    own, _linked = _run(_fixture())
    diagnostics = [(d.path, d.line) for facts in own for d in facts.diagnostics]
    assert diagnostics == [("versions/c_merge.py", 20)]


def test_order_does_not_depend_on_the_order_files_come_in() -> None:
    own, _ = _run(_fixture())
    linked = ANALYZER.link(list(reversed(own)), LinkContext())
    assert _describe(linked) == EXPECTED


def test_missing_parent_revision_is_reported_and_the_rest_replayed() -> None:
    text = 'from alembic import op\nrevision = "x2"\ndown_revision = "x1"\n'
    text += 'def upgrade():\n    op.create_table("t")\n'
    _own, linked = _run({"versions/x2.py": text})
    assert [n.id for n in linked.nodes] == ["table:t"]
    assert [d.message for d in linked.diagnostics] == [
        "x2 depends on x1, which is not among the migrations"
    ]


def test_accepts_versions_folders_and_skips_files_without_a_revision() -> None:
    assert ANALYZER.accepts("migrations/versions/0001_init.py")
    assert ANALYZER.accepts("versions/a.py")
    assert not ANALYZER.accepts("app/models.py")
    facts = ANALYZER.analyze(SourceFile("versions/helpers.py", "def upgrade():\n    pass\n"))
    assert facts.status is FileStatus.SKIPPED


@pytest.mark.corpus
def test_superset_migrations_replay_to_its_current_tables() -> None:
    """Superset creates its tables through a `create_table` helper and dropped its Druid tables
    in a loop over a literal list (2023-07-07 migration): both must be followed."""
    root = require_package("apache-superset") / "superset" / "migrations"
    files = {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in (root / "versions").glob("*.py")
    }
    _own, linked = _run(files)
    tables = {node.name for node in linked.nodes}
    assert {"dashboards", "slices", "dbs", "tables", "table_columns", "tasks"} <= tables
    assert not {"clusters", "datasources", "druiddatasource_user", "alerts"} & tables
    pairs = {(e.source, e.target) for e in linked.edges}
    assert ("table:dashboard_slices", "table:dashboards") in pairs
    assert not linked.diagnostics  # one chain: every down_revision is found
