"""analyzers.raw_sql: one SQL string into the tables it reads and writes and its joined pairs."""

from __future__ import annotations

import pytest

from analyzers.raw_sql import SqlAccess, analyse_sql, looks_like_sql

CASES = [
    # title, sql, dialect, (reads, writes, joins)
    ("select", "SELECT * FROM orders", None, (["orders"], [], [])),
    (
        "one pair per ON condition",
        "SELECT 1 FROM invoices i JOIN orders o ON o.id = i.order_id "
        "JOIN users u ON u.id = o.user_id",
        None,
        (["invoices", "orders", "users"], [], [("invoices", "orders"), ("orders", "users")]),
    ),
    (
        "USING pairs with the table before",
        "SELECT * FROM a JOIN b USING (id)",
        None,
        (["a", "b"], [], [("a", "b")]),
    ),
    (
        "comma joins pair through the WHERE comparisons",
        "SELECT * FROM orders o, users u, items i WHERE o.user_id = u.id AND i.order_id = o.id",
        None,
        (["items", "orders", "users"], [], [("items", "orders"), ("orders", "users")]),
    ),
    (
        "a comma join with no comparison pairs with the table before",
        "SELECT * FROM a, b WHERE a.x > 3",
        None,
        (["a", "b"], [], [("a", "b")]),
    ),
    (
        "a comparison in a subquery is the subquery's own",
        "SELECT * FROM a, b WHERE a.id IN (SELECT c.id FROM c WHERE c.k = a.k)",
        None,
        (["a", "b", "c"], [], [("a", "b")]),
    ),
    ("a CTE is not a table", "WITH x AS (SELECT 1 FROM t) SELECT * FROM x", None, (["t"], [], [])),
    (
        "a join with a CTE is not a table join",
        "WITH x AS (SELECT id FROM t) SELECT * FROM x JOIN u ON u.id = x.id",
        None,
        (["t", "u"], [], []),
    ),
    ("insert", "INSERT INTO t (a) VALUES (1)", None, ([], ["t"], [])),
    ("insert select", "INSERT INTO t SELECT * FROM s", None, (["s"], ["t"], [])),
    ("update where is not a read", "UPDATE t SET a = 1 WHERE b = 2", None, ([], ["t"], [])),
    (
        "delete subquery reads",
        "DELETE FROM t WHERE id IN (SELECT id FROM u)",
        None,
        (["u"], ["t"], []),
    ),
    (
        "merge",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
        None,
        (["s"], ["t"], []),
    ),
    ("default schema dropped", "SELECT * FROM public.users", "postgres", (["users"], [], [])),
    ("other schema kept", "SELECT * FROM audit.events", "postgres", (["audit.events"], [], [])),
    ("quoted keeps case", 'SELECT * FROM "Users"', "postgres", (["Users"], [], [])),
    ("unquoted folds case", "SELECT * FROM Users", None, (["users"], [], [])),
    ("mysql backticks", "SELECT * FROM `order` o", "mysql", (["order"], [], [])),
    ("pyformat parameters", "SELECT * FROM t WHERE a = %(a)s AND b = %s", None, (["t"], [], [])),
    ("several statements", "DELETE FROM a; INSERT INTO b VALUES (1)", None, ([], ["a", "b"], [])),
]


@pytest.mark.parametrize(
    ("sql", "dialect", "expected"), [pytest.param(*c[1:], id=c[0]) for c in CASES]
)
def test_golden(
    sql: str, dialect: str | None, expected: tuple[list[str], list[str], list[tuple[str, str]]]
) -> None:
    reads, writes, joins = expected
    assert analyse_sql(sql, dialect) == SqlAccess(tuple(reads), tuple(writes), tuple(joins))


def test_unparsable_sql_raises_value_error() -> None:
    with pytest.raises(ValueError):
        analyse_sql("SELECT FROM WHERE (")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  select 1", True), ("(SELECT 1)", True), ("WITH x AS (SELECT 1) SELECT 1", True),
     ("selection of things", False), ("hello", False), ("", False)],
)  # fmt: skip
def test_looks_like_sql(text: str, expected: bool) -> None:
    assert looks_like_sql(text) is expected
