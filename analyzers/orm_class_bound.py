"""Queries on a model that a class names for its subclasses, drawn from the callers.

A generic base's methods query the model each subclass names, as a class attribute or as the
type argument of the base (the data access object, or repository, pattern):

```
class BaseDAO(Generic[T]):
    model_cls = None                 # set from the subclass's type argument
    @classmethod
    def find_by_id(cls, pk):
        return db.session.query(cls.model_cls).get(pk)

class ChartDAO(BaseDAO[Slice]): ...

ChartDAO.find_by_id(pk)              # reads Slice's table, here
```

In `BaseDAO.find_by_id` the model is the caller's to say, as in a manager class several models
use. So the access there (a `Class.attr` reference the data access rules leave unresolved, in a
method of that class; `Class.<T>` for a parameter annotated with a type variable the class's
bases are given, `items: list[T]`, which no class binds: its subclasses' type argument; the
class itself for its instance or class, `db.session.add(self)` in a mixin: the nearest model
in the receiver's MRO) is drawn at each call of the method whose receiver the Python call graph
types: a class or an instance of one whose MRO names the model, by a body binding `attr` to a
model (`model_cls = Slice`) or by a base's type argument (`BaseDAO[Slice]`), the nearest first.
A call on `self`, `cls` or `super()` in a method whose class names none hands the access on to
that method's callers in turn (`find_by_id` calls `cls._find_by_column(...)`, which queries).
Only where every class the receiver may be (of those that have the method's class in their
MRO) names the same table: a union over callers is the callers' to say; and not on a receiver
a caller hands over (a parameter, `self.dao_class`): the callers the call graph knows may not
be all.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from analyzers.python_calls import CallGraph
from analyzers.python_hooks import method_defined
from analyzers.python_index import parent_of, qid, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import CallSite


@dataclass(frozen=True, slots=True, order=True)
class Bound:
    """An access in a method on the model its class names for subclasses by `attr`."""

    attr: str
    op: str  # "read" or "write"
    via: str


# (module, call site, table, the access) for each access drawn at a call
Drawn = tuple[str, CallSite, str, Bound]


def drawn_accesses(
    resolver: Resolver,
    calls: CallGraph,
    bound: dict[str, set[Bound]],
    named_model: Callable[[str, str], str | None],
) -> Iterator[Drawn]:
    """The accesses the `bound` methods ("mod:Class.method" -> accesses) make at the calls
    that reach them, in a stable order; `named_model(klass, attr)` is the table a class names
    by `attr` (its own or by a base's type argument: `table_named`), or None."""
    callers: dict[str, list[tuple[str, CallSite]]] = defaultdict(list)
    for call in calls.calls:
        if not call.dispatch:
            for function in call.functions:
                callers[function].append((call.module, call.site))
    seen = {function: set(accesses) for function, accesses in bound.items()}
    queue = deque((function, sorted(seen[function])) for function in sorted(seen))
    while queue:
        function, accesses = queue.popleft()
        module_of, qual = split_qid(function)
        defining = ("c", qid(module_of, parent_of(qual)))
        for module, site in callers.get(function, ()):
            if len(site.callee) < 2:
                continue  # no receiver: a function's own call
            owner = _own_class(resolver, module, site)
            if owner is None and _handed(resolver, module, site):
                continue
            classes = [
                c
                for c in _receiver_classes(resolver, module, site, owner)
                if defining in resolver.mro(c)
            ]
            for access in accesses:
                tables = {named_model(c, access.attr) for c in classes}
                table = next(iter(tables)) if len(tables) == 1 else None
                if table is not None:
                    yield module, site, table, access
                elif tables <= {None} and owner is not None:  # `cls._find_by_column(...)`
                    caller = qid(module, site.scope)
                    if access not in seen.setdefault(caller, set()):
                        seen[caller].add(access)
                        queue.append((caller, [access]))


def _own_class(resolver: Resolver, module: str, site: CallSite) -> str | None:
    """The class of the method a site is in, when the site calls on its `self`, `cls` or
    `super()`; else None."""
    index = resolver.index
    if site.callee[:2] == ("super", "()"):
        owner = index.definition(module, parent_of(site.scope))
        method = index.definition(module, site.scope)
        is_method = method is not None and method.kind == "function" and bool(method.params)
        if is_method and owner is not None and owner.kind == "class":
            return qid(module, parent_of(site.scope))
        return None
    if len(site.callee) != 2:
        return None
    return index.method_class(module, site.scope, site.callee[0])


def _handed(resolver: Resolver, module: str, site: CallSite) -> bool:
    """Whether a site's receiver is what a caller hands over: a parameter, or an attribute of
    one (`self.dao_class`, set from an argument): which class it is varies by caller, and the
    callers the call graph knows may not be all."""
    head = site.callee[0]
    if not isinstance(head, str):
        return True
    index = resolver.index
    scopes = index.enclosing(module, site.scope)
    return any(index.is_parameter(module, scope, head) for scope in scopes)


def _receiver_classes(
    resolver: Resolver, module: str, site: CallSite, owner: str | None
) -> list[str]:
    """The analysed classes a site's receiver is, or is an instance of."""
    if owner is not None and site.callee[:2] == ("super", "()"):
        return [owner]
    values = resolver.evaluate(module, site.scope, site.callee[:-1], site.line)
    return sorted({str(v[1]) for v in values if v[0] in ("c", "i")})


def table_named(
    resolver: Resolver,
    klass: str,
    attr: str,
    table_of: Callable[[str], str | None],
    generic_tables: Callable[[str], list[str]],
) -> str | None:
    """The table a class names by `attr`, by its MRO: the first class whose body binds `attr`
    to a model (`table_of` a value's class), or whose bases are given a model's type
    (`generic_tables`); None when none does. A getter, `name()`, names what the method of that
    name (by the class's MRO) returns: `return self.model` what `model` names, `return Log`
    Log's table."""
    index = resolver.index
    if attr.endswith("()"):
        return _got(resolver, klass, attr[:-2], table_of, generic_tables)
    for value in resolver.mro(klass):
        if value[0] != "c":
            continue
        if not attr:  # the instance itself: the nearest model's table
            table = table_of(str(value[1]))
            if table is not None:
                return table
            continue
        module, qual = split_qid(str(value[1]))
        for expr, line, _top in index.bindings.get((module, qual), {}).get(attr, ()):
            for found in sorted(resolver.evaluate(module, qual, expr, line)):
                table = table_of(str(found[1])) if found[0] == "c" else None
                if table is not None:
                    return table
        tables = generic_tables(str(value[1]))
        if tables:
            return tables[0]
    return None


def _got(
    resolver: Resolver,
    klass: str,
    getter: str,
    table_of: Callable[[str], str | None],
    generic_tables: Callable[[str], list[str]],
) -> str | None:
    """The table a getter of a class gives: what the method `getter` (by the class's MRO)
    returns, an attribute of its own as `table_named` reads it (`return self.model`), or a
    model class (`return Log`); None unless there is one table."""
    tables: set[str | None] = set()
    for function in method_defined(resolver, klass, getter):
        module, qual = split_qid(function)
        definition = resolver.index.definition(module, qual)
        own = definition.params[:1] if definition is not None else ()
        for expr in resolver.index.returns.get((module, qual), ()):
            if len(expr) == 2 and own == (expr[0],) and not str(expr[1]).endswith("()"):
                attr = str(expr[1]).lstrip(".")
                tables.add(table_named(resolver, klass, attr, table_of, generic_tables))
                continue
            values = resolver.evaluate(module, qual, expr)
            tables |= {table_of(str(v[1])) if v[0] == "c" else None for v in values} or {None}
    return next(iter(tables)) if len(tables) == 1 else None
