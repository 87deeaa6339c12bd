"""Where Flask blueprints and FastAPI routers are mounted: the URL prefixes of their routes.

A blueprint or router is an object bound to a module-level name (`bp = Blueprint(...,
url_prefix="/orders")`, `router = APIRouter(prefix="/api")`), found again by following imports
from wherever it is used. It is mounted by `x.register_blueprint(bp, url_prefix=...)` (whose
prefix replaces the blueprint's own) or `x.include_router(router, prefix=...)` (whose prefix
comes before the router's own). A route declared on it gets one route per mount.

Mounts nest: when `x` is itself a blueprint or router bound to a module-level name (Flask 2.0's
`parent.register_blueprint(child)`, FastAPI's `router.include_router(child)`), each of `x`'s own
prefixes comes first. An `x` that is not such a name (an app, or one made inside a function)
adds nothing.

Typer apps mount the same way: `app.add_typer(users_app, name="users")` puts the word `users`
(or the sub-app's own `typer.Typer(name=...)`) before each command of `users_app`. Click's
`group.add_command(cmd, "name")` (or `name=`) is kept per command (`Mounts.commands`): the words
of the group, then the name given or the command's own, run it.

A prefix or name given by an expression that is no literal (`url_prefix=PREFIX`, `name=NAME`)
is not statically known: the routes and commands under it get none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from analyzers.python_index import SymbolIndex
from analyzers.python_summary import NOT_NAMES, CallSite

Holder = tuple[str, str]  # (module, module-level name) holding a blueprint or router
UNKNOWN = "\x00"  # a prefix or word not statically known; a route holding it is left out
_MOUNTS = {
    ".register_blueprint": "url_prefix",
    ".include_router": "prefix",
    ".add_typer": "name",
    ".add_command": "name",
    ".add_router": "positional",  # django-ninja's, prefix first
}


@dataclass(frozen=True, slots=True)
class Mount:
    """`owner.register_blueprint(it, url_prefix=prefix)` or `owner.include_router(...)`."""

    owner: Holder | None  # the blueprint or router it is mounted on; None for an app
    prefix: str
    adds: bool  # whether the mounted one's own prefix follows (else `prefix` replaces it)


@dataclass
class Mounts:
    index: SymbolIndex
    mounted: dict[Holder, list[Mount]]  # blueprints and routers
    added: dict[Holder, list[Mount]]  # typer apps; each prefix is a word and a space
    # click commands and groups added to a group: each prefix is the name given ("" for none)
    commands: dict[Holder, list[Mount]] = field(default_factory=dict)
    _memo: dict[tuple[Holder, bool], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, index: SymbolIndex) -> Mounts:
        mounted: dict[Holder, list[Mount]] = defaultdict(list)
        added: dict[Holder, list[Mount]] = defaultdict(list)
        commands: dict[Holder, list[Mount]] = defaultdict(list)
        for module, summary in sorted(index.summaries.items()):
            for site in summary.calls:
                keyword = _MOUNTS.get(site.callee[-1])
                if keyword is None:
                    continue
                args = dict(site.args)
                arg = args.get(1, args.get("router")) if keyword == "positional" else args.get(0)
                holder = (
                    module_level(index, module, site.scope, arg[0])
                    if arg and len(arg) == 1
                    else None
                )
                if holder is None:
                    continue
                owner = _owner(index, module, site)
                if keyword == "positional":  # django-ninja: `api.add_router("/images/", router)`
                    prefix = site.strings[0].rstrip("/") if site.strings else UNKNOWN
                    mounted[holder].append(Mount(owner, prefix, True))
                    continue
                if site.callee[-1] == ".add_command":
                    commands[holder].append(Mount(owner, _command_name(site), False))
                    continue
                given = _given(site, keyword)
                if keyword == "name":
                    word = f"{given} " if isinstance(given, str) and given else None
                    word = UNKNOWN if given == UNKNOWN else word
                    added[holder].append(Mount(owner, word or "", word is None))
                else:
                    text = given.rstrip("/") if isinstance(given, str) else None
                    adds = keyword == "prefix" or text is None
                    mounted[holder].append(Mount(owner, text or "", adds))
        return cls(index, dict(mounted), dict(added), dict(commands))

    def prefixes(self, module: str, name: str) -> tuple[str, ...]:
        """The route prefixes of the blueprint or router that `name` in `module` holds; none
        when none is statically known."""
        holder = holder_of(self.index, module, name)
        found = ("",) if holder is None else self._effective(holder, frozenset(), typer=False)[0]
        return tuple(p for p in found if UNKNOWN not in p)

    def words(self, module: str, name: str) -> tuple[str, ...]:
        """The words before a command of the typer app that `name` in `module` holds, each
        followed by a space (`("users ",)`); "" for the outermost app, named by the program;
        none when none is statically known."""
        holder = holder_of(self.index, module, name)
        found = ("",) if holder is None else self._effective(holder, frozenset(), typer=True)[0]
        return tuple(w for w in found if UNKNOWN not in w)

    def _effective(
        self, holder: Holder, seen: frozenset[Holder], *, typer: bool
    ) -> tuple[tuple[str, ...], bool]:
        """The prefixes of `holder` below the mounts in `seen`, and whether a cycle cut them
        short (such an answer is not kept: it depends on where the question started)."""
        found = self._memo.get((holder, typer))
        if found is not None:
            return found, False
        own = self._own(holder, typer=typer)
        out: set[str] = set()
        cut = False
        for mount in (self.added if typer else self.mounted).get(holder, ()):
            tail = mount.prefix + own if mount.adds else mount.prefix
            heads: tuple[str, ...] = ("",)
            if mount.owner is not None and mount.owner in seen:
                cut = True
            elif mount.owner is not None:
                heads, cut_above = self._effective(mount.owner, seen | {holder}, typer=typer)
                cut = cut or cut_above
            out.update(head + tail for head in heads)
        found = tuple(sorted(out)) if out else ("" if typer else own,)
        if not cut:
            self._memo[(holder, typer)] = found
        return found, cut

    def _own(self, holder: Holder, *, typer: bool) -> str:
        """A blueprint's or router's own prefix; a typer app's own name, with a space."""
        made = construction(self.index, *holder)
        if made is None:
            return ""
        if typer:
            if _given(made, "name") == UNKNOWN:
                return UNKNOWN
            name = _given(made, "name")
            return f"{name} " if isinstance(name, str) and name and name != UNKNOWN else ""
        own = _given(made, "url_prefix") or _given(made, "prefix")
        return own.rstrip("/") if isinstance(own, str) else ""


def _given(site: CallSite, keyword: str) -> object:
    """The constant a call gives a keyword; `UNKNOWN` when it gives an expression that is no
    constant (the summary keeps those among the arguments); None when it gives none."""
    constant = dict(site.keywords).get(keyword)
    if constant is None and keyword in dict(site.args):
        return UNKNOWN
    return constant


def _command_name(site: CallSite) -> str:
    """The name `add_command(cmd, "name")` or `add_command(cmd, name="name")` gives; "" for
    none (the command keeps its own); `UNKNOWN` for an expression that is no constant."""
    given = _given(site, "name")
    if given is None and site.strings:
        given = site.strings[0]
    elif given is None and 1 in dict(site.args):
        given = UNKNOWN
    return given if isinstance(given, str) else ""


def _owner(index: SymbolIndex, module: str, site: CallSite) -> Holder | None:
    """The module-level blueprint or router a mount call is made on: `api` in
    `api.register_blueprint(...)`."""
    return (
        module_level(index, module, site.scope, site.callee[0]) if len(site.callee) == 2 else None
    )


def module_level(index: SymbolIndex, module: str, scope: str, name: str) -> Holder | None:
    """The module-level binding `name` stands for in `scope`, following imports; None when a
    function around `scope` binds `name` itself."""
    for outer in index.enclosing(module, scope):
        bound = index.bindings.get((module, outer), {}).get(name)
        if bound and outer:  # an import in the function names a module-level one elsewhere
            imported = {expr[1] for expr, _line, _top in bound if expr[0] == "@"}
            return _imported(index, imported.pop()) if len(imported) == len(bound) == 1 else None
        if bound:
            return holder_of(index, module, name)
    return None


def _imported(index: SymbolIndex, dotted: str) -> Holder | None:
    """The module-level binding an absolute dotted name (`shop.api.router`) stands for."""
    split = index.split_name(dotted)
    if split is None or len(split[1]) != 1:
        return None
    return holder_of(index, split[0], split[1][0])


def module_level_ref(
    index: SymbolIndex, module: str, scope: str, ref: tuple[object, ...]
) -> Holder | None:
    """The module-level binding a reference stands for in `scope`: a name (`router`) or a
    name in an imported module (`routers.router`), following imports; None when it is neither
    or a function around `scope` binds its first name."""
    if len(ref) == 1:
        return module_level(index, module, scope, str(ref[0]))
    if not all(str(step).startswith(".") for step in ref[1:]):
        return None
    first = str(ref[0])
    for outer in index.enclosing(module, scope):
        bound = index.bindings.get((module, outer), {}).get(first)
        if not bound:
            continue
        expr = bound[-1][0]
        if outer != "" or expr[0] != "@":
            return None
        split = index.split_name(str(expr[1]) + "".join(str(s) for s in ref[1:]))
        if split is None or len(split[1]) != 1:
            return None
        return holder_of(index, split[0], split[1][0])
    return None


def holder_of(index: SymbolIndex, module: str, name: str) -> Holder | None:
    """The module-level binding that `name` in `module` stands for, following imports."""
    for _hop in range(8):
        bound = index.bindings.get((module, ""), {}).get(name)
        if not bound:
            return None
        expr = bound[-1][0]
        if expr[0] != "@":
            return (module, name)
        split = index.split_name(expr[1])
        if split is None or len(split[1]) != 1:
            return None
        module, name = split[0], split[1][0]
    return None


def construction(index: SymbolIndex, module: str, name: str) -> CallSite | None:
    """The module-level call whose result `name` is bound to (`Blueprint(...)`): the one on the
    binding's line, or the only module-level call of that callee."""
    for expr, line, _top in index.bindings.get((module, ""), {}).get(name, []):
        if expr[0] in NOT_NAMES or expr[-1] != "()":
            continue
        made = [s for s in index.summaries[module].calls if s.scope == "" and s.callee == expr[:-1]]
        at_line = [s for s in made if s.line == line]
        if at_line or len(made) == 1:
            return (at_line or made)[0]
    return None
