"""DRF routers as entry points: `router.register(prefix, ViewSet)` names a viewset, and each
`@action` method of the viewset is a route of its own: `<prefix>/<url_path>/`, or
`<prefix>/{<lookup>}/<url_path>/` for `detail=True`, where the lookup is the viewset's
`lookup_url_kwarg` or `lookup_field` (a string constant set in it or an analysed base), else
DRF's `pk`: `products/{pk}/publish/`. Their patterns are keyed by the router (`module:name`),
which an `include(router.urls)` mounts (see `analyzers.python_entrypoint_urls`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from analyzers.python_entrypoint_urls import UrlPattern, call_name, router_key, view_targets
from analyzers.python_index import SymbolIndex, parent_of, qid, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import NOT_CONSTANT, CallSite

# DRF's extra-action decorators, and the `detail` the old two of them imply
_ACTIONS: dict[str, bool | None] = {"action": None, "detail_route": True, "list_route": False}


def router_patterns(index: SymbolIndex, resolver: Resolver) -> list[UrlPattern]:
    """Every router registration and viewset action of the analysed code."""
    out: list[UrlPattern] = []
    for module, summary in sorted(index.summaries.items()):
        for site in sorted(summary.calls, key=lambda s: s.line):
            if call_name(site) == "register" and len(site.callee) > 1 and site.strings:
                out.extend(_registration(resolver, module, site))  # none without a viewset
    return out


def _registration(resolver: Resolver, module: str, site: CallSite) -> Iterable[UrlPattern]:
    """A DRF `router.register(prefix, viewset)`; a `register("name")` without a viewset
    (Wagtail's hooks, template libraries) is not one."""
    prefix = site.strings[0].strip("^$")
    view = dict(site.args).get(1) or dict(site.args).get("viewset")
    if view is None:
        return
    router = router_key(resolver.index, module, site.scope, site.callee[:-1])
    pattern = UrlPattern(router or module, site.line, prefix + "/", "")
    if not router:  # made in a function, or an attribute: where it is mounted is unknown
        yield replace(pattern, view="".join(map(str, view)), reason="router not statically known")
        return
    values = resolver.evaluate(module, site.scope, view, site.line)
    classes = sorted(str(v[1]) for v in values if v[0] == "c")
    pattern = replace(pattern, view="".join(str(p) for p in view))
    if not classes:
        yield replace(pattern, reason="viewset not statically known")
        return
    found = view_targets(resolver, classes, is_class=True)
    yield replace(pattern, handler=found.handler, targets=found.targets, more=found.more)
    yield from _actions(resolver, classes, replace(pattern, route=prefix))


def _actions(resolver: Resolver, classes: list[str], base: UrlPattern) -> Iterable[UrlPattern]:
    """The viewset's `@action` methods, found along its MRO: those that the viewset has as
    its attribute (a plain override of one is no action)."""
    for klass in classes:
        for found in resolver.mro(klass):
            module, qual = split_qid(str(found[1]))
            summary = resolver.index.summaries.get(module) if found[0] == "c" else None
            if summary is None:
                continue
            for decorated, call in summary.decorator_calls:
                handler, name = qid(module, decorated), decorated.rpartition(".")[2]
                if call_name(call) not in _ACTIONS or parent_of(decorated) != qual:
                    continue
                if ("f", handler) in resolver.method(klass, name):
                    yield _action(base, handler, call, _lookup(resolver, klass))


def _lookup(resolver: Resolver, viewset: str) -> str:
    """The URL keyword of a viewset's detail routes, as DRF's routers name it:
    `lookup_url_kwarg`, else `lookup_field`, else `pk`; `lookup` (DRF's placeholder) when the
    one that counts is set to no string constant."""
    for name in ("lookup_url_kwarg", "lookup_field"):
        found = resolver.class_constant(viewset, name)
        if found == NOT_CONSTANT:
            return "lookup"  # set, but not statically known: DRF's own notation
        if found:
            return found
    return "pk"


def _action(base: UrlPattern, handler: str, call: CallSite, lookup: str) -> UrlPattern:
    keywords, written = dict(call.keywords), dict(call.args)
    view = f"{base.view}.{handler.rpartition('.')[2]}"
    for name in ("detail", "url_path", "methods"):
        if name in written and name not in keywords:  # an expression, no constant
            return replace(base, view=view, reason=f"action's {name} not statically known")
    detail = _ACTIONS[call_name(call)]
    detail = keywords.get("detail") if detail is None else detail
    if not isinstance(detail, bool):
        return replace(base, view=view, reason="action's detail not statically known")
    url_path = keywords.get("url_path", handler.rpartition(".")[2])
    if not isinstance(url_path, str):
        return replace(base, view=view, reason="action's url_path not statically known")
    route = f"{base.route}/{{{lookup}}}/{url_path}/" if detail else f"{base.route}/{url_path}/"
    given = keywords.get("methods", ("get",))
    methods = tuple(sorted(str(m).upper() for m in given)) if isinstance(given, tuple) else ()
    return replace(
        base, route=route, view=view, handler=handler, targets=(handler,), methods=methods
    )
