"""Names in Python source, shared by the Python analyzers: qualified names, imports, scopes.

Conventions (DESIGN.md):
- a module is named by its dotted path relative to the analysed root: `shop.orders.service`;
- a definition inside a module is `module:qualname`: `shop.orders.service:place_order`,
  `shop.orders.models:Order.save`; a nested function is `outer.inner` (no `<locals>`);
- a name that leaves the analysed code (`django.db.models.Model`) stays a plain dotted name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass


def qualified(module: str, qualname: str) -> str:
    """`module:qualname`.

    >>> qualified("shop.orders", "Order.save")
    'shop.orders:Order.save'
    """
    return f"{module}:{qualname}"


def is_package(path: str) -> bool:
    return path.endswith(("/__init__.py", "/__init__.pyi")) or path in (
        "__init__.py",
        "__init__.pyi",
    )


TEST_DIRS = frozenset(
    {"test", "tests", "testing", "testproject", "test_project", "testapp", "testapps"}
    | {"test_app", "test_apps"}
)


def is_test_code(path: str) -> bool:
    """Whether a file is test code: in a test folder, or named as pytest and unittest find
    tests (`test_*.py`, `*_test.py`, `tests.py`, `conftest.py`).

    >>> [is_test_code(p) for p in ("shop/tests/api.py", "shop/test_views.py", "shop/views.py")]
    [True, True, False]
    """
    *folders, name = path.split("/")
    stem = name.rsplit(".", 1)[0]
    return (
        not TEST_DIRS.isdisjoint(folders)
        or stem.startswith("test_")
        or stem.endswith(("_test", "_tests"))
        or stem in ("tests", "conftest")
    )


def absolute_module(module: str, package: bool, level: int, name: str | None) -> str:
    """The absolute module that a (possibly relative) import names.

    >>> absolute_module("shop.orders.service", False, 1, "models")
    'shop.orders.models'
    >>> absolute_module("shop.orders", True, 2, "users")
    'shop.users'
    >>> absolute_module("shop.orders.service", False, 0, "decimal")
    'decimal'
    """
    if level == 0:
        return name or ""
    parts = module.split(".")
    keep = len(parts) - level + (1 if package else 0)
    base = parts[: max(keep, 0)]
    if name:
        base.append(name)
    return ".".join(base)


def dotted(expr: ast.expr) -> str | None:
    """`a.b.c` for a chain of names and attributes, else None.

    >>> dotted(ast.parse("a.b.c", mode="eval").body)
    'a.b.c'
    """
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


@dataclass(frozen=True, slots=True)
class Binding:
    """A local name bound by an import: `target` is the dotted name it stands for."""

    name: str
    target: str
    line: int


def import_bindings(body: list[ast.stmt], module: str, package: bool) -> Iterator[Binding]:
    """The names that the import statements of a block bind (not descending into functions).

    `import a.b` binds `a` to `a`; `import a.b as c` binds `c` to `a.b`;
    `from .m import x as y` binds `y` to `<package>.m.x`."""
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    yield Binding(alias.asname, alias.name, stmt.lineno)
                else:
                    head = alias.name.split(".")[0]
                    yield Binding(head, head, stmt.lineno)
        elif isinstance(stmt, ast.ImportFrom):
            base = absolute_module(module, package, stmt.level, stmt.module)
            for alias in stmt.names:
                if alias.name != "*":
                    yield Binding(alias.asname or alias.name, f"{base}.{alias.name}", stmt.lineno)
        elif isinstance(stmt, (ast.If, ast.Try, ast.With)) or _is_try_star(stmt):
            for block in _blocks(stmt):
                stack.extend(reversed(block))


def _is_try_star(stmt: ast.stmt) -> bool:
    return type(stmt).__name__ == "TryStar"


def _blocks(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    for field in ("body", "orelse", "finalbody"):
        block = getattr(stmt, field, None)
        if block:
            yield block
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body


Scope = tuple[str, ...]


def walk_with_scope(tree: ast.Module) -> Iterator[tuple[Scope, ast.AST]]:
    """Every node with the names of the classes and functions that enclose it, outermost first.

    >>> tree = ast.parse("class A:\\n    def f(self):\\n        g()\\n")
    >>> [(s, type(n).__name__) for s, n in walk_with_scope(tree) if isinstance(n, ast.Call)]
    [(('A', 'f'), 'Call')]
    """
    stack: list[tuple[Scope, ast.AST]] = [((), tree)]
    while stack:
        scope, node = stack.pop()
        yield scope, node
        inner = scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            inner = (*scope, node.name)
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # decorators, bases and defaults run in the enclosing scope
            outer = set(map(id, node.decorator_list))
            if isinstance(node, ast.ClassDef):
                outer |= set(map(id, node.bases)) | {id(k) for k in node.keywords}
            else:
                outer |= {
                    id(d) for d in (*node.args.defaults, *node.args.kw_defaults) if d is not None
                }
            stack.extend((scope if id(c) in outer else inner, c) for c in reversed(children))
        else:
            stack.extend((inner, c) for c in reversed(children))
