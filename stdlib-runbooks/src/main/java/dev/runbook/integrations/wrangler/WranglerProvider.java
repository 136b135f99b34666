package dev.runbook.integrations.wrangler;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** Makes {@code wrangler} available in steps. */
public final class WranglerProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "wrangler";
    }

    @Override
    public Object create(IntegrationContext context) {
        return new Wrangler(context);
    }
}
