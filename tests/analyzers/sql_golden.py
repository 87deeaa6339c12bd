"""Golden SQL cases: `-- title:` starts a case, `-- expect:` lines end it (see fixtures/sql/forms).

Line 1 of a case is the line after its title. The expected lines describe every fact the analyzer
gives for the case, in the form `describe` writes them; order does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analyzers.base import LinkContext
from analyzers.sql_schema import ANALYZER
from decompose.model import FileFacts, NodeKind, SourceFile

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "sql" / "forms"


@dataclass(frozen=True)
class Case:
    path: str
    title: str
    text: str
    expected: frozenset[str]

    def __str__(self) -> str:
        return f"{self.path}: {self.title}"


def load_cases(folder: Path = FORMS) -> list[Case]:
    cases = []
    for path in sorted(folder.glob("*.sql")):
        chunks = path.read_text(encoding="utf-8").split("-- title: ")[1:]
        for chunk in chunks:
            title, _, body = chunk.partition("\n")
            lines = body.rstrip("\n").split("\n")
            text = [line for line in lines if not line.startswith("-- expect: ")]
            expected = {
                line.removeprefix("-- expect: ") for line in lines if line.startswith("-- expect: ")
            }
            if not any(line.startswith("dialect ") for line in expected):
                expected.add("dialect postgres")
            cases.append(
                Case(path.name, title.strip(), "\n".join(text).rstrip() + "\n", frozenset(expected))
            )
    return cases


def analyse(
    text: str, path: str = "case.sql", dialect: str | None = None
) -> tuple[FileFacts, FileFacts]:
    """The per-file and the linked facts of one SQL text."""
    own = ANALYZER.analyze(SourceFile(path, text, dialect=dialect))
    return own, ANALYZER.link([own], LinkContext(dialect=dialect))


def describe(own: FileFacts, linked: FileFacts) -> set[str]:
    """Every fact as one line: tables, views, foreign keys, partitions, diagnostics, dialect."""
    lines = set()
    for node in linked.nodes:
        if node.kind is NodeKind.TABLE:
            columns, key = _join(node.attrs["columns"]), _join(node.attrs["primary_key"])
            line = f"table {node.name} columns={columns} pk={key}"
            if node.attrs.get("partitions"):
                line += f" partitions={_join(node.attrs['partitions'])}"
            lines.add(line)
            lines.add(f"dialect {node.attrs['dialect']}")
        else:
            reads = sorted(
                f"{e.target}@{e.evidence.line if e.evidence else 0}"
                for e in linked.edges
                if e.source == node.id
            )
            lines.add(f"view {node.name} reads={_join(reads)} line={node.evidence[0].line}")
    for edge in linked.edges:
        if edge.kind.value == "foreign_key":
            [(cols, refs)] = edge.attrs["keys"]
            source, target = edge.source.removeprefix("table:"), edge.target.removeprefix("table:")
            assert edge.evidence is not None
            lines.add(
                f"fk {source}({_join(cols)}) -> {target}({_join(refs)}) line={edge.evidence.line}"
            )
    for alias in linked.aliases:
        source, target = alias.source.removeprefix("table:"), alias.target.removeprefix("table:")
        lines.add(f"partition {source} -> {target} line={alias.evidence.line}")
    lines.update(f"diagnostic line={d.line}" for d in own.diagnostics)
    return lines


def _join(items: list[str]) -> str:
    return ",".join(items)
