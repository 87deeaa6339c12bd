"""Django migrations replayed per app in dependency order: golden tree and django-oscar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analyzers import django_migrations, django_models
from analyzers.base import LinkContext
from analyzers.django_migrations import ANALYZER, MODEL_APPS
from decompose.model import EdgeKind, FileFacts, FileStatus, NodeKind, SourceFile
from decompose.pipeline import ScanOptions, scan
from tests.conftest import make_tree, require_package

TREE = Path(__file__).resolve().parents[1] / "fixtures" / "sql" / "django"

# shop: Customer renamed Client (its table and the key to it follow), Legacy deleted, a field
# removed and one renamed, Order given db_table; Product has db_table and a self many-to-many.
# billing: a model created through SeparateDatabaseAndState, then given its default table back.
EXPECTED = {
    "table shop_client columns=id,user_id,name pk=id",
    "table catalogue_items columns=sku pk=sku",
    "table catalogue_items_related columns=id,from_product_id,to_product_id pk=id",
    "table shop_orders columns=id,client_id,coupon_code pk=id",
    "table shop_orders_products columns=id,order_id,product_id pk=id",
    "table billing_coupon columns=code,product_id pk=code",
    "table blog_post columns=id,site_id pk=id",
    "fk blog_post(site_id) -> django_site(id) at blog/0001_initial:13",  # a django.contrib table
    "fk shop_client(user_id) -> auth_user(id) at shop/0001_initial:19",
    "fk catalogue_items_related(from_product_id) -> catalogue_items(sku) at shop/0001_initial:27",
    "fk catalogue_items_related(to_product_id) -> catalogue_items(sku) at shop/0001_initial:27",
    "fk shop_orders(client_id) -> shop_client(id) at shop/0001_initial:35",
    "fk shop_orders_products(order_id) -> shop_orders(id) at shop/0001_initial:36",
    "fk shop_orders_products(product_id) -> catalogue_items(sku) at shop/0001_initial:36",
    "fk shop_orders(coupon_code) -> billing_coupon(code) at shop/0002_changes:16",
    "fk billing_coupon(product_id) -> catalogue_items(sku) at billing/0001_initial:13",
}


def _facts(root: Path) -> list[FileFacts]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if ANALYZER.accepts(relative):
            found.append(ANALYZER.analyze(SourceFile(relative, path.read_text(encoding="utf-8"))))
    return found


def _describe(linked: FileFacts) -> set[str]:
    lines = set()
    for node in linked.nodes:
        assert node.kind is NodeKind.TABLE
        columns, key = ",".join(node.attrs["columns"]), ",".join(node.attrs["primary_key"])
        lines.add(f"table {node.name} columns={columns} pk={key}")
    for edge in linked.edges:
        assert edge.kind is EdgeKind.FOREIGN_KEY and edge.evidence is not None
        [(cols, refs)] = edge.attrs["keys"]
        source, target = edge.source.removeprefix("table:"), edge.target.removeprefix("table:")
        path = edge.evidence.path.replace("/migrations/", "/").removesuffix(".py")
        where = f"{path}:{edge.evidence.line}"
        lines.add(f"fk {source}({','.join(cols)}) -> {target}({','.join(refs)}) at {where}")
    return lines


def test_golden_tree_replays_to_the_final_tables() -> None:
    linked = ANALYZER.link(_facts(TREE), LinkContext())
    assert _describe(linked) == EXPECTED
    assert not linked.diagnostics


def test_apps_with_models_are_left_to_the_models_analyzer() -> None:
    context = LinkContext(products={MODEL_APPS: {"shop", "billing"}})
    linked = ANALYZER.link(_facts(TREE), context)
    assert _describe(linked) == {
        "table blog_post columns=id,site_id pk=id",
        "fk blog_post(site_id) -> django_site(id) at blog/0001_initial:13",
    }


def test_result_does_not_depend_on_the_order_files_come_in() -> None:
    """billing/0001 sorts before shop/0001, its dependency: the replay orders them itself."""
    facts = _facts(TREE)
    assert _describe(ANALYZER.link(list(reversed(facts)), LinkContext())) == EXPECTED


def test_accepts_migrations_folders_only() -> None:
    assert ANALYZER.accepts("shop/migrations/0001_initial.py")
    assert not ANALYZER.accepts("shop/migrations/__init__.py")
    assert not ANALYZER.accepts("migrations/versions/0001.py")
    assert not ANALYZER.accepts("shop/models.py")
    skipped = ANALYZER.analyze(SourceFile("shop/migrations/helpers.py", "def f():\n    pass\n"))
    assert skipped.status is FileStatus.SKIPPED


def test_non_literal_model_name_is_a_diagnostic() -> None:
    text = "from django.db import migrations\nNAME = 'x'\nclass Migration(migrations.Migration):\n"
    text += "    operations = [migrations.DeleteModel(name=NAME)]\n"
    facts = ANALYZER.analyze(SourceFile("shop/migrations/0003_x.py", text))
    assert [(d.path, d.line) for d in facts.diagnostics] == [("shop/migrations/0003_x.py", 4)]


_REGISTERED = re.compile(r"is_model_registered\([\"'](\w+)[\"'], [\"'](\w+)[\"']\)")


@pytest.mark.corpus
def test_django_oscar_replays_every_registered_model() -> None:
    """Every model oscar registers (`is_model_registered(app, Model)` in its models.py files) has
    its table, by Django's default name unless its migrations set `db_table`."""
    root = require_package("django-oscar")
    registered = {
        f"{app}_{model.lower()}"
        for path in (root / "oscar").rglob("models.py")
        for app, model in _REGISTERED.findall(path.read_text(encoding="utf-8"))
    }
    linked = ANALYZER.link(_facts(root), LinkContext())
    tables = {node.name for node in linked.nodes}
    assert registered - tables == {"catalogue_productcategoryhierarchy"}  # db_table is set:
    assert "catalogue_product_category_hierarchy" in tables
    # communication's models moved from customer with SeparateDatabaseAndState, then renamed
    assert {"communication_email", "communication_notification"} <= tables
    assert "customer_email" not in tables
    keys = {(e.source, e.target, str(e.attrs["keys"])) for e in linked.edges}
    assert ("table:order_line", "table:order_order", "[[['order_id'], ['id']]]") in keys
    assert (
        "table:basket_basket_vouchers",
        "table:voucher_voucher",
        "[[['voucher_id'], ['id']]]",
    ) in keys
    assert ("table:communication_email", "table:auth_user", "[[['user_id'], ['id']]]") in keys
    assert not linked.diagnostics


_ACCOUNTS = """
from django.db import migrations, models
class Migration(migrations.Migration):
    operations = [
        migrations.CreateModel(
            name="Member",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("password", models.CharField(max_length=128)),
                ("last_login", models.DateTimeField(null=True)),
            ],
        ),
    ]
"""
_PROFILES = """
from django.conf import settings
from django.db import migrations, models
class Migration(migrations.Migration):
    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.CreateModel(
            name="Profile",
            fields=[("owner", models.ForeignKey(to=settings.AUTH_USER_MODEL, on_delete=1))],
        ),
    ]
"""


def test_auth_user_model_is_the_custom_user_model_when_there_is_one() -> None:
    files = {
        "accounts/migrations/0001_initial.py": _ACCOUNTS,
        "profiles/migrations/0001_initial.py": _PROFILES,
    }
    facts = [ANALYZER.analyze(SourceFile(path, text)) for path, text in sorted(files.items())]
    [edge] = ANALYZER.link(facts, LinkContext()).edges
    assert (edge.source, edge.target) == ("table:profiles_profile", "table:accounts_member")
    without = ANALYZER.link(facts[1:], LinkContext()).edges
    assert [(e.source, e.target) for e in without] == [
        ("table:profiles_profile", "table:auth_user")
    ]


def test_an_app_is_known_by_its_package_and_labelled_by_its_app_config(tmp_path: Path) -> None:
    """An app whose AppConfig gives another label than its folder (`forum_users` for
    `forum/users`) has models, so its migrations are not replayed into a second copy of its
    tables; a package with migrations inside another app is an app of its own
    (`forum/test/customuser`); an app without models is replayed under its AppConfig's label."""
    config = (
        "from django.apps import AppConfig\n\nclass C(AppConfig):\n"
        "    name = {!r}\n    label = {!r}\n"
    )
    model = "from django.db import models\n\nclass {}(models.Model):\n    pass\n"
    migration = (
        "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n"
        "    operations = [migrations.CreateModel(name={!r}, fields=[])]\n"
    )
    files = {
        "forum/__init__.py": "",
        "forum/apps.py": config.format("forum", "forumcore"),
        "forum/users/__init__.py": "",
        "forum/users/apps.py": config.format("forum.users", "forum_users"),
        "forum/users/models.py": model.format("User"),
        "forum/users/migrations/__init__.py": "",
        "forum/users/migrations/0001_initial.py": migration.format("User"),
        "forum/test/__init__.py": "",
        "forum/test/customuser/__init__.py": "",
        "forum/test/customuser/models.py": model.format("CustomUser"),
        "forum/test/customuser/migrations/__init__.py": "",
        "forum/test/customuser/migrations/0001_initial.py": migration.format("CustomUser"),
        "forum/legacy/__init__.py": "",
        "forum/legacy/apps.py": config.format("forum.legacy", "forum_legacy"),
        "forum/legacy/migrations/__init__.py": "",
        "forum/legacy/migrations/0001_initial.py": migration.format("Old"),
    }
    root = make_tree(tmp_path / "p", files)
    analyzers = (django_models.ANALYZER, django_migrations.ANALYZER)
    graph = scan(root, ScanOptions(jobs=1, analyzers=analyzers)).graph
    tables = {n.name for n in graph.nodes(NodeKind.TABLE)}
    assert tables == {"forum_users_user", "customuser_customuser", "forum_legacy_old"}
