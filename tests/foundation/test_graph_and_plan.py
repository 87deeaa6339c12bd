"""The graph model and the plan: merging, folding, serialising, planning invariants."""

from __future__ import annotations

import json
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from decompose.config import Config, ServicePin
from decompose.model import DependencyGraph, Edge, EdgeKind, Evidence, FileFacts, Node, NodeKind
from decompose.model.facts import Alias
from decompose.model.plan import Plan
from decompose.pipeline import build_graph
from decompose.planning import make_plan
from reports.json_files import render_graph_json

E1 = Evidence("s.sql", 1, "a")
E2 = Evidence("s.sql", 2, "b")


def table(name: str) -> Node:
    return Node.make(NodeKind.TABLE, name, Evidence("s.sql", 1, name))


def fk(a: str, b: str, evidence: Evidence = E1, keys: list[object] | None = None) -> Edge:
    return Edge(
        f"table:{a}",
        f"table:{b}",
        EdgeKind.FOREIGN_KEY,
        evidence,
        {"keys": keys or [[["x"], ["id"]]]},
    )


def test_same_edge_twice_merges_evidence_and_key_lists() -> None:
    g = DependencyGraph()
    g.add_edge(edge=fk("a", "b", E2, [[["y"], ["id"]]]))
    g.add_edge(edge=fk("a", "b", E1))
    (edge,) = g.edges()
    assert edge.evidence == (E1, E2)
    assert edge.attrs["keys"] == [[["x"], ["id"]], [["y"], ["id"]]]


def test_alias_folds_a_partition_into_its_parent_either_order() -> None:
    for alias_first in (True, False):
        g = DependencyGraph()
        alias = Alias("table:p1", "table:parent", E2)
        if alias_first:
            g.add_alias(alias=alias)
        for name in ("parent", "p1", "users"):
            g.add_node(node=table(name))
        g.add_edge(edge=fk("p1", "users"))
        g.add_edge(edge=fk("p1", "parent"))
        if not alias_first:
            g.add_alias(alias=alias)
        assert g.tables() == ["parent", "users"]
        assert [(e.source, e.target) for e in g.foreign_keys()] == [("table:parent", "table:users")]


def test_edge_to_an_unknown_node_keeps_a_placeholder() -> None:
    g = DependencyGraph()
    g.add_edge(edge=fk("a", "b"))
    assert g.tables() == ["a", "b"]


def test_graph_json_is_sorted_and_complete() -> None:
    facts = FileFacts("x", "s.sql", nodes=(table("b"), table("a")), edges=(fk("b", "a"),))
    data = build_graph([facts]).to_json()
    assert [n["id"] for n in data["nodes"]] == ["table:a", "table:b"]
    assert data["edges"][0]["evidence"] == [{"path": "s.sql", "line": 1, "snippet": "a"}]


def test_graph_json_rows_are_what_json_dumps_writes() -> None:
    """graph.json's rows come from a C encoder made once: each line must be exactly what
    `json.dumps(row, ensure_ascii=False)` writes, whatever the values (quotes, escapes, any
    character, numbers, booleans, None, nested lists)."""
    snippet = 'say "hi"\\ \t € 🙂 \u2028'
    attrs = {"n": 3, "x": 0.5, "ok": True, "none": None, "keys": [["a", "b"], ["ü"]]}
    node = Node.make(NodeKind.TABLE, 't"1', Evidence("p/ä.sql", 7, snippet), **attrs)
    edge = Edge('table:t"1', "table:u", EdgeKind.FOREIGN_KEY, Evidence("p", 2, snippet), attrs)
    graph = build_graph([FileFacts("x", "p", nodes=(node, table("u")), edges=(edge,))])
    lines = render_graph_json(graph).decode().split("\n")
    rows = [*graph.node_rows(), *graph.edge_rows()]
    written = [line.rstrip(",") for line in lines if line.startswith('{"')]
    assert written == [json.dumps(row, ensure_ascii=False) for row in rows]
    assert json.loads(render_graph_json(graph)) == graph.to_json()


names = st.text(alphabet="abcdefgh", min_size=1, max_size=3)


@st.composite
def schemas(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]]]:
    tables = sorted(set(draw(st.lists(names, min_size=1, max_size=12))))
    pairs = draw(st.lists(st.tuples(st.sampled_from(tables), st.sampled_from(tables)), max_size=20))
    return tables, pairs


@settings(max_examples=60, deadline=None)
@given(schemas(), st.lists(names, max_size=3))
def test_every_table_is_in_exactly_one_service_and_the_plan_round_trips(
    schema: tuple[list[str], list[tuple[str, str]]], pinned: list[str]
) -> None:
    tables, pairs = schema
    facts = FileFacts(
        "x",
        "s.sql",
        nodes=tuple(table(t) for t in tables),
        edges=tuple(fk(a, b) for a, b in pairs if a != b),
    )
    graph = build_graph([facts])
    config = Config(services={"pinned": ServicePin(tables=pinned)}) if pinned else Config()
    plan = make_plan(graph, config, [])
    owned = [t for s in plan.services for t in s.tables]
    assert sorted(owned) == tables
    assert Plan.model_validate_json(plan.model_dump_json()) == plan
    assert json.loads(plan.model_dump_json())["schema_version"] == plan.schema_version
    for cut in plan.federation.cut_foreign_keys:
        assert cut.from_service != cut.to_service
    cut_pairs = {(c.table, c.references_table) for c in plan.federation.cut_foreign_keys}
    service_of = {t: s.name for s in plan.services for t in s.tables}
    expected = {(a, b) for a, b in pairs if a != b and service_of[a] != service_of[b]}
    assert cut_pairs == expected


def test_facts_survive_the_trip_through_pickle_whole_and_equal() -> None:
    evidence = Evidence.at("shop/orders.py", 12, "session.add(order)")
    facts = FileFacts(
        "python_code",
        "shop/orders.py",
        nodes=(Node.make(NodeKind.FUNCTION, "shop.orders:place", evidence, end_line=30),),
        edges=(Edge("function:a:f", "table:orders", EdgeKind.WRITES, evidence, {"via": "orm"}),),
        aliases=(Alias("table:orders_2024", "table:orders", evidence),),
        data={"anything": ("picklable", 1)},
    )
    again = pickle.loads(pickle.dumps([facts], protocol=pickle.HIGHEST_PROTOCOL))[0]
    assert again == facts
    assert again.nodes[0].attrs == {"end_line": 30}
    assert again.edges[0].attrs == {"via": "orm"}  # not compared by ==, so checked apart
