"""Local names of one module for the ORM analyzers: what each name at module level stands for.

A name bound by an import stands for its dotted target (`from shop.db import Base` binds `Base` to
`shop.db.Base`); a class or variable defined at module level stands for `module.Name`. Star imports
are kept apart: the link step looks names up in the star-imported modules.

Also what a name stands for as a model: `get_model("app", "Model")` (`get_model_ref`), and the
`model = Product` a class sets, with its bases (`class_models`), looked up in Python's method
resolution order (`MethodOrders`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from analyzers.python_names import absolute_module, dotted, import_bindings, is_package
from decompose.model.evidence import source_lines
from decompose.model.pickling import compact_pickle

MIGRATION_DIRS = frozenset({"migrations", "alembic"})


def in_migrations(path: str) -> bool:
    """Whether a file lies in a migrations folder: schema history (Django and Alembic migrations,
    with their snapshot models and data migrations), read by the migration analyzers instead.

    >>> in_migrations("shop/migrations/0001_initial.py"), in_migrations("shop/models.py")
    (True, False)
    """
    return not MIGRATION_DIRS.isdisjoint(path.split("/")[:-1])


@compact_pickle
@dataclass(frozen=True, slots=True)
class ModuleNames:
    """The module-level names of one file."""

    module: str
    bindings: tuple[tuple[str, str], ...]  # local name -> dotted target, sorted
    stars: tuple[str, ...] = ()  # modules imported with `*`

    def resolve(self, ref: str) -> str:
        """The dotted name a local reference stands for (`models.Order` -> `shop.models.Order`);
        an unbound head stays as written, prefixed with nothing."""
        head, _, rest = ref.partition(".")
        target = dict(self.bindings).get(head)
        if target is None:
            return ref
        return f"{target}.{rest}" if rest else target


def module_names(tree: ast.Module, module: str, path: str) -> ModuleNames:
    """Imports, classes and assignments at module level (also inside `if`/`try` blocks)."""
    package = is_package(path)
    bound: dict[str, str] = {}
    for stmt in top_statements(tree.body):
        if isinstance(stmt, ast.ClassDef):
            bound[stmt.name] = f"{module}.{stmt.name}"
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    bound[target.id] = f"{module}.{target.id}"
    for binding in import_bindings(tree.body, module, package):
        bound.setdefault(binding.name, binding.target)
    stars = sorted(
        absolute_module(module, package, stmt.level, stmt.module)
        for stmt in top_statements(tree.body)
        if isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names)
    )
    return ModuleNames(module, tuple(sorted(bound.items())), tuple(stars))


def top_statements(body: list[ast.stmt]) -> Iterable[ast.stmt]:
    """The statements of a module body, also those inside its `if` and `try` blocks."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.If, ast.Try)):
            for block in (stmt.body, stmt.orelse, getattr(stmt, "finalbody", [])):
                yield from top_statements(block)
            for handler in getattr(stmt, "handlers", ()):
                yield from top_statements(handler.body)


def call_name(node: ast.expr) -> str | None:
    """The last part of a called name: `models.ForeignKey(...)` -> `ForeignKey`."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def literal_str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def ref_of(node: ast.expr) -> str | None:
    """A string literal or a dotted name, as written."""
    return literal_str(node) or dotted(node)


def lookup(
    ref: str,
    names: ModuleNames,
    known: Mapping[str, object],
    stars: Mapping[str, ModuleNames],
    depth: int = 0,
) -> str | None:
    """The dotted name of `ref` among `known`, through the file's bindings, then through its star
    imports (one level deep per module, following chains of star imports). A name the file binds
    itself (`from netbox.api.features import Mixin`) is never looked for in its star imports:
    the binding hides them; when it is not among `known`, it may be re-exported by the module it
    names (a package's `__init__` importing it from a submodule), which is followed instead.

    >>> package = ModuleNames("cms.models", (("Page", "cms.models.pages.Page"),))
    >>> app = ModuleNames("app.models", (("Page", "cms.models.Page"),), ("cms.models.pages",))
    >>> lookup("Page", app, {"cms.models.pages.Page": 1}, {"cms.models": package})
    'cms.models.pages.Page'
    >>> hidden = ModuleNames("app.views", (("Page", "app.plain.Page"),), ("cms.models.pages",))
    >>> lookup("Page", hidden, {"cms.models.pages.Page": 1}, {}) is None  # not from the star
    True
    """
    full = names.resolve(ref)
    if full in known:
        return full
    if full != ref:  # bound in the file
        return _reexported(full, known, stars, depth) if depth < 4 else None
    seen: set[str] = set()
    pending = list(names.stars)
    while pending:
        star = pending.pop()
        if star in seen:
            continue
        seen.add(star)
        candidate = f"{star}.{ref}"
        if candidate in known:
            return candidate
        inner = stars.get(star)
        if inner is not None:
            pending.extend(inner.stars)
            via = dict(inner.bindings).get(ref.partition(".")[0])
            if via is not None and inner.resolve(ref) in known:
                return inner.resolve(ref)
    return None


def _reexported(
    full: str, known: Mapping[str, object], stars: Mapping[str, ModuleNames], depth: int
) -> str | None:
    """`full` (`cms.models.Page`) looked up in the analysed module it names (`cms.models`)."""
    module, _, rest = full.rpartition(".")
    while module:
        names = stars.get(module)
        if names is not None:
            return lookup(rest, names, known, stars, depth + 1)
        module, _, head = module.rpartition(".")
        rest = f"{head}.{rest}"
    return None


class MethodOrders:
    """Python's method resolution order (C3) of classes, from the bases of each class (a class
    whose bases are not known ends its own line), each class's worked out once and kept; [] when
    there is no consistent order (a cycle, or bases Python refuses).

    >>> hierarchy = {"D": ["B", "C"], "B": ["A"], "C": ["A", "External"]}
    >>> MethodOrders(lambda name: hierarchy.get(name, []))("D")
    ['D', 'B', 'C', 'A', 'External']
    """

    def __init__(self, bases: Callable[[str], Sequence[str]]) -> None:
        self._bases = bases
        self._orders: dict[str, list[str]] = {}

    def __call__(self, qual: str) -> list[str]:
        found = self._orders.get(qual)
        if found is not None:
            return found
        self._orders[qual] = []  # while it is worked out: a cycle back to it has no order
        parents = list(self._bases(qual))
        orders = []
        for parent in parents:  # a loop, not a comprehension: one frame less a level
            orders.append(self(parent))
        merged = _merge([*orders, parents]) if all(orders) else None
        self._orders[qual] = [qual, *merged] if merged is not None else []
        return self._orders[qual]


def _merge(orders: list[list[str]]) -> list[str] | None:
    """C3's merge: the first head that is in no other order's tail, again and again."""
    merged: list[str] = []
    pending = [order for order in orders if order]
    while pending:
        head = next((o[0] for o in pending if not any(o[0] in p[1:] for p in pending)), None)
        if head is None:
            return None
        merged.append(head)
        pending = [rest for o in pending if (rest := o[1:] if o[0] == head else o)]
    return merged


USER_MODEL = "@django:AUTH_USER_MODEL"  # whatever model the settings make the user model


def get_model_ref(value: ast.expr) -> str | None:
    """`apps.get_model("app", "Model")` (also Oscar's `get_model`, or one "app.Model" string,
    and django-swappable-models' `swapper.load_model("app", "Model")`, the model itself unless a
    setting swaps it) as the reference `@django:app.Model`, resolved by app label at link time;
    `get_user_model()` as `USER_MODEL`, the model `settings.AUTH_USER_MODEL` names."""
    if not isinstance(value, ast.Call) or not isinstance(value.func, (ast.Name, ast.Attribute)):
        return None
    name = value.func.attr if isinstance(value.func, ast.Attribute) else value.func.id
    if name == "get_user_model" and not value.args:
        return USER_MODEL
    texts = [t for t in map(literal_str, value.args) if t is not None]
    if name not in ("get_model", "load_model") or len(texts) != len(value.args):
        return None
    if len(texts) == 2:
        return f"@django:{texts[0]}.{texts[1]}"
    if len(texts) == 1 and texts[0].count(".") == 1:
        return f"@django:{texts[0]}"
    return None


LOADED_CLASS = "@class:"  # a class loaded by name: `@class:dashboard.partners.forms.UserForm`


def loaded_class_ref(value: ast.expr) -> str | None:
    """`get_class("dashboard.partners.forms", "UserForm")` (django-oscar's loader, which finds the
    class in the module of that name within any app) as `@class:dashboard.partners.forms.UserForm`.

    >>> loaded_class_ref(ast.parse('get_class("catalogue.views", "Detail")', mode="eval").body)
    '@class:catalogue.views.Detail'
    """
    if not isinstance(value, ast.Call) or value.keywords or len(value.args) != 2:
        return None
    if (dotted(value.func) or "").rsplit(".", 1)[-1] != "get_class":
        return None
    texts = [literal_str(arg) for arg in value.args]
    if not all(texts):
        return None
    return f"{LOADED_CLASS}{texts[0]}.{texts[1]}"


def loaded_class_refs(value: ast.expr) -> list[str] | None:
    """`get_classes("dashboard.partners.forms", ["UserForm", "SearchForm"])` (the plural of
    `get_class`, unpacked into as many names) as one `@class:` reference a class."""
    if not isinstance(value, ast.Call) or value.keywords or len(value.args) != 2:
        return None
    if (dotted(value.func) or "").rsplit(".", 1)[-1] != "get_classes":
        return None
    label, names = value.args
    module = literal_str(label)
    if not module or not isinstance(names, (ast.List, ast.Tuple)):
        return None
    texts = [literal_str(name) for name in names.elts]
    if not all(texts):
        return None
    return [f"{LOADED_CLASS}{module}.{text}" for text in texts]


@compact_pickle
@dataclass(frozen=True, slots=True)
class ClassModel:
    """A class at module level, its bases as written, and what its `model` attribute holds: a
    model as written (`Product`, `@django:catalogue.Product`), "" when it is set to anything else
    (`None`, a property, a value under an `if` or a `try`, an assignment to `self.model` in a
    method), None when it is not set."""

    qual: str
    bases: tuple[str, ...]
    model: str | None
    line: int = 0  # of the `class` statement
    snippet: str = ""  # its text
    # which of `get_queryset`, `get_object` its body defines in place of the inherited one's rows
    overrides: tuple[str, ...] = ()
    # what its `class Meta` sets `model` to, as `model` (a ModelForm's, a ModelSerializer's)
    meta_model: str | None = None
    form_class: str | None = None  # the class a view's `form_class` names, as written
    # the models a `register` call registers the class for (the Django admin's, by the called
    # name as written: the link step resolves it), each as (called name, model as written)
    registered: tuple[tuple[str, str], ...] = ()
    # the type arguments of its subscripted bases, as written: `class ChartDAO(BaseDAO[Slice])`
    # gives ("Slice",), the model a generic base's methods work on (see `generic_arguments`)
    generic: tuple[str, ...] = ()


# the methods of a generic view that decide its rows in its place
VIEW_OVERRIDES = frozenset({"get_queryset", "get_object"})

# `self.model = m`, `self.model=m`, `self.model: type = m`, `cls.model = m`, `self.model += m`
# (and some comparisons, which the walk of the methods then rules out)
_MODEL_SET = re.compile(r"\.model\s*(?::[^=\n]*)?\W?=(?!=)")


def class_models(tree: ast.Module, text: str) -> tuple[ClassModel, ...]:
    """The classes at module level that have bases or set `model` (`text` is the file's: where it
    has no `model`, only the bases are read).

    >>> text = "class V(ListView):\\n    model = Product\\n"
    >>> [(c.qual, c.bases, c.model, c.line, c.snippet) for c in class_models(ast.parse(text), text)]
    [('V', ('ListView',), 'Product', 1, 'class V(ListView):')]
    """
    assigned = _MODEL_SET.search(text) is not None  # rare: only then are the methods walked
    # what the text holds is looked up once, not per class (that was most of this function)
    has_model, has_meta, has_form = "model" in text, "Meta" in text, "form_class" in text
    registered = _registrations(tree) if "register" in text else {}
    found = []
    lines: list[str] = []
    for node in top_statements(tree.body):
        if isinstance(node, ast.ClassDef):
            bases = tuple(b for b in map(dotted, node.bases) if b and b != "object")
            model = _model_attribute(node, assigned) if has_model else None
            generic = generic_arguments(node)
            if bases or model is not None or generic:
                lines = lines or source_lines(text)
                line = node.lineno
                snippet = lines[line - 1] if line <= len(lines) else ""
                overrides = tuple(
                    stmt.name
                    for stmt in node.body
                    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and stmt.name in VIEW_OVERRIDES
                    and _replaces(stmt)
                )
                meta = _meta_model(node) if has_meta and has_model else None
                form = _form_class(node) if has_form else None
                found.append(
                    ClassModel(node.name, bases, model, line, snippet, overrides, meta, form)
                )
                if generic:
                    found[-1] = replace(found[-1], generic=generic)
                if node.name in registered:
                    found[-1] = replace(found[-1], registered=tuple(registered[node.name]))
    return tuple(found)


def generic_arguments(node: ast.ClassDef) -> tuple[str, ...]:
    """The names a class's subscripted bases are given, one each, in order: the type a generic
    base is made for (`BaseDAO[Slice]`, `Repository[models.Order]`); `Generic[T]`'s and
    several arguments (`Mapping[str, int]`) are none.

    >>> generic_arguments(ast.parse("class D(Base[Slice], Generic[T], M[a, b]): pass").body[0])
    ('Slice',)
    """
    found = []
    for base in node.bases:
        if isinstance(base, ast.Subscript) and dotted(base.value) not in _TYPING_GENERICS:
            argument = dotted(base.slice)
            if argument:
                found.append(argument)
    return tuple(found)


_TYPING_GENERICS = frozenset({"Generic", "typing.Generic", "Protocol", "typing.Protocol"})


def _registrations(tree: ast.Module) -> dict[str, list[tuple[str, str]]]:
    """The classes of the module that `x.register(Model, Class)` (also a list of models) at its
    top, or `@x.register(Model)` on the class, registers, with the called name and the models
    as written (a model by its name, or `get_model(...)`'s reference)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for node in top_statements(tree.body):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            called = dotted(call.func)
            admin = dotted(call.args[1]) if len(call.args) > 1 else None
            if called and called.rsplit(".", 1)[-1] == "register" and admin:
                for model in _registered_models(call.args[0]):
                    found.setdefault(admin, []).append((called, model))
        elif isinstance(node, ast.ClassDef):
            for decorator in node.decorator_list:
                if not isinstance(decorator, ast.Call) or not decorator.args:
                    continue
                called = dotted(decorator.func)
                if called and called.rsplit(".", 1)[-1] == "register":
                    for arg in decorator.args:
                        for model in _registered_models(arg):
                            found.setdefault(node.name, []).append((called, model))
    return found


def _registered_models(node: ast.expr) -> list[str]:
    items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
    return [m for m in (get_model_ref(item) or dotted(item) for item in items) if m]


def _form_class(node: ast.ClassDef) -> str | None:
    """The dotted name a class body sets `form_class` to, if it sets one."""
    for stmt in node.body:
        value = _assigned(stmt, "form_class")
        if value is not None:
            return dotted(value)
    return None


def _meta_model(node: ast.ClassDef) -> str | None:
    """What the class's own `class Meta` sets `model` to (see `ClassModel.model`)."""
    for stmt in node.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            return _model_attribute(stmt, False)
    return None


_ROWS = frozenset({"queryset", "model", "get_queryset"})  # what an override keeps the rows of


def _replaces(method: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a view's `get_queryset` or `get_object` finds its rows itself: it neither calls
    the inherited one (`super().get_queryset()`, `self.get_queryset()`) nor reads `self.queryset`
    or `self.model`, which would keep the rows those name (filtered, restricted).

    >>> own = ast.parse("def get_queryset(self): return Band.objects.all()").body[0]
    >>> kept = ast.parse("def get_queryset(self): return super().get_queryset()").body[0]
    >>> _replaces(own), _replaces(kept)  # type: ignore[arg-type]
    (True, False)
    """
    for node in ast.walk(method):
        if isinstance(node, ast.Attribute):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id == "self" and node.attr in _ROWS:
                return False
            if (
                node.attr == method.name
                and isinstance(owner, ast.Call)
                and isinstance(owner.func, ast.Name)
                and owner.func.id == "super"
            ):
                return False
    return True


def _model_attribute(node: ast.ClassDef, assigned: bool) -> str | None:
    """What a class body sets `model` to (see `ClassModel`)."""
    model = None
    for stmt in node.body:
        value = _assigned(stmt, "model")
        if value is not None:
            model = get_model_ref(value) or dotted(value) or ""
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "model":
            model = ""  # a property or a method: not a class
        elif isinstance(stmt, _BLOCKS) and _binds(stmt, "model"):
            model = ""  # set under a condition (`if`, `try`...): which value is not known
    return "" if assigned and _assigns_own_model(node) else model


_BLOCKS = (ast.If, ast.Try, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Match)


def _binds(block: ast.stmt, name: str) -> bool:
    """Whether a compound statement binds a name in its own scope (an assignment, a loop or
    `with` target, an import, a function or class), not in the functions or classes inside it."""
    pending: list[ast.AST] = [block]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return True
        if isinstance(node, ast.alias) and (node.asname or node.name.partition(".")[0]) == name:
            return True
        if isinstance(node, (*_SCOPES, ast.MatchAs, ast.MatchStar)) and node.name == name:
            return True
        if not isinstance(node, _INNER):
            pending.extend(ast.iter_child_nodes(node))
    return False


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_INNER = (*_SCOPES, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _assigned(stmt: ast.stmt, name: str) -> ast.expr | None:
    """The value a class-body statement assigns to `name`, if it does."""
    if isinstance(stmt, ast.Assign) and any(_named(t, name) for t in stmt.targets):
        return stmt.value
    if isinstance(stmt, ast.AnnAssign) and _named(stmt.target, name):
        return stmt.value
    return None


def _named(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _assigns_own_model(node: ast.ClassDef) -> bool:
    """Whether a method assigns `self.model` (of its first argument), hiding the class's."""
    for method in node.body:
        if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.args.args:
            this = method.args.args[0].arg
            for inner in ast.walk(method):
                targets = inner.targets if isinstance(inner, ast.Assign) else []
                if isinstance(inner, (ast.AnnAssign, ast.AugAssign)):
                    targets = [inner.target]
                if any(_is_attribute(t, this, "model") for t in targets):
                    return True
    return False


def _is_attribute(node: ast.expr, owner: str, name: str) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == name and _named(node.value, owner)
