"""Splitting a SQL script into statements with their line numbers, and picking those that matter.

A schema dump is mostly statements the schema reader does not need (indexes, functions, triggers,
grants, sequences). Splitting is one regular-expression pass that steps over strings, quoted
identifiers, comments and dollar-quoted bodies, so that only the statements that matter reach the
SQL parser, each with the line it starts on.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import Enum

_LINE_COMMENT = r"--[^\n]*"
_BLOCK_COMMENT = r"/\*.*?(?:\*/|\Z)"
_HASH_COMMENT = r"^[ \t]*#[^\n]*"  # at the start of a line (MySQL, Derby's ij scripts)
_DOLLAR = r"\$([A-Za-z_]\w*|)\$.*?(?:\$\1\$|\Z)"  # PostgreSQL dollar quoting
_IDENTIFIER = r'"(?:[^"]|"")*(?:"|\Z)'
_ESCAPE_STRING = r"(?<!\w)[Ee]'(?:[^'\\]|\\.|'')*(?:'|\Z)"  # PostgreSQL E'...'
_STRING = r"'(?:[^']|'')*(?:'|\Z)"
_SEPARATOR = r";"
_BY_DIALECT = {
    "mysql": [r"`[^`]*(?:`|\Z)", r"'(?:[^'\\]|\\.|'')*(?:'|\Z)"],  # backslash escapes
    "tsql": [r"\[[^\]\n]*\]", r"^[ \t]*(?i:GO)[ \t]*(?:\d+[ \t]*)?$"],
    "oracle": [r"^[ \t]*/[ \t]*$"],
}
_HASH_AFTER_NEWLINE = re.compile(r"\n[ \t]*#")  # a literal first character: a fast search


@functools.lru_cache(maxsize=32)
def _pattern(dialect: str, hash_comments: bool, escape_strings: bool) -> re.Pattern[str]:
    """The token pattern: rarer alternatives only when the text has them, as each one costs a
    try at every position of a large dump."""
    parts = [_LINE_COMMENT, _BLOCK_COMMENT, _DOLLAR]
    parts += [_HASH_COMMENT] if hash_comments else []
    parts += _BY_DIALECT.get(dialect, [])  # before the standard string, so that they win
    parts += [_ESCAPE_STRING] if escape_strings else []
    parts += [_IDENTIFIER, _STRING, _SEPARATOR]
    return re.compile("|".join(parts), re.S | re.M)


def _pattern_for(text: str, dialect: str | None) -> re.Pattern[str]:
    dialect = dialect if dialect in _BY_DIALECT else ""
    hashes = "#" in text and (
        text.lstrip(" \t").startswith("#") or _HASH_AFTER_NEWLINE.search(text) is not None
    )
    escapes = dialect == "" and "\\'" in text  # only a backslash-escaped quote needs E'...' care
    return _pattern(dialect or "", hashes, escapes)


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: its text (without the terminator) and the 1-based line it starts on."""

    text: str
    line: int


def split_statements(text: str, dialect: str | None = None) -> list[Statement]:
    """The statements of a script, in order, each with the line of its first character.

    >>> [(s.text, s.line) for s in split_statements("-- a; b\\nSELECT ';';\\n\\nSELECT 2")]
    [("SELECT ';'", 2), ('SELECT 2', 4)]
    """
    pattern = _pattern_for(text, dialect)
    statements: list[Statement] = []
    start: int | None = None
    position = line = 0  # `line` counts the newlines before `position`
    previous = 0
    for match in pattern.finditer(text):
        token_start = match.start()
        token = match.group()
        separator = _is_separator(token)
        if start is None:
            start = _first_significant(text, previous, token_start)
            if start is None and not separator and not _is_comment(token):
                start = token_start
        if separator:
            if start is not None:
                line += text.count("\n", position, start)
                position = start
                statements.append(Statement(text[start:token_start].rstrip(), line + 1))
            start = None
        previous = match.end()
    if start is None:
        start = _first_significant(text, previous, len(text))
    if start is not None:
        line += text.count("\n", position, start)
        statements.append(Statement(text[start:].rstrip(), line + 1))
    return statements


_SIGNIFICANT = re.compile(r"\S")


def _first_significant(text: str, begin: int, end: int) -> int | None:
    found = _SIGNIFICANT.search(text, begin, end)
    return found.start() if found else None


def _is_comment(token: str) -> bool:
    head = token.lstrip(" \t")[:2]
    return head == "--" or head == "/*" or head[:1] == "#"


def _is_separator(token: str) -> bool:
    if token == ";":
        return True
    if token[0] not in " \t/Gg":
        return False
    stripped = token.strip()
    return stripped == ";" or stripped == "/" or stripped.upper().startswith("GO")


class StatementKind(str, Enum):
    """The statements the schema reader parses."""

    CREATE_TABLE = "create_table"
    CREATE_VIEW = "create_view"
    ALTER_TABLE = "alter_table"
    ATTACH_PARTITION = "attach_partition"
    CREATE_SCHEMA = "create_schema"
    SET_SEARCH_PATH = "set_search_path"


_CREATE_TABLE = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:UNLOGGED|TRANSIENT)\s+)?TABLE\s",
    re.I,
)
_CREATE_VIEW = re.compile(
    r"CREATE\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:(?:NO)?FORCE\s+|ALGORITHM\s*=\s*\w+\s+|DEFINER\s*=\s*\S+\s+"
    r"|SQL\s+SECURITY\s+\w+\s+)*(?:(?:MATERIALIZED|RECURSIVE)\s+)?VIEW\s",
    re.I,
)
_SET_SEARCH_PATH = re.compile(r"SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\b", re.I)
_ALTER_TABLE = re.compile(r"ALTER\s+TABLE\s", re.I)
_ALTER_MATTERS = re.compile(r"\b(?:FOREIGN\s+KEY|REFERENCES|PRIMARY\s+KEY)\b", re.I)
_ATTACH = re.compile(r"\bATTACH\s+PARTITION\b", re.I)
_CREATE_SCHEMA = re.compile(r"CREATE\s+SCHEMA\s.*?\bCREATE\s", re.I | re.S)


def classify(text: str) -> StatementKind | None:
    """What kind of statement this is, when the schema reader needs it; None otherwise.

    >>> classify("ALTER TABLE ONLY a ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES c(id)")
    <StatementKind.ALTER_TABLE: 'alter_table'>
    >>> classify("CREATE INDEX i ON a (b)") is None
    True
    """
    head = text[:7].upper()
    if head.startswith("CREATE"):
        if _CREATE_TABLE.match(text):
            return StatementKind.CREATE_TABLE
        if _CREATE_VIEW.match(text):
            return StatementKind.CREATE_VIEW
        if text[6:].lstrip()[:6].upper() == "SCHEMA" and _CREATE_SCHEMA.match(text):
            return StatementKind.CREATE_SCHEMA
    elif head.startswith("SET") and _SET_SEARCH_PATH.match(text):
        return StatementKind.SET_SEARCH_PATH
    elif head.startswith("ALTER") and _ALTER_TABLE.match(text):
        upper = text.upper()  # plain substring tests first: a dump has thousands of ALTERs
        if "ATTACH" in upper and _ATTACH.search(text):
            return StatementKind.ATTACH_PARTITION
        if (
            "FOREIGN" in upper or "REFERENCES" in upper or "PRIMARY" in upper
        ) and _ALTER_MATTERS.search(text):
            return StatementKind.ALTER_TABLE
    return None
