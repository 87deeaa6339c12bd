"""GraphQL operations as entry points: graphene (saleor-shaped), strawberry and ariadne apps."""

from __future__ import annotations

from pathlib import Path

from tests.analyzers.test_python_entrypoints import FIXTURES, entrypoints
from tests.conftest import make_tree

MUTATIONS = "function:shop.graphql.core.mutations"
CHECKOUT = "function:shop.graphql.checkout"


def test_graphene_root_fields_and_mutation_classes() -> None:
    found = {k: v for k, v in entrypoints(FIXTURES / "graphql_apps").items() if ":shop." in k}
    assert found == {
        # a resolver by the root's MRO (declared in a base of the schema's Query): its def,
        # not the wrapper its decorator returns
        "entrypoint:shop.graphql.checkout.schema:CheckoutQueries.resolve_checkout": (
            "graphql", "graphene", ["query checkout"], [],
            [f"{CHECKOUT}.schema:CheckoutQueries.resolve_checkout"],
        ),
        # `name=` names the field
        "entrypoint:shop.graphql.checkout.schema:CheckoutQueries.resolve_checkout_count": (
            "graphql", "graphene", ["query checkoutTotal"], [],
            [f"{CHECKOUT}.schema:CheckoutQueries.resolve_checkout_count"],
        ),
        # `resolver=` given to the field: the decorated def it imports
        "entrypoint:shop.graphql.checkout.resolvers:resolve_checkouts": (
            "graphql", "graphene", ["query checkouts"], [],
            [f"{CHECKOUT}.resolvers:resolve_checkouts"],
        ),
        # a base's `cls.perform_mutation` reaches the subclass's, which calls a static method
        "entrypoint:shop.graphql.checkout.mutations:CheckoutComplete": (
            "graphql", "graphene", ["mutation checkoutComplete"], [],
            [
                f"{CHECKOUT}.mutations:CheckoutComplete.perform_mutation",
                f"{CHECKOUT}.mutations:CheckoutComplete.place_order",
                f"{MUTATIONS}:BaseMutation.check_permissions",
                f"{MUTATIONS}:BaseMutation.mutate",
            ],
        ),
        # the subclass's clean_input, and the base's through its super() call
        "entrypoint:shop.graphql.checkout.mutations:CheckoutCreate": (
            "graphql", "graphene", ["mutation checkoutCreate"], [],
            [
                f"{CHECKOUT}.mutations:CheckoutCreate.clean_input",
                f"{CHECKOUT}.mutations:CheckoutCreate.clean_lines",
                f"{MUTATIONS}:BaseMutation.check_permissions",
                f"{MUTATIONS}:BaseMutation.mutate",
                f"{MUTATIONS}:ModelMutation.clean_input",
                f"{MUTATIONS}:ModelMutation.perform_mutation",
                f"{MUTATIONS}:ModelMutation.save",
            ],
        ),
        # a mutation of another library (graphql-jwt), known by its own `mutate`
        "entrypoint:shop.graphql.core.mutations:CreateToken": (
            "graphql", "graphene", ["mutation tokenCreate"], [],
            [f"{MUTATIONS}:CreateToken.mutate"],
        ),
    }  # fmt: skip
    # left out: the test schema's fields, a nested type's resolver (`Checkout.resolve_token`),
    # a field with the default resolver, and a resolver of no declared field


def test_strawberry_and_ariadne_root_fields() -> None:
    found = {k: v for k, v in entrypoints(FIXTURES / "graphql_apps").items() if ":shop." not in k}
    assert found == {
        "entrypoint:blog.schema:Query.latest_post": (
            "graphql", "strawberry", ["query latestPost"], [],
            ["function:blog.schema:Query.latest_post"],
        ),
        "entrypoint:blog.schema:Query.top_posts": (
            "graphql", "strawberry", ["query top"], [], ["function:blog.schema:Query.top_posts"]
        ),
        "entrypoint:blog.schema:count_posts": (
            "graphql", "strawberry", ["query postCount"], [], ["function:blog.schema:count_posts"]
        ),
        "entrypoint:blog.schema:Mutation.publish_post": (
            "graphql", "strawberry", ["mutation publishPost"], [],
            ["function:blog.schema:Mutation.publish_post"],
        ),
        "entrypoint:board.graphql:resolve_analytics": (
            "graphql", "ariadne", ["query analytics"], [],
            ["function:board.graphql:resolve_analytics"],
        ),
        "entrypoint:board.graphql:resolve_ban_user": (
            "graphql", "ariadne", ["mutation banUser"], [],
            ["function:board.graphql:resolve_ban_user"],
        ),
    }  # fmt: skip
    # left out: strawberry-django's generated field, a type's field (`PostType.summary`), an
    # undecorated method, and the resolvers of ariadne's `ObjectType("User")`


def test_graphene_naming_subscriptions_and_shared_resolvers(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/schema.py": (
                "import graphene\n"
                "def lookup(root, info):\n"
                "    return None\n"
                "class Query(graphene.ObjectType):\n"
                "    order_line = graphene.String(resolver=lookup)\n"
                "    order_item = graphene.String(resolver=lookup)\n"
                "class Subscription(graphene.ObjectType):\n"
                "    order_events = graphene.String()\n"
                "    async def subscribe_order_events(root, info):\n"
                "        yield 1\n"
                "schema = graphene.Schema(Query, None, Subscription, auto_camelcase=False)\n"
            ),
        },
    )
    found = entrypoints(tmp_path)
    assert found == {
        "entrypoint:app.schema:lookup": (
            "graphql", "graphene", ["query order_item", "query order_line"], [],
            ["function:app.schema:lookup"],
        ),
        "entrypoint:app.schema:Subscription.subscribe_order_events": (
            "graphql", "graphene", ["subscription order_events"], [],
            ["function:app.schema:Subscription.subscribe_order_events"],
        ),
    }  # fmt: skip


def test_a_schema_of_another_library_has_no_graphql_entry_points(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/schema.py": (
                "from marshmallow import Schema\n"
                "class Query:\n"
                "    total = Field()\n"
                "    def resolve_total(self, info):\n"
                "        return 0\n"
                "schema = Schema(query=Query)\n"
            ),
        },
    )
    assert entrypoints(tmp_path) == {}
