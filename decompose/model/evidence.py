"""Evidence: the place in the analysed repository that a fact comes from."""

from __future__ import annotations

from typing import NamedTuple

SNIPPET_LIMIT = 160


class Evidence(NamedTuple):
    """A path relative to the analysed root, a 1-based line and a short snippet of that line.

    A named tuple: a graph holds hundreds of thousands of these, hashed, sorted and pickled, and
    a tuple does all three in C.

    >>> Evidence.at("shop/orders.py", 12, "    session.add(order)  ")
    Evidence(path='shop/orders.py', line=12, snippet='session.add(order)')
    """

    path: str
    line: int
    snippet: str = ""

    @classmethod
    def at(cls, path: str, line: int, snippet: str = "") -> Evidence:
        """Evidence with the snippet stripped and cut to a readable length."""
        text = " ".join(snippet.split())
        if len(text) > SNIPPET_LIMIT:
            text = text[: SNIPPET_LIMIT - 1] + "…"
        return cls(path=path, line=line, snippet=text)

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "snippet": self.snippet}


def line_of(text: str, line: int) -> str:
    """The text of a 1-based line, or an empty string when out of range.

    >>> line_of("a\\nb\\n", 2)
    'b'
    """
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""
