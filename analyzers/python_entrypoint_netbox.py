"""NetBox's model views as entry points, in NetBox itself and in its plugins.

NetBox attaches views to models with a decorator, not in `urls.py`: `@register_model_view(Site,
"edit")` on a view class (or the decorator called on it: `register_model_view(Port,
"trace")(PathTraceView)`) files it in a registry under the model's app label and name, and the
urls module includes what is filed for a model, `path("sites/<int:pk>/",
include(get_model_urls("dcim", "site")))`, one pattern a view. NetBox's own rules, from the
signatures `register_model_view(model, name="", path=None, detail=True, kwargs=None)` and
`get_model_urls(app_label, model_name, detail=True)`: a view serves at its `path` (its `name`
when no path is given; none for "") below the include's route, among the detail views
(`detail=True`) or the list views of its model; a model is filed under its app's label (its
`Meta.app_label`, else the label of the Django app whose package holds it) and its class name in
lower case. The include's patterns are mounted under the key `model_views_key` gives, and each
registered view is a pattern of that key (`UrlPattern.under`), so that it gets the include's
prefixes as any included pattern does. A view registered with a path, name or model that is no
constant is an entry point without routes: its route is not statically known (NetBox files its
feature views, `register_model_view(model, "journal")("netbox.views.generic.ObjectJournalView")`,
for each model a loop hands over, the view named by its dotted path).

Example: `@register_model_view(Site, "contacts", path="contacts")` on `SiteContactsView`, under
`path("dcim/", include("dcim.urls"))` and `path("sites/<int:pk>/",
include(get_model_urls("dcim", "site")))`, serves `dcim/sites/<int:pk>/contacts/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from analyzers.python_hooks import class_targets
from analyzers.python_index import qid, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import NOT_CONSTANT, CallSite, Expr, decorator_name

if TYPE_CHECKING:
    from analyzers.python_entrypoint_urls import UrlPattern

REGISTER = "register_model_view"
MODEL_URLS = "get_model_urls"
_KEY = "<netbox model views>"
_NAMES = frozenset({REGISTER, f".{REGISTER}"})  # a call's last step, as written
_UNKNOWN = f"{_KEY}:"  # where a view is filed whose model, name or path is no constant


def is_model_urls(expr: Expr) -> bool:
    """Whether an included expression is a call of `get_model_urls`."""
    return len(expr) > 1 and expr[-1] == "()" and str(expr[-2]).lstrip(".") == MODEL_URLS


def model_views_key(call: CallSite) -> str:
    """The key of the views `get_model_urls(app_label, model_name, detail=...)` includes; ""
    when its app label or model name is no constant."""
    if len(call.strings) < 2 or 0 in dict(call.args) or 1 in dict(call.args):
        return ""
    detail = dict(call.keywords).get("detail", True)
    if not isinstance(detail, bool):
        return ""
    return _key(call.strings[0], call.strings[1].lower(), detail)


def is_model_views_key(key: str) -> bool:
    return key.startswith(f"{_KEY}:")


def _key(app_label: str, model_name: str, detail: bool) -> str:
    return f"{_KEY}:{app_label}.{model_name}.{'detail' if detail else 'list'}"


def registered_views(resolver: Resolver) -> list[UrlPattern]:
    """A pattern per view registered with `@register_model_view(...)` (or called on it:
    `register_model_view(Port, "trace")(PathTraceView)`) and per model it names, mounted under
    its model's `model_views_key`."""
    from analyzers.python_entrypoint_urls import UrlPattern

    index = resolver.index
    found: list[UrlPattern] = []
    for module, site, handler in _registrations(resolver):
        definition = index.definition(*split_qid(handler))
        if definition is None:
            continue
        is_class = definition.kind == "class"
        targets = class_targets(resolver, [handler]) if is_class else (handler,)
        route, model = _route(site), dict(site.args).get(0)
        detail = dict(site.keywords).get("detail", True)
        rendered = "".join(str(p) for p in model) if model is not None else ""
        unders: set[str] = set()
        known = isinstance(detail, bool) and "detail" not in dict(site.args)
        if route is not None and known and model is not None:
            values = resolver.evaluate(module, site.scope, model, site.line)
        else:
            values = frozenset()  # its route is not statically known
        for value in values:
            label = _app_label(resolver, str(value[1])) if value[0] == "c" else None
            if label is not None:
                name = split_qid(str(value[1]))[1].rpartition(".")[2].lower()
                unders.add(_key(label, name, bool(detail)))
        for under in sorted(unders) or [_UNKNOWN]:  # no include mounts the unknown key
            found.append(
                UrlPattern(module, site.line, route or "", rendered, handler, targets, under=under)
            )
    return found


def _registrations(resolver: Resolver) -> Iterator[tuple[str, CallSite, str]]:
    """(module, the `register_model_view(...)` call, the analysed view it registers): the
    definition it decorates, or what the call it makes is handed, a class or a function."""
    index = resolver.index
    for module, summary in sorted(index.summaries.items()):
        for qual, site in summary.decorator_calls:
            if decorator_name(site.callee) == REGISTER and site.callee[-1:] != ("()",):
                yield module, site, qid(module, qual)
        made = {(s.line, s.scope, s.callee): s for s in summary.calls if s.callee[-1] in _NAMES}
        if not made:
            continue
        for site in summary.calls:
            if site.implicit or site.callee[-1:] != ("()",) or len(site.callee) < 2:
                continue  # a decorator's application: `decorator_calls` has it
            register = made.get((site.line, site.scope, site.callee[:-1]))
            view = dict(site.args).get(0)
            if register is None or (view is None and not site.strings):
                continue
            if view is not None:
                values = resolver.evaluate(module, site.scope, view, site.line)
            else:  # the view's dotted path, which NetBox imports
                values = resolver.dotted(site.strings[0])
            for value in sorted(values):
                if value[0] in ("c", "f"):
                    yield module, register, str(value[1])


def _route(site: CallSite) -> str | None:
    """The route of a registered view below its include: `path/`, or "" for a path of ""; None
    when its name or path is no constant."""
    keywords = dict(site.keywords)
    name = site.strings[0] if site.strings else keywords.get("name", "")
    path = site.strings[1] if len(site.strings) > 1 else keywords.get("path", name)
    if path is None:
        path = name
    written = set(dict(site.args))  # arguments that are expressions, no constants
    if not isinstance(path, str) or path == NOT_CONSTANT or written & {1, 2, "name", "path"}:
        return None
    return f"{path}/" if path else ""


def _app_label(resolver: Resolver, model: str) -> str | None:
    """The label a model is filed under: its `Meta.app_label`, else the label of the Django app
    whose package holds its module (the longest such package), else the package its `models`
    module or package is in. None for a class that is no Django model."""
    if not resolver.is_django_model(model):
        return None
    module, qual = split_qid(model)
    own = resolver.index.constants.get((module, f"{qual}.Meta"), {}).get("app_label")
    if own is not None:
        return own if own != NOT_CONSTANT else None
    best = ""
    label = None
    for app, packages in resolver.app_labels().items():
        for package in packages:
            if f"{module}.".startswith(f"{package}.") and len(package) > len(best):
                best, label = package, app
    if label is not None:
        return label
    parts = module.split(".")
    return parts[parts.index("models", 1) - 1] if "models" in parts[1:] else None
