"""The shop: a Flask application that sells products, bills, ships and hosts a forum."""

from __future__ import annotations

from flask import Flask

from shop.config import Config


def create_app(config: type[Config] = Config) -> Flask:
    """Build the WSGI application and register every domain's blueprint."""
    app = Flask(__name__)
    app.config.from_object(config)

    from shop.billing.views import bp as billing_bp
    from shop.catalogue.views import bp as catalogue_bp
    from shop.forums.views import bp as forums_bp
    from shop.orders.views import bp as orders_bp
    from shop.payments.views import bp as payments_bp
    from shop.search.views import bp as search_bp
    from shop.shipping.views import bp as shipping_bp
    from shop.users.views import bp as users_bp

    for blueprint in (
        users_bp,
        catalogue_bp,
        orders_bp,
        billing_bp,
        payments_bp,
        shipping_bp,
        forums_bp,
        search_bp,
    ):
        app.register_blueprint(blueprint)
    return app
