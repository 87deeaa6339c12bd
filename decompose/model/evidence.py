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


def source_lines(text: str) -> list[str]:
    """The lines of a source text as Python's parser numbers them: broken at `\\n`, `\\r\\n`
    and `\\r` only. `str.splitlines` also breaks at a form feed (a page break in GNU-style
    code), `\\x85` or `\\u2028`, which may stand in a comment or a string: every line after
    one would be quoted for the line before it.

    >>> source_lines("a = 1\\x0c  # page\\r\\nb = 2\\n")
    ['a = 1\\x0c  # page', 'b = 2', '']
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")
