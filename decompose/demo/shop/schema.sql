-- The shop's PostgreSQL schema. It matches the SQLAlchemy models under shop/ table for table.

CREATE SEQUENCE invoice_number_seq START 1000;

-- users ---------------------------------------------------------------------

CREATE TABLE users (
    id            SERIAL PRIMARY KEY,
    email         VARCHAR(255) NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    display_name  VARCHAR(80)  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE addresses (
    id       SERIAL PRIMARY KEY,
    user_id  INTEGER      NOT NULL REFERENCES users (id),
    line1    VARCHAR(200) NOT NULL,
    city     VARCHAR(100) NOT NULL,
    postcode VARCHAR(20)  NOT NULL,
    country  CHAR(2)      NOT NULL
);

-- catalogue -----------------------------------------------------------------

CREATE TABLE categories (
    id        SERIAL PRIMARY KEY,
    parent_id INTEGER REFERENCES categories (id),
    name      VARCHAR(100) NOT NULL,
    slug      VARCHAR(100) NOT NULL UNIQUE
);

CREATE TABLE products (
    id          SERIAL PRIMARY KEY,
    category_id INTEGER      NOT NULL,
    sku         VARCHAR(40)  NOT NULL UNIQUE,
    name        VARCHAR(200) NOT NULL,
    description TEXT,
    price_cents INTEGER      NOT NULL,
    active      BOOLEAN      NOT NULL DEFAULT TRUE,
    CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES categories (id)
);

CREATE TABLE product_images (
    id         SERIAL PRIMARY KEY,
    product_id INTEGER      NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    url        VARCHAR(500) NOT NULL,
    position   INTEGER      NOT NULL DEFAULT 0
);

-- inventory -----------------------------------------------------------------

CREATE TABLE stock (
    product_id INTEGER PRIMARY KEY REFERENCES products (id),
    quantity   INTEGER     NOT NULL DEFAULT 0,
    reserved   INTEGER     NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (reserved <= quantity)
);

-- orders --------------------------------------------------------------------

CREATE TABLE carts (
    id         SERIAL PRIMARY KEY,
    user_id    INTEGER     NOT NULL UNIQUE REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE cart_items (
    id         SERIAL PRIMARY KEY,
    cart_id    INTEGER NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity   INTEGER NOT NULL
);

CREATE TABLE orders (
    id                  SERIAL PRIMARY KEY,
    user_id             INTEGER     NOT NULL REFERENCES users (id),
    shipping_address_id INTEGER     NOT NULL,
    status              VARCHAR(20) NOT NULL DEFAULT 'pending',
    total_cents         INTEGER     NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE orders
    ADD CONSTRAINT fk_orders_shipping_address
    FOREIGN KEY (shipping_address_id) REFERENCES addresses (id);

CREATE TABLE order_lines (
    id               SERIAL PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    product_id       INTEGER NOT NULL REFERENCES products (id),
    quantity         INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL
);

CREATE TABLE stock_reservations (
    id         SERIAL PRIMARY KEY,
    order_id   INTEGER     NOT NULL REFERENCES orders (id),
    product_id INTEGER     NOT NULL REFERENCES products (id),
    quantity   INTEGER     NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- billing -------------------------------------------------------------------

CREATE TABLE invoices (
    id          SERIAL PRIMARY KEY,
    order_id    INTEGER     NOT NULL REFERENCES orders (id),
    number      VARCHAR(20) NOT NULL UNIQUE,
    total_cents INTEGER     NOT NULL,
    status      VARCHAR(20) NOT NULL DEFAULT 'open',
    issued_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE invoice_lines (
    id           SERIAL PRIMARY KEY,
    invoice_id   INTEGER      NOT NULL REFERENCES invoices (id),
    description  VARCHAR(200) NOT NULL,
    quantity     INTEGER      NOT NULL,
    amount_cents INTEGER      NOT NULL
);

-- payments ------------------------------------------------------------------

CREATE TABLE payments (
    id           SERIAL PRIMARY KEY,
    order_id     INTEGER      NOT NULL REFERENCES orders (id),
    invoice_id   INTEGER      NOT NULL REFERENCES invoices (id),
    provider_ref VARCHAR(100) NOT NULL UNIQUE,
    amount_cents INTEGER      NOT NULL,
    status       VARCHAR(20)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE refunds (
    id           SERIAL PRIMARY KEY,
    payment_id   INTEGER      NOT NULL REFERENCES payments (id),
    amount_cents INTEGER      NOT NULL,
    reason       VARCHAR(200) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- shipping ------------------------------------------------------------------

CREATE TABLE shipments (
    id              SERIAL PRIMARY KEY,
    order_id        INTEGER     NOT NULL REFERENCES orders (id),
    address_id      INTEGER     NOT NULL REFERENCES addresses (id),
    carrier         VARCHAR(40) NOT NULL,
    tracking_number VARCHAR(60) UNIQUE,
    status          VARCHAR(20) NOT NULL DEFAULT 'packing',
    dispatched_at   TIMESTAMPTZ
);

CREATE TABLE shipment_items (
    id            SERIAL PRIMARY KEY,
    shipment_id   INTEGER NOT NULL REFERENCES shipments (id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines (id),
    quantity      INTEGER NOT NULL
);

-- notifications -------------------------------------------------------------

CREATE TABLE email_log (
    id        SERIAL PRIMARY KEY,
    user_id   INTEGER REFERENCES users (id),
    recipient VARCHAR(255) NOT NULL,
    subject   VARCHAR(200) NOT NULL,
    template  VARCHAR(60)  NOT NULL,
    sent_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- forums --------------------------------------------------------------------

CREATE TABLE forum_threads (
    id         SERIAL PRIMARY KEY,
    author_id  INTEGER      NOT NULL REFERENCES users (id),
    title      VARCHAR(200) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE forum_posts (
    id         SERIAL PRIMARY KEY,
    thread_id  INTEGER     NOT NULL REFERENCES forum_threads (id),
    author_id  INTEGER     REFERENCES users (id),
    body       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- search --------------------------------------------------------------------

CREATE TABLE search_index (
    product_id INTEGER PRIMARY KEY REFERENCES products (id),
    document   TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX ix_order_lines_order_id ON order_lines (order_id);
CREATE INDEX ix_forum_posts_thread_id ON forum_posts (thread_id);

-- views ---------------------------------------------------------------------

CREATE VIEW order_totals AS
SELECT o.id AS order_id, o.user_id, o.status, SUM(ol.quantity * ol.unit_price_cents) AS total_cents
FROM orders o
JOIN order_lines ol ON ol.order_id = o.id
GROUP BY o.id, o.user_id, o.status;

CREATE VIEW product_availability AS
SELECT p.id AS product_id, p.sku, p.name, s.quantity - s.reserved AS available
FROM products p
JOIN stock s ON s.product_id = p.id
WHERE p.active;
