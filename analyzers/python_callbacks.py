"""The hooks a framework's method calls back on the instance: `form.is_valid()` runs the form's
`clean_<field>` methods and `clean`, though no line of the analysed code calls them.

A call of one of these methods (`CALLBACKS`), on an instance of an analysed class that inherits
it from the framework's base class (not an analysed override), reaches the class's own hooks:
the analysed methods of that name its MRO finds first (`clean`), or for a hook ending in `_`,
every analysed method so named (`clean_` is `clean_email`, `clean_password2`...) that takes the
parameters the framework passes (`clean_<field>(self)`, `validate_<field>(self, value)`: a
`clean_rows(self, raw)` is a helper the form calls itself). The call is kept as it was resolved
(the framework's method, an external callee) and reaches the hooks with `dispatch` "framework":
- Django forms (`django.forms`' `Form`, `ModelForm`..., and `django.contrib.auth.forms`'):
  `is_valid()` and `full_clean()` run `clean_<field>`, `clean` and `_post_clean`;
- Django models: `full_clean()` runs `clean_fields`, `clean`, `validate_unique` and
  `validate_constraints`;
- DRF serializers: `is_valid()` runs `run_validation`, `to_internal_value`, `validate_<field>`
  and `validate`; `save()` runs `create` or `update`;
- threads and processes (`threading.Thread`, `multiprocessing.Process`): `start()` runs `run`.

A `super().is_valid()` in an analysed override reaches the hooks of the class it is written in.

A function handed to a library that calls it later (`CALLED_LATER`) is reached from the site
that hands it, with `dispatch` "callback": `transaction.on_commit(lambda: notify(order))`,
`functools.partial(audit, order)`, `executor.submit(audit, order)`, `Thread(target=run)`,
`map(f, items)`, `sorted(items, key=f)`, `atexit.register(f)`.

>>> hooks_of("rest_framework.serializers.ModelSerializer", "save")
('create', 'update')
>>> hooks_of("django.forms.models.ModelForm", "save")
()
"""

from __future__ import annotations

from analyzers.python_index import SymbolIndex, Value, split_qid

# the library functions that call a function they are handed, by where they take it: a
# position or a keyword
CALLED_LATER: dict[str, tuple[int | str, ...]] = {
    "django.db.transaction.on_commit": (0, "func"),
    "functools.partial": (0, "func"),
    "concurrent.futures.ThreadPoolExecutor.submit": (0, "fn"),
    "concurrent.futures.ProcessPoolExecutor.submit": (0, "fn"),
    "concurrent.futures.ThreadPoolExecutor.map": (0, "fn"),
    "concurrent.futures.ProcessPoolExecutor.map": (0, "fn"),
    "threading.Thread": ("target",),
    "threading.Timer": (1, "function"),
    "multiprocessing.Process": ("target",),
    "atexit.register": (0, "func"),
    "<builtin>.map": (0,),
    "<builtin>.filter": (0,),
    "<builtin>.sorted": ("key",),
    "<builtin>.min": ("key",),
    "<builtin>.max": ("key",),
}
_FORM = ("clean_", "clean", "_post_clean")
_SERIALIZER = ("run_validation", "to_internal_value", "validate_", "validate")
# (module of the base, names of the bases there, {method: hooks it calls on the instance})
CALLBACKS: tuple[tuple[str, frozenset[str], dict[str, tuple[str, ...]]], ...] = (
    (
        "django.forms",
        frozenset({"Form", "BaseForm", "ModelForm", "BaseModelForm"}),
        {"is_valid": _FORM, "full_clean": _FORM},
    ),
    (
        "django.contrib.auth.forms",
        frozenset({"AuthenticationForm", "PasswordChangeForm", "SetPasswordForm"})
        | {"PasswordResetForm", "UserCreationForm", "BaseUserCreationForm", "UserChangeForm"}
        | {"AdminPasswordChangeForm"},
        {"is_valid": _FORM, "full_clean": _FORM},
    ),
    (
        "django.db.models",
        frozenset({"Model"}),
        {"full_clean": ("clean_fields", "clean", "validate_unique", "validate_constraints")},
    ),
    (
        "rest_framework.serializers",
        frozenset(
            {"Serializer", "BaseSerializer", "ModelSerializer", "HyperlinkedModelSerializer"}
        ),
        {"is_valid": _SERIALIZER, "save": ("create", "update")},
    ),
    ("threading", frozenset({"Thread"}), {"start": ("run",)}),
    ("multiprocessing", frozenset({"Process"}), {"start": ("run",)}),
)
METHODS = frozenset(method for _m, _n, calls in CALLBACKS for method in calls)
# the parameters a field hook takes, `self` included: Django calls `clean_<field>(self)`, DRF
# `validate_<field>(self, value)`; a method so named that wants others is a helper, no hook
_FIELD_HOOK_PARAMS = {"clean_": 1, "validate_": 2}


def hooks_of(base: str, method: str) -> tuple[str, ...]:
    """The hooks `method` of the external class `base` (dotted) calls on the instance."""
    module, _, name = base.rpartition(".")
    for root, names, calls in CALLBACKS:
        if name in names and (module == root or module.startswith(f"{root}.")):
            return calls.get(method, ())
    return ()


def called_back(index: SymbolIndex, mro: list[Value], method: str, above: int = 0) -> list[str]:
    """The analysed hooks a call of `method` reaches on an instance whose class has `mro`, when
    the method comes from a framework's base: the first class from `mro[above]` on (1 for a
    `super()` call) that defines it is outside the analysed code."""
    hooks: tuple[str, ...] = ()
    for value in mro[above:]:
        if value[0] == "e":
            hooks = hooks_of(str(value[1]), method)
            break
        if _defines(index, str(value[1]), method):
            return []  # an analysed override: its own calls say what it runs
    found: dict[str, str] = {}  # hook name -> the first class's method of that name
    for hook in hooks:
        for value in mro:
            if value[0] != "c":
                break
            for name in _named(index, str(value[1]), hook):
                found.setdefault(name, f"{value[1]}.{name}")
    return sorted(set(found.values()))


def _defines(index: SymbolIndex, klass: str, name: str) -> bool:
    module, qual = split_qid(klass)
    found = index.definition(module, f"{qual}.{name}")
    return found is not None and found.kind == "function"


def _named(index: SymbolIndex, klass: str, hook: str) -> list[str]:
    """The methods a class body defines that `hook` names: itself, or with a trailing `_`, those
    that start with it."""
    if not hook.endswith("_"):
        return [hook] if _defines(index, klass, hook) else []
    module, qual = split_qid(klass)
    prefix = f"{qual}.{hook}"
    wanted = _FIELD_HOOK_PARAMS.get(hook)
    return sorted(
        d.qual[len(qual) + 1 :]
        for d in index.summaries[module].definitions
        if d.kind == "function"
        and d.qual.startswith(prefix)
        and "." not in d.qual[len(prefix) :]
        and (wanted is None or len(d.params) == wanted)
    )
