"""One walk over a module's syntax tree that fills its `ModuleSummary`.

The walk visits each statement once, keeps the enclosing scope, and records definitions,
bindings, returns and call sites (see `analyzers.python_summary`). It does not resolve anything:
resolution needs every module and happens in the link step (`analyzers.python_calls`).

>>> s = summarise(ast.parse("import os\\ndef f():\\n    os.getcwd()\\n"), "m", "m.py", False, "")
>>> [(c.scope, c.callee) for c in s.calls]
[('f', ('os', '.getcwd'))]
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import replace
from typing import Any

from analyzers.python_summary import (
    CLASS_CONSTANTS,
    FIRST_LISTED,
    KEPT_HEADS,
    KEPT_STEPS,
    LISTED_CONSTANTS,
    MODULE_CONSTANTS,
    NOT_CONSTANT,
    NOT_NAMES,
    CallSite,
    Definition,
    Expr,
    ModuleSummary,
    Ref,
    annotated_extras,
    annotation,
    constant_value,
    element_of,
    expression,
    import_names,
    imported_name,
    is_abstract,
    method_kind,
    reference,
    relation,
    subscript_step,
    template,
)
from decompose.model.evidence import source_lines

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
_EXTENDING = (ast.Add, ast.BitOr)  # `+=` on a list, `|=` on a set or a dict
UNKNOWN = "<unknown>"  # a callee that is no reference: `f()()`, `(a or b)()`
_BLOCKS = ("body", "orelse", "finalbody")
_GUARDS = frozenset({ast.If, ast.While, ast.Assert})  # statements whose test narrows (`narrow`)
_ADDING = frozenset({"append", "add", "insert", "appendleft", "extend"})  # see `added`
_PYTHON_TYPES = frozenset(
    name for name in dir(builtins) if isinstance(getattr(builtins, name), type)
)
_DESCRIPTORS = frozenset({"staticmethod", "classmethod", "property", "setter", "getter"})
_CONST_KEYWORDS = frozenset(
    {"methods", "name", "url_prefix", "prefix", "basename", "sender", "rule", "routes"}
    | {"detail", "url_path"}  # DRF's @action
    | {"auto_camelcase"}  # graphene's Schema
    | {"path"}  # NetBox's register_model_view
)


def summarise(tree: ast.Module, module: str, path: str, package: bool, text: str) -> ModuleSummary:
    """The summary of one parsed module. `text` is its source, for the evidence snippets."""
    walker = _Walker(module, package)
    walker.block(tree.body, "", "module")
    text_lines = source_lines(text)
    lines = {
        n: text_lines[n - 1].strip()[:160]
        for n in sorted(walker.wanted)
        if 0 < n <= len(text_lines)
    }
    return ModuleSummary(
        module=module,
        path=path,
        package=package,
        definitions=tuple(walker.definitions),
        bindings=tuple(walker.bindings),
        attributes=tuple(walker.attributes),
        narrowed=tuple(walker.narrowed),
        returns=tuple(walker.returns),
        calls=tuple(walker.calls),
        star_imports=tuple(walker.stars),
        imports=tuple(walker.imports),
        typing_imports=tuple(walker.typing_imports),
        decorator_calls=tuple(walker.decorator_calls),
        lines=lines,
        constants=tuple(walker.constants),
    )


class _Walker:
    def __init__(self, module: str, package: bool) -> None:
        self.module = module
        self.package = package
        self.definitions: list[Definition] = []
        self.bindings: list[tuple[str, str, Expr, int, bool]] = []
        self.attributes: list[tuple[str, Ref, str, Expr]] = []
        self.narrowed: list[tuple[str, Ref | None, str, Expr]] = []
        self.returns: list[tuple[str, Expr]] = []
        self.calls: list[CallSite] = []
        self.stars: list[tuple[str, str, int]] = []
        self.imports: list[tuple[str, int]] = []
        self.typing_imports: list[int] = []  # the lines of imports under `if TYPE_CHECKING:`
        self.typing = 0  # > 0 inside the body of `if TYPE_CHECKING:`
        self.decorator_calls: list[tuple[str, CallSite]] = []
        self.constants: list[tuple[str, str, str]] = []
        self.wanted: set[int] = set()
        self.lambdas: dict[tuple[int, int], str] = {}
        self.counters: dict[str, int] = {}
        self.depth = 0  # > 0 inside if/for/while/try/with blocks of the current scope

    # -- statements ---------------------------------------------------------------------------

    def block(self, body: list[ast.stmt], scope: str, kind: str) -> None:
        for stmt in body:
            self.statement(stmt, scope, kind)

    def nested(self, body: list[ast.stmt], scope: str, kind: str) -> None:
        """A block that may run or not, or many times: its bindings are conditional."""
        self.depth += 1
        self.block(body, scope, kind)
        self.depth -= 1

    def body(self, body: list[ast.stmt], scope: str, kind: str) -> None:
        """The body of a new scope: its top-level statements run in order."""
        outer, self.depth = self.depth, 0
        self.block(body, scope, kind)
        self.depth = outer

    def statement(self, stmt: ast.stmt, scope: str, kind: str) -> None:
        if isinstance(stmt, _FUNCS):
            self.function(stmt, scope, kind)
        elif isinstance(stmt, ast.ClassDef):
            self.klass(stmt, scope)
        elif isinstance(stmt, ast.Assign):
            related = relation(stmt.value, scope) if kind == "class" else None
            self.assign(stmt.targets, stmt.value, scope, stmt.lineno, related)
            if kind in ("class", "module"):
                kept = CLASS_CONSTANTS if kind == "class" else MODULE_CONSTANTS
                self.constant(stmt, scope, kept)
        elif isinstance(stmt, ast.AnnAssign):
            self.ann_assign(stmt, scope)
        elif isinstance(stmt, ast.AugAssign):
            self.aug_assign(stmt, scope)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.import_(stmt, scope)
        elif isinstance(stmt, ast.Return):
            self.visit(stmt.value, scope)
            self.add_return(scope, self.expr(stmt.value))
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.visit(stmt.iter, scope)
            self.iterate(stmt.iter, scope)
            self.bind(stmt.target, element_of(self.expr(stmt.iter)), scope, stmt.lineno)
            self.nested(stmt.body, scope, kind)
            self.nested(stmt.orelse, scope, kind)
        elif isinstance(stmt, ast.Raise):
            self.raise_(stmt, scope)
        elif type(stmt) is ast.If and _is_type_checking(stmt.test):
            self.typing += 1  # what only a type checker runs
            self.nested(stmt.body, scope, kind)
            self.typing -= 1
            self.nested(stmt.orelse, scope, kind)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                self.visit(item.context_expr, scope)
                if item.optional_vars is not None:
                    value = self.expr(item.context_expr)
                    self.bind(item.optional_vars, value, scope, stmt.lineno)
            self.nested(stmt.body, scope, kind)
        else:
            if type(stmt) in _GUARDS:
                self.narrow(stmt.test, scope, stmt.lineno)  # type: ignore[attr-defined]
            elif type(stmt) is ast.Expr and type(stmt.value) is ast.Call:
                self.added(stmt.value, scope)
            self.other(stmt, scope, kind)

    def added(self, call: ast.Call, scope: str) -> None:
        """`items.append(x)`, `items.add(x)`, `items.insert(i, x)`, `items.extend(xs)`: what
        the container holds afterwards, as an assignment by an unknown index (`[]`), which
        iterating or indexing it gives."""
        func = call.func
        if type(func) is not ast.Attribute or call.keywords or not call.args:
            return
        owner = reference(func.value)
        if owner is None or "()" in owner or func.attr not in _ADDING:
            return
        value = self.expr(call.args[-1])
        if func.attr == "extend":
            value = element_of(value)
        if value is not None:
            self.attributes.append((scope, owner, "[]", value))

    def narrow(self, test: ast.expr, scope: str, line: int) -> None:
        """What an `isinstance(x, C)` or `issubclass(x, C)` in a condition (`if`, `elif`,
        `while`, `assert`; also under `and`, `or`, `not`) says x (a name, or an attribute) may
        hold: an instance of C, or C (`ModuleSummary.narrowed`). It adds to what x holds and
        hides nothing: no binding is made. Python's own types are left out."""
        pending = [test]
        while pending:
            node = pending.pop()
            if type(node) is ast.BoolOp:
                pending += node.values
                continue
            if type(node) is ast.UnaryOp and type(node.op) is ast.Not:
                pending.append(node.operand)
                continue
            if type(node) is not ast.Call or len(node.args) != 2 or node.keywords:
                continue
            check = node.func.id if type(node.func) is ast.Name else ""
            if check not in ("isinstance", "issubclass"):
                continue
            kinds = node.args[1]
            refs = [reference(k) for k in (kinds.elts if type(kinds) is ast.Tuple else [kinds])]
            found = [r for r in refs if r and "()" not in r and r[0] not in _PYTHON_TYPES]
            if not found:
                continue
            values = [(*r, "()") if check == "isinstance" else r for r in found]
            expr = values[0] if len(values) == 1 else ("|", *values)
            target = node.args[0]
            if type(target) is ast.Name:
                self.narrowed.append((scope, None, target.id, expr))
            elif type(target) is ast.Attribute and (owner := reference(target.value)):
                self.narrowed.append((scope, owner, target.attr, expr))

    def other(self, stmt: ast.stmt, scope: str, kind: str) -> None:
        """Statements that only hold expressions and nested blocks (if, while, try, match...)."""
        for name, value in ast.iter_fields(stmt):
            if name in _BLOCKS or name == "handlers" or name == "cases":
                for child in value:
                    if isinstance(child, ast.stmt):
                        self.nested([child], scope, kind)
                    else:  # an except handler or a match case
                        self.visit(getattr(child, "type", None), scope)
                        self.visit(getattr(child, "guard", None), scope)
                        self.nested(child.body, scope, kind)
            elif isinstance(value, ast.expr):
                self.visit(value, scope)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.expr):
                        self.visit(item, scope)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: str, kind: str) -> None:
        qual = f"{scope}.{node.name}" if scope else node.name
        decorators, applied = self.decorators(node.decorator_list, qual, scope, node.lineno)
        args = node.args
        for default in (*args.defaults, *args.kw_defaults):
            self.visit(default, scope)
        params = [a.arg for a in (*args.posonlyargs, *args.args)]
        kind_of_method = method_kind(decorators) if kind == "class" else ""
        self.parameters(node, qual, scope, kind, kind_of_method)
        self.wanted.add(node.lineno)
        self.definitions.append(
            Definition(
                qual=qual,
                kind="function",
                line=node.lineno,
                end_line=node.end_lineno or node.lineno,
                is_async=isinstance(node, ast.AsyncFunctionDef),
                decorators=decorators,
                params=tuple(params),
                method_kind=kind_of_method,
                returns=annotation(node.returns),
                abstract=kind == "class" and is_abstract(node, decorators),
                keyword_only=tuple(a.arg for a in args.kwonlyargs),
                starred=tuple(a.arg for a in (args.vararg, args.kwarg) if a is not None),
            )
        )
        self.bindings.append((scope, node.name, applied, node.lineno, self.depth == 0))
        self.body(node.body, qual, "function")

    def parameters(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        qual: str,
        scope: str,
        kind: str,
        method_kind: str,
    ) -> None:
        args = node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        first = every[0].arg if every and kind == "class" else None
        if first is not None and method_kind != "static":
            owner: Expr = ("&" + scope,) if method_kind == "class" else ("&" + scope, "()")
            self.bindings.append((qual, first, owner, node.lineno, self.depth == 0))
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults += args.defaults
        pairs = [*zip(positional, defaults, strict=True)]
        pairs += zip(args.kwonlyargs, args.kw_defaults, strict=True)
        for param, default in pairs:
            value = self.expr(default)
            if value is not None:
                self.bindings.append((qual, param.arg, value, node.lineno, self.depth == 0))
        for arg in (*every, args.vararg, args.kwarg):  # the first one's too: `root: Order` of a
            if arg is None or arg.annotation is None:  # static method, as graphene's resolvers
                continue
            for value in annotation(arg.annotation):
                self.bindings.append((qual, arg.arg, value, node.lineno, self.depth == 0))
            for extra in annotated_extras(arg.annotation):
                self.visit(extra, scope)  # `Annotated[Session, Depends(get_db)]`: run at the def

    def decorators(
        self, decorators: list[ast.expr], qual: str, scope: str, line: int
    ) -> tuple[tuple[Ref, ...], Expr]:
        """The decorators' references, and what the decorated name is bound to: the innermost
        decorator is called with the function, each outer one with the result."""
        refs: list[Ref] = []
        applied: Expr = ("&" + qual,)
        for decorator in reversed(decorators):
            self.visit(decorator, scope)
            ref = reference(decorator)
            if ref is None:
                continue
            refs.append(ref)
            site = CallSite(scope, ref, decorator.lineno, args=((0, applied),), implicit=True)
            self.calls.append(site)
            self.wanted.add(decorator.lineno)
            if isinstance(decorator, ast.Call):
                site = self.call_site(decorator, scope)
                listed = constant_value(decorator.args[0]) if decorator.args else None
                if isinstance(listed, tuple):  # `@require_http_methods(["GET", "POST"])`
                    site = replace(site, keywords=(*site.keywords, (FIRST_LISTED, listed)))
                self.decorator_calls.append((qual, site))
            if ref[-1].lstrip(".") not in _DESCRIPTORS:
                applied = (*ref, "()")
        refs.reverse()
        if applied[0] == "&" + qual:
            return tuple(refs), applied
        return tuple(refs), ("?", ("&" + qual,), applied)

    def klass(self, node: ast.ClassDef, scope: str) -> None:
        qual = f"{scope}.{node.name}" if scope else node.name
        decorators, _applied = self.decorators(node.decorator_list, qual, scope, node.lineno)
        bases: list[Ref] = []
        for base in node.bases:
            self.visit(base, scope)
            ref = reference(base)
            while ref and ref[-1].startswith("["):  # `BaseDAO[Model]`: a generic's own class
                ref = ref[:-1]
            if ref:
                bases.append(ref)
        for keyword in node.keywords:
            self.visit(keyword.value, scope)
        self.wanted.add(node.lineno)
        self.definitions.append(
            Definition(
                qual=qual,
                kind="class",
                line=node.lineno,
                end_line=node.end_lineno or node.lineno,
                decorators=decorators,
                bases=tuple(bases),
            )
        )
        self.bindings.append((scope, node.name, ("&" + qual,), node.lineno, self.depth == 0))
        self.body(node.body, qual, "class")

    def assign(
        self,
        targets: list[ast.expr],
        value: ast.expr,
        scope: str,
        line: int,
        expr: Expr | None = None,
    ) -> None:
        """`targets = value`; `expr`, when given, stands for the value (a model's relation)."""
        self.visit(value, scope)
        expr = expr or self.expr(value)
        for target in targets:
            self.bind(target, expr, scope, line)

    def constant(self, stmt: ast.Assign, scope: str, kept: frozenset[str]) -> None:
        """A string constant of a name in `kept`: `route_base = "/chart"` in a class body
        (`CLASS_CONSTANTS`), `AUTH_USER_MODEL = "accounts.User"` at the top of a module
        (`MODULE_CONSTANTS`), or a list of them joined by spaces (`LISTED_CONSTANTS`:
        `MIDDLEWARE = [...]`, the strings a list literal holds, under a condition too);
        `NOT_CONSTANT` when the value is no such constant, or (but for a list) is set under a
        condition."""
        value = stmt.value
        text = value.value if isinstance(value, ast.Constant) else None
        listed = [  # the names a list holds (`["x", *MIDDLEWARE]` holds "x")
            e.value
            for e in (value.elts if isinstance(value, (ast.List, ast.Tuple)) else ())
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
        for target in stmt.targets:
            if not isinstance(target, ast.Name) or target.id not in kept:
                continue
            found = " ".join(listed) if target.id in LISTED_CONSTANTS and listed else text
            if not isinstance(found, str) or (self.depth and target.id not in LISTED_CONSTANTS):
                found = NOT_CONSTANT  # a list may grow under a condition: it holds those too
            self.constants.append((scope, target.id, found))
            self.wanted.add(stmt.lineno)

    def ann_assign(self, stmt: ast.AnnAssign, scope: str) -> None:
        if stmt.value is not None:
            self.assign([stmt.target], stmt.value, scope, stmt.lineno)
        if isinstance(stmt.target, ast.Name):
            for value in annotation(stmt.annotation):
                self.bindings.append((scope, stmt.target.id, value, stmt.lineno, self.depth == 0))

    def aug_assign(self, stmt: ast.AugAssign, scope: str) -> None:
        """`x += [a]` (also `|=`) extends what x holds and keeps what it held: the binding is
        added as one that may or may not run, which never hides the earlier ones."""
        self.visit(stmt.target, scope)  # in field order, as `other` visits
        self.visit(stmt.value, scope)
        if not isinstance(stmt.op, _EXTENDING):
            return
        expr = self.expr(stmt.value)
        if expr is None:
            return
        target = stmt.target
        if isinstance(target, ast.Name):
            self.bindings.append((scope, target.id, expr, stmt.lineno, False))
        elif isinstance(target, ast.Attribute):
            owner = reference(target.value)
            if owner is not None:
                self.attributes.append((scope, owner, target.attr, expr))

    def bind(self, target: ast.expr, expr: Expr | None, scope: str, line: int) -> None:
        if isinstance(target, ast.Name):
            if expr is not None:
                self.bindings.append((scope, target.id, expr, line, self.depth == 0))
        elif isinstance(target, (ast.Tuple, ast.List)):
            if expr is not None and expr[0] == "(" and len(expr) == len(target.elts) + 1:
                for one, value in zip(target.elts, expr[1:], strict=True):
                    self.bind(one, value, scope, line)
                return
            # (a call kept with its arguments takes steps as a reference does: `enumerate(x)`)
            positional = expr is not None and (expr[0] not in NOT_NAMES or expr[0] == "%")
            for number, one in enumerate(target.elts):
                if positional and isinstance(one, ast.Starred):
                    positional = False  # the places after a starred target are not known
                # `a, b = f()`: a is what f returns at [0], b at [1] (a tuple of mixed types)
                item = (*expr, f"[{number}]") if positional and expr else element_of(expr)
                self.bind(one, item, scope, line)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, expr, scope, line)
        elif isinstance(target, ast.Attribute):
            self.visit(target.value, scope)
            owner = reference(target.value)
            if owner is not None and expr is not None:
                self.attributes.append((scope, owner, target.attr, expr))
        elif isinstance(target, ast.Subscript):
            self.visit(target, scope)
            owner = reference(target.value)
            if owner is not None and expr is not None:
                self.attributes.append((scope, owner, subscript_step(target), expr))

    def import_(self, stmt: ast.Import | ast.ImportFrom, scope: str) -> None:
        self.wanted.add(stmt.lineno)
        if self.typing:
            self.typing_imports.append(stmt.lineno)
        for local, target in import_names(stmt, self.module, self.package):
            if local == "*":
                self.stars.append((scope, target, stmt.lineno))
                self.imports.append((target, stmt.lineno))
                continue
            self.bindings.append((scope, local, ("@", target), stmt.lineno, self.depth == 0))
            full = target if isinstance(stmt, ast.ImportFrom) else imported_name(stmt, local)
            self.imports.append((full, stmt.lineno))

    def raise_(self, stmt: ast.Raise, scope: str) -> None:
        """`raise Error` constructs the class: an implicit call."""
        self.visit(stmt.exc, scope)
        self.visit(stmt.cause, scope)
        ref = reference(stmt.exc) if stmt.exc is not None else None
        if ref is not None and ref[-1] != "()":
            self.calls.append(CallSite(scope, ref, stmt.lineno, implicit=True))
            self.wanted.add(stmt.lineno)

    def iterate(self, iterable: ast.expr, scope: str) -> None:
        """A `for` loop calls `__iter__` on its iterable and `__next__` on the iterator."""
        ref = reference(iterable)
        if ref is None:
            return
        line = iterable.lineno
        self.calls.append(CallSite(scope, (*ref, ".__iter__"), line, implicit=True))
        self.calls.append(
            CallSite(scope, (*ref, ".__iter__", "()", ".__next__"), line, implicit=True)
        )
        self.wanted.add(line)

    def expr(self, node: ast.expr | None) -> Expr | None:
        return expression(node, self.lambdas)

    def add_return(self, scope: str, expr: Expr | None) -> None:
        if expr is not None and scope:
            self.returns.append((scope, expr))

    # -- expressions --------------------------------------------------------------------------

    def visit(self, node: ast.AST | None, scope: str) -> None:
        """Record every call in an expression. A lambda is a scope of its own (`lambda_`).

        The walk is the hot loop of the analyzer: it dispatches on the exact type and follows
        only the fields that can hold expressions (`_children`), in source order."""
        if node is None:
            return
        stack: list[Any] = [node]
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            item = pop()
            kind = type(item)
            if kind is ast.Name or kind is ast.Constant:
                continue
            if kind is ast.Attribute:
                push(item.value)
                continue
            if kind is ast.Call:
                self.calls.append(self.call_site(item, scope))
                self.wanted.add(item.lineno)
            elif kind is ast.Lambda:
                self.lambda_(item, scope)
                continue
            elif kind in _SPECIAL:
                self.special(item, scope)
            for name in _children(kind):
                child = getattr(item, name)
                if child is None:
                    continue
                if type(child) is list:
                    extend(reversed(child))
                else:
                    push(child)

    def special(self, item: ast.AST, scope: str) -> None:
        """Comprehension targets, yields and `:=` bind names or return values."""
        if isinstance(item, ast.comprehension):
            self.bind(item.target, element_of(self.expr(item.iter)), scope, item.iter.lineno)
        elif isinstance(item, (ast.Yield, ast.YieldFrom)):
            value = self.expr(item.value)
            wrapped = value if isinstance(item, ast.YieldFrom) or value is None else ("[", value)
            self.add_return(scope, wrapped)
        elif isinstance(item, ast.NamedExpr):
            self.bind(item.target, self.expr(item.value), scope, item.lineno)

    def lambda_(self, node: ast.Lambda, scope: str) -> None:
        """A lambda is a function named `<lambdaN>`, numbered in its scope in source order."""
        qual = self.lambda_name(node, scope)
        for default in (*node.args.defaults, *node.args.kw_defaults):
            self.visit(default, scope)
        args = node.args
        params = tuple(a.arg for a in (*args.posonlyargs, *args.args))
        line = node.lineno
        self.definitions.append(
            Definition(
                qual,
                "function",
                line,
                node.end_lineno or line,
                params=params,
                keyword_only=tuple(a.arg for a in args.kwonlyargs),
                starred=tuple(a.arg for a in (args.vararg, args.kwarg) if a is not None),
            )
        )
        self.wanted.add(line)
        self.visit(node.body, qual)
        self.add_return(qual, self.expr(node.body))

    def lambda_name(self, node: ast.Lambda, scope: str) -> str:
        key = (node.lineno, node.col_offset)
        if key not in self.lambdas:
            number = self.counters.get(scope, 0) + 1
            self.counters[scope] = number
            self.lambdas[key] = f"{scope}.<lambda{number}>" if scope else f"<lambda{number}>"
        return self.lambdas[key]

    def call_site(self, call: ast.Call, scope: str) -> CallSite:
        callee = reference(call.func) or (UNKNOWN,)
        if len(callee) > 2 and not _KEPT_CALLS.isdisjoint(callee[:-2]) and _kept_inside(callee):
            # a call kept with its argument inside the chain: `type(self).objects.get()` on
            # the class, `session.query(Order).filter()` on a query of Order, `sorted(x).pop()`
            kept = self.expr(call.func)
            if kept is not None and kept[0] == "%" and len(kept) > 3:
                callee = kept
        args: list[tuple[int | str, Expr]] = []
        strings: list[str] = []
        for arg in (*call.args, *(k.value for k in call.keywords)):
            if isinstance(arg, ast.Lambda):
                self.lambda_name(arg, scope)
        for index, arg in enumerate(call.args):
            expr = self.expr(arg)
            if expr is not None:
                args.append((index, expr))
            elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                strings.append(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                strings.append(template(arg))
        keywords: list[tuple[str, Any]] = []
        for keyword in call.keywords:
            if keyword.arg is None:
                continue
            expr = self.expr(keyword.value)
            if expr is not None:
                args.append((keyword.arg, expr))
            if keyword.arg in _CONST_KEYWORDS:
                constant = constant_value(keyword.value)
                if constant is not None:
                    keywords.append((keyword.arg, constant))
                elif expr is None:  # written, as an f-string say: kept as an unknown value
                    args.append((keyword.arg, ("|",)))
        return CallSite(scope, callee, call.lineno, tuple(args), tuple(strings), tuple(keywords))


_SPECIAL = frozenset({ast.comprehension, ast.Yield, ast.YieldFrom, ast.NamedExpr})
_KEPT_CALLS = KEPT_HEADS | KEPT_STEPS  # what `expression` keeps with its argument


def _is_type_checking(test: ast.expr) -> bool:
    """Whether an `if` tests `TYPE_CHECKING` (`typing.TYPE_CHECKING`), true only for a type
    checker: its body never runs."""
    if type(test) is ast.Name:
        return test.id == "TYPE_CHECKING"
    return type(test) is ast.Attribute and test.attr == "TYPE_CHECKING"


def _kept_inside(callee: Ref) -> bool:
    """Whether a call of a step `expression` keeps with its argument (`_KEPT_CALLS`) is inside a
    callee's chain, before its last step: `db.session.query(Order).filter`, not
    `Order.query.filter` (a query attribute, no call).

    >>> _kept_inside(("db", ".session", ".query", "()", ".filter")), _kept_inside(
    ...     ("Order", ".query", ".filter"))
    (True, False)
    """
    return any(step in _KEPT_CALLS and callee[n + 1] == "()" for n, step in enumerate(callee[:-2]))


_NOT_CHILDREN = frozenset(
    {"ctx", "op", "ops", "attr", "id", "kind", "conversion", "is_async", "arg", "type_comment"}
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _children(kind: type) -> tuple[str, ...]:
    """The fields of a node type that may hold expressions, last first (the walk pops them)."""
    found = _CHILD_FIELDS.get(kind)
    if found is None:
        fields: tuple[str, ...] = getattr(kind, "_fields", ())
        found = tuple(reversed([f for f in fields if f not in _NOT_CHILDREN]))
        _CHILD_FIELDS[kind] = found
    return found
