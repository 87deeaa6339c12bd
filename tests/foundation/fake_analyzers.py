"""Small analyzers for testing the pipeline without the real ones: they read a toy format."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from analyzers.base import LinkContext, no_link
from decompose.model import Edge, EdgeKind, Evidence, FileFacts, Node, NodeKind, SourceFile


class TableLines:
    """Each line `table NAME` is a table; `fk A B` a foreign key from A to B."""

    name = "table_lines"
    version = "1"

    def accepts(self, path: str) -> bool:
        return path.endswith(".sql")

    def analyze(self, source: SourceFile) -> FileFacts:
        nodes: list[Node] = []
        edges: list[Edge] = []
        for number, line in enumerate(source.text.splitlines(), start=1):
            words = line.split()
            evidence = Evidence.at(source.path, number, line)
            if words[:1] == ["table"]:
                nodes.append(Node.make(NodeKind.TABLE, words[1], evidence))
            elif words[:1] == ["fk"]:
                keys = [[["id"], ["id"]]]
                edges.append(
                    Edge(
                        f"table:{words[1]}",
                        f"table:{words[2]}",
                        EdgeKind.FOREIGN_KEY,
                        evidence,
                        {"keys": keys},
                    )
                )
        return FileFacts(self.name, source.path, nodes=tuple(nodes), edges=tuple(edges))

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        return no_link(self.name)


class ModuleNames:
    """A Python analyzer that emits one module node per parsed file."""

    name = "module_names"
    version = "1"

    def accepts(self, path: str) -> bool:
        return path.endswith(".py")

    def analyze(self, source: SourceFile) -> FileFacts:
        raise AssertionError("the runner hands Python analyzers a tree")

    def analyze_tree(self, tree: ast.Module, source: SourceFile) -> FileFacts:
        assert source.module is not None
        node = Node.make(NodeKind.MODULE, source.module, Evidence.at(source.path, 1))
        return FileFacts(self.name, source.path, nodes=(node,))

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        return no_link(self.name)


class Exploding:
    """Raises on files whose text contains BOOM, to show that one bad file never stops a run."""

    name = "exploding"
    version = "1"

    def accepts(self, path: str) -> bool:
        return path.endswith(".sql")

    def analyze(self, source: SourceFile) -> FileFacts:
        if "BOOM" in source.text:
            raise RuntimeError("boom")
        return FileFacts(self.name, source.path)

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        raise RuntimeError("link boom")


FAKES = (TableLines(), ModuleNames())
