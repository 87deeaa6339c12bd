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

from analyzers.python_hooks import defined_functions, dispatched, method_defined
from analyzers.python_index import SymbolIndex, Value, parent_of, qid, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import CallSite, Expr, decorator_name

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
        sites = {(s.line, s.callee): s for s in index.calls_in(module, qual)}
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
        functions = _functions(resolver, module, qual, given, site.line)
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
    for function in _functions(resolver, module, site.scope, given, site.line):
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


def _functions(resolver: Resolver, module: str, scope: str, expr: Expr, line: int) -> list[str]:
    """The functions a `resolver=` names: the `def`s it names (`defined_functions`), else the
    functions it holds."""
    found = defined_functions(resolver, module, scope, expr)
    values = resolver.evaluate(module, scope, expr, line) if not found else frozenset()
    return found or sorted(str(v[1]) for v in values if v[0] == "f")


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
