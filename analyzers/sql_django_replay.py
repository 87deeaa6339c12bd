"""Replaying Django migration operations to the tables they leave, with Django's naming rules.

A model's table is `<app_label>_<model name in lower case>` unless `db_table` says otherwise; a
foreign key's column is `<field>_id` unless `db_column` says otherwise; a many-to-many field
without `through=` makes a join table `<model table>_<field>` with a key to each side. Targets
are resolved when the replay ends, so that a model renamed or given a `db_table` later is met
under its final name. A target no migration creates (`auth.User`) gets Django's default name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from analyzers.sql_facts import ForeignKeyDef, SchemaFacts, TableDef, TableName
from decompose.model import Evidence
from decompose.model.pickling import compact_pickle

USER_MODEL = ("auth", "user")  # settings.AUTH_USER_MODEL cannot be read without running settings
# django.contrib models whose tables do not follow the default naming (their migrations are not
# in the analysed tree)
CONTRIB_TABLES = {
    ("sites", "site"): "django_site",
    ("contenttypes", "contenttype"): "django_content_type",
    ("admin", "logentry"): "django_admin_log",
    ("sessions", "session"): "django_session",
    ("redirects", "redirect"): "django_redirect",
    ("flatpages", "flatpage"): "django_flatpage",
}


@compact_pickle
@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A model field as a migration declares it: a plain column, a foreign key or a many-to-many."""

    name: str
    kind: str  # "column", "fk" or "m2m"
    column: str
    evidence: Evidence
    target: str = ""  # "app.Model", "Model", "self" or "AUTH_USER_MODEL"
    primary_key: bool = False
    through: str = ""
    db_table: str = ""


@compact_pickle
@dataclass(frozen=True, slots=True)
class ModelOp:
    """One migration operation on a model (`CreateModel`, `AddField`, `DeleteModel`, ...)."""

    kind: str
    model: str
    evidence: Evidence
    fields: tuple[FieldSpec, ...] = ()
    db_table: str = ""
    new_name: str = ""
    field: str = ""
    concrete: bool = True  # False for proxy and abstract models: they have no table


@dataclass
class _Model:
    app: str
    name: str
    evidence: Evidence
    db_table: str = ""
    fields: dict[str, FieldSpec] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return self.db_table or f"{self.app}_{self.name}"


@dataclass
class DjangoState:
    """The models the operations applied so far leave, by (app label, model name lowered)."""

    models: dict[tuple[str, str], _Model] = field(default_factory=dict)

    def apply(self, app: str, op: ModelOp) -> None:
        key = (app, op.model.lower())
        model = self.models.get(key)
        if op.kind == "create_model" and op.concrete:
            fields = {f.name: f for f in op.fields}
            self.models[key] = _Model(app, key[1], op.evidence, op.db_table, fields)
        elif model is None:
            return
        elif op.kind == "delete_model":
            del self.models[key]
        elif op.kind == "rename_model":
            self._rename(key, (app, op.new_name.lower()))
        elif op.kind == "alter_model_table":
            model.db_table = op.db_table
        else:
            self._field(model, op)

    def _rename(self, old: tuple[str, str], new: tuple[str, str]) -> None:
        """A renamed model keeps its fields; the fields that point at it follow, as in Django."""
        model = self.models.pop(old)
        model.name = new[1]
        self.models[new] = model
        for other in self.models.values():
            for name, spec in list(other.fields.items()):
                if spec.target and self._refers(other, spec.target) == old:
                    other.fields[name] = replace(spec, target=f"{new[0]}.{new[1]}")

    def _field(self, model: _Model, op: ModelOp) -> None:
        if op.kind in ("add_field", "alter_field"):
            for spec in op.fields:
                model.fields[spec.name] = spec
        elif op.kind == "remove_field":
            model.fields.pop(op.field, None)
        elif op.kind == "rename_field" and op.field in model.fields:
            old = model.fields.pop(op.field)
            renamed = replace(old, name=op.new_name)
            if old.column == _default_column(old):  # a db_column stays; a default one follows
                renamed = replace(renamed, column=_default_column(renamed))
            model.fields[op.new_name] = renamed

    def facts(self) -> SchemaFacts:
        """Tables (with auto-created join tables) and foreign keys, targets resolved."""
        tables: list[TableDef] = []
        keys: list[ForeignKeyDef] = []
        for _key, model in sorted(self.models.items()):
            table = _name(model.table)
            columns = [f.column for f in model.fields.values() if f.kind != "m2m"]
            primary = [f.column for f in model.fields.values() if f.primary_key] or _implicit_id(
                columns
            )
            tables.append(TableDef(table, model.evidence, tuple(columns), tuple(primary)))
            for spec in model.fields.values():
                if not spec.target:  # `to=` an expression not read: the other side is not known
                    continue
                if spec.kind == "fk":
                    keys.append(self._foreign_key(model, table, spec))
                elif spec.kind == "m2m" and not spec.through:
                    join, join_keys = self._join_table(model, table, spec)
                    tables.append(join)
                    keys.extend(join_keys)
        return SchemaFacts("", tuple(tables), tuple(keys))

    def _refers(self, model: _Model, target: str) -> tuple[str, str]:
        """The (app label, model name lowered) a field's `to` names, from within `model`."""
        if target == "self":
            return model.app, model.name
        if target == "AUTH_USER_MODEL":
            return self._user_model()
        app, _, name = target.rpartition(".")
        return app or model.app, name.lower()

    def _user_model(self) -> tuple[str, str]:
        """settings.AUTH_USER_MODEL: the one replayed model with AbstractBaseUser's `password`
        and `last_login` fields (a custom user model), else Django's own `auth.User`."""
        users = [
            key
            for key, model in sorted(self.models.items())
            if {"password", "last_login"} <= set(model.fields)
        ]
        return users[0] if len(users) == 1 else USER_MODEL

    def _target(self, model: _Model, target: str) -> tuple[TableName, tuple[str, ...], str]:
        """The table, primary key and model name that a field's `to` names."""
        app, name = self._refers(model, target)
        found = self.models.get((app, name))
        if found is None:
            default = CONTRIB_TABLES.get((app, name), f"{app}_{name}")
            return _name(default), ("id",), name
        primary = tuple(f.column for f in found.fields.values() if f.primary_key) or ("id",)
        return _name(found.table), primary, found.name

    def _foreign_key(self, model: _Model, table: TableName, spec: FieldSpec) -> ForeignKeyDef:
        target, primary, _model_name = self._target(model, spec.target)
        return ForeignKeyDef(table, (spec.column,), target, primary[:1], spec.evidence)

    def _join_table(
        self, model: _Model, table: TableName, spec: FieldSpec
    ) -> tuple[TableDef, list[ForeignKeyDef]]:
        target, primary, target_name = self._target(model, spec.target)
        join = _name(spec.db_table or f"{model.table}_{spec.name}")
        own, other = f"{model.name}_id", f"{target_name}_id"
        if own == other:  # a many-to-many to its own model
            own, other = f"from_{model.name}_id", f"to_{model.name}_id"
        definition = TableDef(join, spec.evidence, ("id", own, other), ("id",))
        own_primary = tuple(f.column for f in model.fields.values() if f.primary_key) or ("id",)
        return definition, [
            ForeignKeyDef(join, (own,), table, own_primary[:1], spec.evidence),
            ForeignKeyDef(join, (other,), target, primary[:1], spec.evidence),
        ]


def _name(table: str) -> TableName:
    return TableName.of(None, table, fold=table == table.lower())


def _implicit_id(columns: list[str]) -> list[str]:
    return ["id"] if "id" in columns else []


def _default_column(spec: FieldSpec) -> str:
    return f"{spec.name}_id" if spec.kind == "fk" else spec.name
