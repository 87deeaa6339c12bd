"""`plan.json` and `graph.json`: stable, sorted, diffable JSON.

The graph can hold a million edges, so it is written one node or edge a line with the fast compact
encoder: the file stays diffable line by line at a fraction of the cost of indenting it.
"""

from __future__ import annotations

import json
from typing import Any

from decompose.model import DependencyGraph
from decompose.model.plan import Plan

_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)


def render_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_plan_json(plan: Plan) -> str:
    return render_json(plan.model_dump(mode="json"))


def render_graph_json(graph: DependencyGraph) -> str:
    data = graph.to_json()
    parts = ["{\n", f'"schema_version": {json.dumps(data["schema_version"])},\n']
    for index, section in enumerate(("nodes", "edges")):
        rows = data[section]
        parts.append(f'"{section}": [\n')
        parts.append(",\n".join(map(_ROW_ENCODER.encode, rows)))
        parts.append("\n]" if rows else "]")
        parts.append(",\n" if index == 0 else "\n")
    parts.append("}\n")
    return "".join(parts)


def render_plan_schema() -> str:
    return render_json(Plan.model_json_schema())
