"""The model analyzers on real packages: django-oscar's model tables against the tables its own
migrations create, and flaskbb's SQLAlchemy tables and foreign keys.

The migrations are replayed here with `ast` (CreateModel, DeleteModel, RenameModel,
AlterModelTable, many-to-many fields without `through`), independently of the analyzers, so that
the comparison checks the analyzer against Django's own record of the schema."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from analyzers import django_models, sqlalchemy_models
from decompose.model import DependencyGraph, EdgeKind, NodeKind
from decompose.pipeline import ScanOptions, scan
from tests.conftest import require_package


@dataclass
class _MigratedModel:
    table: str | None = None
    proxy: bool = False
    m2m: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # field -> db_table, to
    fks: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (column, "app.Model")


# Django's own tables, which the analysed package's migrations refer to but do not create
CONTRIB = {
    ("auth", "user"): "auth_user",
    ("sites", "site"): "django_site",
    ("contenttypes", "contenttype"): "django_content_type",
}


def _kwargs(call: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in call.keywords if k.arg}


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _fields(node: ast.expr | None) -> list[tuple[str, ast.Call]]:
    found = []
    for item in getattr(node, "elts", []):
        if isinstance(item, ast.Tuple) and len(item.elts) == 2:
            name, value = item.elts
            if isinstance(value, ast.Call) and _text(name):
                found.append((_text(name) or "", value))
    return found


def _apply_field(model: _MigratedModel, name: str, call: ast.Call) -> None:
    kind = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    args = _kwargs(call)
    to = args.get("to") or (call.args[0] if call.args else None)
    target = _text(to) or ("auth.User" if isinstance(to, ast.Attribute) else None)
    if kind == "ManyToManyField" and "through" not in args and target:
        model.m2m[name] = (_text(args.get("db_table")), target)
    elif kind in ("ForeignKey", "OneToOneField") and target:
        model.fks[name] = (_text(args.get("db_column")) or f"{name}_id", target)


def _operation(app: str, models: dict[str, _MigratedModel], call: ast.Call) -> None:
    kind = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    args = _kwargs(call)
    name = (_text(args.get("model_name")) or _text(args.get("name")) or "").lower()
    if kind == "CreateModel":
        options = args.get("options")
        opts = {}
        if isinstance(options, ast.Dict):
            opts = {_text(k): v for k, v in zip(options.keys, options.values, strict=True) if k}
        model = models[name] = _MigratedModel(_text(opts.get("db_table")))
        proxy = opts.get("proxy")
        model.proxy = isinstance(proxy, ast.Constant) and proxy.value is True
        for field_name, value in _fields(args.get("fields")):
            _apply_field(model, field_name, value)
    elif kind == "DeleteModel":
        models.pop(name, None)
    elif kind == "RenameModel":
        old, new = (_text(args.get("old_name")) or "").lower(), (_text(args.get("new_name")) or "")
        models[new.lower()] = models.pop(old, _MigratedModel())
    elif kind == "AlterModelTable" and name in models:
        models[name].table = _text(args.get("table"))
    elif (
        kind in ("AddField", "AlterField")
        and name in models
        and isinstance(args.get("field"), ast.Call)
    ):
        _apply_field(models[name], _text(args.get("name")) or "", args["field"])  # type: ignore[arg-type]
    elif kind == "RemoveField" and name in models:
        models[name].m2m.pop(_text(args.get("name")) or "", None)
        models[name].fks.pop(_text(args.get("name")) or "", None)


def migrated_schema(root: Path) -> tuple[set[str], set[tuple[str, str, str]]]:
    """The tables and (table, column, referenced table) keys that the migrations under root
    create."""
    apps: dict[str, dict[str, _MigratedModel]] = {}
    for path in sorted(root.rglob("migrations/[0-9]*.py")):
        app = path.parent.parent.name
        models = apps.setdefault(app, {})
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                _operation(app, models, node)
    tables: dict[tuple[str, str], str] = dict(CONTRIB)
    for app, models in apps.items():
        for name, model in models.items():
            if not model.proxy:
                tables[(app, name)] = model.table or f"{app}_{name}"
    found, keys = set(tables.values()) - set(CONTRIB.values()), set()
    for (app, name), table in tables.items():
        if (app, name) in CONTRIB:
            continue
        model = apps[app][name]
        for field_name, (db_table, target) in model.m2m.items():
            join = db_table or f"{table}_{field_name}"
            found.add(join)
            source, other_name = name, target.rpartition(".")[2].lower()
            if source == other_name:
                source, other_name = f"from_{source}", f"to_{other_name}"
            keys.add((join, f"{source}_id", table))
            keys.update((join, f"{other_name}_id", o) for o in _table_of(tables, app, target))
        for column, target in model.fks.values():
            keys.update((table, column, other) for other in _table_of(tables, app, target))
    return found, keys


def _table_of(tables: dict[tuple[str, str], str], app: str, target: str) -> list[str]:
    label, _, other = target.rpartition(".")
    found = tables.get((label or app, other.lower()))
    return [found] if found else []


def _graph(root: Path, analyzer: object) -> DependencyGraph:
    return scan(root, ScanOptions(analyzers=(analyzer,))).graph  # type: ignore[arg-type]


def _fk_columns(graph: DependencyGraph) -> set[tuple[str, str, str]]:
    return {
        (e.source.partition(":")[2], ",".join(cols), e.target.partition(":")[2])
        for e in graph.edges(EdgeKind.FOREIGN_KEY)
        for cols, _ in e.attrs["keys"]
    }


def test_oscar_model_tables_are_those_its_migrations_create() -> None:
    root = require_package("django-oscar")
    graph = _graph(root, django_models.ANALYZER)
    tables = {n.name for n in graph.nodes(NodeKind.TABLE) if n.evidence}  # not placeholders
    migrated, migrated_keys = migrated_schema(root)
    # the test app `oscar.test.factories` has models but no migrations: its two tables (and the
    # key between them) are the only ones the migrations do not know
    test_app = {"factories_band", "factories_member"}
    assert tables - migrated == test_app
    assert migrated - tables == set()
    keys = _fk_columns(graph)
    assert keys - migrated_keys == {("factories_member", "band_id", "factories_band")}
    assert migrated_keys - keys == set()
    assert len(migrated) > 50  # the migrations were read at all


# flaskbb 2.0.2, read off its models by hand: (table, column, referenced table, referenced column)
FLASKBB_KEYS = {
    ("groups_users", "user_id", "users", "id"),
    ("groups_users", "group_id", "groups", "id"),
    ("users", "primary_group_id", "groups", "id"),
    ("settings", "settingsgroup", "settingsgroup", "key"),
    ("moderators", "user_id", "users", "id"),
    ("moderators", "forum_id", "forums", "id"),
    ("topictracker", "user_id", "users", "id"),
    ("topictracker", "topic_id", "topics", "id"),
    ("forumgroups", "group_id", "groups", "id"),
    ("forumgroups", "forum_id", "forums", "id"),
    ("topicsread", "user_id", "users", "id"),
    ("topicsread", "topic_id", "topics", "id"),
    ("topicsread", "forum_id", "forums", "id"),
    ("forumsread", "user_id", "users", "id"),
    ("forumsread", "forum_id", "forums", "id"),
    ("reports", "reporter_id", "users", "id"),
    ("reports", "post_id", "posts", "id"),
    ("reports", "zapped_by", "users", "id"),
    ("posts", "topic_id", "topics", "id"),
    ("posts", "user_id", "users", "id"),
    ("posts", "hidden_by_id", "users", "id"),  # HideableMixin's declared_attr
    ("topics", "forum_id", "forums", "id"),
    ("topics", "user_id", "users", "id"),
    ("topics", "first_post_id", "posts", "id"),
    ("topics", "last_post_id", "posts", "id"),
    ("topics", "hidden_by_id", "users", "id"),
    ("forums", "category_id", "categories", "id"),
    ("forums", "last_post_id", "posts", "id"),
    ("forums", "last_post_user_id", "users", "id"),
    ("plugin_store", "plugin_id", "plugin_registry", "id"),
}
FLASKBB_TABLES = {
    "groups_users", "groups", "users", "settingsgroup", "settings", "moderators", "topictracker",
    "forumgroups", "topicsread", "forumsread", "reports", "posts", "topics", "forums",
    "categories", "plugin_store", "plugin_registry",  # the last two: Flask-SQLAlchemy's naming
}  # fmt: skip


def test_flaskbb_tables_and_foreign_keys() -> None:
    root = require_package("flaskbb")
    graph = _graph(root, sqlalchemy_models.ANALYZER)
    assert {n.name for n in graph.nodes(NodeKind.TABLE)} == FLASKBB_TABLES
    keys = {
        (e.source[6:], column, e.target[6:], ref)
        for e in graph.edges(EdgeKind.FOREIGN_KEY)
        for (column,), (ref,) in e.attrs["keys"]
    }
    assert keys == FLASKBB_KEYS
