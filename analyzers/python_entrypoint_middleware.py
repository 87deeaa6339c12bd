"""Django's middleware as entry points: the code every request goes through.

A settings module (`settings`, `x.settings`, `x.settings.prod`) lists the middleware by dotted
name (`MIDDLEWARE = ["shop.middleware.TimingMiddleware", ...]`, or the older
`MIDDLEWARE_CLASSES`). Each one of the analysed code is an entry point of type "middleware":
- a class: Django makes it once (`__init__`) and, per request, calls it (`__call__`) or, through
  Django's `MiddlewareMixin`, its `process_request`, `process_view`, `process_response`,
  `process_exception` and `process_template_response`; its entry point reaches these by its MRO
  and what they run on it (`analyzers.python_hooks.dispatched`);
- a function: a factory Django calls once with `get_response`; the function it returns is the
  middleware, called per request. Its entry point reaches both.

The entry point's evidence is the settings module's `MIDDLEWARE = [...]` line. A list that is no
literal of strings (built by `+`, or set under a condition) is not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analyzers.python_hooks import dispatched
from analyzers.python_index import SymbolIndex
from analyzers.python_resolve import Resolver
from analyzers.python_summary import LISTED_CONSTANTS, NOT_CONSTANT

if TYPE_CHECKING:
    from analyzers.python_entrypoints import EntryPoint

_HOOKS = (
    "__init__", "__call__", "process_request", "process_view", "process_response",
    "process_exception", "process_template_response",
)  # fmt: skip


def middleware(index: SymbolIndex, resolver: Resolver) -> list[EntryPoint]:
    """The analysed middleware the settings modules list, one entry point each."""
    from analyzers.python_entrypoints import EntryPoint

    found: dict[str, EntryPoint] = {}
    for (module, scope), constants in sorted(index.constants.items()):
        if scope or "settings" not in module.split("."):
            continue
        for setting in sorted(LISTED_CONSTANTS & set(constants)):
            listed = constants[setting]
            bound = index.bindings.get((module, ""), {}).get(setting, [])
            if listed == NOT_CONSTANT or not bound:
                continue
            line = bound[-1][1]
            for dotted in listed.split():
                for value in sorted(resolver.dotted(dotted)):
                    handler = str(value[1])
                    if value[0] == "c":
                        targets = dispatched(resolver, handler, _HOOKS)
                    elif value[0] == "f":
                        made = resolver.returned(handler)
                        targets = (handler, *sorted(str(v[1]) for v in made if v[0] == "f"))
                    else:
                        continue
                    if handler not in found:
                        found[handler] = EntryPoint(
                            handler, "middleware", "django", module, line, (), targets=targets
                        )
    return [found[h] for h in sorted(found)]
