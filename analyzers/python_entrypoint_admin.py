"""The Django admin's registered model admins as entry points.

`admin.site.register(Order, OrderAdmin)` (also a list of models, another `AdminSite`'s
`register`, or `@admin.register(Order)` on the admin class) makes the admin serve the pages that
list, add, change and delete the model's rows: an entry point of type "admin" whose handler is
the admin class and whose route names the model (`admin shop.models:Order`). It reaches the
admin's hooks by its MRO (`save_model`, `get_queryset`, `delete_model`...) and what they run on
it (`analyzers.python_hooks.dispatched`), the functions its `actions` list (an action named by a
string is not followed), its `inlines`' hooks, and the `form` it names (made, validated,
saved). A model
registered with Django's own `ModelAdmin` runs no analysed code: no entry point.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from analyzers.python_callbacks import called_back
from analyzers.python_hooks import dispatched
from analyzers.python_index import SymbolIndex, Value, qid
from analyzers.python_resolve import Resolver, Values
from analyzers.python_summary import CallSite

if TYPE_CHECKING:
    from analyzers.python_entrypoints import EntryPoint

_HOOKS = (
    "get_queryset", "save_model", "delete_model", "delete_queryset", "save_formset",
    "save_related", "get_form", "get_formsets_with_inlines", "get_fieldsets", "get_fields",
    "get_readonly_fields", "get_list_display", "get_list_filter", "get_search_results",
    "get_ordering", "get_actions", "get_urls", "get_changelist", "changelist_view", "add_view",
    "change_view", "delete_view", "history_view", "changeform_view", "response_add",
    "response_change", "response_delete", "has_add_permission", "has_change_permission",
    "has_delete_permission", "has_view_permission", "has_module_permission",
    "formfield_for_dbfield", "formfield_for_foreignkey", "formfield_for_manytomany",
    "formfield_for_choice_field", "get_inline_instances", "lookup_allowed", "get_object",
    "log_addition", "log_change", "log_deletion",
)  # fmt: skip
_FORM_RUNS = ("__init__", "is_valid", "save")


def admin_entrypoints(
    index: SymbolIndex, resolver: Resolver, skipped: frozenset[str]
) -> list[EntryPoint]:
    """One entry point per analysed admin class a registration outside `skipped` names."""
    from analyzers.python_entrypoints import EntryPoint

    found: dict[str, tuple[str, int, set[str]]] = {}  # admin -> module, line, models
    for module, summary in sorted(index.summaries.items()):
        if module in skipped:
            continue
        for site in summary.calls:
            if site.callee[-1] == ".register" and _is_admin(resolver, module, site):
                given = dict(site.args)
                named = given.get(1, given.get("admin_class"))
                registered = given.get(0)
                if named is None or registered is None:
                    continue
                for klass in _classes(resolver.evaluate(module, site.scope, named, site.line)):
                    known = found.setdefault(klass, (module, site.line, set()))
                    known[2].update(_models(resolver, module, site, registered))
        for qual, site in summary.decorator_calls:
            definition = index.definition(module, qual)
            if definition is None or definition.kind != "class" or not site.args:
                continue
            if site.callee[-1].lstrip(".") != "register" or not _is_admin(resolver, module, site):
                continue
            known = found.setdefault(qid(module, qual), (module, site.line, set()))
            for key, expr in site.args:
                if isinstance(key, int):
                    known[2].update(_models(resolver, module, site, expr))
    entries = []
    for admin, (module, line, models) in sorted(found.items()):
        routes = tuple(f"admin {model}" for model in sorted(models))
        targets = _targets(resolver, admin)
        entries.append(EntryPoint(admin, "admin", "django", module, line, routes, targets=targets))
    return entries


def _is_admin(resolver: Resolver, module: str, site: CallSite) -> bool:
    """Whether a `register` call is the Django admin's (`admin.site.register`, an `AdminSite`'s,
    or the `@admin.register` decorator)."""
    values = resolver.evaluate(module, site.scope, site.callee, site.line)
    return any(v[0] == "e" and str(v[1]).startswith("django.contrib.admin") for v in values)


def _classes(values: Iterable[Value]) -> list[str]:
    return sorted(str(v[1]) for v in values if v[0] == "c")


def _models(resolver: Resolver, module: str, site: CallSite, expr: tuple[object, ...]) -> set[str]:
    """The analysed model classes a registration names: one, or a list of them."""
    out: set[str] = set()
    for value in resolver.evaluate(module, site.scope, expr, site.line):
        items: Values = frozenset({value})
        if value[0] in ("[", "("):
            items = resolver.element(value)
        out.update(_classes(items))
    return out


def _targets(resolver: Resolver, admin: str) -> tuple[str, ...]:
    """What the admin runs of the admin class: its hooks and what they run, its actions, its
    inlines' hooks, and its form's."""
    found = set(dispatched(resolver, admin, _HOOKS))
    for action in resolver.method(admin, "actions"):
        found.update(_action(resolver, action))
    for value in resolver.method(admin, "inlines"):
        for inline in _classes(resolver.element(value) if value[0] in ("[", "(") else {value}):
            found.update(dispatched(resolver, inline, _HOOKS))
    for form in _classes(resolver.method(admin, "form")):
        hooks = [f for m in _FORM_RUNS for f in called_back(resolver.index, resolver.mro(form), m)]
        found.update(dispatched(resolver, form, _FORM_RUNS, hooks))
    return tuple(sorted(found))


def _action(resolver: Resolver, actions: Value) -> list[str]:
    """The functions an `actions` list holds."""
    items = resolver.element(actions) if actions[0] in ("[", "(") else frozenset({actions})
    return sorted(str(v[1]) for v in items if v[0] == "f")
