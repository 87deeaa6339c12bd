"""GraphQL operations as entry points: each field of a schema's root types that runs analysed code.

graphene and strawberry: `graphene.Schema(query=Query, mutation=Mutation, subscription=...)`
(graphene-federation's `build_schema(Query, mutation=...)`, `strawberry.Schema(...)`) names the
root types, positionally in that order too (the call is looked for by the name it is written
with, `Schema` or `build_schema`, then resolved). Each field of a root type, declared in its body
or an analysed base's, whose resolver is analysed code is an entry point named by the operation
and the field's GraphQL name, `mutation checkoutComplete`: the `name=` given to the field, else
its attribute name in camelCase, as both libraries name fields by default (graphene's
`auto_camelcase=False` keeps the attribute name). Its resolver:
- graphene: `resolver=` given to the field, else the root type's `resolve_<field>` by its MRO
  (and, for a subscription, `subscribe_<field>`). A field `x = SomeMutation.Field()` of a
  mutation class (graphene's `Mutation` in its MRO, or a `mutate` in its analysed part, as for
  a subclass of graphql-jwt's `ObtainJSONWebToken`) runs the class: the node names the class,
  and its `calls` go to the class's `mutate` (relay's `mutate_and_get_payload`,
  graphene-django's `perform_mutate`) by its MRO, then to the methods these call on `cls` or
  `self` (or through `super()`), looked up on that class as Python looks them up, so that a
  base's `perform_mutation` reaches the subclass's `clean_input`;
- strawberry: the method decorated with `@strawberry.field`, `@strawberry.mutation`,
  `@strawberry.subscription` (or strawberry-django's), or `resolver=` given to such a field.

ariadne: `@query.field("name")` (or `@subscription.source("name")`) on a `QueryType()`,
`MutationType()`, `SubscriptionType()` or `ObjectType("Query")` (`"Mutation"`,
`"Subscription"`): the decorated function, `query name`.

A root field without code of its own (graphene's default resolver, strawberry-django's generated
ones) is no entry point: nothing analysed runs. The fields of the other types, which the
executor resolves below an operation, are not entry points either: they serve whichever
operation selects them.

Example: in saleor, `checkout_complete = CheckoutComplete.Field()` in `CheckoutMutations`, a base
of the schema's `Mutation`, gives `entrypoint:saleor.graphql.checkout.mutations:CheckoutComplete`
named `mutation checkoutComplete`, with `calls` to `BaseMutation.mutate` and to
`CheckoutComplete.perform_mutation`, which `mutate` calls as `cls.perform_mutation`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyzers.python_index import SymbolIndex, Value, parent_of, qid, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import NOT_NAMES, CallSite, Expr, decorator_name

if TYPE_CHECKING:
    from analyzers.python_entrypoints import EntryPoint

OPERATIONS = ("query", "mutation", "subscription")  # a schema's roots, in positional order
# what runs a graphene mutation class, first to last: graphene's, relay's, graphene-django's
_MUTATION_HOOKS = ("mutate", "mutate_and_get_payload", "perform_mutate")
_STRAWBERRY_FIELDS = frozenset({"field", "mutation", "subscription"})
_ARIADNE_ROOTS = {
    "QueryType": "query",
    "MutationType": "mutation",
    "SubscriptionType": "subscription",
}
_MAX_REACHED = 64  # methods a mutation class's dispatch is followed to


@dataclass(frozen=True, slots=True)
class _Root:
    """A root type of a schema: its operation, class, library and naming."""

    operation: str
    klass: str
    library: str  # "graphene" or "strawberry"
    camel: bool


def graphql_entrypoints(
    index: SymbolIndex, resolver: Resolver, skipped: frozenset[str]
) -> list[EntryPoint]:
    """The root fields of the graphene and strawberry schemas built outside the modules
    `skipped` (test code), one entry point per resolver or mutation class."""
    from analyzers.python_entrypoints import EntryPoint

    found: dict[str, EntryPoint] = {}
    for root in _roots(index, resolver, skipped):
        for handler, route, module, line, targets in _fields(index, resolver, root):
            if module in skipped:
                continue
            known = found.get(handler)
            if known is not None:  # one handler, several fields: one entry point
                routes = tuple(sorted({*known.routes, route}))
                found[handler] = EntryPoint(
                    handler, "graphql", root.library, known.module, known.line, routes,
                    targets=known.targets,
                )  # fmt: skip
                continue
            found[handler] = EntryPoint(
                handler, "graphql", root.library, module, line, (route,), targets=targets
            )
    return [found[h] for h in sorted(found)]


def _roots(index: SymbolIndex, resolver: Resolver, skipped: frozenset[str]) -> Iterator[_Root]:
    seen: set[tuple[str, str]] = set()
    for module, summary in sorted(index.summaries.items()):
        if module in skipped:
            continue
        for site in summary.calls:
            if site.callee[-1].lstrip(".") not in ("Schema", "build_schema"):
                continue
            library = _library(resolver.evaluate(module, site.scope, site.callee, site.line))
            if library is None:
                continue
            given = dict(site.args)
            camel = dict(site.keywords).get("auto_camelcase") is not False
            for position, operation in enumerate(OPERATIONS):
                expr = given.get(operation, given.get(position))
                if expr is None:
                    continue
                for value in sorted(resolver.evaluate(module, site.scope, expr, site.line)):
                    if value[0] == "c" and (operation, value[1]) not in seen:
                        seen.add((operation, value[1]))
                        yield _Root(operation, str(value[1]), library, camel)


def _library(values: Iterable[Value]) -> str | None:
    """Whose schema a callee makes: graphene's (graphene-federation's too) or strawberry's."""
    for value in sorted(values):
        if value[0] == "e":
            head = str(value[1]).partition(".")[0]
            if head.startswith("graphene"):
                return "graphene"
            if head.startswith("strawberry"):
                return "strawberry"
    return None


# a root field: its handler, route, the module and line declaring it, and the handler's targets
_Field = tuple[str, str, str, int, tuple[str, ...]]


def _fields(index: SymbolIndex, resolver: Resolver, root: _Root) -> Iterator[_Field]:
    named: set[str] = set()
    for value in resolver.mro(root.klass):
        if value[0] != "c":
            continue
        module, qual = split_qid(str(value[1]))
        sites = {(s.line, s.callee): s for s in _calls_in(index, module, qual)}
        for name, bound in sorted(index.bindings.get((module, qual), {}).items()):
            if name in named:  # declared again below: the subclass's declaration wins
                continue
            # the last call bound to the name (its annotation, `x: int = field()`, binds too)
            calls = [sites.get((line, e[:-1])) for e, line, _top in bound if e and e[-1] == "()"]
            site = next((c for c in reversed(calls) if c is not None), None)
            if site is None:
                continue  # no field declaration: a method, a constant
            named.add(name)
            route = f"{root.operation} {_graphql_name(name, site, root.camel)}"
            if root.library == "graphene":
                yield from _graphene_field(resolver, root, module, qual, name, site, route)
            else:
                yield from _strawberry_assigned(resolver, module, site, route)
        if root.library == "strawberry":
            yield from _strawberry_methods(index, resolver, root, module, qual, named)


def _graphql_name(attribute: str, site: CallSite | None, camel: bool) -> str:
    """A field's name in the schema: `name=` when given, else the attribute's, in camelCase
    as graphene and strawberry make it (`checkout_line` is `checkoutLine`).

    >>> _graphql_name("checkout_line_id", None, True), _graphql_name("order_", None, True)
    ('checkoutLineId', 'order_')
    """
    given = dict(site.keywords).get("name") if site is not None else None
    if isinstance(given, str):
        return given
    if not camel:
        return attribute
    first, *rest = attribute.split("_")
    return first + "".join(part.capitalize() if part else "_" for part in rest)


def _graphene_field(
    resolver: Resolver, root: _Root, module: str, qual: str, name: str, site: CallSite, route: str
) -> Iterator[_Field]:
    if site.callee[-1] == ".Field" and len(site.callee) > 1:
        owner = resolver.evaluate(module, qual, site.callee[:-1], site.line)
        mutations = 0
        for klass in sorted(str(v[1]) for v in owner if v[0] == "c"):
            targets = dispatched(resolver, klass, _MUTATION_HOOKS)
            if targets or _is_mutation(resolver, klass):
                mutations += 1
                yield klass, route, module, site.line, targets
        if mutations:
            return
    given = dict(site.args).get("resolver")
    if given is not None:
        functions = defined(resolver, module, qual, given, site.line)
    else:
        hooks = ["resolve_"] + (["subscribe_"] if root.operation == "subscription" else [])
        functions = [f for h in hooks for f in method_defined(resolver, root.klass, h + name)]
    for function in functions:
        yield function, route, module, site.line, ()


def _is_mutation(resolver: Resolver, klass: str) -> bool:
    """Whether a class is a graphene mutation by its bases: a mutation class of graphene (or
    of a library named after it) is in its MRO."""
    return any(
        v[0] == "e" and str(v[1]).startswith("graphene") and str(v[1]).endswith("Mutation")
        for v in resolver.mro(klass)
    )


def _strawberry_assigned(
    resolver: Resolver, module: str, site: CallSite, route: str
) -> Iterator[_Field]:
    """`total: int = strawberry.field(resolver=count_orders)`: the resolver given."""
    given = dict(site.args).get("resolver")
    if given is None or decorator_name(site.callee) not in _STRAWBERRY_FIELDS:
        return
    for function in defined(resolver, module, site.scope, given, site.line):
        yield function, route, module, site.line, ()


def _strawberry_methods(
    index: SymbolIndex, resolver: Resolver, root: _Root, module: str, klass: str, named: set[str]
) -> Iterator[_Field]:
    """The methods of one class of a strawberry root's MRO decorated as its fields."""
    summary = index.summaries[module]
    calls = {qual: site for qual, site in summary.decorator_calls}
    for definition in summary.definitions:
        if definition.kind != "function" or parent_of(definition.qual) != klass:
            continue
        name = definition.qual.rpartition(".")[2]
        marks = [r for r in definition.decorators if decorator_name(r) in _STRAWBERRY_FIELDS]
        if name in named or not any(
            _library(resolver.evaluate(module, klass, mark, definition.line)) == "strawberry"
            for mark in (r[:-1] if r[-1] == "()" else r for r in marks)
        ):
            continue
        named.add(name)
        site = calls.get(definition.qual)
        route = f"{root.operation} {_graphql_name(name, site, root.camel)}"
        yield qid(module, definition.qual), route, module, definition.line, ()


def dispatched(resolver: Resolver, klass: str, hooks: Iterable[str]) -> tuple[str, ...]:
    """The analysed methods that running `hooks` on `klass` goes through: each hook by the
    class's MRO, then, from each method reached, the methods it calls on its first parameter
    (`cls.perform_mutation(...)`, `self.clean()`) looked up on `klass` (a base's call reaches
    the subclass's override, as Python dispatches it) and those its `super()` calls reach along
    that MRO; at most `_MAX_REACHED`."""
    index = resolver.index
    mro = [str(v[1]) if v[0] == "c" else "" for v in resolver.mro(klass)]
    queue = [function for hook in hooks for function in method_defined(resolver, klass, hook)]
    reached: list[str] = []
    while queue and len(reached) < _MAX_REACHED:
        function = queue.pop(0)
        if function in reached:
            continue
        reached.append(function)
        module, qual = split_qid(function)
        definition = index.definition(module, qual)
        if definition is None or not definition.params or definition.method_kind == "static":
            continue
        first = definition.params[0]
        for site in _calls_in(index, module, qual):
            callee = site.callee
            if len(callee) == 2 and callee[0] == first and callee[1].startswith("."):
                queue.extend(method_defined(resolver, klass, callee[1][1:]))
            elif len(callee) == 3 and callee[:2] == ("super", "()"):
                queue.extend(_after(resolver, mro, f"{module}:{parent_of(qual)}", callee[2][1:]))
    return tuple(sorted(reached))


def method_defined(resolver: Resolver, klass: str, name: str) -> list[str]:
    """The methods `name` is on `klass` by its MRO: the `def` of the first class body that
    defines it, decorated or not (the code that serves, not the wrapper an analysed decorator
    returns), else the functions the attribute holds."""
    for value in resolver.mro(klass):
        if value[0] != "c":
            break
        module, qual = split_qid(str(value[1]))
        found = resolver.index.definition(module, f"{qual}.{name}")
        if found is not None and found.kind == "function":
            return [qid(module, f"{qual}.{name}")]
        if name in resolver.index.bindings.get((module, qual), {}):
            break  # bound to something else: what that holds
    return sorted(str(v[1]) for v in resolver.method(klass, name) if v[0] == "f")


def defined(resolver: Resolver, module: str, scope: str, expr: Expr, line: int) -> list[str]:
    """The functions an expression names, as `method_defined` finds them: for a name bound
    only to `def`s (here or, through imports, in the module it comes from), those `def`s;
    else the functions the expression holds."""
    name = expr[0] if len(expr) == 1 and isinstance(expr[0], str) else ""
    if name and name not in NOT_NAMES:
        index = resolver.index
        outer = next(
            (o for o in index.enclosing(module, scope) if _binds(index, module, o, name)), None
        )
        found = _defs(index, module, outer, name, 0) if outer is not None else None
        if found is not None:
            return found
    values = resolver.evaluate(module, scope, expr, line)
    return sorted(str(v[1]) for v in values if v[0] == "f")


def _defs(index: SymbolIndex, module: str, scope: str, name: str, depth: int) -> list[str] | None:
    """The `def`s `name` is bound to in a scope (a decorated one is bound to `("?", ("&qual",),
    decorated)`), following imports; None when it is not bound there, or bound to anything
    else."""
    bound = index.bindings.get((module, scope), {}).get(name)
    if not bound or depth > 4:
        return None
    found: list[str] = []
    for expr, _line, _top in bound:
        ref = expr[1] if expr[0] == "?" else expr
        if len(ref) == 1 and str(ref[0]).startswith("&"):
            definition = index.definition(module, ref[0][1:])
            if definition is None or definition.kind != "function":
                return None
            found.append(qid(module, ref[0][1:]))
            continue
        split = index.split_name(ref[1]) if ref[0] == "@" else None
        if split is None or len(split[1]) != 1:
            return None
        more = _defs(index, split[0], "", split[1][0], depth + 1)
        if more is None:
            return None
        found.extend(more)
    return sorted(set(found))


def _binds(index: SymbolIndex, module: str, scope: str, name: str) -> bool:
    return name in index.bindings.get((module, scope), {})


def _calls_in(index: SymbolIndex, module: str, qual: str) -> list[CallSite]:
    return [site for site in index.summaries[module].calls if site.scope == qual]


def _after(resolver: Resolver, mro: list[str], owner: str, name: str) -> list[str]:
    """The method `name` of the first analysed class after `owner` in `mro` that defines it
    (none past a class outside the analysed code)."""
    at = mro.index(owner) + 1 if owner in mro else len(mro)
    for klass in mro[at:]:
        if not klass:
            return []
        module, qual = split_qid(klass)
        found = resolver.index.definition(module, f"{qual}.{name}")
        if found is not None and found.kind == "function":
            return [f"{module}:{qual}.{name}"]
    return []


def ariadne_field(
    index: SymbolIndex, resolver: Resolver, module: str, qual: str, site: CallSite
) -> EntryPoint | None:
    """The entry point `@query.field("name")` declares on an ariadne root type, if it is one."""
    from analyzers.python_entrypoints import EntryPoint

    if site.callee[-1] not in (".field", ".source") or len(site.callee) < 2 or not site.strings:
        return None
    owner = resolver.evaluate(module, site.scope, site.callee[:-1], site.line)
    for value in sorted(owner):
        name = str(value[1])
        if value[0] != "e" or not name.startswith("ariadne"):
            continue
        kind = name.rpartition(".")[2]
        operation = _ARIADNE_ROOTS.get(kind)
        if kind == "ObjectType" and len(site.callee) == 2:
            operation = _object_type(index, module, site.callee[0])
        if operation is not None:
            route = f"{operation} {site.strings[0]}"
            return EntryPoint(qid(module, qual), "graphql", "ariadne", module, site.line, (route,))
    return None


def _object_type(index: SymbolIndex, module: str, name: str) -> str | None:
    """The operation of `name = ObjectType("Query")` at the top of a module, if it is a root."""
    bound = index.bindings.get((module, ""), {}).get(name, ())
    lines = {line for _expr, line, _top in bound}
    for site in index.summaries[module].calls:
        if site.line in lines and site.scope == "" and site.callee[-1].endswith("ObjectType"):
            type_name = site.strings[0] if site.strings else ""
            operation = type_name.lower()
            return operation if operation in OPERATIONS else None
    return None
