"""Raw SQL and transaction scopes in Python source, per file, for the data access analyzer.

SQL text is taken from the first argument of `execute`, `executemany`, `executescript`,
`exec_driver_sql`, `text`, `raw` and `RawSQL`: a literal, an f-string, `+` concatenation, `%`
formatting, `"...".format(...)`, or a name assigned such a string earlier in the same function or at
module level. The holes of f-strings and formatting become placeholders (see analyzers.raw_sql).

Transaction scopes, per function, as [start_line, end_line, kind]:
- "atomic": `with transaction.atomic():` (its block) or `@transaction.atomic` (the whole function);
- "engine.begin": `with engine.begin()` / `with conn.begin()` (a receiver named engine or conn);
- "session.begin": `with <anything else>.begin()` or `.begin_nested()` (its block);
- "commit": an explicit `.commit()`: the function's statements up to it, from its start or from
  the line after the previous commit, form one transaction.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from analyzers.orm_names import call_name, keyword, literal_str
from analyzers.python_names import dotted
from analyzers.raw_sql import HOLE

RAW_CALLS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "text", "raw", "RawSQL"}
)
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
Span = tuple[int, int, str]


def sql_argument(call: ast.Call) -> ast.expr | None:
    """The expression holding the SQL of a raw-SQL call, if the call is one."""
    if call_name(call) not in RAW_CALLS:
        return None
    if call.args:
        return call.args[0]
    for name in ("sql", "statement", "query", "raw_query", "operation"):
        found = keyword(call, name)
        if found is not None:
            return found
    return None


def string_value(node: ast.expr, consts: Mapping[str, str]) -> str | None:
    """The text of a string expression, with holes for what is computed at run time.

    >>> string_value(ast.parse('f"SELECT * FROM t ORDER BY {c}"', mode="eval").body, {})
    'SELECT * FROM t ORDER BY decompose_hole'
    """
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(_fstring_part(part) for part in node.values)
    if isinstance(node, ast.Name):
        return consts.get(node.id)
    if isinstance(node, ast.BinOp):
        left = string_value(node.left, consts)
        if isinstance(node.op, ast.Mod):
            return left  # `%s` holes are replaced when the SQL is read
        right = string_value(node.right, consts) if isinstance(node.op, ast.Add) else None
        return left + right if left is not None and right is not None else None
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Attribute) and func.attr == "format":
        base = string_value(func.value, consts)
        return _FORMAT_FIELD.sub(HOLE, base) if base is not None else None
    return None


def _fstring_part(part: ast.expr) -> str:
    if isinstance(part, ast.Constant) and isinstance(part.value, str):
        return part.value
    return HOLE


def with_scope_kind(expr: ast.expr) -> str | None:
    """The transaction kind a `with` item opens, or None."""
    name = call_name(expr) or (dotted(expr) or "").rsplit(".", 1)[-1]
    if name == "atomic":
        return "atomic"
    if name not in ("begin", "begin_nested") or not isinstance(expr, ast.Call):
        return None
    assert isinstance(expr.func, ast.Attribute)
    receiver = (dotted(expr.func.value) or "").lower()
    last = receiver.rsplit(".", 1)[-1]
    return "engine.begin" if "engine" in last or last in ("conn", "connection") else "session.begin"


def is_atomic_decorator(decorator: ast.expr) -> bool:
    name = call_name(decorator) or dotted(decorator) or ""
    return name.rsplit(".", 1)[-1] == "atomic"


def is_commit(call: ast.Call) -> bool:
    return (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "commit"
        and not call.args
        and not call.keywords
    )


def commit_spans(start: int, commits: list[int]) -> list[Span]:
    """One span per commit: from the function's start (or the line after the previous commit)
    to the commit.

    >>> commit_spans(10, [14, 20])
    [(10, 14, 'commit'), (15, 20, 'commit')]
    """
    spans: list[Span] = []
    begin = start
    for line in sorted(set(commits)):
        spans.append((begin, line, "commit"))
        begin = line + 1
    return spans


def string_constant(value: ast.expr) -> str | None:
    """A literal string assigned to a name, for later `execute(NAME)` lookups."""
    return literal_str(value)
