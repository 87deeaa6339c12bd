"""Resolving call sites to the functions they call, across modules.

Each call's callee expression is evaluated (`analyzers.python_resolve`) to the values it may hold: a
function is called; a class is constructed (its `__new__` and `__init__` by the MRO are called); an
instance is called (`__call__`); a name outside the analysed code is an external callee
(`requests.get`, `<builtin>.len`), kept apart from the graph's edges. A call with no value is
unresolved and only counted. A task sent to a worker reaches the task's function, with `dispatch`
"celery" (`notify.delay(...)`, `.apply_async(...)`), "django" (Django's `notify.enqueue(...)`),
"dramatiq" (`.send(...)`, `.send_with_options(...)`), "huey" (`.schedule(...)`) or "rq" (RQ's `@job`
functions' `.delay(...)`). A framework's method that calls back the instance's hooks reaches them
with `dispatch` "framework" (`form.is_valid()`: `analyzers.python_callbacks`). Functions passed as
arguments flow into the parameters of analysed callees; the sites are resolved again until no new
values flow (at most `PASSES` times).

The first pass, over every site, is most of the work. Its sites are cut into two fixed halves at
a module boundary, each resolved from the same starting state with the values that flow kept
aside until both are done, so that no site sees another's flows: the halves are independent, and
with `jobs` above one the second is resolved in a forked process beside the first. The result is
the same whether the halves ran side by side or one after the other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from analyzers.python_callbacks import CALLED_LATER, METHODS, called_back
from analyzers.python_index import SymbolIndex, Value, parent_of, qid, split_qid
from analyzers.python_resolve import Resolver, Values
from analyzers.python_summary import (
    NOT_NAMES,
    TASK_DECORATORS,
    CallSite,
    Definition,
    Expr,
    decorator_name,
)
from decompose.forked import beside

PASSES = 4
# how a task function is sent to a worker, by the method called on it
TASK_SENDS = {
    ".delay": "celery", ".apply_async": "celery", ".enqueue": "django", ".aenqueue": "django",
    ".send": "dramatiq", ".send_with_options": "dramatiq", ".schedule": "huey",
}  # fmt: skip
# where a method name is shared, the library is the task's, by its decorator: RQ's `@job`
# gives `delay` too
_SENT_BY = {("celery", "job"): "rq"}
POST_INIT = ("__post_init__", "__attrs_post_init__")  # what a generated `__init__` calls
FLOWING = frozenset({"f", "c", "i", "[", "(", "{", "e", "q", "r"})


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    """One call site and what it calls."""

    module: str
    site: CallSite
    functions: tuple[str, ...]  # "mod:qual" of analysed functions
    externals: tuple[str, ...]  # dotted names outside the analysed code, `<builtin>.x` for builtins
    dispatch: str = ""  # how the functions are reached, when not called here: "celery"


@dataclass
class CallGraph:
    """Every resolved call, and per caller scope the number of calls left unresolved."""

    calls: list[ResolvedCall] = field(default_factory=list)
    unresolved: dict[tuple[str, str], int] = field(default_factory=dict)


def resolve_calls(
    index: SymbolIndex,
    resolver: Resolver,
    jobs: int = 1,
    more_flows: Callable[[Resolver], Flows] | None = None,
) -> CallGraph:
    """Resolve every call site of every module.

    The first pass resolves every site (see the module's notes); each later pass resolves
    again only the sites inside the functions whose parameters received new values in the pass
    before (and the functions nested in them), the calls on the attributes of `self` those
    functions set, and the unresolved sites such values may reach (`_Again.chosen`), so that a
    value passed down a chain of calls is followed one call a pass. `more_flows` gives, once
    the values of the first pass have flowed, the values that reach parameters other than by a
    call site (what Django's dispatcher hands a signal's receivers:
    `analyzers.python_signals.signal_flows`); the later passes follow them."""
    resolver.index_attributes()
    sites = [(m, site) for m, s in sorted(index.summaries.items()) for site in s.calls]
    resolver.wrapping = _wrapping(resolver, sites)
    results, flows = _first_pass(index, resolver, sites, jobs)
    for key in sorted(flows):
        resolver.params[key] |= flows[key]
    grown = {(key[0], key[1]) for key in flows}
    if more_flows is not None:
        resolver.reset(grown)  # what the scopes that received values hold is looked up again
        more = more_flows(resolver)
        for key in sorted(more):
            if not more[key] <= resolver.params[key]:
                resolver.params[key] |= more[key]
                grown.add((key[0], key[1]))
    again = _Again(index, sites, results)
    for _ in range(PASSES - 1):
        if not grown:
            break
        chosen = again.chosen(grown)
        resolver.reset(grown | again.rebound(chosen))
        before = {key: len(values) for key, values in resolver.params.items()}
        for number in chosen:
            module, site = sites[number]
            again.update(number, _resolve_site(index, resolver, module, site, resolver.params))
        grown = {
            (key[0], key[1])
            for key, values in resolver.params.items()
            if len(values) != before.get(key, 0)
        }
    return _graph(sites, results)


_SiteResult = tuple[ResolvedCall | None, bool]  # the call, and whether it stayed unresolved
Flows = dict[tuple[str, str, str], set[Value]]  # (callee module, qual, parameter) -> values


def _first_pass(
    index: SymbolIndex, resolver: Resolver, sites: list[tuple[str, CallSite]], jobs: int
) -> tuple[list[_SiteResult], Flows]:
    middle = _middle(sites)
    second = resolver.snapshot()
    flows: Flows = defaultdict(set)
    child = beside(_resolve_half, index, second, sites, middle) if jobs > 1 else None
    results = [_resolve_site(index, resolver, m, s, flows) for m, s in sites[:middle]]
    found = child() if child is not None else None
    if found is None:  # one job, or the forked process failed: the same work here
        found = _resolve_half(index, second, sites, middle)
    rest, more = found
    for key, values in more.items():
        flows[key] |= values
    for number, (module, site) in enumerate(sites[middle:], middle):
        call, missed = rest[number - middle]
        results.append((ResolvedCall(module, site, *call) if call else None, missed))
    return results, flows


def _middle(sites: list[tuple[str, CallSite]]) -> int:
    """The first site of the module that holds the middle site: where the halves meet."""
    middle = len(sites) // 2
    while 0 < middle < len(sites) and sites[middle - 1][0] == sites[middle][0]:
        middle -= 1
    return middle


# The second half's results as they travel back: per site, (functions, externals) or None, and
# whether it stayed unresolved; and the values that flowed.
_Half = tuple[list[tuple[tuple[tuple[str, ...], tuple[str, ...], str] | None, bool]], Flows]


def _resolve_half(
    index: SymbolIndex, resolver: Resolver, sites: list[tuple[str, CallSite]], start: int
) -> _Half:
    flows: Flows = defaultdict(set)
    out = []
    for module, site in sites[start:]:
        call, missed = _resolve_site(index, resolver, module, site, flows)
        out.append(((call.functions, call.externals, call.dispatch) if call else None, missed))
    return out, dict(flows)


class _Again:
    """Which sites a later pass resolves again, found without going over every site: the sites
    are grouped by module (they are sorted by module), and the unresolved ones are kept apart."""

    def __init__(
        self, index: SymbolIndex, sites: list[tuple[str, CallSite]], results: list[_SiteResult]
    ) -> None:
        self.index, self.sites, self.results = index, sites, results
        self.modules: dict[str, range] = {}
        start = 0
        for number in range(1, len(sites) + 1):
            if number == len(sites) or sites[number][0] != sites[start][0]:
                self.modules[sites[start][0]] = range(start, number)
                start = number
        self.missed = {number for number, (_call, missed) in enumerate(results) if missed}
        self.flowing: dict[int, str] = {}  # site -> `_may_flow`, which never changes
        # attribute -> the sites whose callee starts at it (`self.instance.save()`), and the
        # attributes each scope sets on `self` (`self.instance = instance`)
        self.on_self: dict[str, list[int]] = defaultdict(list)
        self.via_local: set[int] = set()  # those that reach it through a local name
        # scope -> local name -> the attributes of `self` it is bound to
        locals_: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for module, summary in index.summaries.items():
            for scope, name, expr, _line, _top in summary.bindings:
                if expr[0] == "self" and len(expr) > 1 and name != "self":
                    locals_[(module, scope)][name].add(expr[1])
        for number, (module, site) in enumerate(sites):
            head = site.callee[0]
            if head == "self":
                if len(site.callee) > 1:
                    self.on_self[site.callee[1]].append(number)
                continue
            bound = locals_.get((module, site.scope))
            for attr in bound.get(head, ()) if bound else ():  # `for c in self.children: c.x()`
                self.on_self[attr].append(number)
                self.via_local.add(number)
        self.sets: dict[tuple[str, str], set[str]] = defaultdict(set)
        for module, summary in index.summaries.items():
            for scope, owner, attr, _expr in summary.attributes:
                if owner == ("self",):
                    self.sets[(module, scope)].add("." + attr)

    def chosen(self, grown: set[tuple[str, str]]) -> list[int]:
        """The sites to resolve again after parameters of the `grown` scopes received values:
        those inside a grown scope, those that call on an attribute of `self` that a grown
        scope sets (`self.instance = instance` in `__init__`: `self.instance.save()`, resolved
        or not, also through a local name bound to it), and the unresolved ones such values may
        reach; in order.
        An unresolved site that starts at a local name (`_may_flow` "local") is taken only in a
        module where a scope grew: the values such a name gets late come through an attribute
        its class's `__init__` set from a parameter, nearly always in the same module (on the
        seven corpus packages, 28 of the 30 edges that taking them all gave; 0.03-0.1 s more
        resolving on the million-line corpus instead of 0.35 s)."""
        by_module: dict[str, set[str]] = defaultdict(set)
        for module, qual in grown:
            by_module[module].add(qual)
        again = {
            number
            for module, quals in by_module.items()
            for number in self.modules.get(module, ())
            if _inside(self.sites[number][1].scope, quals)
        }
        for key in grown:
            for attr in self.sets.get(key, ()):
                again.update(self.on_self.get(attr, ()))
        for number in self.missed - again:
            flowing = self.flowing.get(number)
            if flowing is None:
                flowing = self.flowing[number] = _may_flow(self.index, *self.sites[number])
            if flowing == "direct" or (flowing and self.sites[number][0] in by_module):
                again.add(number)
        return sorted(again)

    def rebound(self, chosen: list[int]) -> set[tuple[str, str]]:
        """The scopes of the `chosen` sites whose callee starts at a local name that new values
        may reach (`_may_flow` "local", or a name bound to an attribute of `self`): what that
        name holds is looked up afresh."""
        return {
            (self.sites[n][0], self.sites[n][1].scope)
            for n in chosen
            if self.flowing.get(n) == "local" or n in self.via_local
        }

    def update(self, number: int, result: _SiteResult) -> None:
        self.results[number] = result
        if result[1]:
            self.missed.add(number)
        else:
            self.missed.discard(number)


def _may_flow(index: SymbolIndex, module: str, site: CallSite) -> str:
    """Whether new parameter values may resolve this unresolved site, and how: "direct" when
    its callee starts at a parameter of an enclosing function or goes through a call's result,
    "local" when it starts at a local name bound to an expression that starts at a parameter
    (`service = self.make()` before `service.register()`), else ""."""
    head = site.callee[0]
    if "()" in site.callee[:-1] or head.startswith("<") or head == "%":
        return "direct"
    for scope in index.enclosing(module, site.scope):
        if index.is_parameter(module, scope, head):
            return "direct"
        bound = index.bindings.get((module, scope), {}).get(head)
        if bound:  # the nearest scope that binds the name
            flowing = any(_flowing_expr(index, module, scope, e) for e, _line, _top in bound)
            return "local" if flowing else ""
    return ""


def _flowing_expr(index: SymbolIndex, module: str, scope: str, expr: Expr) -> bool:
    """Whether an expression starts at a parameter of `scope`, also inside a choice, a
    container or a decorated function's expressions."""
    head = expr[0] if expr else ""
    if head in ("?", "|", "(", "[", "{"):
        parts = (e[1] if head == "{" else e for e in expr[1:])
        return any(type(e) is tuple and _flowing_expr(index, module, scope, e) for e in parts)
    if head in NOT_NAMES:
        return False
    return index.is_parameter(module, scope, head)


def _inside(scope: str, quals: set[str]) -> bool:
    """Whether `scope` is one of `quals` or nested in one."""
    if scope in quals:
        return True
    while "." in scope:
        scope = scope.rpartition(".")[0]
        if scope in quals:
            return True
    return False


def _graph(sites: list[tuple[str, CallSite]], results: list[_SiteResult]) -> CallGraph:
    graph = CallGraph()
    unresolved: dict[tuple[str, str], int] = defaultdict(int)
    for (module, site), (call, missed) in zip(sites, results, strict=True):
        if call is not None:
            graph.calls.append(call)
        if missed:
            unresolved[(module, site.scope)] += 1
    graph.unresolved = dict(unresolved)
    return graph


def _wrapping(resolver: Resolver, sites: list[tuple[str, CallSite]]) -> frozenset[str]:
    """The functions of the analysed code that decorate several functions: a decorator site
    (`@login_required`, `@permission_required(...)`) evaluates to the function applied."""
    applied: Counter[str] = Counter()
    for module, site in sites:
        if site.implicit and site.args:  # a decorator's site hands it what it decorates
            values = resolver.evaluate(module, site.scope, site.callee, site.line)
            applied.update(str(v[1]) for v in values if v[0] == "f")
    return frozenset(function for function, count in applied.items() if count > 1)


def _wrapped_call(index: SymbolIndex, resolver: Resolver, module: str, site: CallSite) -> bool:
    """Whether a site is a wrapper's call of the function its decorator wraps, where the
    decorator wraps several (`Resolver.wraps_several`): `f(*args)` in a function nested in
    `def decorator(f)`. The call that reached the wrapper reaches that function itself."""
    name = site.callee[0] if len(site.callee) == 1 else None
    if name is None or not resolver.wraps_several(qid(module, site.scope)):
        return False
    own = index.bindings.get((module, site.scope), {})
    if name in own or index.is_parameter(module, site.scope, name):
        return False  # the wrapper's own name, not the function it wraps
    for outer in index.enclosing(module, site.scope)[1:]:
        if qid(module, outer) in resolver.wrapping:
            found = index.definition(module, outer)
            return found is not None and found.params[:1] == (name,)
        if name in index.bindings.get((module, outer), {}):
            return False  # bound nearer
    return False


def _resolve_site(
    index: SymbolIndex, resolver: Resolver, module: str, site: CallSite, flows: Flows
) -> _SiteResult:
    if resolver.wrapping and _wrapped_call(index, resolver, module, site):
        return None, False
    values = resolver.evaluate(module, site.scope, site.callee, site.line)
    if not values:
        tasks = _dispatched(index, resolver, module, site)
        if tasks:
            return ResolvedCall(module, site, tasks, (), _sent_by(index, site, tasks)), False
        return None, not site.implicit
    functions, externals, bound, made = _targets(resolver, values)
    if site.implicit:
        externals = {e for e in externals if not _language_made(e)}
    _flow_arguments(index, resolver, module, site, functions, bound, flows)
    functions |= made  # after the arguments flowed: the hooks take none of them
    if site.callee[-1] == ".as_view" and len(site.callee) > 1 and site.args:
        _flow_view_arguments(index, resolver, module, site, flows)
    if not functions and not externals:
        return None, False
    if not functions and site.callee[-1][1:] in METHODS and len(site.callee) > 1:
        hooks = _called_back(index, resolver, module, site)
        if hooks:
            return ResolvedCall(module, site, hooks, _ordered(externals), "framework"), False
    if not functions and site.args and externals & CALLED_LATER.keys():
        later = _called_later(resolver, module, site, externals)
        if later:
            return ResolvedCall(module, site, later, _ordered(externals), "callback"), False
    return ResolvedCall(module, site, _ordered(functions), _ordered(externals)), False


def _called_later(
    resolver: Resolver, module: str, site: CallSite, externals: set[str]
) -> tuple[str, ...]:
    """The analysed functions a site hands to a library that calls them (`CALLED_LATER`)."""
    given = dict(site.args)
    found: set[str] = set()
    for external in externals & CALLED_LATER.keys():
        for key in CALLED_LATER[external]:
            expr = given.get(key)
            if expr is not None:
                values = resolver.evaluate(module, site.scope, expr, site.line)
                found.update(str(v[1]) for v in values if v[0] == "f")
    return _ordered(found)


def _called_back(
    index: SymbolIndex, resolver: Resolver, module: str, site: CallSite
) -> tuple[str, ...]:
    """The analysed hooks a framework's method calls back on the instance it is called on
    (`analyzers.python_callbacks`): `form.is_valid()` reaches the form's `clean_<field>`."""
    method = site.callee[-1][1:]
    found: set[str] = set()
    for value in resolver.evaluate(module, site.scope, site.callee[:-1], site.line):
        if value[0] in ("i", "s"):
            mro = resolver.mro(str(value[1]))
            found.update(called_back(index, mro, method, 1 if value[0] == "s" else 0))
    return _ordered(found)


def _dispatched(
    index: SymbolIndex, resolver: Resolver, module: str, site: CallSite
) -> tuple[str, ...]:
    """The analysed functions a call sends to a worker: Celery's `task.delay(...)` and
    `task.apply_async(...)`, Django's `task.enqueue(...)`, where `task` is a function (only a
    task has those methods)."""
    if len(site.callee) < 2 or site.callee[-1] not in TASK_SENDS:
        return ()
    values = resolver.evaluate(module, site.scope, site.callee[:-1], site.line)
    functions = {str(value[1]) for value in values if value[0] == "f"}
    return _ordered({f for f in functions if _is_task(index.definitions.get(f))})


def _sent_by(index: SymbolIndex, site: CallSite, tasks: tuple[str, ...]) -> str:
    """The `dispatch` of a task sent by `site`: the library its method says, or where that
    method is shared, the one the task's decorator says (RQ's `job` for `delay`)."""
    label = TASK_SENDS[site.callee[-1]]
    definition = index.definitions.get(tasks[0])
    for ref in definition.decorators if definition is not None else ():
        label = _SENT_BY.get((label, decorator_name(ref)), label)
    return label


def _is_task(definition: Definition | None) -> bool:
    """Whether a function is made a task by its decorators (`@shared_task`, `@app.task(...)`,
    `@task`): a property that returns an object with an `enqueue` method is not."""
    if definition is None:
        return False
    names = {decorator_name(ref) for ref in definition.decorators}
    return not names.isdisjoint(TASK_DECORATORS)


def _ordered(names: set[str]) -> tuple[str, ...]:
    return tuple(names) if len(names) < 2 else tuple(sorted(names))


def _targets(resolver: Resolver, values: Values) -> tuple[set[str], set[str], set[str], set[str]]:
    """Analysed functions, external names, the functions called as bound methods, and the
    hooks a generated `__init__` calls (`_post_init`), which take none of the arguments."""
    functions: set[str] = set()
    externals: set[str] = set()
    bound: set[str] = set()
    made: set[str] = set()
    for value in values:
        kind = value[0]
        if kind == "f":
            functions.add(value[1])
        elif kind == "e":
            externals.add(value[1])
        elif kind == "b":
            externals.add(f"<builtin>.{value[1]}")
        elif kind in ("c", "i"):
            method = "__init__" if kind == "c" else "__call__"
            found = resolver.method(value[1], method)
            for target in _method_targets(found):
                (functions if ":" in target else externals).add(target)
                bound.add(target)
            if kind == "c":
                allocators = _new(resolver, str(value[1]))
                functions |= allocators
                bound |= allocators
            if kind == "c" and not any(v[0] == "f" for v in found):
                made |= _post_init(resolver, str(value[1]))
    return functions, externals, bound, made - functions


def _new(resolver: Resolver, klass: str) -> frozenset[str]:
    """The analysed `__new__` that constructing a class runs before its `__init__`, by the
    class's MRO (handed the class, then the call's arguments)."""
    return _class_hooks(resolver, klass, ("__new__",))


def _post_init(resolver: Resolver, klass: str) -> frozenset[str]:
    """The hook a generated `__init__` calls when a class is constructed, where the analysed
    code writes no `__init__` for it: a dataclass's `__post_init__`, an attrs class's
    `__attrs_post_init__`, by the class's MRO."""
    return _class_hooks(resolver, klass, POST_INIT)


def _class_hooks(resolver: Resolver, klass: str, names: tuple[str, ...]) -> frozenset[str]:
    """The analysed methods of those `names` a class has by its MRO, found once a class (its
    body does not change)."""
    key = (klass, names)
    found = resolver.class_hooks.get(key)
    if found is None:
        values = (v for name in names for v in resolver.method(klass, name))
        found = resolver.class_hooks[key] = frozenset(str(v[1]) for v in values if v[0] == "f")
    return found


def _language_made(name: str) -> bool:
    """A builtin or a dunder: what an implicit call (a decorator, `for`, `raise`) reaches
    outside the analysed code is the language's own doing, not a call worth naming."""
    return name.startswith("<builtin>.") or name.endswith(("__iter__", "__next__"))


def _method_targets(values: Values) -> Iterator[str]:
    for value in values:
        if value[0] in ("f", "e"):
            yield value[1]


def _flow_arguments(
    index: SymbolIndex,
    resolver: Resolver,
    module: str,
    site: CallSite,
    functions: set[str],
    bound: set[str],
    flows: Flows,
) -> None:
    """Values of the arguments flow into the parameters of every analysed callee (`flows`), but
    not from test code into the code it tests: a test's stand-ins (a mock request, a function
    made for the test) are not what the application hands its own code."""
    if not site.args:
        return
    testing = index.is_test(module)
    for function in functions:
        callee_module, qual = split_qid(function)
        definition = index.definition(callee_module, qual)
        if definition is None or (testing and not index.is_test(callee_module)):
            continue
        offset = _self_offset(index, resolver, module, site, function, bound)
        for key, expr in site.args:
            param = parameter_of(definition, key, offset)
            if param is None:
                continue
            values = {v for v in resolver.evaluate(module, site.scope, expr) if v[0] in FLOWING}
            if values:
                flows.setdefault((callee_module, qual, param), set()).update(values)


def _flow_view_arguments(
    index: SymbolIndex, resolver: Resolver, module: str, site: CallSite, flows: Flows
) -> None:
    """Flask's `View.as_view(name, *args, **kwargs)` makes the view on each request with
    `cls(*args, **kwargs)`: the arguments after the name flow into the view's analysed
    `__init__` (a service factory handed to the view)."""
    for value in resolver.evaluate(module, site.scope, site.callee[:-1], site.line):
        mro = resolver.mro(str(value[1])) if value[0] == "c" else []
        if not any(v[0] == "e" and str(v[1]).startswith(_FLASK_VIEWS) for v in mro):
            continue
        for init in resolver.method(str(value[1]), "__init__"):
            definition = index.definitions.get(str(init[1])) if init[0] == "f" else None
            if definition is None:
                continue
            callee_module, qual = split_qid(str(init[1]))
            for key, expr in site.args:
                if key == 0:
                    continue  # the endpoint's name
                param = parameter_of(definition, key, 0)  # `self` takes the name's place
                found = resolver.evaluate(module, site.scope, expr)
                values = {v for v in found if v[0] in FLOWING}
                if param is not None and values:
                    flows.setdefault((callee_module, qual, param), set()).update(values)


_FLASK_VIEWS = ("flask.views.",)


def _self_offset(
    index: SymbolIndex,
    resolver: Resolver,
    module: str,
    site: CallSite,
    function: str,
    bound: set[str],
) -> int:
    """1 when the callee's first parameter is filled by the instance or class, else 0: a method
    is bound unless it is static, or plain and reached through its class (`Cls.method(obj)`);
    a construction hands `__new__` its class, static or not."""
    callee_module, qual = split_qid(function)
    definition = index.definition(callee_module, qual)
    if definition is None or not index.is_class_scope(callee_module, parent_of(qual)):
        return 0
    if definition.method_kind == "static":
        return 1 if function in bound and qual.endswith(".__new__") else 0
    if function in bound or definition.method_kind == "class":
        return 1
    callee = site.callee
    if len(callee) > 1 and callee[-1].startswith("."):
        owners = resolver.evaluate(module, site.scope, callee[:-1])
        if owners and all(owner[0] == "c" for owner in owners):
            return 0
    return 1


def parameter_of(definition: Definition, key: int | str, offset: int) -> str | None:
    """The parameter an argument fills: by name (a keyword-only one too), else by position."""
    params = definition.params
    if isinstance(key, str):
        return key if key in params or key in definition.keyword_only else None
    position = key + offset
    return params[position] if position < len(params) else None


def caller_id(module: str, scope: str, index: SymbolIndex) -> str:
    """The graph node that makes a call in `scope`: the innermost function, else the module."""
    parts = scope.split(".") if scope else []
    while parts:
        qual = ".".join(parts)
        found = index.definition(module, qual)
        if found is not None and found.kind == "function":
            return f"function:{qid(module, qual)}"
        parts.pop()
    return f"module:{module}"


def caller_ids(index: SymbolIndex) -> Callable[[str, str], str]:
    """`caller_id`, remembered per (module, scope)."""
    memo: dict[tuple[str, str], str] = {}

    def caller(module: str, scope: str) -> str:
        key = (module, scope)
        found = memo.get(key)
        if found is None:
            found = memo[key] = caller_id(module, scope, index)
        return found

    return caller
