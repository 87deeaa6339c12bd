"""Reads and writes through the ORMs and raw SQL, joins, and transaction scopes.

What it detects: which function (or class body, or module-level code) reads or writes which
table, through Django's ORM, SQLAlchemy (also Flask-SQLAlchemy's `Model.query`), or raw SQL handed
to `execute`, `executemany`, `text()`, `.raw()` or `RawSQL` (the patterns:
analyzers.orm_access_extract and analyzers.orm_access_sql; the SQL rules: analyzers.raw_sql). It
also finds the joins between tables in raw SQL, in `select(A).join(B)` and in Django's relation
lookups (`filter(user__email=...)`, `select_related`, `values`, `order_by`, `F`, `Q`, aggregates:
analyzers.orm_django_lookups), and the transaction scopes of each function.

Why it matters: who writes a table decides who owns it; a join across a boundary must be cut; a
call made inside a transaction needs an outbox when it becomes an event.

Example: in `shop/orders/service.py`,
```
def place_order(session):
    with session.begin():
        session.add(Order(...))
```
gives `function:shop.orders.service:place_order` -writes-> `table:orders` with evidence at the
`session.add` line and attrs `{"via": "sqlalchemy", "in_transaction": true}`, and the function node
gets `transactions: [[start, end, "session.begin"]]`.

Files under a `migrations/` or `alembic/` folder are schema history (Django and Alembic
migrations, their data migrations included), not the application's data access: they are skipped.

Rules of the link step:
- an abstract model that exactly one concrete model of the analysed code inherits stands for
  that model (`self.lines` in a method of Oscar's `AbstractOrder` is `Order`'s), one that
  several inherit for none of them (`context.products["django_models.abstract"]`);
- a model name is resolved through the file's imports (and star imports, and re-exports from a
  package of the analysed code when exactly one model of that name lives under it) against
  `context.products["orm.models"]` and `["orm.tables"]`, published by the model analyzers; an access
  that cannot be resolved is never attached to a table: when its receiver was surely the database
  (a manager, a session) it is counted in one info diagnostic per file;
- `<owner>.<name>.<method>()` goes through a related manager when `name` is one of the owner's
  model's relations (`context.products["django_models.accessors"]`: a many-to-many one reads and
  writes its join table), else through a manager that model declares or inherits
  (`["django_models.managers"]`), and is dropped otherwise; `self.<method>()` and
  `super().get_queryset()` in a manager or queryset class touch the table of the model that uses
  the class (`["django_models.querysets"]`) when exactly one does: where several do (a project's
  queryset base class), which model's rows `self` holds is the caller's to say, and the caller's
  own chain (`Device.objects.restrict()`) draws it, as an abstract model several models inherit
  stands for none of them;
- `self.model` in a method (or `<class>.model`) is the model its class sets in its body
  (`model = Product`, a Django or DRF view's), or the nearest class that does in Python's method
  resolution order, as long as no class outside the analysed code comes first (Django's generic
  views set `model = None`); a class that sets none is a manager or queryset class, whose model is
  the one model that uses it, as above; `model` set to anything but a class,
  set under a condition (`if`, `try`) in the class body, or assigned in a method, leaves the
  access unresolved;
- `<owner>.<name>.append(x)` (also `extend`, `remove`, `clear`, and `add` on a set) writes the
  target table of a SQLAlchemy relationship collection of the owner's model
  (`context.products["sqlalchemy_models.relationships"]`), or its `secondary` table for a
  many-to-many one; reading or iterating a relationship (`for o in user.orders`) is not counted:
  a lazy load is too implicit to tell from the code, and the rows were queried where the owner was;
- a Django queryset (on a manager, a related manager, or a queryset class's own methods) joins
  and reads the tables its relation lookups follow, and reads those its `prefetch_related`
  follows (`context.products["django_models.lookups"]` and `["django_models.parents"]`; the rules
  are in analyzers.orm_django_lookups); a many-to-many related manager's read joins its rows
  with the join table;
- a class that inherits Django's generic views or DRF's generic views and view sets reads and
  writes its rows' table as they do (`analyzers.orm_django_views`), from the class's node at its
  `class` statement, the rows being as Django's `get_queryset` finds them (`_view_tables`); a
  ModelForm's or a ModelSerializer's `save()` writes the model its `Meta` names; a class the
  Django admin registers for a model (`admin.site.register(Order, OrderAdmin)`,
  `@admin.register(Order)`) reads and writes its table likewise;
- `request.user`, where `request` is an argument of the function so named (a view's, a
  middleware's), and `self.request.user` in a method, is an instance of the user model
  (`settings.AUTH_USER_MODEL`, as `get_user_model()` is): `request.user.save()` writes its
  table, `request.user.orders.all()` reads through its relation;
- `x.save()` and `x.delete()` (or a SQLAlchemy session's `add(x)`, `merge(x)`, `delete(x)`,
  where every value `x` may hold is an instance of the one model) where only the Python call
  graph knows what `x` holds (a parameter its callers hand an instance:
  `approve_post(user, post)`) write the table of the
  one model it holds (`context.products["python.resolver"]`, which the Python analyzer's link
  step publishes before the others start); none where it may hold several models' instances
  (a helper that returns what it is handed, called for each); a queryset so known
  (`visible().update(...)`, a function's result) is read or written as a manager is, unless
  it is a parameter or bound from one;
- a method's query of the model its class names for its subclasses (`db.session.query(
  cls.model_cls)`, `item = cls.model_cls()` then `db.session.add(item)` in a generic base, or
  a parameter annotated with the base's type variable: `def delete(cls, items: list[T])`) is
  drawn at the calls on a subclass that names it, by the attribute or as the base's type
  argument (`ChartDAO.find_by_id(pk)` with `class ChartDAO(BaseDAO[Chart])`), through the
  calls on `cls`, `self` or `super()` between (`analyzers.orm_class_bound`); so is a mixin's
  write of its own instance (`db.session.add(self)`, `db.session.query(cls)`), at the calls on
  a model that mixes it in, and a query through a getter (`self.get_model().objects`, where
  `get_model` returns `self.model`); a Django or DRF view class that runs such a method among
  the hooks of its requests makes it from its class node;
- graphene's `Node.get_node_from_global_id(info, id, T)` reads the table of the model the
  graphene-django object type T names in its `Meta`;
- `in_transaction` is true on a read or write edge when at least one of its accesses lies inside a
  transaction span of the same function (see analyzers.orm_access_sql for the spans);
- a raw SQL name listed in `context.products["sql.views"]` (when published) targets `view:<name>`.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analyzers.base import LinkContext
from analyzers.orm_access_extract import (
    MARKERS,
    RELATED_MARKERS,
    Access,
    AccessFile,
    RelatedAccess,
    changes_collection,
    extract,
)
from analyzers.orm_access_patterns import (
    ALIAS,
    DJANGO_WRITES,
    INSTANCE_WRITES,
    MANAGERS,
    QUERYSET_API,
    collection_ops,
    manager_kinds,
    manager_ops,
    related_ops,
)
from analyzers.orm_class_bound import Bound, drawn_accesses, table_named
from analyzers.orm_django_lookups import WHOLE_ROWS, Relations, walk_path, whole_rows
from analyzers.orm_django_views import MODEL_FORMS, READ, WRITE, generic_operations
from analyzers.orm_names import (
    LOADED_CLASS,
    USER_MODEL,
    ClassModel,
    MethodOrders,
    ModuleNames,
    class_models,
    in_migrations,
    lookup,
    module_names,
)
from analyzers.orm_parse import parse_and_analyze
from analyzers.python_calls import CallGraph, caller_ids
from analyzers.python_hooks import class_targets
from analyzers.python_index import SymbolIndex, parent_of, qid, split_qid
from analyzers.python_names import is_package
from analyzers.python_resolve import Resolver
from analyzers.python_summary import NOT_NAMES, CallSite
from analyzers.raw_sql import SqlAccess, analyse_sql, looks_like_sql
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
from decompose.model.pickling import compact_pickle

# the last steps of the calls `typed_accesses` reads: an instance's write or a queryset method;
# and of those that end a chain with a write (`qs.filter(...).update(...)`)
_TYPED_STEPS = frozenset(f".{method}" for method in INSTANCE_WRITES | QUERYSET_API)
_SESSION_OBJECT_WRITES = frozenset({".add", ".merge", ".delete"})  # `session.add(x)`
_CHAIN_WRITES = frozenset(f".{method}" for method in DJANGO_WRITES)
# graphene's lookup of a node by its global id (`_Linker.graphene_nodes`), and the package of
# the object types whose `get_node` queries their model
_NODE_LOOKUP = ".get_node_from_global_id"
_GRAPHENE_DJANGO = "graphene_django."


@dataclass(frozen=True, slots=True)
class RawResult:
    scope: str
    access: SqlAccess
    evidence: Evidence


@compact_pickle
@dataclass(frozen=True, slots=True)
class FileAccess:
    """The per-file summary handed to the link step."""

    module: str
    orm: AccessFile
    raw: tuple[RawResult, ...]


class DataAccessAnalyzer:
    name = "data_access"
    version = "42"

    def accepts(self, path: str) -> bool:
        return path.endswith(".py")

    def analyze(self, source: SourceFile) -> FileFacts:
        return parse_and_analyze(self, source)

    def analyze_tree(self, tree: ast.Module, source: SourceFile) -> FileFacts:
        if source.module is None or in_migrations(source.path):
            return FileFacts.skipped(self.name, source.path, "not application code")
        text = source.text
        collections = changes_collection(text)
        marked = collections or any(m in text for m in MARKERS + RELATED_MARKERS)
        classes = class_models(tree, text) if "class " in text else ()
        if not marked:
            if "import *" not in text and not classes and not is_package(source.path):
                return FileFacts.skipped(self.name, source.path, "no data access markers")
            # re-exports (a package's `from .pages import Page`, star imports), and classes that
            # set `model` or lie between one and its users
            names = module_names(tree, source.module, source.path)
            orm = AccessFile(names, source.path, (), (), (), (), classes=classes)
            return FileFacts(self.name, source.path, data=FileAccess(source.module, orm, ()))
        lines = source_lines(text)
        orm = extract(tree, source.module, source.path, lines, classes, collections=collections)
        raw, diagnostics = _read_sql(orm, source.dialect)
        nodes = _transaction_nodes(source.module, orm)
        data = FileAccess(source.module, orm, raw)
        return FileFacts(self.name, source.path, nodes=nodes, diagnostics=diagnostics, data=data)

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        linker = _Linker(context.products)
        files = [item.data for item in facts if isinstance(item.data, FileAccess)]
        for data in files:
            linker.alias(data)
        for data in files:
            linker.file(data)
        linker.generic_views()
        linker.registered_admins()
        resolver = context.products.get("python.resolver")
        if resolver is not None:
            linker.typed_accesses(resolver)
            linker.graphene_nodes(resolver)
            calls = context.products.get("python.calls")
            if calls is not None:
                linker.class_bound(resolver, calls)
        return FileFacts(
            self.name, "", edges=tuple(linker.edges()), diagnostics=tuple(linker.diagnostics)
        )


_Chained = set[tuple[str, str, int, tuple[str, ...]]]


def _sites(index: SymbolIndex) -> tuple[list[tuple[str, CallSite]], _Chained]:
    """The call sites, in functions, of an instance's write (`x.save()`) or a queryset
    method (`x.filter()`), in order; and, of every site that ends a chain with a write
    (`qs.filter(...).update(...)`, resolved or not), each call along its chain, as the
    (module, scope, line, callee) of a site."""
    found: list[tuple[str, CallSite]] = []
    chained: _Chained = set()
    for module, summary in sorted(index.summaries.items()):
        for site in summary.calls:
            callee = site.callee
            if len(callee) > 2 and callee[-1] in _CHAIN_WRITES:
                for end, step in enumerate(callee[:-1]):
                    if step == "()":
                        chained.add((module, site.scope, site.line, callee[: end + 1]))
            if len(callee) < 2 or not site.scope or site.implicit:
                continue
            if callee[-1] in _TYPED_STEPS or _session_write(callee):
                found.append((module, site))
    return found, chained


def _session_write(callee: tuple[str, ...]) -> bool:
    """`db.session.add(x)`, `session.merge(x)`, `self.session.delete(x)`: a receiver named like
    a session (as `orm_access_patterns.is_session` has it) handed an object to write."""
    receiver = callee[-2]  # no name where a call kept with its argument ends: `query(X).delete`
    named = isinstance(receiver, str) and "session" in receiver.lstrip(".").lower()
    return callee[-1] in _SESSION_OBJECT_WRITES and named


def _on_manager(callee: tuple[str, ...]) -> bool:
    """`Order.objects.filter(...)`: a manager of a class as written, which the data access
    rules read themselves."""
    managed = len(callee) > 2 and callee[1][1:] in MANAGERS
    return managed and callee[0][:1].isupper()


def _from_parameter(
    index: SymbolIndex, module: str, scope: str, name: object, depth: int = 0
) -> bool:
    """Whether a name is a parameter of the function, or a local bound from one
    (`model = instance.__class__`), as far as two bindings back."""
    if not isinstance(name, str) or name in NOT_NAMES:
        return False
    if index.is_parameter(module, scope, name):
        return True
    bound = index.bindings.get((module, scope), {}).get(name, ()) if depth < 2 else ()
    return any(_from_parameter(index, module, scope, e[0], depth + 1) for e, _l, _t in bound if e)


def _read_sql(
    orm: AccessFile, dialect: str | None
) -> tuple[tuple[RawResult, ...], tuple[Diagnostic, ...]]:
    results: list[RawResult] = []
    diagnostics: list[Diagnostic] = []
    for raw in orm.raw:
        if not looks_like_sql(raw.text):
            continue
        try:
            results.append(RawResult(raw.scope, analyse_sql(raw.text, dialect), raw.evidence))
        except ValueError as error:
            message = f"raw SQL not parsed: {error}"
            diagnostics.append(
                Diagnostic(
                    raw.evidence.path, raw.evidence.line, message, "data-access-sql", Severity.INFO
                )
            )
    return tuple(results), tuple(diagnostics)


def _transaction_nodes(module: str, orm: AccessFile) -> tuple[Node, ...]:
    nodes = []
    for qual, spans, evidence in orm.transactions:
        if qual:  # module-level code has no function node to carry them
            transactions = [list(span) for span in spans]
            nodes.append(
                Node.make(
                    NodeKind.FUNCTION, f"{module}:{qual}", evidence, transactions=transactions
                )
            )
    return tuple(nodes)


@dataclass(frozen=True, slots=True)
class _Hit:
    evidence: Evidence
    via: str
    in_transaction: bool


class _Linker:
    def __init__(self, products: Mapping[str, Any]) -> None:
        models: dict[str, str] = products.get("orm.models") or {}
        kinds: dict[str, str] = products.get("orm.kinds") or {}
        core: dict[str, str] = products.get("orm.tables") or {}
        self.models = {name.replace(":", "."): table for name, table in models.items()}
        self.kinds = {name.replace(":", "."): kind for name, kind in kinds.items()}
        self.known: dict[str, str] = {**core, **self.models}
        # an abstract model that one concrete model inherits stands for that model's table
        self.abstract: dict[str, str] = products.get("django_models.abstract") or {}
        self.table_kinds = {models[m]: kind for m, kind in kinds.items() if m in models}
        self.views: set[str] = set(products.get("sql.views") or ())
        self.labels: dict[str, str] = products.get("django_models.labels") or {}
        self.user_model: str | None = products.get("django_models.user_model", "auth.User")
        self.table_kinds.update(dict.fromkeys(self.labels.values(), "django"))
        self.accessors: dict[str, dict[str, tuple[str, str]]] = (
            products.get("django_models.accessors") or {}
        )
        self.managers: dict[str, set[str]] = products.get("django_models.managers") or {}
        self.relations = Relations(
            products.get("django_models.lookups") or {}, products.get("django_models.parents") or {}
        )
        self.querysets: dict[str, set[str]] = products.get("django_models.querysets") or {}
        self.relationships: dict[str, dict[str, tuple[str, str | None, bool]]] = (
            products.get("sqlalchemy_models.relationships") or {}
        )
        self.aliases: dict[str, str] = {}
        self.by_short: dict[str, list[str]] = defaultdict(list)
        for dotted_name in sorted(self.models):
            self.by_short[dotted_name.rsplit(".", 1)[-1]].append(dotted_name)
        self.stars: dict[str, ModuleNames] = {}
        self.classes: dict[str, tuple[ClassModel, ModuleNames]] = {}
        self.orders = MethodOrders(self._bases)  # read once every file's classes are in
        self.hits: dict[tuple[str, str, EdgeKind], list[_Hit]] = defaultdict(list)
        self.join_hits: dict[tuple[str, str], list[tuple[Evidence, str, str]]] = defaultdict(list)
        self.diagnostics: list[Diagnostic] = []
        self.class_scopes: frozenset[str] = frozenset()  # of the file `file` links
        self.class_paths: dict[str, tuple[str, str]] = {}  # class -> (module, path)
        self.class_aliases: dict[str, str] = {}  # module-level name -> `get_class` label.name
        self._by_short: dict[str, list[str]] | None = None  # class name -> analysed classes
        # scope ("module.Class", "module.Class.get_queryset") -> the tables its queries are on
        self.main_reads: dict[str, set[str]] = defaultdict(set)
        self.spans: dict[str, tuple[tuple[int, int, str], ...]] = {}  # node -> transactions
        # "mod:Class.method" -> its accesses on the model the class names for its subclasses
        self.bound: dict[str, set[Bound]] = defaultdict(set)
        self.bound_evidence: dict[tuple[str, Bound], Evidence] = {}  # the first of each

    def file(self, data: FileAccess) -> None:
        self.class_scopes = data.orm.class_scopes
        spans = {qual: spans for qual, spans, _ in data.orm.transactions}
        for qual, scope_spans in spans.items():
            self.spans[self._source(data.module, qual)] = scope_spans
        unresolved: list[int] = []
        for access in data.orm.accesses:
            found = self.resolve(access.ref, data.orm.names)
            targets = [found] if found else self._class_model(access.ref, data.orm.names)
            if not targets and access.op == "write":
                targets = self._form_model(access.ref, data.orm.names)
            if not targets and access.certain:
                unresolved.append(access.evidence.line)
                head, _, attr = access.ref.partition(".")
                on_class = head in data.orm.class_scopes and access.scope.startswith(f"{head}.")
                # `cls.model_cls`, or the instance itself (`db.session.add(self)` in a mixin):
                # the callers' to say
                if on_class and "." not in attr:
                    bound = Bound(attr, access.op, access.via)
                    function = f"{data.module}:{access.scope}"
                    self.bound[function].add(bound)
                    self.bound_evidence.setdefault((function, bound), access.evidence)
            kind = EdgeKind.WRITES if access.op == "write" else EdgeKind.READS
            if kind is EdgeKind.READS and access.scope:
                self.main_reads[f"{data.module}.{access.scope}"].update(targets)
            for target in targets:
                via = self._via(access.via, target)
                self._hit(data.module, access.scope, target, kind, access.evidence, via, spans)
                if via == "django":
                    self._lookups(data.module, access, target, spans)
        for join in data.orm.joins:
            left = self.resolve(join.left, data.orm.names)
            right = self.resolve(join.right, data.orm.names)
            if left and right and left != right:
                source = self._source(data.module, join.scope)
                self._join(left, right, join.evidence, "sqlalchemy", source)
        for related in data.orm.related:
            self._related(data.module, related, data.orm.names, spans)
        for raw in data.raw:
            self._raw(data.module, raw, spans)
        if unresolved:
            self.diagnostics.append(_unresolved(data.orm.path, unresolved))

    def typed_accesses(self, resolver: Resolver) -> None:
        """Accesses on an object whose model is known only to the Python call graph (a
        parameter its callers hand an instance or a queryset: `approve_post(user, post)`):
        `post.save()` and `post.delete()` write that model's table; a queryset's methods read
        or write it as on a manager (`qs.update(...)` writes, `qs.filter(...)` reads, unless
        its result is written to in the same chain: `qs.filter(...).update(...)`), but not on
        a parameter or a local bound from one (a generic helper's `qs`: the callers the
        resolver knows may not be all). The call graph's resolver says what the receiver may
        hold, in the scope and at the line of the call; only where that is one model's table,
        as an abstract model several models inherit stands for none of them, and only in a
        function (module-level code and class bodies are the data access rules' own)."""
        caller = caller_ids(resolver.index)
        index = resolver.index
        sites, chained = _sites(index)
        for module, site in sites:
            method = site.callee[-1][1:]
            found = index.definition(module, site.scope)
            if found is None or found.kind != "function":
                continue  # a class body's `queryset = ...` is lazy: its methods run it
            if _session_write(site.callee) and 0 in dict(site.args):
                self._session_typed(resolver, caller, module, site)
                continue
            instance = method in INSTANCE_WRITES
            query = (
                method in QUERYSET_API
                and not _on_manager(site.callee)
                # `qs.filter(...).update(...)`: the write at the end of the chain
                and (module, site.scope, site.line, (*site.callee, "()")) not in chained
                # a helper's `qs` parameter: its callers' querysets, not all known
                and not _from_parameter(index, module, site.scope, site.callee[0])
            )
            if not (instance or query):
                continue
            tables: dict[str, str] = {}
            for value in resolver.evaluate(module, site.scope, site.callee[:-1], site.line):
                if not ((value[0] == "i" and instance) or (value[0] == "q" and query)):
                    continue
                table = self._model_table(str(value[1]))
                if table and self.table_kinds.get(table) == "django":
                    tables[table] = value[0]
            if len(tables) != 1:  # none, or a union over callers (an identity-like helper's
                continue  # return): which is touched is the caller's to say
            ((table, kind),) = tables.items()
            ops = ("write",) if kind == "i" else manager_kinds({method}, DJANGO_WRITES)
            for op in ops:
                self._site_hit(index, caller, module, site, table, op, "django")

    def _session_typed(
        self, resolver: Resolver, caller: Callable[[str, str], str], module: str, site: CallSite
    ) -> None:
        """`db.session.add(dataset)`: a SQLAlchemy session handed an object only the call graph
        types writes its model's table, where every value the object may hold is an instance of
        that one model (a generic helper's `T`, or another class among them, leaves it to the
        caller: `self._model = TagDAO.find_by_id(pk)` holds what every DAO returns)."""
        tables: set[str | None] = set()
        for value in resolver.evaluate(module, site.scope, dict(site.args)[0], site.line):
            table = self._model_table(str(value[1])) if value[0] == "i" else None
            tables.add(table if table and self.table_kinds.get(table) != "django" else None)
        table = next(iter(tables)) if len(tables) == 1 else None
        if table is not None:
            self._site_hit(resolver.index, caller, module, site, table, "write", "sqlalchemy")

    def graphene_nodes(self, resolver: Resolver) -> None:
        """graphene's `Node.get_node_from_global_id(info, global_id, only_type=T)` loads the
        node with T's `get_node`, which graphene-django's `DjangoObjectType` answers with a
        query of the model T's `Meta` names: a read of its table, at the call. T is an analysed
        object type; the node's owner, graphene's `Node` (or `relay.Node`)."""
        index = resolver.index
        caller = caller_ids(index)
        for module, summary in sorted(index.summaries.items()):
            for site in summary.calls:
                if site.callee[-1] != _NODE_LOOKUP or not site.scope:
                    continue
                given = dict(site.args)
                typed = given.get(2, given.get("only_type"))
                if typed is None:
                    continue
                owners = resolver.evaluate(module, site.scope, site.callee[:-1], site.line)
                if not any(v[0] == "e" and str(v[1]).startswith("graphene.") for v in owners):
                    continue
                for value in sorted(resolver.evaluate(module, site.scope, typed, site.line)):
                    mro = resolver.mro(str(value[1])) if value[0] == "c" else []
                    if not any(v[0] == "e" and str(v[1]).startswith(_GRAPHENE_DJANGO) for v in mro):
                        continue
                    for model in sorted(resolver.meta_models(str(value[1]))):
                        table = self._model_table(model)
                        if table and self.table_kinds.get(table) == "django":
                            self._site_hit(index, caller, module, site, table, "read", "django")

    def class_bound(self, resolver: Resolver, calls: CallGraph) -> None:
        """Accesses in a method on the model its class names for its subclasses
        (`cls.model_cls`), drawn at the calls whose receiver names it: `ChartDAO.find_by_id(pk)`
        reads `ChartDAO(BaseDAO[Slice])`'s table there (`analyzers.orm_class_bound`)."""
        if not self.bound:
            return

        def generic_tables(klass: str) -> list[str]:
            cls, names = self.classes.get(klass.replace(":", "."), (None, None))
            if cls is None or names is None:
                return []
            return [t for g in cls.generic if (t := self.resolve(g, names))]

        memo: dict[tuple[str, str], str | None] = {}

        def named(klass: str, attr: str) -> str | None:
            key = (klass, attr)
            if key not in memo:
                memo[key] = table_named(resolver, klass, attr, self._model_table, generic_tables)
            return memo[key]

        caller = caller_ids(resolver.index)
        drawn = drawn_accesses(resolver, calls, self.bound, named)
        for module, site, table, access in drawn:
            via = self._via(access.via, table)
            self._site_hit(resolver.index, caller, module, site, table, access.op, via)
        self._views_bound(resolver, named)

    def _views_bound(self, resolver: Resolver, named: Callable[[str, str], str | None]) -> None:
        """A view class that runs such a method as Django runs a view (among the methods its
        requests reach: `analyzers.python_hooks.class_targets`) makes the access on
        the model it names, from the class's node (as for Django's own generic views), with the
        access's line as evidence: misago's `ListView.get_queryset` reads
        `self.get_model().objects` for each admin list that sets `model`. A framework, not a
        call site, runs the view's hooks, so no call carries these."""
        index = resolver.index
        targets: dict[str, frozenset[str]] = {}
        for function, accesses in sorted(self.bound.items()):
            module, qual = split_qid(function)
            owner = qid(module, parent_of(qual))
            for klass in (owner, *resolver.descendants(owner)):
                if not index.is_test(module) and index.is_test(split_qid(klass)[0]):
                    continue
                if klass not in targets:  # what its requests reach, for a view class
                    view = resolver.is_view(klass)
                    targets[klass] = frozenset(class_targets(resolver, [klass]) if view else ())
                if function not in targets[klass]:
                    continue
                for access in sorted(accesses):
                    table = named(klass, access.attr)
                    evidence = self.bound_evidence.get((function, access))
                    if table is not None and evidence is not None:
                        kind = EdgeKind.WRITES if access.op == "write" else EdgeKind.READS
                        via = self._via(access.via, table)
                        self.hits[(f"class:{klass}", table, kind)].append(
                            _Hit(evidence, via, False)
                        )

    def _model_table(self, model: str) -> str | None:
        """The table of a model class ("mod:Class"), an abstract one standing for the one
        concrete model that inherits it."""
        name = model.replace(":", ".")
        return self.known.get(name) or self.abstract.get(name)

    def _site_hit(
        self,
        index: SymbolIndex,
        caller: Callable[[str, str], str],
        module: str,
        site: CallSite,
        table: str,
        op: str,
        via: str,
    ) -> None:
        """A read or write of `table` by the code around a call site, with the site as
        evidence."""
        summary = index.summaries[module]
        evidence = Evidence.at(summary.path, site.line, summary.lines.get(site.line, ""))
        source = caller(module, site.scope)
        inside = any(s <= site.line <= e for s, e, _ in self.spans.get(source, ()))
        kind = EdgeKind.WRITES if op == "write" else EdgeKind.READS
        self.hits[(source, table, kind)].append(_Hit(evidence, via, inside))

    def generic_views(self) -> None:
        """A class that inherits Django's generic views or DRF's generic views and view sets
        (`analyzers.orm_django_views`) reads and writes its model's table as they do, from the
        class's node, with its `class` statement as evidence. Its rows are as Django finds them
        (`_view_tables`); only a `model` adds a read, the others are drawn already."""
        for qual in sorted(self.classes):
            order = self.orders(qual)
            operations = generic_operations(order)
            if not operations:
                continue
            tables, by_model = self._view_tables(order)
            if not tables and WRITE in operations:  # a create view's form says what it saves
                tables, by_model = self._form_class_tables(order), False
            if not by_model:
                operations.discard(READ)
            cls = self.classes[qual][0]
            module, path = self.class_paths[qual]
            source = f"class:{module}:{cls.qual}"
            evidence = Evidence.at(path, cls.line, cls.snippet)
            for table in tables:
                for operation in sorted(operations):
                    kind = EdgeKind.WRITES if operation == WRITE else EdgeKind.READS
                    self.hits[(source, table, kind)].append(_Hit(evidence, "django", False))

    def registered_admins(self) -> None:
        """A class the Django admin registers for a model (`admin.site.register(Order,
        OrderAdmin)`, `@admin.register(Order)`) serves that model's list, add, change and
        delete pages: it reads and writes the model's table in Django's own code, from the
        class's node, with its `class` statement as evidence."""
        for qual in sorted(self.classes):
            cls, names = self.classes[qual]
            module, path = self.class_paths[qual]
            source = f"class:{module}:{cls.qual}"
            evidence = Evidence.at(path, cls.line, cls.snippet)
            for called, model in cls.registered:
                if not names.resolve(called).startswith("django.contrib.admin."):
                    continue
                table = self.resolve(model, names)
                if table is None:
                    continue
                for kind in (EdgeKind.READS, EdgeKind.WRITES):
                    self.hits[(source, table, kind)].append(_Hit(evidence, "django", False))

    def _view_tables(self, order: list[str]) -> tuple[list[str], bool]:
        """The tables of a view's rows, and whether they come from `model`: as Django's
        `get_queryset` looks, by attribute, in the classes before any outside the analysed code,
        for a `get_queryset` or `get_object` method that finds the rows itself (the table it
        queries, when it queries one), then a `queryset`, then a `model`."""
        own = self._analysed(order)
        for name, cls, _ in own:
            if cls.overrides:  # its rows are the one table it queries; more: which is unknown
                queried = set().union(*(self.main_reads[f"{name}.{m}"] for m in cls.overrides))
                return (sorted(queried) if len(queried) == 1 else []), False
        for name, _, _ in own:
            if self.main_reads.get(name):
                return sorted(self.main_reads[name]), False
        for _, cls, names in own:
            if cls.model is not None:
                table = self.resolve(cls.model, names) if cls.model else None
                return ([table] if table else []), True
        return [], False

    def _source(self, module: str, scope: str) -> str:
        """The node that code in a scope of the file at hand runs as: its function, its class
        (a class body), or its module at module level."""
        if not scope:
            return f"module:{module}"
        return f"{'class' if scope in self.class_scopes else 'function'}:{module}:{scope}"

    def alias(self, data: FileAccess) -> None:
        """First pass: module-level names that hold `get_model(...)`, and every file's names for
        star imports, for the files that import them."""
        self.aliases.update((k, v) for k, v in data.orm.aliases if v.startswith("@django:"))
        self.class_aliases.update(
            (k, v[len(LOADED_CLASS) :]) for k, v in data.orm.aliases if v.startswith(LOADED_CLASS)
        )
        self.stars[data.module] = data.orm.names
        for cls in data.orm.classes:
            self.classes[f"{data.module}.{cls.qual}"] = (cls, data.orm.names)
            self.class_paths[f"{data.module}.{cls.qual}"] = (data.module, data.orm.path)

    def resolve(self, ref: str, names: ModuleNames) -> str | None:
        """The table id of a model or Core table reference, or None."""
        ref = ref.removeprefix(ALIAS)
        if ref == USER_MODEL:
            if self.user_model is None:  # settings modules disagree
                return None
            ref = f"@django:{self.user_model}"
        if ref.startswith("@django:"):
            label, _, model = ref[len("@django:") :].partition(".")
            return self.labels.get(f"{label}.{model.split('.')[0].lower()}")
        parts = ref.split(".")
        if len(parts) > 2 and parts[-1] in ("model", "through") and parts[-2] != "_meta":
            return self._related_model(parts, names)
        if parts[-2:] == ["_meta", "model"]:  # `self._meta.model` is the class's own model
            if len(parts) != 3:
                return None
            parts = parts[:1]
        for end in range(len(parts), 0, -1):  # `User.id` (a column) is User's table
            if parts[end - 1] == "__table__":
                continue
            if end < len(parts) and (parts[end] == "model" or parts[end].endswith("()")):
                break  # `x.lines.model` is the lines' model, `Class.model` a class's, and
                # `Class.get_model()` what a getter gives (`orm_class_bound`): not x's
            found = lookup(".".join(parts[:end]), names, self.known, self.stars)
            if found is not None:
                return self.known[found]
            found = lookup(".".join(parts[:end]), names, self.abstract, self.stars)
            if found is not None:
                return self.abstract[found]
        head = names.resolve(parts[0])
        held = self._alias(head)
        if not held and head == parts[0]:  # not bound in the file: maybe by its star imports
            held = next(filter(None, (self._alias(f"{s}.{head}") for s in names.stars)), None)
        if held:
            return self.resolve(held, names)
        full = names.resolve(ref).split(".")
        if full[:2] == ["django", "contrib"] and len(full) > 3:  # `from django.contrib... import`
            return self.labels.get(f"{full[2]}.{full[-1].lower()}")
        return self._reexported(names.resolve(ref))

    def _related_model(self, parts: list[str], names: ModuleNames) -> str | None:
        """`Order.lines.model` (the lines' table) or `Order.tags.through` (the join table),
        through the relations of the owner's model."""
        owner = self.resolve(".".join(parts[:-2]), names)
        found = self.accessors.get(owner or "", {}).get(parts[-2])
        if found is None:
            return None
        rows, link = found
        return rows if parts[-1] == "model" else link or None

    def _class_model(self, ref: str, names: ModuleNames) -> list[str]:
        """The tables of `<class>.model`: the model the class or an ancestor sets, else the models
        that use it as a manager or queryset class."""
        head, _, attribute = ref.rpartition(".")
        if attribute != "model" or not head:
            return []
        owner = lookup(head, names, self.classes, self.stars) or names.resolve(head)
        for qual in self.orders(owner):
            cls, cls_names = self.classes.get(qual, (None, names))
            if cls is None:  # outside the analysed code: it may set `model` itself
                break
            if cls.model is not None:
                table = self.resolve(cls.model, cls_names) if cls.model else None
                return [table] if table else []
        return self._users_table(owner)

    def _users_table(self, owner: str) -> list[str]:
        """The table of the model that uses a manager or queryset class, when exactly one does:
        in the class's own methods, which model's rows `self` holds is the caller's to say
        (`Device.objects.restrict()`, drawn where it is called). A class several models use,
        like a project's queryset base class that every model's manager is made from, stands
        for none of them, as an abstract model that several models inherit."""
        tables = self.querysets.get(owner, ())
        return sorted(tables) if len(tables) == 1 else []

    def _form_class_tables(self, order: list[str]) -> list[str]:
        """The table of the model the `form_class` of a view (or of its nearest class that
        sets one) saves: a ModelForm's `Meta.model`."""
        for _, cls, names in self._analysed(order):
            if cls.form_class:
                return self._form_model(cls.form_class, names)
        return []

    def _form_model(self, ref: str, names: ModuleNames) -> list[str]:
        """The table a ModelForm's or a ModelSerializer's `save()` writes: the model the `Meta`
        of the class, or of the nearest class that has one, names (`MODEL_FORMS`)."""
        order = self.orders(self._class(ref, names))
        if MODEL_FORMS.isdisjoint(order):
            return []
        for _, cls, cls_names in self._analysed(order):
            if cls.meta_model is not None:
                table = self.resolve(cls.meta_model, cls_names) if cls.meta_model else None
                return [table] if table else []
        return []

    def _analysed(self, order: list[str]) -> list[tuple[str, ClassModel, ModuleNames]]:
        """The classes of a method resolution order before the first outside the analysed code
        (which may set anything itself: Django's views set `model = None`)."""
        own = []
        for name in order:
            found = self.classes.get(name)
            if found is None:
                break
            own.append((name, *found))
        return own

    def _bases(self, qual: str) -> list[str]:
        """The bases of a class of the analysed code as dotted names; none for another class."""
        cls, names = self.classes.get(qual, (None, None))
        if cls is None or names is None:
            return []
        return [self._class(b, names) for b in cls.bases]

    def _class(self, ref: str, names: ModuleNames) -> str:
        """The dotted name of the class a reference names: through the file's imports and star
        imports, and through a module-level name that holds `get_class(label, name)` (or the
        reference to one), to the one analysed class `name` in a module named `label` or ending
        in `.label`."""
        if ref.startswith(LOADED_CLASS):
            label = ref[len(LOADED_CLASS) :]
        else:
            full = lookup(ref, names, self.classes, self.stars) or names.resolve(ref)
            held = self.class_aliases.get(full) or self.class_aliases.get(f"{names.module}.{full}")
            if full in self.classes or held is None:
                return full
            label = held
        if self._by_short is None:
            self._by_short = defaultdict(list)
            for qual in sorted(self.classes):
                self._by_short[qual.rpartition(".")[2]].append(qual)
        short = label.rpartition(".")[2]
        found = [q for q in self._by_short.get(short, ()) if q == label or q.endswith(f".{label}")]
        return found[0] if len(found) == 1 else label

    def _alias(self, dotted_name: str, depth: int = 0) -> str | None:
        """What a module-level name holds (`Page = swapper.load_model(...)`), also when another
        module re-exports it, by name or with `*` (`from wagtail.test.utils import Page`)."""
        held = self.aliases.get(dotted_name)
        if held or depth > 4:
            return held
        module, _, name = dotted_name.rpartition(".")
        names = self.stars.get(module)
        if names is None:
            return None
        bound = names.resolve(name)
        if bound != name:  # imported by name from elsewhere
            return self._alias(bound, depth + 1) if bound != dotted_name else None
        for star in names.stars:
            held = self._alias(f"{star}.{name}", depth + 1)
            if held:
                return held
        return None

    def _reexported(self, full: str) -> str | None:
        package, _, short = full.rpartition(".")
        matches = [
            m for m in self.by_short.get(short, []) if package and m.startswith(package + ".")
        ]
        return self.models[matches[0]] if len(matches) == 1 else None

    def _via(self, via: str, table: str) -> str:
        """An instance method (`x.save()`) is as the ORM of the model behind the table says."""
        return self.table_kinds.get(table, "sqlalchemy") if via == "orm" else via

    def _hit(
        self,
        module: str,
        scope: str,
        target: str,
        kind: EdgeKind,
        evidence: Evidence,
        via: str,
        spans: Mapping[str, tuple[tuple[int, int, str], ...]],
    ) -> None:
        source = self._source(module, scope)
        inside = any(s <= evidence.line <= e for s, e, _ in spans.get(scope, ()))
        self.hits[(source, target, kind)].append(_Hit(evidence, via, inside))

    def _raw(
        self, module: str, raw: RawResult, spans: Mapping[str, tuple[tuple[int, int, str], ...]]
    ) -> None:
        for names, kind in (
            (raw.access.reads, EdgeKind.READS),
            (raw.access.writes, EdgeKind.WRITES),
        ):
            for name in names:
                self._hit(
                    module, raw.scope, self._relation(name), kind, raw.evidence, "raw_sql", spans
                )
        for left, right in raw.access.joins:
            source = self._source(module, raw.scope)
            self._join(self._relation(left), self._relation(right), raw.evidence, "raw_sql", source)

    def _related(
        self,
        module: str,
        access: RelatedAccess,
        names: ModuleNames,
        spans: Mapping[str, tuple[tuple[int, int, str], ...]],
    ) -> None:
        owner = (self.resolve(access.ref, names) or "") if access.manager else ""
        relation = self.relationships.get(owner, {}).get(access.manager)
        if relation is not None:
            ops = collection_ops(relation, set(access.methods))
            for kind, table in ops:
                self._hit(module, access.scope, table, kind, access.evidence, "sqlalchemy", spans)
            return
        ops, rows = self._manager_ops(access, owner, names)
        for kind, table in ops:
            self._hit(module, access.scope, table, kind, access.evidence, "django", spans)
        if access.scope:
            read = {table for kind, table in ops if kind is EdgeKind.READS}
            self.main_reads[f"{module}.{access.scope}"].update(t for t, _ in rows if t in read)
        source = self._source(module, access.scope)
        for table, link in rows:
            if link and (EdgeKind.READS, table) in ops:  # `post.tags.all()` joins post_tags
                self._join(table, link, access.evidence, "django", source)
            self._lookups(module, access, table, spans)

    def _manager_ops(
        self, access: RelatedAccess, owner: str, names: ModuleNames
    ) -> tuple[list[tuple[EdgeKind, str]], list[tuple[str, str]]]:
        """What the chain does through a related manager of the owner's model (the table `owner`,
        resolved by the caller), else one of its declared managers (never reached through an
        instance: Django forbids it, so the owner was the class), else the queryset of a manager
        or queryset class in its own methods; and the tables its queryset is on, each with the
        join table it is reached through ("" for none)."""
        methods = set(access.methods)
        if not access.manager:
            tables = self._users_table(names.resolve(access.ref))
            ops = [op for table in tables for op in manager_ops(table, methods)]
            return ops, [(table, "") for table in tables]
        found = self.accessors.get(owner, {}).get(access.manager)
        if found is not None:
            return related_ops(found, methods), [found]
        if access.manager in self.managers.get(owner, ()):
            return manager_ops(owner, methods), [(owner, "")]
        return [], []

    def _lookups(
        self,
        module: str,
        access: Access | RelatedAccess,
        table: str,
        spans: Mapping[str, tuple[tuple[int, int, str], ...]],
    ) -> None:
        """The tables a Django queryset on `table` joins through its relation lookups, and those
        its `prefetch_related` reads (analyzers.orm_django_lookups): each is read there."""
        source = self._source(module, access.scope)
        for paths, prefetch in ((access.joined, False), (access.prefetched, True)):
            for path in paths:
                if path == WHOLE_ROWS:
                    if isinstance(access, Access):
                        self._whole_rows(module, access, table, spans)
                    continue
                joins, reads = walk_path(self.relations, table, path, prefetch=prefetch)
                for left, right in joins:
                    if left != right:
                        self._join(left, right, access.evidence, "django", source)
                for read in reads:
                    self._hit(module, access.scope, read, EdgeKind.READS, access.evidence,
                              "django", spans)  # fmt: skip

    def _whole_rows(
        self,
        module: str,
        access: Access,
        table: str,
        spans: Mapping[str, tuple[tuple[int, int, str], ...]],
    ) -> None:
        """A multi-table child's whole rows: each parent's table is joined and read with it, or
        written with it."""
        for left, right in whole_rows(self.relations, table):
            if access.op == "write":
                self._hit(module, access.scope, right, EdgeKind.WRITES, access.evidence,
                          "django", spans)  # fmt: skip
                continue
            self._join(left, right, access.evidence, "django", self._source(module, access.scope))
            self._hit(module, access.scope, right, EdgeKind.READS, access.evidence, "django", spans)

    def _relation(self, name: str) -> str:
        return f"view:{name}" if name in self.views else f"table:{name}"

    def _join(self, left: str, right: str, evidence: Evidence, via: str, source: str) -> None:
        pair = (min(left, right), max(left, right))
        self.join_hits[pair].append((evidence, via, source))

    def edges(self) -> list[Edge]:
        edges: list[Edge] = []
        for (source, target, kind), hits in sorted(self.hits.items()):
            ordered = sorted(hits, key=lambda h: (h.evidence, h.via))
            attrs = {
                "via": ordered[0].via,
                "vias": sorted({h.via for h in hits}),
                "in_transaction": any(h.in_transaction for h in hits),
            }
            edges.extend(Edge(source, target, kind, h.evidence, attrs) for h in ordered)
        for (left, right), found in sorted(self.join_hits.items()):
            attrs = {
                "via": min(via for _, via, _ in found),
                "vias": sorted({via for _, via, _ in found}),
                "functions": sorted({source for _, _, source in found}),
            }
            evidence = sorted({ev for ev, _, _ in found})
            edges.extend(Edge(left, right, EdgeKind.JOINS, ev, attrs) for ev in evidence)
        return edges


def _unresolved(path: str, lines: list[int]) -> Diagnostic:
    shown = ", ".join(map(str, sorted(set(lines))[:10]))
    return Diagnostic(
        path,
        min(lines),
        f"{len(lines)} data access(es) on a model that is not known (lines {shown})",
        "data-access-unresolved",
        Severity.INFO,
    )


ANALYZER = DataAccessAnalyzer()
