"""`plan.md`: the plan for a person to review."""

from __future__ import annotations

from decompose.model.plan import Plan


def render_plan_markdown(plan: Plan, title: str = "Service split plan") -> str:
    lines = [f"# {title}", ""]
    lines += _summary(plan)
    for service in plan.services:
        lines += [f"## Service `{service.name}`", ""]
        if service.rationale:
            lines += [service.rationale, ""]
        lines += _bullets("Tables", service.tables)
        lines += _bullets("Modules", service.modules)
        lines += _bullets("Entry points", service.entrypoints)
    lines += _federation(plan)
    lines += _diagnostics(plan)
    return "\n".join(lines).rstrip() + "\n"


def _summary(plan: Plan) -> list[str]:
    m = plan.metrics
    return [
        f"- Services: {len(plan.services)}",
        f"- Foreign keys cut: {m.cut_foreign_keys}",
        f"- Joins across services: {m.cross_service_joins}",
        f"- Tables written by several services: {m.shared_tables}",
        f"- Functions whose writes span services: {m.distributed_transactions}",
        f"- Diagnostics: {len(plan.diagnostics)}",
        "",
    ]


def _bullets(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"**{title}** ({len(items)}):", "", *(f"- `{item}`" for item in items), ""]


def _federation(plan: Plan) -> list[str]:
    fed = plan.federation
    lines: list[str] = []
    if fed.cut_foreign_keys:
        lines += [
            "## Foreign keys to cut",
            "",
            "| table | columns | references | from → to | where |",
            "|---|---|---|---|---|",
        ]
        for fk in fed.cut_foreign_keys:
            where = f"{fk.path}:{fk.line}" if fk.path else ""
            references = f"`{fk.references_table}`({', '.join(fk.references_columns)})"
            lines.append(
                f"| `{fk.table}` | {', '.join(fk.columns)} | {references} "
                f"| {fk.from_service} → {fk.to_service} | {where} |"
            )
        lines.append("")
    if fed.cross_service_joins:
        lines += ["## Joins across services", ""]
        lines += [
            f"- {' ⋈ '.join(j.tables)} at `{j.path}:{j.line}`" for j in fed.cross_service_joins
        ]
        lines.append("")
    if fed.shared_tables:
        lines += ["## Tables written by several services", ""]
        lines += [
            f"- `{s.table}`: written by {', '.join(s.writers)}; owner {s.owner}"
            for s in fed.shared_tables
        ]
        lines.append("")
    return lines


def _diagnostics(plan: Plan) -> list[str]:
    if not plan.diagnostics:
        return []
    lines = ["## Diagnostics", ""]
    for d in plan.diagnostics:
        where = f"{d.path}:{d.line}" if d.line else d.path
        lines.append(f"- {d.severity} `{d.code}` {where}: {d.message}")
    return [*lines, ""]
