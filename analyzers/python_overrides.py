"""Calls of an abstract method on `self`, reaching the subclasses' overrides.

The call graph resolves `self.get_data()` in a base class by the base's MRO (a base's code
knows no subclass; an entry point's class reaches its own overrides: `analyzers.python_hooks`).
Where that finds an abstract method (`Definition.abstract`: `@abstractmethod`, or a body that
only raises `NotImplementedError`), the call cannot run the base's method: it runs an override
of a subclass, whichever the instance is. The call then also reaches, with `dispatch`
"override", the method each analysed subclass has by its own MRO (its own `def`, a mixin's, an
intermediate base's), when that is no abstract method too. Test code's subclasses (stand-ins)
are left out of code outside tests.

Example: `BaseRQViewSet.list` calls `self.get_data()`, which `BaseRQViewSet` declares raising
`NotImplementedError`; it reaches `BackgroundQueueViewSet.get_data` and
`BackgroundWorkerViewSet.get_data` with dispatch "override".
"""

from __future__ import annotations

from analyzers.python_calls import ResolvedCall
from analyzers.python_hooks import method_defined
from analyzers.python_index import SymbolIndex, parent_of, qid, split_qid
from analyzers.python_resolve import Resolver

OVERRIDE = "override"


def override_calls(
    index: SymbolIndex, resolver: Resolver, calls: list[ResolvedCall]
) -> list[ResolvedCall]:
    """A call from each site `self.m()` (or `cls.m()`) that reaches an abstract method to the
    overrides of the method in the subclasses of the class that writes it, in the order of
    `calls`."""
    found: list[ResolvedCall] = []
    below: dict[str, list[str]] = {}
    for call in calls:
        site = call.site
        if call.dispatch or len(site.callee) != 2 or not site.callee[1].startswith("."):
            continue
        abstract = [f for f in call.functions if _is_abstract(index, f)]
        if not abstract:
            continue
        klass = _self_class(index, call.module, site.scope, site.callee[0])
        if klass is None:
            continue
        if klass not in below:
            below[klass] = _descendants(resolver, klass)
        name = site.callee[1][1:]
        outside_tests = not index.is_test(call.module)
        overrides = {
            method
            for subclass in below[klass]
            if not (outside_tests and index.is_test(split_qid(subclass)[0]))
            for method in method_defined(resolver, subclass, name)
            if method not in call.functions and not _is_abstract(index, method)
        }
        if overrides:
            found.append(ResolvedCall(call.module, site, tuple(sorted(overrides)), (), OVERRIDE))
    return found


def _is_abstract(index: SymbolIndex, function: str) -> bool:
    definition = index.definition(*split_qid(function))
    return definition is not None and definition.abstract


def _self_class(index: SymbolIndex, module: str, scope: str, receiver: str) -> str | None:
    """The class of the method `scope` when `receiver` is its first parameter (`self`, or
    `cls` in a class method), else None."""
    method = index.definition(module, scope)
    if method is None or method.kind != "function" or method.method_kind == "static":
        return None
    if method.params[:1] != (receiver,):
        return None
    owner = index.definition(module, parent_of(scope))
    return qid(module, parent_of(scope)) if owner is not None and owner.kind == "class" else None


def _descendants(resolver: Resolver, klass: str) -> list[str]:
    """Every analysed class that has `klass` among its bases, directly or not, in order."""
    subclasses = resolver.subclasses()
    seen: set[str] = set()
    stack = list(subclasses.get(klass, ()))
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(subclasses.get(current, ()))
    return sorted(seen)
