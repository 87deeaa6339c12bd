"""Evaluating summary expressions to the values they may hold, flow-insensitively.

A value is a small tuple:
- `("f", "mod:qual")` a function, `("c", "mod:qual")` a class, `("i", "mod:qual")` an instance;
- `("m", "mod")` an analysed module; `("e", "dotted")` a name outside the analysed code;
- `("b", "len")` a builtin; `("s", "mod:qual")` `super()` inside that class;
- a generic view's hook's argument is an instance of the class the view names: `form_valid(self,
  form)` of its `form_class`, `perform_create(self, serializer)` of its `serializer_class`;
- `("r", "request")` a Django request: a function's argument named `request`, or a Django or
  DRF view's `self.request` (when the settings name an analysed user model, `AUTH_USER_MODEL`,
  nothing else; else beside what flows in, or the view base's attribute); its `user` is an
  instance of that model, another attribute what the analysed code, tests aside, sets on a
  request (a middleware's `request.basket = SimpleLazyObject(load_basket)`), else unknown;
- `("r", "info")` graphene's ResolveInfo, the `info` argument of a graphene class's method
  (beside what flows in): its `context` is the request;
- what Django and DRF give where the analysed code does not define it: a view's
  `get_object()` (and a generic view's `self.object`) is an instance of its model,
  `get_queryset()` a queryset of it, `get_serializer()` or `get_form()` an instance of its
  `serializer_class` or `form_class`; a model form's or serializer's `save()` and `instance` an
  instance of its `Meta.model`; `get_user_model()` the user model; in a queryset class,
  Django's chaining methods (`self.filter(...)`) another instance of it;
- `("[", mod, scope, exprs)` a container whose elements are `exprs` evaluated in that scope;
  `("(", ...)` an ordered one, `("{", mod, scope, pairs)` a dict literal with constant keys;
- `("q", "mod:qual")` a Django manager or queryset of the model class `mod:qual`, and
  `("o", "mod:qual", result)` one of its methods, whose call gives an instance (`result` "i":
  `create`, `get`, `first`...) or a queryset again ("q": `filter`, `all`, `get_or_create`'s
  pair...). `Model.objects` (or `_default_manager`, `_base_manager`) is one when a Django model
  base is in the model's MRO (beside the model's own custom manager, when it declares one:
  `objects = OrderManager()`); iterating or indexing a queryset gives instances, and so does
  Django's `get_object_or_404(Order, ...)` (`get_list_or_404` a list of them). A queryset's
  methods that Django does not give are those of the model's manager classes; a relation field
  gives the related model (`line.basket`), a reverse accessor a queryset of the declaring one
  (`basket.lines`); a tree model's treebeard or mptt methods give the tree's model;
  Flask-SQLAlchemy's `Model.query` and SQLAlchemy's `session.query(Model)` are queries too.

Names are looked up as Python does (scope, enclosing functions, module, star imports, builtins),
with every binding of a name in a scope counted (no flow), and what `isinstance` checks say
it may hold besides. Attributes follow modules, the MRO of classes, instance attributes
assigned anywhere (`self.x = ...`, outside tests for the application's objects) and, when a
class lacks an attribute, its subclasses; a property read on an instance also holds what its
getter returns. Anything else is unknown: an empty set, never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from analyzers.orm_django_resolve import MODEL_ROOTS
from analyzers.orm_django_views import MODEL_FORMS
from analyzers.python_index import (
    BUILTINS,
    SymbolIndex,
    Value,
    c3_merge,
    container_items,
    nested_in,
    parent_of,
    qid,
    split_qid,
)
from analyzers.python_summary import (
    ELEMENT_KEEPERS,
    MODEL_SHORTCUTS,
    NOT_CONSTANT,
    Expr,
    Ref,
    element_of,
    is_plain_ref,
)

Values = frozenset[Value]
EMPTY: Values = frozenset()
_MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
_QUERYSETS = frozenset({"django.db.models.QuerySet", "django.db.models.query.QuerySet"})
_MODEL_LOADERS = ("get_model", "load_model")  # Django's apps.get_model, swapper's load_model
_APP_CONFIGS = frozenset({"django.apps.AppConfig", "django.apps.config.AppConfig"})
# Django's QuerySet methods by what calling them gives: a model instance, or a queryset
# (`get_or_create` and `update_or_create` give an (instance, created) pair: indexing or
# unpacking it gives the instance)
_INSTANCE_METHODS = "create get first last latest earliest aget acreate afirst alast"
_QUERYSET_ONES = (
    "all filter exclude order_by select_related prefetch_related distinct using only defer"
    " annotate alias reverse none select_for_update union intersection difference get_queryset"
    " get_or_create update_or_create aget_or_create aupdate_or_create"
)
# SQLAlchemy's Query methods likewise, for a Flask-SQLAlchemy model's `Model.query` (with
# Flask-SQLAlchemy's `first_or_404`...); `get`, `first`, `all`, `filter`... are shared
_SQLALCHEMY_INSTANCE = "one one_or_none first_or_404 get_or_404 one_or_404"
_SQLALCHEMY_QUERY = "filter_by join outerjoin options limit offset group_by with_for_update"
_QUERYSET_METHODS = {
    **dict.fromkeys(_INSTANCE_METHODS.split(), "i"),
    **dict.fromkeys(_QUERYSET_ONES.split(), "q"),
    **dict.fromkeys(_SQLALCHEMY_INSTANCE.split(), "i"),
    **dict.fromkeys(_SQLALCHEMY_QUERY.split(), "q"),
}
_MAX_MRO = 64
_PROPERTIES = frozenset({"property", "cached_property", "setter", "getter", "deleter"})
# the tree models' bases (django-treebeard's, django-mptt's), and what their methods give: an
# instance of the tree's model ("i") or a queryset of them ("q")
_TREES = frozenset(
    {"treebeard.mp_tree.MP_Node", "treebeard.ns_tree.NS_Node", "treebeard.al_tree.AL_Node"}
    | {"mptt.models.MPTTModel"}
)
_TREE_ONE = "get_parent get_root get_first_child get_last_child get_first_sibling get_last_sibling"
_TREE_ONE += " get_prev_sibling get_next_sibling get_first_root_node get_last_root_node"
_TREE_MANY = "get_children get_descendants get_ancestors get_siblings get_tree get_root_nodes"
_TREE_MANY += " get_family get_leafnodes"
_TREE_METHODS = {
    **dict.fromkeys(_TREE_ONE.split(), "i"),
    **dict.fromkeys(_TREE_MANY.split(), "q"),
}
# what a generic view hands the hooks it calls, by hook: an instance of the class its attribute
# names, when one of its bases outside the analysed code is Django's generic view or DRF's
_HANDED = {
    **dict.fromkeys(["form_valid", "form_invalid"], ("form_class", "django.views.generic.")),
    **dict.fromkeys(["perform_create", "perform_update"], ("serializer_class", "rest_framework.")),
}
REQUEST: Value = ("r", "request")
_REQUEST_OWNERS = frozenset({("request",), ("self", ".request")})
INFO: Value = ("r", "info")  # graphene's ResolveInfo: its `context` is the Django request
_GRAPHENE = ("graphene.", "graphene_django.")
# the bases whose instances hold the request as `self.request`: Django's views and DRF's
_VIEW_BASES = (
    "django.views.", "rest_framework.views.", "rest_framework.viewsets.",
    "rest_framework.generics.", "rest_framework.mixins.",
)  # fmt: skip
# what Django's and DRF's classes give where the analysed code does not define it: a view's
# `get_object()` is an instance of its model ("i"), `get_queryset()` a queryset of it ("q"), as
# its `model` or `queryset` names it, and a Django generic view's `self.object` an instance;
# a model form's or model serializer's `save()` is an instance of its `Meta.model`, and so is
# its `instance`
_VIEW_MADE = {"get_object": "i", "get_queryset": "q"}
# and its `get_serializer()` (DRF) or `get_form()` (Django) an instance of the class it names
_VIEW_CLASS_MADE = {"get_serializer": "serializer_class", "get_form": "form_class"}
_FORM_MADE = ("save", "instance")
_TYPE: Value = ("b", "type")
# Flask-Login's proxy to the user of the request, and the decorators that register the
# function it loads that user with
_CURRENT_USERS = frozenset({"flask_login.current_user", "flask_login.utils.current_user"})
_USER_LOADERS = frozenset({".user_loader", ".request_loader"})
_USER_MODEL_GETTERS = frozenset(
    {
        ("e", "django.contrib.auth.get_user_model"),
        ("e", "django.contrib.auth.models.get_user_model"),
    }
)
MAX_DEPTH = 120
_ANALYSED = frozenset({"f", "c", "i"})


def _shortcut_result(name: str) -> str:
    """What a shortcut gives: "i" an instance, "q" a list of them (or a query: SQLAlchemy's
    `session.query`); "" for another name."""
    last = name.rpartition(".")[2]
    if last == "query":
        return "q"
    if last not in MODEL_SHORTCUTS:
        return ""
    return "q" if last.endswith("list_or_404") else "i"


def in_order(values: Values | set[Value]) -> Iterable[Value]:
    """Values in an order that is the same in every run (a set's is not: strings hash
    differently in each process). Where a lookup met again is cut short, what the others give
    depends on which is looked up first: taken in this order, the same input always gives the
    same graph."""
    if len(values) < 2:
        return values
    return sorted(values, key=_value_order)


def _value_order(value: Value) -> tuple[str, ...]:
    if all(type(part) is str for part in value):
        return value
    return (value[0], repr(value[1:]))


class Resolver:
    """Lookups with memos; `params` holds values that call arguments flow into parameters."""

    def __init__(self, index: SymbolIndex) -> None:
        self.index = index
        self.params: dict[tuple[str, str, str], set[Value]] = defaultdict(set)
        self._names: dict[tuple[str, str, str], Values] = {}
        self._steps: dict[tuple[Value, str], Values] = {}
        self._mros: dict[str, list[Value]] = {}
        self._attrs: dict[Value, dict[str, list[tuple[str, str, Expr]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._subclasses: dict[str, list[str]] | None = None
        self._descendants: dict[str, tuple[str, ...]] = {}  # `descendants`, by class
        # what `isinstance` checks say an attribute may hold, by owner (`ModuleSummary.narrowed`)
        self._checked: dict[Value, dict[str, list[tuple[str, str, Expr]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._checked_attrs: set[str] = set()
        self._property: dict[str, bool] = {}  # function -> `_is_property`
        self._apps: dict[str, list[str]] | None = None  # app label -> packages
        self._users: Values | None = None  # the user model's classes
        self._logged_in: Values | None = None  # `logged_in_users`
        self._request_sets: dict[str, list[tuple[str, str, Expr]]] | None = None
        # model -> reverse accessor -> what it gives (`_reverse`), made by `index_attributes`
        self._reverses: dict[str, dict[str, set[Value]]] = {}
        self._reverse_seen: dict[str, dict[str, Values]] = {}  # `_reverse`'s, by model
        self._reverse_names: set[str] = set()  # every reverse accessor's name
        # (class, method names) -> its methods of those names (`python_calls._class_hooks`)
        self.class_hooks: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}
        # the decorators of the analysed code applied to several functions (`wraps_several`)
        self.wrapping: frozenset[str] = frozenset()
        self._busy: set[Any] = set()
        self._depth = 0
        self._indexed = False

    def snapshot(self) -> Resolver:
        """An independent resolver in this one's present state: the same index and attribute
        assignments, copies of the memos, and no parameter values of its own."""
        other = Resolver(self.index)
        other.params = defaultdict(set, {k: set(v) for k, v in self.params.items()})
        other._names = dict(self._names)
        other._steps = dict(self._steps)
        other._mros = dict(self._mros)
        other._attrs = self._attrs  # complete once indexed, and only read after
        other._checked = self._checked
        other._checked_attrs = self._checked_attrs
        other._subclasses = self._subclasses
        other._apps = self._apps
        other._reverses = self._reverses
        other._reverse_names = self._reverse_names
        other._indexed = self._indexed
        other.wrapping = self.wrapping
        return other

    def wraps_several(self, function: str) -> bool:
        """Whether a function is nested in a decorator that wraps several functions (`wrapping`):
        the wrapper it returns stands for each of them. A call of a decorated function then
        reaches the wrapper and the decorated `def` itself, and the wrapper's own call of the
        function it wraps (which one depends on that call) is not followed."""
        if not self.wrapping:
            return False
        module, qual = split_qid(function)
        while "." in qual:
            qual = qual.rpartition(".")[0]
            if qid(module, qual) in self.wrapping:
                return True
        return False

    def reset(self, scopes: set[tuple[str, str]] | None = None) -> None:
        """Forget memos after new parameter values arrived in `scopes` (all when None): the
        names looked up in those scopes or in scopes nested in them, and every step. A memo
        kept is never wrong, at worst short of values that a later pass would add."""
        self._steps.clear()
        if scopes is None:
            self._names.clear()
            return
        modules = {module for module, _scope in scopes}
        stale = [k for k in self._names if k[0] in modules and nested_in(k[0], k[1], scopes)]
        for key in stale:
            del self._names[key]

    # -- expressions ---------------------------------------------------------------------------

    def evaluate(self, module: str, scope: str, expr: Expr, line: int = 0) -> Values:
        """The values of `expr` in `scope`; with the `line` of the use, a name rebound in
        straight-line code above it holds only its latest value. Chains deeper than
        `MAX_DEPTH` evaluations are cut off (unknown), so that no input exhausts the stack."""
        if self._depth >= MAX_DEPTH:
            return EMPTY
        self._depth += 1
        try:
            return self._evaluate(module, scope, expr, line)
        finally:
            self._depth -= 1

    def _evaluate(self, module: str, scope: str, expr: Expr, line: int) -> Values:
        head = expr[0]
        if head in ("[", "(", "{"):
            return frozenset({(head, module, scope, expr[1:])})
        if head == "?":
            preferred = self.evaluate(module, scope, expr[2])
            if any(v[0] in _ANALYSED for v in preferred):
                if any(v[0] == "f" and self.wraps_several(str(v[1])) for v in preferred):
                    return preferred | self.evaluate(module, scope, expr[1])
                return preferred
            return self.evaluate(module, scope, expr[1])
        if head == "|":
            return frozenset().union(*(self.evaluate(module, scope, e) for e in expr[1:]))
        if head == "@":
            return self.dotted(expr[1])
        if head == "~":
            return self._related(module, scope, expr[1], expr[2])
        if head == "$":
            if expr[1] in _MODEL_LOADERS and ".migrations." in f".{module}.":
                return EMPTY  # a migration's `apps` holds historical models: none of our methods
            return self.loaded(expr[1], expr[2:])
        if head == "%":
            values = self._shortcut(module, scope, expr[1], expr[2])
            rest = expr[3:]
        elif head == "^":
            values = self._getattr(module, scope, expr[1], expr[2], expr[3])
            rest = expr[4:]
        elif head == "super" and len(expr) > 1 and expr[1] == "()":
            values = self._super(module, scope)
            rest = expr[2:]
        else:
            live = self.index.live_bindings(module, scope, head, line) if line else None
            if live is None:
                values = self.name(module, scope, head)
            else:
                values = frozenset().union(*(self.evaluate(module, scope, e) for e in live))
                if head in self.index.narrowed_names.get(module, ()):
                    values |= self._narrowed(module, scope, head)
            rest = expr[1:]
        for step in rest:
            if not values:
                return EMPTY
            values = self.step(values, step)
        return values

    def _shortcut(self, module: str, scope: str, callee: Expr, model: Expr) -> Values:
        """A call of `callee` handed `model` first: what the callee returns, and where it is
        Django's `get_object_or_404` (or DRF's), an instance of the model, whether handed the
        model class or one of its querysets; `get_list_or_404` gives a list of them (kept as a
        queryset: iterating or indexing it gives instances). A library's `query` handed an
        analysed class (SQLAlchemy's `session.query(Order)`) gives a query of it; the builtin
        `type` handed an instance gives its class; `list(x)`, `sorted(x)` and the other
        `ELEMENT_KEEPERS` a container of x's elements (`enumerate(x)` of pairs)."""
        called = self.evaluate(module, scope, callee)
        shortcuts = {v for v in called if v[0] == "e" and _shortcut_result(v[1])}
        keepers = {v for v in called if v[0] == "b" and v[1] in ELEMENT_KEEPERS}
        out = set(self.step(called - shortcuts - keepers - {_TYPE}, "()"))
        if _TYPE in called:  # the builtin `type(x)`: x's class
            out |= {("c", v[1]) for v in self.evaluate(module, scope, model) if v[0] == "i"}
        element = element_of(model) if keepers else None
        for keeper in keepers if element is not None else ():
            item = ("(", ("|",), element) if keeper[1] == "enumerate" else element
            out.add(("[", module, scope, (item,)))
        for shortcut in shortcuts:
            result = _shortcut_result(shortcut[1])
            query = shortcut[1].endswith(".query")
            for value in self.evaluate(module, scope, model):
                if value[0] == "c":
                    kept = query or self.is_django_model(value[1])
                else:  # a Django queryset handed to a shortcut
                    kept = value[0] == "q" and not query
                if kept:
                    out.add((result, value[1]))
        return frozenset(out)

    def _getattr(self, module: str, scope: str, owner: Expr, attr: str, default: Expr) -> Values:
        """`getattr(owner, "name", default)`: the owner's attribute, or the default; what the
        call returns where `getattr` is not the builtin."""
        called = self.name(module, scope, "getattr")
        out = set(self.step(called - {("b", "getattr")}, "()"))
        if ("b", "getattr") in called:
            out |= self.step(self.evaluate(module, scope, owner), attr)
            out |= self.evaluate(module, scope, default)
        return frozenset(out)

    def step(self, values: Values, step: str) -> Values:
        """One step (`.attr`, `()`, `[]`) from every value; each (value, step) is worked out
        once (memo), and a step met again while it is being worked out adds nothing."""
        out: set[Value] = set()
        for value in in_order(values):
            key = (value, step)
            found = self._steps.get(key)
            if found is None:
                if key in self._busy:
                    continue
                self._busy.add(key)
                try:
                    found = self._step(value, step)
                finally:
                    self._busy.discard(key)
                self._steps[key] = found
            out |= found
        return frozenset(out)

    def _step(self, value: Value, step: str) -> Values:
        if step == "()":
            return self.call(value)
        if step[0] == "[":
            return self.element(value, step[1:-1])
        return self.attribute(value, step[1:])

    def name(self, module: str, scope: str, name: str) -> Values:
        if name.startswith("&"):
            return self._definition(module, name[1:])
        if name.startswith("<**"):
            return frozenset({("e", name)})  # a literal: "".join is <**PyStr**>.join
        key = (module, scope, name)
        found = self._names.get(key)
        if found is not None:
            return found
        if key in self._busy:
            return EMPTY
        self._busy.add(key)
        try:
            found = self._lookup(module, scope, name)
        finally:
            self._busy.discard(key)
        self._names[key] = found
        return found

    def _lookup(self, module: str, scope: str, name: str) -> Values:
        found = self._looked_up(module, scope, name)
        if name in self.index.narrowed_names.get(module, ()):
            return found | self._narrowed(module, scope, name)
        return found

    def _narrowed(self, module: str, scope: str, name: str) -> Values:
        """What the `isinstance` checks in `scope` and the functions around it say `name` may
        hold (`ModuleSummary.narrowed`), besides what it is bound to."""
        out: set[Value] = set()
        for outer in self.index.enclosing(module, scope):
            for expr in self.index.narrowed.get((module, outer), {}).get(name, ()):
                out |= self.evaluate(module, outer, expr)
        return frozenset(out)

    def _looked_up(self, module: str, scope: str, name: str) -> Values:
        for outer in self.index.enclosing(module, scope):
            if outer == scope:
                found = self._bound(module, outer, name)
            else:
                found = self._seen_from(module, scope, outer, name)
            if found is not None:
                return found
            if self.index.is_parameter(module, outer, name):
                if name == "request" and self.user_model():
                    return frozenset({REQUEST})
                handed = self._handed(module, outer, name)  # else unknown: it hides outer names
                if name == "request":
                    return handed | {REQUEST}
                if name == "info" and self._graphene_method(module, outer):
                    return handed | {INFO}
                return handed
        found = self._starred(module, name)
        if found:
            return found
        return frozenset({("b", name)}) if name in BUILTINS else EMPTY

    def _seen_from(self, module: str, scope: str, outer: str, name: str) -> Values | None:
        """What a name of an enclosing scope may hold when the code of `scope`, nested in it,
        runs: that code runs only once its definition has, so an unconditional binding above
        the definition hides the bindings before it, and the parameter's own value."""
        line = self.index.defined_in(module, scope, outer)
        live = self.index.bound_since(module, outer, name, line) if line else None
        if live is None:
            return self._bound(module, outer, name)
        return frozenset().union(*(self.evaluate(module, outer, expr) for expr in live))

    def _bound(self, module: str, scope: str, name: str) -> Values | None:
        bound = self.index.bindings.get((module, scope), {}).get(name)
        extra = self.params.get((module, scope, name))
        if not bound and not extra:
            return None
        out: set[Value] = set(extra or ())
        for expr, _line, _top in bound or ():
            out |= self.evaluate(module, scope, expr)
        return frozenset(out)

    def _starred(self, module: str, name: str) -> Values:
        for target in self.index.stars.get((module, ""), ()):
            if target in self.index.modules and target != module:
                found = self.member(target, name)
                if found:
                    return found
        return EMPTY

    def _definition(self, module: str, qual: str) -> Values:
        found = self.index.definition(module, qual)
        if found is None:
            return EMPTY
        return frozenset({("c" if found.kind == "class" else "f", qid(module, qual))})

    def _super(self, module: str, scope: str) -> Values:
        parts = scope.split(".")
        while parts:
            parts.pop()
            qual = ".".join(parts)
            if qual and self.index.is_class_scope(module, qual):
                return frozenset({("s", qid(module, qual))})
        return EMPTY

    # -- where a variable is bound -------------------------------------------------------------

    def binding(self, module: str, scope: str, ref: Ref) -> set[str]:
        """Where the module-level variable a reference names is bound: `mod:name` in the
        analysed code, followed through imports, re-exports and star imports; the dotted name
        outside it (`django.db.models.signals.post_save`); nothing for a local name, a
        parameter, or anything else (a call kept with its argument: `get_object_or_404(M).x`).
        The identity of an object made once, such as a signal."""
        if not all(isinstance(part, str) for part in ref):
            return set()
        *head, last = ref
        if not head:
            for outer in self.index.enclosing(module, scope):
                if not outer:
                    break
                if self.index.is_parameter(module, outer, last):
                    return set()
                bound = self.index.bindings.get((module, outer), {}).get(last)
                if bound:  # a local name: only an import in the function names a variable
                    imports = [expr for expr, _line, _top in bound if expr[0] == "@"]
                    return self._imported(imports, 0) if len(imports) == len(bound) else set()
            return self._module_binding(module, last, 0)
        if not last.startswith("."):
            return set()
        found: set[str] = set()
        for value in self.evaluate(module, scope, tuple(head)):
            if value[0] == "m":
                found |= self._module_binding(str(value[1]), last[1:], 0)
            elif value[0] == "e":
                found.add(f"{value[1]}{last}")
            elif value[0] in ("c", "i"):  # `self.placed_signal`: a class attribute
                found |= self._class_binding(str(value[1]), last[1:])
        return found

    def _class_binding(self, klass: str, attr: str) -> set[str]:
        """Where the variable a class attribute is set to is bound (`placed = order_placed` in
        the class body, or in a base's), by the MRO."""
        for value in self.mro(klass):
            if value[0] != "c":
                return set()
            module, qual = split_qid(str(value[1]))
            bound = self.index.bindings.get((module, qual), {}).get(attr)
            if bound:
                refs = [expr for expr, _line, _top in bound if is_plain_ref(expr)]
                found: set[str] = set()
                for expr in refs:
                    found |= self.binding(module, qual, tuple(str(part) for part in expr))
                return found
        return set()

    def _module_binding(self, module: str, name: str, depth: int) -> set[str]:
        bound = self.index.bindings.get((module, ""), {}).get(name)
        if depth > 8:
            return set()
        if not bound:
            for target in self.index.stars.get((module, ""), ()):
                if target in self.index.modules and target != module:
                    starred = self._module_binding(target, name, depth + 1)
                    if starred:
                        return starred
            return set()
        found = {qid(module, name) for expr, _line, _top in bound if expr[0] != "@"}
        return found | self._imported([e for e, _line, _top in bound if e[0] == "@"], depth)

    def _imported(self, imports: list[Expr], depth: int) -> set[str]:
        """Where the variables that imports (`("@", "dotted.name")`) name are bound."""
        found: set[str] = set()
        for expr in imports:
            split = self.index.split_name(str(expr[1]))
            if split is None:
                found.add(str(expr[1]))
            elif len(split[1]) == 1:
                found |= self._module_binding(split[0], split[1][0], depth + 1)
        return found

    # -- names outside any scope -------------------------------------------------------------------

    def dotted(self, name: str) -> Values:
        """An absolute dotted name: an analysed module and the members along it, or external;
        Flask-Login's `current_user` is also what the analysed user loader gives."""
        split = self.index.split_name(name)
        if split is None:
            return self._external(name)
        module, rest = split
        values: Values = frozenset({("m", module)})
        for attr in rest:
            values = self.step(values, "." + attr)
        return values

    def loaded(self, loader: str, args: tuple[str, ...]) -> Values:
        """What a loader by name gives: `import_string("a.b.C")` and `import_module("a.b")` the
        dotted name; `get_class(label, name)` and `get_model(label, name)` the class `name` of
        the analysed modules named `label` (`get_model`: `label.models`) or ending in `.label`;
        `get_model` also takes an app's label where its AppConfig sets one (`"wagtailcore"`),
        and a model's name in any case, as Django does (`get_model("address", "country")`)."""
        if loader in ("import_string", "import_module"):
            return self.dotted(args[0]) if len(args) == 1 else EMPTY
        if len(args) != 2:
            return EMPTY
        label, name = args
        if "." in name:
            label, _, name = f"{label}.{name}".rpartition(".")
        modules = []
        if loader in _MODEL_LOADERS:
            apps = self.app_labels().get(label, ())
            modules = [f"{app}.models" for app in apps if f"{app}.models" in self.index.modules]
            label = f"{label}.models"
        out: set[Value] = set()
        for module in [*modules, *self.index.modules_named(label)]:
            found = {v for v in self.member(module, name) if v[0] == "c"}
            if not found and loader in _MODEL_LOADERS:  # Django's model names ignore case
                found = {("c", qid(module, q)) for q in self._classes_named(module, name)}
            out |= found
        return frozenset(out)

    def _classes_named(self, module: str, name: str) -> list[str]:
        """The top-level classes of a module whose name is `name` but for case."""
        local = self.index.local.get(module, {})
        wanted = name.lower()
        return sorted(q for q, d in local.items() if d.kind == "class" and q.lower() == wanted)

    def user_model(self) -> Values:
        """The classes of the user model the settings name (`AUTH_USER_MODEL = "app.Model"` at
        the top of a settings module: `settings`, `x.settings`, `x.settings.prod`), when every
        one that sets it sets the same analysed model."""
        if self._users is None:
            labels = {
                found["AUTH_USER_MODEL"]
                for (module, scope), found in self.index.constants.items()
                if not scope and "AUTH_USER_MODEL" in found and "settings" in module.split(".")
            }
            label = labels.pop() if len(labels) == 1 else ""  # set apart, or under conditions
            label = "" if label == NOT_CONSTANT else label
            app, _, model = label.rpartition(".")
            self._users = self.loaded("get_model", (app, model)) if app and model else EMPTY
        return self._users

    def _external(self, name: str) -> Values:
        """A name outside the analysed code; Flask-Login's `current_user` is also what the
        analysed user loader gives."""
        if name in _CURRENT_USERS:
            return frozenset({("e", name)}) | self.logged_in_users()
        return frozenset({("e", name)})

    def logged_in_users(self) -> Values:
        """The instances Flask-Login's `current_user` stands for: what the analysed functions
        registered with `@login_manager.user_loader` (or `request_loader`) return."""
        if self._logged_in is None:
            self._logged_in = EMPTY  # a loader that reads `current_user` finds none
            found: set[Value] = set()
            for function, definition in self.index.definitions.items():
                if definition.kind == "function" and any(
                    ref[-1] in _USER_LOADERS for ref in definition.decorators
                ):
                    found |= {v for v in self.returned(function) if v[0] == "i"}
            self._logged_in = frozenset(found)
        return self._logged_in

    def app_labels(self) -> dict[str, list[str]]:
        """The packages of the Django apps by their labels, as their AppConfig classes set
        them: `name = "wagtail"`, `label = "wagtailcore"` (the label defaults to the last part
        of the name)."""
        if self._apps is None:
            apps: dict[str, list[str]] = defaultdict(list)
            for module, qual in sorted(self.index.constants):
                klass = qid(module, qual)
                if not any(v[0] == "e" and v[1] in _APP_CONFIGS for v in self.mro(klass)):
                    continue
                package = self.class_constant(klass, "name")
                if package is None or package == NOT_CONSTANT:
                    continue
                label = self.class_constant(klass, "label")
                if label is None or label == NOT_CONSTANT:
                    label = package.rpartition(".")[2]
                apps[label].append(package)
            self._apps = dict(apps)
        return self._apps

    def member(self, module: str, name: str) -> Values:
        """A module's global `name`: a submodule, a binding, or one of its star imports."""
        key = ("member", module, name)
        if key in self._busy:
            return EMPTY
        self._busy.add(key)
        try:
            found = self._bound(module, "", name)
            if found:
                return found
            if f"{module}.{name}" in self.index.modules:
                return frozenset({("m", f"{module}.{name}")})
            return self._starred(module, name)
        finally:
            self._busy.discard(key)

    # -- steps ---------------------------------------------------------------------------------

    def attribute(self, value: Value, attr: str) -> Values:
        kind = value[0]
        if kind == "m":
            return self.member(value[1], attr)
        if kind == "e":
            return self._external(f"{value[1]}.{attr}")
        if kind == "i" and attr == "__class__":
            return frozenset({("c", value[1])})
        if kind in ("c", "i"):
            return self._class_attribute(value[1], attr, instance=kind == "i")
        if kind == "s":
            return self._class_attribute(value[1], attr, instance=True, skip_self=True)
        if kind == "q":
            result = _QUERYSET_METHODS.get(attr)
            if result:
                return frozenset({("o", value[1], result)})
            return self._custom_query(str(value[1]), attr)
        if kind == "r":
            if value == INFO:  # graphene's context is the request the view hands it
                return frozenset({REQUEST}) if attr == "context" else EMPTY
            if attr != "user":
                return self._request_attribute(attr)
            return frozenset(("i", v[1]) for v in self.user_model())
        return self._assigned(value, attr)

    def _graphene_method(self, module: str, scope: str) -> bool:
        """Whether a function is a method of a graphene class (an object type's resolver, a
        mutation's `perform_mutation`...), whose `info` is graphene's ResolveInfo."""
        owner = parent_of(scope)
        found = self.index.definition(module, owner) if owner else None
        if found is None or found.kind != "class":
            return False
        mro = self.mro(qid(module, owner))
        return any(v[0] == "e" and str(v[1]).startswith(_GRAPHENE) for v in mro)

    def _request_attribute(self, attr: str) -> Values:
        """What the analysed code (its tests aside) sets on a request: a middleware's
        `request.basket = SimpleLazyObject(load_basket)`, a view's `self.request.tenant = ...`,
        each evaluated where it is set."""
        if self._request_sets is None:
            sets: dict[str, list[tuple[str, str, Expr]]] = defaultdict(list)
            for module, summary in sorted(self.index.summaries.items()):
                if self.index.is_test(module):
                    continue
                for scope, owner, name, expr in summary.attributes:
                    if owner in _REQUEST_OWNERS and name != "user":
                        sets[name].append((module, scope, expr))
            self._request_sets = dict(sets)
        found = self._request_sets.get(attr, ())
        return frozenset().union(*(self.evaluate(m, scope, e) for m, scope, e in found))

    def _custom_query(self, model: str, attr: str) -> Values:
        """A method of a model's queryset that Django does not give: the method of that name of
        the classes of the model's managers (`objects = ProductManager()`, a manager made from
        a queryset class: `ProductQuerySet.as_manager()`,
        `ProductManager.from_queryset(ProductQuerySet)()`), as `Product.objects.filter(...)
        .browsable()` runs it."""
        out: set[Value] = set()
        for manager in self._class_attribute(model, "objects", instance=False):
            if manager[0] in ("i", "c") and manager != ("c", model):
                out |= {v for v in self.method(str(manager[1]), attr) if v[0] == "f"}
        return frozenset(out)

    def method(self, klass: str, attr: str) -> Values:
        """What `attr` is on an instance of `klass` by its MRO alone (no subclasses)."""
        return self._class_attribute(klass, attr, instance=True, subclasses=False)

    def _class_attribute(
        self,
        klass: str,
        attr: str,
        *,
        instance: bool,
        skip_self: bool = False,
        subclasses: bool = True,
    ) -> Values:
        """The attribute by the MRO: the first class body that binds it, and what is assigned to
        it on instances (or the class) anywhere; else the first external base's attribute;
        else, with `subclasses`, what the subclasses have (a base calling an abstract hook).
        An attribute the analysed classes bind or assign, to values not known, is not known:
        it hides a later base's, and it is neither the external base's nor the subclasses'."""
        if attr == "as_manager" and not instance and self.is_queryset(klass):
            return frozenset({("c", klass)})  # a manager with the queryset's methods
        mro = self.mro(klass)[1:] if skip_self else self.mro(klass)
        out: set[Value] = set()
        first = next((("e", f"{b[1]}.{attr}") for b in mro if b[0] == "e"), None)
        past = declared = False  # past an external base; bound or assigned by analysed code
        for base in mro:
            if base[0] == "e":
                past = True
                continue
            module, qual = split_qid(base[1])
            found = self._bound(module, qual, attr)
            if found is not None:
                out |= found
                declared = True
                if found and past and first is not None:
                    out.add(first)  # an external base before it may define it too
                break
        for base in mro:
            if base[0] == "c":
                out |= self._assigned(("i" if instance else "c", base[1]), attr)
                if instance:  # an instance sees what is set on its class: `cls.x = ...`
                    out |= self._assigned(("c", base[1]), attr)
                declared = declared or self._assigns(base[1], attr, instance)
        reverse = not out and not declared and attr in self._reverse_names
        if reverse and self.is_django_model(klass):  # `basket.lines`, by a related name
            out |= self._reverse(klass, attr)
        # a model's manager is Django's, however its class is made; a Flask-SQLAlchemy model's
        # `query` is a query of the model
        manager = not instance and (
            (attr in _MANAGERS and self.is_django_model(klass))
            or (attr == "query" and self.is_flask_model(klass))
        )
        if attr == "request" and self._holds_request(mro, bool(out) or declared, instance):
            if self.user_model() or first is None:  # a view's request, as `setup` sets it
                return frozenset({REQUEST})
            return frozenset({REQUEST, first})
        if not out and first is not None and (not declared or manager):
            out.add(first)
        if manager and (out or declared):
            out.add(("q", klass))  # beside a custom manager's instance: its own methods stay
        if not out and subclasses and not skip_self and not declared:
            for sub in self.subclasses().get(klass, ()):
                out |= self._class_attribute(sub, attr, instance=instance)
        if attr in self._checked_attrs:  # besides all that, what `isinstance` checks say
            for base in mro:
                if base[0] == "c":
                    out |= self._checks(("i" if instance else "c", base[1]), attr)
        if attr in _TREE_METHODS and not any(v[0] == "f" for v in out):
            out |= self._tree_method(mro, attr)
        made = attr in _VIEW_MADE or attr in _VIEW_CLASS_MADE or attr in (*_FORM_MADE, "object")
        if made and instance and not declared and first is not None:
            out |= self._framework_made(klass, mro, attr)
        # `self.filter(...)` in a queryset class: another of its instances (Django clones it)
        chained = instance and not declared and _QUERYSET_METHODS.get(attr) == "q"
        if chained and first is not None and self.is_queryset(klass):
            out.add(("o", klass, "i"))
        if instance and any(v[0] == "f" and self._is_property(str(v[1])) for v in out):
            return self._properties(out)
        return frozenset(out)

    def _tree_method(self, mro: list[Value], attr: str) -> set[Value]:
        """A tree model's method that django-treebeard or django-mptt gives (`page.get_parent()`,
        `category.get_children()`), where the analysed code does not define it: it gives an
        instance, or a queryset, of the model that the tree's class is a base of (treebeard's
        `get_result_class`)."""
        root = next((str(b[1]) for b in mro if b[0] == "e" and b[1] in _TREES), None)
        if root is None:
            return set()
        for base in mro:
            if base[0] == "c" and ("e", root) in self.bases(str(base[1])):
                return {("o", base[1], _TREE_METHODS[attr])}
        return set()

    def _is_property(self, function: str) -> bool:
        """Whether a function is a property's getter (`@property`, `@cached_property`, or a
        `@x.setter` beside it, which shares its name)."""
        known = self._property.get(function)
        if known is None:
            found = self.index.definitions.get(function)
            known = self._property[function] = found is not None and any(
                ref[-1].lstrip(".") in _PROPERTIES for ref in found.decorators
            )
        return known

    def _properties(self, values: set[Value]) -> Values:
        """On an instance, a property is what its getter returns, beside the getter, which
        reading it runs (and which a URL pattern given the property takes for the code that
        makes the view)."""
        out = set(values)
        for value in values:
            if value[0] == "f" and self._is_property(str(value[1])):
                out |= self.call(value)
        return frozenset(out)

    def _framework_made(self, klass: str, mro: list[Value], attr: str) -> set[Value]:
        """What a method or attribute that Django or DRF gives holds (`_VIEW_MADE`,
        `_VIEW_CLASS_MADE`, `MODEL_FORMS`): of the model or class the class names by its MRO.
        Not what its subclasses name, where it names none: a base view's `get_serializer()`
        would be every view's serializer, and each view would reach every model."""
        bases = [str(v[1]) for v in mro if v[0] == "e"]
        if attr == "object" and any(b.startswith("django.views.generic") for b in bases):
            return {("i", model) for model in self._view_models(klass)}
        if attr in _VIEW_MADE and any(b.startswith(_VIEW_BASES) for b in bases):
            models = self._view_models(klass)
            return {("o", model, _VIEW_MADE[attr]) for model in models}
        if attr in _VIEW_CLASS_MADE and any(b.startswith(_VIEW_BASES) for b in bases):
            classes = self._named_classes(klass, _VIEW_CLASS_MADE[attr])
            return {("o", c, "i") for c in classes}
        if attr in _FORM_MADE and any(b in MODEL_FORMS for b in bases):
            models = self.meta_models(klass)
            return {("o", m, "i") if attr == "save" else ("i", m) for m in models}
        return set()

    def _named_classes(self, klass: str, attr: str) -> set[str]:
        """The analysed classes a class attribute names (a view's `serializer_class`)."""
        found = self._class_attribute(klass, attr, instance=False, subclasses=False)
        return {str(v[1]) for v in found if v[0] == "c"}

    def _view_models(self, klass: str) -> set[str]:
        """The model of a view: its `model`, or the model of its `queryset`."""
        out = {
            str(v[1])
            for v in self._class_attribute(klass, "model", instance=False, subclasses=False)
            if v[0] == "c" and self.is_django_model(str(v[1]))
        }
        queryset = self._class_attribute(klass, "queryset", instance=False, subclasses=False)
        return out | {str(v[1]) for v in queryset if v[0] == "q"}

    def meta_models(self, klass: str) -> set[str]:
        """The `Meta.model` of a model form or model serializer."""
        out: set[str] = set()
        for meta in self._class_attribute(klass, "Meta", instance=False, subclasses=False):
            if meta[0] == "c":
                made = self._class_attribute(str(meta[1]), "model", instance=False)
                out |= {str(v[1]) for v in made if v[0] == "c"}
        return out

    def _checks(self, value: Value, attr: str) -> Values:
        out: set[Value] = set()
        for module, scope, expr in self._checked.get(value, {}).get(attr, ()):
            out |= self.evaluate(module, scope, expr)
        return frozenset(out)

    def _handed(self, module: str, scope: str, name: str) -> Values:
        """What a generic view hands its hooks (`_HANDED`): `form_valid(self, form)` of a Django
        editing view gets an instance of the view's `form_class`, `perform_create(self,
        serializer)` of a DRF view one of its `serializer_class` (by the view's MRO, or its
        subclasses' where it sets none). Empty for any other parameter."""
        method = scope.rpartition(".")[2]
        handed = _HANDED.get(method)
        found = self.index.definition(module, scope) if handed else None
        if handed is None or found is None or found.params[1:2] != (name,):
            return EMPTY
        attr, bases = handed
        klass = qid(module, parent_of(scope))
        if not any(v[0] == "e" and str(v[1]).startswith(bases) for v in self.mro(klass)):
            return EMPTY
        out: set[Value] = set()
        pending, seen = [klass], {klass}
        while pending:  # the class's own, else each subclass's that sets one
            current = pending.pop()
            made = self._class_attribute(current, attr, instance=False, subclasses=False)
            classes = {("i", v[1]) for v in made if v[0] == "c"}
            out |= classes
            if not classes:
                subs = [s for s in self.subclasses().get(current, ()) if s not in seen]
                seen.update(subs)
                pending.extend(subs)
        return frozenset(out)

    def is_view(self, klass: str) -> bool:
        """Whether a class is a Django or DRF view: one of its bases outside the analysed code
        is one of theirs."""
        return any(v[0] == "e" and str(v[1]).startswith(_VIEW_BASES) for v in self.mro(klass))

    def _holds_request(self, mro: list[Value], known: bool, instance: bool) -> bool:
        """Whether `self.request` is the request (`REQUEST`): on an instance of a Django or DRF
        view (one of its bases outside the analysed code) whose analysed classes neither bind
        nor assign it."""
        if not instance or known:
            return False
        return any(v[0] == "e" and str(v[1]).startswith(_VIEW_BASES) for v in mro)

    def _assigns(self, klass: str, attr: str, instance: bool) -> bool:
        """Whether the analysed code assigns `attr` on the class (or on its instances)."""
        owners = [("i", klass), ("c", klass)] if instance else [("c", klass)]
        return any(attr in self._attrs.get(owner, ()) for owner in owners)

    def _assigned(self, value: Value, attr: str) -> Values:
        if not self._indexed:
            self.index_attributes()
        out: set[Value] = set()
        for module, scope, expr in self._attrs.get(value, {}).get(attr, ()):
            out |= self.evaluate(module, scope, expr)
        return frozenset(out)

    def call(self, value: Value) -> Values:
        kind = value[0]
        if kind == "c":
            return frozenset({("i", value[1])})
        if kind == "f":
            return self.returned(value[1])
        if kind == "i":
            out: set[Value] = set()
            for target in self._class_attribute(value[1], "__call__", instance=True):
                if target[0] == "f":
                    out |= self.returned(target[1])
            return frozenset(out)
        if kind == "e" and value[1].rpartition(".")[2][:1].isupper():
            return frozenset({value})  # an external class: its instance keeps its name
        if value in _USER_MODEL_GETTERS:  # Django's `get_user_model()`
            return self.user_model()
        if kind == "o":
            return frozenset({(value[2], value[1])})
        return EMPTY

    def returned(self, function: str) -> Values:
        key = ("returns", function)
        if key in self._busy:
            return EMPTY
        self._busy.add(key)
        try:
            module, qual = split_qid(function)
            out: set[Value] = set()
            for expr in self.index.returns.get((module, qual), ()):
                out |= self.evaluate(module, qual, expr)
            found = self.index.definition(module, qual)
            for expr in found.returns if found else ():
                out |= self.evaluate(module, parent_of(qual), expr)
            return frozenset(out)
        finally:
            self._busy.discard(key)

    def element(self, value: Value, key: str = "") -> Values:
        """What indexing (with a constant `key`, or "" when unknown) or iterating gives: the
        container's items (by key or position when known), items assigned by index, and for an
        instance what `__iter__().__next__()` returns."""
        out = set(self._assigned(value, "[]"))
        assigned = self._attrs.get(value, {})
        for attr in [f"[{key}]"] if key else [a for a in assigned if a.startswith("[")]:
            out |= self._assigned(value, attr)
        kind = value[0]
        if kind in ("[", "(", "{"):
            _, module, scope, items = value
            for expr in container_items(kind, items, key):
                out |= self.evaluate(module, scope, expr)
        elif kind == "i":
            iterators = self.step(self.method(value[1], "__iter__"), "()")
            out |= self.step(self.step(iterators, ".__next__"), "()")
        elif kind == "q":
            out.add(("i", value[1]))
        return frozenset(out)

    def class_constant(self, klass: str, name: str) -> str | None:
        """A class-level string constant the summaries keep (`CLASS_CONSTANTS`), by the MRO, up
        to the first class outside the analysed code; None when no analysed class sets it, and
        `NOT_CONSTANT` when the nearest one sets it to something else."""
        for value in self.mro(klass):
            if value[0] != "c":
                return None
            module, qual = split_qid(value[1])
            found = self.index.constants.get((module, qual), {}).get(name)
            if found is not None:
                return found
        return None

    def is_queryset(self, klass: str) -> bool:
        """Whether Django's QuerySet is in the class's MRO."""
        return any(v[0] == "e" and v[1] in _QUERYSETS for v in self.mro(klass))

    def _related(self, module: str, scope: str, kind: str, target: Expr) -> Values:
        """What a relation field of a model gives (`("~", kind, target, ...)`): an instance of
        the related model, or for a many-to-many field a manager of it."""
        tag = "q" if kind == "n" else "i"
        return frozenset((tag, c) for c in self._related_models(module, scope, target))

    def _related_models(self, module: str, scope: str, target: Expr) -> list[str]:
        """The models a relation names: a class, `"app.Model"`, the settings' user model, or a
        model's bare name, which Django looks up in the declaring model's app (the package
        holding its `models`: `wagtail` for `wagtail.models.sites`, `oscar.apps.basket` for
        `oscar.apps.basket.abstract_models`) where the module binds no such name."""
        if target[-1] == ".AUTH_USER_MODEL":  # `settings.AUTH_USER_MODEL`
            return sorted(str(v[1]) for v in self.user_model())
        found = {v for v in self.evaluate(module, scope, target) if v[0] == "c"}
        if not found and len(target) == 1 and str(target[0]).isidentifier():
            parts = module.split(".")
            app = ".".join(parts[: parts.index("models")] if "models" in parts else parts[:-1])
            found = set(self.loaded("get_model", (app, str(target[0])))) if app else set()
        return sorted(str(v[1]) for v in found)

    def _reverse(self, klass: str, attr: str) -> Values:
        """What a model's reverse accessor gives: the related name of a relation that another
        model (or this one) declares to this model, or to one of its bases or subclasses (an
        abstract model's methods use what its concrete model gets): a manager of the declaring
        model, or for a one-to-one field its instance. Django's default names too
        (`line_set`, `profile`); none for a related name ending in "+" or made from a pattern."""
        if not self._indexed:
            self.index_attributes()
        if not self._reverses:
            return EMPTY
        found = self._reverse_seen.get(klass)
        if found is None:
            merged: dict[str, set[Value]] = defaultdict(set)
            for current in (klass, *self.descendants(klass)):
                for base in self.mro(current):
                    for name, values in self._reverses.get(str(base[1]), {}).items():
                        merged[name] |= values
            found = self._reverse_seen[klass] = {k: frozenset(v) for k, v in merged.items()}
        return found.get(attr, EMPTY)

    def _reverse_accessors(self) -> dict[str, dict[str, set[Value]]]:
        found: dict[str, dict[str, set[Value]]] = defaultdict(lambda: defaultdict(set))
        for module, summary in sorted(self.index.summaries.items()):
            for scope, _name, expr, _line, _top in summary.bindings:
                if expr[0] != "~" or not scope or expr[3].endswith("+") or "%(" in expr[3]:
                    continue
                kind, target, related = expr[1], expr[2], expr[3]
                source = qid(module, scope)
                own = scope.rpartition(".")[2].lower()
                name = related or (own if kind == "o" else f"{own}_set")
                value: Value = ("i", source) if kind == "o" else ("q", source)
                for model in self._related_models(module, scope, target):
                    found[model][name].add(value)
        return {model: dict(names) for model, names in found.items()}

    def is_flask_model(self, klass: str) -> bool:
        """Whether a Flask-SQLAlchemy model base (`db.Model`) is in the class's MRO."""
        return any(
            v[0] == "e" and v[1].startswith("flask_sqlalchemy.") and v[1].endswith(".Model")
            for v in self.mro(klass)
        )

    def is_django_model(self, klass: str) -> bool:
        """Whether a Django model base (`django.db.models.Model`, treebeard's nodes...) is in
        the class's MRO."""
        return any(v[0] == "e" and v[1] in MODEL_ROOTS for v in self.mro(klass))

    # -- classes -------------------------------------------------------------------------------

    def mro(self, klass: str) -> list[Value]:
        """The class and its bases in C3 order (depth-first when C3 fails); an external base
        ends the walk along its branch."""
        found = self._mros.get(klass)
        if found is not None:
            return found
        self._mros[klass] = [("c", klass)]  # a cycle stops here
        bases = self.bases(klass)
        lines = [self.mro(b[1]) if b[0] == "c" else [b] for b in bases]
        merged = c3_merge([list(line) for line in lines] + [list(bases)])
        if merged is None:
            merged = []
            for line in lines:
                merged.extend(item for item in line if item not in merged)
        self._mros[klass] = [("c", klass), *merged][:_MAX_MRO]
        return self._mros[klass]

    def bases(self, klass: str) -> list[Value]:
        module, qual = split_qid(klass)
        found = self.index.definition(module, qual)
        out: list[Value] = []
        for ref in found.bases if found else ():
            for value in sorted(self.evaluate(module, parent_of(qual), ref)):
                if value[0] in ("c", "e") and value not in out:
                    out.append(value)
        return out

    def subclasses(self) -> dict[str, list[str]]:
        if self._subclasses is None:
            subs: dict[str, list[str]] = defaultdict(list)
            for name, definition in sorted(self.index.definitions.items()):
                if definition.kind == "class":
                    for base in self.bases(name):
                        if base[0] == "c":
                            subs[base[1]].append(name)
            self._subclasses = dict(subs)
        return self._subclasses

    def descendants(self, klass: str) -> tuple[str, ...]:
        """Every analysed class that has `klass` among its bases, directly or not, in order."""
        found = self._descendants.get(klass)
        if found is None:
            subclasses = self.subclasses()
            seen: set[str] = set()
            stack = list(subclasses.get(klass, ()))
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    stack.extend(subclasses.get(current, ()))
            found = self._descendants[klass] = tuple(sorted(seen))
        return found

    def _outside_tests(self, value: Value) -> bool:
        """Whether a value is the application's class, instance or module, not test code's: what
        a test sets on it (a stand-in: `Smtp.login = fake_login`) is not what the application
        finds there."""
        if value[0] == "m":
            return not self.index.is_test(str(value[1]))
        if value[0] in ("c", "i"):
            return not self.index.is_test(split_qid(str(value[1]))[0])
        return False

    def index_attributes(self) -> None:
        """Where `owner.attr = value` assigns, by the owner's values (`self` is the instance),
        then the models' reverse accessors (`_reverse`). Done once, on first need; owners are
        evaluated before any assignment is known, so the memos made meanwhile, short of the
        assignments, are forgotten after."""
        if self._indexed:
            return
        self._indexed = True
        for module, summary in sorted(self.index.summaries.items()):
            testing = self.index.is_test(module)
            for scope, owner, attr, expr in summary.attributes:
                for value in self.evaluate(module, scope, owner):
                    if value[0] != "b" and not (testing and self._outside_tests(value)):
                        self._attrs[value][attr].append((module, scope, expr))
            for scope, checked, attr, expr in summary.narrowed:
                for value in self.evaluate(module, scope, checked) if checked else ():
                    if value[0] in ("c", "i"):
                        self._checked[value][attr].append((module, scope, expr))
                        self._checked_attrs.add(attr)
        self.reset()
        self._reverses = self._reverse_accessors()
        self._reverse_names = {name for names in self._reverses.values() for name in names}
        self.reset()  # the memos made meanwhile knew no reverse accessor
