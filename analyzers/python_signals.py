"""Django signals as calls: a `send` reaches every receiver of the same signal.

What it detects: `order_placed.send(sender, ...)` (also `send_robust`, `asend`, `asend_robust`)
calls, through Django's dispatcher, each function connected to that signal with
`@receiver(order_placed)` (or a list of signals) or `order_placed.connect(handler)`. A signal is
known by where it is bound: the module-level variable of the analysed code
(`shop.signals:order_placed`, followed through imports and re-exports), or the dotted name of one
outside it (`django.db.models.signals.post_save`). When both the receiver and the send name a
`sender` and both are known, a receiver of another sender is not reached.

Why it matters: a signal is an event already, but one delivered synchronously, in the sender's
process and transaction: it couples the sender to every receiver as a call does.

Example: `order_placed.send(sender=self, order=order)` in `shop.orders:place` and
`@receiver(order_placed)` on `shop.loyalty:award` give the call
`function:shop.orders:place` -calls-> `function:shop.loyalty:award`, with `dispatch`
["signal"] and the evidence of the `send` line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from analyzers.python_calls import ResolvedCall
from analyzers.python_index import SymbolIndex
from analyzers.python_resolve import EMPTY, Resolver, Values
from analyzers.python_summary import CallSite, Expr, Ref

SENDS = frozenset({".send", ".send_robust", ".asend", ".asend_robust"})


def signal_calls(index: SymbolIndex, resolver: Resolver) -> list[ResolvedCall]:
    """A call from each signal send to the receivers it reaches, in the order of the sites."""
    receivers = _receivers(index, resolver)
    if not receivers:
        return []
    found: list[ResolvedCall] = []
    for module, summary in sorted(index.summaries.items()):
        for site in summary.calls:
            if len(site.callee) < 2 or site.callee[-1] not in SENDS:
                continue
            signals = resolver.binding(module, site.scope, site.callee[:-1])
            sender = _sender(resolver, module, site, dict(site.args).get("sender"), position=0)
            functions = {
                function
                for signal in signals
                for function, wanted in receivers.get(signal, ())
                if not (sender and wanted and sender.isdisjoint(wanted))
            }
            if functions:
                found.append(ResolvedCall(module, site, tuple(sorted(functions)), (), "signal"))
    return found


_Receivers = dict[str, set[tuple[str, Values]]]  # signal -> (function, senders it wants)


def _receivers(index: SymbolIndex, resolver: Resolver) -> _Receivers:
    receivers: _Receivers = defaultdict(set)
    for module, summary in sorted(index.summaries.items()):
        for qual, site in summary.decorator_calls:  # `@receiver(signal, sender=Order)`
            if site.callee[-1].lstrip(".") != "receiver" or not site.args:
                continue
            given = dict(site.args)
            wanted = _sender(resolver, module, site, given.get("sender"))
            for signal_ref in _listed(given.get(0)):
                for signal in resolver.binding(module, site.scope, signal_ref):
                    receivers[signal].add((f"{module}:{qual}", wanted))
        for site in summary.calls:  # `signal.connect(handler, sender=Order)`
            given = dict(site.args)
            handler = given.get(0, given.get("receiver"))
            if site.callee[-1] != ".connect" or handler is None or len(site.callee) < 2:
                continue
            signals = resolver.binding(module, site.scope, site.callee[:-1])
            if not signals:
                continue
            wanted = _sender(resolver, module, site, given.get("sender"))
            handlers = resolver.evaluate(module, site.scope, handler, site.line)
            for value in handlers:
                if value[0] == "f":
                    for signal in signals:
                        receivers[signal].add((str(value[1]), wanted))
    return receivers


def _listed(expr: Expr | None) -> Iterator[Ref]:
    """The references a receiver is given: one, or each of a list or tuple of them."""
    if expr is None:
        return
    if expr[0] in ("[", "("):
        yield from (item for item in expr[1:] if isinstance(item, tuple) and _is_ref(item))
    elif _is_ref(expr):
        yield expr


def _is_ref(expr: Expr) -> bool:
    return all(isinstance(part, str) for part in expr) and expr[0] not in ("[", "(", "{", "|")


def _sender(
    resolver: Resolver, module: str, site: CallSite, expr: Expr | None, position: int = -1
) -> Values:
    """The classes a `sender` argument may hold (empty when not given or not known)."""
    if expr is None and position >= 0:
        expr = dict(site.args).get(position)
    if expr is None:
        return EMPTY
    values = resolver.evaluate(module, site.scope, expr, site.line)
    return frozenset(v for v in values if v[0] in ("c", "e"))
