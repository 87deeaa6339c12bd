"""Ground truth for the bundled demo shop, written by hand from its source.

The demo lives in `decompose/demo/shop/`; that folder is the analysed root, so modules are named
`shop.orders.service` and so on. Every constant below was read off the code and `schema.sql` by a
person, not produced by a tool: it is the reference the analyzers are tested against. When the demo
changes, change this file by hand in the same commit.

Conventions:
- Qualified names are `dotted.module:Qual.name` (methods `Class.method`, nested functions
  `outer.inner`, module-level code the module name alone). No function in the shop touches the
  database at module level, so no bare module name appears below.
- TABLES, VIEWS and FOREIGN_KEYS come from `schema.sql`. A foreign key is
  (table, columns, referenced table, referenced columns), columns as tuples in declared order. The
  sequence `invoice_number_seq` and the two indexes are neither tables nor views.
- MODELS maps each SQLAlchemy model to its `__tablename__`.
- READS and WRITES are (function, relation) pairs for accesses written in the function's own
  body, never through a call.
  - A read is a SELECT in raw SQL, `session.get(M, ...)`, `session.query(M)` or `select(M)`
    (`select(M).join(N)` reads both).
  - A write is an INSERT, UPDATE or DELETE in raw SQL, `insert(M)`, `update(M)`, `delete(M)`,
    `session.add(x)` or `session.merge(x)` where x is `M(...)` or a local variable assigned
    `M(...)`, or `session.delete(obj)` where obj came from `session.get(M, ...)` in the same
    function.
  - An UPDATE or DELETE is a write only: its WHERE clause is not a read.
  - `INSERT ... SELECT` writes its target and reads its sources.
  - A relation is a table, or a view when the SQL names one (`order_totals`).
  - Attribute assignment on loaded objects never happens in the shop, so it needs no rule.
- VIEW_READS: (view, table) for each table a view's SELECT reads; VIEW_JOINS likewise for joins.
- JOINS: (sorted table pair, function) for joins in raw SQL, one pair per ON condition (the two
  tables whose columns it compares): `FROM invoices i JOIN orders o ON o.id = i.order_id
  JOIN users u ON u.id = o.user_id` gives (invoices, orders) and (orders, users), not
  (invoices, users). ORM_JOINS: the same for `select(A).join(B)`.
- TRANSACTIONS: function -> kind, one of "session.begin" (`with session.begin():`), "commit"
  (`session.commit()`), "engine.begin" (`with engine.begin() as conn:`). No function has two kinds.
  `with SessionLocal() as session:` alone is not a transaction scope.
- ENTRYPOINTS: (handler, kind, name). http: "METHOD path", the path being the blueprint's
  `url_prefix` followed by the route string as written (`@bp.route` without `methods` is GET).
  task: the `name=` given to `@celery.task`. command: the name given to `@cli.command`.
- CALLS: synchronous calls from one module's function to another module's function, resolved through
  `from pkg import module` + `module.func(...)` or `from pkg.module import func` + `func(...)`.
  Constructing a model or raising an exception is not a call. INTRA_CALLS: the same within a module.
- Code under `migrations/` is Alembic's: DDL, not data access, so it appears in none of the sets
  above; the MIGRATION_* constants describe it instead.
"""

from __future__ import annotations

# --- schema.sql --------------------------------------------------------------------------------

TABLES: set[str] = {
    "users",
    "addresses",
    "categories",
    "products",
    "product_images",
    "stock",
    "stock_reservations",
    "carts",
    "cart_items",
    "orders",
    "order_lines",
    "invoices",
    "invoice_lines",
    "payments",
    "refunds",
    "shipments",
    "shipment_items",
    "email_log",
    "forum_threads",
    "forum_posts",
    "search_index",
}

VIEWS: set[str] = {"order_totals", "product_availability"}

FOREIGN_KEYS: set[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = {
    ("addresses", ("user_id",), "users", ("id",)),
    ("categories", ("parent_id",), "categories", ("id",)),
    ("products", ("category_id",), "categories", ("id",)),  # named table constraint
    ("product_images", ("product_id",), "products", ("id",)),
    ("stock", ("product_id",), "products", ("id",)),
    ("carts", ("user_id",), "users", ("id",)),
    ("cart_items", ("cart_id",), "carts", ("id",)),
    ("cart_items", ("product_id",), "products", ("id",)),
    ("orders", ("user_id",), "users", ("id",)),
    ("orders", ("shipping_address_id",), "addresses", ("id",)),  # ALTER TABLE ... ADD CONSTRAINT
    ("order_lines", ("order_id",), "orders", ("id",)),
    ("order_lines", ("product_id",), "products", ("id",)),
    ("stock_reservations", ("order_id",), "orders", ("id",)),
    ("stock_reservations", ("product_id",), "products", ("id",)),
    ("invoices", ("order_id",), "orders", ("id",)),
    ("invoice_lines", ("invoice_id",), "invoices", ("id",)),
    ("payments", ("order_id",), "orders", ("id",)),
    ("payments", ("invoice_id",), "invoices", ("id",)),
    ("refunds", ("payment_id",), "payments", ("id",)),
    ("shipments", ("order_id",), "orders", ("id",)),
    ("shipments", ("address_id",), "addresses", ("id",)),
    ("shipment_items", ("shipment_id",), "shipments", ("id",)),
    ("shipment_items", ("order_line_id",), "order_lines", ("id",)),
    ("email_log", ("user_id",), "users", ("id",)),
    ("forum_threads", ("author_id",), "users", ("id",)),
    ("forum_posts", ("thread_id",), "forum_threads", ("id",)),
    ("forum_posts", ("author_id",), "users", ("id",)),
    ("search_index", ("product_id",), "products", ("id",)),
}

VIEW_READS: set[tuple[str, str]] = {
    ("order_totals", "orders"),
    ("order_totals", "order_lines"),
    ("product_availability", "products"),
    ("product_availability", "stock"),
}

VIEW_JOINS: set[tuple[str, tuple[str, str]]] = {
    ("order_totals", ("order_lines", "orders")),
    ("product_availability", ("products", "stock")),
}

# --- models ------------------------------------------------------------------------------------

MODELS: dict[str, str] = {
    "shop.users.models:User": "users",
    "shop.users.models:Address": "addresses",
    "shop.catalogue.models:Category": "categories",
    "shop.catalogue.models:Product": "products",
    "shop.catalogue.models:ProductImage": "product_images",
    "shop.inventory.models:StockLevel": "stock",
    "shop.inventory.models:StockReservation": "stock_reservations",
    "shop.orders.models:Cart": "carts",
    "shop.orders.models:CartItem": "cart_items",
    "shop.orders.models:Order": "orders",
    "shop.orders.models:OrderLine": "order_lines",
    "shop.billing.models:Invoice": "invoices",
    "shop.billing.models:InvoiceLine": "invoice_lines",
    "shop.payments.models:Payment": "payments",
    "shop.payments.models:Refund": "refunds",
    "shop.shipping.models:Shipment": "shipments",
    "shop.shipping.models:ShipmentItem": "shipment_items",
    "shop.notifications.models:EmailLog": "email_log",
    "shop.forums.models:ForumThread": "forum_threads",
    "shop.forums.models:ForumPost": "forum_posts",
    "shop.search.models:SearchDocument": "search_index",
}

# --- data access -------------------------------------------------------------------------------

READS: set[tuple[str, str]] = {
    # users
    ("shop.users.service:register_user", "users"),
    ("shop.users.service:get_user", "users"),
    ("shop.users.service:list_addresses", "addresses"),
    # catalogue
    ("shop.catalogue.service:get_product", "products"),
    ("shop.catalogue.service:list_products", "products"),
    ("shop.catalogue.service:list_products", "categories"),
    ("shop.catalogue.service:add_image", "product_images"),
    ("shop.catalogue.service:bestsellers", "products"),
    ("shop.catalogue.service:bestsellers", "order_lines"),
    # inventory
    ("shop.inventory.service:available", "stock"),
    ("shop.inventory.service:release_reservations", "stock_reservations"),
    ("shop.inventory.service:low_stock_report", "stock"),
    ("shop.inventory.service:low_stock_report", "products"),
    ("shop.inventory.service:expire_reservations", "stock_reservations"),
    ("shop.inventory.service:expire_reservations", "orders"),
    # orders
    ("shop.orders.service:get_or_create_cart", "carts"),
    ("shop.orders.service:place_order", "carts"),
    ("shop.orders.service:place_order", "cart_items"),
    ("shop.orders.service:place_order", "products"),
    ("shop.orders.service:get_order", "orders"),
    ("shop.orders.service:list_orders", "orders"),
    ("shop.orders.service:cancel_order", "orders"),
    ("shop.orders.service:lifetime_value", "order_totals"),  # a view
    # billing
    ("shop.billing.service:create_invoice", "orders"),
    ("shop.billing.service:create_invoice", "order_lines"),
    ("shop.billing.service:invoice_for_order", "invoices"),
    ("shop.billing.service:outstanding_invoices", "invoices"),
    ("shop.billing.service:outstanding_invoices", "orders"),
    ("shop.billing.service:outstanding_invoices", "users"),
    ("shop.billing.views:show_invoice", "invoices"),
    ("shop.billing.views:show_invoice", "invoice_lines"),
    # payments
    ("shop.payments.service:refund_payment", "payments"),
    ("shop.payments.service:payments_for_order", "payments"),
    ("shop.payments.service:daily_takings", "payments"),
    ("shop.payments.service:daily_takings", "refunds"),
    # shipping
    ("shop.shipping.service:create_shipment", "orders"),
    ("shop.shipping.service:create_shipment", "order_lines"),  # INSERT ... SELECT source
    ("shop.shipping.service:dispatch_shipment", "shipments"),
    ("shop.shipping.service:track", "shipments"),
    ("shop.shipping.service:cancel_shipment", "shipments"),
    # notifications
    ("shop.notifications.service:send_order_confirmation", "orders"),
    ("shop.notifications.service:send_order_confirmation", "users"),
    ("shop.notifications.service:send_payment_receipt", "orders"),
    ("shop.notifications.service:send_payment_receipt", "users"),
    ("shop.notifications.service:send_dispatch_notice", "orders"),
    ("shop.notifications.service:send_dispatch_notice", "users"),
    ("shop.notifications.service:send_forum_reply_notice", "users"),
    # forums
    ("shop.forums.service:reply", "forum_threads"),
    ("shop.forums.service:list_threads", "forum_threads"),
    ("shop.forums.service:list_threads", "users"),
    ("shop.forums.service:list_threads", "forum_posts"),
    ("shop.forums.service:thread_posts", "forum_posts"),
    ("shop.forums.service:delete_post", "forum_posts"),
    # search
    ("shop.search.service:reindex_product", "products"),
    ("shop.search.service:search_products", "search_index"),
    ("shop.search.service:search_products", "products"),
    ("shop.search.service:rebuild_index", "products"),  # INSERT ... SELECT source
    ("shop.search.service:rebuild_index", "categories"),  # INSERT ... SELECT source
}

WRITES: set[tuple[str, str]] = {
    # users
    ("shop.users.service:register_user", "users"),
    ("shop.users.service:add_address", "addresses"),
    ("shop.users.service:anonymise_user", "addresses"),
    ("shop.users.service:anonymise_user", "forum_posts"),  # raw UPDATE into the forums' table
    ("shop.users.service:anonymise_user", "users"),
    # catalogue
    ("shop.catalogue.service:create_product", "products"),
    ("shop.catalogue.service:update_price", "products"),
    ("shop.catalogue.service:add_image", "product_images"),
    # inventory
    ("shop.inventory.service:init_stock", "stock"),
    ("shop.inventory.service:reserve_stock", "stock"),
    ("shop.inventory.service:reserve_stock", "stock_reservations"),
    ("shop.inventory.service:release_reservations", "stock"),
    ("shop.inventory.service:release_reservations", "stock_reservations"),
    ("shop.inventory.service:restock", "stock"),
    # orders
    ("shop.orders.service:get_or_create_cart", "carts"),
    ("shop.orders.service:add_to_cart", "cart_items"),
    ("shop.orders.service:place_order", "orders"),
    ("shop.orders.service:place_order", "order_lines"),
    ("shop.orders.service:place_order", "cart_items"),
    ("shop.orders.service:cancel_order", "orders"),
    ("shop.orders.service:mark_paid", "orders"),
    # billing
    ("shop.billing.service:create_invoice", "invoices"),
    ("shop.billing.service:create_invoice", "invoice_lines"),
    ("shop.billing.service:void_invoice", "invoices"),
    ("shop.billing.service:mark_invoice_paid", "invoices"),
    # payments
    ("shop.payments.service:capture_payment", "payments"),
    ("shop.payments.service:refund_payment", "refunds"),
    ("shop.payments.service:refund_payment", "payments"),
    # shipping
    ("shop.shipping.service:create_shipment", "shipments"),
    ("shop.shipping.service:create_shipment", "shipment_items"),  # INSERT ... SELECT target
    ("shop.shipping.service:dispatch_shipment", "shipments"),
    ("shop.shipping.service:cancel_shipment", "shipment_items"),
    ("shop.shipping.service:cancel_shipment", "shipments"),  # session.delete(shipment)
    # notifications
    ("shop.notifications.service:_send", "email_log"),
    ("shop.notifications.service:purge_email_log", "email_log"),
    # forums
    ("shop.forums.service:start_thread", "forum_threads"),
    ("shop.forums.service:start_thread", "forum_posts"),
    ("shop.forums.service:reply", "forum_posts"),
    ("shop.forums.service:delete_post", "forum_posts"),  # session.delete(post)
    # search
    ("shop.search.service:reindex_product", "search_index"),  # session.merge
    ("shop.search.service:rebuild_index", "search_index"),  # DELETE, then INSERT ... SELECT target
    # cli
    ("shop.cli:create_category", "categories"),
}

JOINS: set[tuple[tuple[str, str], str]] = {
    (("order_lines", "products"), "shop.catalogue.service:bestsellers"),
    (("products", "stock"), "shop.inventory.service:low_stock_report"),  # the f-string query
    (("orders", "stock_reservations"), "shop.inventory.service:expire_reservations"),
    (("cart_items", "products"), "shop.orders.service:place_order"),
    (("invoices", "orders"), "shop.billing.service:outstanding_invoices"),
    (("orders", "users"), "shop.billing.service:outstanding_invoices"),
    (("payments", "refunds"), "shop.payments.service:daily_takings"),
    (("orders", "users"), "shop.notifications.service:send_order_confirmation"),
    (("forum_threads", "users"), "shop.forums.service:list_threads"),
    (("forum_posts", "forum_threads"), "shop.forums.service:list_threads"),
    (("products", "search_index"), "shop.search.service:search_products"),
    (("categories", "products"), "shop.search.service:rebuild_index"),
}

ORM_JOINS: set[tuple[tuple[str, str], str]] = {
    (("categories", "products"), "shop.catalogue.service:list_products"),
}

# Raw SQL strings worth their own tests: the f-string and the two INSERT ... SELECT statements.
FSTRING_SQL: set[str] = {"shop.inventory.service:low_stock_report"}
INSERT_SELECT: set[str] = {
    "shop.shipping.service:create_shipment",
    "shop.search.service:rebuild_index",
}

TRANSACTIONS: dict[str, str] = {
    "shop.users.service:register_user": "session.begin",
    "shop.users.service:add_address": "commit",
    "shop.users.service:anonymise_user": "session.begin",
    "shop.catalogue.service:create_product": "session.begin",
    "shop.catalogue.service:update_price": "commit",
    "shop.catalogue.service:add_image": "commit",
    "shop.inventory.service:restock": "session.begin",
    "shop.inventory.service:expire_reservations": "session.begin",
    "shop.orders.service:get_or_create_cart": "commit",
    "shop.orders.service:add_to_cart": "commit",
    "shop.orders.service:place_order": "session.begin",
    "shop.orders.service:cancel_order": "session.begin",
    "shop.payments.service:capture_payment": "session.begin",
    "shop.payments.service:refund_payment": "commit",
    "shop.shipping.service:create_shipment": "session.begin",
    "shop.shipping.service:dispatch_shipment": "session.begin",
    "shop.shipping.service:cancel_shipment": "commit",
    "shop.notifications.service:purge_email_log": "commit",
    "shop.forums.service:start_thread": "session.begin",
    "shop.forums.service:reply": "session.begin",
    "shop.forums.service:delete_post": "commit",
    "shop.search.service:rebuild_index": "engine.begin",
    "shop.tasks:send_payment_reminders": "commit",
    "shop.cli:create_category": "commit",
}

# --- entry points ------------------------------------------------------------------------------

ENTRYPOINTS: set[tuple[str, str, str]] = {
    # users (url_prefix "/users")
    ("shop.users.views:register", "http", "POST /users"),
    ("shop.users.views:show_user", "http", "GET /users/<int:user_id>"),
    ("shop.users.views:erase_user", "http", "DELETE /users/<int:user_id>"),
    ("shop.users.views:addresses", "http", "GET /users/<int:user_id>/addresses"),
    ("shop.users.views:new_address", "http", "POST /users/<int:user_id>/addresses"),
    # catalogue (url_prefix "/products")
    ("shop.catalogue.views:list_products", "http", "GET /products"),
    ("shop.catalogue.views:show_product", "http", "GET /products/<int:product_id>"),
    ("shop.catalogue.views:create_product", "http", "POST /products"),
    ("shop.catalogue.views:change_price", "http", "PUT /products/<int:product_id>/price"),
    ("shop.catalogue.views:upload_image", "http", "POST /products/<int:product_id>/images"),
    # @bp.route without methods: GET
    ("shop.catalogue.views:bestsellers", "http", "GET /products/bestsellers"),
    # orders (url_prefix "/orders")
    ("shop.orders.views:add_cart_item", "http", "POST /orders/cart/items"),
    ("shop.orders.views:create_order", "http", "POST /orders"),
    ("shop.orders.views:list_orders", "http", "GET /orders"),
    ("shop.orders.views:show_order", "http", "GET /orders/<int:order_id>"),
    ("shop.orders.views:cancel", "http", "POST /orders/<int:order_id>/cancel"),
    ("shop.orders.views:lifetime_value", "http", "GET /orders/lifetime-value/<int:user_id>"),
    # billing (url_prefix "/invoices")
    ("shop.billing.views:show_invoice", "http", "GET /invoices/<int:invoice_id>"),
    ("shop.billing.views:outstanding", "http", "GET /invoices/outstanding"),
    # payments (url_prefix "/payments")
    ("shop.payments.views:capture", "http", "POST /payments"),
    ("shop.payments.views:refund", "http", "POST /payments/<int:payment_id>/refunds"),
    ("shop.payments.views:for_order", "http", "GET /payments/by-order/<int:order_id>"),
    # shipping (url_prefix "/shipments")
    ("shop.shipping.views:create", "http", "POST /shipments"),
    ("shop.shipping.views:dispatch", "http", "POST /shipments/<int:shipment_id>/dispatch"),
    ("shop.shipping.views:track", "http", "GET /shipments/track/<tracking_number>"),
    ("shop.shipping.views:cancel", "http", "DELETE /shipments/<int:shipment_id>"),
    # forums (url_prefix "/forums")
    ("shop.forums.views:threads", "http", "GET /forums/threads"),
    ("shop.forums.views:new_thread", "http", "POST /forums/threads"),
    ("shop.forums.views:show_thread", "http", "GET /forums/threads/<int:thread_id>"),
    ("shop.forums.views:new_post", "http", "POST /forums/threads/<int:thread_id>/posts"),
    ("shop.forums.views:remove_post", "http", "DELETE /forums/posts/<int:post_id>"),
    # search (url_prefix "/search")
    ("shop.search.views:search", "http", "GET /search"),
    # Celery tasks
    ("shop.tasks:rebuild_search_index", "task", "search.rebuild_index"),
    ("shop.tasks:expire_stale_reservations", "task", "inventory.expire_reservations"),
    ("shop.tasks:send_payment_reminders", "task", "billing.send_payment_reminders"),
    ("shop.tasks:purge_email_log", "task", "notifications.purge_email_log"),
    # click commands
    ("shop.cli:create_category", "command", "create-category"),
    ("shop.cli:restock_product", "command", "restock"),
    ("shop.cli:low_stock", "command", "low-stock"),
    ("shop.cli:reindex_search", "command", "reindex-search"),
}

# --- calls -------------------------------------------------------------------------------------

CALLS: set[tuple[str, str]] = {
    # views -> their service
    ("shop.users.views:register", "shop.users.service:register_user"),
    ("shop.users.views:show_user", "shop.users.service:get_user"),
    ("shop.users.views:erase_user", "shop.users.service:anonymise_user"),
    ("shop.users.views:addresses", "shop.users.service:list_addresses"),
    ("shop.users.views:new_address", "shop.users.service:add_address"),
    ("shop.catalogue.views:list_products", "shop.catalogue.service:list_products"),
    ("shop.catalogue.views:show_product", "shop.catalogue.service:get_product"),
    ("shop.catalogue.views:create_product", "shop.catalogue.service:create_product"),
    ("shop.catalogue.views:change_price", "shop.catalogue.service:update_price"),
    ("shop.catalogue.views:upload_image", "shop.catalogue.service:add_image"),
    ("shop.catalogue.views:bestsellers", "shop.catalogue.service:bestsellers"),
    ("shop.orders.views:add_cart_item", "shop.orders.service:add_to_cart"),
    ("shop.orders.views:create_order", "shop.orders.service:place_order"),
    ("shop.orders.views:list_orders", "shop.orders.service:list_orders"),
    ("shop.orders.views:show_order", "shop.orders.service:get_order"),
    ("shop.orders.views:cancel", "shop.orders.service:cancel_order"),
    ("shop.orders.views:lifetime_value", "shop.orders.service:lifetime_value"),
    ("shop.billing.views:outstanding", "shop.billing.service:outstanding_invoices"),
    ("shop.payments.views:capture", "shop.payments.service:capture_payment"),
    ("shop.payments.views:refund", "shop.payments.service:refund_payment"),
    ("shop.payments.views:for_order", "shop.payments.service:payments_for_order"),
    ("shop.shipping.views:create", "shop.shipping.service:create_shipment"),
    ("shop.shipping.views:dispatch", "shop.shipping.service:dispatch_shipment"),
    ("shop.shipping.views:track", "shop.shipping.service:track"),
    ("shop.shipping.views:cancel", "shop.shipping.service:cancel_shipment"),
    ("shop.forums.views:threads", "shop.forums.service:list_threads"),
    ("shop.forums.views:new_thread", "shop.forums.service:start_thread"),
    ("shop.forums.views:show_thread", "shop.forums.service:thread_posts"),
    ("shop.forums.views:new_post", "shop.forums.service:reply"),
    ("shop.forums.views:remove_post", "shop.forums.service:delete_post"),
    ("shop.search.views:search", "shop.search.service:search_products"),
    # service -> another domain's service: the chains a reviewer turns into events
    ("shop.users.service:register_user", "shop.notifications.service:send_welcome"),
    ("shop.catalogue.service:create_product", "shop.inventory.service:init_stock"),
    ("shop.catalogue.service:create_product", "shop.search.service:reindex_product"),
    ("shop.catalogue.service:update_price", "shop.search.service:reindex_product"),
    ("shop.orders.service:place_order", "shop.billing.service:create_invoice"),
    ("shop.orders.service:place_order", "shop.inventory.service:reserve_stock"),
    ("shop.orders.service:place_order", "shop.notifications.service:send_order_confirmation"),
    ("shop.orders.service:place_order", "shop.search.service:reindex_product"),
    ("shop.orders.service:cancel_order", "shop.inventory.service:release_reservations"),
    ("shop.orders.service:cancel_order", "shop.billing.service:void_invoice"),
    ("shop.payments.service:capture_payment", "shop.billing.service:invoice_for_order"),
    ("shop.payments.service:capture_payment", "shop.billing.service:mark_invoice_paid"),
    ("shop.payments.service:capture_payment", "shop.orders.service:mark_paid"),
    ("shop.payments.service:capture_payment", "shop.notifications.service:send_payment_receipt"),
    ("shop.shipping.service:dispatch_shipment", "shop.notifications.service:send_dispatch_notice"),
    ("shop.forums.service:start_thread", "shop.users.service:get_user"),
    ("shop.forums.service:reply", "shop.users.service:get_user"),
    ("shop.forums.service:reply", "shop.notifications.service:send_forum_reply_notice"),
    # tasks and commands -> services
    ("shop.tasks:rebuild_search_index", "shop.search.service:rebuild_index"),
    ("shop.tasks:expire_stale_reservations", "shop.inventory.service:expire_reservations"),
    ("shop.tasks:send_payment_reminders", "shop.billing.service:outstanding_invoices"),
    ("shop.tasks:send_payment_reminders", "shop.notifications.service:send_payment_reminder"),
    ("shop.tasks:purge_email_log", "shop.notifications.service:purge_email_log"),
    ("shop.cli:restock_product", "shop.inventory.service:restock"),
    ("shop.cli:low_stock", "shop.inventory.service:low_stock_report"),
    ("shop.cli:reindex_search", "shop.search.service:rebuild_index"),
}

INTRA_CALLS: set[tuple[str, str]] = {
    ("shop.orders.service:add_to_cart", "shop.orders.service:get_or_create_cart"),
    ("shop.inventory.service:expire_reservations", "shop.inventory.service:release_reservations"),
    ("shop.billing.service:create_invoice", "shop.billing.service:_next_number"),
    ("shop.notifications.service:send_welcome", "shop.notifications.service:_send"),
    ("shop.notifications.service:send_order_confirmation", "shop.notifications.service:_send"),
    ("shop.notifications.service:send_payment_receipt", "shop.notifications.service:_send"),
    ("shop.notifications.service:send_dispatch_notice", "shop.notifications.service:_send"),
    ("shop.notifications.service:send_payment_reminder", "shop.notifications.service:_send"),
    ("shop.notifications.service:send_forum_reply_notice", "shop.notifications.service:_send"),
    ("shop.cli:create_category", "shop.cli:_slugify"),
}

# --- migrations/ -------------------------------------------------------------------------------

MIGRATION_REVISIONS: dict[str, str | None] = {  # revision -> down_revision
    "0001_initial": None,
    "0002_orders": "0001_initial",
    "0003_shipping_address": "0002_orders",
}
MIGRATION_TABLES: set[str] = {  # created with op.create_table
    "users",
    "addresses",
    "categories",
    "products",
    "carts",
    "cart_items",
    "orders",
    "order_lines",
}
MIGRATION_ADDED_COLUMNS: set[tuple[str, str]] = {  # op.add_column in 0003
    ("users", "display_name"),
    ("orders", "shipping_address_id"),
}
MIGRATION_FOREIGN_KEYS: set[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = {
    ("addresses", ("user_id",), "users", ("id",)),
    ("categories", ("parent_id",), "categories", ("id",)),
    ("products", ("category_id",), "categories", ("id",)),  # sa.ForeignKeyConstraint
    ("carts", ("user_id",), "users", ("id",)),
    ("cart_items", ("cart_id",), "carts", ("id",)),
    ("cart_items", ("product_id",), "products", ("id",)),
    ("orders", ("user_id",), "users", ("id",)),
    ("order_lines", ("order_id",), "orders", ("id",)),
    ("order_lines", ("product_id",), "products", ("id",)),
    ("orders", ("shipping_address_id",), "addresses", ("id",)),  # op.create_foreign_key in 0003
}

# --- the events a reviewer would extract ---------------------------------------------------------
#
# Each is a function that, inside one transaction (so: outbox), synchronously calls other domains.
#
# OrderPlaced        shop.orders.service:place_order           (session.begin; outbox)
#                    -> billing.create_invoice, inventory.reserve_stock,
#                       notifications.send_order_confirmation, search.reindex_product
#                    four independent consumers: fan-out (SNS / EventBridge).
# OrderCancelled     shop.orders.service:cancel_order          (session.begin; outbox)
#                    -> inventory.release_reservations, billing.void_invoice
# PaymentCaptured    shop.payments.service:capture_payment     (session.begin; outbox)
#                    -> billing.mark_invoice_paid, orders.mark_paid,
#                       notifications.send_payment_receipt
#                    (billing.invoice_for_order is a query the payment needs first: it stays a
#                    synchronous read, or the payment service keeps a copy of open invoices.)
# ShipmentDispatched shop.shipping.service:dispatch_shipment   (session.begin; outbox)
#                    -> notifications.send_dispatch_notice; one consumer: a queue (SQS).
# UserRegistered     shop.users.service:register_user          (session.begin; outbox)
#                    -> notifications.send_welcome; one consumer: SQS.
# ProductCreated     shop.catalogue.service:create_product     (session.begin; outbox)
#                    -> inventory.init_stock, search.reindex_product
# ProductPriceChanged shop.catalogue.service:update_price      (before session.commit(); outbox)
#                    -> search.reindex_product
# ForumReplyPosted   shop.forums.service:reply                 (session.begin; outbox)
#                    -> notifications.send_forum_reply_notice
#                    (users.get_user in start_thread and reply is a lookup, not an event.)
#
# Not events: views, tasks and commands calling their own services; shop.tasks is already
# asynchronous (Celery), though send_payment_reminders still calls billing and notifications
# in turn.
