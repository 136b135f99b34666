package dev.runbook.notify;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** Registers {@code notify} for steps and handlers. */
public final class NotifyProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "notify";
    }

    @Override
    public Object create(IntegrationContext context) {
        return new Notifier(context);
    }
}
