"""Python's method resolution order of the ORM analyzers' classes (analyzers.orm_names)."""

from __future__ import annotations

from collections import Counter

from analyzers.orm_names import MethodOrders


def _diamonds(depth: int) -> dict[str, list[str]]:
    """A stack of diamonds: each level's two classes both inherit from the two of the level
    below."""
    hierarchy = {"Top": ["A0", "B0"]}
    for level in range(depth):
        below = [f"A{level + 1}", f"B{level + 1}"] if level + 1 < depth else ["Root"]
        hierarchy[f"A{level}"] = below
        hierarchy[f"B{level}"] = below
    return hierarchy


def test_each_class_bases_are_read_once_however_deep_the_diamonds() -> None:
    hierarchy = _diamonds(30)
    asked: Counter[str] = Counter()

    def bases(name: str) -> list[str]:
        asked[name] += 1
        return hierarchy.get(name, [])

    orders = MethodOrders(bases)
    order = orders("Top")
    assert order[:3] == ["Top", "A0", "B0"] and order[-1] == "Root" and len(order) == 62
    assert orders("A0") == order[1:2] + order[3:]
    assert max(asked.values()) == 1


def test_a_cycle_or_an_inconsistent_order_has_none() -> None:
    cycle = MethodOrders(lambda name: {"A": ["B"], "B": ["A"], "C": ["A"]}.get(name, []))
    assert (cycle("A"), cycle("C")) == ([], [])
    crossed = {"X": ["A", "B"], "Y": ["B", "A"], "Z": ["X", "Y"]}
    assert MethodOrders(lambda name: crossed.get(name, []))("Z") == []
