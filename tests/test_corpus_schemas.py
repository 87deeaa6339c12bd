"""The SQL schema analyzer on the shared corpus: real schemas with known tables and keys.

Each count is checked against the corpus's own documentation (its CSV of tables), not against a
number copied from a run. GitLab's figures, from `structure.sql` itself:
- 1,401 `CREATE TABLE`, of which 432 are attached with `ATTACH PARTITION`: 969 tables;
- 1,679 foreign-key constraints. 10 of them reference a partition (of `ci_runners`), so 1,669
  reference a table directly; once partitions fold into their parents they join 1,600 distinct
  table pairs (1,594 without the 6 pairs that exist only through those 10 keys).
"""

from __future__ import annotations

import csv
import re
from functools import cache

import pytest

from analyzers.sql_facts import SchemaFacts
from decompose.model import DependencyGraph, EdgeKind, NodeKind
from decompose.pipeline import ScanOptions, ScanResult, scan
from tests.conftest import require_shared

pytestmark = pytest.mark.corpus


@cache
def _scan(relative: str) -> ScanResult:
    return scan(require_shared() / relative, ScanOptions(jobs=1, keep_facts=True))


def _csv(relative: str) -> list[dict[str, str]]:
    with (require_shared() / relative).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _tables(graph: DependencyGraph) -> set[str]:
    """Real tables only: a node made up for an edge end has no evidence."""
    return {n.name for n in graph.nodes(NodeKind.TABLE) if n.evidence}


def _constraints(graph: DependencyGraph) -> int:
    return sum(len(edge.evidence) for edge in graph.foreign_keys())


def _keys(graph: DependencyGraph, source: str, target: str) -> list[list[list[str]]]:
    [edge] = [
        e
        for e in graph.out_edges(f"table:{source}", EdgeKind.FOREIGN_KEY)
        if e.target == f"table:{target}"
    ]
    return sorted(edge.attrs["keys"])


# -- GitLab ------------------------------------------------------------------------------------


GITLAB = "gitlab/structure.sql"


def _gitlab_text() -> str:
    return (require_shared() / GITLAB).read_text(encoding="utf-8")


def test_gitlab_tables_are_the_mapped_tables_less_attached_partitions() -> None:
    graph = _scan(GITLAB).graph
    text = _gitlab_text()
    attached = {m.group(1) for m in re.finditer(r"ATTACH PARTITION (\S+) ", text)}
    mapped = {row["table"] for row in _csv("gitlab/table_mapping.csv") if row["kind"] == "table"}
    assert len(re.findall(r"^CREATE TABLE ", text, re.M)) == 1401 and len(attached) == 432
    assert _tables(graph) == mapped - attached
    assert len(_tables(graph)) == 969
    assert len(graph.tables()) == 969  # no table made up from an edge end


def test_gitlab_partitions_fold_into_their_parents() -> None:
    graph = _scan(GITLAB).graph
    parts = [p for n in graph.nodes(NodeKind.TABLE) for p in n.attrs.get("partitions", [])]
    assert len(parts) == 432
    assert graph.resolve(
        "table:gitlab_partitions_static.analytics_cycle_analytics_issue_stage_events_00"
    ) == ("table:analytics_cycle_analytics_issue_stage_events")
    assert graph.resolve("table:project_uploads") == "table:uploads_9ba88c4165"


def test_gitlab_foreign_keys() -> None:
    graph = _scan(GITLAB).graph
    text = _gitlab_text()
    declared = len(re.findall(r"FOREIGN KEY \(", text))
    assert declared == _constraints(graph) == 1679
    assert len(graph.foreign_keys()) == 1600


def test_gitlab_keys_to_partitions_are_the_difference_with_the_issue_figures() -> None:
    """1,669 and 1,594 count only keys whose referenced table is not a partition."""
    result = _scan(GITLAB)
    partitions = {
        p for n in result.graph.nodes(NodeKind.TABLE) for p in n.attrs.get("partitions", [])
    }
    [schema] = [f.data for f in result.facts if isinstance(f.data, SchemaFacts)]
    to_partitions = [fk for fk in schema.foreign_keys if fk.references.name in partitions]
    assert len(schema.foreign_keys) - len(to_partitions) == 1669
    graph = result.graph
    direct = {
        (graph.resolve(f"table:{fk.table.name}"), graph.resolve(f"table:{fk.references.name}"))
        for fk in schema.foreign_keys
        if fk not in to_partitions
    }
    assert len(direct) == 1594
    assert len(graph.foreign_keys()) == 1600


def test_gitlab_sample_edges() -> None:
    graph = _scan(GITLAB).graph
    assert _keys(graph, "ai_conversation_threads", "organizations") == [
        [["organization_id"], ["id"]]
    ]
    assert _keys(graph, "deployments", "environments") == [[["environment_id"], ["id"]]]
    # declared three times: on each partition of ci_runner_machines, to one of ci_runners
    assert _keys(graph, "ci_runner_machines", "ci_runners") == [
        [["runner_id", "runner_type"], ["id", "runner_type"]]
    ]
    [edge] = [
        e
        for e in graph.out_edges("table:ci_runner_machines", EdgeKind.FOREIGN_KEY)
        if e.target == "table:ci_runners"
    ]
    assert len(edge.evidence) == 3
    [evidence] = graph.out_edges("table:ai_conversation_threads", EdgeKind.FOREIGN_KEY)[0].evidence
    assert evidence.line == 53813 and "fk_00234c7444" in evidence.snippet
    assert graph.node("table:ci_runners").attrs["primary_key"] == ["id", "runner_type"]


def test_gitlab_views_and_unparsable_statements() -> None:
    result = _scan(GITLAB)
    views = result.graph.node_ids(NodeKind.VIEW)
    unparsable = [d for d in result.diagnostics if d.code == "sql-unparsable"]
    assert len(views) + len(unparsable) == 14  # each CREATE VIEW is read or reported
    lines = _gitlab_text().split("\n")
    for diagnostic in unparsable:  # it points into a CREATE VIEW: the line sqlglot stopped at
        assert diagnostic.line is not None
        above = [line for line in lines[: diagnostic.line] if line.startswith("CREATE ")]
        assert above[-1].startswith("CREATE VIEW")
    reads = {e.target for e in result.graph.out_edges("view:project_routes_view", EdgeKind.READS)}
    assert reads == {"table:projects", "table:routes"}


# -- AdventureWorks ----------------------------------------------------------------------------


def test_adventureworks_tables_in_five_schemas() -> None:
    graph = _scan("schemas/adventureworks/install.sql").graph
    expected = {
        f"{row['schema']}.{row['table']}" for row in _csv("schemas/adventureworks/table_schema.csv")
    }
    assert _tables(graph) == expected and len(expected) == 68
    assert {n.attrs["schema"] for n in graph.nodes(NodeKind.TABLE)} == {
        "Person",
        "HumanResources",
        "Production",
        "Purchasing",
        "Sales",
    }
    assert len(graph.tables()) == 68


def test_adventureworks_foreign_keys() -> None:
    graph = _scan("schemas/adventureworks/install.sql").graph
    text = (require_shared() / "schemas/adventureworks/install.sql").read_text(encoding="utf-8")
    assert _constraints(graph) == len(re.findall(r"\bFOREIGN KEY\s*\n?\s*\(", text)) == 90
    assert _keys(graph, "Person.Address", "Person.StateProvince") == [
        [["StateProvinceID"], ["StateProvinceID"]]
    ]
    assert _keys(graph, "Production.BillOfMaterials", "Production.Product") == [
        [["ComponentID"], ["ProductID"]],
        [["ProductAssemblyID"], ["ProductID"]],
    ]
    # the convenience views name tables in lower case: they resolve to the declared spelling
    reads = {e.target for e in graph.out_edges("view:pe.a", EdgeKind.READS)}
    assert reads == {"table:Person.Address"}


# -- small benchmarks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "services"),
    [
        (
            "benchmarks/jpetstore6/jpetstore-hsqldb-schema.sql",
            "benchmarks/jpetstore6/table_services.csv",
        ),
        ("benchmarks/daytrader7/Table.derby.ddl", "benchmarks/daytrader7/table_services.csv"),
        (
            "benchmarks/petclinic-microservices/monolith-spring-petclinic.mysql.sql",
            "benchmarks/petclinic-microservices/table_services.csv",
        ),
    ],
)
def test_benchmark_tables_are_the_documented_ones(relative: str, services: str) -> None:
    graph = _scan(relative).graph
    documented = {row["table"].lower() for row in _csv(services)}
    assert {t.lower() for t in _tables(graph)} == documented
    assert len(graph.tables()) == len(documented)
    assert not _scan(relative).diagnostics


def test_benchmark_foreign_keys() -> None:
    jpetstore = _scan("benchmarks/jpetstore6/jpetstore-hsqldb-schema.sql").graph
    assert {(e.source, e.target) for e in jpetstore.foreign_keys()} == {
        ("table:product", "table:category"),
        ("table:item", "table:product"),
        ("table:item", "table:supplier"),
    }
    petclinic = _scan(
        "benchmarks/petclinic-microservices/monolith-spring-petclinic.mysql.sql"
    ).graph
    assert {(e.source, e.target) for e in petclinic.foreign_keys()} == {
        ("table:vet_specialties", "table:vets"),
        ("table:vet_specialties", "table:specialties"),
        ("table:pets", "table:owners"),
        ("table:pets", "table:types"),
        ("table:visits", "table:pets"),
    }
    assert petclinic.node("table:pets").attrs["dialect"] == "mysql"
    daytrader = _scan("benchmarks/daytrader7/Table.derby.ddl").graph
    assert daytrader.foreign_keys() == []  # the Derby DDL declares primary keys only
    assert daytrader.node("table:HOLDINGEJB").attrs["primary_key"] == ["HOLDINGID"]


# -- Pagila, Chinook, Northwind ----------------------------------------------------------------


def test_pagila_tables_partitions_and_views() -> None:
    result = _scan("schemas/pagila/pagila-schema.sql")
    graph = result.graph
    sakila = {row["table"] for row in _csv("schemas/pagila/decomposition_sakila_microservices.csv")}
    # Pagila has no film_text (a Sakila table) and adds film_embedding
    assert _tables(graph) == (sakila - {"film_text"}) | {"film_embedding"}
    assert len(graph.node("table:payment").attrs["partitions"]) == 55
    assert _constraints(graph) == 37
    assert _keys(graph, "rental", "inventory") == [[["inventory_id"], ["inventory_id"]]]
    assert len(graph.node_ids(NodeKind.VIEW)) == 8
    # film's generated column is beyond sqlglot: it is reported, the table and its keys stay
    assert [d.line for d in result.diagnostics] == [453]
    assert "language_id" in graph.node("table:film").attrs["columns"]


def test_chinook_and_northwind() -> None:
    chinook = _scan("schemas/chinook/Chinook_PostgreSql.sql").graph
    assert _tables(chinook) == {
        "album",
        "artist",
        "customer",
        "employee",
        "genre",
        "invoice",
        "invoice_line",
        "media_type",
        "playlist",
        "playlist_track",
        "track",
    }
    assert _constraints(chinook) == 11
    assert _keys(chinook, "employee", "employee") == [[["reports_to"], ["employee_id"]]]
    northwind = _scan("schemas/northwind/northwind.sql").graph
    assert len(_tables(northwind)) == 14 == len(northwind.tables())
    assert _constraints(northwind) == 13
    assert _keys(northwind, "order_details", "orders") == [[["order_id"], ["order_id"]]]
