"""Reading Alembic operations (`op.create_table(...)` and the like) from an `upgrade()` body.

Only literal arguments are understood, as Alembic's own signatures name them (positional or by
keyword). `sa.Column`, `sa.ForeignKey`, `sa.ForeignKeyConstraint` and `sa.PrimaryKeyConstraint`
are recognised by their last name, whatever SQLAlchemy is imported as.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from analyzers.python_names import dotted
from analyzers.sql_facts import ForeignKeyDef, TableName
from analyzers.sql_replay import Op, Operation
from decompose.model import Diagnostic, Evidence, Severity

WRAPPERS = {"add_columns": "add_column", "drop_columns": "drop_column"}  # plural helpers
OP_CALLS = frozenset(
    {
        "create_table",
        "drop_table",
        "rename_table",
        "add_column",
        "drop_column",
        "create_foreign_key",
        "drop_constraint",
        "create_primary_key",
    }
)


class OperationReader:
    """The operations of an `upgrade()` body, in order."""

    def __init__(
        self,
        path: str,
        lines: list[str],
        op_names: frozenset[str],
        wrappers: frozenset[str] = frozenset(),
        constants: dict[str, object] | None = None,
    ) -> None:
        """`op_names` are the names bound to `alembic.op`; `wrappers` the functions imported under
        an operation's name (a project's `create_table` helper), read as that operation;
        `constants` the module's names bound to literals (`TABLE = "tasks"`)."""
        self.path, self.lines, self.op_names, self.wrappers = path, lines, op_names, wrappers
        self.names: dict[str, object] = dict(constants or {})
        self.diagnostics: list[Diagnostic] = []

    def read(
        self, body: list[ast.stmt], batch: dict[str, TableName] | None = None
    ) -> Iterator[Operation]:
        batch = batch or {}
        for stmt in body:
            if isinstance(stmt, (ast.With, ast.AsyncWith)):
                yield from self.read(stmt.body, {**batch, **self._batches(stmt)})
            elif isinstance(stmt, ast.For) and self._loop_values(stmt) is not None:
                yield from self._unroll(stmt, batch)
            elif isinstance(stmt, (ast.If, ast.For, ast.While, ast.Try)):
                for block in (stmt.body, stmt.orelse, getattr(stmt, "finalbody", [])):
                    yield from self.read(block, batch)
            else:
                self._bind(stmt)
                for node in ast.walk(stmt):
                    if isinstance(node, ast.Call):
                        yield from self._call(node, batch)

    def _bind(self, stmt: ast.stmt) -> None:
        """`name = "literal"` in the body: later operations may name a table through it."""
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            value = _literal(stmt.value)
            if isinstance(target, ast.Name) and value is not None:
                self.names[target.id] = value

    def _loop_values(self, stmt: ast.For) -> list[object] | None:
        """The values of `for name in <literal list>:`, else None."""
        values = self._value(stmt.iter)
        if isinstance(stmt.target, ast.Name) and isinstance(values, (list, tuple)):
            return list(values)
        return None

    def _unroll(self, stmt: ast.For, batch: dict[str, TableName]) -> Iterator[Operation]:
        """The loop's operations once per value: `for t in ["a", "b"]: op.drop_table(t)`."""
        assert isinstance(stmt.target, ast.Name)
        name, before = stmt.target.id, self.names.get(stmt.target.id)
        for value in self._loop_values(stmt) or []:
            self.names[name] = value
            yield from self.read(stmt.body, batch)
        self.names.pop(name, None)
        if before is not None:
            self.names[name] = before

    def _value(self, node: ast.expr | None) -> object:
        """A literal, or the literal a name is bound to."""
        if isinstance(node, ast.Name) and node.id in self.names:
            return self.names[node.id]
        return _literal(node)

    def _argument(self, call: ast.Call, index: int, keyword: str) -> object:
        """A literal argument by keyword, or by position when `index` is not negative."""
        for kw in call.keywords:
            if kw.arg == keyword:
                return self._value(kw.value)
        if 0 <= index < len(call.args):
            return self._value(call.args[index])
        return None

    def _batches(self, stmt: ast.With | ast.AsyncWith) -> dict[str, TableName]:
        found = {}
        for item in stmt.items:
            call, var = item.context_expr, item.optional_vars
            if _method(call, self.op_names) == "batch_alter_table" and isinstance(var, ast.Name):
                assert isinstance(call, ast.Call)
                table = self._table(call, 0, "table_name")
                if table is not None:
                    found[var.id] = table
        return found

    def _call(self, call: ast.Call, batch: dict[str, TableName]) -> Iterator[Operation]:
        owner: TableName | None = None
        if isinstance(call.func, ast.Name) and call.func.id in self.wrappers:
            method: str | None = WRAPPERS.get(call.func.id, call.func.id)
        else:
            method = _method(call, self.op_names | set(batch))
            if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
                owner = batch.get(call.func.value.id)
        if method not in OP_CALLS:
            return
        operation = _OPERATIONS[method](self, call, owner)
        if operation is not None:
            yield operation

    # -- arguments ------------------------------------------------------------------------

    def evidence(self, node: ast.AST) -> Evidence:
        line = getattr(node, "lineno", 1)
        return Evidence.at(self.path, line, self.lines[line - 1] if line <= len(self.lines) else "")

    def _table(
        self, call: ast.Call, index: int, keyword: str, schema_keyword: str = "schema"
    ) -> TableName | None:
        name = self._argument(call, index, keyword)
        if not isinstance(name, str):
            self._diagnose(call, f"table name is not a literal in `{ast.unparse(call.func)}(...)`")
            return None
        schema = self._argument(call, -1, schema_keyword)
        return _name(schema if isinstance(schema, str) else None, name)

    def _diagnose(self, node: ast.AST, message: str) -> None:
        line = getattr(node, "lineno", None)
        self.diagnostics.append(
            Diagnostic(self.path, line, message, "alembic-unreadable", Severity.INFO)
        )

    # -- operations -----------------------------------------------------------------------

    def create_table(self, call: ast.Call, owner: TableName | None) -> Operation | None:
        table = self._table(call, 0, "table_name")
        if table is None:
            return None
        columns, primary, keys = self._elements(table, call.args[1:])
        return Operation(
            Op.CREATE_TABLE, table, self.evidence(call), tuple(columns), tuple(primary), tuple(keys)
        )

    def _elements(
        self, table: TableName, items: list[ast.expr]
    ) -> tuple[list[str], list[str], list[ForeignKeyDef]]:
        columns: list[str] = []
        primary: list[str] = []
        keys: list[ForeignKeyDef] = []
        for item in items:
            kind = _callee(item)
            if kind == "Column" and isinstance(item, ast.Call):
                column, is_key, column_keys = self._column(table, item)
                if column is not None:
                    columns.append(column)
                    primary += [column] if is_key else []
                    keys += column_keys
            elif kind == "PrimaryKeyConstraint" and isinstance(item, ast.Call):
                primary += [a for a in map(self._value, item.args) if isinstance(a, str)]
            elif kind == "ForeignKeyConstraint" and isinstance(item, ast.Call):
                keys += self._constraint(table, item)
        return columns, primary, keys

    def _column(
        self, table: TableName, call: ast.Call
    ) -> tuple[str | None, bool, list[ForeignKeyDef]]:
        name = self._argument(call, 0, "name")
        if not isinstance(name, str):
            return None, False, []
        keys = []
        for arg in call.args[1:]:
            if _callee(arg) == "ForeignKey" and isinstance(arg, ast.Call):
                target = self._argument(arg, 0, "column")
                if isinstance(target, str) and "." in target:
                    ref, ref_column = _reference(target)
                    constraint = self._argument(arg, -1, "name")
                    keys.append(
                        ForeignKeyDef(
                            table,
                            (name,),
                            ref,
                            (ref_column,),
                            self.evidence(arg),
                            constraint if isinstance(constraint, str) else "",
                        )
                    )
        return name, self._argument(call, -1, "primary_key") is True, keys

    def _constraint(self, table: TableName, call: ast.Call) -> list[ForeignKeyDef]:
        local, remote = self._argument(call, 0, "columns"), self._argument(call, 1, "refcolumns")
        if not (
            isinstance(local, list)
            and isinstance(remote, list)
            and remote
            and isinstance(remote[0], str)
        ):
            return []
        refs = [_reference(r) for r in remote if isinstance(r, str)]
        name = self._argument(call, -1, "name")
        return [
            ForeignKeyDef(
                table,
                tuple(str(c) for c in local),
                refs[0][0],
                tuple(c for _t, c in refs),
                self.evidence(call),
                name if isinstance(name, str) else "",
            )
        ]

    def drop_table(self, call: ast.Call, owner: TableName | None) -> Operation | None:
        table = self._table(call, 0, "table_name")
        return Operation(Op.DROP_TABLE, table, self.evidence(call)) if table else None

    def rename_table(self, call: ast.Call, owner: TableName | None) -> Operation | None:
        old = self._table(call, 0, "old_table_name")
        new = self._table(call, 1, "new_table_name")
        return (
            Operation(Op.RENAME_TABLE, old, self.evidence(call), new=new) if old and new else None
        )

    def add_column(self, call: ast.Call, owner: TableName | None) -> Operation | None:
        table = owner or self._table(call, 0, "table_name")
        items = call.args[0 if owner else 1 :] + [
            k.value for k in call.keywords if k.arg == "column"
        ]
        if table is None:
            return None
        columns, primary, keys = self._elements(table, items)
        return Operation(
            Op.ADD_COLUMN, table, self.evidence(call), tuple(columns), tuple(primary), tuple(keys)
        )

    def drop_column(self, call: ast.Call, owner: TableName | None) -> Operation | None:
        table = owner or self._table(call, 0, "table_name")
        first = 0 if owner else 1
        columns = [self._argument(call, first, "column_name")]
        columns += [self._value(arg) for arg in call.args[first + 1 :]]  # a drop_columns helper
        names = tuple(c for c in columns if isinstance(c, str))
        if table is None or not names:
            return None
        return Operation(Op.DROP_COLUMN, table, self.evidence(call), names)

    def create_foreign_key(self, call: ast.Call, owner: TableName | None) -> Operation | None:
        shift = 0 if owner else 1
        name = self._argument(call, 0, "constraint_name")
        source = owner or self._table(call, 1, "source_table", "source_schema")
        referent = self._table(call, 1 + shift, "referent_table", "referent_schema")
        local, remote = (
            self._argument(call, 2 + shift, "local_cols"),
            self._argument(call, 3 + shift, "remote_cols"),
        )
        if (
            source is None
            or referent is None
            or not isinstance(local, list)
            or not isinstance(remote, list)
        ):
            return None
        key = ForeignKeyDef(
            source,
            tuple(map(str, local)),
            referent,
            tuple(map(str, remote)),
            self.evidence(call),
            name if isinstance(name, str) else "",
        )
        return Operation(Op.ADD_FOREIGN_KEY, source, key.evidence, foreign_keys=(key,))

    def drop_constraint(self, call: ast.Call, owner: TableName | None) -> Operation | None:
        name = self._argument(call, 0, "constraint_name")
        table = owner or self._table(call, 1, "table_name")
        if table is None or not isinstance(name, str):
            return None
        return Operation(Op.DROP_CONSTRAINT, table, self.evidence(call), name=name)

    def create_primary_key(self, call: ast.Call, owner: TableName | None) -> Operation | None:
        return None  # primary keys are read from create_table; a later one changes no dependency


_OPERATIONS = {name: getattr(OperationReader, name) for name in OP_CALLS}


def _method(node: ast.expr, owners: frozenset[str] | set[str]) -> str | None:
    """`create_table` for `op.create_table(...)` when `op` is one of `owners`."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    owner = node.func.value
    return node.func.attr if isinstance(owner, ast.Name) and owner.id in owners else None


def _callee(node: ast.expr) -> str | None:
    """The last part of a called name: `Column` for `sa.Column(...)`."""
    if isinstance(node, ast.Call):
        name = dotted(node.func)
        return name.rpartition(".")[2] if name else None
    return None


def _literal(node: ast.expr | None) -> object:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _name(schema: str | None, name: str) -> TableName:
    """SQLAlchemy quotes (and so keeps the case of) names that are not all lower case."""
    return TableName.of(schema, name, fold=name == name.lower())


def _reference(target: str) -> tuple[TableName, str]:
    """`("orders", "id")` for `"orders.id"`; `"sales.orders.id"` keeps its schema."""
    parts = target.split(".")
    schema = parts[-3] if len(parts) > 2 else None
    return _name(schema, parts[-2]), parts[-1]
