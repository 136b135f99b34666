package dev.runbook.integrations.pg

import dev.runbook.integrations.testing.PgServer

/** A small shop database on the test server, made fresh for each feature that changes data. */
final class PgFixtures {
    private static int counter

    static synchronized String freshShop(PgServer server, String prefix = 'shop') {
        String name = "${prefix}_${++counter}_${System.nanoTime() % 100000}"
        server.psql('postgres', "CREATE DATABASE ${name}")
        server.psql(name, '''
            CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id serial PRIMARY KEY, customer_id int, total numeric(10,2), placed_at timestamptz DEFAULT now());
            INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 20) g;
            INSERT INTO orders (customer_id, total) SELECT 1 + g % 20, g * 1.5 FROM generate_series(1, 120) g;
        ''')
        name
    }
}
