"""Replaying schema migrations: operations applied in order give the final schema.

Alembic and Django migrations both describe a schema as a sequence of changes (create a table,
add a column with a foreign key, rename, drop). Each migration file becomes a tuple of
`Operation`s (plain frozen data, cached per file); the link step orders the files and applies
their operations to one `SchemaState`, whose `facts()` is the schema after the last migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from analyzers.sql_facts import ForeignKeyDef, SchemaFacts, TableDef, TableName
from decompose.model import Evidence


class Op(str, Enum):
    CREATE_TABLE = "create_table"
    DROP_TABLE = "drop_table"
    RENAME_TABLE = "rename_table"
    ADD_COLUMN = "add_column"
    DROP_COLUMN = "drop_column"
    ADD_FOREIGN_KEY = "add_foreign_key"
    DROP_CONSTRAINT = "drop_constraint"


@dataclass(frozen=True, slots=True)
class Operation:
    """One schema change. `columns` are the columns created or added (or dropped);
    `foreign_keys` those created with them; `name` a constraint name; `new` a rename target."""

    op: Op
    table: TableName
    evidence: Evidence
    columns: tuple[str, ...] = ()
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKeyDef, ...] = ()
    name: str = ""
    new: TableName | None = None


@dataclass
class _Table:
    definition: TableDef
    columns: list[str]
    primary_key: list[str]


@dataclass
class SchemaState:
    """The schema as the operations applied so far leave it."""

    tables: dict[str, _Table] = field(default_factory=dict)  # by TableName.key
    foreign_keys: list[ForeignKeyDef] = field(default_factory=list)

    def apply(self, operation: Operation) -> None:
        handler = getattr(self, f"_{operation.op.value}")
        handler(operation)

    def facts(self, dialect: str = "") -> SchemaFacts:
        tables = tuple(
            replace(t.definition, columns=tuple(t.columns), primary_key=tuple(t.primary_key))
            for _key, t in sorted(self.tables.items())
        )
        return SchemaFacts(dialect, tables, tuple(self.foreign_keys))

    def _create_table(self, operation: Operation) -> None:
        definition = TableDef(operation.table, operation.evidence)
        self.tables[operation.table.key] = _Table(
            definition, list(operation.columns), list(operation.primary_key)
        )
        self.foreign_keys.extend(operation.foreign_keys)

    def _drop_table(self, operation: Operation) -> None:
        key = operation.table.key
        self.tables.pop(key, None)
        self.foreign_keys = [
            fk for fk in self.foreign_keys if key not in (fk.table.key, fk.references.key)
        ]

    def _rename_table(self, operation: Operation) -> None:
        old, new = operation.table, operation.new
        if new is None:
            return
        table = self.tables.pop(old.key, None)
        if table is not None:
            definition = replace(table.definition, table=new)
            self.tables[new.key] = _Table(definition, table.columns, table.primary_key)
        self.foreign_keys = [_renamed(fk, old, new) for fk in self.foreign_keys]

    def _add_column(self, operation: Operation) -> None:
        table = self.tables.get(operation.table.key)
        if table is not None:
            table.columns.extend(c for c in operation.columns if c not in table.columns)
            table.primary_key.extend(operation.primary_key)
        self.foreign_keys.extend(operation.foreign_keys)

    def _drop_column(self, operation: Operation) -> None:
        key, dropped = operation.table.key, set(operation.columns)
        table = self.tables.get(key)
        if table is not None:
            table.columns = [c for c in table.columns if c not in dropped]
        self.foreign_keys = [
            fk for fk in self.foreign_keys if fk.table.key != key or not dropped & set(fk.columns)
        ]

    def _add_foreign_key(self, operation: Operation) -> None:
        self.foreign_keys.extend(operation.foreign_keys)

    def _drop_constraint(self, operation: Operation) -> None:
        key = operation.table.key
        self.foreign_keys = [
            fk
            for fk in self.foreign_keys
            if not (fk.table.key == key and fk.name == operation.name)
        ]


def _renamed(fk: ForeignKeyDef, old: TableName, new: TableName) -> ForeignKeyDef:
    if fk.table.key == old.key:
        fk = replace(fk, table=new)
    if fk.references.key == old.key:
        fk = replace(fk, references=new)
    return fk


def replay_order(parents: dict[str, tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """The migrations in an order where each comes after its parents, and what was wrong.

    Ties are broken by name, so the order is deterministic. A parent that is not known is
    reported and ignored; migrations caught in a cycle are reported and come last, by name.

    >>> replay_order({"c": ("a", "b"), "b": ("a",), "a": ()})
    (['a', 'b', 'c'], [])
    >>> replay_order({"b": ("x",)})
    (['b'], ['b depends on x, which is not among the migrations'])
    """
    problems = [
        f"{child} depends on {parent}, which is not among the migrations"
        for child, ps in sorted(parents.items())
        for parent in ps
        if parent not in parents
    ]
    waiting = {child: {p for p in ps if p in parents} for child, ps in parents.items()}
    children: dict[str, list[str]] = {}
    for child, ps in waiting.items():
        for parent in ps:
            children.setdefault(parent, []).append(child)
    ready = sorted(child for child, ps in waiting.items() if not ps)
    order: list[str] = []
    while ready:
        current = ready.pop(0)
        order.append(current)
        for child in children.get(current, []):
            waiting[child].discard(current)
            if not waiting[child]:
                ready.append(child)
        ready.sort()
    stuck = sorted(set(parents) - set(order))
    problems += [f"{child} is part of a dependency cycle" for child in stuck]
    return order + stuck, problems
