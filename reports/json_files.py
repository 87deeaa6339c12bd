"""`plan.json` and `graph.json`: stable, sorted, diffable JSON.

The graph can hold a million edges, so it is written one node or edge a line with the fast compact
encoder: the file stays diffable line by line at a fraction of the cost of indenting it.
"""

from __future__ import annotations

import json
from typing import Any

from decompose.model import DependencyGraph
from decompose.model.graph import GRAPH_SCHEMA_VERSION
from decompose.model.plan import Plan

_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)


def render_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_plan_json(plan: Plan) -> str:
    return render_json(plan.model_dump(mode="json"))


def render_graph_json(graph: DependencyGraph) -> str:
    """`graph.json`, each row encoded as the graph gives it (the rows are never all held)."""
    parts = ["{\n", f'"schema_version": {json.dumps(GRAPH_SCHEMA_VERSION)},\n']
    for name, rows in (("nodes", graph.node_rows()), ("edges", graph.edge_rows())):
        parts.append(f'"{name}": [\n')
        start = len(parts)
        parts.extend(_ROW_ENCODER.encode(row) + ",\n" for row in rows)
        if len(parts) > start:
            parts[-1] = parts[-1][:-2] + "\n"
        parts.append("]" + (",\n" if name == "nodes" else "\n"))
    parts.append("}\n")
    return "".join(parts)


def render_plan_schema() -> str:
    return render_json(Plan.model_json_schema())
