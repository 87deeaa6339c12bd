"""The symbol index over every module's summary: definitions, bindings by scope, returns.

It is the static half of call resolution (`analyzers.python_resolve` is the evaluating half):
plain dictionaries built once from the per-file summaries, so that a lookup is a dict access.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from analyzers.python_names import is_test_code
from analyzers.python_summary import (
    LISTED_CONSTANTS,
    NOT_CONSTANT,
    CallSite,
    Definition,
    Expr,
    ModuleSummary,
)

_NONE: dict[str, Definition] = {}
BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))

Value = tuple[Any, ...]  # what an expression may hold (analyzers.python_resolve)
ScopeKey = tuple[str, str]  # (module, qual inside it; "" for the module)
Bound = tuple[Expr, int, bool]  # what a name is bound to, on which line, whether unconditionally


def _listed(before: str | None, text: str) -> str:
    """A listed constant bound again (`MIDDLEWARE = [...]`, then under a condition
    `MIDDLEWARE = ["x", *MIDDLEWARE]`): the names of every binding that is a literal list, in
    order; `NOT_CONSTANT` only when none is.

    >>> _listed(_listed(None, "a b"), NOT_CONSTANT), _listed("a b", "b c")
    ('a b', 'a b c')
    """
    names = [] if before in (None, NOT_CONSTANT) else str(before).split()
    names += [] if text == NOT_CONSTANT else text.split()
    return " ".join(dict.fromkeys(names)) or NOT_CONSTANT


@dataclass
class SymbolIndex:
    """Every module's definitions and bindings, keyed for lookups."""

    summaries: dict[str, ModuleSummary] = field(default_factory=dict)
    modules: frozenset[str] = frozenset()  # every analysed module, with or without a summary
    definitions: dict[str, Definition] = field(default_factory=dict)  # "mod:qual" -> definition
    local: dict[str, dict[str, Definition]] = field(default_factory=dict)  # mod -> qual -> it
    # scope -> name -> (expression, line, unconditional) for each binding, in source order
    bindings: dict[ScopeKey, dict[str, list[Bound]]] = field(default_factory=dict)
    returns: dict[ScopeKey, list[Expr]] = field(default_factory=dict)
    stars: dict[ScopeKey, list[str]] = field(default_factory=dict)
    constants: dict[ScopeKey, dict[str, str]] = field(default_factory=dict)  # class -> name -> text
    # scope -> name -> what `isinstance` checks say it may hold (`ModuleSummary.narrowed`), and
    # per module the names checked
    narrowed: dict[ScopeKey, dict[str, list[Expr]]] = field(default_factory=dict)
    narrowed_names: dict[str, set[str]] = field(default_factory=dict)
    _chains: dict[ScopeKey, list[str]] = field(default_factory=dict)
    _suffixes: dict[str, list[str]] | None = None
    _supers: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # mod -> scope -> attrs
    # mod -> scope -> the call sites written right in it
    _calls: dict[str, dict[str, list[CallSite]]] = field(default_factory=dict)
    _tests: frozenset[str] | None = None

    @classmethod
    def build(cls, summaries: Sequence[ModuleSummary], modules: Sequence[str]) -> SymbolIndex:
        index = cls(modules=frozenset(modules) | {s.module for s in summaries})
        bindings: dict[ScopeKey, dict[str, list[Bound]]] = defaultdict(lambda: defaultdict(list))
        returns: dict[ScopeKey, list[Expr]] = defaultdict(list)
        stars: dict[ScopeKey, list[str]] = defaultdict(list)
        chosen: dict[str, ModuleSummary] = {}
        for summary in summaries:  # a module's .py, not its .pyi stub, when both exist
            known = chosen.get(summary.module)
            if known is None or known.path.endswith(".pyi"):
                chosen[summary.module] = summary
        for mod, summary in sorted(chosen.items()):
            index.summaries[mod] = summary
            for definition in summary.definitions:
                index.definitions[f"{mod}:{definition.qual}"] = definition
                index.local.setdefault(mod, {})[definition.qual] = definition
            for scope, name, expr, line, top in summary.bindings:
                bindings[(mod, scope)][name].append((expr, line, top))
            for scope, expr in summary.returns:
                returns[(mod, scope)].append(expr)
            for scope, target, _line in summary.star_imports:
                stars[(mod, scope)].append(target)
            for scope, owner, name, expr in summary.narrowed:
                if owner is None:
                    index.narrowed.setdefault((mod, scope), {}).setdefault(name, []).append(expr)
                    index.narrowed_names.setdefault(mod, set()).add(name)
            for scope, name, text in summary.constants:
                kept = index.constants.setdefault((mod, scope), {})
                kept[name] = _listed(kept.get(name), text) if name in LISTED_CONSTANTS else text
        index.bindings = {key: dict(value) for key, value in bindings.items()}
        index.returns = dict(returns)
        index.stars = dict(stars)
        return index

    def live_bindings(self, module: str, scope: str, name: str, line: int) -> list[Expr] | None:
        """The bindings of `name` in `scope` that may hold at `line` of the same scope: those
        before the last unconditional one above the line are overwritten. None when every
        binding may hold."""
        bound = self.bindings.get((module, scope), {}).get(name)
        if not bound or len(bound) < 2:
            return None
        return self.bound_since(module, scope, name, line)

    def bound_since(self, module: str, scope: str, name: str, line: int) -> list[Expr] | None:
        """The bindings of `name` in `scope` from the last unconditional one above `line` on:
        what the name may hold at that line or later. None when no unconditional binding is
        above the line (every binding may hold, and a parameter's own value). What the `def`
        line binds (a parameter's annotation, default or `self`) is the parameter's own value,
        which the values passed to it join: it overwrites nothing."""
        bound = self.bindings.get((module, scope), {}).get(name, ())
        found = self.definition(module, scope) if scope else None
        start = found.line if found is not None and found.kind == "function" else 0
        last = max((at for _e, at, top in bound if top and start < at < line), default=0)
        if not last:
            return None
        return [expr for expr, at, _top in bound if at >= last]

    def defined_in(self, module: str, scope: str, outer: str) -> int:
        """The line of the definition, right inside `outer`, that `scope` is nested in (its
        own when it is right inside); 0 when not known."""
        if scope == outer or not scope.startswith(f"{outer}." if outer else ""):
            return 0
        rest = scope[len(outer) + 1 :] if outer else scope
        child = f"{outer}.{rest.split('.', 1)[0]}" if outer else rest.split(".", 1)[0]
        found = self.definition(module, child)
        return found.line if found is not None else 0

    def definition(self, module: str, qual: str) -> Definition | None:
        return self.local.get(module, _NONE).get(qual)

    def method_class(self, module: str, scope: str, receiver: str) -> str | None:
        """The class ("mod:Class") of the method `scope` when `receiver` is its first parameter
        (`self`, or `cls` in a class method); None for a static method or anything else."""
        method = self.definition(module, scope)
        if method is None or method.kind != "function" or method.method_kind == "static":
            return None
        if method.params[:1] != (receiver,):
            return None
        owner = self.definition(module, parent_of(scope))
        return (
            qid(module, parent_of(scope)) if owner is not None and owner.kind == "class" else None
        )

    def is_parameter(self, module: str, qual: str, name: str) -> bool:
        found = self.local.get(module, _NONE).get(qual) if qual else None
        return found is not None and (
            name in found.params or name in found.keyword_only or name in found.starred
        )

    def is_class_scope(self, module: str, qual: str) -> bool:
        found = self.local.get(module, _NONE).get(qual)
        return found is not None and found.kind == "class"

    def enclosing(self, module: str, scope: str) -> list[str]:
        """The scopes a name is looked up in from `scope`: itself, the enclosing functions (not
        classes, as in Python), then the module."""
        key = (module, scope)
        found = self._chains.get(key)
        if found is None:
            found = self._chains[key] = self._enclosing(module, scope)
        return found

    def _enclosing(self, module: str, scope: str) -> list[str]:
        chain = [scope]
        parts = scope.split(".") if scope else []
        while parts:
            parts.pop()
            outer = ".".join(parts)
            if outer and self.is_class_scope(module, outer):
                continue
            chain.append(outer)
        if chain[-1] != "":
            chain.append("")
        return chain

    def calls_super(self, module: str, qual: str, attr: str) -> bool:
        """Whether the function `qual` of `module` calls `super().attr(...)`."""
        found = self._supers.get(module)
        if found is None:
            found = defaultdict(set)
            summary = self.summaries.get(module)
            for site in summary.calls if summary else ():
                callee = site.callee
                if len(callee) == 3 and callee[0] == "super" and callee[1] == "()":
                    found[site.scope].add(str(callee[2]).lstrip("."))
            self._supers[module] = found = dict(found)
        return attr in found.get(qual, ())

    def calls_in(self, module: str, qual: str) -> list[CallSite]:
        """The call sites written right in the scope `qual` of `module` (not in nested ones)."""
        found = self._calls.get(module)
        if found is None:
            found = defaultdict(list)
            summary = self.summaries.get(module)
            for site in summary.calls if summary else ():
                found[site.scope].append(site)
            self._calls[module] = found = dict(found)
        return found.get(qual, [])

    def is_test(self, module: str) -> bool:
        """Whether a module is test code (`analyzers.python_names.is_test_code`)."""
        if self._tests is None:
            self._tests = frozenset(m for m, s in self.summaries.items() if is_test_code(s.path))
        return module in self._tests

    def modules_named(self, label: str) -> list[str]:
        """The analysed modules named `label` or ending in `.label`, sorted."""
        if self._suffixes is None:
            suffixes: dict[str, list[str]] = defaultdict(list)
            for module in sorted(self.modules):
                parts = module.split(".")
                for cut in range(len(parts)):
                    suffixes[".".join(parts[cut:])].append(module)
            self._suffixes = dict(suffixes)
        return self._suffixes.get(label, [])

    def split_module(self, dotted: str) -> tuple[str, list[str]] | None:
        """The longest analysed module that `dotted` starts with, and the names after it."""
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            head = ".".join(parts[:cut])
            if head in self.modules:
                return head, parts[cut:]
        return None

    def split_name(self, dotted: str) -> tuple[str, list[str]] | None:
        """As `split_module`, but a name a package binds is the package's, not its submodule's:
        after `from .router import router` in `api/__init__.py`, `api.router` is the object
        (what `from api import router` gets), though `api/router.py` is a module too."""
        split = self.split_module(dotted)
        if split is None or split[1]:
            return split
        parent, _, last = dotted.rpartition(".")
        bound = self.bindings.get((parent, ""), {}).get(last) if parent in self.modules else None
        if bound and any(expr != ("@", dotted) for expr, _line, _top in bound):
            return parent, [last]
        return split


def qid(module: str, qual: str) -> str:
    """The qualified name of a definition: `module:qual`."""
    return f"{module}:{qual}"


def split_qid(qualified: str) -> tuple[str, str]:
    module, _, qual = qualified.partition(":")
    return module, qual


def parent_of(qual: str) -> str:
    return qual.rpartition(".")[0]


def container_items(kind: str, items: tuple[Any, ...], key: str) -> tuple[Expr, ...]:
    """The expressions of a container that a key selects: by position in a tuple or list
    literal, by key in a dict literal, all of them when the key is unknown."""
    if kind == "{":
        return tuple(e for k, e in items if not key or k == key)
    if kind == "(" and key.lstrip("-").isdigit():
        position = int(key)
        return (items[position],) if -len(items) <= position < len(items) else ()
    return tuple(items)


def nested_in(module: str, scope: str, scopes: set[tuple[str, str]]) -> bool:
    """Whether `scope` of `module` is one of `scopes` or nested in one."""
    if not scope:
        return False
    parts = scope.split(".")
    return any((module, ".".join(parts[:cut])) in scopes for cut in range(len(parts), 0, -1))


def c3_merge(lines: list[list[Value]]) -> list[Value] | None:
    """The C3 merge of the bases' linearizations, or None when there is none."""
    out: list[Value] = []
    lines = [line for line in lines if line]
    while lines:
        for line in lines:
            head = line[0]
            if not any(head in other[1:] for other in lines):
                break
        else:
            return None
        out.append(head)
        lines = [[v for v in line if v != head] for line in lines]
        lines = [line for line in lines if line]
    return out
