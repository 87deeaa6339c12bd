"""Parsing Python for analysis: `ast` first; code `ast` rejects becomes a failure with its line."""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ParseFailure:
    message: str
    line: int | None


def parse_python(text: str, path: str) -> ast.Module | ParseFailure:
    """The syntax tree of a file, or why it could not be read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like
            return ast.parse(text, filename=path)
    except SyntaxError as error:
        return ParseFailure(f"syntax error: {error.msg}", error.lineno)
    except (ValueError, RecursionError, MemoryError) as error:
        return ParseFailure(f"cannot parse: {type(error).__name__}: {error}", None)
