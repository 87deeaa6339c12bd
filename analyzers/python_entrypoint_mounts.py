"""Where Flask blueprints and FastAPI routers are mounted: the URL prefixes of their routes.

A blueprint or router is an object bound to a module-level name (`bp = Blueprint(...,
url_prefix="/orders")`, `router = APIRouter(prefix="/api")`), found again by following imports
from wherever it is used. It is mounted by `app.register_blueprint(bp, url_prefix=...)` (whose
prefix replaces the blueprint's own) or `app.include_router(router, prefix=...)` (whose prefix
comes before the router's own). A route declared on it gets one route per mount.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from analyzers.python_index import SymbolIndex
from analyzers.python_summary import CallSite

Holder = tuple[str, str]  # (module, module-level name) holding a blueprint or router
_MOUNTS = {".register_blueprint": "url_prefix", ".include_router": "prefix"}


@dataclass
class Mounts:
    index: SymbolIndex
    mounted: dict[Holder, list[tuple[str, bool]]]  # prefix, and whether it adds to the own one

    @classmethod
    def build(cls, index: SymbolIndex) -> Mounts:
        mounted: dict[Holder, list[tuple[str, bool]]] = defaultdict(list)
        for module, summary in sorted(index.summaries.items()):
            for site in summary.calls:
                keyword = _MOUNTS.get(site.callee[-1])
                arg = dict(site.args).get(0)
                if keyword is None or arg is None or len(arg) != 1:
                    continue
                holder = holder_of(index, module, arg[0])
                if holder is not None:
                    prefix = dict(site.keywords).get(keyword)
                    text = prefix.rstrip("/") if isinstance(prefix, str) else None
                    mounted[holder].append((text or "", keyword == "prefix" or text is None))
        return cls(index, dict(mounted))

    def prefixes(self, module: str, name: str) -> tuple[str, ...]:
        """The route prefixes of the blueprint or router that `name` in `module` holds."""
        holder = holder_of(self.index, module, name)
        if holder is None:
            return ("",)
        made = construction(self.index, *holder)
        keywords = dict(made.keywords) if made is not None else {}
        own = keywords.get("url_prefix", keywords.get("prefix", ""))
        own = own.rstrip("/") if isinstance(own, str) else ""
        mounts = self.mounted.get(holder)
        if not mounts:
            return (own,)
        return tuple(sorted({(p + own) if adds else p for p, adds in mounts}))


def holder_of(index: SymbolIndex, module: str, name: str) -> Holder | None:
    """The module-level binding that `name` in `module` stands for, following imports."""
    for _hop in range(8):
        bound = index.bindings.get((module, ""), {}).get(name)
        if not bound:
            return None
        expr = bound[-1][0]
        if expr[0] != "@":
            return (module, name)
        split = index.split_module(expr[1])
        if split is None or len(split[1]) != 1:
            return None
        module, name = split[0], split[1][0]
    return None


def construction(index: SymbolIndex, module: str, name: str) -> CallSite | None:
    """The module-level call whose result `name` is bound to (`Blueprint(...)`)."""
    for expr, _line, _top in index.bindings.get((module, ""), {}).get(name, []):
        if expr[0] not in ("@", "[", "(", "{", "|", "?", "$") and expr[-1] == "()":
            for site in index.summaries[module].calls:
                if site.scope == "" and site.callee == expr[:-1]:
                    return site
    return None
