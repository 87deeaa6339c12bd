"""Guessing the SQL dialect of a script from tell-tale words, when the config does not say.

Each dialect has a few marks that the others do not use (`ENGINE=` and backticks for MySQL,
`[dbo]` and `GO` for SQL Server, `::` casts and `SET search_path` for PostgreSQL, `VARCHAR2` for
Oracle, `AUTOINCREMENT` for SQLite). The dialect with the most marks in the head of the file
wins; with none, PostgreSQL, whose parser also reads generic DDL (Derby, HSQLDB, H2).
"""

from __future__ import annotations

import re

SAMPLE = 64_000  # characters looked at: the marks show up early in a script
DEFAULT = "postgres"

_MARKS: dict[str, re.Pattern[str]] = {
    "mysql": re.compile(r"\bENGINE\s*=|`\w+`|\bAUTO_INCREMENT\b|\bUNSIGNED\b|\bDELIMITER\b", re.I),
    "tsql": re.compile(
        r"\[dbo\]|^\s*GO\s*$|\bIDENTITY\s*\(|\bNVARCHAR\b|\bUNIQUEIDENTIFIER\b|\bCLUSTERED\b",
        re.I | re.M,
    ),
    "postgres": re.compile(
        r"\b(?:BIG)?SERIAL\b|::\w|\bSET\s+search_path\b|\$\$|\bOWNER\s+TO\b|\bpg_catalog\b", re.I
    ),
    "oracle": re.compile(
        r"\bVARCHAR2\b|\bNUMBER\s*\(|\bNVARCHAR2\b|\bSYSDATE\b|^\s*/\s*$", re.I | re.M
    ),
    "sqlite": re.compile(r"\bAUTOINCREMENT\b|\bPRAGMA\b|\bWITHOUT\s+ROWID\b", re.I),
}


def detect_dialect(text: str) -> str:
    """The sqlglot dialect name this script most likely uses.

    >>> detect_dialect("CREATE TABLE `a` (id int) ENGINE=InnoDB;")
    'mysql'
    >>> detect_dialect("CREATE TABLE [dbo].[a] (id int)\\nGO\\n")
    'tsql'
    >>> detect_dialect("CREATE TABLE a (id int);")
    'postgres'
    """
    sample = text[:SAMPLE]
    scores = {name: len(pattern.findall(sample)) for name, pattern in _MARKS.items()}
    best = max(scores, key=lambda name: (scores[name], name == DEFAULT))
    return best if scores[best] else DEFAULT
