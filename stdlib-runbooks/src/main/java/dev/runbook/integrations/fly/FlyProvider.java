package dev.runbook.integrations.fly;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** Makes {@code fly} available in steps. */
public final class FlyProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "fly";
    }

    @Override
    public Object create(IntegrationContext context) {
        return new Fly(context);
    }
}
