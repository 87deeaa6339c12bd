"""Django URL patterns and DRF routers as entry points.

`path(route, view)`, `re_path(...)` and `url(...)` calls name a view: a function, a class-based
view's `Cls.as_view()`, or `include(...)` whose patterns get the route as a prefix. What is
included is a urls module (`include("app.urls")`, `include(urls_module)`), a router's
`router.urls`, a list of patterns written in place (`include([path(...), ...])`) or bound to a
module-level name (`include(extra_patterns)`), each also as `include((patterns, "app_name"))`.

DRF's routers are read in `analyzers.python_entrypoint_drf`; their patterns are mounted the
same way.

Each pattern is resolved to the analysed function(s) that handle it; a pattern whose view cannot
be resolved statically keeps a reason (`UrlPattern.reason`) so that coverage can be counted
honestly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from analyzers.python_entrypoint_mounts import module_level, module_level_ref
from analyzers.python_entrypoint_netbox import is_model_urls, is_model_views_key, model_views_key
from analyzers.python_entrypoint_viewsets import viewset_views
from analyzers.python_hooks import class_targets, defined_functions
from analyzers.python_index import SymbolIndex, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import FIRST_LISTED, NOT_NAMES, CallSite, Expr, decorator_name

if TYPE_CHECKING:
    from analyzers.python_entrypoints import EntryPoint

_PATTERN_CALLS = frozenset({"path", "re_path", "url"})


@dataclass(frozen=True, slots=True)
class UrlPattern:
    """One `path(...)`-like call, router registration or viewset action, and what it resolved
    to."""

    # where its routes are mounted: the urls module, or `module:name` for a router, a
    # module-level list of patterns, or (`module:#n`) a list written inside `include(...)`
    module: str
    line: int
    route: str
    view: str  # the view expression as written, rendered
    handler: str = ""  # "mod:qual" of the view function or class; "" when unresolved
    targets: tuple[str, ...] = ()  # the analysed functions that handle it
    include: str = ""  # what an include(...) mounts: a urls module, or a key as in `module`
    reason: str = ""  # why it is unresolved
    methods: tuple[str, ...] = ()  # the HTTP methods, when the pattern fixes them
    # the other views it may name (a pattern written once in a helper that is handed several
    # view classes), each with its own targets
    more: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # the key of the include that mounts it, when not `module`'s (a NetBox view registered for
    # a model: `analyzers.python_entrypoint_netbox`)
    under: str = ""

    def views(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Every view it names, with the functions that handle it."""
        return ((self.handler, self.targets), *self.more) if self.handler else ()


def view_targets(resolver: Resolver, handlers: list[str], is_class: bool) -> UrlPattern:
    """A pattern's fields for the views it may name: the first as its handler, the others in
    `more`, each with its own targets (a class-based view's `class_targets`)."""
    views = tuple((h, class_targets(resolver, [h]) if is_class else (h,)) for h in handlers)
    return UrlPattern("", 0, "", "", views[0][0], views[0][1], more=views[1:])


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a pattern call is written: the key it is mounted under, and the include(...)
    call that is its view, with the key of the patterns that include lists in place."""

    owner: str
    include: CallSite | None = None
    inline: str = ""


def url_patterns(index: SymbolIndex, resolver: Resolver) -> list[UrlPattern]:
    """Every URL pattern of the analysed code (`path(...)`-like calls)."""
    out: list[UrlPattern] = []
    for module, summary in sorted(index.summaries.items()):
        sites = sorted(summary.calls, key=lambda s: s.line)
        places = _places(index, module, sites)
        for pos, site in enumerate(sites):
            place = places.get(pos)
            if place is not None:
                out.append(_pattern(resolver, module, site, place, sites))
    return out


def django_routes(index: SymbolIndex, patterns: list[UrlPattern]) -> Iterable[EntryPoint]:
    """The entry points of the URL patterns, router registrations and viewset actions that
    resolved, with the prefixes of the includes they are mounted under."""
    from analyzers.python_entrypoints import EntryPoint

    prefixes = _prefixes(index, patterns)
    for pattern in patterns:
        mounted = prefixes(pattern.under or pattern.module)
        routes = tuple(sorted({p + pattern.route for p in mounted}))
        for handler, targets in pattern.views():
            yield EntryPoint(
                handler,
                "http",
                "django",
                pattern.module.partition(":")[0],
                pattern.line,
                routes,
                pattern.methods or _required_methods(index, handler),
                targets=targets,
            )


# The decorators that make a view answer only some HTTP methods: Django's, and DRF's
# `@api_view` (GET unless given a list); `require_http_methods` and `api_view` take a list
REQUIRED_METHODS = {
    "require_POST": ("POST",), "require_GET": ("GET",), "require_safe": ("GET", "HEAD"),
    "api_view": ("GET",),
}  # fmt: skip
LISTED_METHODS = frozenset({"require_http_methods", "api_view"})


def _required_methods(index: SymbolIndex, handler: str) -> tuple[str, ...]:
    """The methods a view function's decorators allow (`@require_POST`,
    `@require_http_methods(["GET", "POST"])`, `@api_view(["POST"])`); none when they do not
    say (any method)."""
    definition = index.definitions.get(handler)
    module, qual = split_qid(handler)
    summary = index.summaries.get(module)
    listed: dict[str, tuple[str, ...]] = {}
    for owner, site in summary.decorator_calls if summary is not None else ():
        name = str(site.callee[-1]).lstrip(".")
        given = dict(site.keywords).get(FIRST_LISTED)
        if owner == qual and name in LISTED_METHODS and given:
            listed[name] = tuple(str(m).upper() for m in given)
    found: set[str] = set()
    for ref in definition.decorators if definition is not None else ():
        name = decorator_name(ref)
        found.update(listed.get(name) or REQUIRED_METHODS.get(name, ()))
    return tuple(sorted(found))


def call_name(site: CallSite) -> str:
    return str(site.callee[-1]).lstrip(".")


def _is_pattern(site: CallSite) -> bool:
    return call_name(site) in _PATTERN_CALLS and bool(site.strings or site.args)


def _is_include(view: Expr) -> bool:
    return view[-2:] in (("include", "()"), (".include", "()"))


def _is_pattern_call(expr: Expr) -> bool:
    """Whether an expression is a call of `path`, `re_path` or `url`."""
    return (
        len(expr) > 1
        and expr[0] not in NOT_NAMES
        and expr[-1] == "()"
        and str(expr[-2]).lstrip(".") in _PATTERN_CALLS
    )


def _places(index: SymbolIndex, module: str, sites: list[CallSite]) -> dict[int, _Place]:
    """Where each pattern call of a module (by its position in `sites`) is mounted."""
    places: dict[int, _Place] = {}
    by_scope: dict[str, list[int]] = defaultdict(list)
    for pos, site in enumerate(sites):
        if _is_pattern(site) or call_name(site) == "include":
            by_scope[site.scope].append(pos)
    for scope, seq in by_scope.items():
        reader = _Reader(module, sites, seq, places)
        spans = reader.trees()
        reader.own_lists(index.bindings.get((module, scope), {}), spans, scope)
    return places


class _Reader:
    """Reads the pattern and include calls of one scope, in source order, as trees: a pattern
    whose view is `include([...])` holds the patterns that follow it, one per element of the
    list. (Calls are recorded outer first, in source order, so an element follows its list.)"""

    def __init__(
        self, module: str, sites: list[CallSite], seq: list[int], places: dict[int, _Place]
    ) -> None:
        self.module, self.sites, self.seq, self.places = module, sites, seq, places

    def trees(self) -> list[tuple[int, int]]:
        """The top-level trees, as spans of `seq`."""
        spans: list[tuple[int, int]] = []
        start = 0
        while start < len(self.seq):
            end = self.tree(start, self.module)
            spans.append((start, end))
            start = end
        return spans

    def tree(self, at: int, owner: str) -> int:
        """Place the tree starting at `seq[at]` under `owner`; where the next one starts."""
        site = self.sites[self.seq[at]]
        if not _is_pattern(site):
            return at + 1
        include = self._include_after(at, site)
        if include is None:
            self.places[self.seq[at]] = _Place(owner)
            return at + 1
        inline = f"{self.module}:#{self.seq[at + 1]}"
        self.places[self.seq[at]] = _Place(owner, include, inline)
        at += 2
        for element in _inline(include):
            if at >= len(self.seq) or self.sites[self.seq[at]].callee != element[:-1]:
                break
            at = self.tree(at, inline)
        return at

    def _include_after(self, at: int, site: CallSite) -> CallSite | None:
        view = dict(site.args).get(1) or dict(site.args).get("view")
        if view is None or not _is_include(view):
            return None
        following = self.sites[self.seq[at + 1]] if at + 1 < len(self.seq) else None
        return following if following is not None and call_name(following) == "include" else None

    def own_lists(
        self, bindings: dict[str, list[Any]], spans: list[tuple[int, int]], scope: str
    ) -> None:
        """Move the patterns of a list other than the module's `urlpatterns` (also of a
        `(patterns, app_name)` pair) under `module:name`, or `module:function.name` for one
        made in a function (a Wagtail hook's), so that `include(name)` can mount them."""
        for name, bound in bindings.items():
            for expr, line, _top in bound if name != "urlpatterns" or scope else ():
                expr = _patterns_arg(expr)
                if expr[0] != "(":
                    continue
                first = next((k for k, s in enumerate(spans) if self._line(s) >= line), None)
                if first is not None:
                    self._own(_list_key(self.module, scope, name), expr, spans[first:])

    def _own(self, owner: str, listed: Expr, spans: list[tuple[int, int]]) -> None:
        elements = [e for e in listed[1:] if _is_pattern_call(e)]
        for element, (start, end) in zip(elements, spans, strict=False):
            if self.sites[self.seq[start]].callee != element[:-1]:
                return
            for pos in self.seq[start:end]:
                if pos in self.places and self.places[pos].owner == self.module:
                    self.places[pos] = replace(self.places[pos], owner=owner)

    def _line(self, span: tuple[int, int]) -> int:
        return self.sites[self.seq[span[0]]].line


def _patterns_arg(arg: Expr) -> Expr:
    """What `include((patterns, "app_name"))` includes: `patterns`; else the argument. Of a
    list joined to another (`hooks.urls + [path(...), ...]`), the one written out."""
    if arg[0] == "(" and len(arg) == 3 and not _is_pattern_call(arg[1]):
        arg = tuple(arg[1])
    if arg[0] == "|":
        return next((tuple(e) for e in arg[1:] if isinstance(e, tuple) and e[:1] == ("(",)), arg)
    return arg


def _inline(include: CallSite) -> list[Expr]:
    """The pattern calls of a list written inside `include(...)`, in order."""
    arg = _patterns_arg(dict(include.args).get(0) or ("|",))
    return [e for e in arg[1:] if _is_pattern_call(e)] if arg[0] == "(" else []


def _pattern(
    resolver: Resolver, module: str, site: CallSite, place: _Place, sites: list[CallSite]
) -> UrlPattern:
    route = site.strings[0] if site.strings else ""
    view = dict(site.args).get(1) or dict(site.args).get("view")
    if view is None:
        return UrlPattern(place.owner, site.line, route, "", reason="no view argument")
    rendered = "".join(str(p) for p in view)
    pattern = UrlPattern(place.owner, site.line, route, rendered)
    if _is_include(view):
        return _included(resolver, module, pattern, place, sites)
    return _view(resolver, module, site, pattern, _unwrapped(view, site, sites))


def _unwrapped(view: tuple[Any, ...], site: CallSite, sites: list[CallSite]) -> tuple[Any, ...]:
    """The view inside wrappers such as `login_required(View.as_view())` or
    `cache_page(60)(view)`: the first argument of the wrapping call, written at or after
    the pattern's line."""
    for _ in range(4):
        if view[-1] != "()" or view[-2:] == (".as_view", "()"):
            return view
        written = (s for s in sites if s.scope == site.scope and s.line >= site.line)
        wrapper = next((s for s in written if s.callee == view[:-1]), None)
        inner = dict(wrapper.args).get(0) if wrapper is not None else None
        if inner is None:
            return view
        view = inner
    return view


def _view(
    resolver: Resolver, module: str, site: CallSite, pattern: UrlPattern, view: Expr
) -> UrlPattern:
    is_cbv = view[-2:] == (".as_view", "()")
    expr = view[:-2] if is_cbv else view
    values = resolver.evaluate(module, site.scope, expr, site.line)
    wanted = "c" if is_cbv else "f"
    handlers = sorted(
        str(v[1]) for v in values if v[0] == wanted and not _is_urls_property(resolver, str(v[1]))
    )
    if handlers and not is_cbv:
        built = viewset_views(resolver, module, site.scope, expr)
        if built:
            handlers, is_cbv = built, True
        else:
            handlers = defined_functions(resolver, module, site.scope, expr) or handlers
    if not handlers and is_cbv and not any(v[0] == "c" for v in values):
        # `registry.as_view("edit")` on an instance: a method of the analysed code that gives
        # the view function, as any call may
        given = resolver.evaluate(module, site.scope, view, site.line)
        handlers = sorted(str(v[1]) for v in given if v[0] == "f")
        is_cbv = is_cbv and not handlers
    if not handlers:
        outside = any(v[0] in ("e", "b") for v in values)
        reason = "view outside the analysed code" if outside else "view not statically known"
        if view[-1] == ".urls":  # `admin.site.urls`, an app config's `urls`: patterns, no view
            reason = "include of patterns"
        return replace(pattern, reason=reason)
    found = view_targets(resolver, handlers, is_cbv)
    return replace(pattern, handler=found.handler, targets=found.targets, more=found.more)


def _is_urls_property(resolver: Resolver, function: str) -> bool:
    """Whether a function is a `urls` property: `path("api/", router.urls)` includes the
    patterns it gives, as Django's `admin.site.urls` does; it names no view. (A property by
    another name, such as a view set's `index_view`, gives the view.)"""
    definition = resolver.index.definitions.get(function)
    refs = definition.decorators if definition is not None else ()
    properties = any(decorator_name(ref) in ("property", "cached_property") for ref in refs)
    return properties and function.rsplit(".", 1)[-1] == "urls"


def _included(
    resolver: Resolver, module: str, pattern: UrlPattern, place: _Place, sites: list[CallSite]
) -> UrlPattern:
    call = place.include
    if call is None:
        return replace(pattern, reason="include not found")
    arg = _patterns_arg(dict(call.args).get(0) or ("|",))
    if is_model_urls(arg):  # NetBox's views registered for a model
        written = (s for s in sites if s.scope == call.scope and s.line >= call.line)
        inner = next((s for s in written if s.callee == arg[:-1]), None)
        target = model_views_key(inner) if inner is not None else ""
    elif call.strings:
        target = call.strings[0] if resolver.index.split_module(call.strings[0]) else ""
    elif arg[0] == "(" and _inline(call):
        target = place.inline
    else:
        values = resolver.evaluate(module, call.scope, arg, call.line)
        target = next((str(v[1]) for v in sorted(values) if v[0] == "m"), "")
        if not target and arg[-1] == ".urls":
            target = router_key(resolver.index, module, call.scope, arg[:-1])
        if not target and len(arg) == 1 and arg[0] not in NOT_NAMES:
            target = _named_list(resolver.index, module, call.scope, str(arg[0]))
    return (
        replace(pattern, include=target)
        if target
        else replace(pattern, reason="include of patterns")
    )


def router_key(index: SymbolIndex, module: str, scope: str, ref: tuple[object, ...]) -> str:
    """The key of the patterns of the router `ref` stands for: `module:name` where it is
    defined; "" when it is no module-level name."""
    holder = module_level_ref(index, module, scope, ref)
    return f"{holder[0]}:{holder[1]}" if holder is not None else ""


def _list_key(module: str, scope: str, name: str) -> str:
    return f"{module}:{scope}.{name}" if scope else f"{module}:{name}"


def _named_list(index: SymbolIndex, module: str, scope: str, name: str) -> str:
    """The key of the list of patterns `name` stands for: a list made in the same function, or
    a module-level list (its module when it is that module's `urlpatterns`); "" when it is no
    such list."""
    local = index.bindings.get((module, scope), {}).get(name, []) if scope else []
    if any(_patterns_arg(expr)[0] == "(" for expr, _line, _top in local):
        return _list_key(module, scope, name)
    holder = module_level(index, module, scope, name)
    if holder is None:
        return ""
    bound = index.bindings.get((holder[0], ""), {}).get(holder[1], [])
    if not any(_patterns_arg(expr)[0] == "(" for expr, _line, _top in bound):
        return ""
    return holder[0] if holder[1] == "urlpatterns" else f"{holder[0]}:{holder[1]}"


def _prefixes(index: SymbolIndex, patterns: list[UrlPattern]) -> _Prefixes:
    included: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pattern in patterns:
        if pattern.include:
            included[pattern.include].append((pattern.module, pattern.route))
    return _Prefixes(index, dict(included))


class _Prefixes:
    """The route prefixes a urls module (or a router or list in it) is mounted under, through
    chains of `include`."""

    def __init__(self, index: SymbolIndex, included: dict[str, list[tuple[str, str]]]) -> None:
        self.index, self.included = index, included
        self.memo: dict[str, set[str]] = {}

    def __call__(self, key: str, depth: int = 0) -> set[str]:
        if key in self.memo:
            return self.memo[key]
        parents = self.included.get(key)
        if not parents and ":" in key:
            # a router or list that no include names is its module's when `urlpatterns` is
            # bound to it (`urlpatterns = router.urls`); else where it is mounted is unknown;
            # a list made in a function (`name` is `function.list`) that no include names is
            # what the function returns (Oscar's `get_urls`): its module's, as before
            module, _, name = key.partition(":")
            if is_model_views_key(key):  # views filed for a model no include names
                return set()
            if "." in name or self._in_urlpatterns(module, name):
                return self(module, depth + 1)
            return set()
        if not parents or depth > 16:
            return {""}
        self.memo[key] = {""}  # a cycle stops here
        found = {p + route for parent, route in parents for p in self(parent, depth + 1)}
        self.memo[key] = found
        return found

    def _in_urlpatterns(self, module: str, name: str) -> bool:
        """Whether the module's `urlpatterns` is bound to `name` or `name.urls`, or to a list
        holding them (`[*router.urls]`); `urlpatterns += router.urls` is such a binding too.
        (`urlpatterns = a + router.urls` is not: the summary keeps no `a + b`.)"""
        wanted = ((name,), (name, ".urls"))
        for expr, _line, _top in self.index.bindings.get((module, ""), {}).get("urlpatterns", []):
            if expr in wanted or (expr[0] == "(" and any(e in wanted for e in expr[1:])):
                return True
        return False
