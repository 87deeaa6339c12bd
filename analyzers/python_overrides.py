"""Calls of a method on `self`, reaching the overrides in the subclasses that run them.

The call graph resolves `self.get_data()` in a class by that class's MRO: a base's code knows no
subclass, and a walk from an entry point reaches its own class's overrides through its own
edges (`analyzers.python_hooks`). As Python runs it, the call also runs the override of
whichever subclass the instance is. So the call also reaches, with `dispatch` "override", the
method each analysed subclass has by its own MRO (its own `def`, a mixin's, an intermediate
base's), where that is another function and no abstract method (`Definition.abstract`), and
only from a subclass that runs the calling method: one whose MRO finds that method, or finds
overrides of it that hand on to it with `super()`. Test code's subclasses (stand-ins) are left
out of code outside tests.

Example: `BaseRQViewSet.list` calls `self.get_data()`, which `BaseRQViewSet` declares raising
`NotImplementedError`; it reaches `BackgroundQueueViewSet.get_data` and
`BackgroundWorkerViewSet.get_data` with dispatch "override".

The edges are many where a framework's hooks are overridden in every view: a walk from an entry
point that follows them reaches every subclass's override, not only the one its class runs.
"""

from __future__ import annotations

from collections import defaultdict

from analyzers.python_calls import ResolvedCall
from analyzers.python_hooks import method_defined, runs
from analyzers.python_index import SymbolIndex, qid, split_qid
from analyzers.python_resolve import Resolver

OVERRIDE = "override"


def override_calls(
    index: SymbolIndex, resolver: Resolver, calls: list[ResolvedCall]
) -> list[ResolvedCall]:
    """A call from each resolved site `self.m()` (or `cls.m()`) to the overrides of `m` in the
    subclasses that run the calling method, in the order of `calls`."""
    found: list[ResolvedCall] = []
    binders = _binders(index)
    # (module, scope, receiver) -> the class of that method, when it has subclasses
    owners: dict[tuple[str, str, str], str | None] = {}
    # (class, caller, name) -> the methods its subclasses run instead
    memo: dict[tuple[str, str, str], set[str]] = {}
    for call in calls:
        site = call.site
        callee = site.callee
        if call.dispatch or len(callee) != 2 or not callee[1].startswith("."):
            continue
        name = callee[1][1:]
        if name not in binders:  # no class binds it: no override anywhere
            continue
        place = (call.module, site.scope, callee[0])
        if place not in owners:
            klass = index.method_class(*place)
            owners[place] = klass if klass and resolver.descendants(klass) else None
        klass = owners[place]
        if klass is None:
            continue
        caller = qid(call.module, site.scope)
        key = (klass, caller, name)
        if key not in memo:
            own = {v[1] for v in resolver.mro(klass)}
            outside_tests = not index.is_test(call.module)
            memo[key] = {
                method
                for subclass in resolver.descendants(klass)
                if not (outside_tests and index.is_test(split_qid(subclass)[0]))
                and any(v[1] in binders[name] for v in resolver.mro(subclass) if v[1] not in own)
                and runs(resolver, subclass, caller)
                for method in method_defined(resolver, subclass, name)
                if not _is_abstract(index, method)
            }
        overrides = memo[key].difference(call.functions)
        if overrides:
            found.append(ResolvedCall(call.module, site, tuple(sorted(overrides)), (), OVERRIDE))
    return found


def _binders(index: SymbolIndex) -> dict[str, set[str]]:
    """By name, the analysed classes whose body binds it (a `def`, an assignment)."""
    found: dict[str, set[str]] = defaultdict(set)
    for (module, scope), names in index.bindings.items():
        definition = index.definition(module, scope) if scope else None
        if definition is not None and definition.kind == "class":
            klass = qid(module, scope)
            for name in names:
                found[name].add(klass)
    return found


def _is_abstract(index: SymbolIndex, function: str) -> bool:
    definition = index.definition(*split_qid(function))
    return definition is not None and definition.abstract
