"""The call graph in PyCG's JSON format: `{"caller": ["callee", ...]}` with dotted names.

Callers are every module and function of the graph (`main`, `main.Class.method`, nested
`main.func.inner`); callees are the analysed functions they call (`calls` edges) followed by the
external callees their nodes name (`external_calls`: `requests.get`, `<builtin>.len`). Keys and
lists are sorted so that the output is stable.
"""

from __future__ import annotations

import json

from decompose.model import DependencyGraph, EdgeKind, NodeKind

_CALLERS = (NodeKind.MODULE, NodeKind.FUNCTION)


def pycg_name(node_id: str) -> str:
    """The PyCG name of a module or function node.

    >>> pycg_name("function:shop.orders:Order.save")
    'shop.orders.Order.save'
    >>> pycg_name("module:shop.orders")
    'shop.orders'
    """
    _kind, _, name = node_id.partition(":")
    return name.replace(":", ".")


def callgraph_pycg(graph: DependencyGraph) -> dict[str, list[str]]:
    """Caller -> sorted callees, for every module and function node."""
    result: dict[str, set[str]] = {}
    for kind in _CALLERS:
        for node in graph.nodes(kind):
            callees = result.setdefault(pycg_name(node.id), set())
            callees.update(str(name) for name in node.attrs.get("external_calls", ()))
    for edge in graph.edges(EdgeKind.CALLS):
        if edge.source.split(":", 1)[0] in ("module", "function"):
            result.setdefault(pycg_name(edge.source), set()).add(pycg_name(edge.target))
    return {caller: sorted(result[caller]) for caller in sorted(result)}


def render_callgraph_pycg(graph: DependencyGraph) -> str:
    """The PyCG JSON text of the graph's calls."""
    return json.dumps(callgraph_pycg(graph), indent=2, sort_keys=True) + "\n"
