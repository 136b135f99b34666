package dev.runbook.integrations.pg;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** Makes {@code pg} available in steps. Creating it loads no JDBC driver: that happens on the first connection. */
public final class PgProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "pg";
    }

    @Override
    public Object create(IntegrationContext context) {
        return new Pg(context);
    }
}
