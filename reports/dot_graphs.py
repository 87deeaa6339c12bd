"""Graphviz DOT sources: the tables grouped by service, and the services with their links."""

from __future__ import annotations

from collections import Counter

from decompose.model.plan import Plan


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_tables_dot(plan: Plan, foreign_keys: list[tuple[str, str]]) -> str:
    """Tables clustered by service, with their foreign keys (referencing -> referenced)."""
    lines = [
        "digraph tables {",
        "  graph [rankdir=LR, fontname=Helvetica];",
        "  node [shape=box, fontname=Helvetica, fontsize=10];",
    ]
    owner: dict[str, str] = {}
    for index, service in enumerate(plan.services):
        if not service.tables:
            continue
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={_quote(service.name)};")
        for table in service.tables:
            owner[table] = service.name
            lines.append(f"    {_quote('t:' + table)} [label={_quote(table)}];")
        lines.append("  }")
    for source, target in sorted(set(foreign_keys)):
        if source in owner and target in owner:
            style = "" if owner[source] == owner[target] else " [color=red, penwidth=2]"
            lines.append(f"  {_quote('t:' + source)} -> {_quote('t:' + target)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_services_dot(plan: Plan) -> str:
    """Services as nodes; an edge for each pair that a cut foreign key links, with the count."""
    lines = ["digraph services {", "  node [shape=component, fontname=Helvetica];"]
    for service in plan.services:
        label = f"{service.name}\\n{len(service.tables)} tables, {len(service.modules)} modules"
        lines.append(f'  {_quote(service.name)} [label="{label}"];')
    links = Counter((fk.from_service, fk.to_service) for fk in plan.federation.cut_foreign_keys)
    for (a, b), count in sorted(links.items()):
        lines.append(f"  {_quote(a)} -> {_quote(b)} [label={_quote(str(count) + ' FK')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
