"""Statements simple enough to read without sqlglot, and names written in them.

A dump repeats a few fixed forms thousands of times (`ALTER TABLE ... ATTACH PARTITION`, which
sqlglot reads only as a command, and `ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY (...)`). A
regular expression that must match the whole statement reads them; anything else goes to sqlglot.
"""

from __future__ import annotations

import re

from analyzers.sql_facts import TableName

PART = r'(?:"(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[\w$]+)'  # quoted, backticked, bracketed or plain
NAME = rf"{PART}(?:\s*\.\s*{PART})*"
ATTACH = re.compile(
    rf"ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(?P<parent>{NAME})"
    rf"\s+ATTACH\s+PARTITION\s+(?P<child>{NAME})",
    re.I,
)
PRIMARY_KEY = re.compile(
    rf"ALTER\s+TABLE\s+(?:ONLY\s+)?(?P<table>{NAME})\s+ADD\s+(?:CONSTRAINT\s+{NAME}\s+)?"
    rf"PRIMARY\s+KEY\s*\((?P<columns>\s*{NAME}\s*(?:,\s*{NAME}\s*)*)\)\s*",
    re.I,
)
TABLE_HEAD = re.compile(
    rf"CREATE\s+(?:OR\s+REPLACE\s+)?(?:\w+\s+)*?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{NAME})",
    re.I,
)
SCHEMA_HEAD = re.compile(
    rf"CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:(?!AUTHORIZATION\b)(?P<name>{NAME}))?"
    rf"(?:\s*AUTHORIZATION\s+(?P<owner>{NAME}))?",
    re.I,
)
_NAME_PART = re.compile(r'"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([\w$]+)')


def plain_name(text: str, default_schema: str | None = None) -> TableName:
    """A TableName from a (possibly qualified, possibly quoted) name matched by `NAME`.

    >>> plain_name('"Sales"."Order Items"')
    TableName(name='Sales.Order Items', fold=False)
    >>> plain_name("orders", "sales").name
    'sales.orders'
    """
    parts: list[str] = []
    fold = True
    for match in _NAME_PART.finditer(text):
        quoted, plain = match.group(1) or match.group(2) or match.group(3), match.group(4)
        fold = fold and plain is not None
        parts.append(plain if plain is not None else (quoted or "").replace('""', '"'))
    schema = parts[-2] if len(parts) > 1 else default_schema
    return TableName.of(schema, parts[-1] if parts else "", fold=fold)


def attached_partition(statement: str) -> TableName | None:
    """The partition an `ALTER TABLE ... ATTACH PARTITION` statement attaches.

    >>> attached_partition("ALTER TABLE ONLY p ATTACH PARTITION s.p_1 FOR VALUES IN (1)").name
    's.p_1'
    """
    found = ATTACH.match(statement)
    return plain_name(found.group("child")) if found else None


def search_path(statement: str) -> str | None:
    """The schema that unqualified names fall in after `SET search_path ...` (the first one
    that is not a catalog), or None.

    >>> search_path("SET search_path = sales, pg_catalog")
    'sales'
    >>> search_path("SET search_path TO '$user', public") is None
    True
    """
    found = SEARCH_PATH.match(statement)
    for part in found.group("schemas").split(",") if found else []:
        name = part.strip().strip("'\"")
        if name and name not in ("$user", "pg_catalog", "public"):
            return name
    return None


SEARCH_PATH = re.compile(
    r"SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\s*(?:=|TO)\s*(?P<schemas>.*)$", re.I | re.S
)
