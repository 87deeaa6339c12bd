"""The methods a class runs when a framework calls its hooks, as Python dispatches them.

A framework runs a class-based view, a GraphQL mutation or a task class by calling a few hooks
on it (`get`, `mutate`); those call more methods on `self` or `cls`, written in a base class but
looked up on the class itself, so that a base's `self.get_extra_context(...)` runs the view's
own override. The call graph is context-insensitive (a base's call resolves once, in the base's
terms); an entry point's class adds what dispatch on that class reaches (`dispatched`; for a
class-based view, from the hooks of its requests: `class_targets`).

A generic view also runs the form or serializer class it names (`managed`): Django's editing
views make their `form_class` and validate it (`CreateView` and `UpdateView` save it too); DRF's
generic views make and render their `serializer_class` (and validate and save it where they
create or update).

Also: what a view or resolver expression names by where it is defined, before its decorators
(`defined_functions`, `method_defined`): a handler under an analysed `@login_required`-like
decorator evaluates to the wrapper, which every handler it wraps shares; and whether a class
runs a method its base defines (`runs`).
"""

from __future__ import annotations

from collections.abc import Iterable

from analyzers.python_callbacks import called_back
from analyzers.python_index import parent_of, qid, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import Expr

MAX_REACHED = 256  # methods one class's dispatch is followed to

# what a class-based view runs for a request: the HTTP verbs, DRF's actions, and the hooks of
# Django's generic views that subclasses override instead of a verb
VIEW_HOOKS = (
    *("get", "post", "put", "patch", "delete", "head", "options", "dispatch", "setup"),
    *("list", "create", "retrieve", "update", "partial_update", "destroy"),
    *("get_queryset", "get_object", "get_context_data", "get_template_names"),
    *("get_form_class", "get_form_kwargs", "get_initial", "form_valid", "form_invalid"),
    *("get_success_url", "get_redirect_url", "render_to_response", "perform_create"),
    *("perform_update", "perform_destroy", "get_serializer_class"),
)


def dispatched(
    resolver: Resolver, klass: str, hooks: Iterable[str], start: Iterable[str] = ()
) -> tuple[str, ...]:
    """The analysed methods that running `hooks` on `klass` goes through: each hook by the
    class's MRO (and the methods `start`), then, from each method reached, the methods it calls
    on its first parameter (`cls.perform_mutation(...)`, `self.clean()`) looked up on `klass` (a
    base's call reaches the subclass's override, as Python dispatches it) and those its
    `super()` calls reach along that MRO (a mixin's `super().get()` goes on to the next class of
    `klass`'s MRO, not of the mixin's own), or, where that is the framework's method, the hooks
    it calls back on `klass` (a serializer's `super().save()` runs its `create`); at most
    `MAX_REACHED`."""
    index = resolver.index
    mro = [str(v[1]) if v[0] == "c" else "" for v in resolver.mro(klass)]
    queue = [function for hook in hooks for function in method_defined(resolver, klass, hook)]
    queue += start
    reached: dict[str, None] = {}
    while queue and len(reached) < MAX_REACHED:
        function = queue.pop(0)
        if function in reached:
            continue
        reached[function] = None
        module, qual = split_qid(function)
        definition = index.definition(module, qual)
        if definition is None or not definition.params or definition.method_kind == "static":
            continue
        if f"{module}:{parent_of(qual)}" not in mro:
            continue  # a function an attribute holds, no method of the class: no `self` in it
        first = definition.params[0]
        for site in index.calls_in(module, qual):
            callee = site.callee
            if len(callee) == 2 and callee[0] == first and callee[1].startswith("."):
                queue.extend(method_defined(resolver, klass, callee[1][1:]))
            elif len(callee) == 3 and callee[:2] == ("super", "()"):
                owner, name = f"{module}:{parent_of(qual)}", callee[2][1:]
                after = _after(resolver, mro, owner, name)
                if not after:  # the framework's own method: the hooks it calls back on `klass`
                    at = mro.index(owner) + 1 if owner in mro else len(mro)
                    after = called_back(index, resolver.mro(klass), name, at)
                queue.extend(after)
    return tuple(sorted(reached))


def managed(resolver: Resolver, klass: str) -> set[str]:
    """The analysed methods a Django generic editing view or a DRF generic view runs on the form
    or serializer class it names (`form_class = SignupForm`, `serializer_class = ...`, by the
    view's MRO), as its bases do (`_MANAGED`): every one makes it (`__init__`); a form view
    validates it (`is_valid`, with the hooks that calls back: `analyzers.python_callbacks`), a
    model form view (`CreateView`, `UpdateView`) also saves it; a DRF view renders it
    (`to_representation`), and one that creates or updates validates and saves it. And what
    those run on it in turn."""
    outside = [str(v[1]) for v in resolver.mro(klass) if v[0] == "e"]
    found: set[str] = set()
    for attr, modules, bases in _MANAGED:
        named = [bases.get(b.rpartition(".")[2], ()) for b in outside if b.startswith(modules)]
        runs = sorted({run for found_runs in named for run in found_runs})
        if not runs:
            continue
        for value in sorted(resolver.method(klass, attr)):
            if value[0] != "c":
                continue
            part = str(value[1])
            hooks = [f for m in runs for f in called_back(resolver.index, resolver.mro(part), m)]
            found.update(dispatched(resolver, part, runs, hooks))
    return found


_FORM = ("__init__", "is_valid")
_MODEL_FORM = (*_FORM, "save")
_READ = ("__init__", "to_representation")
_WRITE = (*_READ, "is_valid", "save")
# (the view's attribute; the modules of the view bases that use it; by base, what it runs on
# the attribute's instances)
_MANAGED: tuple[tuple[str, tuple[str, ...], dict[str, tuple[str, ...]]], ...] = (
    (
        "form_class",
        ("django.views.generic.",),
        {
            **dict.fromkeys(["FormMixin", "ProcessFormView", "BaseFormView", "FormView"], _FORM),
            **dict.fromkeys(["BaseDeleteView", "DeleteView"], _FORM),
            **dict.fromkeys(["ModelFormMixin", "BaseCreateView", "CreateView"], _MODEL_FORM),
            **dict.fromkeys(["BaseUpdateView", "UpdateView"], _MODEL_FORM),
        },
    ),
    (
        "serializer_class",
        ("rest_framework.generics.", "rest_framework.mixins.", "rest_framework.viewsets."),
        {
            **dict.fromkeys(["ReadOnlyModelViewSet", "ListAPIView", "RetrieveAPIView"], _READ),
            **dict.fromkeys(["ListModelMixin", "RetrieveModelMixin"], _READ),
            **dict.fromkeys(["ModelViewSet", "CreateAPIView", "UpdateAPIView"], _WRITE),
            **dict.fromkeys(["ListCreateAPIView", "RetrieveUpdateAPIView"], _WRITE),
            **dict.fromkeys(["RetrieveUpdateDestroyAPIView"], _WRITE),
            **dict.fromkeys(["CreateModelMixin", "UpdateModelMixin"], _WRITE),
        },
    ),
)


def method_defined(resolver: Resolver, klass: str, name: str) -> list[str]:
    """The methods `name` is on `klass` by its MRO: the `def` of the first class body that
    defines it, decorated or not, else the functions the attribute holds."""
    for value in resolver.mro(klass):
        if value[0] != "c":
            break
        module, qual = split_qid(str(value[1]))
        found = resolver.index.definition(module, f"{qual}.{name}")
        if found is not None and found.kind == "function":
            return [qid(module, f"{qual}.{name}")]
        if name in resolver.index.bindings.get((module, qual), {}):
            break  # bound to something else: what that holds
    return sorted(str(v[1]) for v in resolver.method(klass, name) if v[0] == "f")


def defined_functions(resolver: Resolver, module: str, scope: str, expr: Expr) -> list[str]:
    """The functions a reference names by where they are defined (through imports and
    re-exports), before their decorators; none when it names no `def`."""
    if not all(isinstance(part, str) for part in expr):
        return []
    found = resolver.binding(module, scope, tuple(str(part) for part in expr))
    definitions = {f: resolver.index.definition(*split_qid(f)) for f in found}
    return sorted(f for f, d in definitions.items() if d is not None and d.kind == "function")


def _after(resolver: Resolver, mro: list[str], owner: str, name: str) -> list[str]:
    """The method `name` of the first analysed class after `owner` in `mro` that defines it
    (none past a class outside the analysed code)."""
    at = mro.index(owner) + 1 if owner in mro else len(mro)
    for klass in mro[at:]:
        if not klass:
            return []
        module, qual = split_qid(klass)
        found = resolver.index.definition(module, f"{qual}.{name}")
        if found is not None and found.kind == "function":
            return [f"{module}:{qual}.{name}"]
    return []


def runs(resolver: Resolver, klass: str, method: str) -> bool:
    """Whether an instance of `klass` runs `method` ("mod:Class.name") when its `name` is
    called: its MRO finds `method` first, or finds overrides that each hand on to the next
    with `super().name(...)` until `method`. A class outside the analysed code met before it
    (`class MenuItem(MPTTModel, SortableModel)`) is taken to hand on: such a mixin calls
    `super()`, or the class would not put it first."""
    index = resolver.index
    owner, name = method.rpartition(".")[0], method.rpartition(".")[2]
    for value in resolver.mro(klass):
        if value[0] != "c":
            continue  # a library's class before it in the MRO: a mixin, taken to hand on
        if value[1] == owner:
            return True
        module, qual = split_qid(str(value[1]))
        if index.definition(module, f"{qual}.{name}") is None:
            continue
        if not index.calls_super(module, f"{qual}.{name}", name):
            return False
    return False


def class_targets(resolver: Resolver, classes: list[str]) -> tuple[str, ...]:
    """The analysed methods of a class-based view that handle requests: its hooks by its MRO,
    and what they run on the view as Python dispatches it (`dispatched`): a base's
    `self.get_extra_context()` reaches the view's own, a mixin's `super().get()` the next class
    of the view's MRO (as the graph's context-insensitive calls do not); and what a generic
    editing view or a DRF generic view runs on the form or serializer class it names
    (`managed`)."""
    found: set[str] = set()
    for klass in classes:
        found.update(dispatched(resolver, klass, VIEW_HOOKS))
        found.update(managed(resolver, klass))
    return tuple(sorted(found))
