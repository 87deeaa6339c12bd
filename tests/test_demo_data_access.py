"""The bundled demo shop against its hand-written ground truth (tests/demo_truth.py): exactly the
reads, writes, joins, model mappings and transaction kinds, no more, no less."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import decompose
from decompose.model import DependencyGraph, EdgeKind, NodeKind
from decompose.pipeline import ScanOptions, scan
from tests import demo_truth

DEMO = Path(decompose.__file__).parent / "demo" / "shop"
CODE = ("function:", "module:")


@cache
def _graph() -> DependencyGraph:
    return scan(DEMO, ScanOptions(jobs=1)).graph


def _name(node_id: str) -> str:
    return node_id.partition(":")[2]


def _accesses(kind: EdgeKind) -> set[tuple[str, str]]:
    edges = _graph().edges(kind)
    return {(_name(e.source), _name(e.target)) for e in edges if e.source.startswith(CODE)}


def test_reads() -> None:
    assert _accesses(EdgeKind.READS) == demo_truth.READS


def test_writes() -> None:
    assert _accesses(EdgeKind.WRITES) == demo_truth.WRITES


def test_joins_in_raw_sql_and_the_orm() -> None:
    found = {
        ((_name(e.source), _name(e.target)), _name(function), e.attrs["via"])
        for e in _graph().edges(EdgeKind.JOINS)
        for function in e.attrs.get("functions", [])
    }
    pairs = {(pair, function) for pair, function, _ in found}
    assert pairs == demo_truth.JOINS | demo_truth.ORM_JOINS
    orm = {(pair, function) for pair, function, via in found if via == "sqlalchemy"}
    assert orm <= demo_truth.ORM_JOINS


def test_models_map_to_their_tables() -> None:
    graph = _graph()
    maps = {
        (_name(e.source), _name(e.target))
        for e in graph.edges(EdgeKind.MAPS_TO)
        if e.source.startswith("model:")
    }
    assert maps == set(demo_truth.MODELS.items())


def test_transaction_kinds() -> None:
    kinds: dict[str, set[str]] = {}
    for node in _graph().nodes(NodeKind.FUNCTION):
        for _, _, kind in node.attrs.get("transactions", []):
            kinds.setdefault(node.name, set()).add(kind)
    assert kinds == {name: {kind} for name, kind in demo_truth.TRANSACTIONS.items()}


def test_every_access_has_evidence_in_its_own_file() -> None:
    for kind in (EdgeKind.READS, EdgeKind.WRITES):
        for edge in _graph().edges(kind):
            if edge.source.startswith("function:"):
                module = _name(edge.source).split(":")[0]
                assert edge.evidence
                assert all(ev.path == module.replace(".", "/") + ".py" for ev in edge.evidence)


def test_writes_inside_a_transaction_are_marked() -> None:
    marked = {
        _name(e.source) for e in _graph().edges(EdgeKind.WRITES) if e.attrs.get("in_transaction")
    }
    # place_order writes inside `with session.begin()`; mark_paid is called inside its caller's
    # transaction but has none of its own
    assert "shop.orders.service:place_order" in marked
    assert "shop.orders.service:mark_paid" not in marked


def test_graph_json_carries_the_accesses_with_evidence() -> None:
    result = scan(DEMO, ScanOptions(jobs=1))
    records = json.loads(result.graph_json)["edges"]
    edges = [r for r in records if r["kind"] in ("reads", "writes", "joins")]
    assert edges and all(r["evidence"] for r in edges)
    view_reads = {r["target"] for r in edges if r["source"].endswith("service:lifetime_value")}
    assert view_reads == {"view:order_totals"}  # a view named in raw SQL stays a view
