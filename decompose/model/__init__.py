"""The model at the bottom of the project: evidence, facts, the dependency graph and the plan.

It imports nothing else of the project and no parsing, CLI or rendering library.
"""

from decompose.model.evidence import Evidence
from decompose.model.facts import (
    Diagnostic,
    Edge,
    EdgeKind,
    FileFacts,
    FileStatus,
    Node,
    NodeKind,
    Severity,
    SourceFile,
    node_id,
)
from decompose.model.graph import DependencyGraph

__all__ = [
    "DependencyGraph",
    "Diagnostic",
    "Edge",
    "EdgeKind",
    "Evidence",
    "FileFacts",
    "FileStatus",
    "Node",
    "NodeKind",
    "Severity",
    "SourceFile",
    "node_id",
]
