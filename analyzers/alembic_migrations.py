"""Alembic migrations, replayed in revision order to the final schema.

## What it detects
In each revision's `upgrade()`: `op.create_table` (with `sa.Column`, `sa.ForeignKey`,
`sa.ForeignKeyConstraint`, `sa.PrimaryKeyConstraint`), `op.add_column`, `op.drop_column`,
`op.create_foreign_key`, `op.drop_constraint`, `op.rename_table` and `op.drop_table`, also inside
`with op.batch_alter_table(...) as batch_op:`. The link step orders the revisions by their
`down_revision` (and `depends_on`) chain and applies them to one schema.

## Why it matters
Where a project keeps no DDL and no models declare a table, its migrations are the only record of
the schema: the tables and foreign keys a federation plan splits.

## Example
```python
revision = "2b1f"
down_revision = "1a0e"
def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id")))
```
gives `table:orders` with a foreign key to `table:users`, keys `[[["user_id"], ["id"]]]`.

## Notes
The files are read with `ast`, never imported. Only literal arguments are understood; an
operation whose table name is not a literal is a diagnostic. `downgrade()` is ignored.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from analyzers.base import LinkContext
from analyzers.python_parse import ParseFailure, parse_python
from analyzers.sql_alembic_ops import OP_CALLS, WRAPPERS, OperationReader
from analyzers.sql_facts import emit_schema
from analyzers.sql_replay import Operation, SchemaState, replay_order
from decompose.model import Diagnostic, FileFacts, Severity, SourceFile
from decompose.model.evidence import source_lines


@dataclass(frozen=True, slots=True)
class Revision:
    """One migration file: its revision id, the revisions it follows, its operations."""

    revision: str
    parents: tuple[str, ...]
    operations: tuple[Operation, ...]


class AlembicMigrationsAnalyzer:
    name = "alembic_migrations"
    version = "2"

    def accepts(self, path: str) -> bool:
        return path.endswith(".py") and "versions/" in f"/{path}"

    def analyze(self, source: SourceFile) -> FileFacts:
        tree = parse_python(source.text, source.path)
        if isinstance(tree, ParseFailure):
            return FileFacts.failed(self.name, source.path, tree.message, tree.line)
        return self.analyze_tree(tree, source)

    def analyze_tree(self, tree: ast.Module, source: SourceFile) -> FileFacts:
        header = _header(tree)
        if header is None:
            return FileFacts.skipped(self.name, source.path, "no alembic `revision =`")
        lines = source_lines(source.text)
        reader = OperationReader(
            source.path, lines, _op_names(tree), _wrappers(tree), _constants(tree)
        )
        operations = tuple(reader.read(_function(tree, "upgrade")))
        revision = Revision(header[0], header[1], operations)
        return FileFacts(
            self.name,
            source.path,
            diagnostics=tuple(dict.fromkeys(reader.diagnostics)),
            data=revision,
        )

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        revisions: dict[str, Revision] = {}
        for fact in facts:
            if isinstance(fact.data, Revision):
                revisions.setdefault(fact.data.revision, fact.data)
        order, problems = replay_order({r.revision: r.parents for r in revisions.values()})
        state = SchemaState()
        for revision in order:
            for operation in revisions[revision].operations:
                state.apply(operation)
        nodes, edges, _aliases = emit_schema([state.facts()])  # migrations make no partitions
        diagnostics = tuple(
            Diagnostic("", None, p, "alembic-order", Severity.WARNING) for p in problems
        )
        return FileFacts(
            self.name, "", nodes=tuple(nodes), edges=tuple(edges), diagnostics=diagnostics
        )


def _header(tree: ast.Module) -> tuple[str, tuple[str, ...]] | None:
    """`revision` and the revisions it follows (`down_revision` and `depends_on`)."""
    values: dict[str, object] = {}
    for stmt in tree.body:
        target, value = _assignment(stmt)
        if target in ("revision", "down_revision", "depends_on") and value is not None:
            try:
                values[target] = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
    revision = values.get("revision")
    if not isinstance(revision, str):
        return None
    parents = _strings(values.get("down_revision")) + _strings(values.get("depends_on"))
    return revision, tuple(dict.fromkeys(parents))


def _assignment(stmt: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
    ):
        return stmt.targets[0].id, stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id, stmt.value
    return None, None


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (tuple, list)):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _function(tree: ast.Module, name: str) -> list[ast.stmt]:
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
            return stmt.body
    return []


def _constants(tree: ast.Module) -> dict[str, object]:
    """Module-level names bound to literals: `TABLE = "tasks"`."""
    constants: dict[str, object] = {}
    for stmt in tree.body:
        target, value = _assignment(stmt)
        if target is not None and value is not None:
            try:
                constants[target] = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
    return constants


def _wrappers(tree: ast.Module) -> frozenset[str]:
    """Functions imported (not from alembic) under the name of an operation: project helpers
    such as superset's `create_table(name, *columns)`, which wrap the operation of that name."""
    return frozenset(
        alias.asname or alias.name
        for stmt in tree.body
        if isinstance(stmt, ast.ImportFrom) and stmt.module != "alembic"
        for alias in stmt.names
        if alias.name in OP_CALLS | set(WRAPPERS)
    )


def _op_names(tree: ast.Module) -> frozenset[str]:
    """Local names bound to `alembic.op` (`op` when the import is not found)."""
    names = {
        alias.asname or alias.name
        for stmt in tree.body
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "alembic"
        for alias in stmt.names
        if alias.name == "op"
    }
    return frozenset(names or {"op"})


ANALYZER = AlembicMigrationsAnalyzer()
