"""Django model resolution across files: which classes are models, their Meta, app label, table,
fields and related models, as Django itself derives them.

Rules (Django's `ModelBase` and `Options`):
- a class is a model when an ancestor is `django.db.models.Model` (or a known third-party abstract
  base such as treebeard's nodes), or, when a base cannot be resolved (and is not Django's own),
  when it declares a field as `models.<Field>(...)`;
- `Meta` is the class's own, extended by the `Meta` classes it subclasses; without one, the first
  `Meta` reachable through the ancestors is inherited (an abstract model's or a mixin's: a concrete
  model's own `Meta` is consumed when Django creates it); `abstract` is never inherited;
- the app label is `Meta.app_label`, else the label of the `AppConfig` whose `name` contains the
  model's module (its `label`, or the last part of its `name`), else the last name of the package
  that holds the first `models` module or package (`extras` for `extras.models.models`);
- the table is `Meta.db_table`, else `<app_label>_<class name in lower case>`, cut to 63
  characters with Django's hash suffix (PostgreSQL's identifier limit); a proxy model maps to its
  concrete parent's table;
- fields are the class's own and those of its abstract ancestors (own names win);
- `settings.AUTH_USER_MODEL` is the model that the settings modules set it to (`settings`,
  `x.settings`, read as text), Django's default `auth.User` when none sets it, and not known
  when they set different ones (several projects under one root).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from analyzers.orm_django_extract import USER_MODELS_APART, DjClass, DjField, DjFile
from analyzers.orm_names import ModuleNames, lookup
from decompose.model import Evidence

MAX_NAME = 63
MODEL_ROOTS = frozenset(
    {
        "django.db.models.Model",
        "django.db.models.base.Model",
        "treebeard.mp_tree.MP_Node",
        "treebeard.ns_tree.NS_Node",
        "treebeard.al_tree.AL_Node",
        "mptt.models.MPTTModel",
        "django.contrib.auth.models.AbstractUser",
        "django.contrib.auth.models.AbstractBaseUser",
        "django.contrib.auth.base_user.AbstractBaseUser",
        "django.contrib.auth.models.PermissionsMixin",
        "polymorphic.models.PolymorphicModel",
        "modelcluster.models.ClusterableModel",
        "taggit.models.TagBase",
        "taggit.models.ItemBase",
        "taggit.models.TaggedItemBase",
        "taggit.models.CommonGenericTaggedItemBase",
        "taggit.models.GenericTaggedItemBase",
        "taggit.models.GenericUUIDTaggedItemBase",
        # concrete models of Django's own apps, which a project subclasses (or proxies)
        "django.contrib.contenttypes.models.ContentType",
        "django.contrib.auth.models.User",
        "django.contrib.auth.models.Group",
        "django.contrib.auth.models.Permission",
    }
)


# The fields that abstract models outside the analysed code give the models inheriting them:
# plain columns, and `groups` and `user_permissions`, the many-to-many fields of Django's
# `PermissionsMixin` (the models that inherit them get their join tables)
_BASE_USER = ("password", "last_login")
_PERMISSIONS = ("is_superuser", "groups", "user_permissions")
_USER = ("username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined")
INHERITED_FIELDS: dict[str, tuple[str, ...]] = {
    "django.contrib.auth.base_user.AbstractBaseUser": _BASE_USER,
    "django.contrib.auth.models.AbstractBaseUser": _BASE_USER,
    "django.contrib.auth.models.PermissionsMixin": _PERMISSIONS,
    "django.contrib.auth.models.AbstractUser": _BASE_USER + _PERMISSIONS + _USER,
    "mptt.models.MPTTModel": ("lft", "rght", "tree_id", "level"),
    "treebeard.mp_tree.MP_Node": ("path", "depth", "numchild"),
    "treebeard.ns_tree.NS_Node": ("lft", "rgt", "tree_id", "depth"),
}
_RELATIONS = {"groups": "auth.Group", "user_permissions": "auth.Permission"}


def inherited_fields(base: str, evidence: Evidence) -> list[DjField]:
    """The fields an abstract model outside the analysed code gives, as it declares them, with
    the evidence of the class that inherits them.

    >>> [f.name for f in inherited_fields("mptt.models.MPTTModel", Evidence("m.py", 1))]
    ['lft', 'rght', 'tree_id', 'level']
    """
    found = []
    for name in INHERITED_FIELDS.get(base, ()):
        target = _RELATIONS.get(name)
        kind, reverse, query = ("m2m", "user_set", "user") if target else ("field", None, None)
        found.append(
            DjField(name, kind, target, None, False, None, None, None, False, reverse, query,
                    True, evidence)
        )  # fmt: skip
    return found


def truncate_name(name: str, length: int = MAX_NAME, hash_len: int = 4) -> str:
    """Django's `truncate_name`: long identifiers keep a prefix and a 4-character md5 suffix.

    >>> truncate_name("short")
    'short'
    >>> len(truncate_name("x" * 70))
    63
    """
    if len(name) <= length:
        return name
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()[:hash_len]
    return name[: length - hash_len] + digest


class DjangoModels:
    """The models of every file, resolved on demand and memoised."""

    def __init__(self, files: Sequence[DjFile], migrated: frozenset[str] = frozenset()) -> None:
        self.migrated = migrated  # the packages that hold a `migrations` package: apps
        self.classes: dict[str, tuple[DjClass, ModuleNames]] = {
            c.qual: (c, f.names) for f in files for c in f.classes
        }
        self.stars = {f.names.module: f.names for f in files}
        self.app_labels = dict(label for f in files for label in f.app_labels)
        # `settings.AUTH_USER_MODEL`: Django's default when no settings module sets it, the one
        # they set, and not known (None) when they set different ones
        users = {u for f in files if f.user_model for u in f.user_model.split(USER_MODELS_APART)}
        self.user_model = users.pop() if len(users) == 1 else None if users else "auth.User"
        self._known = {**dict.fromkeys(self.classes), **dict.fromkeys(MODEL_ROOTS)}
        self._parents: dict[str, list[str]] = {}
        self._is_model: dict[str, bool] = {}
        self._by_label: dict[tuple[str, str], str] | None = None

    # -- classes ----------------------------------------------------------------------------

    def parents(self, qual: str) -> list[str]:
        if qual not in self._parents:
            cls, names = self.classes[qual]
            found = (lookup(b, names, self._known, self.stars) for b in cls.bases)
            self._parents[qual] = [q for q in found if q in self.classes and q != qual]
        return self._parents[qual]

    def is_model(self, qual: str) -> bool:
        if qual not in self._is_model:
            self._is_model[qual] = False  # a cycle is not a model
            self._is_model[qual] = self._decide_model(qual)
        return self._is_model[qual]

    def _decide_model(self, qual: str) -> bool:
        cls, names = self.classes[qual]
        unresolved = False
        for base in cls.bases:
            found = lookup(base, names, self._known, self.stars)
            if found in MODEL_ROOTS or (found in self.classes and self.is_model(found)):
                return True
            external = names.resolve(base).startswith("django.")
            unresolved = unresolved or (found is None and not external)
        return unresolved and any(f.from_models for f in cls.fields)

    def meta(self, qual: str, seen: frozenset[str] = frozenset()) -> dict[str, str]:
        cls, names = self.classes[qual]
        if not cls.meta_declared:
            inherited = self._inherited_meta(qual, seen | {qual})
            return {k: v for k, v in inherited.items() if k != "abstract"}
        merged: dict[str, str] = {}
        for base in cls.meta_bases:
            owner = lookup(base, names, self.classes, self.stars)
            if owner is not None and owner not in seen:
                merged.update(self.meta(owner, seen | {qual}))
        merged.pop("abstract", None)
        merged.update(dict(cls.meta))
        return merged

    def _inherited_meta(self, qual: str, seen: frozenset[str]) -> dict[str, str]:
        """`getattr(cls, "Meta")` through the ancestors: a concrete model's own `Meta` is gone
        after class creation, an abstract one's (or a plain mixin's) stays."""
        for parent in self.parents(qual):
            if parent in seen:
                continue
            declared = self.classes[parent][0].meta_declared
            if declared and (self.abstract(parent) or not self.is_model(parent)):
                return self.meta(parent, seen)
            found = self._inherited_meta(parent, seen | {parent})
            if found:
                return found
        return {}

    def abstract(self, qual: str) -> bool:
        cls = self.classes[qual][0]
        return cls.meta_declared and dict(cls.meta).get("abstract") == "1"

    def proxy(self, qual: str) -> bool:
        return self.meta(qual).get("proxy") == "1"

    def concrete(self, qual: str) -> bool:
        return self.is_model(qual) and not self.abstract(qual)

    # -- names ------------------------------------------------------------------------------

    def app_label(self, qual: str) -> str:
        label = self.meta(qual).get("app_label")
        if label:
            return label
        module = qual.rsplit(".", 1)[0]
        app = self.app_package(qual)
        if app is not None:
            return self.app_labels.get(app) or app.rsplit(".", 1)[-1]
        parts = module.split(".")
        if "models" in parts[1:]:  # `app.models`, `app.models.orders`, `app.models.models`
            parts = parts[: parts.index("models", 1)]
        elif len(parts) > 1:
            parts = parts[:-1]
        return parts[-1] if parts else module

    def app_package(self, qual: str) -> str | None:
        """The app a model's module is in, as Django finds it: the nearest package around it
        that an AppConfig names or that holds a `migrations` package (`wagtail.test.customuser`,
        not the `wagtail` app around it); None when there is none."""
        parts = qual.rsplit(".", 1)[0].split(".")
        for end in range(len(parts), 0, -1):
            package = ".".join(parts[:end])
            if package in self.app_labels or package in self.migrated:
                return package
        return None

    def table(self, qual: str, seen: frozenset[str] = frozenset()) -> str | None:
        """The table of a concrete or proxy model, None for others."""
        if not self.concrete(qual) or qual in seen:
            return None
        if self.proxy(qual):
            return next(
                (t for t in (self.table(p, seen | {qual}) for p in self.parents(qual)) if t), None
            )
        db_table = self.meta(qual).get("db_table")
        name = db_table or f"{self.app_label(qual)}_{short(qual).lower()}"
        return truncate_name(name)

    def by_label(self, label: str, name: str) -> str | None:
        if self._by_label is None:
            self._by_label = {}
            for qual in sorted(self.classes):
                if self.concrete(qual):
                    self._by_label.setdefault((self.app_label(qual), short(qual).lower()), qual)
        return self._by_label.get((label, name.lower()))

    # -- fields -----------------------------------------------------------------------------

    def fields(
        self, qual: str, seen: frozenset[str] = frozenset()
    ) -> list[tuple[DjField, ModuleNames]]:
        """Own fields and those of abstract ancestors, each with the names of its file."""
        cls, names = self.classes[qual]
        found = {f.name: (f, names) for f in cls.fields}
        for parent in self.parents(qual):
            if parent in seen or not self.abstract(parent):
                continue
            for field, field_names in self.fields(parent, seen | {qual}):
                found.setdefault(field.name, (field, field_names))
        for base in cls.bases:
            known = lookup(base, names, self._known, self.stars) or ""
            for field in inherited_fields(known, cls.evidence):
                found.setdefault(field.name, (field, names))
        return [found[name] for name in sorted(found)]

    def concrete_parents(self, qual: str) -> list[str]:
        """Parents that give multi-table inheritance (concrete, not proxies of it)."""
        if self.proxy(qual):
            return []
        return [p for p in self.parents(qual) if self.concrete(p) and self.table(p)]


def short(qual: str) -> str:
    return qual.rsplit(".", 1)[-1]


def column_of(field: DjField) -> str:
    """The database column of a field: `db_column`, else `name_id` for relations, else `name`."""
    if field.column:
        return field.column
    return f"{field.name}_id" if field.kind in ("fk", "o2o") else field.name
