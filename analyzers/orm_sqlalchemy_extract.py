"""Per-file extraction for SQLAlchemy models: classes with their columns, foreign keys and
relationships, Core `Table(...)` definitions, and the names that make declarative bases.
Resolution is the link step's (analyzers.sqlalchemy_models)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeGuard

from analyzers.orm_names import (
    ModuleNames,
    call_name,
    is_true,
    keyword,
    literal_str,
    module_names,
    ref_of,
    top_statements,
)
from analyzers.python_names import dotted
from decompose.model import Evidence
from decompose.model.pickling import compact_pickle

COLUMN_CALLS = frozenset({"Column", "mapped_column", "Field"})
NOT_COLUMNS = frozenset({"relationship", "Relationship", "relation", "backref", "synonym"})
RELATIONSHIPS = frozenset({"relationship", "Relationship", "relation"})
# annotations that hold several related objects: `Mapped[list["Order"]]`, SQLModel's `list[Hero]`
COLLECTION_TYPES = frozenset(
    {"list", "List", "set", "Set", "Sequence", "MutableSequence", "Collection", "AbstractSet"}
)
QUERY_TYPES = frozenset({"DynamicMapped", "WriteOnlyMapped"})  # always a collection
BASE_FACTORIES = frozenset({"declarative_base", "generate_base"})
FLASK_FACTORIES = frozenset({"SQLAlchemy"})

FkPair = tuple[tuple[str, ...], tuple[str, ...]]  # local columns, referenced "table.column" refs


_At = Callable[[ast.stmt | ast.expr], Evidence]  # the evidence of a statement or expression


@compact_pickle
@dataclass(frozen=True, slots=True)
class SaColumn:
    name: str
    primary: bool
    foreign: tuple[str, ...]  # "table.column", "Model.attr" or "var.c.column", as written
    evidence: Evidence | None = None  # where it is declared, for a column with a foreign key


@compact_pickle
@dataclass(frozen=True, slots=True)
class SaRelation:
    """`attr = relationship(target, secondary=..., backref=...)` in a class body, as written."""

    attr: str
    target: str  # a class name, dotted name or string ("Order", "shop.models.Order")
    secondary: str | None  # a Core table variable (`groups_users`), or a table name if `named`
    named: bool  # `secondary` is a string: a table name
    backref: str | None  # the attribute it creates on the target (`backref=`)
    # `uselist=`, else what the annotation or the loader says (`Mapped[list[...]]`, "dynamic")
    uselist: bool | None
    backref_uselist: bool | None  # `backref("name", uselist=...)`


@dataclass(frozen=True, slots=True)
class SaTable:
    """A Core `Table("name", metadata, ...)` assigned to `var` (`module.var`)."""

    var: str
    name: str
    schema: str | None
    bind: str | None
    columns: tuple[SaColumn, ...]
    constraints: tuple[FkPair, ...]
    evidence: Evidence


@compact_pickle
@dataclass(frozen=True, slots=True)
class SaClass:
    qual: str  # `module.Class`
    bases: tuple[str, ...]  # as written (resolved at link time)
    tablename: str | None
    has_tablename: bool  # set, even if not a literal (declared_attr)
    abstract: bool
    table_kw: bool  # SQLModel's `table=True`
    bind: str | None
    schema: str | None
    table_var: str | None  # `__table__ = some_table`
    columns: tuple[SaColumn, ...]
    constraints: tuple[FkPair, ...]
    evidence: Evidence
    relations: tuple[SaRelation, ...] = ()


@compact_pickle
@dataclass(frozen=True, slots=True)
class SaFile:
    names: ModuleNames
    classes: tuple[SaClass, ...]
    tables: tuple[SaTable, ...]
    roots: tuple[str, ...]  # `module.Base` (declarative_base()), `module.db.Model` (SQLAlchemy())


def extract(tree: ast.Module, module: str, path: str, lines: list[str]) -> SaFile:
    names = module_names(tree, module, path)
    classes: list[SaClass] = []
    tables: list[SaTable] = []
    roots: list[str] = []

    def evidence(node: ast.stmt | ast.expr) -> Evidence:
        text = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
        return Evidence.at(path, node.lineno, text)

    for node in top_statements(tree.body):
        if isinstance(node, ast.ClassDef):
            classes.append(_class(node, f"{module}.{node.name}", evidence))
            if any(_is_as_declarative(d) for d in node.decorator_list):
                roots.append(f"{module}.{node.name}")
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if not isinstance(target, ast.Name) or not isinstance(node.value, ast.Call):
                continue
            kind = call_name(node.value)
            if kind is not None and "." not in kind:  # `Table as DBTable`: the name imported
                kind = names.resolve(kind).rsplit(".", 1)[-1]
            if kind == "Table":
                table = _core_table(node.value, f"{module}.{target.id}", evidence)
                if table is not None:
                    tables.append(table)
            elif kind in BASE_FACTORIES:
                roots.append(f"{module}.{target.id}")
            elif kind in FLASK_FACTORIES:
                roots.append(f"{module}.{target.id}.Model")
    return SaFile(names, tuple(classes), tuple(tables), tuple(sorted(set(roots))))


def _is_as_declarative(decorator: ast.expr) -> bool:
    name = call_name(decorator) or dotted(decorator) or ""
    return name.split(".")[-1] == "as_declarative"


def _class(node: ast.ClassDef, qual: str, at: _At) -> SaClass:
    evidence = at(node)
    attrs: dict[str, ast.expr] = {}
    columns: list[SaColumn] = []
    relations: list[SaRelation] = []
    for stmt in node.body:
        for name, value, annotation in _assignments(stmt):
            if name.startswith("__"):
                attrs[name] = value if value is not None else ast.Constant(None)
                continue
            column = _column(name, value, annotation is not None, at)
            relation = _relation(name, value, annotation)
            columns.extend([column] if column else [])
            relations.extend([relation] if relation else [])
    table_args = attrs.get("__table_args__")
    options = _table_options(table_args)
    tablename = attrs.get("__tablename__")
    table_value = attrs.get("__table__")
    return SaClass(
        qual=qual,
        bases=tuple(b for b in map(dotted, node.bases) if b),
        tablename=literal_str(tablename),
        has_tablename=tablename is not None,
        abstract=is_true(attrs.get("__abstract__")),
        table_kw=is_true(keyword_of(node, "table")),
        bind=literal_str(attrs.get("__bind_key__")) or options.get("bind"),
        schema=options.get("schema"),
        table_var=dotted(table_value) if table_value is not None else None,
        columns=tuple(columns),
        constraints=_constraints(table_args),
        evidence=evidence,
        relations=tuple(relations),
    )


def keyword_of(node: ast.ClassDef, name: str) -> ast.expr | None:
    for kw in node.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _assignments(stmt: ast.stmt) -> list[tuple[str, ast.expr | None, ast.expr | None]]:
    """(name, value, annotation) of class-body assignments; a `@declared_attr` method counts as
    assigning what it returns."""
    if isinstance(stmt, ast.FunctionDef) and any(
        (dotted(d) or "").rsplit(".", 1)[-1] == "declared_attr" for d in stmt.decorator_list
    ):
        returned = [r.value for r in ast.walk(stmt) if isinstance(r, ast.Return) and r.value]
        return [(stmt.name, returned[0], None)] if len(returned) == 1 else []
    if isinstance(stmt, ast.Assign):
        return [(t.id, stmt.value, None) for t in stmt.targets if isinstance(t, ast.Name)]
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        if _is_classvar(stmt.annotation):
            return []
        return [(stmt.target.id, stmt.value, stmt.annotation)]
    return []


def _is_classvar(annotation: ast.expr) -> bool:
    base = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    name = dotted(base) or ""
    return name.split(".")[-1] == "ClassVar"


def _column(name: str, value: ast.expr | None, annotated: bool, at: _At) -> SaColumn | None:
    """A column from `x = Column(...)`, `x: Mapped[int] = mapped_column(...)`, or a bare
    annotation (`x: Mapped[int]`, SQLModel's `x: int`)."""
    kind = call_name(value) if value is not None else None
    if value is None and annotated:
        return SaColumn(name, False, ())
    if not isinstance(value, ast.Call) or kind not in COLUMN_CALLS:
        return None
    first = literal_str(value.args[0]) if value.args else None
    column = first or literal_str(keyword(value, "name")) or name
    foreign = tuple(_foreign_refs(value))
    if kind == "Field":  # SQLModel: Field(foreign_key="t.c")
        ref = literal_str(keyword(value, "foreign_key"))
        foreign += (ref,) if ref else ()
    primary = is_true(keyword(value, "primary_key"))
    return SaColumn(column, primary, foreign, at(value) if foreign else None)


def _relation(name: str, value: ast.expr | None, annotation: ast.expr | None) -> SaRelation | None:
    """A relationship from `x = relationship("Order", ...)` (also `db.relationship`,
    `sa.orm.relationship`) or `x: Mapped[list["Order"]] = relationship(...)`, whose target the
    annotation gives when the call does not; None when the target is not a name or a string."""
    if not isinstance(value, ast.Call) or call_name(value) not in RELATIONSHIPS:
        return None
    if is_true(keyword(value, "viewonly")):
        return None  # changes to a view-only relationship are never written
    argument = value.args[0] if value.args else keyword(value, "argument")
    annotated, many = _annotated(annotation) if annotation is not None else (None, None)
    target = ref_of(argument) if argument is not None else annotated
    secondary = keyword(value, "secondary")
    if target is None or (secondary is not None and ref_of(secondary) is None):
        return None  # a callable or an expression: not known without running it
    backref, backref_uselist = _backref(keyword(value, "backref"))
    return SaRelation(
        attr=name,
        target=target,
        secondary=ref_of(secondary) if secondary is not None else None,
        named=literal_str(secondary) is not None,
        backref=backref,
        # a dynamic loader makes a collection; else the annotation decides, one object included
        uselist=_flag(keyword(value, "uselist"), _queried(value) or many),
        backref_uselist=backref_uselist,
    )


def _annotated(annotation: ast.expr) -> tuple[str | None, bool | None]:
    """(target as written, whether it holds a collection) of a relationship's annotation.

    >>> _annotated(ast.parse('Mapped[list["Order"]]', mode="eval").body)
    ('Order', True)
    >>> _annotated(ast.parse('Mapped[Optional["shop.User"]]', mode="eval").body)
    ('shop.User', False)
    """
    node = _unquoted(annotation)
    outer = _subscripted(node)
    if outer in QUERY_TYPES | {"Mapped"} and isinstance(node, ast.Subscript):
        if outer in QUERY_TYPES:
            return ref_of(_unquoted(node.slice)), True
        node = _unquoted(node.slice)
    inner = _subscripted(node)
    if isinstance(node, ast.Subscript) and inner in COLLECTION_TYPES | {"Optional"}:
        return ref_of(_unquoted(node.slice)), inner != "Optional"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):  # `User | None`
        sides = [s for s in (node.left, node.right) if not _is_none(s)]
        return (ref_of(_unquoted(sides[0])), False) if len(sides) == 1 else (None, None)
    found = ref_of(node)
    return (found, False) if found else (None, None)


def _unquoted(node: ast.expr) -> ast.expr:
    """A string annotation as the expression it spells (`"list[Order]"`), else the node."""
    text = literal_str(node)
    if text is None:
        return node
    try:
        parsed = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return node
    return parsed if isinstance(parsed, (ast.Name, ast.Attribute, ast.Subscript)) else node


def _subscripted(node: ast.expr) -> str | None:
    """The last name of a subscripted type: `typing.List[X]` -> `List`."""
    base = dotted(node.value) if isinstance(node, ast.Subscript) else None
    return base.rsplit(".", 1)[-1] if base else None


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _flag(node: ast.expr | None, default: bool | None) -> bool | None:
    """A literal `True`/`False`, else the default."""
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return node.value
    return default


def _backref(node: ast.expr | None) -> tuple[str | None, bool | None]:
    """The name of a `backref="x"` or `backref=backref("x", uselist=...)`, with its `uselist`."""
    if isinstance(node, ast.Call) and call_name(node) == "backref" and node.args:
        return literal_str(node.args[0]), _flag(keyword(node, "uselist"), _queried(node))
    return literal_str(node), None


def _queried(call: ast.Call) -> bool | None:
    """True for `lazy="dynamic"` or `lazy="write_only"`: a loader only a collection has."""
    return True if literal_str(keyword(call, "lazy")) in ("dynamic", "write_only") else None


def _foreign_refs(call: ast.Call) -> list[str]:
    refs: list[str] = []
    for arg in call.args:
        if isinstance(arg, ast.Call) and call_name(arg) == "ForeignKey" and arg.args:
            ref = ref_of(arg.args[0])
            if ref:
                refs.append(ref)
    return refs


def _table_options(node: ast.expr | None) -> dict[str, str]:
    """`schema` and `bind` (from `info={"bind_key": ...}`) of `__table_args__`."""
    found: dict[str, str] = {}
    dicts = [node] if isinstance(node, ast.Dict) else []
    if isinstance(node, ast.Tuple) and node.elts and isinstance(node.elts[-1], ast.Dict):
        dicts.append(node.elts[-1])
    for mapping in dicts:
        for key, value in zip(mapping.keys, mapping.values, strict=True):
            name = literal_str(key)
            if name == "schema" and literal_str(value):
                found["schema"] = literal_str(value) or ""
            elif name == "info" and isinstance(value, ast.Dict):
                found.update(_bind_from_info(value))
    return found


def _bind_from_info(info: ast.Dict) -> dict[str, str]:
    for key, value in zip(info.keys, info.values, strict=True):
        if literal_str(key) == "bind_key" and literal_str(value):
            return {"bind": literal_str(value) or ""}
    return {}


def _constraints(node: ast.expr | None) -> tuple[FkPair, ...]:
    if node is None:
        return ()
    pairs: list[FkPair] = []
    for call in ast.walk(node):
        if _is_call_to(call, "ForeignKeyConstraint") and len(call.args) >= 2:
            cols, refs = _strings(call.args[0]), _refs(call.args[1])
            if cols and len(cols) == len(refs):
                pairs.append((cols, refs))
    return tuple(pairs)


def _is_call_to(node: ast.AST, name: str) -> TypeGuard[ast.Call]:
    return isinstance(node, ast.Call) and call_name(node) == name


def _strings(node: ast.expr) -> tuple[str, ...]:
    if isinstance(node, (ast.List, ast.Tuple)):
        return tuple(s for s in map(literal_str, node.elts) if s)
    return ()


def _refs(node: ast.expr) -> tuple[str, ...]:
    if isinstance(node, (ast.List, ast.Tuple)):
        return tuple(r for r in map(ref_of, node.elts) if r)
    return ()


def _core_table(call: ast.Call, var: str, at: _At) -> SaTable | None:
    evidence = at(call)
    name = literal_str(call.args[0]) if call.args else None
    if name is None:
        return None
    columns: list[SaColumn] = []
    for arg in call.args[1:]:
        if isinstance(arg, ast.Call) and call_name(arg) == "Column" and arg.args:
            column = _column(literal_str(arg.args[0]) or "", arg, False, at)
            if column is not None and column.name:
                columns.append(column)
    constraints = _constraints(ast.Tuple(elts=list(call.args[1:]), ctx=ast.Load()))
    info = keyword(call, "info")
    bind = literal_str(keyword(call, "bind_key"))
    if bind is None and isinstance(info, ast.Dict):
        bind = _bind_from_info(info).get("bind")
    schema = literal_str(keyword(call, "schema"))
    return SaTable(var, name, schema, bind, tuple(columns), constraints, evidence)
