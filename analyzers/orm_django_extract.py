"""Per-file extraction for Django models: classes with their fields and `Meta`, and app configs.
Resolution (inheritance, app labels, table names, relations) is the link step's
(analyzers.django_models)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from analyzers.orm_names import (
    ModuleNames,
    call_name,
    is_true,
    keyword,
    literal_str,
    module_names,
    ref_of,
    top_statements,
)
from analyzers.python_names import dotted
from decompose.model import Evidence
from decompose.model.pickling import compact_pickle

USER_MODELS_APART = "|"
RELATIONS = {
    "ForeignKey": "fk",
    "OneToOneField": "o2o",
    "ManyToManyField": "m2m",
    "ParentalKey": "fk",
    "ParentalManyToManyField": "m2m",
    "TreeForeignKey": "fk",
    "TreeOneToOneField": "o2o",
    "TreeManyToManyField": "m2m",
}
META_KEYS = ("db_table", "abstract", "proxy", "app_label")


@compact_pickle
@dataclass(frozen=True, slots=True)
class DjField:
    name: str
    kind: str  # "field", "fk", "o2o", "m2m"
    target: str | None  # the related model as written ("app.Model", "self", a name)
    column: str | None  # db_column
    primary: bool
    to_field: str | None
    through: str | None
    db_table: str | None  # a many-to-many field's own join table
    parent_link: bool
    related_name: str | None
    related_query_name: str | None
    from_models: bool  # called as `models.XField(...)`
    evidence: Evidence
    call: str = ""  # the field class as written (`models.CharField`, `MoneyField`)


@compact_pickle
@dataclass(frozen=True, slots=True)
class DjClass:
    qual: str  # `module.Class`
    bases: tuple[str, ...]
    meta: tuple[tuple[str, str], ...]  # db_table/app_label as text, abstract/proxy as "1"
    meta_declared: bool
    meta_bases: tuple[str, ...]  # `class Meta(AbstractX.Meta)`: "AbstractX"
    fields: tuple[DjField, ...]
    evidence: Evidence
    # managers declared in the body: attribute -> the manager and queryset classes as written
    managers: tuple[tuple[str, tuple[str, ...]], ...] = ()


@compact_pickle
@dataclass(frozen=True, slots=True)
class DjFile:
    names: ModuleNames
    classes: tuple[DjClass, ...]
    app_labels: tuple[tuple[str, str], ...]  # AppConfig: app module -> label
    # a settings module's `AUTH_USER_MODEL = "app.Model"`; the ones it sets under different
    # conditions (`if os.environ...`) joined by `USER_MODELS_APART`
    user_model: str | None = None


def extract(tree: ast.Module, module: str, path: str, lines: list[str]) -> DjFile:
    names = module_names(tree, module, path)

    def evidence(line: int) -> Evidence:
        return Evidence.at(path, line, lines[line - 1] if line <= len(lines) else "")

    classes: list[DjClass] = []
    labels: list[tuple[str, str]] = []
    for node in top_statements(tree.body):
        if isinstance(node, ast.ClassDef):
            label = _app_config(node)
            if label is not None:
                labels.append(label)
                # the package whose apps.py declares it, when `name` is another path (a project
                # template's `name = "home"` under `wagtail/project_template/home/`)
                package, _, last = module.rpartition(".")
                if last == "apps" and package and package != label[0]:
                    labels.append((package, label[1]))
            else:
                classes.append(_class(node, f"{module}.{node.name}", evidence))
    return DjFile(names, tuple(classes), tuple(sorted(labels)), _user_model(tree, module))


def _user_model(tree: ast.Module, module: str) -> str | None:
    """`AUTH_USER_MODEL = "app.Model"` at the top level of a settings module (`settings`,
    `x.settings`, `x.settings.prod`), read as text, never run."""
    if "settings" not in module.split("."):
        return None
    found: set[str] = set()
    for stmt in top_statements(tree.body):
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "AUTH_USER_MODEL" for t in stmt.targets
        ):
            value = literal_str(stmt.value)
            if value is not None and value.count(".") == 1:
                found.add(value)
    return USER_MODELS_APART.join(sorted(found)) or None


def _app_config(node: ast.ClassDef) -> tuple[str, str] | None:
    """(app module, label) of an AppConfig subclass that sets `name`; the label is `label`, or
    Django's default, the last part of `name`."""
    if not any((dotted(b) or "").endswith("Config") for b in node.bases):
        return None
    values = {
        t.id: literal_str(s.value)
        for s in node.body
        if isinstance(s, ast.Assign)
        for t in s.targets
        if isinstance(t, ast.Name)
    }
    name, label = values.get("name"), values.get("label")
    return (name, label or name.rpartition(".")[2]) if name else None


def _class(node: ast.ClassDef, qual: str, at: Callable[[int], Evidence]) -> DjClass:
    fields: list[DjField] = []
    managers: list[tuple[str, tuple[str, ...]]] = []
    meta: dict[str, str] = {}
    meta_node: ast.ClassDef | None = None
    for stmt in node.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            meta_node = stmt
            meta = _meta(stmt)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            field = _field(stmt, at(stmt.lineno))
            if field is not None:
                fields.append(field)
            else:
                manager = _manager(stmt)
                if manager is not None:
                    managers.append(manager)
    meta_bases = tuple(
        b.rsplit(".", 1)[0] for b in map(dotted, meta_node.bases if meta_node else []) if b
    )
    return DjClass(
        qual=qual,
        bases=tuple(b for b in map(dotted, node.bases) if b),
        meta=tuple(sorted(meta.items())),
        meta_declared=meta_node is not None,
        meta_bases=meta_bases,
        fields=tuple(fields),
        evidence=at(node.lineno),
        managers=tuple(managers),
    )


def _manager(stmt: ast.Assign | ast.AnnAssign) -> tuple[str, tuple[str, ...]] | None:
    """(name, classes) of a manager a class body declares: `objects = PublishedManager()`, also
    annotated (`objects: ClassVar[PublishedManager] = PublishedManager()`)."""
    target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
    if not isinstance(target, ast.Name) or stmt.value is None:
        return None
    classes = manager_classes(stmt.value)
    return (target.id, classes) if classes is not None else None


def _meta(node: ast.ClassDef) -> dict[str, str]:
    found: dict[str, str] = {}
    for stmt in node.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and target.id in META_KEYS:
                    value = literal_str(stmt.value)
                    if target.id in ("abstract", "proxy"):
                        value = "1" if is_true(stmt.value) else ""
                    if value is not None:
                        found[target.id] = value
    return found


def _field(stmt: ast.Assign | ast.AnnAssign, evidence: Evidence) -> DjField | None:
    if isinstance(stmt, ast.Assign):
        if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
            return None
        name, value = stmt.targets[0].id, stmt.value
    else:
        if not isinstance(stmt.target, ast.Name) or stmt.value is None:
            return None
        name, value = stmt.target.id, stmt.value
    kind_name = call_name(value)
    if not isinstance(value, ast.Call) or kind_name is None:
        return None
    kind = RELATIONS.get(kind_name) or ("field" if kind_name.endswith("Field") else None)
    if kind is None:
        return None
    target = keyword(value, "to") or (value.args[0] if value.args and kind != "field" else None)
    return DjField(
        name=name,
        kind=kind,
        target=ref_of(target) if target is not None else None,
        column=literal_str(keyword(value, "db_column")),
        primary=is_true(keyword(value, "primary_key")),
        to_field=literal_str(keyword(value, "to_field")),
        through=_through(keyword(value, "through")),
        db_table=literal_str(keyword(value, "db_table")),
        parent_link=is_true(keyword(value, "parent_link")),
        related_name=literal_str(keyword(value, "related_name")),
        related_query_name=literal_str(keyword(value, "related_query_name")),
        from_models=(dotted(value.func) or "").startswith("models."),
        evidence=evidence,
        call=dotted(value.func) or "",
    )


def manager_classes(value: ast.expr) -> tuple[str, ...] | None:
    """The classes behind a manager assigned in a class body, as written: `XManager()` (any
    call of a name ending in `Manager`), `XQuerySet.as_manager()`,
    `XManager.from_queryset(XQuerySet)()`; None for any other value.

    >>> manager_classes(ast.parse("M.from_queryset(QS)()", mode="eval").body)
    ('M', 'QS')
    """
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    if isinstance(func, ast.Call) and isinstance(func.func, ast.Attribute):
        if func.func.attr != "from_queryset":
            return None
        refs = [dotted(func.func.value), *map(dotted, func.args)]
        return tuple(r for r in refs if r)
    name = dotted(func) or ""
    if name.endswith(".as_manager"):
        return (name.removesuffix(".as_manager"),)
    return (name,) if name.rsplit(".", 1)[-1].endswith("Manager") else None


def _through(node: ast.expr | None) -> str | None:
    return ref_of(node) if node is not None else None
