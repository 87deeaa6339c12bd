"""Golden cases for the model and data access analyzers: tests/fixtures/orm/*.golden.

Each case starts with `# title: ...`, holds one or more `# file: <path>` sections of source, and
ends with `# expect:` and the facts, one a line, in any order:
    model <qualified name> -> <table>
    fk <table>(<columns>) -> <table>(<columns>)
    reads|writes <function or module> <relation> <via>[ tx][ @<line>,<line>...]
    joins <table> <table> <via>
    transaction <function> <start>-<end> <kind>
    unresolved <path> <count>
The facts of a scan of the files with the ORM analyzers must be exactly these (all of them). In a
case where one read or write names its evidence lines (`@12,14`: the lines of the accesses, in the
file of the function), every read and write must."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analyzers import data_access, django_models, python_code, sqlalchemy_models
from decompose.model import DependencyGraph, EdgeKind, NodeKind
from decompose.pipeline import ScanOptions, ScanResult, scan
from tests.conftest import make_tree

FIXTURES = Path(__file__).parent.parent / "fixtures" / "orm"
ANALYZERS = (django_models.ANALYZER, sqlalchemy_models.ANALYZER, data_access.ANALYZER)
_UNRESOLVED = re.compile(r"^(\d+) data access")


def _cases() -> list[tuple[str, str, dict[str, str], set[str]]]:
    cases = []
    for path in sorted(FIXTURES.glob("*.golden")):
        for chunk in path.read_text().split("# title: ")[1:]:
            title, _, rest = chunk.partition("\n")
            body, _, expect = rest.partition("# expect:\n")
            files = {
                name.strip(): text
                for name, text in re.findall(r"# file: (.+)\n((?:(?!# file: ).*\n?)*)", body)
            }
            lines = {line.strip() for line in expect.splitlines() if line.strip()}
            cases.append((path.stem, title.strip(), files, lines))
    return cases


def _name(node_id: str) -> str:
    return node_id.partition(":")[2]


def _keys(keys: list[list[list[str]]]) -> list[tuple[str, str]]:
    return [(",".join(cols), ",".join(refs)) for cols, refs in keys]


def render(result: ScanResult, evidence: bool = False) -> set[str]:
    """The facts of a scan in the golden line format, reads and writes with their evidence lines
    when asked."""
    graph: DependencyGraph = result.graph
    lines: set[str] = set()
    for edge in graph.edges(EdgeKind.MAPS_TO):
        lines.add(f"model {_name(edge.source)} -> {_name(edge.target)}")
    for edge in graph.edges(EdgeKind.FOREIGN_KEY):
        for cols, refs in _keys(edge.attrs["keys"]):
            lines.add(f"fk {_name(edge.source)}({cols}) -> {_name(edge.target)}({refs})")
    accesses: dict[str, set[int]] = {}
    for kind in (EdgeKind.READS, EdgeKind.WRITES):
        for edge in graph.edges(kind):
            tx = " tx" if edge.attrs.get("in_transaction") else ""
            via = edge.attrs["via"]
            line = f"{kind.value} {_name(edge.source)} {_name(edge.target)} {via}{tx}"
            accesses.setdefault(line, set()).update(e.line for e in edge.evidence)
    for line, numbers in accesses.items():
        lines.add(f"{line} @{','.join(map(str, sorted(numbers)))}" if evidence else line)
    for edge in graph.edges(EdgeKind.JOINS):
        lines.add(f"joins {_name(edge.source)} {_name(edge.target)} {edge.attrs['via']}")
    for node in graph.nodes(NodeKind.FUNCTION):
        for start, end, kind in node.attrs.get("transactions", []):
            lines.add(f"transaction {node.name} {start}-{end} {kind}")
    for diagnostic in result.diagnostics:
        match = _UNRESOLVED.match(diagnostic.message)
        if match:
            lines.add(f"unresolved {diagnostic.path} {match.group(1)}")
    return lines


CASES = _cases()


@pytest.mark.parametrize(
    ("files", "expected"),
    [pytest.param(files, lines, id=f"{stem}: {title}") for stem, title, files, lines in CASES],
)
def test_golden(tmp_path: Path, files: dict[str, str], expected: set[str]) -> None:
    make_tree(tmp_path, dict(files))
    result = scan(tmp_path, ScanOptions(analyzers=ANALYZERS, jobs=1))
    assert render(result, evidence=any(" @" in line for line in expected)) == expected


def test_every_fixture_file_has_cases() -> None:
    stems = {stem for stem, *_ in CASES}
    assert stems == {p.stem for p in FIXTURES.glob("*.golden")} and len(stems) >= 5


TYPED_BY_CALLERS = {
    "shop/__init__.py": "",
    "shop/models.py": "from django.db import models\n\n\nclass Post(models.Model):\n    pass\n",
    "shop/moderation.py": (
        "def approve(user, post):\n"
        "    post.is_unapproved = False\n"
        "    post.save(update_fields=['is_unapproved'])\n\n\n"
        "def forget(post):\n"
        "    post.delete()\n"
    ),
    "shop/views.py": (
        "from shop.models import Post\nfrom shop.moderation import approve\n\n\n"
        "def view(request, pk):\n"
        "    approve(request.user, Post.objects.get(pk=pk))\n"
    ),
    "shop/queries.py": (
        "from shop.models import Post\n\n\n"
        "def visible():\n    return Post.objects.filter(hidden=False)\n\n\n"
        "def hide_all():\n    visible().update(hidden=True)\n\n\n"
        "def count():\n    return visible().count()\n\n\n"
        "def narrowed(posts):\n    return posts.filter(pinned=True).count()\n\n\n"
        "def pinned():\n    return narrowed(visible())\n"
    ),
}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_write_on_an_object_only_its_callers_type_is_found_with_the_call_graph(
    tmp_path: Path, jobs: int
) -> None:
    """`post.save()` on a parameter: the data access rules alone cannot tell the model; the
    Python call graph, linked first, knows that `view` hands `approve` a Post. `forget`, which
    nothing calls, stays unknown. A queryset a function returns (`visible().update(...)`) is
    read or written likewise, but not one handed as a parameter (`narrowed(posts)`: a helper's
    callers may not all be known). The same with the link steps side by side (two jobs)."""
    root = make_tree(tmp_path / "p", TYPED_BY_CALLERS)
    alone = render(scan(root, ScanOptions(analyzers=ANALYZERS, jobs=jobs)))
    assert sorted(line for line in alone if line.startswith(("writes", "reads"))) == [
        "reads shop.queries:visible shop_post django",
        "reads shop.views:view shop_post django",
    ]
    full = render(scan(root, ScanOptions(analyzers=(*ANALYZERS, python_code.ANALYZER), jobs=jobs)))
    assert sorted(line for line in full if line.startswith(("writes", "reads"))) == [
        "reads shop.queries:count shop_post django",
        "reads shop.queries:visible shop_post django",
        "reads shop.views:view shop_post django",
        "writes shop.moderation:approve shop_post django",
        "writes shop.queries:hide_all shop_post django",
    ]


DAOS = {
    "app/__init__.py": "",
    "app/models.py": (
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n"
        "from app.ext import db\n\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n\n"
        "class CRUDMixin:\n"
        "    @classmethod\n"
        "    def create(cls, **fields):\n"
        "        db.session.add(cls(**fields))\n\n\n"
        "class Chart(Base, CRUDMixin):\n    __tablename__ = 'charts'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n\n\n"
        "class Report(Base):\n    __tablename__ = 'reports'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
    ),
    "app/daos.py": (
        "from typing import Generic, TypeVar\n\n"
        "from app.ext import db\nfrom app.models import Chart, Report\n\n"
        "T = TypeVar('T')\n\n\n"
        "class BaseDAO(Generic[T]):\n"
        "    model_cls = None\n\n"
        "    @classmethod\n"
        "    def find_by_id(cls, pk):\n"
        "        return cls._find(pk)\n\n"
        "    @classmethod\n"
        "    def _find(cls, pk):\n"
        "        return db.session.query(cls.model_cls).get(pk)\n\n"
        "    @classmethod\n"
        "    def create(cls, item=None):\n"
        "        if not item:\n"
        "            item = cls.model_cls()\n"
        "        db.session.add(item)\n\n"
        "    @classmethod\n"
        "    def delete(cls, items: list[T]):\n"
        "        for item in items:\n"
        "            db.session.delete(item)\n\n\n"
        "class ChartDAO(BaseDAO[Chart]):\n"
        "    @classmethod\n"
        "    def find_mine(cls, pk):\n"
        "        return cls.find_by_id(pk)\n\n\n"
        "class ReportDAO(BaseDAO):\n"
        "    model_cls = Report\n\n"
        "    @classmethod\n"
        "    def create(cls, item=None):\n"
        "        return super().create(item)\n"
    ),
    "app/ext.py": "db = None\n",
    "app/commands.py": (
        "from app.daos import ChartDAO, ReportDAO\nfrom app.ext import db\n"
        "from app.models import Chart, Report\n\n\n"
        "def save(chart):\n    db.session.add(chart)\n\n\n"
        "def keep(obj):\n    db.session.merge(obj)\n\n\n"
        "def make():\n    save(Chart())\n    keep(Chart())\n    keep(Report())\n\n\n"
        "def show(pk):\n    return ChartDAO.find_by_id(pk)\n\n\n"
        "def drop(charts):\n    ChartDAO.delete(charts)\n\n\n"
        "def new_chart():\n    Chart.create(id=1)\n\n\n"
        "def report():\n    return ReportDAO.create()\n\n\n"
        "def any_of(dao, pk):\n    return dao.find_by_id(pk)\n\n\n"
        "def both(pk):\n    any_of(ChartDAO, pk)\n    any_of(ReportDAO, pk)\n"
    ),
}


def test_a_generic_base_queries_the_model_each_subclass_names_at_its_callers(
    tmp_path: Path,
) -> None:
    """`db.session.query(cls.model_cls)` in a data access object's base: which model is the
    caller's to say, by the subclass it calls the method on (`ChartDAO.find_by_id`), which
    names it as the base's type argument (`BaseDAO[Chart]`) or by the attribute
    (`model_cls = Report`), or that a parameter annotated with the base's type variable holds
    (`items: list[T]`). A call on `cls` or `super()` hands the access on to the callers of
    the method it is in, until a class names the model; a receiver handed over as a parameter
    (`any_of(dao, pk)`) is left alone. And a session handed an object that only the call graph
    types (`save(chart)`) writes its model's table, but not where it may hold several models'
    (`keep(obj)`). A mixin's `db.session.add(cls(...))` writes the table of the model it is
    called on (`Chart.create(...)`)."""
    root = make_tree(tmp_path / "p", DAOS)
    full = render(
        scan(root, ScanOptions(analyzers=(*ANALYZERS, python_code.ANALYZER), jobs=1)), True
    )
    assert sorted(line for line in full if line.startswith(("writes", "reads"))) == [
        "reads app.commands:show charts sqlalchemy @21",
        "reads app.daos:ChartDAO.find_mine charts sqlalchemy @35",
        "writes app.commands:drop charts sqlalchemy @25",
        "writes app.commands:new_chart charts sqlalchemy @29",
        "writes app.commands:save charts sqlalchemy @7",
        "writes app.daos:ReportDAO.create reports sqlalchemy @43",
    ]


def test_a_query_chained_on_its_session_call_is_written_with_the_call_graph(
    tmp_path: Path,
) -> None:
    """`session.query(Order).delete()`: the call graph keeps the query's model with the chain;
    the link step reads such a chain (and does not fail on it)."""
    root = make_tree(
        tmp_path / "p",
        {
            "app/__init__.py": "",
            "app/models.py": (
                "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
                "class Base(DeclarativeBase):\n    pass\n\n\n"
                "class Order(Base):\n    __tablename__ = 'orders'\n"
                "    id: Mapped[int] = mapped_column(primary_key=True)\n"
            ),
            "app/service.py": (
                "from app.models import Order\n\n\n"
                "def purge(session):\n    session.query(Order).delete()\n"
            ),
        },
    )
    result = scan(root, ScanOptions(analyzers=(*ANALYZERS, python_code.ANALYZER), jobs=1))
    assert not [d for d in result.diagnostics if "link step failed" in d.message]
    assert "writes app.service:purge orders sqlalchemy" in render(result)


def test_a_graphene_node_looked_up_by_its_global_id_reads_its_model_s_table(
    tmp_path: Path,
) -> None:
    """`graphene.Node.get_node_from_global_id(info, id, Product)` loads the node with the
    object type's `get_node`, a query of the model its `Meta` names (graphene-django's
    `DjangoObjectType`): a read at the call. A type that is no Django object type reads
    nothing."""
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/models.py": (
                "from django.db import models\n\n\n"
                "class Product(models.Model):\n    name = models.CharField(max_length=9)\n"
            ),
            "shop/types.py": (
                "import graphene\nfrom graphene_django import DjangoObjectType\n\n"
                "from shop import models\n\n\n"
                "class Product(DjangoObjectType):\n    class Meta:\n"
                "        model = models.Product\n\n\n"
                "class Plain(graphene.ObjectType):\n    class Meta:\n"
                "        model = models.Product\n"
            ),
            "shop/schema.py": (
                "import graphene\n\nfrom shop.types import Plain, Product\n\n\n"
                "class Query(graphene.ObjectType):\n"
                "    def resolve_product(self, info, id):\n"
                "        return graphene.Node.get_node_from_global_id(info, id, Product)\n\n"
                "    def resolve_plain(self, info, id):\n"
                "        return graphene.Node.get_node_from_global_id(info, id, only_type=Plain)\n"
            ),
        },
    )
    result = scan(root, ScanOptions(analyzers=(*ANALYZERS, python_code.ANALYZER), jobs=1))
    reads = sorted(line for line in render(result) if line.startswith("reads"))
    assert reads == ["reads shop.schema:Query.resolve_product shop_product django"]


def test_a_generic_view_s_query_of_the_model_a_subclass_names_is_read_by_that_view(
    tmp_path: Path,
) -> None:
    """A base view's `self.get_model().objects.all()` (a getter returning `self.model`, in a
    mixin of another module) reads nothing where it is written: each view class that runs it
    as Django runs a view (`get_queryset` is a hook of its requests) reads the table of the
    model it names, from the class's node. A model's own getter chain
    (`self.get_log_class().objects.create(...)`, the getter returning a class) writes that
    class's table at the calls of the method, not the model's own table."""
    root = make_tree(
        tmp_path / "p",
        {
            "forum/__init__.py": "",
            "forum/models.py": (
                "from django.db import models\n\n\n"
                "class Rank(models.Model):\n    name = models.CharField(max_length=9)\n\n\n"
                "class Log(models.Model):\n    text = models.CharField(max_length=9)\n\n\n"
                "class Post(models.Model):\n    def get_log_class(self):\n        return Log\n\n"
                "    def publish(self):\n"
                "        self.get_log_class().objects.create(text='x')\n\n\n"
                "def archive():\n    post = Post()\n    post.publish()\n"
            ),
            "forum/mixins.py": (
                "class AdminMixin:\n    model = None\n\n"
                "    def get_model(self):\n        return self.model\n"
            ),
            "forum/generic.py": (
                "from django.views.generic import View\n\nfrom forum.mixins import AdminMixin\n\n\n"
                "class ListView(AdminMixin, View):\n"
                "    def get_queryset(self):\n        return self.get_model().objects.all()\n"
            ),
            "forum/views.py": (
                "from forum.generic import ListView\nfrom forum.models import Rank\n\n\n"
                "class RanksList(ListView):\n    model = Rank\n"
            ),
        },
    )
    result = scan(root, ScanOptions(analyzers=(*ANALYZERS, python_code.ANALYZER), jobs=1))
    accesses = sorted(line for line in render(result) if line.startswith(("reads", "writes")))
    assert accesses == [
        "reads forum.views:RanksList forum_rank django",
        "writes forum.models:archive forum_log django",
    ]
