"""The dependency graph: tables, models, modules, classes, functions and entry points, with evidence
on every edge. networkx is the storage; callers use the domain-named methods."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from decompose.model.evidence import Evidence
from decompose.model.facts import Alias, Edge, EdgeKind, Node, NodeKind

GRAPH_SCHEMA_VERSION = "1"
_FOLDED_AWAY = frozenset({EdgeKind.FOREIGN_KEY, EdgeKind.JOINS})


@dataclass(frozen=True, slots=True)
class EdgeView:
    """An edge as stored: its evidence merged from every fact that asserted it."""

    source: str
    target: str
    kind: EdgeKind
    evidence: tuple[Evidence, ...]
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
        self._g: Any = nx.MultiDiGraph()
        self._aliases: dict[str, str] = {}

    # -- building ---------------------------------------------------------------------------

    def add_node(self, *, node: Node) -> None:
        """Add a node, or merge its evidence and attributes into the one with the same id."""
        node_id = self._aliases.get(node.id, node.id)
        data = self._g.nodes.get(node_id)
        if data is None:
            self._g.add_node(
                node_id,
                kind=node.kind,
                name=node.name,
                evidence=set(node.evidence),
                attrs=dict(node.attrs),
            )
            return
        data["evidence"].update(node.evidence)
        _merge_attrs(data["attrs"], node.attrs)

    def add_edge(self, *, edge: Edge) -> None:
        """Add an edge, or merge its evidence into the one with the same ends and kind.

        An end that is not yet a node is added as a placeholder named after its id, so that an
        edge is never lost; `ensure_node` fills it in when the real node arrives."""
        source = self._aliases.get(edge.source, edge.source)
        target = self._aliases.get(edge.target, edge.target)
        if source == target and edge.source != edge.target and edge.kind in _FOLDED_AWAY:
            return  # a partition's key to its own parent is not a dependency
        for end in (source, target):
            if end not in self._g:
                self._add_placeholder(end)
        key = edge.kind.value
        data = self._g.get_edge_data(source, target, key)
        if data is None:
            self._g.add_edge(
                source,
                target,
                key=key,
                kind=edge.kind,
                evidence=set(),
                attrs=dict(edge.attrs),
                derived=edge.derived,
            )
            data = self._g.get_edge_data(source, target, key)
        else:
            _merge_attrs(data["attrs"], edge.attrs)
            data["derived"] = data["derived"] and edge.derived
        if edge.evidence is not None:
            data["evidence"].add(edge.evidence)

    def _add_placeholder(self, node_id: str) -> None:
        kind_text, _, name = node_id.partition(":")
        kind = NodeKind(kind_text)
        self._g.add_node(node_id, kind=kind, name=name, evidence=set(), attrs={})

    def add_alias(self, *, alias: Alias) -> None:
        """Fold `alias.source` into `alias.target`: edges and evidence move to the target."""
        target = self._aliases.get(alias.target, alias.target)
        if alias.source == target:
            return
        self._aliases[alias.source] = target
        for source, mapped in list(self._aliases.items()):
            if mapped == alias.source:
                self._aliases[source] = target
        if alias.source not in self._g:
            return
        if target not in self._g:
            self._add_placeholder(target)
        folded = self._g.nodes[alias.source]
        self._g.nodes[target]["evidence"].update(folded["evidence"])
        _merge_attrs(self._g.nodes[target]["attrs"], {"folded": [folded["name"]]})
        for src, _dst, _key, data in list(self._g.in_edges(alias.source, keys=True, data=True)):
            self._readd(src, target, data)
        for _src, dst, _key, data in list(self._g.out_edges(alias.source, keys=True, data=True)):
            self._readd(target, dst, data)
        self._g.remove_node(alias.source)

    def _readd(self, source: str, target: str, data: dict[str, Any]) -> None:
        if source == target and data["kind"] in _FOLDED_AWAY:
            return  # a partition's key to its own parent is not a dependency
        for evidence in data["evidence"] or [None]:
            self.add_edge(
                edge=Edge(source, target, data["kind"], evidence, data["attrs"], data["derived"])
            )

    def resolve(self, node_id: str) -> str:
        """The id a node is now known by, after aliases."""
        return self._aliases.get(node_id, node_id)

    # -- queries ----------------------------------------------------------------------------

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._g

    def __len__(self) -> int:
        return int(self._g.number_of_nodes())

    @property
    def edge_count(self) -> int:
        return int(self._g.number_of_edges())

    def node(self, node_id: str) -> Node:
        data = self._g.nodes[node_id]
        return Node(
            node_id, data["kind"], data["name"], tuple(sorted(data["evidence"])), data["attrs"]
        )

    def nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        """Nodes in id order, optionally of one kind."""
        for node_id in sorted(self._g.nodes):
            if kind is None or self._g.nodes[node_id]["kind"] is kind:
                yield self.node(node_id)

    def node_ids(self, kind: NodeKind) -> list[str]:
        return sorted(n for n, d in self._g.nodes(data=True) if d["kind"] is kind)

    def edges(self, kind: EdgeKind | None = None) -> Iterator[EdgeView]:
        """Edges in (source, target, kind) order, optionally of one kind."""
        rows = [
            (s, t, k, d)
            for s, t, k, d in self._g.edges(keys=True, data=True)
            if kind is None or d["kind"] is kind
        ]
        rows.sort(key=lambda row: (row[0], row[1], row[2]))
        for source, target, _key, data in rows:
            yield _view(source, target, data)

    def out_edges(self, node_id: str, kind: EdgeKind | None = None) -> list[EdgeView]:
        rows = [
            _view(s, t, d)
            for s, t, d in self._g.out_edges(node_id, data=True)
            if kind is None or d["kind"] is kind
        ]
        return sorted(rows, key=lambda e: (e.target, e.kind.value))

    def in_edges(self, node_id: str, kind: EdgeKind | None = None) -> list[EdgeView]:
        rows = [
            _view(s, t, d)
            for s, t, d in self._g.in_edges(node_id, data=True)
            if kind is None or d["kind"] is kind
        ]
        return sorted(rows, key=lambda e: (e.source, e.kind.value))

    def tables(self) -> list[str]:
        """Table names, as in the plan's `tables[]`."""
        return [self._g.nodes[n]["name"] for n in self.node_ids(NodeKind.TABLE)]

    def foreign_keys(self) -> list[EdgeView]:
        return list(self.edges(EdgeKind.FOREIGN_KEY))

    def counts(self) -> dict[str, int]:
        """How many nodes and edges of each kind, for summaries."""
        counts: dict[str, int] = {}
        for _n, data in self._g.nodes(data=True):
            key = f"nodes.{data['kind'].value}"
            counts[key] = counts.get(key, 0) + 1
        for _s, _t, data in self._g.edges(data=True):
            key = f"edges.{data['kind'].value}"
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))

    def undirected_view(self, kinds: Iterable[EdgeKind], node_kind: NodeKind) -> Any:
        """A plain networkx Graph over the nodes of one kind, linked by edges of the given kinds."""
        wanted = set(kinds)
        graph = nx.Graph()
        graph.add_nodes_from(self.node_ids(node_kind))
        for s, t, data in self._g.edges(data=True):
            if data["kind"] in wanted and s in graph and t in graph and s != t:
                weight = graph.get_edge_data(s, t, {}).get("weight", 0) + max(
                    1, len(data["evidence"])
                )
                graph.add_edge(s, t, weight=weight)
        return graph

    # -- serialisation ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The graph as `graph.json`: sorted, so that the same input gives the same bytes."""
        nodes = []
        for node in self.nodes():
            row: dict[str, Any] = {"id": node.id, "kind": node.kind.value, "name": node.name}
            row.update(sorted(node.attrs.items()))
            row["evidence"] = [e.to_json() for e in node.evidence]
            nodes.append(row)
        edges = []
        for edge in self.edges():
            erow: dict[str, Any] = {
                "source": edge.source,
                "target": edge.target,
                "kind": edge.kind.value,
            }
            erow.update(sorted(edge.attrs.items()))
            if edge.derived:
                erow["derived"] = True
            erow["evidence"] = [e.to_json() for e in edge.evidence]
            edges.append(erow)
        return {"schema_version": GRAPH_SCHEMA_VERSION, "nodes": nodes, "edges": edges}


def _view(source: str, target: str, data: dict[str, Any]) -> EdgeView:
    return EdgeView(
        source,
        target,
        data["kind"],
        tuple(sorted(data["evidence"])),
        data["attrs"],
        data["derived"],
    )


def _merge_attrs(into: dict[str, Any], new: dict[str, Any]) -> None:
    """Merge attributes: lists are unioned (in a stable order); otherwise the first value stays."""
    for key, value in new.items():
        old = into.get(key)
        if old is None:
            into[key] = value
        elif isinstance(old, list) and isinstance(value, list):
            merged = {repr(item): item for item in (*old, *value)}
            into[key] = [merged[k] for k in sorted(merged)]
