"""Facts: what analyzers emit. Nodes, edges, diagnostics and the per-file result that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from decompose.model.evidence import Evidence
from decompose.model.pickling import compact_pickle


class NodeKind(str, Enum):
    """What a node of the dependency graph stands for."""

    TABLE = "table"
    VIEW = "view"
    MODEL = "model"
    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"
    ENTRYPOINT = "entrypoint"


class EdgeKind(str, Enum):
    """What an edge of the dependency graph says about its two ends."""

    FOREIGN_KEY = "foreign_key"  # referencing table -> referenced table
    MAPS_TO = "maps_to"  # model -> table
    IMPORTS = "imports"  # module -> module
    CALLS = "calls"  # function or entry point -> function
    READS = "reads"  # function or view -> table
    WRITES = "writes"  # function -> table
    JOINS = "joins"  # table -> table, joined in one query
    CO_CHANGE = "co_change"  # module -> module, changed in the same commits
    DEFINES = "defines"  # module -> class/function/model, class -> method


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class FileStatus(str, Enum):
    """The outcome of analysing one file with one analyzer."""

    ANALYSED = "analysed"
    SKIPPED = "skipped"
    FAILED = "failed"


def node_id(kind: NodeKind, name: str) -> str:
    """The id of a node: its kind, a colon, its name.

    >>> node_id(NodeKind.TABLE, "orders")
    'table:orders'
    """
    return f"{kind.value}:{name}"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file handed to an analyzer: its path relative to the root, its text and, for Python
    files, its dotted module name relative to the root."""

    path: str
    text: str
    module: str | None = None
    dialect: str | None = None


@compact_pickle
@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: NodeKind
    name: str
    evidence: tuple[Evidence, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def make(
        cls,
        kind: NodeKind,
        name: str,
        evidence: Evidence | None = None,
        **attrs: Any,
    ) -> Node:
        return cls(node_id(kind, name), kind, name, (evidence,) if evidence else (), attrs)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Edge:
    """A directed edge. `evidence` is None only for edges the tool derives itself (`derived`)."""

    source: str
    target: str
    kind: EdgeKind
    evidence: Evidence | None
    attrs: dict[str, Any] = field(default_factory=dict, compare=False)
    derived: bool = False


@compact_pickle
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something that was skipped or could not be read, and why."""

    path: str
    line: int | None
    message: str
    code: str
    severity: Severity = Severity.WARNING

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line or 0, self.code, self.message)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Alias:
    """`source` is folded into `target`: a partition into its table, say."""

    source: str
    target: str
    evidence: Evidence


@compact_pickle
@dataclass(frozen=True, slots=True)
class FileFacts:
    """What one analyzer made of one file (or, from a link step, of all of them).

    `data` is the analyzer's own picklable summary, handed back to its link step.
    """

    analyzer: str
    path: str
    status: FileStatus = FileStatus.ANALYSED
    reason: str = ""
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    aliases: tuple[Alias, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    data: Any = None

    def outcome(self) -> FileFacts:
        """What happened to the file, without the facts themselves."""
        return FileFacts(self.analyzer, self.path, self.status, self.reason)

    @classmethod
    def skipped(cls, analyzer: str, path: str, reason: str) -> FileFacts:
        return cls(analyzer, path, FileStatus.SKIPPED, reason)

    @classmethod
    def failed(cls, analyzer: str, path: str, reason: str, line: int | None = None) -> FileFacts:
        diag = Diagnostic(path, line, reason, f"{analyzer}-failed", Severity.ERROR)
        return cls(analyzer, path, FileStatus.FAILED, reason, diagnostics=(diag,))
