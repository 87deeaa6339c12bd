"""Django signals as calls: a `send` reaches every receiver of the same signal.

What it detects: `order_placed.send(sender, ...)` (also `send_robust`, `asend`, `asend_robust`)
calls, through Django's dispatcher, each function connected to that signal with
`@receiver(order_placed)` (or a list of signals) or `order_placed.connect(handler)`. A signal is
known by where it is bound: the module-level variable of the analysed code
(`shop.signals:order_placed`, followed through imports and re-exports), or the dotted name of one
outside it (`django.db.models.signals.post_save`), also when a function imports it or a class
attribute holds it. A receiver may be an object (its `__call__` runs).

Django also sends signals itself: saving a model instance (`order.save()`, or
`Order.objects.create(...)`, `get_or_create`, `update_or_create`) sends `pre_save` and
`post_save`, and deleting one (or a queryset) `pre_delete` and `post_delete`, with the model as
sender; such a call reaches their receivers the same way.

A receiver connected for one `sender` is reached only from a send whose sender is plainly that
class (`sender=Order`): Django compares senders by identity, and a sender that is not known
(`self.__class__`, a variable) may be another. A receiver connected in test code is reached
from test code only, and one connected inside a test from that test only.

Why it matters: a signal is an event already, but one delivered synchronously, in the sender's
process and transaction: it couples the sender to every receiver as a call does.

Example: `order_placed.send(sender=self, order=order)` in `shop.orders:place` and
`@receiver(order_placed)` on `shop.loyalty:award` give the call
`function:shop.orders:place` -calls-> `function:shop.loyalty:award`, with `dispatch`
["signal"] and the evidence of the `send` line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from analyzers.python_calls import FLOWING, Flows, ResolvedCall, parameter_of
from analyzers.python_index import SymbolIndex, Value, split_qid
from analyzers.python_names import is_test_code
from analyzers.python_resolve import EMPTY, Resolver, Values
from analyzers.python_summary import CallSite, Expr, Ref, is_plain_ref

SENDS = frozenset({".send", ".send_robust", ".asend", ".asend_robust"})


def signal_calls(index: SymbolIndex, resolver: Resolver) -> list[ResolvedCall]:
    """A call from each signal send to the receivers it reaches, in the order of the sites."""
    receivers = _receivers(index, resolver)
    if not receivers:
        return []
    found: list[ResolvedCall] = []
    for module, summary in sorted(index.summaries.items()):
        in_tests = is_test_code(summary.path)
        for site in summary.calls:
            if len(site.callee) < 2:
                continue
            signals: Iterable[str]
            if site.callee[-1] in SENDS:
                signals, sender = _sent(resolver, module, site)
            elif site.callee[-1] in _WRITES:
                signals, sender = _model_signals(resolver, module, site)
            else:
                continue
            functions = _reaching(receivers, signals, sender, module, site.scope, in_tests)
            if functions:
                found.append(ResolvedCall(module, site, tuple(sorted(functions)), (), "signal"))
    return found


def signal_flows(index: SymbolIndex, resolver: Resolver) -> Flows:
    """What Django's dispatcher hands the receivers, by keyword: a `send`'s arguments
    (`sender` first, then its keywords) to the receivers it reaches (test code's only to test
    code), and to a receiver of a model's `pre_save`, `post_save`, `pre_delete` or
    `post_delete` connected for a sender (`sender=Order`), that class as `sender` and an
    instance of it as `instance`."""
    receivers = _receivers(index, resolver)
    flows: Flows = {}

    def hand(function: str, name: str, values: Iterable[Value]) -> None:
        definition = index.definition(*split_qid(function))
        if definition is None or parameter_of(definition, name, 0) is None:
            return
        kept = {v for v in values if v[0] in FLOWING}
        if kept:
            flows.setdefault((*split_qid(function), name), set()).update(kept)

    for signal in sorted(_SAVED | _DELETED):
        for receiver in sorted(receivers.get(signal, ()), key=lambda r: r.function):
            for model in sorted(receiver.wanted or ()):
                if model[0] == "c" and resolver.is_django_model(str(model[1])):
                    hand(receiver.function, "sender", [model])
                    hand(receiver.function, "instance", [("i", model[1])])
    if not receivers:
        return flows
    for module, summary in sorted(index.summaries.items()):
        in_tests = is_test_code(summary.path)
        for site in summary.calls:
            if len(site.callee) < 2 or site.callee[-1] not in SENDS:
                continue
            signals, sender = _sent(resolver, module, site)
            reached = sorted(
                function  # not from test code into the code it tests, as for any call
                for function in _reaching(receivers, signals, sender, module, site.scope, in_tests)
                if not in_tests or index.is_test(split_qid(function)[0])
            )
            if not reached:
                continue
            for key, expr in site.args:
                name = "sender" if key == 0 else key
                if not isinstance(name, str):
                    continue
                values = resolver.evaluate(module, site.scope, expr, site.line)
                for function in reached:
                    hand(function, name, values)
    return flows


def _sent(resolver: Resolver, module: str, site: CallSite) -> tuple[set[str], Values]:
    """The signals a `send` site sends, and its sender (`_sender`)."""
    given = dict(site.args)
    signals = resolver.binding(module, site.scope, site.callee[:-1])
    return signals, _sender(resolver, module, site, given.get("sender", given.get(0)))


def _reaching(
    receivers: dict[str, set[_Receiver]],
    signals: Iterable[str],
    sender: Values,
    module: str,
    scope: str,
    in_tests: bool,
) -> set[str]:
    """The receivers that sending `signals` with `sender` from `scope` of `module` reaches."""
    return {
        receiver.function
        for signal in signals
        for receiver in receivers.get(signal, ())
        if receiver.heard_from(module, scope, in_tests) and receiver.takes(sender)
    }


# The signals Django sends itself when a model's rows are saved or deleted, with the model as
# sender: by the method called on an instance ("i"), on `super()` in a model's method ("s"), or
# on a manager or queryset ("q"). `update()`, `bulk_create()` and `bulk_update()` send none.
_MODEL_SIGNALS = "django.db.models.signals."
_SAVED = frozenset({_MODEL_SIGNALS + "pre_save", _MODEL_SIGNALS + "post_save"})
_DELETED = frozenset({_MODEL_SIGNALS + "pre_delete", _MODEL_SIGNALS + "post_delete"})
_WRITES: dict[str, dict[str, frozenset[str]]] = {
    ".save": {"i": _SAVED, "s": _SAVED},
    ".delete": {"i": _DELETED, "s": _DELETED, "q": _DELETED},
    ".create": {"q": _SAVED},
    ".get_or_create": {"q": _SAVED},
    ".update_or_create": {"q": _SAVED},
}


def _model_signals(
    resolver: Resolver, module: str, site: CallSite
) -> tuple[frozenset[str], Values]:
    """The signals a save or delete sends (Django's `pre_save`, `post_save`...) and the model it
    sends them for, where Django's own method runs: on an instance of a model, or on `super()`
    in a model's method, when no override of the analysed code comes first (that override's
    `super().save()` is where Django's runs), or on a manager or queryset."""
    method = site.callee[-1]
    by_kind = _WRITES[method]
    signals: set[str] = set()
    senders: set[tuple[str, str]] = set()
    for value in resolver.evaluate(module, site.scope, site.callee[:-1], site.line):
        kind, klass = value[0], str(value[1])
        sent = by_kind.get(kind)
        if not sent or not resolver.is_django_model(klass):
            continue
        if kind in ("i", "s") and any(
            v[0] == "f" for v in resolver.step(frozenset({value}), method)
        ):
            continue  # an override of the analysed code runs, and sends from its `super()`
        signals |= sent
        senders.add(("c", klass))
    return frozenset(signals), frozenset(senders)


@dataclass(frozen=True, slots=True)
class _Receiver:
    function: str
    wanted: Values | None  # the senders it is connected for: None for any, empty when not known
    # where it is connected, in test code: (module, "") at a test module's top level, reached
    # from test code only; (module, function) in a test, reached from that test only
    test: tuple[str, str] | None

    def takes(self, sender: Values) -> bool:
        """Whether a send with this sender (empty when not known) surely reaches it: Django
        compares senders by identity, so a receiver for one sender needs that very sender."""
        return self.wanted is None or not sender.isdisjoint(self.wanted)

    def heard_from(self, module: str, scope: str, in_tests: bool) -> bool:
        """Whether a send there reaches it: from anywhere when it is connected in application
        code; from test code, or from the very test that connects it."""
        if self.test is None:
            return True
        owner, function = self.test
        if not function:
            return in_tests
        return module == owner and (scope == function or scope.startswith(f"{function}."))


def _receivers(index: SymbolIndex, resolver: Resolver) -> dict[str, set[_Receiver]]:
    receivers: dict[str, set[_Receiver]] = defaultdict(set)
    for module, summary in sorted(index.summaries.items()):
        in_tests = is_test_code(summary.path)
        for qual, site in summary.decorator_calls:  # `@receiver(signal, sender=Order)`
            if site.callee[-1].lstrip(".") != "receiver" or not site.args:
                continue
            given = dict(site.args)
            wanted = _wanted(resolver, module, site, given)
            for signal_ref in _listed(given.get(0)):
                for signal in resolver.binding(module, site.scope, signal_ref):
                    where = (module, site.scope) if in_tests else None
                    receivers[signal].add(_Receiver(f"{module}:{qual}", wanted, where))
        for site in summary.calls:  # `signal.connect(handler, sender=Order)`
            given = dict(site.args)
            handler = given.get(0, given.get("receiver"))
            if site.callee[-1] != ".connect" or handler is None or len(site.callee) < 2:
                continue
            signals = resolver.binding(module, site.scope, site.callee[:-1])
            if not signals:
                continue
            wanted = _wanted(resolver, module, site, given)
            for function in _handlers(resolver, module, site, handler):
                for signal in signals:
                    where = (module, site.scope) if in_tests else None
                    receivers[signal].add(_Receiver(function, wanted, where))
    return receivers


def _handlers(resolver: Resolver, module: str, site: CallSite, handler: Expr) -> set[str]:
    """The functions a handler given to `connect` runs: a function, or an object's `__call__`."""
    found: set[str] = set()
    for value in resolver.evaluate(module, site.scope, handler, site.line):
        if value[0] == "f":
            found.add(str(value[1]))
        elif value[0] == "i":
            calls = resolver.method(str(value[1]), "__call__")
            found.update(str(v[1]) for v in calls if v[0] == "f")
    return found


def _listed(expr: Expr | None) -> Iterator[Ref]:
    """The references a receiver is given: one, or each of a list or tuple of them."""
    if expr is None:
        return
    if expr[0] in ("[", "("):
        yield from (item for item in expr[1:] if isinstance(item, tuple) and is_plain_ref(item))
    elif is_plain_ref(expr):
        yield expr


def _wanted(
    resolver: Resolver, module: str, site: CallSite, given: dict[int | str, Expr]
) -> Values | None:
    """The senders a receiver is connected for: None when it names none (any sender)."""
    expr = given.get("sender")
    return None if expr is None else _sender(resolver, module, site, expr)


def _sender(resolver: Resolver, module: str, site: CallSite, expr: Expr | None) -> Values:
    """The classes a `sender` argument names: one named plainly (`Order`, `models.Order`, a
    module-level or imported name), or the class of the method it is in (`self.__class__`,
    `cls`), as `self.method()` is that class's method. `self.model`, `self.through`, a
    parameter or a local variable may be any of several (a parameter holds whatever any caller
    passes), so they are not known (empty)."""
    if expr is None or not is_plain_ref(expr):
        return EMPTY
    own = tuple(expr) in (("self", ".__class__"), ("cls",))
    if not own and (str(expr[0]) in ("self", "cls") or ".__class__" in expr[1:]):
        return EMPTY
    if not own and not resolver.binding(module, site.scope, (str(expr[0]),)):
        return EMPTY  # a parameter or a local name
    values = resolver.evaluate(module, site.scope, expr[:1] if own else expr, site.line)
    return frozenset(("c", v[1]) if v[0] == "i" else v for v in values if v[0] in "cei")
