"""SQL DDL files (.sql, .ddl) into tables, views and foreign keys.

## What it detects
Tables (`CREATE TABLE`, with columns, primary key and inline or table-level foreign keys),
`ALTER TABLE ... ADD [CONSTRAINT] FOREIGN KEY | PRIMARY KEY`, views and materialized views (a
view reads each table it selects from), partitions (`PARTITION OF`, `ATTACH PARTITION`: folded
into their parent), schema-qualified and quoted names, and `CREATE SCHEMA ... CREATE TABLE ...`
compound statements, in the PostgreSQL, MySQL/MariaDB, SQLite, SQL Server and Oracle dialects.

## Why it matters
The data tier is what a federation plan splits: every table must be placed, and every foreign key
between two services must be cut. A missed table or key is a wrong plan.

## Example
```sql
CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));
```
gives `table:orders` with a `foreign_key` edge to `table:users`, keys `[[["user_id"], ["id"]]]`.

## Notes
The dialect comes from the config, or is detected per file. Only the statements that matter are
handed to sqlglot (its compiled build, `sqlglotc`, when installed); the others are skipped after a
cheap split. A statement sqlglot cannot parse is a diagnostic with its line; the run goes on.
Names are resolved across files in the link step, so an `ALTER TABLE` in one file may add a key to
a table created in another. The link step publishes `context.products["sql.views"]`: the set of
view names (as in `view:<name>`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from analyzers.base import LinkContext
from analyzers.sql_ddl import DdlReader
from analyzers.sql_dialect import detect_dialect
from analyzers.sql_facts import SchemaFacts, emit_schema
from analyzers.sql_plain import attached_partition
from analyzers.sql_statements import Statement, StatementKind, classify, split_statements
from decompose.model import FileFacts, NodeKind, SourceFile

SUFFIXES = (".sql", ".ddl")
VIEWS = "sql.views"  # published by the link step: the names of the views, for raw SQL readers


class SqlSchemaAnalyzer:
    name = "sql_schema"
    version = "1"

    def accepts(self, path: str) -> bool:
        return path.lower().endswith(SUFFIXES)

    def analyze(self, source: SourceFile) -> FileFacts:
        dialect = source.dialect or detect_dialect(source.text)
        statements = [
            (statement, kind)
            for statement in split_statements(source.text, dialect)
            if (kind := classify(statement.text)) is not None
        ]
        reader = DdlReader(source.path, source.text.split("\n"), dialect)
        reader.attached = _attached(statements)
        with quiet_sqlglot():
            for statement, kind in statements:
                reader.read(statement, kind)
        facts = reader.facts()
        diagnostics = tuple(reader.diagnostics)
        if facts.empty and not diagnostics:
            return FileFacts.skipped(
                self.name, source.path, "no table, view or foreign key statements"
            )
        return FileFacts(self.name, source.path, diagnostics=diagnostics, data=facts)

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        schemas = [f.data for f in facts if isinstance(f.data, SchemaFacts)]
        nodes, edges, aliases = emit_schema(schemas)
        context.products[VIEWS] = {n.name for n in nodes if n.kind is NodeKind.VIEW}
        return FileFacts(
            self.name, "", nodes=tuple(nodes), edges=tuple(edges), aliases=tuple(aliases)
        )


def _attached(statements: list[tuple[Statement, StatementKind]]) -> frozenset[str]:
    """The keys of the tables the file attaches as partitions (read before their CREATE TABLE,
    which comes first in a dump)."""
    names = (
        attached_partition(statement.text)
        for statement, kind in statements
        if kind is StatementKind.ATTACH_PARTITION
    )
    return frozenset(name.key for name in names if name is not None)


@contextmanager
def quiet_sqlglot() -> Iterator[None]:
    """Silence sqlglot's warnings (a statement it reads only as a command) while we read: such a
    statement becomes a diagnostic instead of a log line."""
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


ANALYZER = SqlSchemaAnalyzer()
