"""`plan.json` and `graph.json`: stable, sorted, diffable JSON."""

from __future__ import annotations

import json
from typing import Any

from decompose.model import DependencyGraph
from decompose.model.plan import Plan


def render_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def render_plan_json(plan: Plan) -> str:
    return render_json(plan.model_dump(mode="json"))


def render_graph_json(graph: DependencyGraph) -> str:
    return render_json(graph.to_json())


def render_plan_schema() -> str:
    return render_json(Plan.model_json_schema())
