"""Evidence points at the line Python's parser numbers, whatever other line breaks the text holds.

Python breaks lines at `\\n`, `\\r\\n` and `\\r` only; `str.splitlines` also breaks at a form feed
(the `^L` page breaks of GNU-style code), `\\x1c`-`\\x1e`, `\\x85` and `\\u2028`/`\\u2029`, which
may stand in comments and strings. Each Python analyzer must quote the line the fact is on.
"""

from __future__ import annotations

from pathlib import Path

from decompose.model import DependencyGraph, EdgeKind
from decompose.model.evidence import source_lines
from decompose.pipeline import ScanOptions, scan
from tests.conftest import make_tree

# a page break on a line of its own, a comment and a string holding other breaks, and CR-LF ends
MODELS = (
    "from django.db import models\r\n"
    "\x0c\r\n"
    "# orders \x85 and \u2028 lines\r\n"
    "NOTE = 'a\x1cb'\r\n"
    "\r\n"
    "class Order(models.Model):\r\n"
    "    total = models.IntegerField()\r\n"
    "\r\n"
    "\r\n"
    "class Line(models.Model):\r\n"
    "    order = models.ForeignKey(Order, on_delete=models.CASCADE)\r\n"
)
VIEWS = (
    "from shop.models import Order\n"
    "\x0c\n"
    "def recent():\r"
    "    return Order.objects.filter(total__gt=1)\r"
)


def scanned(tmp_path: Path) -> DependencyGraph:
    root = make_tree(
        tmp_path / "repo",
        {
            "shop/__init__.py": "",
            "shop/models.py": MODELS.encode(),
            "shop/views.py": VIEWS.encode(),
        },
    )
    return scan(root, ScanOptions(jobs=1)).graph


def test_source_lines_break_where_python_does() -> None:
    assert source_lines("a\x0cb\r\nc\rd\n") == ["a\x0cb", "c", "d", ""]


def test_each_analyzer_quotes_the_line_of_its_fact(tmp_path: Path) -> None:
    graph = scanned(tmp_path)
    order = graph.node("model:shop.models:Order")
    assert [(e.line, e.snippet) for e in order.evidence] == [(6, "class Order(models.Model):")]
    (key,) = graph.edges(EdgeKind.FOREIGN_KEY)
    assert [(e.line, e.snippet) for e in key.evidence] == [
        (11, "order = models.ForeignKey(Order, on_delete=models.CASCADE)")
    ]
    (read,) = graph.edges(EdgeKind.READS)
    assert read.source == "function:shop.views:recent"
    assert [(e.line, e.snippet) for e in read.evidence] == [
        (4, "return Order.objects.filter(total__gt=1)")
    ]
    recent = graph.node("function:shop.views:recent")
    assert [(e.line, e.snippet) for e in recent.evidence] == [(3, "def recent():")]
    klass = graph.node("class:shop.models:Line")
    assert [(e.line, e.snippet) for e in klass.evidence] == [(10, "class Line(models.Model):")]
