"""Parsing Python for analysis: `ast` first, LibCST for syntax newer than the interpreter.

`ast` reads what the running interpreter reads. Code written for a newer Python (3.12's
`def f[T]()`, `class C[T]:`, `type X = Y`, f-strings that reuse their quotes) is parsed with
LibCST instead, which reads Python 3.0 to 3.14; the newer syntax is rewritten away in place (type
parameters dropped, `type X = Y` turned into `X = Y`, such f-strings triple-quoted), keeping
every line where it was, and the result is parsed with `ast` again,
so that the facts and their line numbers are the same as a newer `ast` would give. Code that
neither accepts (Python 2, broken files) is a failure with the line `ast` reported.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ParseFailure:
    message: str
    line: int | None


def parse_python(text: str, path: str) -> ast.Module | ParseFailure:
    """The syntax tree of a file, or why it could not be read."""
    try:
        return _ast_parse(text, path)
    except SyntaxError as error:
        failure = ParseFailure(f"syntax error: {error.msg}", error.lineno)
    except (ValueError, RecursionError, MemoryError) as error:
        return ParseFailure(f"cannot parse: {type(error).__name__}: {error}", None)
    downgraded = downgrade(text)
    if downgraded is None or downgraded == text:
        return failure
    try:
        return _ast_parse(downgraded, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return failure


def _ast_parse(text: str, path: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences and the like
        return ast.parse(text, filename=path)


def downgrade(text: str) -> str | None:
    """The source with PEP 695 syntax rewritten for older parsers, or None when LibCST cannot
    read it either.

    >>> print(downgrade("def first[T](xs: list[T]) -> T:\\n    return xs[0]\\ntype N = int\\n"))
    def first(xs: list[T]) -> T:
        return xs[0]
    N = int
    <BLANKLINE>
    """
    try:
        import libcst as cst
    except ImportError:  # pragma: no cover - libcst is a dependency
        return None
    try:
        module = cst.parse_module(text)
        return str(module.visit(_transformer()()).code)
    except Exception:  # any LibCST failure means: not readable
        return None


def _transformer() -> Any:
    import libcst as cst

    class Downgrade(cst.CSTTransformer):
        def leave_FunctionDef(self, original: Any, updated: Any) -> Any:
            return updated.with_changes(type_parameters=None)

        def leave_ClassDef(self, original: Any, updated: Any) -> Any:
            return updated.with_changes(type_parameters=None)

        depth = 0

        def visit_FormattedString(self, node: Any) -> bool:
            self.depth += 1
            return True

        def leave_FormattedString(self, original: Any, updated: Any) -> Any:
            # 3.12 lets an f-string's fields use its own quotes (PEP 701): triple-quoting the
            # outermost single-quoted f-string makes them legal for older parsers, on the
            # same line
            self.depth -= 1
            quote = updated.end
            if self.depth or quote not in ("'", '"'):
                return updated
            return updated.with_changes(start=updated.start + quote * 2, end=quote * 3)

        def leave_TypeAlias(self, original: Any, updated: Any) -> Any:
            target = cst.AssignTarget(target=updated.name)
            return cst.Assign(targets=[target], value=updated.value)

    return Downgrade
