"""Call resolution, one golden input/expected pair per form the issue names.

Each case is a one-module program (`main.py`, plus `lib.py` where imports matter) and the calls
expected from its callers, in PyCG's dotted names; `main` is module-level code."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.python_code import ANALYZER
from decompose.model import EdgeKind
from decompose.pipeline import ScanOptions, scan
from reports.callgraph import callgraph_pycg
from tests.conftest import make_tree

LIB = """
    def helper():
        pass

    class Base:
        def __init__(self):
            pass
        def shared(self):
            pass
"""

CASES: dict[str, tuple[str, dict[str, list[str]]]] = {
    "local function": (
        "def f():\n    g()\ndef g():\n    pass\n",
        {"main.f": ["main.g"]},
    ),
    "imported function, aliased": (
        "from lib import helper as h\nh()\n",
        {"main": ["lib.helper"]},
    ),
    "attribute of an imported module": (
        "import lib\nlib.helper()\n",
        {"main": ["lib.helper"]},
    ),
    "construction calls __init__ by the MRO": (
        "from lib import Base\nclass Child(Base):\n    pass\nChild()\n",
        {"main": ["lib.Base.__init__"]},
    ),
    "inherited method through self": (
        "from lib import Base\nclass Child(Base):\n    def run(self):\n        self.shared()\n",
        {"main.Child.run": ["lib.Base.shared"]},
    ),
    "local type flow": (
        "from lib import Base\ndef f():\n    x = Base()\n    x.shared()\n",
        {"main.f": ["lib.Base.__init__", "lib.Base.shared"]},
    ),
    "a generic base is its class": (
        "from typing import Generic, TypeVar\nfrom lib import Base\nT = TypeVar('T')\n"
        "class DAO(Generic[T]):\n    @classmethod\n    def find(cls):\n        pass\n"
        "class BaseDAO(DAO[Base]):\n    pass\ndef f():\n    BaseDAO.find()\n",
        {"main.f": ["main.DAO.find"]},
    ),
    "a return annotated with a type alias of a union": (
        "from typing import Optional, Union\nfrom lib import Base\n"
        "class Other:\n    def shared(self):\n        pass\n"
        "Either = Union[Base, Other]\nMaybe = Optional[Other]\nBoth = Base | Other\n"
        "def one() -> Either:\n    pass\ndef two() -> Maybe:\n    pass\n"
        "def three() -> 'Both':\n    pass\n"
        "def f():\n    one().shared()\ndef g():\n    two().shared()\n"
        "def h():\n    three().shared()\n",
        {
            "main.f": ["lib.Base.shared", "main.Other.shared", "main.one"],
            "main.g": ["main.Other.shared", "main.two"],
            "main.h": ["lib.Base.shared", "main.Other.shared", "main.three"],
        },
    ),
    "a dataclass's generated __init__ runs its __post_init__": (
        "from dataclasses import dataclass\nimport attrs\n"
        "@dataclass\nclass Error:\n    code: int\n    def __post_init__(self):\n        pass\n"
        "class Subclass(Error):\n    pass\n"
        "@attrs.define\nclass Point:\n    def __attrs_post_init__(self):\n        pass\n"
        "class Own(Error):\n    def __init__(self):\n        pass\n"
        "def f():\n    Error(1)\n    Subclass(2)\n    Point()\n    Own()\n",
        {
            "main.f": [
                "main.Error.__post_init__",
                "main.Own.__init__",
                "main.Point.__attrs_post_init__",
            ],
        },
    ),
    "a Flask-SQLAlchemy model's query gives its instances": (
        "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n"
        "class Topic(db.Model):\n    def save(self):\n        pass\n"
        "def f():\n    Topic.query.filter_by(id=1).first_or_404().save()\n"
        "def g():\n    for topic in Topic.query.order_by(Topic.id).all():\n        topic.save()\n",
        {
            "main.f": ["flask_sqlalchemy.SQLAlchemy.Model.query.filter_by", "main.Topic.save"],
            "main.g": ["flask_sqlalchemy.SQLAlchemy.Model.query.order_by", "main.Topic.save"],
        },
    ),
    "a SQLAlchemy session's query of a class gives its instances": (
        "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n"
        "class Slice:\n    def data(self):\n        pass\n"
        "def f():\n    chart = db.session.query(Slice).filter_by(id=1).one_or_none()\n"
        "    chart.data()\n"
        "def g():\n    for each in db.session.query(Slice).all():\n        each.data()\n"
        "def h():\n    ids = db.session.query(Slice.id).all()\n    ids[0].data()\n",
        {
            "main.f": ["flask_sqlalchemy.SQLAlchemy.session.query", "main.Slice.data"],
            "main.g": ["flask_sqlalchemy.SQLAlchemy.session.query", "main.Slice.data"],
            "main.h": ["flask_sqlalchemy.SQLAlchemy.session.query"],
        },
    ),
    "a static method's first parameter is typed by its annotation": (
        "from lib import Base\nclass Type:\n    @staticmethod\n"
        "    def resolve_base(root: Base, info):\n        root.shared()\n"
        "    def resolve_other(root: Base, info):\n        root.shared()\n",
        {
            "main.Type.resolve_base": ["lib.Base.shared"],
            "main.Type.resolve_other": ["lib.Base.shared"],
        },
    ),
    "isinstance and issubclass in a condition say what a name may hold": (
        "from lib import Base\nclass Other:\n    @classmethod\n    def make(cls):\n        pass\n"
        "def f(obj, kind):\n    if isinstance(obj, (Base, str)):\n        obj.shared()\n"
        "    if not issubclass(kind, Other) and kind:\n        raise TypeError\n    kind.make()\n"
        "class Holder:\n    def g(self):\n        assert isinstance(self.base, Base)\n"
        "        self.base.shared()\n"
        "    def __init__(self, other: Other):\n        self.other = other\n"
        "    def h(self):\n        if isinstance(self.other, Base):\n            pass\n"
        "        self.other.make()\n"
        "handler = Other()\ndef k():\n    if isinstance(handler, Base):\n        pass\n"
        "    handler.make()\n",
        {
            "main.f": [
                "<builtin>.isinstance",
                "<builtin>.issubclass",
                "lib.Base.shared",
                "main.Other.make",
            ],
            "main.Holder.g": ["<builtin>.isinstance", "lib.Base.shared"],
            "main.Holder.h": ["<builtin>.isinstance", "main.Other.make"],  # hides nothing
            "main.k": ["<builtin>.isinstance", "main.Other.make"],
        },
    ),
    "a call on an attribute is resolved again when the attribute gets values late": (
        "class Model:\n    def save(self):\n        pass\n"
        "class Other:\n    def save(self):\n        pass\n"
        "class Action:\n    def __init__(self, instance):\n        self.instance = instance\n"
        "    def check(self):\n        assert isinstance(self.instance, Other)\n"
        "    def run(self):\n        self.instance.save()\n"
        "    def each(self):\n        instance = self.instance\n        instance.save()\n"
        "Action(Model()).run()\n",
        {
            "main.Action.run": ["main.Model.save", "main.Other.save"],
            "main.Action.each": ["main.Model.save", "main.Other.save"],
        },
    ),
    "a property on an instance is what its getter returns": (
        "from functools import cached_property\nfrom lib import Base\nclass Page:\n"
        "    @property\n    def specific(self):\n        return Base()\n"
        "    @specific.setter\n    def specific(self, value):\n        pass\n"
        "    @cached_property\n    def cached(self) -> Base:\n        pass\n"
        "def f(page: Page):\n    page.specific.shared()\n    page.cached.shared()\n",
        {"main.f": ["lib.Base.shared"]},
    ),
    "a list holds what is appended to it": (
        "from lib import Base\nclass Other:\n    def shared(self):\n        pass\n"
        "def collect():\n    found = []\n    found.append(Base())\n    found.extend([Other()])\n"
        "    return found\n"
        "def f():\n    for item in collect():\n        item.shared()\n",
        {"main.f": ["lib.Base.shared", "main.Other.shared", "main.collect"]},
    ),
    "a list extended with += keeps what it held": (
        "from lib import helper\ndef g():\n    pass\n"
        "hooks = [helper]\nhooks += [g]\nfor hook in hooks:\n    hook()\n",
        {"main": ["lib.helper", "main.g"]},
    ),
    "an attribute extended with += keeps what it held": (
        "from lib import helper\ndef g():\n    pass\nclass C:\n"
        "    def __init__(self):\n        self.hooks = [helper]\n        self.hooks += [g]\n"
        "    def run(self):\n        for hook in self.hooks:\n            hook()\n",
        {"main.C.run": ["lib.helper", "main.g"]},
    ),
    "a returned tuple unpacks by position": (
        "from lib import Base\nclass Other:\n    def shared(self):\n        pass\n"
        "def pair():\n    return Base(), Other()\n"
        "def f():\n    first, second = pair()\n    first.shared()\n",
        {"main.f": ["lib.Base.shared", "main.pair"]},
    ),
    "an attribute set on the class is seen from its instances": (
        "from lib import Base\nclass T:\n    @classmethod\n    def setUpTestData(cls):\n"
        "        cls.base = Base()\n    def test(self):\n        self.base.shared()\n",
        {"main.T.test": ["lib.Base.shared"]},
    ),
    "annotated parameter": (
        "from lib import Base\ndef f(b: Base):\n    b.shared()\n",
        {"main.f": ["lib.Base.shared"]},
    ),
    "return annotation": (
        "from lib import Base\ndef make() -> Base:\n    ...\ndef f():\n    make().shared()\n",
        {"main.f": ["lib.Base.shared", "main.make"]},
    ),
    "decorator": (
        "def deco(fn):\n    return fn\n@deco\ndef f():\n    pass\nf()\n",
        {"main": ["main.deco", "main.f"]},
    ),
    "super()": (
        "from lib import Base\nclass C(Base):\n    def __init__(self):\n"
        "        super().__init__()\n",
        {"main.C.__init__": ["<builtin>.super", "lib.Base.__init__"]},
    ),
    "function passed as an argument": (
        "def run(cb):\n    cb()\ndef job():\n    pass\nrun(job)\n",
        {"main": ["main.run"], "main.run": ["main.job"]},
    ),
    "nested function": (
        "def outer():\n    def inner():\n        pass\n    inner()\n",
        {"main.outer": ["main.outer.inner"]},
    ),
    "the class of an instance": (
        "class A:\n    def __init__(self):\n        pass\n    @classmethod\n"
        "    def build(cls):\n        pass\n    def copy(self):\n        self.__class__()\n"
        "        self.__class__.build()\n",
        {"main.A.copy": ["main.A.__init__", "main.A.build"]},
    ),
    "a closure sees the rebinding above its definition": (
        "def deny(f):\n    def denied():\n        return f()\n    return denied\n"
        "def view():\n    pass\n"
        "def wrap(f):\n    f = deny(f)\n    def inner():\n        return f()\n    return inner\n"
        "def wrap_later(f):\n    def inner():\n        return f()\n"
        "    f = deny(f)\n    return inner\n"
        "wrap(view)\nwrap_later(view)\n",
        {
            "main.wrap.inner": ["main.deny.denied"],
            "main.wrap_later.inner": ["main.deny.denied", "main.view"],
        },
    ),
    "getattr with a constant name": (
        "from lib import Base\nclass Holder:\n    def __init__(self):\n        self.base = Base()\n"
        "def f(holder: Holder):\n    base = getattr(holder, 'base', None)\n    base.shared()\n"
        "    getattr(holder, 'missing', Base()).shared()\n",
        {"main.f": ["lib.Base.__init__", "lib.Base.shared", "<builtin>.getattr"]},
    ),
    "a mixin after an external base": (
        "from flask_sqlalchemy import Model\nclass CRUDMixin:\n    def save(self):\n        pass\n"
        "class Group(Model, CRUDMixin):\n    pass\ndef f():\n    Group().save()\n",
        {
            "main.f": [
                "flask_sqlalchemy.Model.__init__",
                "flask_sqlalchemy.Model.save",
                "main.CRUDMixin.save",
            ]
        },
    ),
    "classes loaded by name, several at once": (
        "from oscar.core.loading import get_classes\n"
        "Loaded, Again = get_classes('lib', ['Base', 'Base'])\n"
        "def f():\n    Again().shared()\n",
        {"main.f": ["lib.Base.__init__", "lib.Base.shared"]},
    ),
    "a local bound to what an attribute set from a parameter gives, found in a later pass": (
        "class Service:\n    def register(self):\n        pass\n"
        "def factory():\n    return Service()\n"
        "class View:\n    def __init__(self, make):\n        self.make = make\n"
        "    def post(self):\n        service = self.make()\n        service.register()\n"
        "View(factory)\n",
        {"main.View.post": ["main.Service.register", "main.factory"]},
    ),
    "unknown stays unresolved": (
        "def f(obj):\n    obj.anything()\n    getattr(obj, 'x')()\n",
        {"main.f": ["<builtin>.getattr"]},
    ),
}


def _callgraph(root: Path) -> dict[str, list[str]]:
    """The call graph of the Python code under `root`, in PyCG's dotted names."""
    return callgraph_pycg(scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph)


def _shop_calls(root: Path) -> dict[str, set[str]]:
    """The call graph of the code under `root` (`_callgraph`), each caller's callees in the
    `shop` package only."""
    graph = _callgraph(root)
    return {caller: {c for c in graph[caller] if c.startswith("shop.")} for caller in graph}


@pytest.mark.parametrize("form", sorted(CASES))
def test_call_form(form: str, tmp_path: Path) -> None:
    source, expected = CASES[form]
    root = make_tree(tmp_path / "p", {"main.py": source, "lib.py": LIB})
    graph = _callgraph(root)
    for caller, callees in expected.items():
        assert graph[caller] == sorted(callees), form


def test_unresolved_calls_are_counted_never_guessed(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "p", {"main.py": CASES["unknown stays unresolved"][0]})
    graph = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    node = graph.node("function:main:f")
    assert node.attrs["unresolved_calls"] == 2
    assert node.attrs["external_calls"] == ["<builtin>.getattr"]


# Values flowing both ways between the two halves of the first pass (`a` holds the first half
# of the sites, `b` the second), and on down a chain of calls.
FLOWS = {
    "a.py": "import b\ndef job():\n    pass\ndef run(cb):\n    cb()\n"
    + "".join(f"def f{n}():\n    pass\n" for n in range(6))
    + "b.relay(job)\n",
    "b.py": "import a\ndef relay(fn):\n    hop(fn)\ndef hop(fn):\n    fn()\n"
    "def later():\n    pass\na.run(later)\n",
}


@pytest.mark.parametrize("jobs", [1, 2])
def test_flows_cross_the_halves_of_the_first_pass_alike_with_any_jobs(
    jobs: int, tmp_path: Path
) -> None:
    root = make_tree(tmp_path / "p", FLOWS)
    graph = callgraph_pycg(scan(root, ScanOptions(jobs=jobs, analyzers=(ANALYZER,))).graph)
    assert graph["a.run"] == ["b.later"]
    assert graph["b.relay"] == ["b.hop"]
    assert graph["b.hop"] == ["a.job"]


def test_get_model_in_a_migration_is_a_historical_model(tmp_path: Path) -> None:
    """`apps.get_model("shop", "Order")` is the live model in application code, but inside a
    migration `apps` holds historical models, which have none of the model's own methods: no
    edge to `Order.save` from there."""
    spec = {
        "shop/__init__.py": "",
        "shop/models.py": "class Order:\n    def save(self):\n        pass\n",
        "shop/services.py": "from django.apps import apps\n"
        "def close():\n    Order = apps.get_model('shop', 'Order')\n    Order().save()\n",
        "shop/migrations/__init__.py": "",
        "shop/migrations/0002_close.py": "def forwards(apps, schema_editor):\n"
        "    Order = apps.get_model('shop', 'Order')\n    Order().save()\n",
    }
    graph = callgraph_pycg(scan(make_tree(tmp_path, spec), ScanOptions(jobs=1)).graph)
    assert "shop.models.Order.save" in graph["shop.services.close"]
    assert "shop.models.Order.save" not in graph["shop.migrations.0002_close.forwards"]


def test_get_model_takes_the_label_an_app_config_sets(tmp_path: Path) -> None:
    """`apps.get_model("shopcore", "Order")` and swapper's `load_model` name an app by its
    label, which its AppConfig may set apart from its package (wagtail's "wagtailcore")."""
    spec = {
        "shop/__init__.py": "",
        "shop/apps.py": "from django.apps import AppConfig\n"
        "class ShopConfig(AppConfig):\n    name = 'shop'\n    label = 'shopcore'\n",
        "shop/models.py": "class Order:\n    def close(self):\n        pass\n",
        "billing/__init__.py": "",
        "billing/services.py": "import swapper\nfrom django.apps import apps\n"
        "Order = swapper.load_model('shopcore', 'Order')\n"
        "def close():\n    Order().close()\n"
        "def close_again():\n    model = apps.get_model('shopcore', 'Order')\n"
        "    model().close()\n"
        "def nothing():\n    model = apps.get_model('shop_core', 'Order')\n    model().close()\n",
    }
    root = make_tree(tmp_path, spec)
    graph = _callgraph(root)
    assert "shop.models.Order.close" in graph["billing.services.close"]
    assert "shop.models.Order.close" in graph["billing.services.close_again"]
    assert "shop.models.Order.close" not in graph["billing.services.nothing"]


def test_get_model_takes_a_model_name_in_any_case(tmp_path: Path) -> None:
    """Django's `apps.get_model("shop", "order")` finds `Order`, as django-oscar writes it."""
    spec = {
        "shop/__init__.py": "",
        "shop/models.py": "class Order:\n    def close(self):\n        pass\n",
        "billing/__init__.py": "",
        "billing/services.py": "from django.apps import apps\n"
        "def close():\n    model = apps.get_model('shop', 'order')\n    model().close()\n"
        "def nothing():\n    model = apps.get_model('shop', 'orders')\n    model().close()\n",
    }
    root = make_tree(tmp_path, spec)
    graph = _callgraph(root)
    assert "shop.models.Order.close" in graph["billing.services.close"]
    assert "shop.models.Order.close" not in graph["billing.services.nothing"]


REQUEST_USER = {
    "project/__init__.py": "",
    "project/settings.py": "AUTH_USER_MODEL = 'accounts.User'\n",
    "accounts/__init__.py": "",
    "accounts/models.py": (
        "from django.contrib.auth.models import AbstractUser\n"
        "class User(AbstractUser):\n"
        "    def touch(self):\n        pass\n"
    ),
    "accounts/views.py": (
        "from django.contrib.auth.mixins import LoginRequiredMixin\n"
        "from django.views.generic import TemplateView\n"
        "def profile(request):\n"
        "    request.user.touch()\n"
        "    audit(request)\n"
        "def audit(req):\n"
        "    req.user.touch()\n"
        "def other(requests):\n"
        "    requests.user.touch()\n"
        "class Home(LoginRequiredMixin, TemplateView):\n"
        "    def get(self, *args, **kwargs):\n"
        "        self.request.user.touch()\n"
        "class Plain:\n"
        "    def go(self):\n"
        "        self.request.user.touch()\n"
    ),
}


def test_a_request_s_user_is_an_instance_of_the_settings_user_model(tmp_path: Path) -> None:
    """A function's `request` (and what it is passed to), and a Django view's `self.request`,
    are a request whose `user` is the model `AUTH_USER_MODEL` names; not a name that is only
    like it, nor the `request` of a class that is no view, nor with no user model set."""
    root = make_tree(tmp_path / "with", REQUEST_USER)
    graph = _callgraph(root)
    touched = sorted(f for f, callees in graph.items() if "accounts.models.User.touch" in callees)
    assert touched == [
        "accounts.views.Home.get",
        "accounts.views.audit",
        "accounts.views.profile",
    ]
    unset = {**REQUEST_USER, "project/settings.py": "DEBUG = True\n"}
    root = make_tree(tmp_path / "without", unset)
    graph = _callgraph(root)
    assert not [f for f, callees in graph.items() if "accounts.models.User.touch" in callees]


GRAPHENE_INFO = {
    **REQUEST_USER,
    "accounts/middleware.py": (
        "from django.utils.functional import SimpleLazyObject\n"
        "from accounts.plugins import get_manager\n"
        "def plugins(get_response):\n"
        "    def middleware(request):\n"
        "        request.plugins = SimpleLazyObject(lambda: get_manager())\n"
        "        return get_response(request)\n"
        "    return middleware\n"
    ),
    "accounts/plugins.py": (
        "class Manager:\n    def notify(self, user):\n        pass\n"
        "def get_manager():\n    return Manager()\n"
    ),
    "accounts/schema.py": (
        "import graphene\n"
        "def resolve_me(info):\n"
        "    info.context.user.touch()\n"
        "class Query(graphene.ObjectType):\n"
        "    me = graphene.Field(graphene.String)\n"
        "    def resolve_me(root, info):\n"
        "        info.context.plugins.notify(info.context.user)\n"
        "        return resolve_me(info)\n"
        "class Report:\n"
        "    def resolve_total(self, info):\n"
        "        info.context.user.touch()\n"
    ),
}


def test_graphene_s_info_context_is_the_request(tmp_path: Path) -> None:
    """In a graphene class's method, `info.context` is the Django request the GraphQL view
    hands it (saleor's `info.context.user`, `info.context.plugins`), also in the functions
    `info` is passed to; not the `info` of a class that is no graphene class."""
    root = make_tree(tmp_path / "p", GRAPHENE_INFO)
    graph = _callgraph(root)
    assert {"accounts.plugins.Manager.notify", "accounts.schema.resolve_me"} <= set(
        graph["accounts.schema.Query.resolve_me"]
    )
    assert "accounts.models.User.touch" in graph["accounts.schema.resolve_me"]
    assert "accounts.models.User.touch" not in graph["accounts.schema.Report.resolve_total"]


DJANGO_MADE = {
    **REQUEST_USER,
    "shop/__init__.py": "",
    "shop/models.py": (
        "from django.db import models\n"
        "class Order(models.Model):\n"
        "    def close(self):\n        pass\n"
        "    def total(self):\n        pass\n"
    ),
    "shop/forms.py": (
        "from django import forms\nfrom rest_framework import serializers\n"
        "from shop.models import Order\n"
        "class OrderForm(forms.ModelForm):\n"
        "    class Meta:\n        model = Order\n"
        "class OrderSerializer(serializers.ModelSerializer):\n"
        "    class Meta:\n        model = Order\n"
        "class NoteForm(forms.Form):\n    pass\n"
    ),
    "shop/views.py": (
        "from django.contrib.auth import get_user_model\n"
        "from django.views import generic\nfrom rest_framework import viewsets\n"
        "from shop.forms import NoteForm, OrderForm, OrderSerializer\n"
        "from shop.models import Order\n"
        "class OrderDetail(generic.DetailView):\n    model = Order\n"
        "    def get_context_data(self, **kwargs):\n        self.get_object().close()\n"
        "class BaseDetail(generic.DetailView):\n"
        "    def get_context_data(self, **kwargs):\n        self.get_object().close()\n"
        "class ShopDetail(BaseDetail):\n    model = Order\n"
        "class OrderEdit(generic.UpdateView):\n    model = Order\n"
        "    def form_valid(self, form):\n        self.object.total()\n"
        "class OrderList(generic.ListView):\n    queryset = Order.objects.filter(open=True)\n"
        "    def get(self, request):\n"
        "        for order in self.get_queryset():\n            order.total()\n"
        "class OrderAPI(viewsets.ModelViewSet):\n"
        "    serializer_class = OrderSerializer\n    queryset = Order.objects.all()\n"
        "    def perform_update(self, serializer):\n        serializer.save().close()\n"
        "class OrderCreate(viewsets.GenericViewSet):\n"
        "    serializer_class = OrderSerializer\n"
        "    def create(self, request):\n"
        "        serializer = self.get_serializer(data=request.data)\n"
        "        serializer.save().close()\n"
        "class OrderFormView(generic.FormView):\n    form_class = OrderForm\n"
        "    def post(self, request):\n        self.get_form().save().total()\n"
        "def edit(request):\n    form = OrderForm(request.POST)\n"
        "    form.save(commit=False).close()\n    form.instance.total()\n"
        "def note(request):\n    NoteForm(request.POST).save().close()\n"
        "def users():\n    User = get_user_model()\n    User.objects.get(pk=1).touch()\n"
    ),
}


def test_what_django_s_views_forms_and_serializers_give_is_an_instance_of_their_model(
    tmp_path: Path,
) -> None:
    """A generic view's `get_object()` is an instance of its `model` (or its `queryset`'s),
    `get_queryset()` a queryset of it, a Django generic view's `self.object` an instance, its
    `get_serializer()` or `get_form()` one of the class it names; a model form's or model
    serializer's `save()` and `instance` an instance of its `Meta.model`; `get_user_model()`
    the settings' user model. A plain form's `save()` is none of these, nor a base view's
    `get_object()` where only its subclasses name a model."""
    root = make_tree(tmp_path / "p", DJANGO_MADE)
    own = {
        k: {c for c in v if c.startswith(("shop.", "accounts."))}
        for k, v in _callgraph(root).items()
    }
    assert own["shop.views.OrderDetail.get_context_data"] == {"shop.models.Order.close"}
    assert own["shop.views.OrderEdit.form_valid"] == {"shop.models.Order.total"}
    assert own["shop.views.BaseDetail.get_context_data"] == set()  # which subclass: unknown
    assert own["shop.views.OrderCreate.create"] == {"shop.models.Order.close"}
    assert own["shop.views.OrderFormView.post"] == {"shop.models.Order.total"}
    assert own["shop.views.OrderList.get"] == {"shop.models.Order.total"}
    assert own["shop.views.OrderAPI.perform_update"] == {"shop.models.Order.close"}
    assert own["shop.views.edit"] == {"shop.models.Order.close", "shop.models.Order.total"}
    assert own["shop.views.note"] == set()
    assert own["shop.views.users"] == {"accounts.models.User.touch"}


CALLED_LATER = """
    import atexit
    import functools
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import transaction


    def notify(order):
        pass


    def audit(order):
        pass


    def weight(order):
        return 1


    def place(order, orders):
        transaction.on_commit(lambda: notify(order))
        transaction.on_commit(functools.partial(audit, order))
        with ThreadPoolExecutor() as pool:
            pool.submit(audit, order)
        threading.Thread(target=notify, args=(order,)).start()
        sorted(orders, key=weight)
        atexit.register(audit, order)


    def stored(orders):
        handlers = [notify, audit]
        return len(handlers), sorted(orders)
"""


TYPE_OF = """
    class Order:
        registry = None

        def close(self):
            pass

        @classmethod
        def find(cls):
            return cls()

        def siblings(self):
            type(self).find().close()
            kind = type(self)
            kind.find().close()
            type(self).registry.connect(self.close)
"""


def test_type_of_an_instance_is_its_class(tmp_path: Path) -> None:
    """The builtin `type(self)` is the class of `self`: `type(self).find()` calls the class's
    method, written in a chain or bound to a name first."""
    root = make_tree(tmp_path / "p", {"main.py": TYPE_OF})
    graph = _callgraph(root)
    assert {"main.Order.find", "main.Order.close"} <= set(graph["main.Order.siblings"])


def test_a_function_handed_to_a_library_that_calls_it_later_is_reached(tmp_path: Path) -> None:
    """`transaction.on_commit(lambda: ...)`, `functools.partial(f, ...)`, an executor's
    `submit(f, ...)`, `Thread(target=f)`, `sorted(key=f)`, `atexit.register(f)`: the library
    calls what it is handed (dispatch "callback"); a function only put in a list is not
    called."""
    root = make_tree(tmp_path / "p", {"main.py": CALLED_LATER})
    graph = _callgraph(root)
    assert {"main.place.<lambda1>", "main.audit", "main.notify", "main.weight"} <= set(
        graph["main.place"]
    )
    assert "main.notify" in graph["main.place.<lambda1>"]
    assert not [c for c in graph["main.stored"] if c.startswith("main.")]
    edges = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph.edges(EdgeKind.CALLS)
    weighed = [e for e in edges if e.target == "function:main:weight"]
    assert [e.attrs.get("dispatch") for e in weighed] == [["callback"]]


def test_a_generic_view_s_hooks_get_an_instance_of_its_form_or_serializer(tmp_path: Path) -> None:
    """Django hands `form_valid(self, form)` an instance of the view's `form_class` (a
    subclass's, where the view that defines the hook sets none); DRF hands `perform_create(self,
    serializer)` one of its `serializer_class`. Not a hook of a class that is no generic view."""
    spec = {
        "shop/__init__.py": "",
        "shop/forms.py": (
            "from django import forms\n"
            "from rest_framework import serializers\n"
            "class SignupForm(forms.Form):\n"
            "    def save(self):\n        pass\n"
            "class OrderSerializer(serializers.ModelSerializer):\n"
            "    def create(self, data):\n        pass\n"
        ),
        "shop/views.py": (
            "from django.views.generic import FormView\n"
            "from rest_framework import viewsets\n"
            "from shop.forms import OrderSerializer, SignupForm\n"
            "class BaseSignup(FormView):\n"
            "    def form_valid(self, form):\n"
            "        form.save()\n"
            "class Signup(BaseSignup):\n"
            "    form_class = SignupForm\n"
            "class Orders(viewsets.ModelViewSet):\n"
            "    serializer_class = OrderSerializer\n"
            "    def perform_create(self, serializer):\n"
            "        serializer.save()\n"
            "class Plain:\n"
            "    form_class = SignupForm\n"
            "    def form_valid(self, form):\n"
            "        form.save()\n"
        ),
    }
    root = make_tree(tmp_path, spec)
    graph = _callgraph(root)
    assert graph["shop.views.BaseSignup.form_valid"] == ["shop.forms.SignupForm.save"]
    assert graph["shop.views.Orders.perform_create"] == [
        "rest_framework.serializers.ModelSerializer.save",  # DRF's, which calls back `create`
        "shop.forms.OrderSerializer.create",
    ]
    assert graph["shop.views.Plain.form_valid"] == []


def test_values_a_test_hands_the_code_it_tests_do_not_flow_into_it(tmp_path: Path) -> None:
    """A test calls the application's function with a stand-in, or sets one on the
    application's class, instance or module: the stand-in's methods are not what the
    application's code calls; the test's own calls stay."""
    spec = {
        "shop/__init__.py": "",
        "shop/mail.py": (
            "class Smtp:\n    def send(self):\n        pass\n"
            "    def connect(self):\n        self.login()\n"
            "    def login(self):\n        pass\n"
            "def notify(sender):\n    sender.send()\n"
            "def run():\n    notify(Smtp())\n"
        ),
        "shop/orders.py": "from shop import mail\ndef order():\n    mail.notify(None)\n",
        "shop/tests/__init__.py": "",
        "shop/tests/test_mail.py": (
            "from shop import mail\nfrom shop.mail import Smtp, notify\n"
            "class FakeSender:\n    def send(self):\n        pass\n"
            "def fake_login(self):\n    pass\n"
            "def test_notify():\n    notify(FakeSender())\n"
            "def test_connect():\n    Smtp.login = fake_login\n    smtp = Smtp()\n"
            "    smtp.login = fake_login\n    mail.notify = fake_login\n    smtp.connect()\n"
        ),
    }
    root = make_tree(tmp_path, spec)
    graph = _callgraph(root)
    assert graph["shop.mail.notify"] == ["shop.mail.Smtp.send"]
    assert graph["shop.orders.order"] == ["shop.mail.notify"]
    assert graph["shop.mail.Smtp.connect"] == ["shop.mail.Smtp.login"]
    assert "shop.mail.notify" in graph["shop.tests.test_mail.test_notify"]


def test_a_decorator_that_wraps_several_functions_is_no_hub_between_them(tmp_path: Path) -> None:
    """A wrapper stands for each function its decorator wraps: a call of a decorated function
    reaches the wrapper and that function, not, through the wrapper, every function the
    decorator wraps. A decorator that wraps one function keeps the wrapper's call of it."""
    spec = {
        "shop/__init__.py": "",
        "shop/auth.py": (
            "from functools import wraps\n"
            "def permission_required(perm):\n"
            "    def decorator(func):\n"
            "        @wraps(func)\n"
            "        def wrapper(*args):\n"
            "            check(perm)\n"
            "            return func(*args)\n"
            "        return wrapper\n"
            "    return decorator\n"
            "def check(perm):\n    pass\n"
            "def logged(func):\n"
            "    def inner(*args):\n"
            "        return func(*args)\n"
            "    return inner\n"
        ),
        "shop/views.py": (
            "from shop.auth import logged, permission_required\n"
            "@permission_required('orders')\n"
            "def orders():\n    pass\n"
            "@permission_required('refunds')\n"
            "def refunds():\n    pass\n"
            "@logged\n"
            "def home():\n    pass\n"
            "def dashboard():\n    orders()\n    home()\n"
        ),
    }
    root = make_tree(tmp_path, spec)
    graph = _callgraph(root)
    wrapper = "shop.auth.permission_required.decorator.wrapper"
    assert graph["shop.views.dashboard"] == [
        "shop.auth.logged.inner",
        wrapper,
        "shop.views.orders",
    ]
    assert graph[wrapper] == ["shop.auth.check"]  # not orders and refunds
    assert graph["shop.auth.logged.inner"] == ["shop.views.home"]


DJANGO_ORM = """
    from django.db import models

    class Order(models.Model):
        def close(self):
            pass

    class Line(models.Model):
        def total(self):
            pass

    class Plain:
        def close(self):
            pass

    class InvoiceManager(models.Manager):
        def overdue(self):
            pass

    class Invoice(models.Model):
        objects = InvoiceManager()

        def remind(self):
            pass

    def h():
        Invoice.objects.overdue()
        Invoice.objects.filter(paid=False).first().remind()

    def make():
        return Order.objects.create(number=1)

    def f():
        Order.objects.create(number=1).close()
        order = Order.objects.filter(open=True).get(pk=1)
        order.close()
        for line in Line.objects.filter(order=order).order_by("pk"):
            line.total()
        again, created = Order.objects.get_or_create(pk=1)
        again.close()
        Line._default_manager.first().total()
        make().close()

    def g():
        Plain.objects.get(pk=1).close()
"""


def test_django_querysets_give_model_instances(tmp_path: Path) -> None:
    """`Model.objects` of a Django model is a manager of that model: `create`, `get`, `first`...
    give an instance, `filter`, `order_by`... a queryset whose items are instances, and
    `get_or_create` a pair whose first item is one. A class that is no Django model gets
    nothing from `objects` (it is not its manager)."""
    root = make_tree(tmp_path / "p", {"main.py": DJANGO_ORM})
    graph = _callgraph(root)
    analysed = {callee for callee in graph["main.f"] if callee.startswith("main.")}
    assert analysed == {"main.Order.close", "main.Line.total", "main.make"}
    assert "main.Plain.close" not in graph["main.g"]
    # a model with a custom manager: the manager's own methods, and the querysets beside them
    assert {c for c in graph["main.h"] if c.startswith("main.")} == {
        "main.InvoiceManager.overdue",
        "main.Invoice.remind",
    }


SHORTCUTS = """
    from django import shortcuts
    from django.db import models
    from django.shortcuts import get_list_or_404, get_object_or_404

    class Order(models.Model):
        def close(self):
            pass

    class Plain:
        def close(self):
            pass

    class OrderView:
        def get_object(self):
            return get_object_or_404(Order.objects.filter(open=True), pk=self.kwargs["pk"])

        def post(self):
            self.get_object().close()

    def by_class(pk):
        order = get_object_or_404(Order, pk=pk)
        order.close()

    async def by_attribute(pk):
        close = (await shortcuts.aget_object_or_404(Order, pk=pk)).close
        close()

    def listed():
        orders = get_list_or_404(Order, open=True)
        for order in orders:
            order.close()

    def looped():
        for order in get_list_or_404(Order, open=True):
            order.close()

    def not_a_model(pk):
        get_object_or_404(Plain, pk=pk).close()
"""
OWN_SHORTCUT = """
    from shop import Order

    class Invoice:
        def close(self):
            pass

    def get_object_or_404(klass, **kwargs):
        return Invoice()

    def view(pk):
        get_object_or_404(Order, pk=pk).close()
"""
DRF = """
    from rest_framework.generics import get_object_or_404

    from shop import Order

    def by_drf(pk):
        order = get_object_or_404(Order, pk=pk)
        order.close()
"""


def test_django_shortcuts_give_model_instances(tmp_path: Path) -> None:
    """`get_object_or_404(Model or queryset, ...)` gives an instance of the model (also DRF's),
    `get_list_or_404` a list of them; a class that is no model gives nothing, and a function
    of the analysed code that has the shortcut's name gives what it returns."""
    root = make_tree(
        tmp_path / "p",
        {"shop/__init__.py": SHORTCUTS, "shop/own.py": OWN_SHORTCUT, "shop/api.py": DRF},
    )
    graph = _callgraph(root)
    callers = ("OrderView.post", "by_class", "api.by_drf", "by_attribute", "listed", "looped")
    for caller in callers:
        assert "shop.Order.close" in graph[f"shop.{caller}"], caller
    assert not {c for c in graph["shop.not_a_model"] if c.startswith("shop.")}
    assert {c for c in graph["shop.own.view"] if c.startswith("shop.")} == {
        "shop.own.get_object_or_404",
        "shop.own.Invoice.close",
    }


RELATED = """
    from django.conf import settings
    from django.db import models

    class Basket(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)

        def is_shipping_required(self):
            pass

        def merge(self):
            for line in self.lines.all():
                line.save()
            self.owner.greet()
            self.profile.touch()
            self.parent.is_shipping_required()
            self.hidden_set.all()[0].touch()

    class Line(models.Model):
        basket = models.ForeignKey("shop.Basket", related_name="lines", on_delete=models.CASCADE)

        def save(self):
            self.basket.is_shipping_required()

    class Profile(models.Model):
        basket = models.OneToOneField(Basket, on_delete=models.CASCADE)
        hidden = models.ForeignKey(Basket, related_name="+", on_delete=models.CASCADE)

        def touch(self):
            pass

    class Tag(models.Model):
        baskets = models.ManyToManyField(Basket)

        def label(self):
            pass

        def each(self):
            for basket in self.baskets.all():
                basket.is_shipping_required()

    class User(models.Model):
        def greet(self):
            pass

    def labels(basket: Basket):
        for tag in basket.tag_set.filter(active=True):
            tag.label()
"""


TREES = """
    from treebeard.mp_tree import MP_Node

    class AbstractCategory(MP_Node):
        def full_slug(self):
            pass

        def trail(self):
            parent = self.get_parent()
            parent.full_slug()
            for child in self.get_children().filter(active=True):
                child.full_slug()

    class Category(AbstractCategory):
        pass

    def roots():
        for root in Category.get_root_nodes():
            root.full_slug()
"""


def test_a_tree_model_s_methods_give_the_tree_s_model(tmp_path: Path) -> None:
    """django-treebeard's and django-mptt's methods that the analysed code does not define give
    an instance, or a queryset, of the model whose base the tree's class is."""
    root = make_tree(tmp_path / "p", {"shop/__init__.py": "", "shop/models.py": TREES})
    own = _shop_calls(root)
    assert own["shop.models.AbstractCategory.trail"] == {"shop.models.AbstractCategory.full_slug"}
    assert own["shop.models.roots"] == {"shop.models.AbstractCategory.full_slug"}


def test_django_relations_give_the_related_models(tmp_path: Path) -> None:
    """A foreign key or one-to-one field gives an instance of the related model (named by a
    class, `"app.Model"`, `"self"`, the settings' user model, swapper's `get_model_name`, or a
    bare name in the declaring model's app), a many-to-many field a manager
    of it; the related model's reverse accessor (its related name, or Django's default
    `<model>_set`, `<model>` for a one-to-one field) a manager of the declaring model, or its
    instance; none for a related name ending in "+"."""
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/models.py": RELATED,
            "shop/settings.py": "AUTH_USER_MODEL = 'shop.User'\n",
            "shop/reviews.py": (
                "import swapper\nfrom django.db import models\nclass Review(models.Model):\n"
                "    basket = models.ForeignKey('Basket', on_delete=models.CASCADE)\n"
                "    author = models.ForeignKey(swapper.get_model_name('shop', 'User'))\n"
                "    def check(self):\n        self.basket.is_shipping_required()\n"
                "        self.author.greet()\n"
            ),
        },
    )
    own = _shop_calls(root)
    assert own["shop.models.Basket.merge"] == {
        "shop.models.Line.save",
        "shop.models.User.greet",
        "shop.models.Profile.touch",
        "shop.models.Basket.is_shipping_required",
    }
    assert own["shop.models.Line.save"] == {"shop.models.Basket.is_shipping_required"}
    assert own["shop.models.Tag.each"] == {"shop.models.Basket.is_shipping_required"}
    assert own["shop.models.labels"] == {"shop.models.Tag.label"}
    assert own["shop.reviews.Review.check"] == {
        "shop.models.Basket.is_shipping_required",
        "shop.models.User.greet",
    }


DECLARED = """
    from abc import ABC
    from django import forms


    class Block:
        def id_for_label(self, prefix):
            pass


    class BlockWidget(forms.Widget):
        def __init__(self, block_def):
            self.block_def = block_def

        def id_for_label(self, prefix):
            return self.block_def.id_for_label(prefix)


    class Base:
        def handler(self):
            pass


    class Child(Base):
        handler = make_handler()

        def run(self):
            self.handler()


    def serialize(obj):
        pass


    class Core(ABC):
        def count(self):
            self.serializer.owner = self  # read before the assignment below is known

        def __init__(self, serializer):
            self.serializer = serializer

        def run_tool(self, obj):
            return self.serializer(obj)


    def require_active(fn: "Callable"):
        def wrapped(payment):
            return fn(payment)
        return wrapped


    @require_active
    def process(payment):
        pass


    Core(serializer=serialize)
    BlockWidget(Block())
"""


def test_an_attribute_the_code_assigns_is_never_its_external_base_s(tmp_path: Path) -> None:
    """An attribute that an analysed class assigns itself (`self.block_def = block_def`) or
    binds in its body (`handler = make_handler()`) holds what is assigned, also what flows in
    from the callers: not the external base's attribute of that name (a made-up external
    callee), nor a base class's method that the binding hides. A parameter's annotation on the
    `def` line does not hide what callers pass a closure's free variable."""
    root = make_tree(tmp_path / "p", {"main.py": DECLARED})
    graph = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    pycg = callgraph_pycg(graph)
    assert pycg["main.BlockWidget.id_for_label"] == ["main.Block.id_for_label"]
    assert pycg["main.Child.run"] == []
    assert graph.node("function:main:Child.run").attrs["unresolved_calls"] == 1
    assert pycg["main.Core.run_tool"] == ["main.serialize"]
    assert pycg["main.require_active.wrapped"] == ["main.process"]


MANAGERS = """
    from django.db import models


    class RestrictedQuerySet(models.QuerySet):
        def restrict(self, user):
            return self


    class Site(models.Model):
        objects = RestrictedQuerySet.as_manager()


    class Rack(models.Model):
        objects = make_manager()


    def view(user):
        Site.objects.restrict(user).filter(pk=1)
        Rack.objects.filter(pk=1)
"""


CUSTOM_QUERIES = """
    from django.db import models

    class ProductQuerySet(models.QuerySet):
        def browsable(self):
            return self.filter(public=True)

    class ProductManager(models.Manager):
        def ranked(self):
            pass

    class Product(models.Model):
        objects = ProductManager.from_queryset(ProductQuerySet)()

    class Plain(models.Model):
        pass

    def chained():
        Product.objects.filter(stock=0).browsable()

    def direct():
        Product.objects.ranked()
        Product.objects.browsable()

    def plain():
        Plain.objects.filter(stock=0).browsable()
"""


def test_a_model_s_queries_have_its_managers_methods(tmp_path: Path) -> None:
    """A queryset of a model has the methods of the classes its manager is made of (here by
    `from_queryset`), after Django's own methods too; a model with Django's manager has none."""
    root = make_tree(tmp_path / "p", {"shop/__init__.py": "", "shop/models.py": CUSTOM_QUERIES})
    own = _shop_calls(root)
    assert "shop.models.ProductQuerySet.browsable" in own["shop.models.chained"]
    assert own["shop.models.direct"] == {
        "shop.models.ProductManager.ranked",
        "shop.models.ProductQuerySet.browsable",
    }
    assert own["shop.models.plain"] == set()


OWN_QUERIES = """
    from django.db import models

    class ShippingQuerySet(models.QuerySet):
        def active(self):
            return self.filter(active=True)

        def weight_based(self):
            return self.filter(type="weight")

        def applicable(self, weight):
            qs = self.active().exclude(max_weight__lt=weight)
            return qs.weight_based()

        def cheapest(self):
            return self.order_by("price").first().describe()

    class ShippingManager(models.Manager):
        def get_queryset(self):
            return ShippingQuerySet(self.model, using=self._db)

        def for_weight(self, weight):
            return self.get_queryset().filter(weight__gte=weight).active()
"""


def test_a_queryset_class_s_own_chains_keep_its_methods(tmp_path: Path) -> None:
    """Django's chaining methods return a queryset of the same class: in a custom queryset
    class, `self.filter(...)` and what follows have its own methods (saleor's
    `_applicable_weight_based_methods`), also behind a manager's `get_queryset()`; a row
    (`first()`) is no queryset of the class."""
    root = make_tree(tmp_path / "p", {"shop/__init__.py": "", "shop/models.py": OWN_QUERIES})
    own = _shop_calls(root)
    assert own["shop.models.ShippingQuerySet.applicable"] == {
        "shop.models.ShippingQuerySet.active",
        "shop.models.ShippingQuerySet.weight_based",
    }
    assert own["shop.models.ShippingManager.for_weight"] == {
        "shop.models.ShippingManager.get_queryset",
        "shop.models.ShippingQuerySet.active",
    }
    assert own["shop.models.ShippingQuerySet.cheapest"] == set()


REQUEST_ATTRIBUTES = {
    "shop/__init__.py": "",
    "shop/models.py": """
from django.db import models


class Basket(models.Model):
    def add(self, product):
        pass

    def total(self):
        pass
""",
    "shop/middleware.py": """
from django.utils.functional import SimpleLazyObject

from shop.models import Basket


class BasketMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def load_basket():
            return Basket.objects.get(owner=request.user)

        request.basket = SimpleLazyObject(load_basket)
        request.draft = SimpleLazyObject(lambda: Basket())
        return self.get_response(request)
""",
    "shop/views.py": """
from django.views.generic import View


def add_to_basket(request, product):
    request.basket.add(product)


class BasketView(View):
    def get(self, request):
        return self.request.basket.total()

    def draft_total(self):
        return self.request.draft.total()


def elsewhere(request):
    request.session.flush()
""",
    "shop/tests/__init__.py": "",
    "shop/tests/test_views.py": """
class FakeBasket:
    def flush(self):
        pass


def test_view(request):
    request.session = FakeBasket()
""",
}


def test_what_a_middleware_sets_on_the_request_is_read_from_it_in_views(tmp_path: Path) -> None:
    """`request.basket = SimpleLazyObject(load_basket)` in a middleware (oscar's basket,
    saleor's plugins): `request.basket` in a view, or a view's `self.request.basket`, holds
    what `load_basket()` returns, a lazy object standing for it; what a test sets on a request
    stays in the tests."""
    root = make_tree(tmp_path / "p", REQUEST_ATTRIBUTES)
    own = _shop_calls(root)
    assert own["shop.views.add_to_basket"] == {"shop.models.Basket.add"}
    assert own["shop.views.BasketView.get"] == {"shop.models.Basket.total"}
    assert own["shop.views.BasketView.draft_total"] == {"shop.models.Basket.total"}
    assert own["shop.views.elsewhere"] == set()


def test_a_manager_made_from_a_queryset_has_its_methods(tmp_path: Path) -> None:
    """`objects = RestrictedQuerySet.as_manager()` is a manager with the queryset's own methods;
    a manager the code makes in a way not known is still Django's manager, whose methods are
    named as Django's."""
    root = make_tree(tmp_path / "p", {"main.py": MANAGERS})
    graph = _callgraph(root)
    assert "main.RestrictedQuerySet.restrict" in graph["main.view"]
    assert "django.db.models.Model.objects.filter" in graph["main.view"]


KEYWORD_ONLY = """
class Order:
    def save(self):
        pass


def helper():
    pass


def shadowed(*, helper):
    helper()


def rest(*helper, **kwargs):
    helper()
    kwargs()


def typed(*, order):
    order.save()


lam = lambda *, helper: helper()


def run():
    typed(order=Order())
"""


def test_keyword_only_and_starred_parameters_are_parameters(tmp_path: Path) -> None:
    """A keyword-only parameter (after `*` or `*args`), `*args` and `**kwargs` hide the outer
    names they shadow, as any parameter does; a keyword argument flows into the keyword-only
    parameter of its name."""
    root = make_tree(tmp_path / "p", {"main.py": KEYWORD_ONLY})
    graph = _callgraph(root)
    assert graph["main.shadowed"] == []
    assert graph["main.rest"] == []
    assert graph["main.<lambda1>"] == []
    assert graph["main.typed"] == ["main.Order.save"]


ALLOCATED = """
class Choice(tuple):
    def __new__(cls, value, label, color=None):
        instance = super().__new__(cls, (value, label))
        color.paint()
        return instance


class Named(Choice):
    def __init__(self, value, label, color=None):
        self.value = value


class Red:
    def paint(self):
        pass


class Stated:
    @staticmethod
    def __new__(cls, value, color):
        color.paint()
        return object.__new__(cls)


def make():
    Choice(1, "one", color=Red())
    Named(2, "two")


def made_static():
    Stated(1, Red())
"""


def test_constructing_a_class_runs_its_new_before_its_init(tmp_path: Path) -> None:
    """`Choice(...)` runs the `__new__` the class's MRO finds, handed the class and then the
    call's arguments (also where `__new__` is written static), and the `__init__`."""
    root = make_tree(tmp_path / "p", {"main.py": ALLOCATED})
    graph = _callgraph(root)
    assert graph["main.make"] == ["main.Choice.__new__", "main.Named.__init__"]
    assert "main.Red.paint" in graph["main.Choice.__new__"]
    assert "main.Red.paint" in graph["main.Stated.__new__"]


ELEMENTS_KEPT = """
class Item:
    def delete(self):
        pass


def items():
    return [Item(), Item()]


def backwards():
    for item in reversed(items()):
        item.delete()


def ordered():
    for item in sorted(items(), key=id):
        item.delete()


def copied():
    first = list(items())[0]
    first.delete()


def numbered():
    for number, item in enumerate(items()):
        item.delete()
        number.delete()
"""


def test_list_sorted_reversed_and_enumerate_keep_the_elements_they_are_handed(
    tmp_path: Path,
) -> None:
    """`list(x)`, `sorted(x)`, `reversed(x)` (and `tuple`, `set`, `iter`) hold x's elements;
    `enumerate(x)` pairs them with their positions, which hold none of them."""
    root = make_tree(tmp_path / "p", {"main.py": ELEMENTS_KEPT})
    graph = _callgraph(root)
    for function in ("backwards", "ordered", "copied"):
        assert "main.Item.delete" in graph[f"main.{function}"], function
    numbered = [c for c in graph["main.numbered"] if c.startswith("main.")]
    assert numbered == ["main.Item.delete", "main.items"]
    scanned = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    assert scanned.node("function:main:numbered").attrs["unresolved_calls"] == 1  # `number`


CHAINED_ON_KEPT_CALLS = """
from django.db import models
from django.shortcuts import get_object_or_404
from sqlalchemy.orm import Session


class Order(models.Model):
    def pay(self):
        pass


class Dashboard:
    def render(self):
        pass


def view(request, pk):
    get_object_or_404(Order, pk=pk).pay()


def dashboards(session: Session):
    session.query(Dashboard).first().render()
    session.query(Dashboard).filter_by(id=1).one()
"""


def test_a_call_chained_on_a_shortcut_or_a_query_knows_the_model_it_was_handed(
    tmp_path: Path,
) -> None:
    """`get_object_or_404(Order, ...).pay()` calls the model's method, as `order =
    get_object_or_404(Order, ...)` then `order.pay()` does; `session.query(Dashboard).first()`
    is an instance of Dashboard, and the query's own methods are the library's, not
    unresolved."""
    root = make_tree(tmp_path / "p", {"main.py": CHAINED_ON_KEPT_CALLS})
    graph = _callgraph(root)
    assert "main.Order.pay" in graph["main.view"]
    assert "main.Dashboard.render" in graph["main.dashboards"]
    scanned = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    assert scanned.node("function:main:dashboards").attrs.get("unresolved_calls", 0) == 0


def test_flask_login_s_current_user_is_what_the_user_loader_returns(tmp_path: Path) -> None:
    """`current_user` (Flask-Login's proxy) stands for the user the function registered with
    `@login_manager.user_loader` loads: `current_user.save()` calls the model's method, and
    the external name stays beside it; also as an attribute of the module."""
    root = make_tree(
        tmp_path / "p",
        {
            "app/__init__.py": "",
            "app/models.py": """
                from flask_sqlalchemy import SQLAlchemy

                db = SQLAlchemy()

                class User(db.Model):
                    def save(self):
                        db.session.add(self)
            """,
            "app/auth.py": """
                from flask_login import LoginManager

                from app.models import User

                login_manager = LoginManager()

                @login_manager.user_loader
                def load_user(user_id):
                    return User.query.filter_by(id=user_id).first()
            """,
            "app/views.py": """
                import flask_login
                from flask_login import current_user

                def settings():
                    current_user.save()

                def profile():
                    flask_login.current_user.save()
            """,
        },
    )
    graph = _callgraph(root)
    for view in ("settings", "profile"):
        assert graph[f"app.views.{view}"] == [
            "app.models.User.save",
            "flask_login.current_user.save",
        ]
