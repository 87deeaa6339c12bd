"""URL patterns whose view a view set builds, per class, from a class attribute.

A view set lists its patterns in a method, each view a property (or method) of `self` that
builds the view from a class attribute, which each subclass sets to its own view class
(wagtail's `ViewSet`, `ModelViewSet`, `ChooserViewSet`):

```
class ModelViewSet(ViewSet):
    index_view_class = IndexView

    def get_urlpatterns(self):
        return [path("", self.index_view, name="index")]

    @cached_property
    def index_view(self):
        return self.construct_view(self.index_view_class, **self.get_index_view_kwargs())

    def construct_view(self, view_class, **kwargs):
        return view_class.as_view(**kwargs)

class SnippetViewSet(ModelViewSet):
    index_view_class = snippets.IndexView
```

The pattern serves the view class each class that runs `get_urlpatterns` names (it, and each
subclass whose MRO finds that method or hands on to it with `super()`; test code's only for a
pattern in test code): `IndexView` and `snippets.IndexView` here, each a class-based view. What
the property gives is followed, on that class, through its returns, the calls on `self` it
returns (the arguments bound to the parameters), local names, a parameter's `as_view(...)` or
the parameter itself (`inject_view_methods(view_class, ...)` returns it), and `self.attr` by the
class's MRO; a few calls deep. Where no view class is found, the property stays the handler:
the code that makes the view.
"""

from __future__ import annotations

from analyzers.python_calls import parameter_of
from analyzers.python_hooks import method_defined, runs
from analyzers.python_index import qid, split_qid
from analyzers.python_resolve import Resolver
from analyzers.python_summary import Expr

MAX_DEPTH = 4  # calls and local names followed from the property


def viewset_views(resolver: Resolver, module: str, scope: str, view: Expr) -> list[str]:
    """The view classes `self.name` (`view`) gives as a view, written in the method `scope`,
    for each class that runs that method; none when it is no attribute of `self` or gives
    none."""
    index = resolver.index
    if len(view) != 2 or not str(view[1]).startswith("."):
        return []
    klass = index.method_class(module, scope, str(view[0]))
    if klass is None:
        return []
    caller, name = qid(module, scope), str(view[1])[1:]
    in_tests = index.is_test(module)
    found: set[str] = set()
    for owner in (klass, *resolver.descendants(klass)):
        if not in_tests and index.is_test(split_qid(owner)[0]):
            continue
        if owner != klass and not runs(resolver, owner, caller):
            continue
        for function in method_defined(resolver, owner, name):
            found |= _Views(resolver, owner).given(function, {}, 0)
    return sorted(found)


class _Views:
    """What a method gives as a view class, and what an expression holds as classes, on an
    instance of `owner`."""

    def __init__(self, resolver: Resolver, owner: str) -> None:
        self.resolver, self.index, self.owner = resolver, resolver.index, owner

    def given(self, function: str, bound: dict[str, set[str]], depth: int) -> set[str]:
        """The classes whose `as_view(...)` `function` returns, its parameters holding `bound`."""
        if depth > MAX_DEPTH:
            return set()
        module, qual = split_qid(function)
        found: set[str] = set()
        for expr in self.index.returns.get((module, qual), ()):
            if expr[-2:] == (".as_view", "()"):
                found |= self.classes(module, qual, expr[:-2], bound, depth)
            elif self._on_self(module, qual, expr):
                for callee, args in self._calls(module, qual, expr, bound, depth):
                    found |= self.given(callee, args, depth + 1)
        return found

    def classes(
        self, module: str, qual: str, expr: Expr, bound: dict[str, set[str]], depth: int
    ) -> set[str]:
        """The classes `expr` holds in the function `qual`: a parameter's bound value, a local
        name's bindings, `self.attr` by the owner's MRO, what a call on `self` returns, or (an
        expression that no parameter, local name or `self` starts) what it evaluates to."""
        if depth > MAX_DEPTH or not expr:
            return set()
        head = expr[0]
        definition = self.index.definition(module, qual)
        params = definition.params if definition is not None else ()
        if len(expr) == 1 and head in bound:
            return bound[head]
        if params[:1] == (head,) and len(expr) == 2:
            values = self.resolver.method(self.owner, str(expr[1]).lstrip("."))
            return {str(v[1]) for v in values if v[0] == "c"}
        if self._on_self(module, qual, expr):
            return {
                klass
                for callee, args in self._calls(module, qual, expr, bound, depth)
                for returned in self.index.returns.get(split_qid(callee), ())
                for klass in self.classes(*split_qid(callee), returned, args, depth + 1)
            }
        if head in params:
            return set()
        local = self.index.bindings.get((module, qual), {})
        if len(expr) == 1 and local.get(head):
            held = (self.classes(module, qual, e, bound, depth + 1) for e, _, _ in local[head])
            return set().union(*held)
        if head in local:
            return set()
        values = self.resolver.evaluate(module, qual, expr)
        return {str(v[1]) for v in values if v[0] == "c"}

    def _on_self(self, module: str, qual: str, expr: Expr) -> bool:
        """Whether `expr` is a call of a method on the function's first parameter."""
        definition = self.index.definition(module, qual)
        first = definition.params[:1] if definition is not None else ()
        return len(expr) == 3 and first == (expr[0],) and expr[2] == "()"

    def _calls(
        self, module: str, qual: str, expr: Expr, bound: dict[str, set[str]], depth: int
    ) -> list[tuple[str, dict[str, set[str]]]]:
        """The methods a call on `self` (`expr`) runs on the owner, each with the classes its
        parameters receive at the call sites of `qual` that call it so."""
        out = []
        sites = [s for s in self.index.calls_in(module, qual) if s.callee == expr[:2]]
        for callee in method_defined(self.resolver, self.owner, str(expr[1])[1:]):
            definition = self.index.definition(*split_qid(callee))
            if definition is None:
                continue
            offset = 0 if definition.method_kind == "static" else 1  # `self` takes the first
            args: dict[str, set[str]] = {}
            for site in sites:
                for key, arg in site.args:
                    name = parameter_of(definition, key, offset)
                    if name is not None:
                        held = self.classes(module, qual, arg, bound, depth + 1)
                        args.setdefault(name, set()).update(held)
            out.append((callee, args))
        return out
