"""FastAPI's dependencies: what FastAPI runs before a route's handler, and hands it.

A parameter `db: Session = Depends(get_db)` (or `Annotated[Session, Depends(get_db)]`, or
`Security(...)`), and a route's `dependencies=[Depends(check_token)]`, make FastAPI call the
dependency on each request before the handler: a function is called, a class is constructed
(its `__init__`). A dependency's own parameters may depend on others, which run first. The
route's entry point reaches them all, beside the handler; the calls in their bodies are the
call graph's as usual.

The `Depends(...)` calls are found where Python evaluates them: in the scope around the handler
(its decorators and its parameters' defaults and annotations), between its first decorator and
the end of its body; a call there that resolves to FastAPI's `Depends` or `Security` names the
dependency by its first argument (or `dependency=`). A router's or an app's own `dependencies=`
are not followed.
"""

from __future__ import annotations

from analyzers.python_hooks import defined_functions, method_defined
from analyzers.python_index import SymbolIndex, parent_of, split_qid
from analyzers.python_resolve import Resolver

_DEPENDS = frozenset({"Depends", "Security"})
_MAX_DEPTH = 8


def dependencies(index: SymbolIndex, resolver: Resolver, handler: str) -> list[str]:
    """The analysed functions FastAPI runs before `handler` ("mod:qual"), in no order."""
    found: dict[str, None] = {}
    pending = [(handler, 0)]
    while pending:
        function, depth = pending.pop()
        for dependency in _direct(index, resolver, function):
            if dependency not in found and dependency != handler:
                found[dependency] = None
                if depth < _MAX_DEPTH:
                    pending.append((dependency, depth + 1))
    return sorted(found)


def _direct(index: SymbolIndex, resolver: Resolver, function: str) -> list[str]:
    """The dependencies a function's own signature (and decorators) declare."""
    module, qual = split_qid(function)
    definition = index.definition(module, qual)
    summary = index.summaries.get(module)
    if definition is None or summary is None:
        return []
    decorated = [s.line for q, s in summary.decorator_calls if q == qual]
    first = min([definition.line, *decorated])
    out: list[str] = []
    for site in index.calls_in(module, parent_of(qual)):
        name = site.callee[-1].lstrip(".")
        if name not in _DEPENDS or not first <= site.line <= definition.end_line:
            continue
        values = resolver.evaluate(module, site.scope, site.callee, site.line)
        if not any(v[0] == "e" and str(v[1]).startswith("fastapi.") for v in values):
            continue
        given = dict(site.args)
        expr = given.get(0, given.get("dependency"))
        if expr is None:
            continue
        functions = defined_functions(resolver, module, site.scope, expr)
        for value in [] if functions else sorted(resolver.evaluate(module, site.scope, expr)):
            if value[0] == "f":
                functions.append(str(value[1]))
            elif value[0] in ("c", "i"):  # a class is constructed, an instance called
                method = "__init__" if value[0] == "c" else "__call__"
                functions.extend(method_defined(resolver, str(value[1]), method))
        out.extend(functions)
    return out
