"""The relationships the SQLAlchemy models analyzer publishes for the data access analyzer:
`context.products["sqlalchemy_models.relationships"]`."""

from __future__ import annotations

from pathlib import Path

from analyzers.base import LinkContext
from analyzers.sqlalchemy_models import ANALYZER
from decompose.model import EdgeKind, SourceFile
from decompose.pipeline import ScanOptions, scan
from tests.conftest import make_tree

MODELS = """\
import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, relationship

from shop.db import Base

links = Table(
    "links", Base.metadata, Column("a_id", ForeignKey("a.id")), Column("b_id", ForeignKey("b.id"))
)


class Owned:
    @declared_attr
    def notes(cls):
        return relationship("Note")


class A(Owned, Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("a.id"))
    bs = relationship("shop.models.B", secondary=links, backref="as_")
    cs: Mapped[list["C"]] = relationship(back_populates="a")
    first_c: Mapped["C"] = relationship()
    parent = relationship("A")
    seen = relationship("B", viewonly=True)
    later = relationship("B", secondary=lambda: links)
    ghosts = relationship("Ghost")
    named = sa.orm.relationship("B", secondary="links")
    by_table = relationship("B", secondary=Link.__table__)


class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)


class C(Base):
    __tablename__ = "c"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey("a.id"))
    a: Mapped["A"] = relationship(back_populates="cs")
    owner = relationship(A, backref=sa.orm.backref("owned", uselist=False))


class Tagged:
    @declared_attr
    def marks(cls):
        return relationship("Note")


class Linked(Tagged):
    pass


class Marked:
    @declared_attr
    def marks(cls):
        return relationship("B", secondary=links)


class D(Linked, Marked, Base):
    __tablename__ = "d"
    id = Column(Integer, primary_key=True)


class Link(Base):
    __tablename__ = "link_rows"
    id = Column(Integer, primary_key=True)


class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey("a.id"))
"""
DB = "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n"


def test_relationships_are_published_with_their_tables_and_collections() -> None:
    facts = [
        ANALYZER.analyze(SourceFile("shop/models.py", MODELS, "shop.models")),
        ANALYZER.analyze(SourceFile("shop/db.py", DB, "shop.db")),
    ]
    context = LinkContext()
    ANALYZER.link(facts, context)
    assert context.products["sqlalchemy_models.relationships"] == {
        "table:a": {
            "bs": ("table:b", "table:links", True),  # a dotted string, a Core table variable
            "cs": ("table:c", None, True),  # the target and the collection from the annotation
            "first_c": ("table:c", None, False),  # one object, as annotated, whatever the keys
            "parent": ("table:a", None, False),  # self-referential: the direction is unknown
            "named": ("table:b", "table:links", True),  # a table name
            "by_table": ("table:b", "table:link_rows", True),  # a model's __table__
            "notes": ("table:notes", None, True),  # from a mixin, one-to-many by the keys
            "owned": ("table:c", None, False),  # a backref with uselist=False
        },
        "table:b": {"as_": ("table:a", "table:links", True)},  # a many-to-many's backref
        "table:d": {"marks": ("table:notes", None, False)},  # Tagged's: first in Python's order
        "table:c": {
            "a": ("table:a", None, False),  # many-to-one
            "owner": ("table:a", None, False),
        },
    }


def test_a_foreign_key_points_at_the_line_of_its_column(tmp_path: Path) -> None:
    """A column's key has the evidence of the column, a table constraint's of its class."""
    root = make_tree(
        tmp_path / "p",
        {
            "forum/__init__.py": "",
            "forum/models.py": (
                "from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer\n"
                "from sqlalchemy.orm import declarative_base\n"
                "Base = declarative_base()\n"
                "class Group(Base):\n"
                "    __tablename__ = 'groups'\n"
                "    id = Column(Integer, primary_key=True)\n"
                "class User(Base):\n"
                "    __tablename__ = 'users'\n"
                "    id = Column(Integer, primary_key=True)\n"
                "    group_id = Column(Integer,\n"
                "                      ForeignKey('groups.id'))\n"
                "    other_id = Column(Integer)\n"
                "    __table_args__ = (ForeignKeyConstraint(['other_id'], ['groups.id']),)\n"
            ),
        },
    )
    graph = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    (edge,) = graph.edges(EdgeKind.FOREIGN_KEY)
    assert sorted(e.line for e in edge.evidence) == [7, 10]
    assert edge.attrs["keys"] == [[["group_id"], ["id"]], [["other_id"], ["id"]]]
