"""Entry points on small real-shaped Flask, FastAPI, Django (with DRF), Celery and CLI apps, and
every URL pattern of django-oscar."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from analyzers.python_code import ANALYZER
from analyzers.python_entrypoint_drf import router_patterns
from analyzers.python_entrypoint_mounts import Mounts
from analyzers.python_entrypoint_urls import UrlPattern, url_patterns
from analyzers.python_index import SymbolIndex
from analyzers.python_resolve import Resolver
from analyzers.python_summary import ModuleSummary
from decompose.model import DependencyGraph, EdgeKind, NodeKind
from decompose.pipeline import ScanOptions, scan
from reports.json_files import render_graph_json
from tests.conftest import make_tree, require_package

FIXTURES = Path(__file__).parents[1] / "fixtures" / "python"


def entrypoints(root: Path) -> dict[str, tuple[str, str, list[str], list[str], list[str]]]:
    graph = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    return {
        n.id: (
            n.attrs["type"],
            n.attrs["framework"],
            n.attrs["routes"],
            n.attrs["methods"],
            _targets(graph, n.id),
        )
        for n in graph.nodes(NodeKind.ENTRYPOINT)
    }


def index_of(root: Path) -> SymbolIndex:
    result = scan(root, ScanOptions(analyzers=(ANALYZER,), keep_facts=True))
    summaries = [f.data for f in result.facts if isinstance(f.data, ModuleSummary)]
    return SymbolIndex.build(summaries, [s.module for s in summaries])


def url_patterns_of(index: SymbolIndex) -> list[UrlPattern]:
    resolver = Resolver(index)
    return [*url_patterns(index, resolver), *router_patterns(index, resolver)]


def _targets(graph: DependencyGraph, node_id: str) -> list[str]:
    return sorted(e.target for e in graph.out_edges(node_id, EdgeKind.CALLS))


def test_flask_fastapi_celery_click(tmp_path: Path) -> None:
    found = entrypoints(FIXTURES / "webapps")
    assert found == {
        "entrypoint:shop.web:place_order": (
            "http",
            "flask",
            ["/orders/new", "/shop/orders/new"],
            ["POST"],
            ["function:shop.web:place_order"],
        ),
        "entrypoint:shop.web:OrderHistory": (
            "http",
            "flask",
            ["/history"],
            ["GET"],
            ["function:shop.web:OrderHistory.get"],
        ),
        "entrypoint:shop.web:health": (
            "http",
            "flask",
            ["/health"],
            ["GET", "HEAD"],
            ["function:shop.web:health"],
        ),
        "entrypoint:shop.api:read_item": (
            "http",
            "fastapi",
            ["/v1/api/items/{item_id}"],
            ["GET"],
            ["function:shop.api:read_item"],
        ),
        "entrypoint:shop.tasks:send_receipt": (
            "task",
            "celery",
            [],
            [],
            ["function:shop.tasks:send_receipt"],
        ),
        "entrypoint:shop.tasks:reindex": (
            "task",
            "celery",
            [],
            [],
            ["function:shop.tasks:reindex"],
        ),
        "entrypoint:shop.cli:sync": ("command", "click", ["sync"], [], ["function:shop.cli:sync"]),
    }


def test_nested_blueprints_and_routers() -> None:
    """Flask 2.0 blueprints registered on a blueprint, and FastAPI routers included in a router,
    get their parent's prefixes first; a router made without a prefix keeps none of its
    neighbour's. (`@mock.patch("...")` in forum/tests.py is no PATCH route.)"""
    found = entrypoints(FIXTURES / "flaskforum")
    http = {k.partition(":")[2]: (v[1], v[2], v[3]) for k, v in found.items() if v[0] == "http"}
    assert http == {
        "forum.admin.views:dashboard": ("flask", ["/admin/"], ["GET"]),
        "forum.admin.views:settings": ("flask", ["/admin/settings"], []),  # methods= a name
        "forum.api.posts:create_post": ("flask", ["/api/posts/"], ["POST"]),
        "forum.api.posts:show_post": ("flask", ["/api/posts/<int:post_id>"], ["GET"]),
        "forum.api.users:show_user": ("flask", ["/api/users/<name>"], ["GET"]),
        "forum.search:create_item": ("fastapi", ["/v2/search/catalog/items"], ["POST"]),
        "forum.search:item": ("fastapi", ["/v2/search/catalog/items/{item_id}"], ["GET", "PUT"]),
        "forum.search:search": ("fastapi", ["/v2/search/"], ["GET"]),
        "forum.search:stream": ("fastapi", ["/ws"], []),
    }


@pytest.mark.parametrize("fixture", ["flaskforum", "djangoapp", "drfshop"])
def test_entry_points_found_beside_the_link_are_those_found_in_it(fixture: str) -> None:
    """With two jobs the entry points are found in a forked process beside the rest of the
    link: the same nodes and edges as with one."""
    graphs = [
        scan(FIXTURES / fixture, ScanOptions(jobs=jobs, analyzers=(ANALYZER,))).graph
        for jobs in (1, 2)
    ]
    assert graphs[0].node_ids(NodeKind.ENTRYPOINT)
    assert render_graph_json(graphs[0]) == render_graph_json(graphs[1])


def test_mount_cycles_answer_the_same_in_any_order() -> None:
    """Blueprints registered on each other: an answer cut short by the cycle is not kept, so
    that what is asked first does not change what is answered next."""
    index = index_of(FIXTURES / "flaskcycle")
    a_first, b_first = Mounts.build(index), Mounts.build(index)
    asked = [a_first.prefixes("forum.bps", "a"), a_first.prefixes("forum.bps", "b")]
    assert asked == [("/a", "/b/a"), ("/a/b",)]
    b_asked = b_first.prefixes("forum.bps", "b")
    assert [b_first.prefixes("forum.bps", "a"), b_asked] == asked


def test_click_groups_and_typer_apps() -> None:
    """A command is named by the words that run it below the program: its click groups (by
    decorator, or `add_command` with its name), or the names its typer app is added under."""
    found = entrypoints(FIXTURES / "flaskforum")
    commands = {k.partition(":")[2]: v[:3] for k, v in found.items() if v[0] == "command"}
    assert commands == {
        "forum.cli:cli": ("command", "click", ["cli"]),
        "forum.cli:init_db": ("command", "click", ["init-db"]),
        "forum.cli:create_user": ("command", "click", ["create-user"]),
        "forum.cli:plugins": ("command", "click", ["plugins"]),
        "forum.cli:install_plugin": ("command", "click", ["plugins install"]),
        # added with `add_command`, under the name given or their own
        "forum.maintenance:db": ("command", "click", ["db"]),
        "forum.maintenance:migrate": ("command", "click", ["db migrate"]),
        "forum.maintenance:reindex": ("command", "click", ["search-reindex"]),
        "forum.maintenance:prune": ("command", "click", ["plugins prune-cache"]),
        "forum.maintenance:unnamed": ("command", "click", []),  # a name not statically known
        "forum.ops:backup": ("command", "typer", ["backup"]),
        "forum.ops:purge_users": ("command", "typer", ["users purge"]),
    }


def test_django_urls_drf_signals_commands() -> None:
    found = entrypoints(FIXTURES / "djangoapp")
    assert found == {
        "entrypoint:orders.views:order_list": (
            "http",
            "django",
            ["orders/"],
            [],
            ["function:orders.views:order_list"],
        ),
        "entrypoint:orders.views:OrderDetail": (
            "http",
            "django",
            ["orders/<int:pk>/"],
            [],
            ["function:orders.views:OrderDetail.get", "function:orders.views:OrderDetail.post"],
        ),
        "entrypoint:orders.views:legacy": (
            "http",
            "django",
            ["orders/^legacy/$"],
            [],
            ["function:orders.views:legacy"],
        ),
        "entrypoint:orders.views:export": (  # an f-string route keeps its text, fields in braces
            "http",
            "django",
            ["orders/^export/(?P<fmt>{FORMATS})/$"],
            [],
            ["function:orders.views:export"],
        ),
        "entrypoint:orders.api:OrderViewSet": (
            "http",
            "django",
            ["api/orders/"],
            [],
            ["function:orders.api:OrderViewSet.create", "function:orders.api:OrderViewSet.list"],
        ),
        "entrypoint:orders.signals:on_order_saved": (
            "signal",
            "django",
            ["post_save"],
            [],
            ["function:orders.signals:on_order_saved"],
        ),
        "entrypoint:orders.signals:on_order_deleted": (
            "signal",
            "django",
            ["post_delete"],
            [],
            ["function:orders.signals:on_order_deleted"],
        ),
        "entrypoint:orders.management.commands.close_orders:Command": (
            "command",
            "django",
            ["close_orders"],
            [],
            ["function:orders.management.commands.close_orders:Command.handle"],
        ),
    }


def test_drf_actions_and_included_lists() -> None:
    """Each `@action` of a registered viewset (inherited ones too, not plainly overridden ones)
    is a route; a router's patterns added to `urlpatterns` get their module's prefixes; lists
    of patterns included in place, nested, by a module-level name or as a `(patterns, "app")`
    tuple get the include's prefix."""
    found = entrypoints(FIXTURES / "drfshop")
    http = {k.partition(":")[2]: (v[2], v[3], v[4]) for k, v in found.items() if v[0] == "http"}
    api, views = "function:catalog.api.views", "function:catalog.views"
    assert http == {
        "catalog.api.views:ProductViewSet": (
            ["api/products/"],
            [],
            [f"{api}:ProductViewSet.get_queryset"],
        ),
        "catalog.api.views:ArchivedProductViewSet": (
            ["api/archived-products/"],
            [],
            [f"{api}:ProductViewSet.get_queryset"],
        ),
        "catalog.api.views:ReviewViewSet": (["api/reviews/"], [], [f"{api}:ReviewViewSet.list"]),
        "catalog.api.views:stats": (["api/stats/"], ["GET"], [f"{api}:stats"]),
        "catalog.api.views:HealthView": (["api/health/"], [], [f"{api}:HealthView.get"]),
        "catalog.api.views:ProductViewSet.recent": (
            ["api/products/recent/"],
            ["GET"],
            [f"{api}:ProductViewSet.recent"],
        ),
        "catalog.api.views:ProductViewSet.set_price": (
            ["api/archived-products/{slug}/set-price/", "api/products/{pk}/set-price/"],
            ["POST"],
            [f"{api}:ProductViewSet.set_price"],
        ),
        "catalog.api.views:PublishMixin.publish": (
            ["api/archived-products/{slug}/publish/", "api/products/{pk}/publish/"],
            ["DELETE", "POST"],
            [f"{api}:PublishMixin.publish"],
        ),
        "catalog.views:product_list": (["catalog/"], [], [f"{views}:product_list"]),
        "catalog.views:ProductDetail": (
            ["catalog/<slug:slug>/"],
            [],
            [f"{views}:ProductDetail.get_context_data"],
        ),
        "catalog.views:export_json": (["catalog/export/json/"], [], [f"{views}:export_json"]),
        "catalog.views:export_zip": (["catalog/export/archive/zip/"], [], [f"{views}:export_zip"]),
        "catalog.views:export_xml": (["catalog/export/xml/"], [], [f"{views}:export_xml"]),
        "catalog.views:export_csv": (["catalog/legacy-export/csv/"], [], [f"{views}:export_csv"]),
        "catalog.views:latest_feed": (["feeds/latest/"], [], [f"{views}:latest_feed"]),
    }


def test_drf_actions_written_over_several_lines() -> None:
    """`@action(...)` formatted over several lines: `detail` and `url_path` are constant
    keywords the summary keeps, wherever they are written. (The view set's `lookup_field` is
    set to a name, not a constant: its detail routes keep DRF's `{lookup}`.)"""
    found = entrypoints(FIXTURES / "drfwrapped")
    routes = {k.partition(":")[2]: (v[2], v[3]) for k, v in found.items()}
    assert routes == {
        "accounts.api:UserViewSet": (["users/"], []),
        "accounts.api:UserViewSet.change_password": (
            ["users/{lookup}/change-password/"],
            ["POST"],
        ),
        "accounts.api:UserViewSet.online": (["users/online/"], ["GET"]),
    }


def test_routers_included_from_another_module() -> None:
    """`include(router.urls)` of a router imported by name or through its module mounts the
    router where it is defined."""
    found = entrypoints(FIXTURES / "drfrouters")
    routes = {k.partition(":")[2]: v[2] for k, v in found.items()}
    assert routes["api.views:UserViewSet"] == ["v2/users/", "v3/users/"]


def test_a_router_made_in_a_function_is_not_mounted() -> None:
    """A router built inside a function is mounted nowhere that can be read: its registration
    stays unresolved (was given its module's prefixes)."""
    patterns = url_patterns_of(index_of(FIXTURES / "drfrouters"))
    members = [p for p in patterns if p.route.startswith("members")]
    assert [(p.handler, p.reason) for p in members] == [("", "router not statically known")]


def test_keywords_that_are_no_constant_are_not_statically_known() -> None:
    """`@action(url_path=EXPORT)`, `@action(url_path=f"...")`, `@action(methods=ALLOWED)`,
    `add_typer(app, name=NAME)` and `typer.Typer(name=NAME)`: the route or command name is not
    read; it stays unresolved."""
    routes = {k.partition(":")[2]: v[2:4] for k, v in entrypoints(FIXTURES / "drfrouters").items()}
    assert routes == {
        "api.views:UserViewSet": (["v2/users/", "v3/users/"], []),
        "api.views:UserViewSet.recent": (["v2/users/recent/", "v3/users/recent/"], ["GET"]),
    }
    patterns = url_patterns_of(index_of(FIXTURES / "drfrouters"))
    reasons = {p.view: p.reason for p in patterns if p.reason}
    assert reasons == {
        "UserViewSet": "router not statically known",  # api.local's
        "UserViewSet.export": "action's url_path not statically known",
        "UserViewSet.lock": "action's methods not statically known",
        "UserViewSet.report": "action's url_path not statically known",  # an f-string
        "UserViewSet.audit": "action's methods not statically known",  # `["get"] + ALLOWED`
    }
    commands = {k.partition(":")[2]: v[2] for k, v in entrypoints(FIXTURES / "typernames").items()}
    assert commands == {"tool.cli:backup": ["backup"], "tool.cli:purge": [], "tool.cli:sync": []}


def test_tasks_signals_and_commands_of_a_django_project() -> None:
    """Celery tasks bare, called and bound; receivers of one signal and of a list of them, and
    one connected by keyword; a management command handled by its `handle`."""
    found = entrypoints(FIXTURES / "drfshop")
    others = {k.partition(":")[2]: v[:3] for k, v in found.items() if v[0] != "http"}
    assert others == {
        "catalog.tasks:recalculate_prices": ("task", "celery", []),
        "catalog.tasks:cleanup_images": ("task", "celery", ["catalog.cleanup"]),  # its name=
        "catalog.tasks:warm_cache": ("task", "celery", []),
        "catalog.signals:reindex_product": ("signal", "django", ["post_save"]),
        "catalog.signals:refresh_rating": ("signal", "django", ["post_delete", "post_save"]),
        "catalog.signals:archive_product": ("signal", "django", ["pre_delete"]),
        "catalog.management.commands.import_products:Command": (
            "command",
            "django",
            ["import_products"],
        ),
    }
    command = found["entrypoint:catalog.management.commands.import_products:Command"]
    assert command[4] == ["function:catalog.management.commands.import_products:Command.handle"]


def test_every_oscar_url_pattern_naming_a_view_resolves() -> None:
    """django-oscar builds its URL patterns in `get_urls()` of its app configs, from
    `self.x_view` attributes set in `ready()` with `get_class("catalogue.views", "X")`, often
    wrapped (`login_required(self.x_view.as_view())`). Every pattern must resolve to its
    analysed view, or be an include, or name a view outside the analysed code (Django's own)."""
    index = index_of(require_package("django-oscar"))
    patterns = url_patterns_of(index)
    resolved = [p for p in patterns if p.handler]
    reasons = Counter(p.reason for p in patterns if not p.handler and not p.include)
    print(f"oscar: {len(patterns)} patterns, {len(resolved)} resolved; others: {dict(reasons)}")
    assert resolved
    assert all(p.handler in index.definitions for p in resolved)
    assert set(reasons) <= {"view outside the analysed code", "include of patterns"}


def test_a_router_added_with_plus_equals_is_mounted_and_an_unused_one_is_not() -> None:
    """`urlpatterns += router.urls` mounts the router where its module is included; a router
    of the same module that `urlpatterns` never takes is mounted nowhere that can be read: its
    viewset has no route (it used to be given the module's prefix)."""
    routes = {k.partition(":")[2]: v[2] for k, v in entrypoints(FIXTURES / "drfappended").items()}
    assert routes == {
        "shop.views:OrderViewSet": ["api/orders/"],
        "shop.views:DraftViewSet": [],
        "shop.views:health": ["api/health/"],
        "shop.views:version": ["api/version/"],
    }


def test_flask_appbuilder_views_and_apis() -> None:
    """`@expose` routes sit under the class's `route_base`: as set, else `/api/<version>/
    <resource_name>` for a REST API (v1, the class name in lower case), else `/<class name>`
    for a view; a method exposed in a base class serves under each subclass that inherits it."""
    found = entrypoints(FIXTURES / "fabapp")
    routes = {k.partition(":")[2]: (v[1], v[2], v[3]) for k, v in found.items()}
    fab = "flask-appbuilder"
    assert routes == {
        "app.views:ReportView.list": (fab, ["/reports/list/"], ["GET"]),
        "app.views:HealthView.ping": (fab, ["/healthview/ping"], ["GET", "HEAD"]),
        "app.views:BaseModelApi.related": (
            fab,
            ["/api/v1/chart/related/<column>", "/api/v2/dashboardapi/related/<column>"],
            ["GET"],
        ),
        "app.views:ChartApi.data": (fab, ["/api/v1/chart/<pk>/data/"], ["POST"]),
        "app.views:DashboardApi.delete": (fab, ["/api/v2/dashboardapi/<pk>"], ["DELETE"]),
        "app.views:TabStateView.activate": (fab, ["/tabstateview/<int:tab_id>/activate"], ["POST"]),
        "app.views:HomeView.lang": (fab, ["/lang/<string:locale>"], ["GET"]),  # IndexView's ""
        "app.views:PrefixedView.z": (fab, [], ["GET"]),  # route_base is no constant
    }


def test_lists_of_patterns_made_in_a_function_are_included_with_their_prefix() -> None:
    """A hook function that builds its lists of patterns (plain, or `(patterns, app_name)`)
    and includes them by name: the routes get the include's prefix (they were left without)."""
    routes = {k.partition(":")[2]: v[2] for k, v in entrypoints(FIXTURES / "hookurls").items()}
    assert routes == {
        "shop.views:index": ["shop/"],
        "shop.views:submit": ["translation/submit/<int:pk>/"],
    }


def test_django_ninja_routers_mounted_with_add_router() -> None:
    """django-ninja's `api.add_router("/pages/", router)` puts its prefix before the router's
    routes, also when made in an AppConfig's `ready()` from names imported there."""
    found = entrypoints(FIXTURES / "ninjaapi")
    routes = {k.partition(":")[2]: (v[1], v[2], v[3]) for k, v in found.items()}
    assert routes == {
        "api.pages:page_detail": ("django-ninja", ["/pages/{page_id}/"], ["GET"]),
        "images.router:listing": ("django-ninja", ["/images/"], ["GET"]),
    }


def _routes(tmp_path: Path, files: dict[str, str]) -> dict[str, list[str]]:
    found = entrypoints(make_tree(tmp_path / "p", files))
    return {k.partition(":")[2]: v[2] for k, v in found.items()}


def test_a_router_a_package_re_exports_is_mounted_with_its_prefix(tmp_path: Path) -> None:
    """`from .api import router` gets what `api/__init__.py` binds (`from .router import
    router`), not the submodule `api/router.py` of the same name."""
    routes = _routes(
        tmp_path,
        {
            "locales/__init__.py": "",
            "locales/api/__init__.py": "from .router import router\n",
            "locales/api/router.py": (
                "from ninja import Router\nrouter = Router()\n\n"
                "@router.get('/')\ndef listing(request):\n    pass\n"
            ),
            "locales/apps.py": (
                "from django.apps import AppConfig\n\nclass Config(AppConfig):\n"
                "    def ready(self):\n        from main.api import api\n"
                "        from .api import router\n        api.add_router('/locales/', router)\n"
            ),
            "main/__init__.py": "",
            "main/api.py": "from ninja import NinjaAPI\napi = NinjaAPI()\n",
        },
    )
    assert routes == {"locales.api.router:listing": ["/locales/"]}


def test_a_decorated_view_is_its_own_entry_point_and_a_joined_list_keeps_its_prefix(
    tmp_path: Path,
) -> None:
    """Views under a decorator of the analysed code are not merged into its wrapper; patterns
    in `hooks.patterns + [...]` get the prefix of the include that mounts the list."""
    routes = _routes(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/decorators.py": (
                "from functools import wraps\n\ndef deny_guests(f):\n    @wraps(f)\n"
                "    def decorator(request, *args, **kwargs):\n"
                "        return f(request, *args, **kwargs)\n    return decorator\n"
            ),
            "shop/views.py": (
                "from shop.decorators import deny_guests\n\n@deny_guests\n"
                "def options(request):\n    pass\n\n@deny_guests\ndef details(request):\n"
                "    pass\n"
            ),
            "shop/hooks.py": "patterns = []\n",
            "shop/urls.py": (
                "from django.urls import include, path\n\nfrom shop import hooks, views\n\n"
                "apipatterns = hooks.patterns + [\n    path('options/', views.options),\n"
                "    path('details/', views.details),\n]\n"
                "urlpatterns = [path('api/', include((apipatterns, 'api')))]\n"
            ),
        },
    )
    assert routes == {
        "shop.views:options": ["api/options/"],
        "shop.views:details": ["api/details/"],
    }


def test_entry_points_in_test_code_are_left_out(tmp_path: Path) -> None:
    routes = _routes(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/signals.py": (
                "from django.db.models.signals import post_save\n\n"
                "def audit(sender, **kwargs):\n    pass\n\npost_save.connect(audit)\n"
            ),
            "shop/tests/__init__.py": "",
            "shop/tests/test_signals.py": (
                "from django.db.models.signals import post_save\n\n"
                "def test_save():\n    def handler(sender, **kwargs):\n        pass\n"
                "    post_save.connect(handler)\n"
            ),
            "testproject/__init__.py": "",
            "shop/views.py": "def index(request):\n    pass\n",
            "shop/urls.py": (
                "from django.urls import path\n\nfrom shop import views\n\n"
                "urlpatterns = [path('shop/', views.index)]\n"
            ),
            "testproject/urls.py": (
                "from django.urls import include, path\n\ndef home(request):\n    pass\n\n"
                "urlpatterns = [path('', home), path('forum/', include('shop.urls'))]\n"
            ),
        },
    )
    # the test project's include gives the app's routes no `forum/` prefix
    assert routes == {"shop.signals:audit": ["post_save"], "shop.views:index": ["shop/"]}


def test_a_view_under_require_post_or_a_method_list_answers_those_only(tmp_path: Path) -> None:
    """Also: a `urls` property given as the view (patterns to include) is no view; another
    property is the code that makes the view."""
    found = entrypoints(
        make_tree(
            tmp_path / "p",
            {
                "shop/__init__.py": "",
                "shop/views.py": (
                    "from django.views.decorators.http import (\n"
                    "    require_http_methods, require_POST, require_safe)\n"
                    "from rest_framework.decorators import api_view\n\n"
                    "@require_POST\ndef pay(request):\n    pass\n\n"
                    "@require_safe\ndef show(request):\n    pass\n\n"
                    "@require_http_methods(['GET', 'POST'])\ndef edit(request):\n    pass\n\n"
                    "@api_view(['POST'])\ndef api(request):\n    pass\n\n"
                    "def any_method(request):\n    pass\n"
                ),
                "shop/urls.py": (
                    "from django.urls import path\n\nfrom shop import views\n\n"
                    "class Router:\n    @property\n    def urls(self):\n        return []\n\n"
                    "    @property\n    def index_view(self):\n        return views.pay\n\n"
                    "router = Router()\nurlpatterns = [\n"
                    "    path('pay/', views.pay),\n    path('show/', views.show),\n"
                    "    path('any/', views.any_method),\n    path('edit/', views.edit),\n"
                    "    path('api/', views.api),\n    path('main/', router.urls),\n"
                    "    path('index/', router.index_view),\n]\n"
                ),
            },
        )
    )
    methods = {k.partition(":")[2]: v[3] for k, v in found.items()}
    assert methods == {
        "shop.views:pay": ["POST"],
        "shop.views:show": ["GET", "HEAD"],
        "shop.views:any_method": [],
        "shop.views:edit": ["GET", "POST"],
        "shop.views:api": ["POST"],
        "shop.urls:Router.index_view": [],
    }


def test_a_urls_attribute_is_patterns_to_include_even_when_not_known(tmp_path: Path) -> None:
    """`path("admin/", admin.site.urls)` and an app config's `self.shop_app.urls` (set at run
    time) include patterns, as a router's `urls` does; they name no view, known or not."""
    root = make_tree(
        tmp_path / "p",
        {
            "site/__init__.py": "",
            "site/urls.py": """
                from django.contrib import admin
                from django.urls import path

                class Shop:
                    def ready(self):
                        self.shop_app = find_app("shop")

                    def get_urls(self):
                        return [path("shop/", self.shop_app.urls)]

                urlpatterns = [path("admin/", admin.site.urls)]
            """,
        },
    )
    patterns = url_patterns_of(index_of(root))
    assert sorted((p.route, p.reason) for p in patterns) == [
        ("admin/", "include of patterns"),
        ("shop/", "include of patterns"),
    ]


def test_a_view_s_hooks_follow_super_along_its_mro(tmp_path: Path) -> None:
    """A mixin's hook that calls `super().hook()` goes on, at run time, to the next class of the
    view's MRO that defines it: the view's entry point reaches each of them, to the first that
    does not call on."""
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/views.py": """
                from django.views import generic

                class PopupMixin:
                    def get_context_data(self, **kwargs):
                        return super().get_context_data(**kwargs)

                class Base(generic.UpdateView):
                    def get_context_data(self, **kwargs):
                        return super().get_context_data(**kwargs)

                class Plain:
                    def get_context_data(self, **kwargs):
                        return {}

                class ProductView(PopupMixin, Base):
                    pass

                class Stop(Plain, Base):
                    pass
            """,
            "shop/urls.py": """
                from django.urls import path

                from shop.views import ProductView, Stop

                urlpatterns = [path("p/", ProductView.as_view()), path("s/", Stop.as_view())]
            """,
        },
    )
    found = entrypoints(root)
    assert found["entrypoint:shop.views:ProductView"][4] == [
        "function:shop.views:Base.get_context_data",
        "function:shop.views:PopupMixin.get_context_data",
    ]
    assert found["entrypoint:shop.views:Stop"][4] == ["function:shop.views:Plain.get_context_data"]


def test_a_view_reaches_what_its_base_runs_on_it_as_python_dispatches_it(tmp_path: Path) -> None:
    """A base's hook that calls `self.get_extra_context(...)` runs the view's own override at
    run time (and a decorated one's `def`): the entry point reaches it, though the base's call
    resolves, in the graph, to the base's method."""
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/auth.py": """
                def audited(func):
                    def wrapper(*args, **kwargs):
                        return func(*args, **kwargs)
                    return wrapper
            """,
            "shop/views.py": """
                from django.views import View

                from shop.auth import audited

                class ObjectView(View):
                    def get(self, request, pk):
                        return self.render(self.get_extra_context(request, pk))

                    def get_extra_context(self, request, pk):
                        return {}

                    def render(self, context):
                        return context

                class DeviceView(ObjectView):
                    @audited
                    def get_extra_context(self, request, pk):
                        return {"pk": pk}

                    def unrelated(self):
                        return None
            """,
            "shop/urls.py": """
                from django.urls import path

                from shop.views import DeviceView

                urlpatterns = [path("devices/<int:pk>/", DeviceView.as_view())]
            """,
        },
    )
    assert entrypoints(root)["entrypoint:shop.views:DeviceView"][4] == [
        "function:shop.views:DeviceView.get_extra_context",
        "function:shop.views:ObjectView.get",
        "function:shop.views:ObjectView.render",
    ]


def test_a_pattern_a_helper_writes_for_several_views_gives_each_its_own_entry_point(
    tmp_path: Path,
) -> None:
    """Misago writes its thread list routes once, in a function handed each list's view class:
    each class is an entry point of its own, with its own hooks, not the first one's name over
    all of their targets."""
    root = make_tree(
        tmp_path / "p",
        {
            "forum/__init__.py": "",
            "forum/views.py": """
                from django.views import View

                class ThreadsList(View):
                    def get(self, request):
                        return self.frontend_context()

                    def frontend_context(self):
                        return {}

                class ForumThreadsList(ThreadsList):
                    def frontend_context(self):
                        return {"forum": True}

                class PrivateThreadsList(View):
                    def get(self, request):
                        return None
            """,
            "forum/urls.py": """
                from django.urls import path

                from forum.views import ForumThreadsList, PrivateThreadsList

                def lists_patterns(pattern, view):
                    return [path(pattern, view.as_view())]

                urlpatterns = lists_patterns("threads/", ForumThreadsList)
                urlpatterns += lists_patterns("private/", PrivateThreadsList)
            """,
        },
    )
    found = {k: v[4] for k, v in entrypoints(root).items()}
    assert found == {
        "entrypoint:forum.views:ForumThreadsList": [
            "function:forum.views:ForumThreadsList.frontend_context",
            "function:forum.views:ThreadsList.get",
        ],
        "entrypoint:forum.views:PrivateThreadsList": [
            "function:forum.views:PrivateThreadsList.get",
        ],
    }


def test_mcp_tools_resources_and_prompts(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "bi/__init__.py": "",
            "bi/server.py": "from fastmcp import FastMCP\n\nmcp = FastMCP('bi')\n",
            "bi/tools.py": (
                "from mcp.server.fastmcp import FastMCP\n"
                "from bi.server import mcp\n"
                "from bi.helpers import tool\n"
                "\n"
                "sdk = FastMCP('sdk')\n"
                "\n"
                "@mcp.tool()\n"
                "def list_charts(limit: int = 10):\n    return []\n\n"
                "@mcp.tool(name='run_sql')\n"
                "async def execute(sql: str):\n    return sql\n\n"
                "@sdk.tool\n"
                "def ping():\n    return 'pong'\n\n"
                "@mcp.resource('instance://metadata')\n"
                "def metadata():\n    return {}\n\n"
                "@mcp.prompt('quickstart')\n"
                "def quickstart():\n    return ''\n\n"
                "@tool\n"
                "def not_mcp():\n    return None\n\n"
                "def register(server):\n"
                "    @server.tool()\n"
                "    def health():\n        return 'ok'\n\n"
                "register(mcp)\n"
            ),
            "bi/helpers.py": "def tool(func):\n    return func\n",
        },
    )
    found = {k: (v[0], v[1], v[2]) for k, v in entrypoints(tmp_path).items()}
    assert found == {
        "entrypoint:bi.tools:list_charts": ("mcp", "mcp", ["tool list_charts"]),
        "entrypoint:bi.tools:execute": ("mcp", "mcp", ["tool run_sql"]),
        "entrypoint:bi.tools:ping": ("mcp", "mcp", ["tool ping"]),
        "entrypoint:bi.tools:metadata": ("mcp", "mcp", ["resource instance://metadata"]),
        "entrypoint:bi.tools:quickstart": ("mcp", "mcp", ["prompt quickstart"]),
        "entrypoint:bi.tools:register.health": ("mcp", "mcp", ["tool health"]),  # a factory's
    }


def test_a_bare_task_decorator_beside_a_called_decorator_is_a_task(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/tasks.py": (
                "from celery import shared_task\n"
                "from django.db import transaction\n\n"
                "@shared_task\n"
                "@transaction.atomic(using='default')\n"
                "def rebuild(pk):\n    pass\n"
            ),
            "tasks.py": "from invoke import task\n\n@task\ndef build(c):\n    pass\n",
        },
    )
    found = {k: (v[0], v[1]) for k, v in entrypoints(tmp_path).items()}
    assert found == {"entrypoint:shop.tasks:rebuild": ("task", "celery")}  # not invoke's `build`


def test_a_generic_view_reaches_what_it_runs_on_its_form_and_serializer(tmp_path: Path) -> None:
    """Django's editing views make their `form_class`, validate it (its clean hooks) and save
    it; DRF's generic views do so with their `serializer_class` and render it: no line of the
    analysed code calls these, Django's and DRF's own code does."""
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/forms.py": """
                from django import forms
                from rest_framework import serializers

                class AddressForm(forms.ModelForm):
                    def __init__(self, *args, **kwargs):
                        super().__init__(*args, **kwargs)
                        self.tidy()

                    def tidy(self):
                        pass

                    def clean_zip(self):
                        pass

                    def clean_rows(self, raw):
                        pass

                class OrderSerializer(serializers.ModelSerializer):
                    def validate_total(self, value):
                        return value

                    def create(self, data):
                        pass

                    def to_representation(self, order):
                        return {}

                class AuditedSerializer(OrderSerializer):
                    def save(self, **kwargs):
                        return super().save(**kwargs)

                class ContactForm(forms.Form):
                    def clean_email(self):
                        pass

                    def save(self):
                        pass
            """,
            "shop/views.py": """
                from django.views.generic import FormView, TemplateView, UpdateView
                from rest_framework import viewsets

                from shop.forms import AddressForm, AuditedSerializer, ContactForm, OrderSerializer

                class AddressEdit(UpdateView):
                    form_class = AddressForm

                class Contact(FormView):
                    form_class = ContactForm  # validated; FormView saves nothing

                class Orders(viewsets.ModelViewSet):
                    serializer_class = OrderSerializer

                class OrderHistory(viewsets.ReadOnlyModelViewSet):
                    serializer_class = OrderSerializer  # rendered only

                class AuditedOrders(viewsets.ModelViewSet):
                    serializer_class = AuditedSerializer

                class Page(TemplateView):
                    form_class = AddressForm  # a template view makes no form
            """,
            "shop/urls.py": """
                from django.urls import path
                from rest_framework.routers import DefaultRouter

                from shop.views import AddressEdit, AuditedOrders, Contact, OrderHistory
                from shop.views import Orders, Page

                router = DefaultRouter()
                router.register("orders", Orders)
                router.register("history", OrderHistory)
                router.register("audited", AuditedOrders)
                urlpatterns = [
                    path("address/", AddressEdit.as_view()),
                    path("contact/", Contact.as_view()),
                    path("page/", Page.as_view()),
                    *router.urls,
                ]
            """,
        },
    )
    found = {k: v[4] for k, v in entrypoints(root).items()}
    assert found["entrypoint:shop.views:AddressEdit"] == [
        "function:shop.forms:AddressForm.__init__",
        "function:shop.forms:AddressForm.clean_zip",
        "function:shop.forms:AddressForm.tidy",
    ]
    assert found["entrypoint:shop.views:Orders"] == [
        "function:shop.forms:OrderSerializer.create",
        "function:shop.forms:OrderSerializer.to_representation",
        "function:shop.forms:OrderSerializer.validate_total",
    ]
    assert found["entrypoint:shop.views:Contact"] == ["function:shop.forms:ContactForm.clean_email"]
    assert found["entrypoint:shop.views:OrderHistory"] == [
        "function:shop.forms:OrderSerializer.to_representation",
    ]
    # an override's super().save() is DRF's, which runs create (and update)
    assert found["entrypoint:shop.views:AuditedOrders"] == [
        "function:shop.forms:AuditedSerializer.save",
        "function:shop.forms:OrderSerializer.create",
        "function:shop.forms:OrderSerializer.to_representation",
        "function:shop.forms:OrderSerializer.validate_total",
    ]
    assert found["entrypoint:shop.views:Page"] == []


def test_what_flask_s_as_view_hands_the_view_flows_into_its_init(tmp_path: Path) -> None:
    """`View.as_view(name, *args, **kwargs)` makes the view with `cls(*args, **kwargs)`: a
    factory handed to it is what the view's attribute holds (flaskbb's auth views). The factory
    is reached through the attribute, but its own first parameter is no `self` of the view."""
    root = make_tree(
        tmp_path / "p",
        {
            "auth/__init__.py": "",
            "auth/views.py": """
                from flask import Blueprint
                from flask.views import MethodView

                class Notifier:
                    def send(self):
                        pass

                def notifier_factory(config):
                    config.helper()
                    return Notifier()

                class Signup(MethodView):
                    def __init__(self, notifier_factory):
                        self.notifier_factory = notifier_factory

                    def post(self):
                        self.notifier_factory(None).send()

                    def helper(self):
                        pass

                bp = Blueprint("auth", __name__)
                bp.add_url_rule(
                    "/signup", view_func=Signup.as_view("signup", notifier_factory=notifier_factory)
                )
            """,
        },
    )
    assert entrypoints(root)["entrypoint:auth.views:Signup"][4] == [
        "function:auth.views:Signup.post",
        "function:auth.views:notifier_factory",
    ]
    graph = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    assert _targets(graph, "function:auth.views:Signup.post") == [
        "function:auth.views:Notifier.send",
        "function:auth.views:notifier_factory",
    ]


def test_a_fastapi_route_reaches_its_dependencies(tmp_path: Path) -> None:
    """FastAPI calls a route's dependencies before its handler: `Depends(f)` as a parameter's
    default or in `Annotated[...]`, `Security(...)`, a route's `dependencies=[...]`, a class
    (constructed) or a callable instance, and the dependencies of dependencies."""
    root = make_tree(
        tmp_path / "p",
        {
            "api/__init__.py": "",
            "api/deps.py": """
                from typing import Annotated

                from fastapi import Depends, Security

                def get_db():
                    yield None

                def current_user(db=Depends(get_db)):
                    return None

                def check_token(token: str = Security(current_user)):
                    return token

                class Pagination:
                    def __init__(self, page: int = 1):
                        self.page = page

                class RateLimit:
                    def __call__(self):
                        pass

                limit = RateLimit()

                def unused():
                    pass

                Db = Annotated[object, Depends(get_db)]
            """,
            "api/orders.py": """
                from typing import Annotated

                from fastapi import APIRouter, Depends

                from api.deps import Pagination, check_token, current_user, get_db, limit

                router = APIRouter(prefix="/orders")

                @router.get("/", dependencies=[Depends(check_token), Depends(limit)])
                def list_orders(page: Annotated[Pagination, Depends(Pagination)]):
                    return []

                @router.post("/")
                def create_order(user=Depends(current_user)):
                    return user

                @router.delete("/{pk}")
                def delete_order(pk: int):
                    return pk
            """,
        },
    )
    found = {k: v[4] for k, v in entrypoints(root).items()}
    assert found == {
        "entrypoint:api.orders:list_orders": [
            "function:api.deps:Pagination.__init__",
            "function:api.deps:RateLimit.__call__",
            "function:api.deps:check_token",
            "function:api.deps:current_user",
            "function:api.deps:get_db",
            "function:api.orders:list_orders",
        ],
        "entrypoint:api.orders:create_order": [
            "function:api.deps:current_user",
            "function:api.deps:get_db",
            "function:api.orders:create_order",
        ],
        "entrypoint:api.orders:delete_order": ["function:api.orders:delete_order"],
    }


def test_django_middleware_the_settings_list_are_entry_points(tmp_path: Path) -> None:
    """Every request goes through the middleware a settings module lists (also in a list it
    binds again under a condition): a class (made once, called per request, or through
    MiddlewareMixin's hooks) or a factory and the function it returns. Django's own are outside
    the analysed code; a test settings module lists none."""
    root = make_tree(
        tmp_path / "p",
        {
            "project/__init__.py": "",
            "project/settings.py": """
                DEBUG = False
                MIDDLEWARE = [
                    "django.middleware.common.CommonMiddleware",
                    "shop.middleware.TimingMiddleware",
                    "shop.middleware.currency",
                ]
                if not DEBUG:
                    MIDDLEWARE = ["shop.middleware.OldStyleMiddleware", *MIDDLEWARE]
            """,
            "shop/__init__.py": "",
            "shop/middleware.py": """
                from django.utils.deprecation import MiddlewareMixin

                class TimingMiddleware:
                    def __init__(self, get_response):
                        self.get_response = get_response

                    def __call__(self, request):
                        self.start()
                        return self.get_response(request)

                    def start(self):
                        pass

                class OldStyleMiddleware(MiddlewareMixin):
                    def process_request(self, request):
                        pass

                def currency(get_response):
                    def middleware(request):
                        return get_response(request)
                    return middleware
            """,
            "shop/tests/__init__.py": "",
            "shop/tests/settings.py": 'MIDDLEWARE = ["shop.middleware.TestOnly"]\n',
        },
    )
    found = {k: (*v[:2], v[4]) for k, v in entrypoints(root).items()}
    assert found == {
        "entrypoint:shop.middleware:TimingMiddleware": (
            "middleware", "django",
            [
                "function:shop.middleware:TimingMiddleware.__call__",
                "function:shop.middleware:TimingMiddleware.__init__",
                "function:shop.middleware:TimingMiddleware.start",
            ],
        ),
        "entrypoint:shop.middleware:OldStyleMiddleware": (
            "middleware", "django", ["function:shop.middleware:OldStyleMiddleware.process_request"]
        ),
        "entrypoint:shop.middleware:currency": (
            "middleware", "django",
            ["function:shop.middleware:currency", "function:shop.middleware:currency.middleware"],
        ),
    }  # fmt: skip


def test_flask_hooks_are_entry_points(tmp_path: Path) -> None:
    """What Flask runs on requests besides a view: an app's or a blueprint's `before_request`,
    an `errorhandler` (also one registered in an app factory), a `context_processor`, and
    Flask-Login's `user_loader`; not a decorator of the same name from elsewhere."""
    root = make_tree(
        tmp_path / "p",
        {
            "forum/__init__.py": "",
            "forum/app.py": """
                from flask import Blueprint, Flask
                from flask_login import LoginManager

                from forum.audit import before_request

                app = Flask(__name__)
                auth = Blueprint("auth", __name__)
                login_manager = LoginManager()

                @auth.before_request
                def check_ban():
                    pass

                @app.context_processor
                def inject_user():
                    return {}

                @login_manager.user_loader
                def load_user(user_id):
                    return None

                def configure(application):
                    @application.errorhandler(404)
                    def not_found(error):
                        return "missing"

                @before_request
                def not_flask():
                    pass

                configure(app)
            """,
            "forum/audit.py": "def before_request(func):\n    return func\n",
        },
    )
    found = {k: v[:3] for k, v in entrypoints(root).items()}
    assert found == {
        "entrypoint:forum.app:check_ban": ("hook", "flask", ["before_request"]),
        "entrypoint:forum.app:inject_user": ("hook", "flask", ["context_processor"]),
        "entrypoint:forum.app:load_user": ("hook", "flask-login", ["user_loader"]),
        "entrypoint:forum.app:configure.not_found": ("hook", "flask", ["errorhandler"]),
    }


def test_registered_model_admins_are_entry_points(tmp_path: Path) -> None:
    """`admin.site.register(Model, Admin)` (a list of models too) and `@admin.register(Model)`:
    the admin serves the model's pages; its hooks, actions, inlines and form run there. A
    model registered with Django's own ModelAdmin, and another library's `register`, make none."""
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/models.py": """
                from django.db import models

                class Order(models.Model):
                    pass

                class Line(models.Model):
                    pass

                class Refund(models.Model):
                    pass
            """,
            "shop/admin.py": """
                from django import forms
                from django.contrib import admin

                from shop.models import Line, Order, Refund
                from shop.registry import catalogue

                def mark_paid(modeladmin, request, queryset):
                    queryset.update(paid=True)

                class OrderForm(forms.ModelForm):
                    def clean_total(self):
                        pass

                class LineInline(admin.TabularInline):
                    model = Line

                    def get_queryset(self, request):
                        return super().get_queryset(request)

                class OrderAdmin(admin.ModelAdmin):
                    actions = [mark_paid]
                    inlines = [LineInline]
                    form = OrderForm

                    def save_model(self, request, obj, form, change):
                        self.audit(obj)
                        super().save_model(request, obj, form, change)

                    def audit(self, obj):
                        pass

                @admin.register(Refund)
                class RefundAdmin(admin.ModelAdmin):
                    def has_delete_permission(self, request, obj=None):
                        return False

                admin.site.register([Order], OrderAdmin)
                admin.site.register(Line)
                catalogue.register(Order, OrderAdmin)
            """,
            "shop/registry.py": """
                class Registry:
                    def register(self, model, admin):
                        pass

                catalogue = Registry()
            """,
        },
    )
    found = {k: (v[0], v[2], v[4]) for k, v in entrypoints(root).items()}
    assert found == {
        "entrypoint:shop.admin:OrderAdmin": (
            "admin",
            ["admin shop.models:Order"],
            [
                "function:shop.admin:LineInline.get_queryset",
                "function:shop.admin:OrderAdmin.audit",
                "function:shop.admin:OrderAdmin.save_model",
                "function:shop.admin:OrderForm.clean_total",
                "function:shop.admin:mark_paid",
            ],
        ),
        "entrypoint:shop.admin:RefundAdmin": (
            "admin",
            ["admin shop.models:Refund"],
            ["function:shop.admin:RefundAdmin.has_delete_permission"],
        ),
    }


def test_a_view_made_by_an_instance_method_named_as_view_is_the_function_it_returns(
    tmp_path: Path,
) -> None:
    """`registry.as_view("edit")` on an instance (wagtail's page view set registry) is no
    class-based view: the view is the function the method returns. A class's own `as_view()`
    stays a class-based view, and Django's views stay outside the analysed code."""
    routes = _routes(
        tmp_path,
        {
            "cms/__init__.py": "",
            "cms/registry.py": (
                "class ViewSetRegistry:\n    def as_view(self, name):\n"
                "        def view_router(request, *args, **kwargs):\n"
                "            return self.lookup(name)(request, *args, **kwargs)\n"
                "        return view_router\n\nregistry = ViewSetRegistry()\n"
            ),
            "cms/views.py": (
                "from django.views.generic import View\n\n"
                "class Home(View):\n    def get(self, request):\n        pass\n"
            ),
            "cms/urls.py": (
                "from django.urls import path\nfrom django.views.generic import TemplateView\n\n"
                "from cms.registry import registry\nfrom cms.views import Home\n\n"
                "urlpatterns = [\n    path('', Home.as_view()),\n"
                "    path('pages/', registry.as_view('index')),\n"
                "    path('pages/<int:pk>/edit/', registry.as_view('edit')),\n"
                "    path('404/', TemplateView.as_view(template_name='404.html')),\n]\n"
            ),
        },
    )
    assert routes == {
        "cms.views:Home": [""],
        "cms.registry:ViewSetRegistry.as_view.view_router": ["pages/", "pages/<int:pk>/edit/"],
    }


def test_netbox_views_registered_for_a_model_serve_under_its_included_urls(
    tmp_path: Path,
) -> None:
    """NetBox (and its plugins) attach views to models with `@register_model_view(Model,
    name, path=..., detail=...)` (or `register_model_view(...)(View)`); a urls module
    includes what is filed for a model with `include(get_model_urls(app_label, model_name,
    detail=...))`. A view serves at its path (its name when none is given) below that include,
    among its model's detail or list views; a model is filed under its app's label or its
    `Meta.app_label`. A view whose name or model is no constant (NetBox's feature views, each
    registered by its dotted path for every model a loop hands over) has no known route."""
    found = entrypoints(
        make_tree(
            tmp_path / "p",
            {
                "shop/__init__.py": "",
                "shop/apps.py": (
                    "from django.apps import AppConfig\n\n"
                    "class ShopConfig(AppConfig):\n    name = 'shop'\n"
                ),
                "shop/models.py": (
                    "from django.db import models\n\nclass Order(models.Model):\n    pass\n\n"
                    "class Invoice(models.Model):\n    class Meta:\n"
                    "        app_label = 'billing'\n"
                ),
                "shop/views.py": (
                    "from netbox.views import generic\nfrom utilities.views import "
                    "register_model_view\n\nfrom shop.models import Invoice, Order\n"
                    "from shop.tracing import TraceView\n\n"
                    "TAB = 'tab'\n\n"
                    "@register_model_view(Order, 'list', path='', detail=False)\n"
                    "class OrderListView(generic.ObjectListView):\n    pass\n\n"
                    "@register_model_view(Order)\nclass OrderView(generic.ObjectView):\n"
                    "    def get(self, request, pk):\n        pass\n\n"
                    "@register_model_view(Order, 'add', detail=False)\n"
                    "@register_model_view(Order, 'edit')\n"
                    "class OrderEditView(generic.ObjectEditView):\n    pass\n\n"
                    "@register_model_view(Order, 'contacts', path='people')\n"
                    "class OrderContactsView(generic.ObjectChildrenView):\n    pass\n\n"
                    "@register_model_view(Invoice)\nclass InvoiceView(generic.ObjectView):\n"
                    "    pass\n\n"
                    "@register_model_view(Order, TAB)\nclass OrderTabView(generic.ObjectView):\n"
                    "    pass\n\n"
                    "register_model_view(Order, 'trace', kwargs={'model': Order})(TraceView)\n"
                    "register_model_view(Invoice, 'trace')(\n    TraceView\n)\n\n"
                    "def register_models(*models):\n    for model in models:\n"
                    "        register_model_view(model, 'journal')('shop.tracing.JournalView')\n"
                ),
                "utilities/__init__.py": "",
                "utilities/views.py": (  # stacked, its wrapper is handed what another returns
                    "REGISTRY = []\n\n"
                    "def register_model_view(model, name='', path=None, detail=True,"
                    " kwargs=None):\n"
                    "    def _wrapper(cls):\n"
                    "        REGISTRY.append({'view': cls, 'model': model})\n"
                    "        return cls\n"
                    "    return _wrapper\n"
                ),
                "shop/tracing.py": (
                    "from netbox.views import generic\n\n"
                    "class TraceView(generic.ObjectView):\n    pass\n\n"
                    "class JournalView(generic.ObjectView):\n"
                    "    def get(self, request, pk):\n        pass\n"
                ),
                "shop/urls.py": (
                    "from django.urls import include, path\n"
                    "from utilities.urls import get_model_urls\n\nurlpatterns = [\n"
                    "    path('orders/', include(get_model_urls('shop', 'order', detail=False))),\n"
                    "    path('orders/<int:pk>/', include(get_model_urls('shop', 'order'))),\n"
                    "    path('bills/<int:pk>/', include(get_model_urls('billing', 'invoice'))),\n"
                    "]\n"
                ),
                "project/__init__.py": "",
                "project/urls.py": (
                    "from django.urls import include, path\n\n"
                    "urlpatterns = [path('plugins/shop/', include('shop.urls'))]\n"
                ),
            },
        )
    )
    routes = {k.partition(":")[2]: (v[0], v[1], v[2], v[4]) for k, v in found.items()}
    shop = "plugins/shop/orders/"
    assert routes == {
        "shop.views:OrderListView": ("http", "django", [shop], []),
        "shop.views:OrderView": (
            "http",
            "django",
            [f"{shop}<int:pk>/"],
            ["function:shop.views:OrderView.get"],
        ),
        "shop.views:OrderEditView": (
            "http",
            "django",
            [f"{shop}<int:pk>/edit/", f"{shop}add/"],
            [],
        ),
        "shop.views:OrderContactsView": ("http", "django", [f"{shop}<int:pk>/people/"], []),
        "shop.views:InvoiceView": ("http", "django", ["plugins/shop/bills/<int:pk>/"], []),
        "shop.tracing:TraceView": (
            "http",
            "django",
            ["plugins/shop/bills/<int:pk>/trace/", f"{shop}<int:pk>/trace/"],
            [],
        ),
        "shop.views:OrderTabView": ("http", "django", [], []),
        "shop.tracing:JournalView": (
            "http",
            "django",
            [],
            ["function:shop.tracing:JournalView.get"],
        ),
    }


def test_a_view_set_serves_the_view_class_each_of_its_classes_names(tmp_path: Path) -> None:
    """A view set lists its patterns in a method, each view a property of `self` that builds
    it from a class attribute (wagtail's view sets): the pattern serves the view class that
    each class running the method names, followed through calls on `self` that return their
    parameter's `as_view()` or the parameter itself. A subclass that lists its own patterns
    without `super()` does not serve the base's, test code's subclass serves nothing outside
    tests, and a property that gives a function stays a handler, beside the function."""
    found = entrypoints(
        make_tree(
            tmp_path / "p",
            {
                "cms/__init__.py": "",
                "cms/views.py": """
                    from django.views.generic import View

                    class IndexView(View):
                        def get(self, request):
                            pass

                    class SnippetIndexView(IndexView):
                        def get(self, request):
                            pass

                    class EditView(View):
                        def post(self, request):
                            pass

                    class OwnView(View):
                        def get(self, request):
                            pass

                    class FakeView(View):
                        def get(self, request):
                            pass

                    def made(request):
                        pass
                """,
                "cms/viewsets.py": """
                    from django.urls import path
                    from django.utils.functional import cached_property

                    from cms import views

                    class ViewSet:
                        def construct_view(self, view_class, **kwargs):
                            return view_class.as_view(**kwargs)

                        def inject(self, view_class, names):
                            if names:
                                return type("Injected", (view_class,), {})
                            return view_class

                    class ModelViewSet(ViewSet):
                        index_view_class = views.IndexView
                        edit_view_class = views.EditView

                        def get_urlpatterns(self):
                            return [
                                path("", self.index_view),
                                path("edit/", self.edit_view),
                                path("made/", self.made_view),
                            ]

                        @cached_property
                        def index_view(self):
                            return self.construct_view(self.index_view_class, icon="x")

                        @property
                        def edit_view(self):
                            view_class = self.inject(self.edit_view_class, ["get"])
                            return self.construct_view(view_class)

                        @property
                        def made_view(self):
                            return views.made

                    class SnippetViewSet(ModelViewSet):
                        index_view_class = views.SnippetIndexView

                    class OwnViewSet(ModelViewSet):
                        index_view_class = views.OwnView

                        def get_urlpatterns(self):
                            return [path("own/", self.index_view)]
                """,
                "cms/tests/__init__.py": "",
                "cms/tests/test_viewsets.py": """
                    from cms import views
                    from cms.viewsets import ModelViewSet

                    class FakeViewSet(ModelViewSet):
                        index_view_class = views.FakeView
                """,
            },
        )
    )
    served = {k.partition(":")[2]: (v[2], v[4]) for k, v in found.items()}
    assert served == {
        "cms.views:IndexView": ([""], ["function:cms.views:IndexView.get"]),
        "cms.views:SnippetIndexView": ([""], ["function:cms.views:SnippetIndexView.get"]),
        "cms.views:EditView": (["edit/"], ["function:cms.views:EditView.post"]),
        "cms.viewsets:ModelViewSet.made_view": (
            ["made/"],
            ["function:cms.viewsets:ModelViewSet.made_view"],
        ),
        "cms.views:made": (["made/"], ["function:cms.views:made"]),
        "cms.views:OwnView": (["own/"], ["function:cms.views:OwnView.get"]),
    }


def test_a_view_set_s_views_that_loop_stop_where_they_loop(tmp_path: Path) -> None:
    """A property whose view comes back through itself (a method returning its own call, local
    names bound to each other) is followed a few steps, then left: the property stays the
    handler and the link step goes on."""
    found = entrypoints(
        make_tree(
            tmp_path / "p",
            {
                "cms/__init__.py": "",
                "cms/viewsets.py": """
                    from django.urls import path

                    class ViewSet:
                        def pick(self, view_class, depth=0):
                            if depth:
                                return self.pick(view_class, depth - 1)
                            return self.pick(view_class)

                        def get_urlpatterns(self):
                            return [path("", self.index_view), path("b/", self.swapped)]

                        @property
                        def index_view(self):
                            return self.pick(self)

                        @property
                        def swapped(self):
                            a = b = None
                            a, b = b, a
                            return a
                """,
            },
        )
    )
    assert sorted(k.partition(":")[2] for k in found) == [
        "cms.viewsets:ViewSet.index_view",
        "cms.viewsets:ViewSet.swapped",
    ]
