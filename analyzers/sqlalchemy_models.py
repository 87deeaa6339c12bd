"""SQLAlchemy, Flask-SQLAlchemy and SQLModel models and Core tables.

What it detects:
- declarative classes that descend from a declarative base: a subclass of `DeclarativeBase`, the
  result of `declarative_base()`, an `@as_declarative` class, Flask-SQLAlchemy's `db.Model` (for a
  `db = SQLAlchemy()` of the analysed code, or any `<name>.Model` that is not Django's), or
  SQLModel's `SQLModel` with `table=True`. A class with a literal `__tablename__` is a model even
  when its base cannot be resolved. `__abstract__ = True` classes and mixins are not mapped, but
  their columns belong to the tables of the models that inherit them;
- the table of each model: its `__tablename__`; its `__table__ = some_table`; for Flask-SQLAlchemy
  models without one, the class name in snake case (`OrderLine` -> `order_line`) when the class
  defines a primary key, else its mapped parent's table (single-table inheritance); for SQLModel,
  the class name in lower case;
- Core tables: `name = Table("t", metadata, Column(...), ...)` (also `db.Table`);
- columns (`Column`, `mapped_column`, annotations, SQLModel's `Field`) and foreign keys
  (`ForeignKey("t.c")`, `ForeignKey(Model.id)`, `ForeignKey(table.c.id)`, `ForeignKeyConstraint`,
  SQLModel's `Field(foreign_key="t.c")`).

Naming rule for several databases: a table in a non-default schema is `schema.name`; a table under a
Flask-SQLAlchemy bind (`__bind_key__`, `bind_key=`, or `info={"bind_key": ...}`) is
`bind.name` (`bind.schema.name` with both). A foreign key's string target is read in the bind of the
table that declares it.

Why it matters: the model-to-table map is how every ORM read and write reaches a table.

Example: `class Order(Base): __tablename__ = "orders"` in `shop/orders/models.py` gives
`model:shop.orders.models:Order` -maps_to-> `table:orders`.

Relationships: each `relationship(...)` of a model (its own, and those of the classes it inherits
from) with its target class (a name, or a string: a class name that is unique among the models, or
a dotted path), its `secondary` table (a Core table variable, a table name, or a model's
`__table__`) and the reverse attribute its `backref` creates on the target. It holds a collection
as `uselist=`, its annotation (`Mapped[list["Order"]]`) or a `lazy="dynamic"` loader says, else
when it is a many-to-many one or a one-to-many one (the target's table has a foreign key to the
model's, not the other way round); a backref the other way round (a many-to-one's reverse holds
many). A relationship to a class that is not a known model, or to a `secondary` that is not a known
table, is left out, as is a `viewonly=True` one (changes to it are never written).

Publishes `context.products["orm.models"]` (model qualified name -> table id, shared with the
Django analyzer), `context.products["orm.tables"]` (dotted Core table variable -> table id) and
`context.products["sqlalchemy_models.relationships"]` (table id -> attribute -> (target table id,
secondary table id or None, whether it holds a collection)), for the data access analyzer.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from analyzers.base import LinkContext
from analyzers.orm_names import MethodOrders, ModuleNames, in_migrations, lookup
from analyzers.orm_parse import parse_and_analyze
from analyzers.orm_sqlalchemy_extract import (
    SaClass,
    SaColumn,
    SaFile,
    SaRelation,
    SaTable,
    extract,
)
from analyzers.raw_sql import DEFAULT_SCHEMAS
from decompose.model import (
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    FileFacts,
    Node,
    NodeKind,
    Severity,
    SourceFile,
)
from decompose.model.evidence import source_lines

EXTERNAL_ROOTS = frozenset(
    {
        "sqlalchemy.orm.DeclarativeBase",
        "sqlalchemy.orm.DeclarativeBaseNoMeta",
        "sqlalchemy.orm.decl_api.DeclarativeBase",
        "sqlmodel.SQLModel",
        "sqlmodel.main.SQLModel",
    }
)
_MARKERS = ("Column", "mapped_column", "Table(", "__tablename__", "SQLModel", "Mapped[")
# table id -> attribute -> (target table id, secondary table id or None, holds a collection)
Relationships = dict[str, dict[str, tuple[str, str | None, bool]]]
_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")


def table_id_name(name: str, schema: str | None = None, bind: str | None = None) -> str:
    """The graph name of a table under the several-databases rule.

    >>> table_id_name("users"), table_id_name("users", "auth", "legacy")
    ('users', 'legacy.auth.users')
    """
    full = f"{schema}.{name}" if schema and schema.lower() not in DEFAULT_SCHEMAS else name
    return f"{bind}.{full}" if bind else full


def snake_case(name: str) -> str:
    """Flask-SQLAlchemy's default table name for a class name.

    >>> snake_case("OrderLine"), snake_case("HTTPLog"), snake_case("user2Group")
    ('order_line', 'http_log', 'user2_group')
    """
    return _SNAKE.sub(r"_\1", name).lower().lstrip("_")


class SqlalchemyModelsAnalyzer:
    name = "sqlalchemy_models"
    version = "8"

    def accepts(self, path: str) -> bool:
        return path.endswith(".py")

    def analyze(self, source: SourceFile) -> FileFacts:
        return parse_and_analyze(self, source)

    def analyze_tree(self, tree: ast.Module, source: SourceFile) -> FileFacts:
        text = source.text
        if source.module is None or in_migrations(source.path):
            return FileFacts.skipped(self.name, source.path, "not application code")
        if not any(m in text for m in _MARKERS) and "import *" not in text:
            return FileFacts.skipped(self.name, source.path, "no SQLAlchemy markers")
        data = extract(tree, source.module, source.path, source_lines(text))
        if not (data.classes or data.tables or data.roots or data.names.stars):
            return FileFacts.skipped(self.name, source.path, "no classes or tables")
        return FileFacts(self.name, source.path, data=data)

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        files = [f.data for f in facts if isinstance(f.data, SaFile)]
        mapping = _Mapper(files).run()
        models = context.products.setdefault("orm.models", {})
        models.update(mapping.models)
        context.products.setdefault("orm.tables", {}).update(mapping.core)
        context.products["sqlalchemy_models.relationships"] = mapping.relationships
        return FileFacts(
            self.name,
            "",
            nodes=tuple(mapping.nodes),
            edges=tuple(mapping.edges),
            diagnostics=tuple(mapping.diagnostics),
        )


@dataclass
class _Mapping:
    models: dict[str, str]
    core: dict[str, str]
    nodes: list[Node]
    edges: list[Edge]
    diagnostics: list[Diagnostic]
    relationships: Relationships = field(default_factory=dict)


class _Mapper:
    """Resolves classes across files into models, tables and foreign keys."""

    def __init__(self, files: Sequence[SaFile]) -> None:
        self.classes: dict[str, tuple[SaClass, ModuleNames]] = {
            c.qual: (c, f.names) for f in files for c in f.classes
        }
        self.core: dict[str, SaTable] = {t.var: t for f in files for t in f.tables}
        self.core_names = {t.var: f.names for f in files for t in f.tables}
        self.roots = set(EXTERNAL_ROOTS) | {r for f in files for r in f.roots}
        self.stars = {f.names.module: f.names for f in files}
        self._known = {**dict.fromkeys(self.classes), **dict.fromkeys(self.roots)}
        self._tables: dict[str, str | None] = {}
        self._flavours: dict[str, str | None] = {}
        self._mapped_by_short: dict[str, list[str]] = {}  # class name -> mapped classes
        self._by_name: dict[str, set[str]] = {}  # mapped table name -> its table id
        self._core_by_name: dict[str, set[str]] = {}  # Core table name -> table ids
        self._orders = MethodOrders(lambda qual: self._parents(*self.classes[qual]))
        self.out = _Mapping({}, {}, [], [], [])

    def run(self) -> _Mapping:
        for var in sorted(self.core):
            self._core_table(self.core[var])
        for qual in sorted(self.classes):
            self._model(qual)
        self._relationships()
        return self.out

    # -- resolution -------------------------------------------------------------------------

    def _base(self, ref: str, names: ModuleNames) -> str | None:
        found = lookup(ref, names, self._known, self.stars)
        if (
            found is None
            and ref.endswith(".Model")
            and not names.resolve(ref).startswith("django.")
        ):
            return "<flask>.Model"  # an unresolved `db.Model`: Flask-SQLAlchemy's base
        return found

    def _flavour(self, qual: str, seen: frozenset[str] = frozenset()) -> str | None:
        """ "flask", "sqlmodel" or "plain" when the class descends from a declarative base."""
        if qual in self._flavours:
            return self._flavours[qual]
        if qual in self.roots or qual == "<flask>.Model":
            return _root_flavour(qual)
        entry = self.classes.get(qual)
        flavour = None
        if entry is not None and qual not in seen:
            for base in entry[0].bases:
                resolved = self._base(base, entry[1])
                flavour = self._flavour(resolved, seen | {qual}) if resolved else None
                if flavour:
                    break
        self._flavours[qual] = flavour
        return flavour

    def _parents(self, cls: SaClass, names: ModuleNames) -> list[str]:
        return [q for q in (self._base(b, names) for b in cls.bases) if q in self.classes]

    def _table_of(self, qual: str, seen: frozenset[str] = frozenset()) -> str | None:
        """The table name (graph form) a class maps to, or None when it is not mapped."""
        if qual in self._tables:
            return self._tables[qual]
        cls, names = self.classes[qual]
        table = None if qual in seen else self._own_table(cls, names, seen | {qual})
        self._tables[qual] = table
        return table

    def _own_table(self, cls: SaClass, names: ModuleNames, seen: frozenset[str]) -> str | None:
        flavour = self._flavour(cls.qual)
        if cls.abstract or (flavour is None and cls.tablename is None):
            return None
        if flavour == "sqlmodel" and not cls.table_kw:
            return None
        parent = next(
            (t for t in (self._table_of(p, seen) for p in self._parents(cls, names)) if t), None
        )
        if cls.tablename is not None:
            return table_id_name(cls.tablename, cls.schema, cls.bind)
        if cls.table_var is not None:
            var = lookup(cls.table_var, names, self.core, self.stars)
            return self._core_name(self.core[var]) if var else None
        short = cls.qual.rsplit(".", 1)[-1]
        if flavour == "sqlmodel":
            return table_id_name(short.lower(), cls.schema, cls.bind)
        if flavour == "flask" and (self._has_primary(cls, names) or parent is None):
            return table_id_name(snake_case(short), cls.schema, cls.bind)
        return parent

    def _has_primary(self, cls: SaClass, names: ModuleNames) -> bool:
        return any(c.primary for c in self._columns(cls, names, frozenset()))

    def _columns(self, cls: SaClass, names: ModuleNames, seen: frozenset[str]) -> list[SaColumn]:
        """Own columns and those of unmapped ancestors (mixins, abstract classes)."""
        columns = list(cls.columns)
        for parent in self._parents(cls, names):
            if parent in seen or parent == cls.qual:
                continue
            pcls, pnames = self.classes[parent]
            if self._table_of(parent) is None:
                columns.extend(self._columns(pcls, pnames, seen | {cls.qual}))
        return columns

    # -- facts ------------------------------------------------------------------------------

    def _core_name(self, table: SaTable) -> str:
        return table_id_name(table.name, table.schema, table.bind)

    def _core_table(self, table: SaTable) -> None:
        name = self._core_name(table)
        self.out.core[table.var] = f"table:{name}"
        names = self.core_names[table.var]
        self._table_facts(name, table.columns, table.constraints, table.bind, names, table.evidence)

    def _model(self, qual: str) -> None:
        table = self._table_of(qual)
        cls, names = self.classes[qual]
        if table is None:
            if cls.has_tablename and cls.tablename is None and not cls.abstract:
                self.out.diagnostics.append(_unnamed(cls))
            return
        module, _, short = qual.rpartition(".")
        model = Node.make(
            NodeKind.MODEL, f"{module}:{short}", cls.evidence, table=table, orm="sqlalchemy"
        )
        self.out.nodes.append(model)
        self.out.models[model.name] = f"table:{table}"
        self.out.edges.append(Edge(model.id, f"table:{table}", EdgeKind.MAPS_TO, cls.evidence))
        columns = self._columns(cls, names, frozenset())
        self._table_facts(table, columns, cls.constraints, cls.bind, names, cls.evidence)

    def _table_facts(
        self,
        name: str,
        columns: Sequence[SaColumn],
        constraints: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
        bind: str | None,
        names: ModuleNames,
        evidence: Evidence,
    ) -> None:
        column_names = sorted({c.name for c in columns})
        self.out.nodes.append(Node.make(NodeKind.TABLE, name, evidence, columns=column_names))
        pairs: list[tuple[tuple[str, ...], tuple[str, ...], Evidence]] = [
            ((c.name,), (ref,), c.evidence or evidence) for c in columns for ref in c.foreign
        ]
        pairs += [(cols, refs, evidence) for cols, refs in constraints]
        for cols, refs, where in pairs:
            targets = [self._fk_target(r, bind, names) for r in refs]
            if any(t is None for t in targets) or len({t[0] for t in targets if t}) != 1:
                self.out.diagnostics.append(_unresolved_fk(where, name, refs))
                continue
            target = targets[0]
            assert target is not None
            keys = [[list(cols), [t[1] for t in targets if t]]]
            self.out.edges.append(
                Edge(
                    f"table:{name}",
                    f"table:{target[0]}",
                    EdgeKind.FOREIGN_KEY,
                    where,
                    {"keys": keys},
                )
            )

    def _fk_target(self, ref: str, bind: str | None, names: ModuleNames) -> tuple[str, str] | None:
        """(table name, column) for `t.c`, `schema.t.c`, `Model.attr` or `table_var.c.col`."""
        head, _, column = ref.rpartition(".")
        if not head:
            return None
        owner, _, c_marker = head.rpartition(".")
        if c_marker == "c" and owner:
            var = lookup(owner, names, self.core, self.stars)
            if var is not None:
                return self._core_name(self.core[var]), column
        cls = lookup(head, names, self.classes, self.stars)
        if cls is not None:
            table = self._table_of(cls)
            return (table, column) if table else None
        schema, _, table_name = head.rpartition(".")
        return table_id_name(table_name, schema or None, bind), column

    # -- relationships ----------------------------------------------------------------------

    def _relationships(self) -> None:
        """Each model's relationships, then the attributes their backrefs create (where the
        target does not declare one of that name)."""
        keys = {(e.source, e.target) for e in self.out.edges if e.kind is EdgeKind.FOREIGN_KEY}
        self._index_tables()
        found = self.out.relationships
        reverse: list[tuple[str, str, tuple[str, str | None, bool]]] = []
        for qual in sorted(self.classes):
            table = self._table_of(qual)
            for relation, owner, names in self._relations(qual) if table else []:
                side = f"table:{self._table_of(owner) or table}"
                resolved = self._resolve(relation, names, side, keys)
                if resolved is None:
                    continue
                target, secondary, direction = resolved
                many = direction in ("m2m", "o2m") if relation.uselist is None else relation.uselist
                found.setdefault(f"table:{table}", {}).setdefault(
                    relation.attr, (target, secondary, many)
                )
                if relation.backref:
                    back = relation.backref_uselist
                    back = direction in ("m2m", "m2o") if back is None else back
                    reverse.append((target, relation.backref, (f"table:{table}", secondary, back)))
        for target, attribute, value in reverse:
            found.setdefault(target, {}).setdefault(attribute, value)

    def _relations(self, qual: str) -> list[tuple[SaRelation, str, ModuleNames]]:
        """The relationships of a class and its ancestors (by attribute, the first in Python's
        method resolution order), with the class that declares each and the names of its file."""
        found: dict[str, tuple[SaRelation, str, ModuleNames]] = {}
        for current in self._orders(qual) or [qual]:
            cls, names = self.classes[current]
            for relation in cls.relations:
                found.setdefault(relation.attr, (relation, current, names))
        return list(found.values())

    def _index_tables(self) -> None:
        """The mapped classes by class name and the tables by name, once every class's table is
        known, for the strings that name a relationship's target or `secondary`."""
        for qual, table in self._tables.items():
            if table:
                self._mapped_by_short.setdefault(qual.rsplit(".", 1)[-1], []).append(qual)
                self._by_name.setdefault(table, set()).add(f"table:{table}")
        for var, table_id in self.out.core.items():
            self._core_by_name.setdefault(self.core[var].name, set()).add(table_id)

    def _resolve(
        self, relation: SaRelation, names: ModuleNames, side: str, keys: set[tuple[str, str]]
    ) -> tuple[str, str | None, str | None] | None:
        """(target table id, secondary table id or None, direction or None) of a relationship
        declared on the table `side`: "m2m" with a secondary, else "o2m" or "m2o" as the
        foreign keys between the two tables run one way."""
        target_class = self._target_class(relation.target, names)
        table = self._table_of(target_class) if target_class else None
        secondary = self._secondary(relation, names) if relation.secondary else None
        if table is None or (relation.secondary and secondary is None):
            return None
        target = f"table:{table}"
        out, back = (side, target) in keys, (target, side) in keys
        if secondary:
            return target, secondary, "m2m"
        if side == target or out == back:
            return target, None, None
        return target, None, "m2o" if out else "o2m"

    def _target_class(self, ref: str, names: ModuleNames) -> str | None:
        """A name of the file, else the one mapped class a string names (SQLAlchemy looks it up
        by class name, or by a module path that ends with it)."""
        found = lookup(ref, names, self.classes, self.stars)
        if found is not None:
            return found
        short = ref.rsplit(".", 1)[-1]
        matches = [q for q in self._mapped_by_short.get(short, []) if q.endswith(f".{ref}")]
        return matches[0] if len(matches) == 1 else None

    def _secondary(self, relation: SaRelation, names: ModuleNames) -> str | None:
        """The table id of a `secondary`: a Core table variable, a model's `__table__`, or a
        table name that one Core table (or a model) has."""
        ref = relation.secondary or ""
        if relation.named:
            core = self._core_by_name.get(ref, set())
            mapped = self._by_name.get(ref, set())
            return next(iter(core or mapped)) if len(core or mapped) == 1 else None
        var = lookup(ref, names, self.core, self.stars)
        if var is not None:
            return self.out.core[var]
        owner = lookup(ref.removesuffix(".__table__"), names, self.classes, self.stars)
        table = self._table_of(owner) if owner and ref.endswith(".__table__") else None
        return f"table:{table}" if table else None


def _root_flavour(qual: str) -> str:
    if qual.endswith("SQLModel"):
        return "sqlmodel"
    return "flask" if qual.endswith(".Model") else "plain"


def _unnamed(cls: SaClass) -> Diagnostic:
    return Diagnostic(
        cls.evidence.path,
        cls.evidence.line,
        f"{cls.qual}: __tablename__ is not a literal; its table is unknown",
        "sqlalchemy-models-dynamic-tablename",
        Severity.INFO,
    )


def _unresolved_fk(evidence: Evidence, table: str, refs: Sequence[str]) -> Diagnostic:
    return Diagnostic(
        evidence.path,
        evidence.line,
        f"foreign key of {table} to {', '.join(refs)} not resolved",
        "sqlalchemy-models-unresolved-fk",
        Severity.INFO,
    )


ANALYZER = SqlalchemyModelsAnalyzer()
