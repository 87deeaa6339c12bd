"""Evidence: the place in the analysed repository that a fact comes from."""

from __future__ import annotations

from dataclasses import dataclass

from decompose.model.pickling import compact_pickle

SNIPPET_LIMIT = 160


@compact_pickle
@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """A path relative to the analysed root, a 1-based line and a short snippet of that line.

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
