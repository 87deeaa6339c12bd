"""Recovering a `CREATE TABLE` that sqlglot cannot parse as a whole.

One column sqlglot does not know (`GENERATED ALWAYS AS (...) VIRTUAL`, a vendor type option) must
not lose the table and its keys. The statement's elements (the top-level, comma-separated items
between its parentheses) are tried one by one; those that fail are blanked out, keeping every
newline so that line numbers stay true, and the rest is parsed again.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import TokenType, exp
from sqlglot.dialects.dialect import Dialect

from analyzers.sql_statements import Statement


@dataclass(frozen=True, slots=True)
class Element:
    """One column or constraint definition: `start`/`end` delimit its text; `cut_start` and
    `cut_end` also take in the comma that joins it to its neighbour."""

    start: int
    end: int
    cut_start: int
    cut_end: int


def table_elements(text: str, dialect: Dialect) -> list[Element]:
    """The elements of the first parenthesised list of a CREATE TABLE statement.

    >>> from sqlglot.dialects.dialect import Dialect
    >>> sql = "CREATE TABLE t (a int, b int)"
    >>> [sql[e.start:e.end].strip() for e in table_elements(sql, Dialect.get_or_raise("postgres"))]
    ['a int', 'b int']
    """
    try:
        tokens = dialect.tokenize(text)
    except Exception:  # an untokenizable statement cannot be recovered
        return []
    bounds: list[int] = []  # offsets of "(", each top-level ",", and ")"
    depth = 0
    for token in tokens:
        if token.token_type is TokenType.L_PAREN:
            depth += 1
            if depth == 1 and not bounds:
                bounds.append(token.start)
        elif token.token_type is TokenType.R_PAREN:
            depth -= 1
            if depth == 0 and bounds:
                bounds.append(token.start)
                break
        elif token.token_type is TokenType.COMMA and depth == 1 and bounds:
            bounds.append(token.start)
    return _elements(text, bounds)


def _elements(text: str, bounds: list[int]) -> list[Element]:
    if len(bounds) < 2 or text[bounds[-1]] != ")":
        return []
    elements = []
    last = len(bounds) - 2
    for index, (left, right) in enumerate(itertools.pairwise(bounds)):
        start, end = left + 1, right
        if index:  # from the comma before it
            cut_start, cut_end = left, right
        else:  # the first: up to and with the comma after it
            cut_start, cut_end = start, right + 1 if index < last else right
        elements.append(Element(start, end, cut_start, cut_end))
    return elements


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by spaces, newlines kept.

    >>> blank("a,\\nb,c", [(1, 4)])
    'a \\n ,c'
    """
    chars = list(text)
    for start, end in spans:
        for index in range(start, min(end, len(chars))):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


Parse = Callable[[Statement], exp.Expr | None]
Diagnose = Callable[[int, str], None]


def recover_table(
    statement: Statement, dialect: Dialect, parse: Parse, diagnose: Diagnose
) -> exp.Expr | None:
    """The statement parsed without the elements (and, if need be, the table options after
    them) that sqlglot cannot parse; each part skipped is a diagnostic. None when nothing helps."""
    text = statement.text
    elements = table_elements(text, dialect)
    if not elements:
        return None
    head = text[: elements[0].start]
    cuts: list[tuple[int, int]] = []
    notes: list[tuple[int, str]] = []  # reported only when the table is recovered
    for element in elements:
        piece = text[element.start : element.end]
        if parse(Statement(head + piece + ")", statement.line)) is None:
            cuts.append((element.cut_start, element.cut_end))
            offset = element.start + len(piece) - len(piece.lstrip())
            message = "cannot parse this column or constraint; skipped"
            notes.append((_line(statement, offset), message))
    if len(cuts) == len(elements):
        return None
    tree = parse(Statement(blank(text, cuts), statement.line))
    tail = elements[-1].end + 1
    options = text[tail:]
    if tree is None and options.strip():
        tree = parse(Statement(blank(text, [*cuts, (tail, len(text))]), statement.line))
        offset = tail + len(options) - len(options.lstrip())
        notes.append((_line(statement, offset), "cannot parse the table options; skipped"))
    for line, message in notes if tree is not None else []:
        diagnose(line, message)
    return tree


def _line(statement: Statement, offset: int) -> int:
    return statement.line + statement.text.count("\n", 0, offset)
