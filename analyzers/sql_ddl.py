"""Reading DDL statements into schema facts: sqlglot parses, this module picks out what matters.

One `DdlReader` reads the statements of one file in order and collects tables (columns, primary
key, `PARTITION OF`), foreign keys (inline, table-level, `ALTER TABLE ... ADD`), views with the
tables they select from, and attached partitions. A statement sqlglot cannot parse becomes a
diagnostic with the line sqlglot stopped at, and the reader goes on; a CREATE TABLE loses only
the parts that cannot be parsed (see analyzers.sql_recover).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TypeVar

from sqlglot import TokenType, exp
from sqlglot.dialects.dialect import Dialect

from analyzers.sql_facts import (
    ForeignKeyDef,
    PartitionDef,
    PrimaryKeyDef,
    SchemaFacts,
    TableDef,
    TableName,
    ViewDef,
)
from analyzers.sql_plain import (
    ATTACH,
    PRIMARY_KEY,
    SCHEMA_HEAD,
    TABLE_HEAD,
    plain_name,
    search_path,
)
from analyzers.sql_recover import recover_table
from analyzers.sql_statements import Statement, StatementKind, classify
from decompose.model import Diagnostic, Evidence, Severity

CASE_INSENSITIVE_QUOTES = frozenset({"mysql", "tsql"})  # quoting there does not make case matter


@dataclass
class DdlReader:
    """Collects the schema facts of one file; `read` one statement at a time."""

    path: str
    lines: list[str]
    dialect: str
    tables: list[TableDef] = field(default_factory=list)
    foreign_keys: list[ForeignKeyDef] = field(default_factory=list)
    primary_keys: list[PrimaryKeyDef] = field(default_factory=list)
    views: list[ViewDef] = field(default_factory=list)
    partitions: list[PartitionDef] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    search_path: str | None = None  # the schema of unqualified names, after SET search_path
    attached: frozenset[str] = frozenset()  # keys of the tables attached as partitions

    def facts(self) -> SchemaFacts:
        return SchemaFacts(
            self.dialect,
            tuple(self.tables),
            tuple(self.foreign_keys),
            tuple(self.primary_keys),
            tuple(self.views),
            tuple(self.partitions),
        )

    def read(self, statement: Statement, kind: StatementKind, schema: str | None = None) -> None:
        """Read one statement; its unqualified names are in `schema`, else in the search path."""
        schema = schema or self.search_path
        if kind is StatementKind.SET_SEARCH_PATH:
            self.search_path = search_path(statement.text)
        elif kind is StatementKind.ATTACH_PARTITION:
            self._attach(statement, schema)
        elif kind is StatementKind.ALTER_TABLE and self._plain_primary_key(statement, schema):
            return
        elif kind is StatementKind.CREATE_SCHEMA:
            self._compound(statement)
        elif kind is StatementKind.CREATE_TABLE and self._plain_partition(statement, schema):
            return
        else:
            recover = kind is StatementKind.CREATE_TABLE
            tree = self._parse(statement, report=not recover)
            if tree is None and recover:
                tree = self._recover_table(statement, schema)
            if tree is not None:
                _Statement(self, statement, schema).read(tree)

    def evidence(self, line: int) -> Evidence:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Evidence.at(self.path, line, text)

    def name(self, table: exp.Table, schema: str | None = None) -> TableName:
        """The plan's name for a table as written, with `schema` where it is unqualified."""
        quoted = any(
            isinstance(p, exp.Identifier) and p.quoted for p in (table.this, table.args.get("db"))
        )
        fold = not quoted or self.dialect in CASE_INSENSITIVE_QUOTES
        return TableName.of(table.db or schema, table.name, fold=fold)

    def diagnose(self, line: int, message: str, code: str = "sql-unparsable") -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message, code, Severity.WARNING))

    def _parse(self, statement: Statement, *, report: bool = True) -> exp.Expr | None:
        text = statement.text
        if text[-4:].upper() == "DATA":  # `WITH [NO] DATA` ends a materialized view
            text = _NO_DATA.sub("", text)
        try:
            tree = _engine(self.dialect).parse(text)[0]
        except Exception as error:  # sqlglot raises several kinds; none may stop the run
            if report:
                line = statement.line + _error_line(error) - 1
                reason = _first_line(error)
                self.diagnose(line, f"cannot parse statement ({self.dialect}): {reason}")
            return None
        if tree is None or isinstance(tree, exp.Command):
            if report:
                message = f"sqlglot reads this statement only as a command ({self.dialect})"
                self.diagnose(statement.line, message)
            return None
        return tree

    def _recover_table(self, statement: Statement, schema: str | None) -> exp.Expr | None:
        """A CREATE TABLE without the parts sqlglot cannot parse; when even that fails, the
        table by its name alone, so that no table is lost."""
        engine = _engine(self.dialect)
        tree = recover_table(statement, engine, self._quiet_parse, self._diagnose_part)
        if tree is not None:
            return tree
        self._parse(statement)  # reports why
        found = TABLE_HEAD.match(statement.text)
        if found is not None:
            line = statement.line + statement.text.count("\n", 0, found.start("name"))
            name = plain_name(found.group("name"), schema)
            self.tables.append(TableDef(name, self.evidence(line)))
        return None

    def _quiet_parse(self, statement: Statement) -> exp.Expr | None:
        return self._parse(statement, report=False)

    def _diagnose_part(self, line: int, message: str) -> None:
        self.diagnose(line, f"{message} ({self.dialect})")

    def _attach(self, statement: Statement, schema: str | None) -> None:
        found = ATTACH.match(statement.text)
        if found is None:
            self.diagnose(statement.line, "cannot read ATTACH PARTITION statement")
            return
        line = statement.line + statement.text.count("\n", 0, found.start("child"))
        parent = plain_name(found.group("parent"), schema)
        child = plain_name(found.group("child"), schema)
        self.partitions.append(PartitionDef(child, parent, self.evidence(line)))

    def _plain_primary_key(self, statement: Statement, schema: str | None) -> bool:
        """`ALTER TABLE t ADD CONSTRAINT k PRIMARY KEY (a, b)`, read without sqlglot: a dump has
        one per table, and the whole statement must match, so nothing else is lost."""
        found = PRIMARY_KEY.fullmatch(statement.text)
        if found is None:
            return False
        columns = tuple(plain_name(c).name for c in found.group("columns").split(","))
        line = statement.line + statement.text.count("\n", 0, found.start("columns"))
        table = plain_name(found.group("table"), schema)
        self.primary_keys.append(PrimaryKeyDef(table, columns, self.evidence(line)))
        return True

    def _plain_partition(self, statement: Statement, schema: str | None) -> bool:
        """A table attached as a partition and declaring no key is folded into its parent and
        adds nothing else: it is recorded by its name, without the cost of a parse (a dump
        such as GitLab's has hundreds)."""
        if not self.attached or "REFERENCES" in statement.text.upper():
            return False
        found = TABLE_HEAD.match(statement.text)
        name = plain_name(found.group("name"), schema) if found else None
        if found is None or name is None or name.key not in self.attached:
            return False
        line = statement.line + statement.text.count("\n", 0, found.start("name"))
        self.tables.append(TableDef(name, self.evidence(line)))
        return True

    def _compound(self, statement: Statement) -> None:
        """`CREATE SCHEMA s CREATE TABLE ... CREATE VIEW ...`: each element read within `s`."""
        head = SCHEMA_HEAD.match(statement.text)
        schema = plain_name(head.group("name") or head.group("owner") or "").name if head else None
        for element in _schema_elements(statement, self.dialect):
            kind = classify(element.text)
            if kind is not None:
                self.read(element, kind, schema)


@dataclass
class _Statement:
    """One parsed statement's facts, added to the reader."""

    reader: DdlReader
    statement: Statement
    schema: str | None

    def line(self, node: exp.Expression | None) -> int:
        meta = node.meta if isinstance(node, exp.Expression) else {}
        return self.statement.line + int(meta.get("line", 1)) - 1

    def read(self, tree: exp.Expr) -> None:
        if isinstance(tree, exp.Create) and str(tree.args.get("kind", "")).upper() == "TABLE":
            self._table(tree)
        elif isinstance(tree, exp.Create) and str(tree.args.get("kind", "")).upper() == "VIEW":
            self._view(tree)
        elif isinstance(tree, exp.Alter) and str(tree.args.get("kind", "TABLE")).upper() == "TABLE":
            self._alter(tree)

    def _table(self, tree: exp.Create) -> None:
        target = tree.this
        table = target.this if isinstance(target, exp.Schema) else target
        if not isinstance(table, exp.Table):
            return
        name = self.reader.name(table, self.schema)
        columns: list[str] = []
        primary: list[str] = []
        for item in target.expressions if isinstance(target, exp.Schema) else []:
            if isinstance(item, exp.ColumnDef):
                columns.append(item.name)
                primary.extend(self._column_constraints(name, item))
            else:
                primary.extend(self._table_constraint(name, item))
        parent = _property(tree, exp.PartitionedOfProperty)
        partition_of = self._parent(parent)
        evidence = self.reader.evidence(self.line(table.this))
        self.reader.tables.append(
            TableDef(name, evidence, tuple(columns), tuple(primary), partition_of)
        )

    def _parent(self, prop: exp.PartitionedOfProperty | None) -> TableName | None:
        if prop is None or not isinstance(prop.this, exp.Table):
            return None
        return self.reader.name(prop.this, self.schema)

    def _column_constraints(self, table: TableName, column: exp.ColumnDef) -> list[str]:
        primary = []
        for constraint in column.args.get("constraints") or []:
            kind = constraint.args.get("kind")
            if isinstance(kind, exp.PrimaryKeyColumnConstraint):
                primary.append(column.name)
            elif isinstance(kind, exp.Reference):
                self._foreign_key(table, [column.name], kind, column.this)
        return primary

    def _table_constraint(self, table: TableName, item: exp.Expression) -> list[str]:
        """Primary-key columns of a table-level constraint; foreign keys are recorded."""
        parts = item.expressions if isinstance(item, exp.Constraint) else [item]
        primary: list[str] = []
        for part in parts:
            if isinstance(part, exp.ForeignKey):
                reference = part.args.get("reference")
                if isinstance(reference, exp.Reference):
                    self._foreign_key(table, _names(part.expressions), reference, part)
            elif isinstance(part, exp.PrimaryKey):
                primary.extend(_names(part.expressions))
            elif isinstance(part, _CLUSTERED) and any(
                isinstance(p, exp.PrimaryKeyColumnConstraint) for p in parts
            ):  # T-SQL: PRIMARY KEY CLUSTERED (a ASC, b)
                primary.extend(_names(part.this if isinstance(part.this, list) else []))
        return primary

    def _foreign_key(
        self, table: TableName, columns: list[str], reference: exp.Reference, at: exp.Expression
    ) -> None:
        target = reference.this
        ref_table = target.this if isinstance(target, exp.Schema) else target
        if not isinstance(ref_table, exp.Table):
            return
        ref_columns = _names(target.expressions) if isinstance(target, exp.Schema) else []
        line = self.line(_first_identifier(at) or ref_table.this)
        self.reader.foreign_keys.append(
            ForeignKeyDef(
                table,
                tuple(columns),
                self.reader.name(ref_table, self.schema),
                tuple(ref_columns),
                self.reader.evidence(line),
            )
        )

    def _alter(self, tree: exp.Alter) -> None:
        if not isinstance(tree.this, exp.Table):
            return
        name = self.reader.name(tree.this, self.schema)
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.ColumnDef):
                self._column_constraints(name, action)
                continue
            for constraint in action.find_all(exp.ForeignKey, exp.PrimaryKey):
                primary = self._table_constraint(name, constraint)
                if primary:
                    evidence = self.reader.evidence(self.line(_first_identifier(constraint)))
                    self.reader.primary_keys.append(PrimaryKeyDef(name, tuple(primary), evidence))

    def _view(self, tree: exp.Create) -> None:
        target = tree.this
        view = target.this if isinstance(target, exp.Schema) else target
        query = tree.expression
        if not isinstance(view, exp.Table) or not isinstance(query, exp.Expression):
            return
        ctes = {cte.alias_or_name.lower() for cte in query.find_all(exp.CTE)}
        reads: dict[TableName, Evidence] = {}
        for table in query.find_all(exp.Table):
            if isinstance(table.this, exp.Identifier) and (
                table.db or table.name.lower() not in ctes
            ):
                line = self.line(table.this)  # the first mention of each table
                reads.setdefault(self.reader.name(table, self.schema), self.reader.evidence(line))
        materialized = _property(tree, exp.MaterializedProperty) is not None
        evidence = self.reader.evidence(self.line(view.this))
        name = self.reader.name(view, self.schema)
        self.reader.views.append(
            ViewDef(name, tuple(sorted(reads.items())), evidence, materialized)
        )


_CLUSTERED = (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint)


@functools.lru_cache(maxsize=16)
def _engine(dialect: str) -> Dialect:
    """One dialect instance per name: looking it up per statement costs more than parsing some."""
    return Dialect.get_or_raise(dialect)


P = TypeVar("P", bound=exp.Expression)


def _property(tree: exp.Create, kind: type[P]) -> P | None:
    """A property of a CREATE statement (cheaper than searching the whole tree)."""
    properties = tree.args.get("properties")
    for prop in properties.expressions if isinstance(properties, exp.Properties) else []:
        if isinstance(prop, kind):
            return prop
    return None


def _names(items: list[exp.Expression]) -> list[str]:
    """Column names of a key's column list (identifiers, columns or ordered columns)."""
    names = []
    for item in items:
        node = item.this if isinstance(item, exp.Ordered) else item
        names.append(node.name)
    return names


def _first_identifier(node: exp.Expression) -> exp.Identifier | None:
    found = node.find(exp.Identifier)
    return found if isinstance(found, exp.Identifier) else None


def _error_line(error: Exception) -> int:
    errors = getattr(error, "errors", None) or [{}]
    line = errors[0].get("line") if isinstance(errors[0], dict) else None
    return line if isinstance(line, int) and line > 0 else 1


def _first_line(error: Exception) -> str:
    """The first line of sqlglot's message, without its position inside the statement."""
    text = str(error).strip().splitlines()
    first = _POSITION.sub("", text[0]).strip() if text else ""
    return first[:200] or type(error).__name__


_POSITION = re.compile(r"\s*Line \d+, Col: \d+\.?")


_NO_DATA = re.compile(r"\s+WITH\s+(?:NO\s+)?DATA\s*$", re.I)


_ELEMENT_START = frozenset({TokenType.CREATE, TokenType.GRANT})


def _schema_elements(statement: Statement, dialect: str) -> list[Statement]:
    """The `CREATE ...` elements of a `CREATE SCHEMA` compound statement, with their lines."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(statement.text)
    except Exception:  # an untokenizable compound yields no elements; its parts go unread
        return []
    depth, starts = 0, []
    for index, token in enumerate(tokens):
        if token.token_type is TokenType.L_PAREN:
            depth += 1
        elif token.token_type is TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and index > 0 and token.token_type in _ELEMENT_START:
            starts.append((token.start, token.line))
    ends = [start for start, _ in starts[1:]] + [len(statement.text)]
    return [
        Statement(statement.text[start:end].strip(), statement.line + line - 1)
        for (start, line), end in zip(starts, ends, strict=True)
    ]
