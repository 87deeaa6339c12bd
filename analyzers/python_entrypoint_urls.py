"""Django URL patterns and DRF routers as entry points.

`path(route, view)`, `re_path(...)` and `url(...)` calls name a view: a function, a class-based
view's `Cls.as_view()`, or `include("app.urls")` whose patterns get the route as a prefix. A DRF
`router.register(prefix, ViewSet)` names a viewset. Each pattern is resolved to the analysed
function(s) that handle it; a pattern whose view cannot be resolved statically keeps a reason
(`UrlPattern.reason`) so that coverage can be counted honestly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyzers.python_index import SymbolIndex, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import CallSite

if TYPE_CHECKING:
    from analyzers.python_entrypoints import EntryPoint

_PATTERN_CALLS = frozenset({"path", "re_path", "url"})
# what a class-based view runs for a request: the HTTP verbs, DRF's actions, and the hooks of
# Django's generic views that subclasses override instead of a verb
_VIEW_HOOKS = (
    *("get", "post", "put", "patch", "delete", "head", "options", "dispatch", "setup"),
    *("list", "create", "retrieve", "update", "partial_update", "destroy"),
    *("get_queryset", "get_object", "get_context_data", "get_template_names"),
    *("get_form_class", "get_form_kwargs", "get_initial", "form_valid", "form_invalid"),
    *("get_success_url", "get_redirect_url", "render_to_response", "perform_create"),
    *("perform_update", "perform_destroy", "get_serializer_class"),
)


@dataclass(frozen=True, slots=True)
class UrlPattern:
    """One `path(...)`-like call or router registration, and what it resolved to."""

    module: str  # for a router registration, `module:router name`
    line: int
    route: str
    view: str  # the view expression as written, rendered
    handler: str = ""  # "mod:qual" of the view function or class; "" when unresolved
    targets: tuple[str, ...] = ()  # the analysed functions that handle it
    include: str = ""  # the included module, for include(...)
    reason: str = ""  # why it is unresolved


def url_patterns(index: SymbolIndex, resolver: Resolver) -> list[UrlPattern]:
    """Every URL pattern and router registration of the analysed code."""
    out: list[UrlPattern] = []
    for module, summary in sorted(index.summaries.items()):
        sites = sorted(summary.calls, key=lambda s: s.line)
        includes = [s for s in sites if s.callee[-1].lstrip(".") == "include"]
        for site in sites:
            name = site.callee[-1].lstrip(".")
            if name in _PATTERN_CALLS and (site.strings or site.args):
                out.append(_pattern(resolver, module, site, includes, sites))
            elif name == "register" and len(site.callee) > 1 and site.strings:
                out.append(_registration(resolver, module, site))
    return out


def django_routes(index: SymbolIndex, resolver: Resolver) -> Iterable[EntryPoint]:
    from analyzers.python_entrypoints import EntryPoint

    patterns = url_patterns(index, resolver)
    prefixes = _prefixes(patterns)
    for pattern in patterns:
        if not pattern.handler:
            continue
        routes = tuple(sorted({p + pattern.route for p in prefixes(pattern.module)}))
        yield EntryPoint(
            pattern.handler,
            "http",
            "django",
            pattern.module.partition(":")[0],
            pattern.line,
            routes,
            targets=pattern.targets,
        )


def _pattern(
    resolver: Resolver,
    module: str,
    site: CallSite,
    includes: list[CallSite],
    sites: list[CallSite],
) -> UrlPattern:
    route = site.strings[0] if site.strings else ""
    view = dict(site.args).get(1) or dict(site.args).get("view")
    if view is None:
        return UrlPattern(module, site.line, route, "", reason="no view argument")
    rendered = "".join(str(p) for p in view)
    if view[-2:] == ("include", "()") or view[-2:] == (".include", "()"):
        return _included(resolver, module, site, route, rendered, includes)
    return _view(resolver, module, site, route, rendered, _unwrapped(view, site, sites))


def _unwrapped(view: tuple[Any, ...], site: CallSite, sites: list[CallSite]) -> tuple[Any, ...]:
    """The view inside wrappers such as `login_required(View.as_view())` or
    `cache_page(60)(view)`: the first argument of the wrapping call, written at or after
    the pattern's line."""
    for _ in range(4):
        if view[-1] != "()" or view[-2:] == (".as_view", "()"):
            return view
        wrapper = next(
            (
                s
                for s in sites
                if s.scope == site.scope and s.line >= site.line and s.callee == view[:-1]
            ),
            None,
        )
        inner = dict(wrapper.args).get(0) if wrapper is not None else None
        if inner is None:
            return view
        view = inner
    return view


def _view(
    resolver: Resolver,
    module: str,
    site: CallSite,
    route: str,
    rendered: str,
    view: tuple[object, ...],
) -> UrlPattern:
    is_cbv = view[-2:] == (".as_view", "()")
    expr = view[:-2] if is_cbv else view
    values = resolver.evaluate(module, site.scope, expr, site.line)
    wanted = "c" if is_cbv else "f"
    handlers = sorted(str(v[1]) for v in values if v[0] == wanted)
    if not handlers:
        outside = any(v[0] in ("e", "b") for v in values)
        reason = "view outside the analysed code" if outside else "view not statically known"
        return UrlPattern(module, site.line, route, rendered, reason=reason)
    targets = class_targets(resolver, handlers) if is_cbv else tuple(handlers)
    return UrlPattern(module, site.line, route, rendered, handlers[0], targets)


def class_targets(resolver: Resolver, classes: list[str]) -> tuple[str, ...]:
    """The analysed methods of a class-based view that handle requests."""
    found: set[str] = set()
    for klass in classes:
        for hook in _VIEW_HOOKS:
            found.update(str(v[1]) for v in resolver.method(klass, hook) if v[0] == "f")
    return tuple(sorted(found))


def _included(
    resolver: Resolver,
    module: str,
    site: CallSite,
    route: str,
    rendered: str,
    includes: list[CallSite],
) -> UrlPattern:
    call = next((s for s in includes if s.line >= site.line), None)
    if call is None:
        return UrlPattern(module, site.line, route, rendered, reason="include not found")
    target = call.strings[0] if call.strings else ""
    arg = call.args[0][1] if call.args else ()
    if not target and len(arg) == 2 and arg[1] == ".urls":
        return UrlPattern(module, site.line, route, rendered, include=f"{module}:{arg[0]}")
    if not target and call.args:
        values = resolver.evaluate(module, call.scope, call.args[0][1], call.line)
        target = next((str(v[1]) for v in sorted(values) if v[0] == "m"), "")
    if target and resolver.index.split_module(target) is not None:
        return UrlPattern(module, site.line, route, rendered, include=target)
    return UrlPattern(module, site.line, route, rendered, reason="include of patterns")


def _registration(resolver: Resolver, module: str, site: CallSite) -> UrlPattern:
    prefix = site.strings[0].strip("^$")
    view = dict(site.args).get(1) or dict(site.args).get("viewset")
    if view is None:
        return UrlPattern(module, site.line, prefix, "", reason="no viewset argument")
    values = resolver.evaluate(module, site.scope, view, site.line)
    classes = sorted(str(v[1]) for v in values if v[0] == "c")
    rendered = "".join(str(p) for p in view)
    if not classes:
        return UrlPattern(
            module, site.line, prefix, rendered, reason="viewset not statically known"
        )
    targets = class_targets(resolver, classes)
    router = f"{module}:{site.callee[0]}" if len(site.callee) == 2 else module
    return UrlPattern(router, site.line, prefix + "/", rendered, classes[0], targets)


def _prefixes(patterns: list[UrlPattern]) -> _Prefixes:
    included: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pattern in patterns:
        if pattern.include:
            included[pattern.include].append((pattern.module.partition(":")[0], pattern.route))
    return _Prefixes(dict(included))


class _Prefixes:
    """The route prefixes a urls module is mounted under, through chains of `include`."""

    def __init__(self, included: dict[str, list[tuple[str, str]]]) -> None:
        self.included = included
        self.memo: dict[str, set[str]] = {}

    def __call__(self, module: str, depth: int = 0) -> set[str]:
        if module in self.memo:
            return self.memo[module]
        parents = self.included.get(module)
        if not parents or depth > 16:
            return {""}
        self.memo[module] = {""}  # a cycle stops here
        found = {p + route for parent, route in parents for p in self(parent, depth + 1)}
        self.memo[module] = found
        return found


def handler_module(handler: str) -> str:
    return split_qid(handler)[0]
