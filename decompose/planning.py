"""A first plan from the graph: tables grouped into services, code assigned to them, and the cost
of the split. The clustering here is deliberately simple (pins, then foreign-key and join
components); it is the baseline the real clustering must beat."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from decompose.config import Config
from decompose.globs import match_any
from decompose.model import DependencyGraph, Diagnostic, EdgeKind, NodeKind
from decompose.model.plan import (
    CrossServiceJoin,
    CutForeignKey,
    Federation,
    Metrics,
    Plan,
    PlanDiagnostic,
    Service,
    SharedTable,
)


def make_plan(graph: DependencyGraph, config: Config, diagnostics: Sequence[Diagnostic]) -> Plan:
    table_service = assign_tables(graph, config)
    module_service = assign_modules(graph, config, table_service)
    services = _services(graph, table_service, module_service)
    federation = _federation(graph, table_service, module_service)
    return Plan(
        services=services,
        events=[],
        federation=federation,
        metrics=_metrics(graph, federation, table_service, module_service),
        diagnostics=[
            PlanDiagnostic(
                path=d.path, line=d.line, code=d.code, severity=d.severity.value, message=d.message
            )
            for d in diagnostics
        ],
    )


def assign_tables(graph: DependencyGraph, config: Config) -> dict[str, str]:
    """Table id -> service name: pins first, then each foreign-key/join component grows from the
    pinned tables it reaches; components with no pin become a service named after their hub."""
    tables = graph.undirected_view([EdgeKind.FOREIGN_KEY, EdgeKind.JOINS], NodeKind.TABLE)
    assigned: dict[str, str] = {}
    for table_id in sorted(tables.nodes):
        name = graph.node(table_id).name
        for service, pin in sorted(config.services.items()):
            if match_any(name, pin.tables):
                assigned[table_id] = service
                break
    _grow_from_pins(tables, assigned)
    for component in sorted(nx.connected_components(tables), key=lambda c: sorted(c)[0]):
        free = sorted(t for t in component if t not in assigned)
        if not free:
            continue
        hub = max(free, key=lambda t: (tables.degree(t, weight="weight"), _neg(t)))
        for table_id in free:
            assigned[table_id] = graph.node(hub).name
    return assigned


def _neg(text: str) -> tuple[int, ...]:
    """A key that sorts names in reverse, so that max() breaks ties by the smallest name."""
    return tuple(-ord(c) for c in text)


def _grow_from_pins(tables: nx.Graph, assigned: dict[str, str]) -> None:
    frontier = sorted(assigned)
    while frontier:
        reached: list[str] = []
        for table_id in frontier:
            for neighbour in sorted(tables.neighbors(table_id)):
                if neighbour not in assigned:
                    assigned[neighbour] = assigned[table_id]
                    reached.append(neighbour)
        frontier = reached


def _module_of(node_id: str) -> str | None:
    """The module of a function, class or entry point id (`function:pkg.mod:f` -> `pkg.mod`)."""
    kind, _, rest = node_id.partition(":")
    if kind == "module":
        return rest
    if kind in ("function", "class", "entrypoint", "model"):
        module, sep, _ = rest.partition(":")
        return module if sep else None
    return None


def table_access(graph: DependencyGraph) -> dict[str, Counter[str]]:
    """Module -> how often its code writes (weight 2) and reads (weight 1) each table id."""
    access: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, weight in ((EdgeKind.WRITES, 2), (EdgeKind.READS, 1)):
        for edge in graph.edges(kind):
            module = _module_of(edge.source)
            if module is not None and graph.node(edge.target).kind is NodeKind.TABLE:
                access[module][edge.target] += weight * max(1, len(edge.evidence))
    return access


def assign_modules(
    graph: DependencyGraph, config: Config, table_service: Mapping[str, str]
) -> dict[str, str]:
    """Module -> service: pinned modules first, then the service whose tables it touches most."""
    assigned: dict[str, str] = {}
    access = table_access(graph)
    for module_id in graph.node_ids(NodeKind.MODULE):
        module = graph.node(module_id).name
        pinned = [s for s, pin in sorted(config.services.items()) if match_any(module, pin.modules)]
        if pinned:
            assigned[module] = pinned[0]
            continue
        votes: Counter[str] = Counter()
        for table_id, weight in access.get(module, Counter()).items():
            if table_id in table_service:
                votes[table_service[table_id]] += weight
        if votes:
            assigned[module] = min(votes, key=lambda s: (-votes[s], s))
    return assigned


def _services(
    graph: DependencyGraph, table_service: Mapping[str, str], module_service: Mapping[str, str]
) -> list[Service]:
    tables: dict[str, list[str]] = defaultdict(list)
    for table_id, service in table_service.items():
        tables[service].append(graph.node(table_id).name)
    modules: dict[str, list[str]] = defaultdict(list)
    for module, service in module_service.items():
        modules[service].append(module)
    entrypoints: dict[str, list[str]] = defaultdict(list)
    for entry in graph.nodes(NodeKind.ENTRYPOINT):
        entry_module = _module_of(entry.id)
        if entry_module is not None and entry_module in module_service:
            entrypoints[module_service[entry_module]].append(entry.name)
    names = sorted(set(tables) | set(modules))
    return [
        Service(
            name=name,
            tables=sorted(tables[name]),
            modules=sorted(modules[name]),
            entrypoints=sorted(entrypoints[name]),
            rationale=_rationale(name, tables[name]),
        )
        for name in names
    ]


def _rationale(name: str, tables: Iterable[str]) -> str:
    count = len(list(tables))
    return f"{count} table(s) linked by foreign keys and joins around `{name}`." if count else ""


def _federation(
    graph: DependencyGraph, table_service: Mapping[str, str], module_service: Mapping[str, str]
) -> Federation:
    cut = []
    for edge in graph.foreign_keys():
        a, b = table_service.get(edge.source), table_service.get(edge.target)
        if a is None or b is None or a == b:
            continue
        first = edge.evidence[0] if edge.evidence else None
        for columns, ref_columns in edge.attrs.get("keys", [[[], []]]):
            cut.append(
                CutForeignKey(
                    table=graph.node(edge.source).name,
                    columns=list(columns),
                    references_table=graph.node(edge.target).name,
                    references_columns=list(ref_columns),
                    from_service=a,
                    to_service=b,
                    path=first.path if first else None,
                    line=first.line if first else None,
                )
            )
    joins: list[CrossServiceJoin] = []
    for edge in graph.edges(EdgeKind.JOINS):
        a, b = table_service.get(edge.source), table_service.get(edge.target)
        if a is None or b is None or a == b:
            continue
        names = sorted({graph.node(edge.source).name, graph.node(edge.target).name})
        joins.extend(
            CrossServiceJoin(tables=names, path=e.path, line=e.line) for e in edge.evidence
        )
    return Federation(
        cut_foreign_keys=cut,
        cross_service_joins=sorted(joins, key=lambda j: (j.path, j.line, j.tables)),
        shared_tables=_shared_tables(graph, table_service, module_service),
    )


def _shared_tables(
    graph: DependencyGraph, table_service: Mapping[str, str], module_service: Mapping[str, str]
) -> list[SharedTable]:
    writers: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges(EdgeKind.WRITES):
        module = _module_of(edge.source)
        if module is not None and module in module_service and edge.target in table_service:
            writers[edge.target].add(module_service[module])
    return [
        SharedTable(table=graph.node(t).name, writers=sorted(w), owner=table_service[t])
        for t, w in sorted(writers.items())
        if len(w) > 1
    ]


def _metrics(
    graph: DependencyGraph,
    federation: Federation,
    table_service: Mapping[str, str],
    module_service: Mapping[str, str],
) -> Metrics:
    spans: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges(EdgeKind.WRITES):
        if edge.target in table_service:
            spans[edge.source].add(table_service[edge.target])
    return Metrics(
        cut_foreign_keys=len(federation.cut_foreign_keys),
        cross_service_joins=len(federation.cross_service_joins),
        shared_tables=len(federation.shared_tables),
        distributed_transactions=sum(1 for s in spans.values() if len(s) > 1),
    )
