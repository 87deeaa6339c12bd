"""Entry points: where requests, tasks, signals and commands enter the code.

What it detects:
    - HTTP routes: Flask (`@app.route`, `@bp.get`..., `add_url_rule`, blueprints' `url_prefix`,
      nested blueprints), Flask-AppBuilder (`@expose` under a view's or API's route base:
      analyzers.python_entrypoint_fab), FastAPI (`@app.get`, `@router.post`...,
      `APIRouter(prefix=...)`, nested routers; the route's `Depends(...)`:
      analyzers.python_entrypoint_fastapi), django-ninja (`api.add_router("/x/", router)`),
      Django `urls.py` (`path`, `re_path`, `url`, `include` prefixes of modules, routers and
      lists of patterns, class-based views' `.as_view()`, a view set's patterns serving the
      view class each of its subclasses names (analyzers.python_entrypoint_viewsets), DRF
      routers' `register` with viewsets and their `@action` methods), NetBox's views
      registered for a model (`@register_model_view(Site, "edit")` under
      `include(get_model_urls("dcim", "site"))`: analyzers.python_entrypoint_netbox);
    - tasks: Celery `@app.task`, `@shared_task`, named by their constant `name=` when given,
      Django's `@task` (`django.tasks`, `django_tasks`), Dramatiq's `@actor`, RQ's `@job`
      (`rq`, `django_rq`) and Huey's `@huey.task()`, `@periodic_task`, `@db_task`...;
    - signals: Django `@receiver(signal)`, `@receiver([a, b])` and `signal.connect(handler)`;
    - commands: click and typer `@x.command()`, named with their click groups (by decorator
      or `group.add_command(cmd, name)`) or the names their typer app is added under; Django
      management commands (`management/commands/<name>.py` with a `Command` class);
    - Django's middleware, as the settings list it (analyzers.python_entrypoint_middleware), and
      the model admins registered with the Django admin (analyzers.python_entrypoint_admin);
    - Flask's hooks (`@app.before_request`, `@bp.errorhandler(404)`, `@app.context_processor`,
      Flask-Login's `@login_manager.user_loader`...), of type "hook";
    - MCP servers' tools, resources and prompts (`@mcp.tool()`, FastMCP's and the MCP SDK's);
    - GraphQL operations: the root fields of graphene, strawberry and ariadne schemas that run
      analysed code, graphene's mutation classes among them (analyzers.python_entrypoint_graphql).

A route or command name given by an expression that is no constant is not statically known:
the entry point is kept without it, never with a guessed one. Entry points declared in test
code (`analyzers.python_names.is_test_code`: a test folder, `test_*.py`, `conftest.py`...) are
left out: a test's URLs and signal handlers are no business context.

Why it matters:
    Each entry point is a business context: the code it reaches is what one capability needs.

Example:
    `@bp.post("/orders")` on `place_order` in `shop.orders.views` gives the node
    `entrypoint:shop.orders.views:place_order` named `POST /orders`, with a `calls` edge to
    `function:shop.orders.views:place_order` whose evidence is the decorator's line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analyzers.python_entrypoint_admin import admin_entrypoints
from analyzers.python_entrypoint_drf import router_patterns
from analyzers.python_entrypoint_fab import exposed, is_expose
from analyzers.python_entrypoint_fastapi import dependencies
from analyzers.python_entrypoint_graphql import ariadne_field, graphql_entrypoints
from analyzers.python_entrypoint_middleware import middleware
from analyzers.python_entrypoint_mounts import UNKNOWN, Mount, Mounts
from analyzers.python_entrypoint_netbox import registered_views
from analyzers.python_entrypoint_urls import UrlPattern, django_routes, url_patterns
from analyzers.python_hooks import class_targets
from analyzers.python_index import SymbolIndex, parent_of, qid, split_qid
from analyzers.python_names import is_test_code
from analyzers.python_resolve import Resolver
from analyzers.python_summary import TASK_DECORATORS, CallSite, ModuleSummary, decorator_name
from decompose.model import Edge, EdgeKind, Evidence, Node, NodeKind

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
_ROUTE_METHODS = frozenset({"route", *HTTP_VERBS, "api_route", "websocket"})


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """One entry point: its handler (`mod:qual`), type, framework, routes and methods."""

    handler: str
    type: str
    framework: str
    module: str
    line: int
    routes: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # functions it calls; the handler itself when empty

    def display(self) -> str:
        if self.type == "http" and self.routes:
            verbs = ",".join(self.methods) or "ANY"
            return f"{verbs} {self.routes[0]}"
        return f"{self.type} {self.routes[0] if self.routes else self.handler}"


def find_entrypoints(index: SymbolIndex, resolver: Resolver) -> tuple[list[Node], list[Edge]]:
    """Entry point nodes, and their `calls` edges to the handler functions."""
    found: list[EntryPoint] = []
    mounts = Mounts.build(index)
    for module, summary in sorted(index.summaries.items()):
        found.extend(_decorated(index, resolver, mounts, module, summary))
        found.extend(_connected(resolver, module, summary))
        found.extend(_view_functions(resolver, module, summary))
        found.extend(_management_command(index, resolver, module, summary))
    tests = frozenset(m for m, s in index.summaries.items() if is_test_code(s.path))
    found.extend(graphql_entrypoints(index, resolver, tests))
    found.extend(middleware(index, resolver))
    found.extend(admin_entrypoints(index, resolver, tests))
    patterns = [*url_patterns(index, resolver), *router_patterns(index, resolver)]
    patterns += registered_views(resolver)
    # a test project's URLs neither are entry points nor mount the app's with their prefixes
    found.extend(django_routes(index, [p for p in patterns if _module(p) not in tests]))
    return _facts(index, [e for e in found if e.module not in tests])


def _module(pattern: UrlPattern) -> str:
    return pattern.module.partition(":")[0]


def _facts(index: SymbolIndex, found: list[EntryPoint]) -> tuple[list[Node], list[Edge]]:
    nodes: list[Node] = []
    edges: list[Edge] = []
    for entry in sorted(found, key=lambda e: (e.handler, e.line, e.routes)):
        summary = index.summaries[entry.module]
        evidence = Evidence.at(summary.path, entry.line, summary.lines.get(entry.line, ""))
        attrs = {"type": entry.type, "framework": entry.framework, "handler": entry.handler}
        node = Node.make(
            NodeKind.ENTRYPOINT,
            entry.handler,
            evidence,
            display=entry.display(),
            routes=sorted(entry.routes),
            methods=sorted(entry.methods),
            **attrs,
        )
        nodes.append(node)
        handler = index.definitions.get(entry.handler)
        fallback = (entry.handler,) if handler is not None and handler.kind == "function" else ()
        for target in entry.targets or fallback:
            edges.append(Edge(node.id, f"function:{target}", EdgeKind.CALLS, evidence))
    return nodes, edges


def _decorated(
    index: SymbolIndex, resolver: Resolver, mounts: Mounts, module: str, summary: ModuleSummary
) -> Iterable[EntryPoint]:
    for qual, site in summary.decorator_calls:
        definition = index.definition(module, qual)
        if definition is None or definition.kind != "function":
            continue
        if is_expose(resolver, module, site):
            yield from exposed(index, resolver, module, qual, site, _methods("route", site))
            continue
        field = ariadne_field(index, resolver, module, qual, site)
        if field is not None:
            yield field
            continue
        entry = _from_decorator(index, resolver, mounts, module, qual, site)
        if entry is not None:
            yield entry
    calls: dict[str, set[str]] = {}
    for qual, site in summary.decorator_calls:
        calls.setdefault(qual, set()).add(decorator_name(site.callee))
    for definition in summary.definitions:
        if definition.kind != "function":
            continue
        called = calls.get(definition.qual, set())
        bare = [r for r in definition.decorators if r[-1] != "()"]  # `@shared_task`, `@mcp.tool`
        tasks = [r for r in bare if decorator_name(r) in TASK_DECORATORS]
        if tasks and not called & TASK_DECORATORS:
            handler = qid(module, definition.qual)
            framework = _task_framework(resolver, module, tasks[0])
            if framework is not None:
                yield EntryPoint(handler, "task", framework, module, definition.line)
        for ref in bare:
            if decorator_name(ref) in _MCP_KINDS and not called & _MCP_KINDS:
                entry = _mcp(resolver, module, definition.qual, ref, None)
                if entry is not None:
                    yield entry
            elif decorator_name(ref) in _FLASK_HOOKS and not called & _FLASK_HOOKS:
                hook = _flask_hook(resolver, module, definition.qual, ref, definition.line)
                if hook is not None:
                    yield hook


def _from_decorator(
    index: SymbolIndex,
    resolver: Resolver,
    mounts: Mounts,
    module: str,
    qual: str,
    site: CallSite,
) -> EntryPoint | None:
    """The entry point a decorator call such as `@bp.get("/x")` declares, if any."""
    name = site.callee[-1].lstrip(".")
    handler = qid(module, qual)
    if name in _ROUTE_METHODS and site.strings and len(site.callee) > 1 and _is_path(site):
        owner = resolver.evaluate(module, site.scope, site.callee[:-1], site.line)
        framework = _framework(owner)
        prefixes = mounts.prefixes(module, site.callee[0]) if len(site.callee) == 2 else ("",)
        routes = tuple(prefix + site.strings[0] for prefix in prefixes)
        methods = _methods(name, site)
        needs = dependencies(index, resolver, handler) if framework == "fastapi" else []
        targets = (handler, *needs) if needs else ()
        return EntryPoint(handler, "http", framework, module, site.line, routes, methods, targets)
    if name in TASK_DECORATORS:
        given = dict(site.keywords).get("name")  # what workers and callers know it by
        routes = (given,) if isinstance(given, str) else ()
        library = _task_framework(resolver, module, site.callee)
        if library is None:
            return None
        return EntryPoint(handler, "task", library, module, site.line, routes)
    if name == "receiver":
        signals = _signals(site.args[0][1]) if site.args and site.args[0][0] == 0 else ()
        return EntryPoint(handler, "signal", "django", module, site.line, signals or ("signal",))
    if name in ("command", "group"):
        return _command(index, resolver, mounts, module, qual, site)
    if name in _MCP_KINDS:
        return _mcp(resolver, module, qual, site.callee, site)
    if name in _FLASK_HOOKS:
        return _flask_hook(resolver, module, qual, site.callee, site.line)
    return None


# what Flask (and Flask-Login) run around or instead of a request's view: on every request of an
# app or a blueprint, on an error, for every template, or to load the user
_FLASK_HOOKS = frozenset(
    {"before_request", "before_app_request", "after_request", "after_app_request"}
    | {"teardown_request", "teardown_app_request", "teardown_appcontext", "before_first_request"}
    | {"context_processor", "app_context_processor", "errorhandler", "app_errorhandler"}
    | {"url_value_preprocessor", "url_defaults", "app_url_value_preprocessor"}
    | {"app_url_defaults", "user_loader", "request_loader", "unauthorized_handler"}
)


def _flask_hook(
    resolver: Resolver, module: str, qual: str, decorator: tuple[str, ...], line: int
) -> EntryPoint | None:
    """`@app.before_request`, `@bp.errorhandler(404)`, `@login_manager.user_loader`...: a
    function Flask (or Flask-Login) calls on requests, an entry point of type "hook" named by
    the decorator, where its owner is a Flask app, blueprint or login manager (or an analysed
    subclass of one)."""
    if len(decorator) < 2:
        return None
    owner = resolver.evaluate(module, parent_of(qual), decorator[:-1], line)
    outside = {str(v[1]) for v in owner if v[0] == "e"}
    for value in owner:
        if value[0] in ("i", "c"):
            outside.update(str(b[1]) for b in resolver.mro(str(value[1])) if b[0] == "e")
    library = next((n.partition(".")[0] for n in sorted(outside) if _is_flask(n)), None)
    if library is None:
        return None
    framework = "flask-login" if library == "flask_login" else "flask"
    kind = decorator_name(decorator)
    return EntryPoint(qid(module, qual), "hook", framework, module, line, (kind,))


def _is_flask(dotted: str) -> bool:
    return dotted.startswith(("flask.", "flask_login."))


_MCP_KINDS = frozenset({"tool", "resource", "prompt"})


def _mcp(
    resolver: Resolver, module: str, qual: str, decorator: tuple[str, ...], site: CallSite | None
) -> EntryPoint | None:
    """An MCP server's tool, resource or prompt (`@mcp.tool()`, `@mcp.resource("uri")`), where
    the decorator comes from an MCP library (FastMCP, the MCP SDK's, or a wrapper named after
    them): named `tool <name>`, the `name=` given or the function's; a resource by its URI."""
    kind = decorator_name(decorator)
    values = resolver.evaluate(module, parent_of(qual), decorator)  # where the decorator runs
    if not any(v[0] == "e" and _is_mcp(str(v[1])) for v in values):
        return None
    given = dict(site.keywords).get("name") if site is not None else None
    first = site.strings[0] if site is not None and site.strings else None
    label = given if isinstance(given, str) else first or qual.rpartition(".")[2]
    line = site.line if site is not None else resolver.index.definitions[qid(module, qual)].line
    return EntryPoint(qid(module, qual), "mcp", "mcp", module, line, (f"{kind} {label}",))


def _is_mcp(dotted: str) -> bool:
    """`fastmcp.FastMCP.tool`, `mcp.server.fastmcp.FastMCP.tool`, `superset_core.mcp.tool`."""
    return any(part.lower().endswith("mcp") for part in dotted.split(".")[:-1])


def _task_framework(resolver: Resolver, module: str, decorator: tuple[str, ...]) -> str | None:
    """Whose task decorator it is, by the library its name comes from: Django's own task
    framework (`django.tasks`, or its `django_tasks` backport), Dramatiq, Huey, RQ (`rq`,
    `django_rq`) or Celery; a `task` or `shared_task` from nowhere known is Celery's (`@app.task`
    on an app made where it cannot be followed). None for one from another library (invoke's
    `@task` runs a build step, no worker), and for the other names (`job`, `actor`...) from
    nowhere known: too common to be a task's."""
    outside = sorted(str(v[1]) for v in resolver.evaluate(module, "", decorator) if v[0] == "e")
    for name in outside:
        for prefix, framework in _TASK_LIBRARIES:
            if name == prefix or name.startswith(f"{prefix}."):
                return framework
    return (
        "celery" if decorator_name(decorator) in ("task", "shared_task") and not outside else None
    )


# a task decorator's library, by the start of its dotted name
_TASK_LIBRARIES = (
    ("django_tasks", "django"), ("django.tasks", "django"), ("dramatiq", "dramatiq"),
    ("huey", "huey"), ("django_rq", "rq"), ("rq", "rq"), ("celery", "celery"),
)  # fmt: skip


def _is_path(site: CallSite) -> bool:
    """Whether a route decorator's first string is a URL path: Flask, FastAPI and django-ninja
    want a leading slash (or, for a router's root, nothing). `@mock.patch("shop.api.pay")`,
    named like an HTTP verb, is no route."""
    return site.strings[0].startswith("/") or not site.strings[0]


def _command(
    index: SymbolIndex,
    resolver: Resolver,
    mounts: Mounts,
    module: str,
    qual: str,
    site: CallSite,
) -> EntryPoint:
    """A click or typer command (or click group), named by the words that run it below the
    program: `plugins install` for `@plugins.command("install")` in the group `plugins`, or
    for `plugins.add_command(install)`."""
    # `@app.command()` on the app, or `@command()` imported from click or typer itself
    made_by = site.callee[:-1] if len(site.callee) > 1 else site.callee
    owner = resolver.evaluate(module, site.scope, made_by, site.line)
    typer = any("typer" in str(v[1]) for v in owner)
    label = site.strings[0] if site.strings else qual.rpartition(".")[2].replace("_", "-")
    if typer:
        heads = mounts.words(module, site.callee[0]) if len(site.callee) == 2 else ("",)
        routes = tuple(head + label for head in heads)
        return EntryPoint(qid(module, qual), "command", "typer", module, site.line, routes)
    added = mounts.commands.get((module, qual), [])
    found: set[str] = set()
    if not added or any(v[0] == "f" for v in owner):  # on a group, or never added to one
        found.update(head + label for head in _click_groups(index, resolver, mounts, owner, 0))
    for mount in added:
        found.update(_added_as(index, resolver, mounts, mount, label, 0))
    routes = tuple(sorted(r for r in found if UNKNOWN not in r))
    return EntryPoint(qid(module, qual), "command", "click", module, site.line, routes)


def _added_as(
    index: SymbolIndex, resolver: Resolver, mounts: Mounts, mount: Mount, label: str, depth: int
) -> set[str]:
    """The words that run a click command added to a group by `add_command`: the group's words,
    then the name given (or the command's own `label`)."""
    if mount.owner is None:  # a group that is no module-level name: where it runs is unknown
        return set()
    group = index.definition(*mount.owner)
    if group is None or group.kind != "function":
        return set()
    values = frozenset({("f", qid(*mount.owner))})
    name = mount.prefix or label
    return {head + name for head in _click_groups(index, resolver, mounts, values, depth + 1)}


def _signals(expr: tuple[object, ...]) -> tuple[str, ...]:
    """The signals `@receiver(...)` is given: one, or a list of them."""
    if expr and expr[0] in ("(", "["):
        return tuple(sorted({_render(e) for e in expr[1:] if isinstance(e, tuple) and e != ("|",)}))
    return (_render(expr),)


def _click_groups(
    index: SymbolIndex,
    resolver: Resolver,
    mounts: Mounts,
    owner: frozenset[tuple[object, ...]],
    depth: int,
) -> tuple[str, ...]:
    """The words before a click command, each followed by a space: the names of the analysed
    groups it is in (by decorator or by `add_command`), below the outermost (named by the
    program)."""
    heads: set[str] = set()
    for value in sorted(owner):
        if value[0] != "f" or depth > 8:
            continue
        module, qual = split_qid(str(value[1]))
        added = mounts.commands.get((module, qual), [])
        for decorated, site in index.summaries[module].decorator_calls:
            if decorated != qual or site.callee[-1] != ".group" or len(site.callee) < 2:
                continue
            label = site.strings[0] if site.strings else qual.rpartition(".")[2].replace("_", "-")
            for mount in added:
                found = _added_as(index, resolver, mounts, mount, label, depth)
                heads.update(f"{words} " for words in found)
            parent = resolver.evaluate(module, site.scope, site.callee[:-1], site.line)
            if not any(v[0] == "f" for v in parent):
                if not added:
                    heads.add("")  # the outermost group
                continue
            outer = _click_groups(index, resolver, mounts, parent, depth + 1)
            heads.update(f"{head}{label} " for head in outer)
    return tuple(sorted(heads)) or ("",)


def _framework(owner: frozenset[tuple[object, ...]]) -> str:
    names = " ".join(str(v[1]) for v in owner)
    if "fastapi" in names:
        return "fastapi"
    if "flask" in names:
        return "flask"
    if "ninja" in names:
        return "django-ninja"
    return "http"


def _methods(name: str, site: CallSite) -> tuple[str, ...]:
    """A route's HTTP methods: its verb (`@bp.post`), its constant `methods=`, or for `route`
    Flask's default GET; none when `methods=` is an expression that is no constant."""
    if name in HTTP_VERBS:
        return (name.upper(),)
    given = dict(site.keywords).get("methods")
    if isinstance(given, tuple):
        return tuple(sorted(str(m).upper() for m in given))
    if "methods" in dict(site.args):
        return ()  # given, but not statically known
    return ("GET",) if name == "route" else ()


def _view_functions(
    resolver: Resolver, module: str, summary: ModuleSummary
) -> Iterable[EntryPoint]:
    """Flask's `add_url_rule(rule, view_func=...)` and the helpers that pass `view_func` on,
    with the rule as the first string or the `rule` / `routes` keyword; a view class's
    `as_view()` is handled by its request methods."""
    for site in summary.calls:
        view = dict(site.args).get("view_func")
        if view is None:
            continue
        keywords = dict(site.keywords)
        routes = _routes(site.strings, keywords)
        is_class = view[-2:] == (".as_view", "()")
        values = resolver.evaluate(module, site.scope, view[:-2] if is_class else view, site.line)
        for value in sorted(values):
            handler = str(value[1])
            methods = _methods("route", site)
            if value[0] == "f" and not is_class:
                yield EntryPoint(handler, "http", "flask", module, site.line, routes, methods)
            elif value[0] == "c" and is_class:
                targets = class_targets(resolver, [handler])
                if "methods" not in keywords and "methods" not in dict(site.args):
                    verbs = {t.rpartition(".")[2] for t in targets} & set(HTTP_VERBS)
                    methods = tuple(sorted(v.upper() for v in verbs))
                yield EntryPoint(
                    handler, "http", "flask", module, site.line, routes, methods, targets
                )


def _routes(strings: tuple[str, ...], keywords: dict[str, object]) -> tuple[str, ...]:
    given = keywords.get("rule", keywords.get("routes"))
    if isinstance(given, str):
        return (given,)
    if isinstance(given, tuple):
        return tuple(str(g) for g in given)
    return strings[:1]


def _connected(resolver: Resolver, module: str, summary: ModuleSummary) -> Iterable[EntryPoint]:
    """`post_save.connect(handler)` or `.connect(receiver=handler)`: a signal receiver, when
    the handler is analysed code."""
    for site in summary.calls:
        given = dict(site.args)
        handler = given.get(0, given.get("receiver"))
        if site.callee[-1] != ".connect" or handler is None:
            continue
        values = resolver.evaluate(module, site.scope, handler, site.line)
        for value in sorted(values):
            if value[0] == "f":
                signal = "".join(map(str, site.callee[:-1])).lstrip(".") or "signal"
                yield EntryPoint(str(value[1]), "signal", "django", module, site.line, (signal,))


def _management_command(
    index: SymbolIndex, resolver: Resolver, module: str, summary: ModuleSummary
) -> Iterable[EntryPoint]:
    """`<app>/management/commands/<name>.py` with a `Command` class: `manage.py <name>`."""
    parts = module.split(".")
    if len(parts) < 3 or parts[-3:-1] != ["management", "commands"]:
        return
    command = index.definition(module, "Command")
    if command is None or command.kind != "class":
        return
    handles = [v for v in resolver.method(qid(module, "Command"), "handle") if v[0] == "f"]
    targets = tuple(sorted(str(v[1]) for v in handles))
    yield EntryPoint(
        qid(module, "Command"),
        "command",
        "django",
        module,
        command.line,
        (parts[-1],),
        targets=targets,
    )


def _render(expr: tuple[object, ...]) -> str:
    return "".join(str(part) for part in expr if not str(part).startswith(("&", "@")))
