"""Python code structure: modules, imports, classes, functions, calls and entry points.

What it detects:
    Per file (`analyze_tree`): a summary of its definitions, imports, bindings and call sites
    (`analyzers.python_summary`). Across files (`link`): the modules, their classes (with their
    bases) and functions and methods, as nodes with `defines` edges, made from the summaries (a
    worker sends a summary only, not its nodes too); `imports` edges between analysed modules,
    `calls` edges from the calling function (or module, for module-level code) to every analysed
    function a call resolves to, also through a Celery task's `delay` (`analyzers.python_calls`),
    a Django signal's `send` (`analyzers.python_signals`) and a method called on `self` to
    its subclasses' overrides (`analyzers.python_overrides`), which say so in
    `dispatch`; and the entry points (`analyzers.python_entrypoints`).

Why it matters:
    The call graph and the entry points are what the business-function mapping and the
    sync-to-async detection stand on: an entry point's reach is the code that serves it.

Example:
    ```python
    # shop/orders/service.py
    from shop.billing.invoices import create_invoice

    def place_order(cart):
        create_invoice(cart)   # calls: function:shop.orders.service:place_order
                               #     -> function:shop.billing.invoices:create_invoice
    ```

Calls that cannot be resolved statically (`getattr(obj, name)()`, a parameter with no known
value) are never guessed: each function node counts them in `unresolved_calls`. Calls to code
outside the analysed root are kept as names in `external_calls`, not as edges.

Products for later link steps (`LinkContext.products`), published once the calls are resolved
(`LinkContext.published`), before the override and signal calls are added:
    `python.resolver`: the `Resolver` (evaluates expressions of `python.index` summaries);
    `python.calls`: the `CallGraph` of resolved call sites.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial

from analyzers.base import LinkContext
from analyzers.python_calls import CallGraph, caller_ids, resolve_calls
from analyzers.python_entrypoints import find_entrypoints
from analyzers.python_extract import summarise
from analyzers.python_index import SymbolIndex, parent_of
from analyzers.python_names import is_package
from analyzers.python_overrides import override_calls
from analyzers.python_resolve import Resolver
from analyzers.python_signals import signal_calls, signal_flows
from analyzers.python_summary import ModuleSummary, Ref
from decompose.forked import beside
from decompose.model import Edge, EdgeKind, Evidence, FileFacts, Node, NodeKind, SourceFile


class PythonCodeAnalyzer:
    name = "python_code"
    version = "107"
    link_apart = True  # the other link steps read none of its products, it reads none of theirs

    def accepts(self, path: str) -> bool:
        return path.endswith((".py", ".pyi"))

    def analyze(self, source: SourceFile) -> FileFacts:
        """Parse and analyse one file on its own (the pipeline calls `analyze_tree`)."""
        from analyzers.python_parse import ParseFailure, parse_python

        tree = parse_python(source.text, source.path)
        if isinstance(tree, ParseFailure):
            return FileFacts.failed(self.name, source.path, tree.message, tree.line)
        return self.analyze_tree(tree, source)

    def analyze_tree(self, tree: ast.Module, source: SourceFile) -> FileFacts:
        if source.module is None:
            return FileFacts.skipped(self.name, source.path, "not a Python module")
        package = is_package(source.path)
        summary = summarise(tree, source.module, source.path, package, source.text)
        return FileFacts(self.name, source.path, data=summary)

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        summaries = [f.data for f in facts if isinstance(f.data, ModuleSummary)]
        index = SymbolIndex.build(summaries, list(context.modules))
        resolver = Resolver(index)
        calls = resolve_calls(index, resolver, context.jobs, partial(signal_flows, index))
        # Published as they are now, copies that the rest of this step leaves alone: the other
        # link steps (started now, beside this one) find the same wherever they run.
        context.products["python.resolver"] = resolver.snapshot()
        context.products["python.calls"] = CallGraph(list(calls.calls), dict(calls.unresolved))
        context.published()
        # The entry points are found from here on, beside the rest (in a forked process with
        # more than one job): they read the resolver as the calls left it, and nothing after.
        entry = beside(find_entrypoints, index, resolver) if context.jobs > 1 else None
        found = None if entry is not None else find_entrypoints(index, resolver)
        calls.calls.extend(override_calls(index, resolver, calls.calls))
        calls.calls.extend(signal_calls(index, resolver))
        nodes = [*_call_nodes(index, calls), *_class_nodes(index, resolver)]
        edges = [*_import_edges(index), *_call_edges(index, calls)]
        for summary in summaries:
            more_nodes, more_edges = definition_facts(summary)
            nodes += more_nodes
            edges += more_edges
        if entry is not None:
            found = entry()
        entry_nodes, entry_edges = found if found is not None else find_entrypoints(index, resolver)
        resolver.reset()  # its memos are rebuilt on demand; the memory is needed next
        return FileFacts(
            self.name, "", nodes=tuple([*nodes, *entry_nodes]), edges=tuple([*edges, *entry_edges])
        )


def definition_facts(summary: ModuleSummary) -> tuple[tuple[Node, ...], tuple[Edge, ...]]:
    """The module, class and function nodes of one file, and its `defines` edges."""
    mod, path = summary.module, summary.path
    lines = summary.lines
    first = Evidence.at(path, 1, lines.get(1, ""))
    nodes = [Node.make(NodeKind.MODULE, mod, first, path=path, package=summary.package)]
    edges: list[Edge] = []
    kinds = {d.qual: d.kind for d in summary.definitions}
    for definition in summary.definitions:
        evidence = Evidence.at(path, definition.line, lines.get(definition.line, ""))
        name = f"{mod}:{definition.qual}"
        if definition.kind == "class":
            nodes.append(Node.make(NodeKind.CLASS, name, evidence, end_line=definition.end_line))
        else:
            attrs = {
                "end_line": definition.end_line,
                "async": definition.is_async,
                "decorators": [render_ref(r) for r in definition.decorators],
            }
            nodes.append(Node.make(NodeKind.FUNCTION, name, evidence, **attrs))
        parent = parent_of(definition.qual)
        source = f"{kinds[parent]}:{mod}:{parent}" if parent in kinds else f"module:{mod}"
        edges.append(Edge(source, nodes[-1].id, EdgeKind.DEFINES, evidence))
    return tuple(nodes), tuple(edges)


def render_ref(ref: Ref) -> str:
    """A reference as source-like text: `("app", ".route", "()")` is `app.route()`."""
    return ref[0] + "".join(step if step != "[]" else "[...]" for step in ref[1:])


def _import_edges(index: SymbolIndex) -> Iterable[Edge]:
    """An `imports` edge per module and analysed module it imports, with the evidence of each
    import; one made only by imports under `if TYPE_CHECKING:`, which run for a type checker
    and never at run time, says `typing_only`."""
    for mod, summary in sorted(index.summaries.items()):
        made: list[tuple[str, int]] = []
        for dotted, line in summary.imports:
            target = _imported_module(index, dotted)
            if target is not None and target != mod:
                made.append((target, line))
        typing = set(summary.typing_imports)
        runtime = {target for target, line in made if line not in typing}
        for target, line in made:
            evidence = Evidence.at(summary.path, line, summary.lines.get(line, ""))
            attrs = {"typing_only": True} if target not in runtime else {}
            yield Edge(f"module:{mod}", f"module:{target}", EdgeKind.IMPORTS, evidence, attrs)


def _imported_module(index: SymbolIndex, dotted: str) -> str | None:
    split = index.split_module(dotted)
    return split[0] if split else None


def _call_edges(index: SymbolIndex, calls: CallGraph) -> Iterable[Edge]:
    """A `calls` edge per caller and callee, with the evidence of each call site; one that a
    site reaches other than by calling (a Celery task sent to a worker) says how in `dispatch`,
    which lists "direct" too when another site calls it directly."""
    caller = caller_ids(index)
    made: list[tuple[str, str, Evidence, str]] = []
    for call in calls.calls:
        if not call.functions:
            continue
        summary = index.summaries[call.module]
        source = caller(call.module, call.site.scope)
        line = call.site.line
        evidence = Evidence.at(summary.path, line, summary.lines.get(line, ""))
        made.extend((source, function, evidence, call.dispatch) for function in call.functions)
    ways: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source, function, _, dispatch in made:
        ways[(source, function)].add(dispatch or "direct")
    for source, function, evidence, _ in made:
        found = ways[(source, function)]
        attrs = {"dispatch": sorted(found)} if found != {"direct"} else {}
        yield Edge(source, f"function:{function}", EdgeKind.CALLS, evidence, attrs)


def _call_nodes(index: SymbolIndex, calls: CallGraph) -> Iterable[Node]:
    """Per caller: unresolved calls counted, external callees named, and external imports."""
    caller = caller_ids(index)
    externals: dict[str, set[str]] = defaultdict(set)
    for call in calls.calls:
        if call.externals:
            externals[caller(call.module, call.site.scope)].update(call.externals)
    unresolved: dict[str, int] = defaultdict(int)
    for (mod, scope), count in calls.unresolved.items():
        unresolved[caller(mod, scope)] += count
    for node in sorted(set(externals) | set(unresolved)):
        kind, _, name = node.partition(":")
        yield Node.make(
            NodeKind(kind),
            name,
            unresolved_calls=unresolved.get(node, 0),
            external_calls=sorted(externals.get(node, ())),
        )
    for mod, summary in sorted(index.summaries.items()):
        outside = sorted({d for d, _ in summary.imports if index.split_module(d) is None})
        if outside:
            yield Node.make(NodeKind.MODULE, mod, external_imports=outside)


def _class_nodes(index: SymbolIndex, resolver: Resolver) -> Iterable[Node]:
    for name, definition in sorted(index.definitions.items()):
        if definition.kind == "class" and definition.bases:
            bases = [str(value[1]) for value in resolver.bases(name)]
            yield Node.make(NodeKind.CLASS, name, bases=bases)


ANALYZER = PythonCodeAnalyzer()
