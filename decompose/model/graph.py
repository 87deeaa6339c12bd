"""The dependency graph: tables, models, modules, classes, functions and entry points, with evidence
on every edge.

Facts are merged into plain dictionaries (a million edges load in about a second); networkx graphs
for the algorithms are made on demand by `undirected_view` and `to_networkx`. Callers use the
domain-named methods, never the storage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from decompose.model.evidence import Evidence
from decompose.model.facts import Alias, Edge, EdgeKind, Node, NodeKind

GRAPH_SCHEMA_VERSION = "1"
_FOLDED_AWAY = frozenset({EdgeKind.FOREIGN_KEY, EdgeKind.JOINS})

EdgeKey = tuple[str, str, EdgeKind]
_NODE_FIELDS = frozenset({"id", "kind", "name", "evidence"})
_EDGE_FIELDS = frozenset({"source", "target", "kind", "evidence", "derived"})


@dataclass(frozen=True, slots=True)
class EdgeView:
    """An edge as stored: its evidence merged from every fact that asserted it."""

    source: str
    target: str
    kind: EdgeKind
    evidence: tuple[Evidence, ...]
    attrs: dict[str, Any]
    derived: bool


@dataclass(slots=True)
class _NodeData:
    kind: NodeKind
    name: str
    evidence: set[Evidence]
    attrs: dict[str, Any]


@dataclass(slots=True)
class _EdgeData:
    evidence: set[Evidence]
    attrs: dict[str, Any]
    derived: bool


class DependencyGraph:
    """One graph for the whole analysed repository.

    >>> g = DependencyGraph()
    >>> g.add_node(node=Node.make(NodeKind.TABLE, "orders"))
    >>> g.add_node(node=Node.make(NodeKind.TABLE, "users"))
    >>> g.add_edge(edge=Edge("table:orders", "table:users", EdgeKind.FOREIGN_KEY,
    ...                      Evidence("s.sql", 3, "user_id int references users")))
    >>> [e.target for e in g.edges(EdgeKind.FOREIGN_KEY)]
    ['table:users']
    """

    def __init__(self) -> None:
        self._nodes: dict[str, _NodeData] = {}
        self._edges: dict[EdgeKey, _EdgeData] = {}
        self._out: dict[str, set[EdgeKey]] = defaultdict(set)
        self._in: dict[str, set[EdgeKey]] = defaultdict(set)
        self._aliases: dict[str, str] = {}

    # -- building ---------------------------------------------------------------------------

    def add_node(self, *, node: Node) -> None:
        """Add a node, or merge its evidence and attributes into the one with the same id."""
        node_id = self._aliases.get(node.id, node.id)
        data = self._nodes.get(node_id)
        if data is None:
            self._nodes[node_id] = _NodeData(
                node.kind, node.name, set(node.evidence), dict(node.attrs)
            )
            return
        data.evidence.update(node.evidence)
        _merge_attrs(data.attrs, node.attrs)

    def add_edge(self, *, edge: Edge) -> None:
        """Add an edge, or merge its evidence into the one with the same ends and kind.

        An end that is not yet a node is added as a placeholder named after its id, so that an
        edge is never lost; the real node fills it in when it arrives."""
        source = self._aliases.get(edge.source, edge.source)
        target = self._aliases.get(edge.target, edge.target)
        if source == target and edge.source != edge.target and edge.kind in _FOLDED_AWAY:
            return  # a partition's key to its own parent is not a dependency
        key = (source, target, edge.kind)
        data = self._edges.get(key)
        if data is None:
            for end in (source, target):
                if end not in self._nodes:
                    self._add_placeholder(end)
            data = self._edges[key] = _EdgeData(set(), dict(edge.attrs), edge.derived)
            self._out[source].add(key)
            self._in[target].add(key)
        else:
            _merge_attrs(data.attrs, edge.attrs)
            data.derived = data.derived and edge.derived
        if edge.evidence is not None:
            data.evidence.add(edge.evidence)

    def _add_placeholder(self, node_id: str) -> None:
        kind_text, _, name = node_id.partition(":")
        self._nodes[node_id] = _NodeData(NodeKind(kind_text), name, set(), {})

    def add_alias(self, *, alias: Alias) -> None:
        """Fold `alias.source` into `alias.target`: edges and evidence move to the target."""
        target = self._aliases.get(alias.target, alias.target)
        if alias.source == target:
            return
        self._aliases[alias.source] = target
        for source, mapped in list(self._aliases.items()):
            if mapped == alias.source:
                self._aliases[source] = target
        folded = self._nodes.pop(alias.source, None)
        if folded is None:
            return
        if target not in self._nodes:
            self._add_placeholder(target)
        self._nodes[target].evidence.update(folded.evidence)
        _merge_attrs(self._nodes[target].attrs, {"folded": [folded.name]})
        for key in sorted(self._in.pop(alias.source, set()) | self._out.pop(alias.source, set())):
            self._move(key, alias.source, target)

    def _move(self, key: EdgeKey, old: str, new: str) -> None:
        data = self._edges.pop(key, None)
        if data is None:
            return
        source, target, kind = key
        self._out[source].discard(key)
        self._in[target].discard(key)
        source = new if source == old else source
        target = new if target == old else target
        if source == target and kind in _FOLDED_AWAY:
            return
        evidences: list[Evidence | None] = [*sorted(data.evidence)] or [None]
        for evidence in evidences:
            self.add_edge(edge=Edge(source, target, kind, evidence, data.attrs, data.derived))

    def resolve(self, node_id: str) -> str:
        """The id a node is now known by, after aliases."""
        return self._aliases.get(node_id, node_id)

    # -- queries ----------------------------------------------------------------------------

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    @property
    def edge_count(self) -> int:
        return len(self._edges)

    def node(self, node_id: str) -> Node:
        data = self._nodes[node_id]
        return Node(node_id, data.kind, data.name, tuple(sorted(data.evidence)), data.attrs)

    def nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        """Nodes in id order, optionally of one kind."""
        for node_id in sorted(self._nodes):
            if kind is None or self._nodes[node_id].kind is kind:
                yield self.node(node_id)

    def node_ids(self, kind: NodeKind) -> list[str]:
        return sorted(n for n, d in self._nodes.items() if d.kind is kind)

    def edges(self, kind: EdgeKind | None = None) -> Iterator[EdgeView]:
        """Edges in (source, target, kind) order, optionally of one kind."""
        keys = [k for k in self._edges if kind is None or k[2] is kind]
        keys.sort(key=_edge_order)
        for key in keys:
            yield self._view(key)

    def out_edges(self, node_id: str, kind: EdgeKind | None = None) -> list[EdgeView]:
        keys = sorted(
            (k for k in self._out.get(node_id, ()) if kind is None or k[2] is kind), key=_edge_order
        )
        return [self._view(k) for k in keys]

    def in_edges(self, node_id: str, kind: EdgeKind | None = None) -> list[EdgeView]:
        keys = sorted(
            (k for k in self._in.get(node_id, ()) if kind is None or k[2] is kind), key=_edge_order
        )
        return [self._view(k) for k in keys]

    def _view(self, key: EdgeKey) -> EdgeView:
        data = self._edges[key]
        return EdgeView(
            key[0], key[1], key[2], tuple(sorted(data.evidence)), data.attrs, data.derived
        )

    def tables(self) -> list[str]:
        """Table names, as in the plan's `tables[]`."""
        return [self._nodes[n].name for n in self.node_ids(NodeKind.TABLE)]

    def foreign_keys(self) -> list[EdgeView]:
        return list(self.edges(EdgeKind.FOREIGN_KEY))

    def counts(self) -> dict[str, int]:
        """How many nodes and edges of each kind, for summaries."""
        counts: dict[str, int] = defaultdict(int)
        for data in self._nodes.values():
            counts[f"nodes.{data.kind.value}"] += 1
        for _s, _t, kind in self._edges:
            counts[f"edges.{kind.value}"] += 1
        return dict(sorted(counts.items()))

    def undirected_view(self, kinds: Iterable[EdgeKind], node_kind: NodeKind) -> Any:
        """A networkx Graph over the nodes of one kind, linked by edges of the given kinds and
        weighted by their evidence."""
        wanted = set(kinds)
        graph = nx.Graph()
        graph.add_nodes_from(self.node_ids(node_kind))
        for (s, t, kind), data in sorted(
            self._edges.items(), key=lambda item: _edge_order(item[0])
        ):
            if kind in wanted and s in graph and t in graph and s != t:
                weight = graph.get_edge_data(s, t, {}).get("weight", 0) + max(1, len(data.evidence))
                graph.add_edge(s, t, weight=weight)
        return graph

    # -- serialisation ----------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DependencyGraph:
        """The graph that `to_json` wrote."""
        graph = cls()
        for row in data["nodes"]:
            attrs = {k: v for k, v in row.items() if k not in _NODE_FIELDS}
            kind = NodeKind(row["kind"])
            graph._nodes[row["id"]] = _NodeData(
                kind, row["name"], _evidence(row["evidence"]), attrs
            )
        for row in data["edges"]:
            attrs = {k: v for k, v in row.items() if k not in _EDGE_FIELDS}
            key = (row["source"], row["target"], EdgeKind(row["kind"]))
            graph._edges[key] = _EdgeData(
                _evidence(row["evidence"]), attrs, row.get("derived", False)
            )
            graph._out[key[0]].add(key)
            graph._in[key[1]].add(key)
        return graph

    def to_json(self) -> dict[str, Any]:
        """The graph as `graph.json`: sorted, so that the same input gives the same bytes."""
        return {
            "schema_version": GRAPH_SCHEMA_VERSION,
            "nodes": list(self.node_rows()),
            "edges": list(self.edge_rows()),
        }

    def node_rows(self) -> Iterator[dict[str, Any]]:
        """The `nodes` of `graph.json` one at a time, in order (a writer need not hold them)."""
        nodes = self._nodes
        for node_id in sorted(nodes):
            data = nodes[node_id]
            row: dict[str, Any] = {"id": node_id, "kind": data.kind.value, "name": data.name}
            if data.attrs:
                row.update(sorted(data.attrs.items()))
            row["evidence"] = _evidence_rows(data.evidence)
            yield row

    def edge_rows(self) -> Iterator[dict[str, Any]]:
        """The `edges` of `graph.json` one at a time, in order."""
        edges = self._edges
        for key in sorted(edges):  # EdgeKind is a str: it sorts by its value
            edata = edges[key]
            row: dict[str, Any] = {"source": key[0], "target": key[1], "kind": key[2].value}
            if edata.attrs:
                row.update(sorted(edata.attrs.items()))
            if edata.derived:
                row["derived"] = True
            row["evidence"] = _evidence_rows(edata.evidence)
            yield row


def _evidence_rows(evidence: set[Evidence]) -> list[dict[str, Any]]:
    """`Evidence.to_json` of each, in order (inline: a graph has a few hundred thousand)."""
    if len(evidence) == 1:
        for path, line, snippet in evidence:
            return [{"path": path, "line": line, "snippet": snippet}]
    return [{"path": p, "line": n, "snippet": s} for p, n, s in sorted(evidence)]


def _evidence(rows: list[dict[str, Any]]) -> set[Evidence]:
    return {Evidence(row["path"], row["line"], row["snippet"]) for row in rows}


def _edge_order(key: EdgeKey) -> tuple[str, str, str]:
    return (key[0], key[1], key[2].value)


def _merge_attrs(into: dict[str, Any], new: dict[str, Any]) -> None:
    """Merge attributes: lists are unioned (in a stable order); otherwise the first value stays."""
    for key, value in new.items():
        old = into.get(key)
        if old is None:
            into[key] = value
        elif isinstance(old, list) and isinstance(value, list):
            merged = {repr(item): item for item in (*old, *value)}
            into[key] = [merged[k] for k in sorted(merged)]
