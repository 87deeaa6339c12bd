"""Flask-AppBuilder views and REST APIs as entry points: `@expose("/path", methods=(...))` on a
method of a `BaseView` or `BaseApi` subclass is a route under the class's `route_base`.

Flask-AppBuilder's own rules: `route_base` as the class (or an analysed base) sets it ("" for its
`IndexView` and `UtilView`); else, for a REST API (a `BaseApi` in the MRO),
`/api/<version>/<resource_name>` with `version` "v1" and `resource_name` the class name in lower
case unless set; else, for a view, `/<class name in lower case>`; joined to the path with one
slash, as Flask joins a prefix and a rule. The methods are `methods=` (GET when not given). A
method exposed in a base class serves under each analysed subclass that inherits it (each
registered view class gets the route); the base itself only when nothing inherits from it. A
route base or path that is no string constant is not statically known: the entry point has no
route.

Example: `class ChartRestApi(BaseSupersetModelRestApi): resource_name = "chart"` with
`@expose("/<pk>/data/", methods=("GET",))` on `data` gives the route `/api/v1/chart/<pk>/data/`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from analyzers.python_index import SymbolIndex, parent_of, qid, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import NOT_CONSTANT, CallSite

if TYPE_CHECKING:
    from analyzers.python_entrypoints import EntryPoint

_FAB = "flask_appbuilder"
_ROOT_VIEWS = frozenset({"IndexView", "UtilView"})  # Flask-AppBuilder's, with route_base ""


def is_expose(resolver: Resolver, module: str, site: CallSite) -> bool:
    """Whether a decorator call is Flask-AppBuilder's `expose`."""
    if site.callee[-1].lstrip(".") != "expose" or site.callee[-1:] == ("()",):
        return False
    owner = resolver.evaluate(module, site.scope, site.callee, site.line)
    return any(v[0] == "e" and v[1].startswith(_FAB) for v in owner)


def exposed(
    index: SymbolIndex,
    resolver: Resolver,
    module: str,
    qual: str,
    site: CallSite,
    methods: tuple[str, ...],
) -> Iterable[EntryPoint]:
    """The routes of one exposed method (`methods`: its HTTP methods, read as Flask reads a
    route's), one per class that serves it."""
    from analyzers.python_entrypoints import EntryPoint

    path: str | None = site.strings[0] if site.strings else "/"
    if not site.strings and 0 in dict(site.args):  # a path that is no constant
        path = None
    klass = qid(module, parent_of(qual))
    if not parent_of(qual) or klass not in index.definitions:
        return
    handler = qid(module, qual)
    for serving in _serving(resolver, klass, handler):
        base = _route_base(resolver, serving)
        routes = () if base is None or path is None else (_joined(base, path),)
        yield EntryPoint(handler, "http", "flask-appbuilder", module, site.line, routes, methods)


def _joined(base: str, path: str) -> str:
    """A route base and a path as Flask joins a blueprint's prefix and a rule: one slash."""
    return "/".join((base.rstrip("/"), path.lstrip("/"))) if path else base


def _serving(resolver: Resolver, klass: str, handler: str) -> list[str]:
    """The classes whose instances serve `handler`: the analysed subclasses (at any depth) that
    inherit it, or the class itself when none does."""
    found: list[str] = []
    pending = list(resolver.subclasses().get(klass, ()))
    seen = {klass}
    while pending:
        sub = pending.pop()
        if sub in seen:
            continue
        seen.add(sub)
        if ("f", handler) in resolver.method(sub, handler.rpartition(".")[2]):
            found.append(sub)
            pending.extend(resolver.subclasses().get(sub, ()))
    return sorted(found) or [klass]


def _route_base(resolver: Resolver, klass: str) -> str | None:
    """The class's route base; None when it is not statically known."""
    given = {
        n: resolver.class_constant(klass, n) for n in ("route_base", "version", "resource_name")
    }
    if NOT_CONSTANT in given.values():
        return None
    if given["route_base"] is not None:
        return given["route_base"]
    mro = resolver.mro(klass)
    outside = next((str(v[1]) for v in mro if v[0] == "e"), "")
    if outside.startswith(_FAB) and outside.rpartition(".")[2] in _ROOT_VIEWS:
        return ""
    name = split_qid(klass)[1].rpartition(".")[2].lower()
    if any(v[0] == "e" and v[1].startswith(_FAB) and "Api" in v[1] for v in mro):
        return f"/api/{given['version'] or 'v1'}/{given['resource_name'] or name}"
    return f"/{name}"
