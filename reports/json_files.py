"""`plan.json` and `graph.json`: stable, sorted, diffable JSON.

The graph can hold a million edges, so it is written one node or edge a line with the fast compact
encoder: the file stays diffable line by line at a fraction of the cost of indenting it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from decompose.model import DependencyGraph
from decompose.model.graph import GRAPH_SCHEMA_VERSION
from decompose.model.plan import Plan

_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _row_encoder() -> Callable[[dict[str, Any]], str]:
    """`_ROW_ENCODER.encode`, without its per-call set-up: CPython's C encoder, made once, with
    the same settings (no circular-reference check: rows are trees); the plain method where
    that encoder is not available."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - other Python implementations
        return _ROW_ENCODER.encode
    # markers, default, string encoder, indent, key and item separators, sort_keys, skipkeys,
    # allow_nan: as `JSONEncoder(ensure_ascii=False).iterencode` makes it, without markers
    encode = make(
        None,
        _ROW_ENCODER.default,
        json.encoder.encode_basestring,
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
    return lambda row: "".join(encode(row, 0))


_encode_row = _row_encoder()


def render_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_plan_json(plan: Plan) -> str:
    return render_json(plan.model_dump(mode="json"))


def render_graph_json(graph: DependencyGraph) -> bytes:
    """`graph.json` in UTF-8 (see `graph_json_parts`)."""
    return b"".join(graph_json_parts(graph))


def graph_json_parts(graph: DependencyGraph) -> list[bytes]:
    """`graph.json` in UTF-8, a part a row, each encoded as the graph gives it (the rows as
    objects are never all held). Bytes, not text: one emoji in one snippet would make a Python
    string of the whole file four bytes a character. Parts, not one piece: many small ones fit
    the memory the scan freed, where one of the whole file's size (78 MB on the bench corpus)
    would be new memory on top of the graph."""
    parts = [b"{\n", f'"schema_version": {json.dumps(GRAPH_SCHEMA_VERSION)},\n'.encode()]
    for name, rows in (("nodes", graph.node_rows()), ("edges", graph.edge_rows())):
        parts.append(f'"{name}": [\n'.encode())
        start = len(parts)
        parts.extend((_encode_row(row) + ",\n").encode() for row in rows)
        if len(parts) > start:
            parts[-1] = parts[-1][:-2] + b"\n"
        parts.append(b"]" + (b",\n" if name == "nodes" else b"\n"))
    parts.append(b"}\n")
    return parts


def render_plan_schema() -> str:
    return render_json(Plan.model_json_schema())
