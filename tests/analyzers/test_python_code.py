"""The Python code analyzer on small real-shaped trees: modules, imports, definitions, calls."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from analyzers.python_code import ANALYZER
from analyzers.python_parse import ParseFailure, parse_python
from decompose.model import DependencyGraph, EdgeKind, NodeKind
from decompose.pipeline import ScanOptions, scan
from tests.conftest import make_tree, require_package


def graph_of(tmp_path: Path, files: dict[str, str | bytes]) -> DependencyGraph:
    root = make_tree(tmp_path / "repo", files)
    return scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph


def calls(graph: DependencyGraph) -> set[tuple[str, str]]:
    return {(e.source, e.target) for e in graph.edges(EdgeKind.CALLS)}


SHOP: dict[str, str | bytes] = {
    "src/shop/__init__.py": "from .billing import create_invoice\n",
    "src/shop/billing.py": """
        def create_invoice(order):
            return Invoice(order)

        class Invoice:
            def __init__(self, order):
                self.order = order
    """,
    "src/shop/models.py": """
        class Base:
            def save(self):
                self.validate()
            def validate(self):
                pass

        class Order(Base):
            def validate(self):
                pass
    """,
    "src/shop/service.py": """
        from typing import TYPE_CHECKING
        import shop
        from . import models as m
        if TYPE_CHECKING:
            from shop.models import Order

        def place_order(order: "Order") -> None:
            order.save()
            shop.create_invoice(order)
            fresh = m.Order()
            fresh.validate()
            unknown_callable()()
    """,
}


def test_modules_imports_and_definitions(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, SHOP)
    assert {n.id for n in graph.nodes(NodeKind.MODULE)} == {
        "module:shop",
        "module:shop.billing",
        "module:shop.models",
        "module:shop.service",
    }
    assert graph.node("module:shop").attrs["package"] is True
    imports = {(e.source, e.target) for e in graph.edges(EdgeKind.IMPORTS)}
    assert imports == {
        ("module:shop", "module:shop.billing"),
        ("module:shop.service", "module:shop"),
        ("module:shop.service", "module:shop.models"),
    }
    defines = {(e.source, e.target) for e in graph.edges(EdgeKind.DEFINES)}
    assert ("class:shop.models:Order", "function:shop.models:Order.validate") in defines
    assert ("module:shop.billing", "class:shop.billing:Invoice") in defines
    assert graph.node("class:shop.models:Order").attrs["bases"] == ["shop.models:Base"]
    assert graph.node("function:shop.service:place_order").attrs["end_line"] == 12


def test_an_import_only_a_type_checker_runs_is_typing_only(tmp_path: Path) -> None:
    """An `imports` edge made only by imports under `if TYPE_CHECKING:` (or
    `typing.TYPE_CHECKING`) says `typing_only`; one that also runs (in the `else`, or
    elsewhere) does not."""
    graph = graph_of(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/models.py": "class Order:\n    pass\n",
            "shop/billing.py": "class Invoice:\n    pass\n",
            "shop/tax.py": "RATE = 1\n",
            "shop/service.py": (
                "import typing\nfrom typing import TYPE_CHECKING\n\n"
                "if TYPE_CHECKING:\n    from shop.models import Order\n"
                "    from shop.billing import Invoice\nelse:\n    from shop import tax\n\n"
                "if typing.TYPE_CHECKING:\n    import shop.tax\n\n"
                "from shop.billing import Invoice  # noqa\n"
            ),
        },
    )
    made = {
        e.target: e.attrs.get("typing_only", False)
        for e in graph.edges(EdgeKind.IMPORTS)
        if e.source == "module:shop.service"
    }
    assert made == {
        "module:shop.models": True,
        "module:shop.billing": False,
        "module:shop.tax": False,
    }


def test_calls_resolve_across_modules_and_classes(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, SHOP)
    assert calls(graph) == {
        ("function:shop.service:place_order", "function:shop.models:Base.save"),
        ("function:shop.service:place_order", "function:shop.billing:create_invoice"),
        ("function:shop.service:place_order", "function:shop.models:Order.validate"),
        ("function:shop.billing:create_invoice", "function:shop.billing:Invoice.__init__"),
        ("function:shop.models:Base.save", "function:shop.models:Base.validate"),
        # self.validate() in Base.save: Base's, and, told apart, the override of Order, which
        # runs Base.save
        ("function:shop.models:Base.save", "function:shop.models:Order.validate"),
    }
    dispatched = {
        e.target: e.attrs.get("dispatch")
        for e in graph.out_edges("function:shop.models:Base.save", EdgeKind.CALLS)
    }
    assert dispatched == {
        "function:shop.models:Base.validate": None,
        "function:shop.models:Order.validate": ["override"],
    }
    place = graph.node("function:shop.service:place_order")
    assert place.attrs["unresolved_calls"] == 2  # unknown_callable() and its result
    edge = next(e for e in graph.edges(EdgeKind.CALLS) if e.target.endswith("create_invoice"))
    assert [(ev.path, ev.line, ev.snippet) for ev in edge.evidence] == [
        ("src/shop/service.py", 9, "shop.create_invoice(order)")
    ]


def test_star_imports_returns_and_module_level_calls(tmp_path: Path) -> None:
    graph = graph_of(
        tmp_path,
        {
            "app/helpers.py": """
                def make():
                    return Maker()
                class Maker:
                    def run(self):
                        pass
            """,
            "app/main.py": """
                from app.helpers import *
                make().run()
            """,
        },
    )
    assert calls(graph) == {
        ("module:app.main", "function:app.helpers:make"),
        ("module:app.main", "function:app.helpers:Maker.run"),
    }


def test_newer_syntax_is_analysed_and_broken_files_are_diagnostics(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "repo",
        {
            "new.py": """
                type Ids = list[int]
                class Box[T]:
                    def get[U](self, x: U) -> T:
                        return helper()
                def helper():
                    pass
                label = f'{helper()['name']}'
            """,
            "old.py": 'print "python 2"\n',
        },
    )
    result = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,)))
    assert ("function:new:Box.get", "function:new:helper") in calls(result.graph)
    assert ("module:new", "function:new:helper") in calls(result.graph)  # PEP 701 f-string
    assert [(d.path, d.line) for d in result.diagnostics] == [("old.py", 1)]


def test_parse_failure_keeps_the_line() -> None:
    failure = parse_python("x = 1\ndef f(:\n", "bad.py")
    assert isinstance(failure, ParseFailure)
    assert failure.line == 2


_DIGEST = """
import hashlib, sys
from pathlib import Path
from analyzers.python_code import ANALYZER
from decompose.pipeline import ScanOptions, scan
result = scan(Path(sys.argv[1]), ScanOptions(analyzers=(ANALYZER,)))
print(hashlib.sha256(result.graph_json).hexdigest())
"""


def test_a_real_package_gives_the_same_graph_whatever_the_hash_seed() -> None:
    """Strings hash differently in each process, and so sets of values iterate in another
    order; where the resolver cuts a lookup short that it meets again, what it found once hung
    on that order (netbox's `get_cablepath_origin_groups` gained or lost an external callee
    from one run to the next). Values are now taken in an order of their own."""
    root = require_package("netbox")
    digests = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", _DIGEST, str(root)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[2],
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1
