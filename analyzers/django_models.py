"""Django models into model and table nodes, maps_to and foreign_key edges.

What it detects: `models.Model` subclasses in any module of an app, with abstract, proxy and
multi-table inheritance; each concrete model's table as Django names it (`Meta.db_table`, else
`<app_label>_<model name>`; the rules are in analyzers.orm_django_resolve); its columns; its
`ForeignKey` and `OneToOneField` relations (string references `"app.Model"`, `"Model"` and
`"self"`, names, `settings.AUTH_USER_MODEL` as the settings modules set it, Django's default
`auth.User` when none does); the
`<parent>_ptr_id` key of multi-table inheritance; and `ManyToManyField`s: an explicit `through`
model holds its own keys, otherwise the auto-created join table (`<table>_<field>`, or the field's
`db_table`) gets columns `<model>_id` and `<target>_id` (`from_`/`to_` for a self-relation) and a
key to each side. A relation to a model outside the analysed code is kept only for Django's own
contrib models, whose tables are known (`auth_user`, `django_content_type`, ...); any other is an
info diagnostic.

Why it matters: these tables and keys are the data domains to split, and the keys to cut.

Example: `class Product(AbstractProduct)` in `oscar/apps/catalogue/models.py`, with
`Meta.app_label = "catalogue"` inherited from the abstract parent, gives
`model:oscar.apps.catalogue.models:Product` -maps_to-> `table:catalogue_product`.

Publishes `context.products["django_models.apps"]` (the app labels that have models),
`["django_models.labels"]` (`app_label.modelname` -> table id, for `apps.get_model`; Django's
contrib models included),
`["orm.models"]` (model qualified name -> table id) and `["orm.kinds"]` (model -> "django");
for the data access analyzer, `["django_models.accessors"]` (table id -> related manager name ->
(table id of its rows, join table id or "")), `["django_models.managers"]` (table id -> the names
of the managers its models declare or inherit, such as `published = PublishedManager()`) and
`["django_models.querysets"]` (dotted name of a manager or queryset class of the analysed code, or
of one of their ancestors -> the table ids of the models that use it), `["django_models.lookups"]`
(table id -> the name a query lookup follows a relation by -> (table id of the other side, join
table id or "", whether it is a forward foreign key or one-to-one field)) and
`["django_models.app_packages"]` (the app packages that hold models, found as Django finds a
model's app: the nearest package around it that an AppConfig names or that holds migrations),
`["django_models.app_configs"]` (app package -> the label its AppConfig gives),
`["django_models.parents"]` (a multi-table child's table id -> its parent's) and
`["django_models.abstract"]` (an abstract model of the analysed code that exactly one concrete
model table inherits -> that table id: `self` in `AbstractOrder`'s methods is an `Order`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence

from analyzers.base import LinkContext
from analyzers.orm_django_extract import DjField, DjFile, extract
from analyzers.orm_django_resolve import DjangoModels, column_of, short, truncate_name
from analyzers.orm_names import MethodOrders, ModuleNames, in_migrations, lookup
from analyzers.orm_parse import parse_and_analyze
from analyzers.python_names import is_package
from decompose.model import (
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    FileFacts,
    Node,
    NodeKind,
    Severity,
    SourceFile,
)
from decompose.model.evidence import source_lines

# fields that store nothing of their own: django-prices' money fields read and write the
# `*_amount` and currency fields declared beside them
VIRTUAL_FIELDS = frozenset(
    {"django_prices.models.MoneyField", "django_prices.models.TaxedMoneyField"}
)
CONTRIB_TABLES = {
    ("auth", "user"): "auth_user",
    ("auth", "group"): "auth_group",
    ("auth", "permission"): "auth_permission",
    ("contenttypes", "contenttype"): "django_content_type",
    ("sites", "site"): "django_site",
    ("sessions", "session"): "django_session",
    ("admin", "logentry"): "django_admin_log",
    ("flatpages", "flatpage"): "django_flatpage",
    ("redirects", "redirect"): "django_redirect",
}
_MARKERS = ("Model", "models", "Meta", "AppConfig", "Field(", "ForeignKey", "AUTH_USER_MODEL")
Target = tuple[str | None, str]  # (model qualname or None for a contrib model, table)


class DjangoModelsAnalyzer:
    name = "django_models"
    version = "17"

    def accepts(self, path: str) -> bool:
        return path.endswith(".py")

    def analyze(self, source: SourceFile) -> FileFacts:
        return parse_and_analyze(self, source)

    def analyze_tree(self, tree: ast.Module, source: SourceFile) -> FileFacts:
        text = source.text
        if source.module is None or in_migrations(source.path):
            return FileFacts.skipped(self.name, source.path, "not application code")
        package = is_package(source.path)  # may re-export a model: `from .pages import Page`
        if not (package or "import *" in text or any(m in text for m in _MARKERS)):
            return FileFacts.skipped(self.name, source.path, "no Django markers")
        data = extract(tree, source.module, source.path, source_lines(text))
        reexports = package and data.names.bindings
        if not (
            data.classes or data.app_labels or data.names.stars or reexports or data.user_model
        ):
            return FileFacts.skipped(self.name, source.path, "no classes")
        return FileFacts(self.name, source.path, data=data)

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        migrated = frozenset(_migrated_packages(context.modules))
        models = DjangoModels([f.data for f in facts if isinstance(f.data, DjFile)], migrated)
        emitter = _Emitter(models)
        for qual in sorted(models.classes):
            if models.concrete(qual):
                emitter.model(qual)
        context.products["django_models.apps"] = set(emitter.apps)
        context.products["django_models.app_packages"] = {
            package for qual in emitter.mapped_quals if (package := models.app_package(qual))
        }
        context.products["django_models.app_configs"] = dict(models.app_labels)
        contrib = {f"{app}.{model}": f"table:{t}" for (app, model), t in CONTRIB_TABLES.items()}
        context.products["django_models.labels"] = {**contrib, **emitter.labels}
        context.products["django_models.accessors"] = emitter.accessors
        context.products["django_models.lookups"] = emitter.lookups
        context.products["django_models.parents"] = emitter.parents
        context.products["django_models.abstract"] = {
            abstract: next(iter(tables))
            for abstract, tables in emitter.descendants.items()
            if len(tables) == 1
        }
        context.products["django_models.managers"] = emitter.managers
        context.products["django_models.user_model"] = models.user_model
        context.products["django_models.querysets"] = emitter.querysets
        context.products.setdefault("orm.models", {}).update(emitter.mapped)
        context.products.setdefault("orm.kinds", {}).update(dict.fromkeys(emitter.mapped, "django"))
        return FileFacts(
            self.name,
            "",
            nodes=tuple(emitter.nodes),
            edges=tuple(emitter.edges),
            diagnostics=tuple(emitter.diagnostics),
        )


class _Emitter:
    def __init__(self, models: DjangoModels) -> None:
        self.models = models
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.diagnostics: list[Diagnostic] = []
        self.mapped: dict[str, str] = {}
        self.mapped_quals: list[str] = []
        self.labels: dict[str, str] = {}  # "app_label.modelname" -> table id
        # table id -> related manager name -> (table id of the rows, join table id or "")
        self.accessors: dict[str, dict[str, tuple[str, str]]] = {}
        # table id -> relation query name -> (the other side's table id, join table id or "",
        # whether it is a forward foreign key or one-to-one field)
        self.lookups: dict[str, dict[str, tuple[str, str, bool]]] = {}
        self.parents: dict[str, str] = {}  # multi-table child's table id -> its parent's
        self.managers: dict[str, set[str]] = {}  # table id -> manager names
        self.descendants: dict[str, set[str]] = {}  # abstract model -> concrete ones' table ids
        self.querysets: dict[str, set[str]] = {}  # manager or queryset class -> table ids
        self.apps: set[str] = set()
        self.orders = MethodOrders(models.parents)

    def model(self, qual: str) -> None:
        models = self.models
        table = models.table(qual)
        if table is None:
            return
        cls = models.classes[qual][0]
        module = qual.rsplit(".", 1)[0]
        label = models.app_label(qual)
        proxy = models.proxy(qual)
        node = Node.make(
            NodeKind.MODEL, f"{module}:{short(qual)}", cls.evidence,
            table=table, orm="django", app_label=label, proxy=proxy,
        )  # fmt: skip
        self.nodes.append(node)
        self.mapped[node.name] = f"table:{table}"
        self.mapped_quals.append(qual)
        self.labels[f"{label}.{short(qual).lower()}"] = f"table:{table}"
        self.apps.add(label)
        self.edges.append(Edge(node.id, f"table:{table}", EdgeKind.MAPS_TO, cls.evidence))
        self._managers(qual, f"table:{table}")
        for ancestor in self._lineage(qual)[1:]:
            if models.abstract(ancestor):
                self.descendants.setdefault(ancestor, set()).add(f"table:{table}")
        if not proxy:
            self._table(qual, table, cls.evidence)
            self._parent(qual, table)

    def _managers(self, qual: str, table: str) -> None:
        """The managers of a model, its own and those of its bases (Django inherits them all),
        and the classes behind them with their ancestors, as querying the model's table."""
        for owner in self._lineage(qual):
            cls, names = self.models.classes[owner]
            for attribute, refs in cls.managers:
                self.managers.setdefault(table, set()).add(attribute)
                for ref in refs:
                    found = lookup(ref, names, self.models.classes, self.models.stars)
                    for klass in self._lineage(found) if found else [names.resolve(ref)]:
                        self.querysets.setdefault(klass, set()).add(table)

    def _lineage(self, qual: str) -> list[str]:
        """A class of the analysed code and its ancestors among them."""
        return self.orders(qual) or [qual]

    def _table(self, qual: str, table: str, evidence: Evidence) -> None:
        columns: set[str] = set()
        fields = self.models.fields(qual)
        for field, names in fields:
            if field.kind == "m2m":
                self._many_to_many(qual, table, field, names)
                continue
            if field.kind == "field" and names.resolve(field.call) in VIRTUAL_FIELDS:
                continue  # stored in other fields' columns
            columns.add(column_of(field))
            if field.kind in ("fk", "o2o"):
                self._foreign_key(qual, table, field, names)
        if not any(f.primary for f, _ in fields):
            columns.add(self._inheritance(qual, table, evidence) or "id")
        self.nodes.append(Node.make(NodeKind.TABLE, table, evidence, columns=sorted(columns)))

    def _parent(self, qual: str, table: str) -> None:
        """A multi-table child's relations to its parent: `<parent>_ptr`, and the reverse one
        named after the child."""
        parents = self.models.concrete_parents(qual)
        parent = self.models.table(parents[0]) if parents else None
        if parent is not None:
            self.parents[f"table:{table}"] = f"table:{parent}"
            self._lookup(table, f"{short(parents[0]).lower()}_ptr", parent, "", forward=True)
            self._lookup(parent, short(qual).lower(), table, "", forward=False)

    def _inheritance(self, qual: str, table: str, evidence: Evidence) -> str | None:
        """The `<parent>_ptr_id` key of multi-table inheritance, with its foreign key."""
        parents = self.models.concrete_parents(qual)
        if not parents:
            return None
        parent = parents[0]
        column = f"{short(parent).lower()}_ptr_id"
        target = self.models.table(parent) or ""
        keys = [[[column], [self._pk(parent)]]]
        self.edges.append(
            Edge(
                f"table:{table}", f"table:{target}", EdgeKind.FOREIGN_KEY, evidence, {"keys": keys}
            )
        )
        return column

    def _foreign_key(self, qual: str, table: str, field: DjField, names: ModuleNames) -> None:
        target = self._target(qual, field, names)
        if target is None:
            return
        model, target_table = target
        default = short(qual).lower() if field.kind == "o2o" else f"{short(qual).lower()}_set"
        self._accessor(target_table, self._related_name(qual, field, default), table, "")
        self._lookup(table, field.name, target_table, "", forward=True)
        self._lookup(target_table, self._query_name(qual, field), table, "", forward=False)
        if field.parent_link:  # a declared parent link: its rows are the parent's too
            self.parents.setdefault(f"table:{table}", f"table:{target_table}")
        ref_column = field.to_field or (self._pk(model) if model else "id")
        keys = [[[column_of(field)], [ref_column]]]
        self.edges.append(
            Edge(f"table:{table}", f"table:{target_table}", EdgeKind.FOREIGN_KEY, field.evidence,
                 {"keys": keys})
        )  # fmt: skip

    def _many_to_many(self, qual: str, table: str, field: DjField, names: ModuleNames) -> None:
        target = self._target(qual, field, names)
        join = field.db_table or truncate_name(f"{table}_{field.name}")
        source_end = (f"{short(qual).lower()}_id", table, self._pk(qual))
        if target is None:
            # the join table is there whatever the other side is (the user model when the
            # settings disagree, say): its name and its key to this model are known
            if not field.through:
                self._join_table(join, field, [source_end])
            return
        model, target_table = target
        if field.through:  # the through model declares its own keys
            through = self._resolve(qual, field.through, names)
            if through is not None:
                self._related_pair(qual, table, field, target_table, through[1])
            return
        source_name = short(qual).lower()
        target_name = short(model).lower() if model else target_table.rsplit("_", 1)[-1]
        if source_name == target_name:
            source_name, target_name = f"from_{source_name}", f"to_{target_name}"
            source_end = (f"{source_name}_id", table, self._pk(qual))
        target_pk = self._pk(model) if model else "id"
        self._join_table(join, field, [source_end, (f"{target_name}_id", target_table, target_pk)])
        self._related_pair(qual, table, field, target_table, join)

    def _join_table(self, join: str, field: DjField, ends: list[tuple[str, str, str]]) -> None:
        """An auto-created join table: its key to each (column, table, referenced column)."""
        for column, other, ref_column in ends:
            keys = [[[column], [ref_column]]]
            self.edges.append(
                Edge(f"table:{join}", f"table:{other}", EdgeKind.FOREIGN_KEY, field.evidence,
                     {"keys": keys, "auto_created": True})
            )  # fmt: skip
        columns = sorted({"id", *(end[0] for end in ends)})
        self.nodes.append(Node.make(NodeKind.TABLE, join, field.evidence, columns=columns))

    def _related_pair(
        self, qual: str, table: str, field: DjField, target_table: str, join: str
    ) -> None:
        """The two related managers of a many-to-many field: forward and reverse."""
        self._accessor(table, field.name, target_table, join)
        reverse = self._related_name(qual, field, f"{short(qual).lower()}_set")
        self._accessor(target_table, reverse, table, join)
        self._lookup(table, field.name, target_table, join, forward=False)
        self._lookup(target_table, self._query_name(qual, field), table, join, forward=False)

    def _related_name(self, qual: str, field: DjField, default: str) -> str:
        return self._expand(qual, field.related_name or default)

    def _query_name(self, qual: str, field: DjField) -> str:
        """The name a lookup follows a relation back by (`filter(line__quantity=2)`)."""
        name = field.related_query_name or field.related_name or short(qual).lower()
        return self._expand(qual, name)

    def _expand(self, qual: str, name: str) -> str:
        label = self.models.app_label(qual)
        return name.replace("%(class)s", short(qual).lower()).replace("%(app_label)s", label)

    def _lookup(self, owner: str, name: str, other: str, join: str, *, forward: bool) -> None:
        if not name.endswith("+"):
            link = f"table:{join}" if join else ""
            self.lookups.setdefault(f"table:{owner}", {})[name] = (f"table:{other}", link, forward)

    def _accessor(self, owner: str, name: str, rows: str, join: str) -> None:
        if not name.endswith("+"):
            link = f"table:{join}" if join else ""
            self.accessors.setdefault(f"table:{owner}", {})[name] = (f"table:{rows}", link)

    def _pk(self, qual: str) -> str:
        """The primary key column of a model: a declared one, the parent link, or `id`."""
        models = self.models
        if not models.proxy(qual):
            for field, _ in models.fields(qual):
                if field.primary or field.parent_link:
                    return column_of(field)
            parents = models.concrete_parents(qual)
            return f"{short(parents[0]).lower()}_ptr_id" if parents else "id"
        parents = models.parents(qual)
        return self._pk(parents[0]) if parents else "id"

    def _target(self, qual: str, field: DjField, names: ModuleNames) -> Target | None:
        found = self._resolve(qual, field.target or "", names)
        if found is None:
            self.diagnostics.append(
                Diagnostic(
                    field.evidence.path,
                    field.evidence.line,
                    f"{short(qual)}.{field.name}: related model {field.target!r} not found",
                    "django-models-unresolved-relation",
                    Severity.INFO,
                )
            )
        return found

    def _resolve(self, qual: str, ref: str, names: ModuleNames) -> Target | None:
        models = self.models
        if ref.rsplit(".", 1)[-1] == "AUTH_USER_MODEL":
            if models.user_model is None:  # settings modules disagree
                return None
            ref = models.user_model
        if ref == "self":
            model: str | None = qual
        elif ref.count(".") == 1:
            label, name = ref.split(".")
            model = models.by_label(label, name) or self._dotted(ref, names)
            if model is None and (label, name.lower()) in CONTRIB_TABLES:
                return None, CONTRIB_TABLES[(label, name.lower())]
        elif "." not in ref:
            model = models.by_label(models.app_label(qual), ref) or self._dotted(ref, names)
            contrib = _contrib(names.resolve(ref))
            if model is None and contrib is not None:
                return None, contrib
        else:
            model = self._dotted(ref, names)
            contrib = _contrib(names.resolve(ref))
            if model is None and contrib is not None:
                return None, contrib
        table = models.table(model) if model else None
        return (model, table) if model and table else None

    def _dotted(self, ref: str, names: ModuleNames) -> str | None:
        found = lookup(ref, names, self.models.classes, self.models.stars)
        return found if found is not None and self.models.concrete(found) else None


def _migrated_packages(modules: Iterable[str]) -> Iterator[str]:
    """The packages that hold a `migrations` package (`shop` of `shop.migrations.0001_initial`).

    >>> sorted(set(_migrated_packages(["shop.migrations.0001_initial", "shop.models"])))
    ['shop']
    """
    for module in modules:
        parts = module.split(".")
        if "migrations" in parts[1:]:
            yield ".".join(parts[: parts.index("migrations", 1)])


def _contrib(full: str) -> str | None:
    """The table of a Django contrib model named by its import path, if it is one.

    >>> _contrib("django.contrib.contenttypes.models.ContentType")
    'django_content_type'
    """
    parts = full.split(".")
    if len(parts) < 4 or parts[:2] != ["django", "contrib"]:
        return None
    return CONTRIB_TABLES.get((parts[2], parts[-1].lower()))


ANALYZER = DjangoModelsAnalyzer()
