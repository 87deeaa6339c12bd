"""The joins of Django's relation lookups: which tables one queryset reads together.

A queryset follows relations by name: `Order.objects.filter(lines__product__title="x")` joins the
order, line and product tables in one query, and `select_related("basket__owner")`,
`values("user__email")`, `order_by("-partner__name")`, `F("partner__name")`, `Count("lines")` and
`Q(user__email=...)` do the same. `prefetch_related("lines__product")` reads the same tables, but in
queries of their own, so it reads without joining.

Extraction (`lookup_paths`, over one call chain of analyzers.orm_access_patterns) keeps the paths
as written; the link step (`walk_path`) follows them through each model's relations by their query
names, published by analyzers.django_models:
- a forward `ForeignKey`, `OneToOneField` or `ManyToManyField` by the field's name;
- a reverse one by its `related_query_name`, else its `related_name`, else the model's name in
  lower case (`filter(line__quantity=2)`; not `line_set`, which is the manager's name);
- a many-to-many relation goes through its join table (auto-created, or the `through` model's);
- a multi-table child reaches its parent's relations through the parent's table, and a query
  that loads or writes whole rows of a child (not narrowed by `count`, `values`, `update`...)
  takes in each parent's table: it joins and reads it, or writes it (an `update()` is counted
  as writing the child's table only, though Django writes a parent's when the fields set are
  the parent's: the fields are not told apart).

As Django does, a path that ends on a forward foreign key compared by its key alone
(`filter(user=u)`, `user__in`, `user__isnull`, `user__pk`) joins nothing: the key is a column of the
model's own table; through a many-to-many relation it joins the join table only. `select_related`
and `prefetch_related` always load the related rows.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# queryset methods whose keyword arguments (and `Q` arguments) are lookups
LOOKUP_METHODS = frozenset(
    {"filter", "exclude", "get", "get_or_create", "update_or_create"}
    | {"get_object_or_404", "get_list_or_404"}  # Django's shortcuts, given a model
)
# queryset methods whose string arguments name fields; the loaded ones always join
FIELD_METHODS = frozenset({"values", "values_list", "order_by", "distinct", "only", "defer"})
LOADING_METHODS = frozenset({"select_related"})
EXPRESSION_METHODS = LOOKUP_METHODS | FIELD_METHODS | {"annotate", "aggregate", "alias"}
NOT_LOOKUPS = frozenset({"defaults", "create_defaults"})  # `get_or_create(defaults=...)`
# the queryset methods after which a query no longer loads or writes whole rows; without one,
# a chain loads (or writes) every table of a multi-table child's row: `WHOLE_ROWS` in its paths
NARROWING = frozenset(
    {"count", "exists", "values", "values_list", "aggregate", "update", "contains", "dates"}
    | {"datetimes", "explain", "raw"}
)
WHOLE_ROWS = "*"
# expressions whose positional string arguments name fields (`Count("lines")`, `F("a__b")`);
# `OuterRef` names a field of the outer query, `Value` is a value
EXPRESSIONS = frozenset(
    {
        "F", "Count", "Sum", "Avg", "Min", "Max", "StdDev", "Variance", "ArrayAgg", "StringAgg",
        "JSONBAgg", "BoolAnd", "BoolOr", "BitAnd", "BitOr", "Coalesce", "Greatest", "Least",
        "Lower", "Upper", "Length", "Concat", "Cast", "Abs", "Round", "NullIf", "Trim",
    }
)  # fmt: skip
EXPRESSION_PREFIXES = ("Trunc", "Extract")
# what may follow a relation without needing its table: its key, or a lookup on the key
KEY_ONLY = frozenset(
    {
        "pk", "id", "exact", "iexact", "in", "gt", "gte", "lt", "lte", "range", "isnull",
    }
)  # fmt: skip


def lookup_paths(calls: list[ast.Call]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The relation paths a queryset chain names: those its query joins (`select_related` ones
    marked with a leading `!`: they load the rows, so they always join; `WHOLE_ROWS` when it
    loads or writes whole rows), and those `prefetch_related` reads in queries of their own.
    `calls` is the chain outermost first.

    >>> calls = ast.parse(
    ...     "M.objects.filter(Q(a__b=1) | ~Q(c=2), d__e__in=[1], defaults={}).select_related("
    ...     "'f').order_by('-g__h', '?').prefetch_related('i', Prefetch('j__k'))", mode="eval"
    ... ).body
    >>> from analyzers.orm_access_patterns import unroll
    >>> lookup_paths(unroll(calls)[0])
    (('!f', '*', 'a__b', 'c', 'd__e__in', 'g__h'), ('i', 'j__k'))
    """
    joined: set[str] = set()
    prefetched: set[str] = set()
    if not any(_callee(call) in NARROWING for call in calls):
        joined.add(WHOLE_ROWS)
    for call in calls:
        name = _callee(call)
        if name == "prefetch_related":
            prefetched.update(_prefetched(call))
            continue
        if name in LOADING_METHODS:
            joined.update(f"!{text}" for text in _strings(call.args))
        if name in FIELD_METHODS:
            joined.update(text.lstrip("-+") for text in _strings(call.args) if text != "?")
        if name in LOOKUP_METHODS:
            joined.update(k.arg for k in call.keywords if k.arg and k.arg not in NOT_LOOKUPS)
        if name in EXPRESSION_METHODS:
            for argument in (*call.args, *(k.value for k in call.keywords)):
                joined.update(_expression_paths(argument))
    return tuple(sorted(joined)), tuple(sorted(prefetched))


def whole_rows(relations: Relations, table: str) -> list[tuple[str, str]]:
    """The joins that loading or writing whole rows of a multi-table child makes: with each of
    its parents' tables, up the chain.

    >>> whole_rows(Relations({}, {"table:book": "table:product"}), "table:book")
    [('table:book', 'table:product')]
    """
    joins: list[tuple[str, str]] = []
    seen = {table}
    parent = relations.parents.get(table)
    while parent is not None and parent not in seen:
        joins.append((table, parent))
        seen.add(parent)
        table, parent = parent, relations.parents.get(parent)
    return joins


def _strings(nodes: list[ast.expr]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
            yield node.value


def _prefetched(call: ast.Call) -> Iterator[str]:
    yield from _strings(call.args)
    for node in call.args:  # `Prefetch("lines", queryset=...)`
        if isinstance(node, ast.Call) and _callee(node) == "Prefetch":
            yield from _strings(node.args[:1])
            yield from _strings([k.value for k in node.keywords if k.arg == "lookup"])


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _expression_paths(node: ast.expr) -> Iterator[str]:
    """The paths named inside a query expression: `Q(...)` lookups, `F(...)` and aggregate
    arguments, through `|`, `&`, `~` and arithmetic; never inside another queryset
    (`Subquery(Other.objects.filter(...))` is that queryset's own)."""
    if isinstance(node, ast.BinOp):
        yield from _expression_paths(node.left)
        yield from _expression_paths(node.right)
    elif isinstance(node, ast.UnaryOp):
        yield from _expression_paths(node.operand)
    elif isinstance(node, ast.Call):
        callee = _callee(node)
        if callee in ("Q", "When"):
            yield from (k.arg for k in node.keywords if k.arg and k.arg != "then")
            for argument in node.args:
                yield from _expression_paths(argument)
        elif callee in EXPRESSIONS or callee.startswith(EXPRESSION_PREFIXES):
            yield from _strings(node.args)
            for argument in (*node.args, *(k.value for k in node.keywords)):
                yield from _expression_paths(argument)
        elif callee == "Case":
            for argument in node.args:
                yield from _expression_paths(argument)


@dataclass(frozen=True, slots=True)
class Relations:
    """Each table's relations by query name (table id -> name -> (table id of the other side,
    join table id or "" for a foreign key), with `forward` telling a forward foreign key or
    one-to-one field apart), and the parent table of each multi-table child."""

    lookups: Mapping[str, Mapping[str, tuple[str, str, bool]]]
    parents: Mapping[str, str]


def walk_path(
    relations: Relations, table: str, path: str, *, prefetch: bool = False
) -> tuple[list[tuple[str, str]], list[str]]:
    """The joins (pairs of table ids, in path order) a lookup path from `table` makes, and the
    tables it reads; see the module's text for when the last relation needs no join. A path
    that `prefetch_related` follows reads each table in a query of its own: it joins only a
    many-to-many relation's join table with the rows it leads to.

    >>> relations = Relations(
    ...     {"table:order": {"user": ("table:user", "", True), "line": ("table:line", "", False),
    ...                      "tags": ("table:tag", "table:order_tags", False)},
    ...      "table:line": {"product": ("table:product", "", True)}},
    ...     {},
    ... )
    >>> walk_path(relations, "table:order", "line__product__title")[0]
    [('table:order', 'table:line'), ('table:line', 'table:product')]
    >>> walk_path(relations, "table:order", "user__in"), walk_path(relations, "table:order", "tags")
    (([], []), ([('table:order', 'table:order_tags')], ['table:order_tags']))
    >>> walk_path(relations, "table:order", "!user")
    ([('table:order', 'table:user')], ['table:user'])
    >>> walk_path(relations, "table:order", "tags", prefetch=True)
    ([('table:order_tags', 'table:tag')], ['table:order_tags', 'table:tag'])
    """
    loads = prefetch or path.startswith("!")
    segments = path.lstrip("!").split("__")
    joins: list[tuple[str, str]] = []
    linked: list[tuple[str, str]] = []  # a join table with the rows it leads to
    current = table
    for number, segment in enumerate(segments):
        found = _relation(relations, current, segment, joins)
        if found is None:
            break
        current, other, through, forward = found
        rest = segments[number + 1 :]
        key_only = not loads and (not rest or rest[0] in KEY_ONLY)
        if through:
            joins.append((current, through))
            if key_only:
                break
            joins.append((through, other))
            linked.append((through, other))
        elif key_only and forward:
            break
        else:
            joins.append((current, other))
        current = other
    return (linked if prefetch else joins), [right for _, right in joins]


def _relation(
    relations: Relations, table: str, name: str, joins: list[tuple[str, str]]
) -> tuple[str, str, str, bool] | None:
    """A relation of a table by query name, else of its nearest multi-table ancestor that has
    it (joining each table on the way), with the table it is found on."""
    seen = {table}
    hops: list[tuple[str, str]] = []
    while True:
        found = relations.lookups.get(table, {}).get(name)
        if found is not None:
            joins.extend(hops)
            return (table, *found)
        parent = relations.parents.get(table)
        if parent is None or parent in seen:
            return None
        hops.append((table, parent))
        seen.add(parent)
        table = parent
