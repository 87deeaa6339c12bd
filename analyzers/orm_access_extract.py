"""Per-file extraction for the data access analyzer: ORM reads and writes by local model name, raw
SQL, ORM joins and transaction scopes, in one walk over the shared syntax tree.

Names are recorded as written (`Order`, `models.Order`); the link step resolves them against every
model found (analyzers.data_access). Rules, by pattern:
- Django: a call chain on a manager (`M.objects`, `M._default_manager`, `M._base_manager`) reads,
  or writes when a method in it writes (`create`, `update`, `delete`, `bulk_create`,
  `bulk_update`; `get_or_create` and `update_or_create` both read and write); `.raw(sql)` is
  raw SQL; `get_object_or_404(M, ...)` and `get_list_or_404(M, ...)` read M.
- Flask-SQLAlchemy: a chain on `M.query` likewise (`update`/`delete` write).
- SQLAlchemy: `select(M, ...)` reads its model arguments and `.join(N)` / `.outerjoin(N)` /
  `.select_from(N)` on it reads N and joins M and N; `<session>.query(M, ...)` the same, a chained
  `.update()` / `.delete()` writes instead; `insert(M)`, `update(M)`, `delete(M)` write;
  `table.insert()` / `.update()` / `.delete()` write and `.select()` reads a Core table.
- Sessions (a receiver whose last name contains "session"): `get(M, ...)` reads; `add(x)`,
  `merge(x)`, `delete(x)`, `add_all([...])`, `bulk_insert_mappings(M, ...)` write, where x is a
  constructor call `M(...)` or a name assigned one (or assigned `session.get(M, ...)`, a manager or
  query chain) earlier in the same function; `x.save()` and `x.delete()` write likewise, and `self`
  in a method stands for its class.
- Related and custom managers: `x.<manager>.<method>(...)` where x holds an instance of a known
  model (also a loop name over a manager or query chain, or a call that yields an instance), and
  `M.<manager>.<method>(...)` on a class; the link step looks the manager name up among the
  model's relations and its declared managers (analyzers.django_models), and among its
  SQLAlchemy relationships (`user.orders.append(order)`, analyzers.sqlalchemy_models).
- Manager and queryset classes: in a method, `self.<queryset method>(...)` or
  `super().get_queryset()...`; the link step knows which models use the class.
- `self.model` in a method of a class stands for `<class>.model`: the link step reads it from the
  `model = Product` of the class or of the classes it inherits from (`ClassModel` of
  analyzers.orm_names, kept for every class at module level), or, in a manager or queryset
  class, as the models that use the class.
An access whose receiver is surely the database (a manager, a session) but whose model is not known
is kept with `certain=True`, so that the link step counts it instead of dropping it.
"""

from __future__ import annotations

import ast
import re
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from analyzers.orm_access_patterns import (
    ALIAS,
    REQUEST,
    Found,
    chain_facts,
    instance_ref,
    own_query,
    own_write,
    related_model,
    unroll,
)
from analyzers.orm_access_sql import (
    Span,
    commit_spans,
    is_atomic_decorator,
    is_commit,
    sql_argument,
    string_value,
    with_scope_kind,
)
from analyzers.orm_django_lookups import lookup_paths
from analyzers.orm_names import (
    ClassModel,
    ModuleNames,
    get_model_ref,
    loaded_class_ref,
    loaded_class_refs,
    module_names,
)
from analyzers.python_names import Scope, absolute_module, dotted, is_package
from decompose.model import Evidence
from decompose.model.pickling import compact_pickle

MARKERS = (
    "objects", "session", "exec", "select(", "query", "insert(", "update(", "delete(",
    "raw(", "RawSQL", "atomic", "begin(", "commit(", "text(", ".save(", "_manager", "get_model",
    "load_model", "_or_404(",
)  # fmt: skip
# what a related manager call looks like: enough to walk a function, too common to find a file;
# not `.get(`, which dicts share: on saleor it made the walk a fifth slower for two more accesses
RELATED_MARKERS = (
    ".all()", ".filter(", ".exclude(", ".create(", ".count()", ".exists()", ".first()",
    ".add(", ".remove(", ".clear()", ".set(", ".values(", ".order_by(", "_set.",
    ".last()", ".values_list(", ".annotate(", ".aggregate(", ".select_related(",
    ".prefetch_related(", "_or_create(", ".in_bulk(", ".iterator(", ".distinct(",
)  # fmt: skip
# a change to a relationship collection (`user.orders.append(order)`) is never on a bare name, as
# lists are built: as a plain marker, `.append(` made the walk 7% slower on saleor
_OWNER = re.compile(r"\w\.\w+\Z")  # what `.append(` follows there: `user.orders`
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
NO_PATHS: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


@compact_pickle
@dataclass(frozen=True, slots=True)
class Access:
    scope: str  # function qualname, "" for module-level code
    op: str  # "read" | "write"
    ref: str  # the model or table name as written
    via: str  # "django" | "sqlalchemy" | "orm" (an instance method: the model's ORM decides)
    certain: bool
    evidence: Evidence
    # a Django queryset's relation paths: joined, and prefetched (analyzers.orm_django_lookups)
    joined: tuple[str, ...] = ()
    prefetched: tuple[str, ...] = ()


@compact_pickle
@dataclass(frozen=True, slots=True)
class RelatedAccess:
    """`<owner>.<manager>.<methods>()`, where `ref` is the owner's model (an instance or the class);
    with `manager` "", a chain on the queryset of the class `ref` itself (`self.filter(...)`)."""

    scope: str
    ref: str
    manager: str
    methods: tuple[str, ...]
    evidence: Evidence
    joined: tuple[str, ...] = ()  # as for `Access`
    prefetched: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrmJoin:
    scope: str
    left: str
    right: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class RawSql:
    scope: str
    text: str
    evidence: Evidence


@compact_pickle
@dataclass(frozen=True, slots=True)
class AccessFile:
    names: ModuleNames
    path: str
    accesses: tuple[Access, ...]
    joins: tuple[OrmJoin, ...]
    raw: tuple[RawSql, ...]
    transactions: tuple[tuple[str, tuple[Span, ...], Evidence], ...]
    aliases: tuple[tuple[str, str], ...] = ()  # `module.Name` -> what a module-level name holds
    related: tuple[RelatedAccess, ...] = ()
    classes: tuple[ClassModel, ...] = ()
    class_scopes: frozenset[str] = frozenset()  # the scopes above that are class bodies


@dataclass
class _Walk:
    module: str
    path: str
    lines: list[str]
    classes: set[Scope] = field(default_factory=set)
    vars: dict[tuple[str, str], str] = field(default_factory=dict)
    consts: dict[str, dict[str, str]] = field(default_factory=dict)  # scope -> name -> text
    consumed: set[int] = field(default_factory=set)
    accesses: list[Access] = field(default_factory=list)
    joins: list[OrmJoin] = field(default_factory=list)
    related: list[RelatedAccess] = field(default_factory=list)
    raw: list[RawSql] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)
    commits: dict[str, list[int]] = field(default_factory=dict)
    defs: dict[str, int] = field(default_factory=dict)
    this: dict[str, tuple[str, str]] = field(default_factory=dict)  # method -> (self, class)
    # the module's type variables (`T = TypeVar("T")`), and by class those its bases are given
    # (`class BaseDAO(Generic[T])`)
    typevars: frozenset[str] = frozenset()
    type_params: dict[str, frozenset[str]] = field(default_factory=dict)

    def evidence(self, node: ast.expr | ast.stmt) -> Evidence:
        return self.at(node.lineno)

    def at(self, line: int) -> Evidence:
        return Evidence.at(self.path, line, self.lines[line - 1] if line <= len(self.lines) else "")

    def local(self, qual: str) -> Callable[[str], str | None]:
        """What a name holds in a function: its own assignment, else a module-level one."""
        return lambda name: self.vars.get((qual, name)) or self.vars.get(("", name))

    def function(self, scope: Scope) -> str:
        """The qualname of the innermost function or class around a scope ("" at module level):
        a class body's `queryset = Order.objects.all()` is the class's, not the module's (a
        queryset is lazy: the class's methods run it, importing the module does not)."""
        return ".".join(scope)


def extract(
    tree: ast.Module,
    module: str,
    path: str,
    lines: list[str],
    classes: tuple[ClassModel, ...] = (),
    *,
    collections: bool = True,
) -> AccessFile:
    """The accesses of one file, with its classes (`class_models`) handed in; `collections` is
    whether its text may change a relationship collection (`changes_collection`), as the caller
    found out already."""
    walk = _Walk(module, path, lines, typevars=_type_variables(tree))
    for scope, node in _walk(tree, lines, collections):
        kind = type(node)
        if kind is ast.Call:
            _call(walk, walk.function(scope), node)  # type: ignore[arg-type]
        elif kind is ast.Assign:
            _assign(walk, walk.function(scope), node)  # type: ignore[arg-type]
        elif kind is ast.ClassDef:
            walk.classes.add((*scope, node.name))  # type: ignore[attr-defined]
            if walk.typevars:
                _class_type_params(walk, scope, node)  # type: ignore[arg-type]
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            _function(walk, scope, node)  # type: ignore[arg-type]
        elif kind is ast.With or kind is ast.AsyncWith:
            _with(walk, walk.function(scope), node)  # type: ignore[arg-type]
        elif kind is ast.For or kind is ast.AsyncFor:
            _for(walk, walk.function(scope), node)  # type: ignore[arg-type]
        elif kind is ast.ImportFrom and scope:
            _local_import(walk, walk.function(scope), node)  # type: ignore[arg-type]
    return _result(walk, module_names(tree, module, path), classes)


# Nodes with nothing below them that the walk looks at: not worth a visit (a parameter holds
# only its annotation).
_LEAVES = frozenset(
    node
    for node in vars(ast).values()
    if isinstance(node, type)
    and issubclass(node, (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop))
) | {ast.Name, ast.Constant, ast.alias, ast.Pass, ast.Break, ast.Continue, ast.Import, ast.arg}
# The node types the walk visits: a set lookup on a child's type also leaves out the fields that
# hold no node (names, constants, None).
_VISITED = frozenset(
    node
    for node in vars(ast).values()
    if isinstance(node, type) and issubclass(node, ast.AST) and node not in _LEAVES
)
_FIELDS: dict[type, tuple[str, ...]] = {}
# what `extract` looks at: the walk yields no other node
_SEEN = frozenset(
    {ast.Call, ast.Assign, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.With}
    | {ast.AsyncWith, ast.For, ast.AsyncFor, ast.ImportFrom}
)


def _children(node: ast.AST) -> list[ast.AST]:
    """The visited nodes right below a node, in source order (as `ast.iter_child_nodes`)."""
    kind = type(node)
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(f for f in kind._fields if f not in ("ctx", "op"))
    found: list[ast.AST] = []
    for name in fields:
        value: Any = getattr(node, name, None)
        if type(value) is list:
            found += [item for item in value if type(item) in _VISITED]
        elif type(value) in _VISITED:
            found.append(value)
    return found


def _walk(tree: ast.Module, lines: list[str], collections: bool) -> Iterator[tuple[Scope, ast.AST]]:
    """Every node `extract` looks at (`_SEEN`) with the names of the classes and functions
    around it (as analyzers.python_names.walk_with_scope), leaving out statements whose text
    holds no marker: most code touches no database, and this keeps the walk a fraction of the
    parse. An unmarked assignment is still seen (not what is inside it): it may bind a name used
    further on."""
    marked = _MarkedLines(lines, collections)
    stack: list[tuple[Scope, ast.AST]] = [((), tree)]
    while stack:
        scope, node = stack.pop()
        if isinstance(node, ast.stmt) and not marked.any_in(node):
            if isinstance(node, (ast.Assign, ast.ImportFrom)):
                yield scope, node  # may bind a model, an instance or a SQL string used later
            elif not isinstance(node, _DEFS):
                stack.extend((scope, c) for c in reversed(_statements(node)))
            continue
        if type(node) in _SEEN:
            yield scope, node
        children = _children(node)
        if not isinstance(node, _DEFS):
            stack.extend((scope, c) for c in reversed(children))
            continue
        inner = (*scope, node.name)
        outer = set(map(id, node.decorator_list))  # decorators and bases run outside
        if isinstance(node, ast.ClassDef):
            outer |= set(map(id, node.bases)) | {id(k) for k in node.keywords}
        stack.extend((scope if id(c) in outer else inner, c) for c in reversed(children))


def _statements(node: ast.stmt) -> list[ast.stmt]:
    """The statements nested in a compound statement (`if`, `for`, `try`, `with`...)."""
    found: list[ast.stmt] = []
    for name in ("body", "orelse", "finalbody"):
        found.extend(getattr(node, name, None) or ())
    for handler in getattr(node, "handlers", ()):
        found.extend(handler.body)
    return found


def literal_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, with shared prefixes factored out: each
    position tries one branch per distinct next character, not one per word (twice as fast
    over a file as a plain alternation of the markers).

    >>> literal_pattern(["save", "session", "select", "sessions"])
    's(?:ave|e(?:lect|ssion(?:s)?))'
    """
    heads: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            heads.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    branches = [re.escape(head) + literal_pattern(rest) for head, rest in sorted(heads.items())]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else f"(?:{'|'.join(branches)})"
    return body + "?" if ends else body


_MARKER = re.compile(literal_pattern(MARKERS + RELATED_MARKERS))


def changes_collection(text: str) -> bool:
    """Whether a text may change a relationship collection (`user.orders.append(order)`).

    >>> changes_collection("rows.append(row)"), changes_collection("user.orders.append(order)")
    (False, True)
    """
    for verb in (".append(", ".extend("):  # a few places a file, found by `find`, not a pattern
        start = text.find(verb)
        while start != -1:
            if _OWNER.search(text, max(0, start - 80), start):
                return True
            start = text.find(verb, start + 1)
    return False


class _MarkedLines:
    """Whether a statement's lines (decorators included) hold a marker, in constant time: the
    number of marked lines up to each line is counted once per file; a line that changes a
    relationship collection is looked for only where the file may have one (`collections`).

    >>> tree = ast.parse("x = 1\\ny = User.objects.all()\\n")
    >>> marked = _MarkedLines(["x = 1", "y = User.objects.all()"], collections=False)
    >>> [marked.any_in(statement) for statement in tree.body]
    [False, True]
    """

    def __init__(self, lines: list[str], collections: bool) -> None:
        if collections:  # rare: the common case stays one search a line
            marked = (1 if _MARKER.search(x) or changes_collection(x) else 0 for x in lines)
        else:
            marked = (1 if _MARKER.search(line) else 0 for line in lines)
        self.upto: list[int] = [0, *accumulate(marked)]

    def any_in(self, node: ast.stmt) -> bool:
        first: int = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        last = min(node.end_lineno or node.lineno, len(self.upto) - 1)
        return first <= last and self.upto[last] > self.upto[first - 1]


def _result(walk: _Walk, names: ModuleNames, classes: tuple[ClassModel, ...]) -> AccessFile:
    transactions = []
    for qual in sorted(set(walk.spans) | set(walk.commits)):
        spans = walk.spans.get(qual, []) + commit_spans(
            walk.defs.get(qual, 1), walk.commits.get(qual, [])
        )
        line = walk.defs.get(qual, 1)
        evidence = Evidence.at(
            walk.path, line, walk.lines[line - 1] if line <= len(walk.lines) else ""
        )
        transactions.append((qual, tuple(sorted(set(spans))), evidence))
    return AccessFile(
        names,
        walk.path,
        tuple(walk.accesses),
        tuple(walk.joins),
        tuple(walk.raw),
        tuple(transactions),
        tuple(sorted((f"{names.module}.{n}", r) for (q, n), r in walk.vars.items() if not q)),
        tuple(walk.related),
        classes,
        frozenset(".".join(scope) for scope in walk.classes),
    )


def _function(walk: _Walk, scope: Scope, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    qual = ".".join((*scope, node.name))
    walk.defs[qual] = node.lineno
    if any(is_atomic_decorator(d) for d in node.decorator_list):
        end = node.end_lineno or node.lineno
        walk.spans.setdefault(qual, []).append((node.lineno, end, "atomic"))
    if scope and scope in walk.classes and node.args.args and not _static(node):
        walk.vars[(qual, node.args.args[0].arg)] = ".".join(scope)  # `self` is its class
        walk.this[qual] = (node.args.args[0].arg, ".".join(scope))
    params = walk.type_params.get(".".join(scope)) if scope else None
    for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs) if params else ():
        held = _type_variable(arg.annotation, params or frozenset())
        if held is not None:  # `item: T`, `items: list[T]`: the class's model, as its callers say
            walk.vars[(qual, arg.arg)] = f"{'.'.join(scope)}.<{held}>"
    for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
        annotated = annotated_class(arg.annotation)
        session = "session" in f"{arg.arg}.{annotated}".lower()  # read as a session is
        if annotated is not None and not session and (qual, arg.arg) not in walk.vars:
            walk.vars[(qual, arg.arg)] = annotated  # `def cancel(order: Order)`
    if any(a.arg == "request" for a in (*node.args.posonlyargs, *node.args.args)):
        walk.vars[(qual, "request")] = REQUEST  # a view's, or a middleware's


def _type_variables(tree: ast.Module) -> frozenset[str]:
    """The names the module binds to a type variable at its top: `T = TypeVar("T", ...)`."""
    return frozenset(
        target.id
        for node in tree.body
        if type(node) is ast.Assign
        and type(node.value) is ast.Call
        and (dotted(node.value.func) or "").rpartition(".")[2] == "TypeVar"
        for target in node.targets
        if type(target) is ast.Name
    )


def _class_type_params(walk: _Walk, scope: Scope, node: ast.ClassDef) -> None:
    """The module's type variables a class's bases are given (`BaseDAO(Generic[T])`): in its
    methods they stand for the model each subclass gives (`ChartDAO(BaseDAO[Slice])`)."""
    found = {
        name.id
        for base in node.bases
        if type(base) is ast.Subscript
        for name in (base.slice.elts if type(base.slice) is ast.Tuple else [base.slice])
        if type(name) is ast.Name and name.id in walk.typevars
    }
    if found:
        walk.type_params[".".join((*scope, node.name))] = frozenset(found)


_ELEMENTS = frozenset({"list", "List", "Sequence", "Iterable", "Collection", "set", "Set"})


def _type_variable(annotation: ast.expr | None, params: frozenset[str]) -> str | None:
    """The class's type variable an annotation holds an instance of, or a collection of
    (`T`, `T | None`, `Optional[T]`, `list[T]`); None for anything else.

    >>> [_type_variable(ast.parse(a, mode="eval").body, frozenset({"T"})) for a in (
    ...     "T", "T | None", "list[T]", "Sequence[T]", "dict[str, T]", "U")]
    ['T', 'T', 'T', 'T', None, None]
    """
    if type(annotation) is ast.Subscript:
        element, container = annotation.slice, dotted(annotation.value) or ""
        if type(element) is ast.Name and container.rpartition(".")[2] in _ELEMENTS:
            annotation = element
    name = annotated_class(annotation)
    return name if name in params else None


def annotated_class(annotation: ast.expr | None) -> str | None:
    """The class a parameter's annotation says it holds an instance of, as written: `Order`,
    `models.Order`, `"Order"`, `Optional[Order]`, `Order | None`; None for anything else (a
    container, a union of classes), and for a name that is no class's (not capitalised). The
    link step finds whether it is a model.

    >>> [annotated_class(ast.parse(a, mode="eval").body) for a in (
    ...     "Order", "'Order'", "Optional['Order']", "Order | None", "list[Order]", "str",
    ...     "'Order['")]
    ['Order', 'Order', 'Order', 'Order', None, None, None]
    """
    for _ in range(3):  # `Optional["Order"]`, `"Order | None"`
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except (SyntaxError, ValueError):  # no expression, or a null byte in it
                return None
        elif isinstance(annotation, ast.Subscript) and dotted(annotation.value) in _OPTIONAL:
            annotation = annotation.slice
        elif isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
            sides = [annotation.left, annotation.right]
            real = [x for x in sides if not (isinstance(x, ast.Constant) and x.value is None)]
            annotation = real[0] if len(real) == 1 else None
        else:
            break
    name = dotted(annotation) if annotation is not None else None
    return name if name and name.rsplit(".", 1)[-1][:1].isupper() else None


_OPTIONAL = frozenset({"Optional", "typing.Optional", "t.Optional"})


def _static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a method is a `@staticmethod`, whose first argument is no instance."""
    return any((dotted(d) or "").rsplit(".", 1)[-1] == "staticmethod" for d in node.decorator_list)


def _with(walk: _Walk, qual: str, node: ast.With | ast.AsyncWith) -> None:
    for item in node.items:
        kind = with_scope_kind(item.context_expr)
        if kind is not None:
            end = node.end_lineno or node.lineno
            walk.spans.setdefault(qual, []).append((node.lineno, end, kind))


def _assign(walk: _Walk, qual: str, node: ast.Assign) -> None:
    if len(node.targets) == 1 and isinstance(node.targets[0], (ast.Tuple, ast.List)):
        _unpack(walk, qual, node.targets[0], node.value)
    if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
        return
    name = node.targets[0].id
    text = string_value(node.value, _consts(walk, qual))
    if text is not None:
        walk.consts.setdefault(qual, {})[name] = text
    local = walk.local(qual)
    ref = (
        get_model_ref(node.value) or loaded_class_ref(node.value) or instance_ref(node.value, local)
    )
    ref = ref or related_model(node.value, local)  # `RangeProduct = self.products.through`
    ref = ref or _made_from_class(walk, qual, node.value)
    if ref is not None:
        walk.vars[(qual, name)] = ref
    else:
        walk.vars.pop((qual, name), None)


def _made_from_class(walk: _Walk, qual: str, value: ast.expr) -> str | None:
    """`cls.model_cls()` in a method: an instance of the model the class names by that
    attribute for its subclasses, as `Class.model_cls` (the link step draws it at the callers:
    `analyzers.orm_class_bound`); only an attribute named for a model (`model`, `model_cls`,
    `model_class`), not a method's result (`self.get_model()`)."""
    this = walk.this.get(qual)
    if this is None or type(value) is not ast.Call or type(value.func) is not ast.Attribute:
        return None
    owner, attr = value.func.value, value.func.attr
    named = attr.lower().endswith(_MODEL_ATTRIBUTES) and not attr.startswith("get_")
    if type(owner) is ast.Name and owner.id == this[0] and named:
        return f"{this[1]}.{attr}"
    return None


_MODEL_ATTRIBUTES = ("model", "model_cls", "model_class")


def _unpack(walk: _Walk, qual: str, target: ast.Tuple | ast.List, value: ast.expr) -> None:
    """`A, B = get_classes("app.forms", ["A", "B"])`: each name holds its class."""
    refs = loaded_class_refs(value)
    names = [t.id for t in target.elts if isinstance(t, ast.Name)]
    if refs is not None and len(refs) == len(names) == len(target.elts):
        for name, ref in zip(names, refs, strict=True):
            walk.vars[(qual, name)] = ref


def _for(walk: _Walk, qual: str, node: ast.For | ast.AsyncFor) -> None:
    """`for order in Order.objects.filter(...)`: the loop name holds instances of the model (also
    of one imported in the function or got from `get_model`, as `_assign` has it)."""
    if isinstance(node.target, ast.Name):
        ref = instance_ref(node.iter, walk.local(qual))
        if ref is not None:
            walk.vars[(qual, node.target.id)] = ref
        else:
            walk.vars.pop((qual, node.target.id), None)


def _local_import(walk: _Walk, qual: str, node: ast.ImportFrom) -> None:
    """`from app.models import User` inside a function binds User there, as a class."""
    base = absolute_module(walk.module, is_package(walk.path), node.level, node.module)
    for alias in node.names:
        if alias.name != "*":
            walk.vars[(qual, alias.asname or alias.name)] = f"{ALIAS}{base}.{alias.name}"


def _consts(walk: _Walk, qual: str) -> Mapping[str, str]:
    return ChainMap(walk.consts.get(qual, {}), walk.consts.get("", {}))


def _call(walk: _Walk, qual: str, node: ast.Call) -> None:
    argument = sql_argument(node)
    if argument is not None:
        text = string_value(argument, _consts(walk, qual))
        if text is not None:
            walk.raw.append(RawSql(qual, text, walk.evidence(node)))
    if is_commit(node):
        walk.commits.setdefault(qual, []).append(node.lineno)
    if id(node) in walk.consumed:
        return
    calls, root = unroll(node)
    walk.consumed.update(id(c) for c in calls[1:])
    if isinstance(root, ast.Call):
        walk.consumed.add(id(root))
    facts = chain_facts(calls, root, walk.local(qual))
    this = walk.this.get(qual)
    methods = own_query(calls, root, this[0]) if this else None
    if this and own_write(calls, root):
        facts.found.append(Found("write", this[1], "orm", False))  # `super().save()`
    if not (facts.found or facts.related or methods):
        return
    evidence = walk.evidence(node)
    paths = lookup_paths([*calls, root] if isinstance(root, ast.Call) else calls)
    for found in facts.found:
        joined, prefetched = paths if found.via in ("django", "orm") else NO_PATHS
        op, ref, via, certain = found.op, found.ref, found.via, found.certain
        walk.accesses.append(Access(qual, op, ref, via, certain, evidence, joined, prefetched))
    walk.joins.extend(OrmJoin(qual, left, right, evidence) for left, right in facts.joins)
    walk.related.extend(RelatedAccess(qual, *item, evidence, *paths) for item in facts.related)
    if this and methods:
        walk.related.append(RelatedAccess(qual, this[1], "", methods, evidence, *paths))
