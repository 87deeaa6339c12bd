"""Raw SQL strings into the tables they read and write and the joins between them, with sqlglot.

Rules (the same for every caller):
- SELECT reads every table it names; INSERT, UPDATE, DELETE and MERGE write their target. An UPDATE
  or DELETE is a write only: its target is not also a read, though other tables in its FROM, USING
  or subqueries are. `INSERT ... SELECT` writes the target and reads the sources; MERGE reads its
  USING source.
- A CTE name is not a table; the tables inside the CTE are read.
- A join is one pair per ON condition: the two tables whose columns it compares (through their
  aliases). An ON or USING that names no qualified columns pairs the joined table with the table
  before it. A table joined with a comma (or a CROSS JOIN) pairs with the tables its columns are
  compared with in the WHERE clause of the same SELECT; with none, with the table before it.
- Names are lower-cased unless quoted; a schema qualifier is kept (`audit.events`) unless it is
  the default one (`public`, `dbo`).
- Parameters (`%s`, `%(name)s`, `:name`, `?`) and the holes of f-strings or `%` formatting are
  replaced with a placeholder before parsing; a table whose name is a hole is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

HOLE = "decompose_hole"
_SQL_START = re.compile(r"^\s*(\(\s*)*(select|insert|update|delete|with|merge|replace)\b", re.I)
_PYFORMAT = re.compile(r"%(\([A-Za-z_][A-Za-z0-9_]*\))?[sdif]")
DEFAULT_SCHEMAS = frozenset({"public", "dbo"})
_WRITES = (exp.Insert, exp.Update, exp.Delete, exp.Merge)


@dataclass(frozen=True, slots=True)
class SqlAccess:
    """The tables one SQL string reads and writes, and its joined pairs (sorted)."""

    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    joins: tuple[tuple[str, str], ...] = ()


def looks_like_sql(text: str) -> bool:
    """Whether a string starts like a data statement.

    >>> looks_like_sql("  SELECT 1"), looks_like_sql("hello")
    (True, False)
    """
    return _SQL_START.match(text) is not None


def analyse_sql(text: str, dialect: str | None = None) -> SqlAccess:
    """The reads, writes and joins of one SQL string; raises ValueError when it does not parse.

    >>> analyse_sql("INSERT INTO t SELECT * FROM a JOIN b ON b.id = a.b_id")
    SqlAccess(reads=('a', 'b'), writes=('t',), joins=(('a', 'b'),))
    """
    try:
        statements = sqlglot.parse(_PYFORMAT.sub(HOLE, text), read=dialect or None)
    except SqlglotError as error:
        raise ValueError(str(error).splitlines()[0][:200]) from error
    reads: set[str] = set()
    writes: set[str] = set()
    joins: set[tuple[str, str]] = set()
    for statement in statements:
        if statement is not None:
            _statement(statement, reads, writes, joins)
    return SqlAccess(tuple(sorted(reads)), tuple(sorted(writes)), tuple(sorted(joins)))


def _statement(
    tree: exp.Expr, reads: set[str], writes: set[str], joins: set[tuple[str, str]]
) -> None:
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    targets = _write_targets(tree)
    for table in tree.find_all(exp.Table):
        name = table_name(table)
        if name is None or name in ctes:
            continue
        if id(table) in targets:
            writes.add(name)
        else:
            reads.add(name)
    for select in tree.find_all(exp.Select, exp.Update, exp.Delete):
        joins.update(_joins(select, ctes))


def _write_targets(tree: exp.Expr) -> set[int]:
    """The ids of the Table nodes that statements write into."""
    targets: set[int] = set()
    for node in tree.find_all(*_WRITES):
        target = node.this
        if isinstance(target, exp.Schema):
            target = target.this
        if isinstance(target, exp.Table):
            targets.add(id(target))
    return targets


def table_name(table: exp.Table) -> str | None:
    """The name of a table reference, schema-qualified when the SQL qualifies it; None for a
    hole, a function or a subquery."""
    ident = table.this
    if not isinstance(ident, exp.Identifier):
        return None
    name = _spelling(ident)
    if HOLE in name or not name:
        return None
    schema = table.args.get("db")
    if isinstance(schema, exp.Identifier):
        qualifier = _spelling(schema)
        if HOLE in qualifier:
            return None
        return name if qualifier.lower() in DEFAULT_SCHEMAS else f"{qualifier}.{name}"
    return name


def _spelling(ident: exp.Identifier) -> str:
    text = str(ident.this)
    return text if ident.quoted else text.lower()


def _joins(scope: exp.Expr, ctes: set[str]) -> set[tuple[str, str]]:
    """Joined pairs of one SELECT (or UPDATE/DELETE) scope, through its aliases."""
    aliases, order = _scope_tables(scope, ctes)
    pairs: set[tuple[str, str]] = set()
    compared: set[tuple[str, str]] | None = None
    for join in scope.args.get("joins") or ():
        joined = join.this
        right = _real(joined, ctes) if isinstance(joined, exp.Table) else None
        on = join.args.get("on")
        named = {aliases[c.table.lower()] for c in _columns(on) if c.table.lower() in aliases}
        named.discard("")
        if on is None and not join.args.get("using") and right:
            compared = _where_pairs(scope, aliases) if compared is None else compared
            found = {pair for pair in compared if right in pair}
            if found:
                pairs |= found
                continue
        if len(named) >= 2:
            ordered = sorted(named)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
        elif right:
            before = _before(order, joined, ctes)
            if before and before != right:
                pairs.add((min(before, right), max(before, right)))
    return pairs


def _where_pairs(scope: exp.Expr, aliases: dict[str, str]) -> set[tuple[str, str]]:
    """The pairs of tables whose columns one comparison of this scope's WHERE relates
    (`o.user_id = u.id`); comparisons inside subqueries belong to those."""
    where = scope.args.get("where")
    pairs: set[tuple[str, str]] = set()
    if where is None:
        return pairs
    for comparison in where.find_all(exp.Binary):
        if not isinstance(comparison, (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)):
            continue
        if comparison.find_ancestor(exp.Select, exp.Update, exp.Delete) is not scope:
            continue
        sides = [comparison.left, comparison.right]
        tables = {
            aliases.get(side.table.lower(), "")
            for side in sides
            if isinstance(side, exp.Column) and side.table
        }
        tables.discard("")
        if len(tables) == 2:
            first, second = sorted(tables)
            pairs.add((first, second))
    return pairs


def _columns(on: exp.Expr | None) -> list[exp.Column]:
    return list(on.find_all(exp.Column)) if on is not None else []


def _scope_tables(scope: exp.Expr, ctes: set[str]) -> tuple[dict[str, str], list[exp.Expr]]:
    """Alias (and bare name) -> table name for the FROM and JOIN items of one scope ("" for CTEs
    and subqueries), and the items in order."""
    items: list[exp.Expr] = []
    source = scope.args.get("from_") or scope.args.get("from")
    if isinstance(source, exp.From):
        items.append(source.this)
    if isinstance(scope, (exp.Update, exp.Delete)) and isinstance(scope.this, exp.Table):
        items.insert(0, scope.this)
    items.extend(j.this for j in scope.args.get("joins") or ())
    aliases: dict[str, str] = {}
    for item in items:
        real = _real(item, ctes) if isinstance(item, exp.Table) else None
        alias = item.alias_or_name.lower()
        aliases[alias] = real or ""
        if isinstance(item, exp.Table) and real:
            aliases.setdefault(item.name.lower(), real)
    return aliases, items


def _real(table: exp.Table, ctes: set[str]) -> str | None:
    name = table_name(table)
    return None if name is None or name in ctes else name


def _before(order: list[exp.Expr], joined: exp.Expr, ctes: set[str]) -> str | None:
    """The real table just before a joined item, if that item is a table."""
    for index, item in enumerate(order):
        if item is joined and index > 0:
            previous = order[index - 1]
            return _real(previous, ctes) if isinstance(previous, exp.Table) else None
    return None
