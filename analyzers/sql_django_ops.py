"""Reading the `operations` list of a Django migration into `ModelOp`s, with `ast`.

Arguments are read by position or by keyword as Django's operation signatures name them; only
literals are understood. Fields are recognised by the last part of their class name, so that
`models.ForeignKey`, `ForeignKey` and a project's `ParentalKey` subclass names all work.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from analyzers.python_names import dotted
from analyzers.sql_django_replay import FieldSpec, ModelOp
from decompose.model import Diagnostic, Evidence, Severity
from decompose.model.evidence import source_lines

# operation class -> (kind, positional argument names)
SIGNATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "CreateModel": ("create_model", ("name", "fields", "options", "bases")),
    "DeleteModel": ("delete_model", ("name",)),
    "RenameModel": ("rename_model", ("old_name", "new_name")),
    "AlterModelTable": ("alter_model_table", ("name", "table")),
    "AddField": ("add_field", ("model_name", "name", "field")),
    "AlterField": ("alter_field", ("model_name", "name", "field")),
    "RemoveField": ("remove_field", ("model_name", "name")),
    "RenameField": ("rename_field", ("model_name", "old_name", "new_name")),
}
At = Callable[[ast.AST], Evidence]  # the evidence of a node of the file being read
FOREIGN_KEYS = ("ForeignKey", "OneToOneField", "ParentalKey")
MANY_TO_MANY = ("ManyToManyField", "ParentalManyToManyField")


def read_operations(
    path: str, text: str, names: dict[str, ast.expr]
) -> tuple[tuple[ModelOp, ...], tuple[Diagnostic, ...]]:
    """The model operations of `operations = [...]`, and what could not be read. `names` are the
    Migration class's assignments: `SeparateDatabaseAndState(state_operations=...)` may name one
    of them; its state operations are read, as they say what each model's table is."""
    lines = source_lines(text)
    operations: list[ModelOp] = []
    diagnostics: list[Diagnostic] = []
    for item in _flatten(names.get("operations"), names):
        kind = _callee(item)
        if kind not in SIGNATURES or not isinstance(item, ast.Call):
            continue
        op = _operation(item, kind, lambda n: _evidence(path, lines, n))
        if op is None:
            message = f"cannot read `{kind}`: its model name is not a literal"
            diagnostics.append(
                Diagnostic(
                    path, item.lineno, message, "django-migrations-unreadable", Severity.INFO
                )
            )
        else:
            operations.append(op)
    return tuple(operations), tuple(diagnostics)


def _flatten(node: ast.expr | None, names: dict[str, ast.expr], depth: int = 0) -> list[ast.expr]:
    """The operations of a list, with the state operations of SeparateDatabaseAndState in place."""
    if isinstance(node, ast.Name) and depth < 4:
        return _flatten(names.get(node.id), names, depth + 1)
    found: list[ast.expr] = []
    for item in node.elts if isinstance(node, (ast.List, ast.Tuple)) else []:
        if _callee(item) == "SeparateDatabaseAndState" and isinstance(item, ast.Call):
            state = _arguments(item, ("database_operations", "state_operations")).get(
                "state_operations"
            )
            found.extend(_flatten(state, names, depth + 1))
        else:
            found.append(item)
    return found


def _operation(call: ast.Call, kind: str, at: At) -> ModelOp | None:
    op, names = SIGNATURES[kind]
    args = _arguments(call, names)
    model = _text(args.get(names[0]))  # the first argument names the model
    if not model:
        return None
    evidence = at(call)
    if op == "create_model":
        return _create_model(model, args, evidence, at)
    if op in ("add_field", "alter_field"):
        spec = _field(_text(args.get("name")), args.get("field"), at)
        return ModelOp(op, model, evidence, fields=(spec,) if spec else ())
    return ModelOp(
        op,
        model,
        evidence,
        db_table=_text(args.get("table")),
        new_name=_text(args.get("new_name")),
        field=_text(args.get("name") if op != "rename_field" else args.get("old_name")),
    )


def _create_model(model: str, args: dict[str, ast.expr], evidence: Evidence, at: At) -> ModelOp:
    fields = []
    fields_node = args.get("fields")
    for item in fields_node.elts if isinstance(fields_node, (ast.List, ast.Tuple)) else []:
        if isinstance(item, ast.Tuple) and len(item.elts) == 2:
            spec = _field(_text(item.elts[0]), item.elts[1], at)
            if spec is not None:
                fields.append(spec)
    options = _options(args.get("options"))
    concrete = not (options.get("proxy") is True or options.get("abstract") is True)
    table = options.get("db_table")
    return ModelOp(
        "create_model",
        model,
        evidence,
        tuple(fields),
        db_table=table if isinstance(table, str) else "",
        concrete=concrete,
    )


def _field(name: str, node: ast.expr | None, at: At) -> FieldSpec | None:
    kind_name = _callee(node) if node is not None else None
    if not name or not isinstance(node, ast.Call) or kind_name is None:
        return None
    options = {kw.arg: kw.value for kw in node.keywords if kw.arg}
    target = _target(options.get("to") or (node.args[0] if node.args else None))
    primary = _literal(options.get("primary_key")) is True
    column = _text(options.get("db_column"))
    if kind_name.endswith(FOREIGN_KEYS):
        return FieldSpec(name, "fk", column or f"{name}_id", at(node), target, primary)
    if kind_name.endswith(MANY_TO_MANY):
        through = _target(options.get("through"))
        return FieldSpec(
            name,
            "m2m",
            name,
            at(node),
            target,
            through=through,
            db_table=_text(options.get("db_table")),
        )
    return FieldSpec(name, "column", column or name, at(node), primary_key=primary)


def _target(node: ast.expr | None) -> str:
    """`"app.Model"` as written, or `AUTH_USER_MODEL` for `settings.AUTH_USER_MODEL`; swapper's
    `get_model_name("app", "Model")` is that model unless a setting swaps it; "" when not
    known.

    >>> _target(ast.parse('swapper.get_model_name("wagtailcore", "Page")', mode="eval").body)
    'wagtailcore.Page'
    """
    text = _literal(node)
    if isinstance(text, str):
        return text
    if isinstance(node, ast.Call) and _callee(node) == "get_model_name" and len(node.args) == 2:
        parts = [_literal(arg) for arg in node.args]
        return ".".join(p for p in parts if isinstance(p, str)) if None not in parts else ""
    if isinstance(node, ast.Call):
        return ""
    name = dotted(node) if node is not None else None
    return name.rpartition(".")[2] if name else ""


def _options(node: ast.expr | None) -> dict[str, object]:
    """A literal-keyed dict, each value read on its own: one non-literal loses only itself."""
    options: dict[str, object] = {}
    for key, value in (
        zip(node.keys, node.values, strict=True) if isinstance(node, ast.Dict) else []
    ):
        name = _literal(key)
        if isinstance(name, str):
            options[name] = _literal(value)
    return options


def _arguments(call: ast.Call, names: tuple[str, ...]) -> dict[str, ast.expr]:
    args = dict(zip(names, call.args, strict=False))
    args.update({kw.arg: kw.value for kw in call.keywords if kw.arg})
    return args


def _callee(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Call):
        name = dotted(node.func)
        return name.rpartition(".")[2] if name else None
    return None


def _literal(node: ast.expr | None) -> object:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _text(node: ast.expr | None) -> str:
    value = _literal(node)
    return value if isinstance(value, str) else ""


def _evidence(path: str, lines: list[str], node: ast.AST) -> Evidence:
    line = getattr(node, "lineno", 1)
    return Evidence.at(path, line, lines[line - 1] if 0 < line <= len(lines) else "")
