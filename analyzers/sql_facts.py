"""The schema as read from DDL or replayed from migrations, and how it becomes graph facts.

The SQL, Alembic and Django readers all end in the same shape: tables with their columns and
primary key, foreign keys, views and partitions, each with evidence. Per file they are plain
frozen data (picklable, cached); a link step resolves names across files and emits nodes, edges
and aliases with `emit_schema`.

Names follow the plan's contract: unquoted, schema-qualified only outside the default schema
(`sales.customer`, but `orders` for `public.orders`). Unquoted identifiers are matched without
regard to case, as the databases do; quoted ones exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from decompose.model import Edge, EdgeKind, Evidence, Node, NodeKind, node_id
from decompose.model.facts import Alias

DEFAULT_SCHEMAS = frozenset({"public", "dbo", "main"})
SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema", "sys", "sqlite_master"})


@dataclass(frozen=True, slots=True, order=True)
class TableName:
    """A table or view name as the plan shows it; `fold` when no part of it was quoted.

    >>> TableName.of("Person", "Address", fold=True).key
    'person.address'
    >>> TableName.of("public", "orders", fold=True).name
    'orders'
    """

    name: str
    fold: bool = True

    @classmethod
    def of(cls, schema: str | None, name: str, *, fold: bool = True) -> TableName:
        if schema and schema.lower() not in DEFAULT_SCHEMAS:
            return cls(f"{schema}.{name}", fold)
        return cls(name, fold)

    @property
    def key(self) -> str:
        return self.name.lower() if self.fold else self.name

    @property
    def schema(self) -> str | None:
        head, dot, _ = self.name.rpartition(".")
        return head if dot else None

    def is_system(self) -> bool:
        """A database catalog table (`pg_class`, `information_schema.tables`): not the app's."""
        schema = (self.schema or "").lower()
        return schema in SYSTEM_SCHEMAS or self.name.lower().startswith("pg_")


@dataclass(frozen=True, slots=True)
class TableDef:
    table: TableName
    evidence: Evidence
    columns: tuple[str, ...] = ()
    primary_key: tuple[str, ...] = ()
    partition_of: TableName | None = None


@dataclass(frozen=True, slots=True)
class ForeignKeyDef:
    table: TableName
    columns: tuple[str, ...]
    references: TableName
    ref_columns: tuple[str, ...]
    evidence: Evidence
    name: str = ""  # the constraint's name, where a migration needs it to drop the key


@dataclass(frozen=True, slots=True)
class PrimaryKeyDef:
    table: TableName
    columns: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ViewDef:
    view: TableName
    reads: tuple[tuple[TableName, Evidence], ...]  # each table or view read, where first named
    evidence: Evidence
    materialized: bool = False


@dataclass(frozen=True, slots=True)
class PartitionDef:
    partition: TableName
    parent: TableName
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class SchemaFacts:
    """Everything one file says about the schema."""

    dialect: str
    tables: tuple[TableDef, ...] = ()
    foreign_keys: tuple[ForeignKeyDef, ...] = ()
    primary_keys: tuple[PrimaryKeyDef, ...] = ()
    views: tuple[ViewDef, ...] = ()
    partitions: tuple[PartitionDef, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.tables or self.foreign_keys or self.views or self.partitions)


@dataclass
class _Resolver:
    """Maps names as written to the declared spelling, through partitions to their parents."""

    exact: dict[str, TableName] = field(default_factory=dict)
    folded: dict[str, TableName] = field(default_factory=dict)  # any declaration, lower case
    unquoted: dict[str, TableName] = field(default_factory=dict)  # unquoted declarations only
    parents: dict[str, TableName] = field(default_factory=dict)

    def declare(self, name: TableName) -> TableName:
        """The spelling a declaration goes by: the first one of the same table. Two unquoted
        names that differ in case are one table; a quoted one matches only itself."""
        known = self.exact.get(name.name) or (self.unquoted.get(name.key) if name.fold else None)
        if known is not None:
            return known
        self.exact[name.name] = name
        self.folded.setdefault(name.name.lower(), name)
        if name.fold:
            self.unquoted.setdefault(name.key, name)
        return name

    def spelling(self, name: TableName) -> TableName:
        """The declared spelling of a name; a schema-qualified name that is not declared falls
        back to the same name without its schema, as a search path would find it."""
        found = self._lookup(name)
        if found is None and name.schema is not None:
            found = self._lookup(TableName(name.name.rpartition(".")[2], name.fold))
        return found or name

    def _lookup(self, name: TableName) -> TableName | None:
        found = self.exact.get(name.name)
        if found is None and name.fold:  # an unquoted declaration first: it is the same table
            found = self.unquoted.get(name.key) or self.folded.get(name.key)
        return found

    def resolve(self, name: TableName) -> TableName:
        """The declared table a name stands for, after folding partitions into parents."""
        current = self.spelling(name)
        seen = {current.name}
        while current.name in self.parents:
            current = self.parents[current.name]
            if current.name in seen:
                break
            seen.add(current.name)
        return current


def emit_schema(
    facts: Sequence[SchemaFacts],
) -> tuple[list[Node], list[Edge], list[Alias]]:
    """Nodes, edges and aliases for every schema fact, with names resolved across all of them."""
    resolver = _Resolver()
    tables = _declare(facts, resolver)
    views = {resolver.declare(v.view).name: v for f in facts for v in f.views}
    aliases = _fold_partitions(facts, resolver)
    keys = _primary_keys(facts, tables, resolver)
    nodes = _table_nodes(tables, keys, resolver) + _view_nodes(views)
    edges = _fk_edges(facts, keys, resolver) + _view_edges(views, tables, resolver)
    return nodes, edges, aliases


def _declare(facts: Sequence[SchemaFacts], resolver: _Resolver) -> dict[str, tuple[TableDef, str]]:
    """Every declared table by its spelling, with the dialect of the file declaring it first."""
    tables: dict[str, tuple[TableDef, str]] = {}
    for fact in facts:
        for table in fact.tables:
            tables.setdefault(resolver.declare(table.table).name, (table, fact.dialect))
    return tables


def _fold_partitions(facts: Sequence[SchemaFacts], resolver: _Resolver) -> list[Alias]:
    """Record each partition's parent in the resolver; one alias per partition."""
    evidence: dict[str, Evidence] = {}
    for part in _partitions(facts):
        partition, parent = resolver.spelling(part.partition), resolver.spelling(part.parent)
        if partition.name != parent.name and partition.name not in resolver.parents:
            resolver.parents[partition.name] = parent
            evidence[partition.name] = part.evidence
    return [
        Alias(
            node_id(NodeKind.TABLE, child),
            node_id(NodeKind.TABLE, resolver.resolve(parent).name),
            evidence[child],
        )
        for child, parent in sorted(resolver.parents.items())
    ]


def _partitions(facts: Sequence[SchemaFacts]) -> Iterable[PartitionDef]:
    for fact in facts:
        yield from fact.partitions
        for table in fact.tables:
            if table.partition_of is not None:
                yield PartitionDef(table.table, table.partition_of, table.evidence)


def _primary_keys(
    facts: Sequence[SchemaFacts], tables: dict[str, tuple[TableDef, str]], resolver: _Resolver
) -> dict[str, list[str]]:
    """Each table's primary key, declared with it or added by a later `ALTER TABLE`."""
    keys = {
        name: list(table.primary_key) for name, (table, _) in tables.items() if table.primary_key
    }
    for fact in facts:
        for pk in fact.primary_keys:
            keys.setdefault(resolver.spelling(pk.table).name, list(pk.columns))
    return keys


def _table_nodes(
    tables: dict[str, tuple[TableDef, str]], keys: dict[str, list[str]], resolver: _Resolver
) -> list[Node]:
    """One node per table that is not a partition; its partitions are listed on it."""
    folded: dict[str, list[str]] = {}
    for child in resolver.parents:
        folded.setdefault(resolver.resolve(TableName(child, False)).name, []).append(child)
    nodes = []
    for name, (table, dialect) in sorted(tables.items()):
        if name in resolver.parents:
            continue
        attrs = {
            "schema": table.table.schema,
            "columns": list(table.columns),
            "primary_key": keys.get(name, []),
        }
        if dialect:
            attrs["dialect"] = dialect
        if name in folded:
            attrs["partitions"] = sorted(folded[name])
        nodes.append(Node.make(NodeKind.TABLE, name, table.evidence, **attrs))
    return nodes


def _view_nodes(views: dict[str, ViewDef]) -> list[Node]:
    return [
        Node.make(
            NodeKind.VIEW,
            name,
            view.evidence,
            schema=view.view.schema,
            materialized=view.materialized,
        )
        for name, view in sorted(views.items())
    ]


def _fk_edges(
    facts: Sequence[SchemaFacts], keys: dict[str, list[str]], resolver: _Resolver
) -> list[Edge]:
    """One edge per constraint, between the tables after folding partitions. A reference that
    names no columns is to the referenced table's primary key."""
    edges: list[Edge] = []
    for fact in facts:
        for fk in fact.foreign_keys:
            source, target = resolver.resolve(fk.table), resolver.resolve(fk.references)
            if source.name == target.name and fk.table.key != fk.references.key:
                continue  # a partition's key to its own parent is not a dependency
            referenced = list(fk.ref_columns) or keys.get(target.name, [])
            pair = [[list(fk.columns), referenced]]
            edges.append(
                Edge(
                    node_id(NodeKind.TABLE, source.name),
                    node_id(NodeKind.TABLE, target.name),
                    EdgeKind.FOREIGN_KEY,
                    fk.evidence,
                    {"keys": pair},
                )
            )
    return edges


def _view_edges(
    views: dict[str, ViewDef], tables: dict[str, tuple[TableDef, str]], resolver: _Resolver
) -> list[Edge]:
    """A view reads each table or view it selects from; catalog tables are left out."""
    edges: list[Edge] = []
    for name, view in sorted(views.items()):
        source = node_id(NodeKind.VIEW, name)
        for read, evidence in view.reads:
            target = resolver.resolve(read)
            if target.name in views and target.name not in tables:
                edges.append(
                    Edge(source, node_id(NodeKind.VIEW, target.name), EdgeKind.READS, evidence)
                )
            elif target.name in tables or not read.is_system():
                edges.append(
                    Edge(source, node_id(NodeKind.TABLE, target.name), EdgeKind.READS, evidence)
                )
    return edges
