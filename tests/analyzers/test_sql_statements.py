"""Splitting scripts into statements (with lines), picking the ones that matter, and dialects."""

from __future__ import annotations

import pytest

from analyzers.sql_dialect import detect_dialect
from analyzers.sql_statements import StatementKind, classify, split_statements

SPLITS = [
    (
        "dollar-quoted body with semicolons and a nested tag",
        "postgres",
        "CREATE FUNCTION f() AS $body$ BEGIN x := 'a;b'; $$;$$ END $body$;\nSELECT 1;",
        [(1, "CREATE FUNCTION f() AS $body$ BEGIN x := 'a;b'; $$;$$ END $body$"), (2, "SELECT 1")],
    ),
    (
        "comments and strings hide semicolons; statements start after leading comments",
        None,
        "-- one; two\n/* three;\n four; */ SELECT 'a;''b';\n\n\nSELECT \"x;y\" FROM t",
        [(3, "SELECT 'a;''b'"), (6, 'SELECT "x;y" FROM t')],
    ),
    (
        "PostgreSQL escape strings may escape a quote with a backslash",
        "postgres",
        "SELECT E'it\\'s; fine';\nSELECT 2;",
        [(1, "SELECT E'it\\'s; fine'"), (2, "SELECT 2")],
    ),
    (
        "MySQL backticks and backslash escapes",
        "mysql",
        "CREATE TABLE `a;b` (c text DEFAULT 'x\\';y');\nSELECT 1;",
        [(1, "CREATE TABLE `a;b` (c text DEFAULT 'x\\';y')"), (2, "SELECT 1")],
    ),
    (
        "T-SQL GO batches and brackets",
        "tsql",
        "CREATE TABLE [a;b] (id int)\nGO\nCREATE TABLE c (id int)\n  go  \n",
        [(1, "CREATE TABLE [a;b] (id int)"), (3, "CREATE TABLE c (id int)")],
    ),
    (
        "Oracle slash after a PL/SQL block",
        "oracle",
        "BEGIN\n  NULL;\nEND;\n/\nCREATE TABLE t (id NUMBER);",
        [(1, "BEGIN\n  NULL"), (3, "END"), (5, "CREATE TABLE t (id NUMBER)")],
    ),
    (
        "hash comments at the start of a line (Derby ij, MySQL)",
        None,
        "# a comment; with a semicolon\nDROP TABLE A;\n  # another\nCREATE TABLE B (id int);",
        [(2, "DROP TABLE A"), (4, "CREATE TABLE B (id int)")],
    ),
    (
        "an unterminated string runs to the end without an error",
        None,
        "SELECT 1;\nSELECT 'open;\n",
        [(1, "SELECT 1"), (2, "SELECT 'open;")],
    ),
]


@pytest.mark.parametrize(
    ("title", "dialect", "text", "expected"), SPLITS, ids=[s[0] for s in SPLITS]
)
def test_split(title: str, dialect: str | None, text: str, expected: list[tuple[int, str]]) -> None:
    assert [(s.line, s.text) for s in split_statements(text, dialect)] == expected


KINDS = [
    ("CREATE TABLE a (id int)", StatementKind.CREATE_TABLE),
    ("create unlogged table a (id int)", StatementKind.CREATE_TABLE),
    ("CREATE OR REPLACE VIEW v AS SELECT 1", StatementKind.CREATE_VIEW),
    ("CREATE MATERIALIZED VIEW v AS SELECT 1", StatementKind.CREATE_VIEW),
    (
        "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW v AS SELECT 1",
        StatementKind.CREATE_VIEW,
    ),
    ("ALTER TABLE ONLY a ATTACH PARTITION b FOR VALUES IN (1)", StatementKind.ATTACH_PARTITION),
    ("ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES b (id)", StatementKind.ALTER_TABLE),
    ("ALTER TABLE a ADD CONSTRAINT p PRIMARY KEY (id)", StatementKind.ALTER_TABLE),
    ("CREATE SCHEMA s CREATE TABLE t (id int)", StatementKind.CREATE_SCHEMA),
    ("CREATE SCHEMA s", None),
    ("SET search_path = sales, pg_catalog", StatementKind.SET_SEARCH_PATH),
    ("SET statement_timeout = 0", None),
    ("CREATE TEMPORARY TABLE tmp (id int)", None),
    ("ALTER TABLE a OWNER TO postgres", None),
    ("ALTER TABLE a ALTER COLUMN id SET DEFAULT nextval('s')", None),
    ("CREATE INDEX i ON a (x)", None),
    ("CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f()", None),
    ("GRANT SELECT ON a TO b", None),
]


@pytest.mark.parametrize(("text", "kind"), KINDS, ids=[k[0][:40] for k in KINDS])
def test_classify(text: str, kind: StatementKind | None) -> None:
    assert classify(text) is kind


DIALECTS = [
    ("CREATE TABLE `a` (id INT AUTO_INCREMENT) ENGINE=InnoDB;", "mysql"),
    ("CREATE TABLE [dbo].[a] ([id] INT IDENTITY(1,1))\nGO\n", "tsql"),
    (
        "SET search_path = public;\nCREATE TABLE a (id bigserial, x text DEFAULT ''::text);",
        "postgres",
    ),
    ("CREATE TABLE a (id NUMBER(10), name VARCHAR2(20));", "oracle"),
    ("CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);", "sqlite"),
    ("CREATE TABLE A (ID INTEGER NOT NULL, QUANTITY DOUBLE);", "postgres"),
]


@pytest.mark.parametrize(
    ("text", "dialect"), DIALECTS, ids=[d[1] + str(i) for i, d in enumerate(DIALECTS)]
)
def test_detect_dialect(text: str, dialect: str) -> None:
    assert detect_dialect(text) == dialect
