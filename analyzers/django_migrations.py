"""Django migrations, replayed per app in dependency order, where no models are found.

## What it detects
In each `Migration` class: `CreateModel` (fields, `db_table`, proxy and abstract models),
`AddField`, `AlterField`, `RemoveField`, `RenameField`, `DeleteModel`, `RenameModel` and
`AlterModelTable`, with `ForeignKey`, `OneToOneField` and `ManyToManyField` fields. The link step
orders the migrations by their `dependencies` and replays them to the final tables and keys.

## Why it matters
A Django project whose models cannot be read (generated, dynamic, or outside the analysed tree)
still describes every table and foreign key in its migrations.

## Example
```python
class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.AddField("order", "user",
                  models.ForeignKey(to="auth.User", on_delete=models.CASCADE))]
```
gives the column `user_id` on `table:shop_order`, with a foreign key to `table:auth_user`
(a model no replayed migration creates keeps Django's name: `auth_user`, `django_site`).

## Notes
Only apps for which the Django models analyzer found no models are replayed (it publishes
`django_models.apps` and `django_models.app_packages` in its link step). The app label is the one
an AppConfig of the package holding `migrations/` gives (`django_models.app_configs`), else that
package's folder name. The
files are read with `ast`, never imported. `settings.AUTH_USER_MODEL` (settings are not read) is
the one replayed model with `password` and `last_login` fields, else `auth.User`.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, replace

from analyzers.base import LinkContext
from analyzers.python_parse import ParseFailure, parse_python
from analyzers.sql_django_ops import read_operations
from analyzers.sql_django_replay import DjangoState, ModelOp
from analyzers.sql_facts import emit_schema
from analyzers.sql_replay import replay_order
from decompose.model import Diagnostic, FileFacts, Severity, SourceFile

MODEL_APPS = "django_models.apps"  # the product of the Django models analyzer's link step
MODEL_PACKAGES = "django_models.app_packages"  # its app packages that hold models
APP_CONFIGS = "django_models.app_configs"  # its app package -> AppConfig label


@dataclass(frozen=True, slots=True)
class DjangoMigration:
    app: str
    name: str
    dependencies: tuple[tuple[str, str], ...]
    replaces: tuple[tuple[str, str], ...]
    operations: tuple[ModelOp, ...]
    package: str = ""  # the app's package (`misago.users`), "" when not known

    @property
    def key(self) -> str:
        return f"{self.app}.{self.name}"


class DjangoMigrationsAnalyzer:
    name = "django_migrations"
    version = "4"

    def accepts(self, path: str) -> bool:
        parts = path.split("/")
        return (
            len(parts) >= 3
            and parts[-2] == "migrations"
            and path.endswith(".py")
            and parts[-1] != "__init__.py"
        )

    def analyze(self, source: SourceFile) -> FileFacts:
        tree = parse_python(source.text, source.path)
        if isinstance(tree, ParseFailure):
            return FileFacts.failed(self.name, source.path, tree.message, tree.line)
        return self.analyze_tree(tree, source)

    def analyze_tree(self, tree: ast.Module, source: SourceFile) -> FileFacts:
        body = _migration_class(tree)
        if body is None:
            return FileFacts.skipped(self.name, source.path, "no `class Migration`")
        parts = source.path.split("/")
        app, name = parts[-3], parts[-1].removesuffix(".py")
        values = {target: value for target, value in _assignments(body)}
        operations, diagnostics = read_operations(source.path, source.text, values)
        migration = DjangoMigration(
            app,
            name,
            _pairs(values.get("dependencies")),
            _pairs(values.get("replaces")),
            operations,
            (source.module or "").rpartition(".migrations.")[0],
        )
        return FileFacts(self.name, source.path, diagnostics=diagnostics, data=migration)

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        with_models = context.products.get(MODEL_APPS) or set()
        packages: set[str] = context.products.get(MODEL_PACKAGES) or set()
        configs: dict[str, str] = context.products.get(APP_CONFIGS) or {}
        found = [f.data for f in facts if isinstance(f.data, DjangoMigration)]
        labelled = [replace(m, app=configs.get(m.package, m.app)) for m in found]
        migrations = _unique(labelled)
        chosen = {
            m.key: m for m in migrations if m.app not in with_models and m.package not in packages
        }
        order, problems = replay_order({key: _parents(m, chosen) for key, m in chosen.items()})
        state = DjangoState()
        for key in order:
            migration = chosen[key]
            originals = {f"{app}.{name}" for app, name in migration.replaces}
            if originals and originals <= set(chosen):
                continue  # a squashed migration whose originals are all here: replay those
            for operation in migration.operations:
                state.apply(migration.app, operation)
        nodes, edges, _aliases = emit_schema([state.facts()])
        diagnostics = tuple(
            Diagnostic("", None, p, "django-migrations-order", Severity.WARNING) for p in problems
        )
        return FileFacts(
            self.name, "", nodes=tuple(nodes), edges=tuple(edges), diagnostics=diagnostics
        )


def _migration_class(tree: ast.Module) -> list[ast.stmt] | None:
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Migration":
            return stmt.body
    return None


def _assignments(body: list[ast.stmt]) -> list[tuple[str, ast.expr]]:
    found = []
    for stmt in body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            found.append((stmt.targets[0].id, stmt.value))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            found.append((stmt.target.id, stmt.value))
    return found


def _pairs(node: ast.expr | None) -> tuple[tuple[str, str], ...]:
    """`("app", "0001_initial")` pairs of a literal list; calls (swappable_dependency) left out."""
    if not isinstance(node, (ast.List, ast.Tuple)):
        return ()
    pairs = []
    for item in node.elts:
        if isinstance(item, ast.Tuple) and len(item.elts) == 2:
            app, name = (e.value if isinstance(e, ast.Constant) else None for e in item.elts)
            if isinstance(app, str) and isinstance(name, str):
                pairs.append((app, name))
    return tuple(pairs)


def _unique(migrations: list[DjangoMigration]) -> list[DjangoMigration]:
    """One migration per app and name: the first in path order."""
    seen: dict[str, DjangoMigration] = {}
    for migration in migrations:
        seen.setdefault(migration.key, migration)
    return list(seen.values())


def _parents(migration: DjangoMigration, chosen: dict[str, DjangoMigration]) -> tuple[str, ...]:
    """Dependencies among the replayed apps; `__first__` and `__latest__` and apps outside the
    analysed tree (django.contrib, apps with models) order nothing here."""
    apps = {m.app for m in chosen.values()}
    return tuple(
        f"{app}.{name}"
        for app, name in migration.dependencies
        if app in apps and not name.startswith("__")
    )


ANALYZER = DjangoMigrationsAnalyzer()
