package dev.runbook.http;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** Registers {@code http} for steps, health checks and gates. */
public final class HttpProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "http";
    }

    @Override
    public Object create(IntegrationContext context) {
        return new HttpIntegration(context);
    }
}
