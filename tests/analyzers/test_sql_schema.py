"""The SQL schema analyzer on golden input/expected pairs, one per statement form and dialect."""

from __future__ import annotations

import pytest

from analyzers.base import LinkContext
from analyzers.sql_schema import ANALYZER
from decompose.model import FileStatus, SourceFile
from tests.analyzers.sql_golden import FORMS, Case, analyse, describe, load_cases

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=str)
def test_golden_form(case: Case) -> None:
    own, linked = analyse(case.text)
    assert describe(own, linked) == set(case.expected)


def test_every_dialect_has_a_golden_case() -> None:
    dialects = {line for case in CASES for line in case.expected if line.startswith("dialect ")}
    assert dialects == {f"dialect {d}" for d in ("postgres", "mysql", "tsql", "oracle", "sqlite")}


def test_every_edge_and_node_has_evidence_in_the_file() -> None:
    for case in CASES:
        _own, linked = analyse(case.text)
        lines = case.text.split("\n")
        for edge in linked.edges:
            assert edge.evidence is not None and not edge.derived
            assert edge.evidence.snippet == " ".join(lines[edge.evidence.line - 1].split())[:160]
        assert all(node.evidence for node in linked.nodes)


def test_configured_dialect_wins_over_detection() -> None:
    own, linked = analyse("CREATE TABLE a (id int);", dialect="mysql")
    assert own.data.dialect == "mysql"
    assert [n.attrs["dialect"] for n in linked.nodes] == ["mysql"]


def test_file_without_schema_statements_is_skipped() -> None:
    facts = ANALYZER.analyze(
        SourceFile("seed.sql", "INSERT INTO a VALUES (1);\nCREATE INDEX i ON a (x);\n")
    )
    assert facts.status is FileStatus.SKIPPED


def test_accepts_sql_and_ddl_files_only() -> None:
    assert ANALYZER.accepts("db/structure.sql") and ANALYZER.accepts("Table.derby.DDL")
    assert not ANALYZER.accepts("db/schema.py")


def test_alter_table_in_another_file_is_linked_by_name() -> None:
    first = ANALYZER.analyze(SourceFile("a.sql", "CREATE TABLE Orders (id int, user_id int);\n"))
    second = ANALYZER.analyze(
        SourceFile(
            "b.sql",
            "CREATE TABLE users (id int);\n"
            "ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);\n",
        )
    )
    linked = ANALYZER.link([first, second], LinkContext())
    [edge] = linked.edges
    assert (edge.source, edge.target) == ("table:Orders", "table:users")
    assert edge.evidence is not None and (edge.evidence.path, edge.evidence.line) == ("b.sql", 2)


def test_results_are_picklable_and_deterministic() -> None:
    import pickle

    text = "\n".join(case.text for case in CASES if case.path == "postgres.sql")
    first, second = analyse(text), analyse(text)
    assert pickle.loads(pickle.dumps(first[0])) == first[0]
    assert [n.id for n in first[1].nodes] == [n.id for n in second[1].nodes]
    assert [(e.source, e.target, e.evidence) for e in first[1].edges] == [
        (e.source, e.target, e.evidence) for e in second[1].edges
    ]


UNPARSABLE = load_cases(FORMS.parent / "unparsable")


@pytest.mark.parametrize("case", UNPARSABLE, ids=str)
def test_unparsable_statements_are_diagnostics_with_lines(case: Case) -> None:
    own, linked = analyse(case.text, path="broken.sql")
    assert describe(own, linked) == set(case.expected)
    assert all(d.path == "broken.sql" and d.code == "sql-unparsable" for d in own.diagnostics)


def test_unparsable_cases_cover_five_dialects_with_several_each() -> None:
    counts = {
        next(line for line in case.expected if line.startswith("dialect ")): sum(
            line.startswith("diagnostic ") for line in case.expected
        )
        for case in UNPARSABLE
    }
    assert len(counts) == 5 and min(counts.values()) >= 3


def test_link_publishes_the_view_names() -> None:
    own = ANALYZER.analyze(
        SourceFile("v.sql", "CREATE TABLE t (id int);\nCREATE VIEW v AS SELECT id FROM t;\n")
    )
    context = LinkContext()
    ANALYZER.link([own], context)
    assert context.products["sql.views"] == {"v"}
