"""The per-file summary of a Python module: what the link step needs to resolve calls.

One pass over the syntax tree records, flow-insensitively and without resolving anything:
- definitions (classes with their bases, functions and methods with parameters and annotations);
- bindings: every name a scope binds (assignments, imports, loop and `with` targets, parameters'
  annotations) with the expression it is bound to;
- attribute bindings (`self.x = ...`), return and yield expressions;
- call sites: the callee expression, the argument expressions and the line.

Expressions are kept as small tuples (`Expr`) so that summaries pickle fast and stay small:
- a *reference* is a name followed by steps: `a.b().c[i]` is `("a", ".b", "()", ".c", "[]")`;
- `("[", e1, e2, ...)` is a container holding the values of e1, e2, ...; `("(", ...)` the same
  for an ordered one (a tuple or list literal, which unpacks and indexes position by position);
  `("{", ("'a'", e1), ...)` a dict literal with constant keys (keys as `repr`);
- a subscript step is `[]`, or `['a']` / `[0]` for a constant key;
- `("?", fallback, preferred)` is `preferred` when it names analysed code, else `fallback` (a
  decorated function: what its decorators return, or the function itself);
- `("|", e1, e2, ...)` is any one of e1, e2, ...;
- `("@", "dotted.name")` is what an import binds: an absolute dotted name;
- `("$", loader, "arg", ...)` is a class or module loaded by name with string constants:
  `import_string("a.b.C")`, `import_module("a.b")`, `get_class("catalogue.views", "View")`,
  `apps.get_model("orders", "Order")` (see `DYNAMIC_LOADERS`);
- `("%", callee, model, *steps)` is what a call of a Django shortcut gives for the model (or
  queryset) it is handed first, then the steps after the call: `get_object_or_404(Order,
  pk=pk).lines` is `("%", ("get_object_or_404",), ("Order",), ".lines")`; the call gives an
  Order where the callee is Django's (see `MODEL_SHORTCUTS`); `db.session.query(Order)` is
  one too, a query of Orders where the callee is a library's `query`, and `type(self).objects`
  is, the class of `self` where the callee is the builtin `type`, and `sorted(orders)` is, a
  list of what `orders` holds where the callee is the builtin (`ELEMENT_KEEPERS`); a call
  site's callee takes this form where such a call is inside its chain (`KEPT_HEADS`,
  `KEPT_STEPS`);
- Django's `SimpleLazyObject(load)` is `load()`: the lazy object stands for what `load`
  returns;
- `("^", obj, ".name", default, *steps)` is `getattr(obj, "name", default)` (the `default` an
  empty choice `("|",)` when there is none), where `getattr` is the builtin: `obj.name`;
- `("~", kind, target, related_name)` is a Django model's relation field, as a class body binds
  it (`RELATIONS`): kind "1" a foreign key, "o" a one-to-one field, "n" a many-to-many field;
  `target` the related model's expression (`"app.Model"` as `("$", "get_model", "app",
  "Model")`, `"self"` the class); `related_name` as written, or "" when not written.

A scope is a qualified name inside the module (`""` for the module, `Order.save` for a method).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from sys import intern
from typing import Any

from analyzers.orm_django_extract import RELATIONS as FIELDS
from analyzers.python_names import absolute_module
from decompose.model.pickling import compact_pickle

Expr = tuple[Any, ...]
Ref = tuple[str, ...]
Lambdas = dict[tuple[int, int], str] | None
# functions that load a module or class by name: Django's import_string and apps.get_model,
# importlib's import_module, django-oscar's get_class (`get_class("catalogue.views", "X")`)
DYNAMIC_LOADERS = frozenset(
    {"import_string", "import_module", "get_class", "get_model", "load_model"}  # swapper's
    | {"get_classes"}  # django-oscar's, for several classes of one module
)

# Django's shortcuts that give the model instance, or the list of them, of their first argument
MODEL_SHORTCUTS = frozenset(
    {"get_object_or_404", "aget_object_or_404", "get_list_or_404", "aget_list_or_404"}
)
# the builtins whose result holds the elements of the iterable they are handed first (kept
# with it, as a shortcut is: `list(qs)`, `sorted(items, key=...)`); `enumerate` pairs them
# with their positions
ELEMENT_KEEPERS = frozenset(
    {"list", "tuple", "set", "frozenset", "sorted", "reversed", "iter", "enumerate"}
)
# the calls kept with their first argument (`("%", ...)`), by the name a reference starts with,
# or by a step of it (`db.session.query(Order)`, `shortcuts.get_object_or_404(Order)`)
KEPT_HEADS = frozenset({"type", *MODEL_SHORTCUTS, *ELEMENT_KEEPERS})
KEPT_STEPS = frozenset({".query", *(f".{name}" for name in MODEL_SHORTCUTS)})
# the heads of the expressions that are no reference (no name starts with one): containers,
# choices, imports, and calls kept with their arguments (loaders, shortcuts, element keepers,
# getattr)
NOT_NAMES = frozenset({"(", "[", "{", "|", "@", "?", "$", "%", "^", "~"})
# Django's relation fields (and modelcluster's, mptt's: `orm_django_extract.RELATIONS`) by kind:
# a foreign key gives an instance of the related model ("1"), a one-to-one field too but its
# reverse is one instance ("o"), a many-to-many field a manager of the related model ("n")
RELATIONS = {field: {"fk": "1", "o2o": "o", "m2m": "n"}[kind] for field, kind in FIELDS.items()}

NOT_CONSTANT = "\x00"  # such an attribute set to something that is no string constant
# the class attributes whose string constants the summary keeps (see `ModuleSummary.constants`)
CLASS_CONSTANTS = frozenset(
    {"route_base", "resource_name", "version"}  # Flask-AppBuilder
    | {"lookup_field", "lookup_url_kwarg"}  # DRF
    | {"name", "label"}  # Django's AppConfig: the app labels `get_model` takes
    | {"app_label"}  # a Django model's `Meta`: the label NetBox files its views under
)
# module-level constants kept likewise: Django's settings of the user model, and of the middleware
# (a list of dotted names, kept joined by spaces: `LISTED_CONSTANTS`)
MODULE_CONSTANTS = frozenset({"AUTH_USER_MODEL", "MIDDLEWARE", "MIDDLEWARE_CLASSES"})
LISTED_CONSTANTS = frozenset({"MIDDLEWARE", "MIDDLEWARE_CLASSES"})

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Definition:
    """A class or a function (`kind` "class" or "function") at `qual` inside its module."""

    qual: str
    kind: str
    line: int
    end_line: int
    is_async: bool = False
    decorators: tuple[Ref, ...] = ()
    bases: tuple[Ref, ...] = ()
    params: tuple[str, ...] = ()  # the positional parameters, in order
    method_kind: str = ""  # "static", "class" or "" for a plain method or function
    returns: tuple[Expr, ...] = ()  # the return annotation, as an instance expression
    # a method that only stands for its overrides: `@abstractmethod`, or a body (past its
    # docstring) of only `raise NotImplementedError` or `...`
    abstract: bool = False
    keyword_only: tuple[str, ...] = ()  # the parameters after `*` or `*args`
    starred: tuple[str, ...] = ()  # the names of `*args` and `**kwargs`


FIRST_LISTED = "#0"  # see `CallSite.keywords`


@compact_pickle
@dataclass(frozen=True, slots=True)
class CallSite:
    """A call in `scope`: `callee(args..., name=kwargs...)` at `line`.

    `args` holds (position or keyword, expression) for the arguments that are expressions we can
    follow; `strings` holds the string constants among the positional arguments, and `keywords`
    the constant keyword arguments (for routes: `methods=["GET"]`)."""

    scope: str
    callee: Ref
    line: int
    args: tuple[tuple[int | str, Expr], ...] = ()
    strings: tuple[str, ...] = ()
    keywords: tuple[tuple[str, Any], ...] = ()  # also a decorator's first argument, when it is
    # a list of strings (`@require_http_methods(["POST"])`), under `FIRST_LISTED`
    implicit: bool = False  # made by the language (`for` calls `__iter__`), not written


@compact_pickle
@dataclass(frozen=True, slots=True)
class ModuleSummary:
    """Everything the link step needs from one module."""

    module: str
    path: str
    package: bool
    definitions: tuple[Definition, ...] = ()
    # scope, name, expr, line, and whether the binding runs unconditionally in its scope
    bindings: tuple[tuple[str, str, Expr, int, bool], ...] = ()
    attributes: tuple[tuple[str, Ref, str, Expr], ...] = ()  # scope, owner, attr, expr
    returns: tuple[tuple[str, Expr], ...] = ()  # scope, expr
    calls: tuple[CallSite, ...] = ()
    star_imports: tuple[tuple[str, str, int], ...] = ()  # scope, module, line
    imports: tuple[tuple[str, int], ...] = ()  # absolute dotted name, line
    typing_imports: tuple[int, ...] = ()  # the lines of imports only a type checker runs
    decorator_calls: tuple[tuple[str, CallSite], ...] = ()  # decorated qual, decorator call
    lines: dict[int, str] = field(default_factory=dict)  # the source lines facts point at
    # class qual, name, text: string constants a class body sets for the entry-point rules
    # (`CLASS_CONSTANTS`: Flask-AppBuilder's `route_base`, DRF's `lookup_field`, an AppConfig's
    # `label`...)
    constants: tuple[tuple[str, str, str], ...] = ()
    # scope, owner, name, expr: what an `isinstance`/`issubclass` check says a name (owner
    # None) or an attribute of `owner` may hold besides what is bound to it; it hides nothing
    narrowed: tuple[tuple[str, Ref | None, str, Expr], ...] = ()


def reference(expr: ast.expr) -> Ref | None:
    """The reference an expression stands for, or None when it is not one.

    >>> reference(ast.parse("a.b().c[0]", mode="eval").body)
    ('a', '.b', '()', '.c', '[0]')
    """
    kind = type(expr)
    if kind is ast.Name:  # most references are a bare name: no list to build
        return (expr.id,)  # type: ignore[attr-defined]
    if kind is ast.Constant:
        return None
    steps: list[str] = []
    node: Any = expr
    while True:
        kind = type(node)
        if kind is ast.Attribute:
            steps.append(intern("." + node.attr))  # one string per attribute name
            node = node.value
        elif kind is ast.Name:
            steps.append(node.id)
            steps.reverse()
            return tuple(steps)
        elif kind is ast.Call:
            steps.append("()")
            node = node.func
        elif kind is ast.Subscript:
            steps.append(subscript_step(node))
            node = node.value
        elif kind is ast.Await:
            node = node.value
        elif kind is ast.Constant and type(node.value) is str and steps:
            steps.append("<**PyStr**>")
            steps.reverse()
            return tuple(steps)
        elif kind is ast.Dict and steps:
            steps.append("<**PyDict**>")
            steps.reverse()
            return tuple(steps)
        else:
            return None


def expression(expr: ast.expr | None, lambdas: Lambdas = None) -> Expr | None:
    """The `Expr` for a value: a reference, a container, or a choice; None when unknown.
    `lambdas` names the lambdas by position (line, column), as the walk numbered them."""
    if expr is None:
        return None
    kind = type(expr)
    if kind is ast.Constant:
        return None
    ref = reference(expr)
    if ref is not None:
        if ref[-1] == "()" and ref[-2].lstrip(".") in DYNAMIC_LOADERS:
            return _loaded(expr, ref) or ref
        if ref[0] in MODEL_SHORTCUTS or (len(ref) > 2 and ref[1][1:] in MODEL_SHORTCUTS):
            return _shortcut(expr, ref, lambdas) or ref
        if ref[0] == "type" and len(ref) > 2 and ref[1] == "()":
            return _shortcut(expr, ref, lambdas) or ref  # `type(self).objects`
        if ref[0] in ELEMENT_KEEPERS and len(ref) > 1 and ref[1] == "()":
            return _shortcut(expr, ref, lambdas) or ref
        if ref[0] == "getattr" and len(ref) > 1:
            return _getattr(expr, ref, lambdas) or ref
        if kind is ast.Subscript and ref[-2].lstrip(".") in _UNIONS:
            return _union(expr, lambdas) or ref
        if ".query" in ref:
            return _queried(expr, ref, lambdas) or ref
        if ".from_queryset" in ref:
            return _from_queryset(expr, ref) or ref
        if ref[-2:] in _LAZY_OBJECTS and isinstance(expr, ast.Call) and len(expr.args) == 1:
            made = expression(expr.args[0], lambdas)  # what the function handed it gives
            return (*made, "()") if made is not None and made[0] not in NOT_NAMES else ref
        return ref
    if kind is ast.Lambda:
        name = lambdas.get((expr.lineno, expr.col_offset)) if lambdas else None
        return ("&" + name,) if name else None
    make = _COMPOSITES.get(kind)
    return make(expr, lambdas) if make is not None else None


_UNIONS = frozenset({"Union", "Optional"})
# Django's lazy object: `SimpleLazyObject(load_basket)` stands for what `load_basket()` returns
_LAZY_OBJECTS = frozenset({("SimpleLazyObject", "()"), (".SimpleLazyObject", "()")})


def _union(expr: Any, lambdas: Lambdas) -> Expr | None:
    """`Union[A, B]` and `Optional[A]`, as a type alias holds them: any one of the classes.

    >>> _union(ast.parse("Union[A, b.B]", mode="eval").body, None)
    ('|', ('A',), ('b', '.B'))
    """
    inner = expr.slice
    return _compound("|", inner.elts if type(inner) is ast.Tuple else [inner], lambdas)


def _loaded(expr: ast.expr, ref: Ref) -> Expr | None:
    """`("$", loader, *strings)` for a loader called with string constants only; oscar's
    `get_classes("app.views", ["A", "B"])` is the tuple of `get_class` of each."""
    if not isinstance(expr, ast.Call) or expr.keywords or not expr.args:
        return None
    if ref[-2].lstrip(".") == "get_classes":
        return _loaded_each(expr)
    strings = [a.value for a in expr.args if isinstance(a, ast.Constant)]
    if len(strings) != len(expr.args) or not all(isinstance(v, str) for v in strings):
        return None
    return ("$", ref[-2].lstrip("."), *strings)


def _loaded_each(call: ast.Call) -> Expr | None:
    """`("(", ("$", "get_class", module, name), ...)` for `get_classes(module, [names])`."""
    if len(call.args) != 2 or not isinstance(call.args[1], (ast.List, ast.Tuple)):
        return None
    module, names = call.args[0], call.args[1].elts
    texts = [n.value for n in (module, *names) if isinstance(n, ast.Constant)]
    if len(texts) != len(names) + 1 or not all(isinstance(t, str) for t in texts):
        return None
    return ("(", *(("$", "get_class", texts[0], name) for name in texts[1:]))


def _shortcut(expr: ast.expr, ref: Ref, lambdas: Lambdas) -> Expr | None:
    """`("%", callee, model, *steps)` for a reference that starts with a call of a shortcut
    (`get_object_or_404(...)`, `shortcuts.get_object_or_404(...)`) handed a model first, or of
    `type(...)` or an `ELEMENT_KEEPERS` builtin, handed what they take first."""
    at = 1 if ref[0] in KEPT_HEADS else 2
    if len(ref) <= at or ref[at] != "()":
        return None
    node = _call_below(expr, len(ref) - at - 1)
    if type(node) is not ast.Call or not node.args:
        return None
    model = expression(node.args[0], lambdas)
    return ("%", ref[:at], model, *ref[at + 1 :]) if model is not None else None


def _queried(expr: ast.expr, ref: Ref, lambdas: Lambdas) -> Expr | None:
    """`("%", callee, model, *steps)` for SQLAlchemy's `session.query(Model)...` (any
    `x.query(...)` handed one argument), as for a shortcut: the callee decides whether the call
    is a session's query of the model class."""
    at = ref.index(".query") + 1
    if len(ref) <= at or ref[at] != "()":
        return None
    node = _call_below(expr, len(ref) - at - 1)
    if type(node) is not ast.Call or len(node.args) != 1 or node.keywords:
        return None
    model = expression(node.args[0], lambdas)
    return ("%", ref[:at], model, *ref[at + 1 :]) if model is not None else None


def relation(value: ast.expr, klass: str) -> Expr | None:
    """`("~", kind, target, related_name)` for a relation field a model's body declares
    (`RELATIONS`), None for any other value.

    >>> relation(ast.parse("models.ForeignKey('basket.Basket', related_name='lines')").body[0]
    ...     .value, "Line")
    ('~', '1', ('$', 'get_model', 'basket', 'Basket'), 'lines')
    """
    if type(value) is not ast.Call:
        return None
    ref = reference(value.func)
    kind = RELATIONS.get(ref[-1].lstrip(".")) if ref else None
    if kind is None:
        return None
    keywords = {k.arg: k.value for k in value.keywords if k.arg}
    target_node = value.args[0] if value.args else keywords.get("to")
    related = keywords.get("related_name")
    if related is None:
        name = ""
    elif type(related) is ast.Constant and type(related.value) is str:
        name = related.value
    else:
        name = "+"  # written, but not as a constant: no reverse accessor we can name
    text = _swappable(target_node)
    if text is None and type(target_node) is ast.Constant and type(target_node.value) is str:
        text = target_node.value
    if text is not None:
        if text == "self":
            target: Expr | None = ("&" + klass,)
        elif "." in text:
            target = ("$", "get_model", *text.rsplit(".", 1))
        else:
            target = (text,) if text.isidentifier() else None
    else:
        target = expression(target_node) if target_node is not None else None
    return ("~", kind, target, name) if target is not None else None


def _swappable(node: ast.expr | None) -> str | None:
    """`"app.Model"` for swapper's `get_model_name("app", "Model")`, the default it gives."""
    if type(node) is not ast.Call or node.keywords or len(node.args) != 2:
        return None
    ref = reference(node.func)
    names = [a.value for a in node.args if type(a) is ast.Constant and type(a.value) is str]
    if not ref or ref[-1].lstrip(".") != "get_model_name" or len(names) != 2:
        return None
    return ".".join(names)


def _from_queryset(expr: ast.expr, ref: Ref) -> Expr | None:
    """Django's `Manager.from_queryset(QuerySet)`, a manager class with the queryset class's
    methods, as a choice of the two, the steps after it taken on each.

    >>> _from_queryset(ast.parse("M.from_queryset(Q)()", mode="eval").body,
    ...     ("M", ".from_queryset", "()", "()"))
    ('|', ('M', '()'), ('Q', '()'))
    """
    at = ref.index(".from_queryset") + 1
    if len(ref) <= at or ref[at] != "()":
        return None
    node = _call_below(expr, len(ref) - at - 1)
    if type(node) is not ast.Call or len(node.args) != 1:
        return None
    queryset = reference(node.args[0])
    if queryset is None or "()" in queryset:
        return None
    rest = ref[at + 1 :]
    return ("|", (*ref[: at - 1], *rest), (*queryset, *rest))


def _getattr(expr: ast.expr, ref: Ref, lambdas: Lambdas) -> Expr | None:
    """`("^", obj, ".name", default, *steps)` for `getattr(obj, "name"[, default])...` with
    a constant name."""
    if ref[1] != "()":
        return None
    node = _call_below(expr, len(ref) - 2)
    if type(node) is not ast.Call or node.keywords or not 2 <= len(node.args) <= 3:
        return None
    name = node.args[1]
    if not (
        isinstance(name, ast.Constant) and type(name.value) is str and name.value.isidentifier()
    ):
        return None
    owner = expression(node.args[0], lambdas)
    if owner is None:
        return None
    default = expression(node.args[2], lambdas) if len(node.args) == 3 else None
    return ("^", owner, intern("." + name.value), default or ("|",), *ref[2:])


def _call_below(expr: ast.expr, steps: int) -> Any:
    """The node `steps` steps down a reference's expression, as `reference` went up them (an
    `await` is no step): the call a reference's steps start after."""
    node: Any = expr
    for _ in range(steps):
        while type(node) is ast.Await:
            node = node.value
        node = node.func if type(node) is ast.Call else node.value
    while type(node) is ast.Await:
        node = node.value
    return node


def subscript_step(node: ast.Subscript) -> str:
    """`[]` for an index we cannot read, `['a']` or `[0]` for a constant key.

    >>> subscript_step(ast.parse("d['a']", mode="eval").body)
    "['a']"
    """
    key = node.slice
    if isinstance(key, ast.UnaryOp) and isinstance(key.op, ast.USub):
        key, sign = key.operand, "-"
    else:
        sign = ""
    if isinstance(key, ast.Constant) and type(key.value) is int:
        return f"[{sign}{key.value}]"
    if sign:
        return "[]"
    if isinstance(key, ast.Constant) and type(key.value) is str:
        return intern(f"[{key.value!r}]")
    return "[]"


def _dictionary(expr: ast.Dict, lambdas: Lambdas) -> Expr | None:
    """`("{", (key, value), ...)` when every key is a constant, else a plain container."""
    keys = [k.value for k in expr.keys if isinstance(k, ast.Constant)]
    if len(keys) != len(expr.keys) or not all(type(k) in (str, int) for k in keys):
        return _compound("[", expr.values, lambdas)
    pairs = []
    for key, value in zip(keys, expr.values, strict=True):
        found = expression(value, lambdas)
        if found is not None:
            pairs.append((repr(key), found))
    return ("{", *pairs)


def _compound(tag: str, parts: list[ast.expr], lambdas: Lambdas) -> Expr | None:
    """A container or a choice; an ordered container keeps unknown items as empty choices so
    that positions still line up when it is unpacked."""
    inner = [expression(part, lambdas) for part in parts]
    if tag == "(":
        known = [e if e is not None else ("|",) for e in inner]
        return (tag, *known)
    kept = [e for e in inner if e is not None]
    return (tag, *kept) if kept else None


def _ordered(expr: Any, lambdas: Lambdas) -> Expr | None:
    return _compound("(", expr.elts, lambdas)


def _unordered(expr: Any, lambdas: Lambdas) -> Expr | None:
    return _compound("[", expr.elts, lambdas)


def _choice(expr: Any, lambdas: Lambdas) -> Expr | None:
    parts = [expr.body, expr.orelse] if type(expr) is ast.IfExp else expr.values
    return _compound("|", parts, lambdas)


def _concatenated(expr: Any, lambdas: Lambdas) -> Expr | None:
    """`a + [b, c]`: a list joined to another, when one side is written as a list or tuple (a
    sum of numbers or strings holds no value to follow); two written ones make one list.
    `a | b`: what either holds (the union of two sets or dicts, of two types in an alias).

    >>> _concatenated(ast.parse("[a] + [b]", mode="eval").body, None)
    ('(', ('a',), ('b',))
    >>> _concatenated(ast.parse("hooks.urls + [b]", mode="eval").body, None)
    ('|', ('hooks', '.urls'), ('(', ('b',)))
    >>> _concatenated(ast.parse("SqlaTable | Query | None", mode="eval").body, None)
    ('|', ('|', ('SqlaTable',), ('Query',)))
    """
    sides = [expr.left, expr.right]
    if type(expr.op) is ast.BitOr:
        return _compound("|", sides, lambdas)
    if type(expr.op) is not ast.Add or not any(type(s) in (ast.List, ast.Tuple) for s in sides):
        return None
    left, right = (expression(side, lambdas) for side in sides)
    if left is not None and right is not None and left[0] == right[0] == "(":
        return ("(", *left[1:], *right[1:])
    return _compound("|", sides, lambdas)


def _inner(expr: Any, lambdas: Lambdas) -> Expr | None:
    return expression(expr.value, lambdas)


def _elements(expr: Any, lambdas: Lambdas) -> Expr | None:
    return _compound("[", [expr.value if type(expr) is ast.DictComp else expr.elt], lambdas)


# The values that are no reference but hold some, by node type (one lookup, no chain of tests).
_COMPOSITES: dict[type, Callable[[Any, Lambdas], Expr | None]] = {
    ast.List: _ordered,
    ast.Tuple: _ordered,
    ast.Set: _unordered,
    ast.Dict: _dictionary,
    ast.IfExp: _choice,
    ast.BinOp: _concatenated,
    ast.BoolOp: _choice,
    ast.NamedExpr: _inner,
    ast.Starred: _inner,
    ast.ListComp: _elements,
    ast.SetComp: _elements,
    ast.GeneratorExp: _elements,
    ast.DictComp: _elements,
}


def annotation(expr: ast.expr | None) -> tuple[Expr, ...]:
    """Instance expressions for an annotation: `Foo` and `Optional[Foo]` give `Foo()`."""
    if expr is None:
        return ()
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        try:
            expr = ast.parse(expr.value.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return ()
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return annotation(expr.left) + annotation(expr.right)
    if isinstance(expr, ast.Subscript):
        head = reference(expr.value)
        if head and head[-1].lstrip(".") in ("Optional", "Union", "Annotated"):
            inner = expr.slice
            items = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            if head[-1].lstrip(".") == "Annotated":
                items = items[:1]
            return tuple(e for item in items for e in annotation(item))
        return ()
    ref = reference(expr)
    if ref is None or "()" in ref or ref[0] == "None":
        return ()
    return ((*ref, "()"),)


def annotated_extras(expr: ast.expr) -> list[ast.expr]:
    """What an `Annotated[T, x, ...]` annotation adds to its type (`x, ...`): expressions the
    `def` evaluates, such as FastAPI's `Depends(get_db)`.

    >>> tree = ast.parse("Annotated[int, Depends(f)]", mode="eval")
    >>> [ast.unparse(e) for e in annotated_extras(tree.body)]
    ['Depends(f)']
    """
    if not isinstance(expr, ast.Subscript):
        return []
    head = reference(expr.value)
    if not head or head[-1].lstrip(".") != "Annotated" or not isinstance(expr.slice, ast.Tuple):
        return []
    return list(expr.slice.elts[1:])


def import_names(stmt: ast.Import | ast.ImportFrom, module: str, package: bool) -> list[Any]:
    """(local name, absolute dotted target) for each name an import binds; `*` keeps `*`."""
    if isinstance(stmt, ast.Import):
        out = []
        for alias in stmt.names:
            if alias.asname:
                out.append((alias.asname, alias.name))
            else:
                head = alias.name.split(".")[0]
                out.append((head, head))
        return out
    base = absolute_module(module, package, stmt.level, stmt.module)
    return [(a.asname or a.name, base if a.name == "*" else f"{base}.{a.name}") for a in stmt.names]


def element_of(expr: Expr | None) -> Expr | None:
    """What iterating over or unpacking `expr` gives."""
    if expr is None:
        return None
    if expr[0] in ("[", "("):
        return ("|", *expr[1:])
    if expr[0] in ("|", "@", "?", "{", "$", "~"):
        return None  # a choice, an import, a dict (iterating it gives its keys), a loader
    return (*expr, "[]")  # also a shortcut's or a getattr's, which take steps after the call


def imported_name(stmt: ast.Import, local: str) -> str:
    for alias in stmt.names:
        if (alias.asname or alias.name.split(".")[0]) == local:
            return alias.name
    return local


def is_plain_ref(expr: Expr) -> bool:
    """Whether an expression is a plain reference: names and attributes, nothing computed
    (no call, index, container, choice, import or definition).

    >>> is_plain_ref(("signals", ".order_placed")), is_plain_ref(("get_signal", "()"))
    (True, False)
    """
    return (
        bool(expr)
        and all(isinstance(part, str) for part in expr)
        and expr[0][:1] not in NOT_NAMES
        and not expr[0].startswith("&")
        and not any(part == "()" or part.startswith("[") for part in expr[1:])
    )


# the decorators that make a function a task run by a worker: Celery's `@shared_task` and
# `@app.task`, Django's `@task`, Dramatiq's `@actor`, RQ's `@job`, Huey's `@huey.task()`,
# `@periodic_task`, `@db_task` and `@db_periodic_task`
TASK_DECORATORS = frozenset(
    {"task", "shared_task", "actor", "job", "periodic_task", "db_task", "db_periodic_task"}
)


def decorator_name(ref: Ref) -> str:
    """The last name of a decorator as written: `app.task(bind=True)` is `task`.

    >>> decorator_name(("app", ".task", "()"))
    'task'
    """
    return next((part for part in reversed(ref) if part != "()"), "").lstrip(".")


def method_kind(decorators: tuple[Ref, ...]) -> str:
    names = {ref[-1].lstrip(".") for ref in decorators}
    if "staticmethod" in names:
        return "static"
    if "classmethod" in names:
        return "class"
    return ""


def is_abstract(node: ast.FunctionDef | ast.AsyncFunctionDef, decorators: tuple[Ref, ...]) -> bool:
    """Whether a method only stands for its overrides: `@abstractmethod` (also
    `@abc.abstractmethod`), or a body that, past its docstring, only raises
    `NotImplementedError` or is `...`. Not `pass`: a hook that does nothing unless overridden.

    >>> tree = ast.parse("def f(self):\\n    'Doc.'\\n    raise NotImplementedError('do it')")
    >>> is_abstract(tree.body[0], ()), is_abstract(ast.parse("def f(self): pass").body[0], ())
    (True, False)
    """
    if any(ref[-1].lstrip(".") == "abstractmethod" for ref in decorators):
        return True
    body = node.body
    if len(body) > 1 and _is_docstring(body[0]):
        body = body[1:]
    if len(body) != 1:
        return False
    only = body[0]
    if type(only) is ast.Raise and only.exc is not None:
        raised = only.exc.func if type(only.exc) is ast.Call else only.exc
        return type(raised) is ast.Name and raised.id == "NotImplementedError"
    return type(only) is ast.Expr and type(only.value) is ast.Constant and only.value.value is ...


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        type(statement) is ast.Expr
        and type(statement.value) is ast.Constant
        and isinstance(statement.value.value, str)
    )


def template(node: ast.JoinedStr) -> str:
    """An f-string as the text it is made from, each field in braces: a route written
    `f"usage/<{self.converter}:pk>/"` stays readable, its fields visibly not known.

    >>> template(ast.parse('f"usage/<{self.conv}:pk>/{n + 1}"', mode="eval").body)
    'usage/<{self.conv}:pk>/{...}'
    """
    parts: list[str] = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value))
        elif isinstance(value, ast.FormattedValue):
            ref = reference(value.value)
            simple = ref is not None and all(step[0] != "(" and step[0] != "[" for step in ref[1:])
            parts.append("{" + "".join(ref) + "}" if ref is not None and simple else "{...}")
    return "".join(parts)


def constant_value(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, bool)):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if len(items) == len(node.elts) and all(isinstance(i, str) for i in items):
            return tuple(items)
    return None
