"""The ORM call patterns of analyzers.orm_access_extract, as pure functions over one call chain.

A chain is `root.m1(...).m2(...)...`: `calls` holds the method calls outermost first and `root` is
what the chain starts from (a name, an attribute such as `Order.objects`, or a plain call such as
`select(Order)`). `local` maps a name assigned in the same function to the model it holds.

At the end, what a call through a manager or a relationship does to the tables the link step has
resolved (`related_ops`, `manager_ops`, `collection_ops`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from analyzers.orm_names import USER_MODEL, get_model_ref
from analyzers.python_names import dotted
from decompose.model import EdgeKind

MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
DJANGO_WRITES = frozenset({"create", "update", "delete", "bulk_create", "bulk_update"})
DJANGO_BOTH = frozenset({"get_or_create", "update_or_create"})
QUERY_WRITES = frozenset({"update", "delete"})
JOIN_METHODS = frozenset({"join", "outerjoin", "select_from", "join_from"})
VERBS = frozenset({"select", "insert", "update", "delete"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})  # Django's, given a model
SESSION_WRITES = frozenset({"add", "merge", "delete", "add_all", "bulk_save_objects"})
MAPPING_WRITES = frozenset({"bulk_insert_mappings", "bulk_update_mappings"})
INSTANCE_WRITES = frozenset({"save", "delete"})
QUERYSET_API = DJANGO_WRITES | DJANGO_BOTH | frozenset(
    {
        "all", "filter", "exclude", "get", "get_queryset", "annotate", "alias", "aggregate",
        "values", "values_list", "order_by", "distinct", "count", "exists", "first", "last",
        "latest", "earliest", "in_bulk", "iterator", "select_related", "prefetch_related",
        "only", "defer", "using", "select_for_update", "dates", "datetimes", "extra",
        "reverse", "union", "intersection", "difference", "contains",
    }
)  # fmt: skip

# the queryset methods that no model instance has: on a name that holds rows of a model, they
# say it holds a queryset (or a query: the link step tells the ORMs apart by the model)
QUERYSET_ONLY = QUERYSET_API - {
    "get", "create", "update", "delete", "get_or_create", "update_or_create", "bulk_create",
    "bulk_update", "contains", "reverse", "get_queryset", "union", "intersection", "difference",
}  # fmt: skip
WRITES = DJANGO_WRITES | QUERY_WRITES

Local = Callable[[str], str | None]
ALIAS = "@alias:"  # a local name that holds a class (`aliased(M)`, an import), not an instance


@dataclass(frozen=True, slots=True)
class Found:
    """One access: op "read" or "write" of `ref` ("" when the model is unknown)."""

    op: str
    ref: str
    via: str
    certain: bool


@dataclass
class ChainFacts:
    found: list[Found]
    joins: list[tuple[str, str]]
    related: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


def unroll(call: ast.expr) -> tuple[list[ast.Call], ast.expr]:
    """The method calls of a chain, outermost first, and what the chain starts from."""
    calls: list[ast.Call] = []
    node = call
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        calls.append(node)
        node = node.func.value
    return calls, node


def method(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def is_session(call: ast.Call) -> bool:
    """Whether a method call's receiver is named like a session (`session`, `db.session`)."""
    if not isinstance(call.func, ast.Attribute):
        return False
    receiver = dotted(call.func.value) or ""
    return "session" in receiver.rsplit(".", 1)[-1].lower()


# what a function's `request` argument holds: a Django request (or DRF's, which wraps one), whose
# `user` is an instance of the user model
REQUEST = "@request"


def request_user(node: ast.expr, local: Local) -> bool:
    """Whether an expression is the user of a request: `request.user`, where `request` is a
    function's argument of that name, or `self.request.user` in a method (a view's request, as
    Django's and DRF's class-based views set it)."""
    name = dotted(node)
    head, _, rest = (name or "").partition(".")
    held = local(head) if head else None
    if held == REQUEST:
        return rest == "user"
    return held is not None and held[:1] != "@" and rest == "request.user"


def instance_ref(value: ast.expr, local: Local) -> str | None:
    """The model an expression yields instances of: `M(...)`, `session.get(M, ...)`, a manager or
    query chain, a name that holds one of these, or a request's user."""
    if isinstance(value, ast.Name):
        return local(value.id)
    if isinstance(value, ast.Attribute) and request_user(value, local):
        return USER_MODEL
    calls, root = unroll(value)
    if isinstance(root, ast.Call) and not calls:
        func = dotted(root.func)
        if func and func.rsplit(".", 1)[-1] == "aliased" and root.args:
            aliased = _ref(root.args[0], local)  # `aliased(Forum)` is Forum's table, as a class
            return f"{ALIAS}{aliased}" if aliased else None
        return _ref(root.func, local) if func and func.rsplit(".", 1)[-1] not in VERBS else None
    if isinstance(root, ast.Attribute) and root.attr in MANAGERS | {"query"}:
        return _ref(root.value, local) or _getter_ref(root.value, local)
    held = local(root.id) if isinstance(root, ast.Name) and calls else None
    if _rows(held) and method(calls[-1]) in QUERYSET_ONLY | {"get"}:
        return held  # `orders = orders.filter(...)`
    base = calls[-1] if calls else None
    if base is not None and base.args and method(base) in ("get", "query") and is_session(base):
        return _ref(base.args[0], local)
    if base is not None and len(calls) == 1 and held is None and method(base)[:1].isupper():
        return _module_class(base, root)
    return None


def _module_class(call: ast.Call, root: ast.expr) -> str | None:
    """`models.Order(...)`, `app.models.Order(...)`: a class reached through a module (a name no
    local binds, the class capitalised) is constructed, as `Order(...)` is.

    >>> call = ast.parse("models.Order(number=1)", mode="eval").body
    >>> _module_class(call, call.func.value)
    'models.Order'
    """
    head = dotted(root)
    if head is None or head.split(".", 1)[0] in ("self", "cls"):
        return None
    return dotted(call.func)


def related_model(value: ast.expr, local: Local) -> str | None:
    """`self.lines.model` or `self.tags.through`: the model of a related manager's rows, or of
    its join table, as a class reference the link step resolves through the owner's relations.

    >>> related_model(ast.parse("self.lines.model", mode="eval").body, {"self": "Order"}.get)
    '@alias:Order.lines.model'
    """
    if not isinstance(value, ast.Attribute) or value.attr not in ("model", "through"):
        return None
    name = dotted(value)
    ref = _ref(value, local) if name and name.count(".") >= 2 else None
    return f"{ALIAS}{ref}" if ref else None


def _class_ref(node: ast.expr, local: Local) -> str | None:
    """A reference to a class (or its column), not to an instance: a name bound in the function
    counts only when it holds a class (`aliased(M)`, `get_model(...)`)."""
    name = dotted(node)
    held = local(name.partition(".")[0]) if name else None
    return _ref(node, local) if held is None or held[:1] == "@" else None


def _ref(node: ast.expr, local: Local) -> str | None:
    """A model reference as written, with a leading local instance name replaced by its model."""
    name = dotted(node)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    held = local(head)
    if held is not None and rest and isinstance(node, ast.Attribute):
        parts = rest.split(".")
        at = 1 if held == REQUEST else 2 if held[:1] != "@" else 0
        if 0 < at <= len(parts) and request_user(_prefix(node, at), local):
            return ".".join([USER_MODEL, *parts[at:]])  # `request.user.orders`
    if held is not None:
        return f"{held}.{rest}" if rest else held
    return name


def _prefix(node: ast.Attribute, keep: int) -> ast.expr:
    """The first `keep` attributes of a dotted expression: of `request.user.orders`, with 1,
    `request.user`."""
    chain: list[ast.expr] = [node]
    while isinstance(chain[-1], ast.Attribute):
        chain.append(chain[-1].value)
    return chain[-1 - keep]


def chain_facts(calls: list[ast.Call], root: ast.expr, local: Local) -> ChainFacts:
    facts = ChainFacts([], [])
    if isinstance(root, ast.Attribute) and root.attr in MANAGERS | {"query"} and calls:
        _manager(facts, calls, root, local)
    elif isinstance(root, ast.Call):
        _verb(facts, (dotted(root.func) or "").rsplit(".", 1)[-1], root, calls, local, root)
    elif calls:
        _method_chain(facts, calls, root, local)
        _related(facts, calls, root, local)
    return facts


def _related(facts: ChainFacts, calls: list[ast.Call], root: ast.expr, local: Local) -> None:
    """`<owner>.<manager>.<methods>(...)`, resolved by the manager's name at link time: the owner
    is an instance (a local name that holds one, or a call that yields one, as in
    `Order.objects.get(...).lines.all()`) for a related manager, or a model class for a custom
    manager (`Order.published.filter(...)`)."""
    if not isinstance(root, ast.Attribute) or root.attr.startswith("__"):
        return
    owner = root.value
    model = instance_ref(owner, local) if isinstance(owner, ast.Call) else _owner(owner, local)
    if model:
        facts.related.append((model, root.attr, tuple(sorted({method(c) for c in calls}))))


def _owner(node: ast.expr, local: Local) -> str | None:
    """The model behind a name: what a local name holds (an instance's model, or a class), or a
    class as written (a dotted name whose last part is capitalised: `Order`, `models.Order`)."""
    name = dotted(node)
    if name is None:
        return None
    held = local(name.partition(".")[0])
    if held is not None:  # `self.order.lines` is not a manager of `self`'s model
        return _ref(node, local) if "." not in name or held[:1] == "@" else None
    return name if name.rsplit(".", 1)[-1][:1].isupper() else None


def own_query(calls: list[ast.Call], root: ast.expr, this: str) -> tuple[str, ...] | None:
    """The methods of a chain on a class's own queryset, in one of its methods: `self.filter(...)`
    (`this` names the method's first argument) or `super().get_queryset()...`, when the chain
    starts with a method of Django's QuerySet API.

    >>> calls, root = unroll(ast.parse("super().get_queryset().filter(x=1)", mode="eval").body)
    >>> own_query(calls, root, "self")
    ('filter', 'get_queryset')
    """
    if not calls or method(calls[-1]) not in QUERYSET_API:
        return None
    own = isinstance(root, ast.Name) and root.id == this
    parent = isinstance(root, ast.Call) and dotted(root.func) == "super"
    return tuple(sorted({method(c) for c in calls})) if own or parent else None


def own_write(calls: list[ast.Call], root: ast.expr) -> bool:
    """`super().save()` or `super().delete()` (also `super(Order, self)`): in a method, a write
    of the method's own class, as `self.save()` is (a model's `save` that adds to Django's).

    >>> [own_write(*unroll(ast.parse(c, mode="eval").body)) for c in (
    ...     "super().save(*args, **kwargs)", "super().save(commit=False)", "super().clean()")]
    [True, False, False]
    """
    if len(calls) != 1 or not isinstance(root, ast.Call) or dotted(root.func) != "super":
        return False
    name = method(calls[0])
    return name in INSTANCE_WRITES and _instance_write(name, calls[0])


def _manager(facts: ChainFacts, calls: list[ast.Call], root: ast.Attribute, local: Local) -> None:
    methods = {method(c) for c in calls}
    # `get_user_model().objects`, `apps.get_model("shop", "Order").objects`: a model by label
    loaded = get_model_ref(root.value) if isinstance(root.value, ast.Call) else None
    model = loaded or _ref(root.value, local) or _getter_ref(root.value, local)
    if model is None or "raw" in methods or _query_of_attribute(root, local):
        return
    via = "sqlalchemy" if root.attr == "query" else "django"
    writes = QUERY_WRITES if root.attr == "query" else DJANGO_WRITES
    facts.found.extend(Found(op, model, via, True) for op in manager_kinds(methods, writes))
    _joins(facts, calls, model, via, local)


def _getter_ref(node: ast.expr, local: Local) -> str | None:
    """`self.get_model()` in a method: the model a getter of the class gives, as `Class.name()`,
    which the link step reads as the attribute the getter returns (`return self.model`).

    >>> _getter_ref(ast.parse("self.get_model()", mode="eval").body, {"self": "ListView"}.get)
    'ListView.get_model()'
    """
    if not isinstance(node, ast.Call) or node.args or node.keywords:
        return None
    func = node.func
    if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
        return None
    held = local(func.value.id) if func.value.id in ("self", "cls") else None
    return f"{held}.{func.attr}()" if held and held[:1] != "@" else None


def _query_of_attribute(root: ast.Attribute, local: Local) -> bool:
    """`database.url_object.query`: the `query` of an attribute of an instance is whatever
    that attribute holds (here a URL's query string), not Flask-SQLAlchemy's query of the
    instance's model (`Database.query`): a chain of attributes reaches none, `self.model.query`
    aside."""
    owner = root.value
    if root.attr != "query" or not isinstance(owner, ast.Attribute) or owner.attr == "model":
        return False
    head: ast.expr = owner
    while isinstance(head, ast.Attribute):
        head = head.value
    held = local(head.id) if isinstance(head, ast.Name) else None
    return held is not None and held[:1] != "@"


def manager_kinds(methods: set[str], writes: frozenset[str]) -> tuple[str, ...]:
    """What a chain on a manager (`writes`: its write methods) or a Flask-SQLAlchemy query does:
    a write method writes, `get_or_create` and `update_or_create` also read, the rest reads.

    >>> [manager_kinds(m, DJANGO_WRITES) for m in ({"filter", "update"}, {"get_or_create"})]
    [('write',), ('write', 'read')]
    """
    found: tuple[str, ...] = ("write",) if methods & (writes | DJANGO_BOTH) else ()
    return found if methods & writes else (*found, "read")


def _verb(
    facts: ChainFacts,
    verb: str,
    base: ast.Call,
    calls: list[ast.Call],
    local: Local,
    root: ast.expr,
) -> None:
    refs = [r for r in (_class_ref(a, local) for a in base.args) if r]
    if verb == "select" and refs:
        facts.found.extend(Found("read", r, "sqlalchemy", False) for r in refs)
        _joins(facts, calls, refs[0], "sqlalchemy", local)
    elif verb in VERBS and refs:
        facts.found.append(Found("write", refs[0], "sqlalchemy", False))
    elif verb in SHORTCUTS and base.args:
        model = _class_ref(base.args[0], local) or _class_model(base.args[0], local)
        if model:
            facts.found.append(Found("read", model, "django", False))
    elif root is base and calls and method(calls[-1]) in INSTANCE_WRITES:
        model = instance_ref(base, local)  # `M(...).save()`
        if model:
            facts.found.append(Found("write", model, "orm", False))


def _class_model(node: ast.expr, local: Local) -> str | None:
    """`self.model` (or `cls.model`): the `model` of the method's class, as the link step finds
    it (`Class.model`)."""
    name = dotted(node)
    return _ref(node, local) if name and name.endswith(".model") and "." not in name[:-6] else None


def _method_chain(facts: ChainFacts, calls: list[ast.Call], root: ast.expr, local: Local) -> None:
    base = calls[-1]
    name = method(base)
    if is_session(base):
        _session(facts, name, base, calls[:-1], local)
    elif _instance_write(name, base) and isinstance(root, ast.Name) and local(root.id):
        facts.found.append(Found("write", local(root.id) or "", "orm", False))
    elif _instance_write(name, base) and request_user(root, local):
        facts.found.append(Found("write", USER_MODEL, "orm", False))  # `request.user.save()`
    elif name in QUERYSET_ONLY and isinstance(root, ast.Name) and _rows(local(root.id)):
        methods = {method(c) for c in calls}  # `qs = M.objects.all()`, then `qs.filter(...)`
        model = local(root.id) or ""
        facts.found.extend(Found(op, model, "orm", False) for op in manager_kinds(methods, WRITES))
    elif name in SHORTCUTS and base.args:  # `shortcuts.get_object_or_404(M, ...)`
        _verb(facts, name, base, calls[:-1], local, root)
    elif name in VERBS and base.args and isinstance(root, ast.Name) and local(root.id) is None:
        _verb(facts, name, base, calls[:-1], local, root)  # `sa.select(M)`, not `d.update(x)`
    elif name in VERBS and not base.args and not base.keywords:
        table = _class_ref(root, local)  # `users.insert()`, `Order.__table__.delete()`
        if table:
            op = "read" if name == "select" else "write"
            facts.found.append(Found(op, table, "sqlalchemy", False))


def _rows(held: str | None) -> bool:
    """Whether a local name holds rows of a model (a queryset or an instance), not a class."""
    return held is not None and held != "" and not held.startswith("@")


def _instance_write(name: str, call: ast.Call) -> bool:
    """`x.save()`, `x.delete()`, or a queryset's `x.update(field=...)`; not a form's
    `x.save(commit=False)`, which only builds the instance."""
    if name == "save":
        return not any(
            k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in call.keywords
        )
    return name in INSTANCE_WRITES or (name == "update" and not call.args and bool(call.keywords))


def _session(
    facts: ChainFacts, name: str, base: ast.Call, chain: list[ast.Call], local: Local
) -> None:
    if name == "query" and base.args:
        refs = [r for r in (_ref(a, local) for a in base.args) if r]
        write = any(method(c) in QUERY_WRITES for c in chain)
        facts.found.extend(Found("write" if write else "read", r, "sqlalchemy", True) for r in refs)
        if refs:
            _joins(facts, chain, refs[0], "sqlalchemy", local)
    elif name == "get" and base.args and dotted(base.args[0]):  # not `request.session.get("k")`
        facts.found.append(Found("read", _ref(base.args[0], local) or "", "sqlalchemy", True))
    elif name in MAPPING_WRITES and base.args:
        facts.found.append(Found("write", _ref(base.args[0], local) or "", "sqlalchemy", True))
    elif name in SESSION_WRITES and base.args:
        for item in _items(base.args[0], name):
            facts.found.append(Found("write", instance_ref(item, local) or "", "sqlalchemy", True))


def _items(arg: ast.expr, name: str) -> list[ast.expr]:
    if name in ("add_all", "bulk_save_objects") and isinstance(arg, (ast.List, ast.Tuple)):
        return list(arg.elts)
    return [arg]


def _joins(facts: ChainFacts, calls: list[ast.Call], left: str, via: str, local: Local) -> None:
    """`.join(N)` reads N and joins it with what its ON clause compares it to (the classes named
    in `.join(N, A.x == N.y)`), else with the statement's first model."""
    for call in reversed(calls):
        if method(call) in JOIN_METHODS and call.args:
            right = _ref(call.args[0], local)
            if right:
                facts.found.append(Found("read", right, via, False))
                others = _compared(call.args[1], right, local) if len(call.args) > 1 else []
                facts.joins.extend((other, right) for other in others or [left])


def _compared(onclause: ast.expr, right: str, local: Local) -> list[str]:
    """The classes whose columns an ON clause names, other than the joined one."""
    found: list[str] = []
    for node in ast.walk(onclause):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            head = node.value.id  # an instance's column is a value; a class's (or `cls`'s) joins
            held = local(head)
            name = head if held is None else held if head == "cls" or held[:1] == "@" else ""
            if name and name != right and name not in found:
                found.append(name)
    return found


# -- what a call does to the tables the link step resolved (analyzers.data_access) ----------------

ROW_WRITES = frozenset(
    {"create", "update", "delete", "get_or_create", "update_or_create", "bulk_create", "save"}
)  # `save`: a reverse one-to-one accessor gives the related instance itself
LINK_WRITES = frozenset({"add", "remove", "clear", "set"})


def related_ops(found: tuple[str, str], methods: set[str]) -> list[tuple[EdgeKind, str]]:
    """What a related manager call does: reads its rows (and join table), or writes them (a
    many-to-many `add`/`remove`/`clear`/`set` writes the join table; on a reverse foreign key they
    write the rows' key).

    >>> related_ops(("table:tag", "table:post_tags"), {"add"})
    [(<EdgeKind.WRITES: 'writes'>, 'table:post_tags')]
    """
    rows, link = found
    ops: list[tuple[EdgeKind, str]] = []
    if methods & LINK_WRITES:
        ops.append((EdgeKind.WRITES, link or rows))
    if methods & ROW_WRITES:
        ops.extend([(EdgeKind.WRITES, rows)] + ([(EdgeKind.WRITES, link)] if link else []))
    if not methods & (ROW_WRITES | LINK_WRITES) or methods & {"get_or_create", "update_or_create"}:
        ops.extend([(EdgeKind.READS, rows)] + ([(EdgeKind.READS, link)] if link else []))
    return ops


COLLECTION_WRITES = frozenset({"append", "extend", "remove", "clear", "add"})


def collection_ops(
    relation: tuple[str, str | None, bool], methods: set[str]
) -> list[tuple[EdgeKind, str]]:
    """What a call on a SQLAlchemy relationship does: a change to a collection writes its
    target's rows (their foreign key), or the `secondary` table of a many-to-many one; anything
    else is not counted.

    >>> collection_ops(("table:groups", "table:groups_users", True), {"append"})
    [(<EdgeKind.WRITES: 'writes'>, 'table:groups_users')]
    """
    target, secondary, many = relation
    return [(EdgeKind.WRITES, secondary or target)] if many and methods & COLLECTION_WRITES else []


def manager_ops(table: str, methods: set[str]) -> list[tuple[EdgeKind, str]]:
    """What a chain on a model's manager does to its table, as for `objects` (`manager_kinds`);
    `.raw()` is raw SQL, read from its text instead.

    >>> manager_ops("table:shop_order", {"filter", "update"})
    [(<EdgeKind.WRITES: 'writes'>, 'table:shop_order')]
    """
    if "raw" in methods:
        return []
    kinds = manager_kinds(methods, DJANGO_WRITES)
    return [(EdgeKind.WRITES if k == "write" else EdgeKind.READS, table) for k in kinds]
